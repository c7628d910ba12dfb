"""What the parent's download (/mijn/gegevens/) holds about their cases, and where their
phone number is kept on them. Registered in `CasussenConfig.ready()`.

Each case as the parent sees it in /mijn/<pk>/: the timeline without internal notes
(the same lines, through `views_parent.timeline_entry`), staff as "Oudersteunpunt",
consents, files and the evaluation. Nothing of the coordinator's own work on it
(priority, owner, signal tags, notes) and no links or tokens."""

import mimetypes
from pathlib import PurePosixPath

from django.core.exceptions import SuspiciousFileOperation
from django.db import router, transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from steunpunt import personal_data as registry
from steunpunt.compiled import CompiledQuery
from steunpunt.personal_data import ExportFile, PhoneHolder, SectionData

from . import selectors, workflow
from .models import Case, CaseAttachment, CaseEvent, Evaluation
from .views_parent import status_label, timeline_entry

LABELS = {
    "reference": gettext_lazy("Kenmerk"),
    "kind": gettext_lazy("Soort"),
    "theme": gettext_lazy("Onderwerp"),
    "status": gettext_lazy("Status"),
    "received_at": gettext_lazy("Ontvangen op"),
    "channel": gettext_lazy("Binnengekomen via"),
    "description": gettext_lazy("Wat je ons vertelde"),
    "child_age": gettext_lazy("Leeftijd van je kind"),
    "school": gettext_lazy("School"),
    "complaint_about": gettext_lazy("Klacht over"),
    "contact_preference": gettext_lazy("Contact bij voorkeur"),
    "contact_times": gettext_lazy("Wanneer je bereikbaar bent"),
    "phone": gettext_lazy("Telefoonnummer"),
    "respond_by": gettext_lazy("Eerste reactie uiterlijk"),
    "resolve_by": gettext_lazy("Afgerond uiterlijk"),
    "resolved_at": gettext_lazy("Afgerond op"),
    "closed_at": gettext_lazy("Gesloten op"),
    "resolution": gettext_lazy("Afloop"),
    "timeline": gettext_lazy("Tijdlijn"),
    "at": gettext_lazy("Wanneer"),
    "what": gettext_lazy("Wat"),
    "who": gettext_lazy("Wie"),
    "text": gettext_lazy("Tekst"),
    "consents": gettext_lazy("Toestemmingen"),
    "organisation": gettext_lazy("Organisatie"),
    "purpose": gettext_lazy("Waarvoor"),
    "how": gettext_lazy("Hoe gegeven"),
    "given_at": gettext_lazy("Gegeven op"),
    "withdrawn_at": gettext_lazy("Ingetrokken op"),
    "attachments": gettext_lazy("Bestanden die je stuurde"),
    "name": gettext_lazy("Bestandsnaam"),
    "type": gettext_lazy("Soort bestand"),
    "size_bytes": gettext_lazy("Grootte (bytes)"),
    "added_at": gettext_lazy("Toegevoegd op"),
    "evaluation": gettext_lazy("Hoe het ging (je evaluatie)"),
    "satisfaction": gettext_lazy("Tevredenheid (1 tot 5)"),
    "topics": gettext_lazy("Samenwerking"),
    "topic": gettext_lazy("Onderwerp"),
    "answer": gettext_lazy("Je antwoord"),
    "comment": gettext_lazy("Opmerking"),
    "submitted_at": gettext_lazy("Ingevuld op"),
}

K = CaseEvent.Kind

# The served name of a file gets the extension of the type read from its content.
EXTENSIONS = {"image/jpeg": ".jpg"}


def _timeline(case: Case) -> list[dict]:
    rows = []
    for event in case.events.filter(is_internal=False):
        entry = timeline_entry(event, case)
        label = entry.label
        if event.kind == K.ASSIGNED:
            # A file that leaves the site names no staff member.
            label = _("Er is een coördinator voor je vraag")
        rows.append({"at": entry.at, "what": label, "who": str(entry.who), "text": entry.text})
    return rows


def attachment_path(item: CaseAttachment) -> str:
    try:
        stem = get_valid_filename(PurePosixPath(item.original_name).stem)[:80]
    except SuspiciousFileOperation:
        # Nothing usable left of the name ("😀.pdf", "...pdf"): the download must not fail.
        stem = ""
    stem = stem or "bestand"
    extension = EXTENSIONS.get(item.content_type) or (
        mimetypes.guess_extension(item.content_type or "") or ".bin"
    )
    return f"bestanden/{item.case.reference}/{item.pk}-{stem}{extension}"


