"""The praatplaat and the parent's privacy: its retention terms and its section of the
parent's data download. Registered in `CasussenConfig.ready()`.

The professional's scores and comment are personal data about the parent's case. The
download therefore holds both sides of every praatplaat of the parent's cases: their
own answers and what the professional filled in (with the organisation and the date),
never who at that organisation filled it in, their address or the signed link. The
partner's page says that the parent can ask for it.

Retention (`settings.RETENTION["praatplaat"]`): the comments of both sides are wiped a
year after the case is closed (a case on legal hold is skipped); the answers stay, with
the case, and are anonymous once the case is (`case_anonymise` wipes the comments too,
for erasure). The emails about a praatplaat lose their text and recipients like every
other case email (`email_bodies`)."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from steunpunt import personal_data as registry
from steunpunt import retention
from steunpunt.personal_data import SectionData

from . import selectors
from .models import Case, Praatplaat, PraatplaatEmail

# --- Retention -----------------------------------------------------------------------------


def _past_term(moment: datetime) -> QuerySet:
    return Praatplaat.objects.filter(
        case__status=Case.Status.CLOSED, case__closed_at__lt=moment
    ).filter(Q(parent_comment__gt="") | Q(professional_comment__gt=""))


def comments_due(moment: datetime) -> QuerySet:
    return _past_term(moment).filter(case__legal_hold_since__isnull=True)


def comments_held(moment: datetime) -> list[str]:
    held = _past_term(moment).filter(case__legal_hold_since__isnull=False)
    return sorted(set(held.values_list("case__reference", flat=True)))


def comments_apply(pks: list) -> int:
    return Praatplaat.objects.filter(pk__in=pks).update(parent_comment="", professional_comment="")


def email_bodies_due(moment: datetime) -> QuerySet:
    return PraatplaatEmail.objects.filter(
        Q(sent_at__lt=moment) | Q(cancelled_at__lt=moment)
    ).filter(Q(body__gt="") | Q(html__gt="") | ~Q(recipients=[]) | ~Q(headers={}))


def email_bodies_apply(pks: list) -> int:
    return PraatplaatEmail.objects.filter(pk__in=pks).update(
        body="", html="", recipients=[], headers={}
    )


# --- The parent's download -----------------------------------------------------------------

LABELS = {
    "reference": gettext_lazy("Kenmerk"),
    "kind": gettext_lazy("Soort"),
    "organisation": gettext_lazy("Organisatie"),
    "created_at": gettext_lazy("Gemaakt op"),
    "parent": gettext_lazy("Jouw antwoorden"),
    "professional": gettext_lazy("Antwoorden van de professional"),
    "topic": gettext_lazy("Onderwerp"),
    "answer": gettext_lazy("Antwoord"),
    "answers": gettext_lazy("Antwoorden"),
    "comment": gettext_lazy("Opmerking"),
    "submitted_at": gettext_lazy("Ingevuld op"),
}


def _side(topics: dict, comment: str, submitted_at) -> dict | None:
    if submitted_at is None:
        return None
    names = dict(Praatplaat.TOPICS)
    answers = dict(Praatplaat.Answer.choices)
    return {
        "answers": [
            {"topic": str(names[key]), "answer": str(answers.get(value, value))}
            for key, value in topics.items()
            if key in names
        ],
        "comment": comment,
        "submitted_at": submitted_at,
    }


def export_praatplaten(user) -> SectionData:
    # The cases /mijn/ lists: what the portal hides, the download leaves out.
    praatplaten = (
        Praatplaat.objects.filter(case__in=selectors.cases_for_parent(user))
        .select_related("case", "followup__organisation")
        .order_by("case__created_at", "pk")
    )
    data = [
        {
            "reference": item.case.reference,
            "kind": item.get_kind_display(),
            "organisation": item.followup.organisation.name if item.followup else "",
            "created_at": item.created_at,
            # After a case the parent's side is the evaluation (in "Je vragen en klachten").
            "parent": _side(item.parent_topics, item.parent_comment, item.parent_submitted_at),
            "professional": _side(
                item.professional_topics,
                item.professional_comment,
                item.professional_submitted_at,
            ),
        }
        for item in praatplaten
    ]
    return SectionData(data)


def register() -> None:
    retention.register(
        retention.RetentionKind(
            "casussen.praatplaat_comments",
            "praatplaat",
            comments_due,
            comments_apply,
            held=comments_held,
        )
    )
    retention.register(
        retention.RetentionKind(
            "casussen.praatplaat_email_bodies",
            "email_bodies",
            email_bodies_due,
            email_bodies_apply,
        )
    )
    registry.register(
        key="praatplaat",
        title=gettext_lazy("De praatplaat over de samenwerking"),
        collect=export_praatplaten,
        labels=LABELS,
        position=25,
        description=gettext_lazy(
            "Hoe jij en de professional de samenwerking zagen: jouw antwoorden en die van "
            "de school of partner, over jouw vraag."
        ),
    )