def _evaluation(case: Case) -> dict | None:
    evaluation = Evaluation.objects.filter(case=case, submitted_at__isnull=False).first()
    if evaluation is None:
        return None
    topics = dict(Evaluation.TOPICS)
    answers = dict(Evaluation.Answer.choices)
    return {
        "satisfaction": evaluation.satisfaction,
        "topics": [
            {"topic": str(topics[key]), "answer": str(answers.get(value, value))}
            for key, value in evaluation.topics.items()
            if key in topics
        ],
        "comment": evaluation.comment,
        "submitted_at": evaluation.submitted_at,
    }


def export_cases(user) -> SectionData:
    # The same cases as /mijn/ lists: what the portal hides, the download leaves out.
    cases = (
        selectors.cases_for_parent(user)
        .select_related("school", "complaint_about")
        .order_by("created_at", "pk")
    )
    data, files = [], []
    for case in cases:
        attachments = []
        for item in case.attachments.all():
            path = attachment_path(item)
            attachments.append(
                {
                    "name": item.original_name,
                    "type": item.content_type,
                    "size_bytes": item.size,
                    "added_at": item.created_at,
                    "file_in_zip": path,
                }
            )
            files.append(ExportFile(path=path, open=lambda item=item: item.file.open("rb")))
        data.append(
            {
                "reference": case.reference,
                "kind": case.get_kind_display(),
                "theme": case.theme.name,
                "status": status_label(case),
                "received_at": case.created_at,
                "channel": case.get_channel_display(),
                "description": case.description,
                "child_age": case.get_age_band_display() if case.age_band else "",
                "school": case.school.name if case.school else case.school_other,
                "complaint_about": case.complaint_about.name if case.complaint_about else "",
                "contact_preference": case.get_contact_preference_display(),
                "contact_times": case.contact_times,
                "phone": case.phone,
                "respond_by": case.respond_by,
                "resolve_by": case.resolve_by,
                "resolved_at": case.resolved_at,
                "closed_at": case.closed_at,
                "resolution": case.get_resolution_display() if case.resolution else "",
                "timeline": _timeline(case),
                "consents": [
                    {
                        "organisation": consent.organisation.name,
                        "purpose": consent.purpose,
                        "how": consent.get_method_display(),
                        "given_at": consent.given_at,
                        "withdrawn_at": consent.withdrawn_at,
                    }
                    for consent in case.consents.select_related("organisation").order_by(
                        "given_at", "pk"
                    )
                ],
                "attachments": attachments,
                "evaluation": _evaluation(case),
            }
        )
    return SectionData(data, files)


# --- The phone number on open cases --------------------------------------------------------


def _open_cases(user):
    return (
        selectors.cases_for_parent(user)
        .filter(status__in=workflow.OPEN)
        .select_related(None)
        .order_by("created_at", "pk")
    )


# What the correction page shows of each open case, compiled once per process (the page
# asks it on every visit).
_OPEN_CASE_PHONES = CompiledQuery(
    lambda parent_id: (
        selectors.confirmed_cases_of(parent_id)
        .filter(status__in=workflow.OPEN)
        .order_by("created_at", "pk")
        .values_list("kind", "reference", "phone")
    ),
    -987654381,
)


def phone_holders(user) -> list[PhoneHolder]:
    kinds = dict(Case.Kind.choices)
    return [
        PhoneHolder(
            label=_("%(kind)s %(reference)s") % {"kind": kinds[kind], "reference": reference},
            phone=phone,
        )
        for kind, reference, phone in _OPEN_CASE_PHONES.rows(
            user.pk, using=router.db_for_read(Case)
        )
    ]


def phone_update(user, phone: str) -> int:
    """The new number on every open case. Without a number, we email instead of call."""
    with transaction.atomic():
        changed = 0
        for case in _open_cases(user).select_for_update():
            if case.phone == phone:
                continue
            case.phone = phone
            fields = ["phone", "updated_at"]
            if not phone and case.contact_preference == Case.ContactPreference.PHONE:
                case.contact_preference = Case.ContactPreference.EMAIL
                fields.append("contact_preference")
            case.save(update_fields=fields)
            changed += 1
    return changed


def register() -> None:
    """Tell steunpunt what this app holds about a person, for the data download and the
    contact-details correction."""
    registry.register(
        key="cases",
        title=gettext_lazy("Je vragen en klachten"),
        collect=export_cases,
        labels=LABELS,
        position=20,
        description=gettext_lazy(
            "Wat je ons vertelde, de tijdlijn zoals jij die ziet, je toestemmingen, "
            "de bestanden die je stuurde en hoe je vond dat het ging."
        ),
    )
    registry.register_phone(key="cases", holders=phone_holders, update=phone_update)
