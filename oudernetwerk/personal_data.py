"""What the parent's download (/mijn/gegevens/) holds from the parent network, and where
their phone number is kept here. Registered in `OudernetwerkConfig.ready()`.

A parent sees of a buddy only what /mijn/ shows them: the buddy's name while the match
runs, never a buddy who said no or did not answer, never why, never the buddy's
check-ins (those are for the coordinator). A buddy sees their own profile and their
matches without the parents' data. Consultation answers are stored without identity,
so they cannot be part of it."""

from django.db import router, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from steunpunt import personal_data as registry
from steunpunt.compiled import CompiledQuery
from steunpunt.models import AgeBand
from steunpunt.personal_data import PhoneHolder, SectionData

from . import personal_data_support, selectors, workflow
from .models import (
    BuddyProfile,
    BuddyRequest,
    CheckIn,
    Invitation,
    Language,
    Match,
    MeetupRegistration,
    PanelMember,
    SchoolType,
)

M = Match.Status

REQUEST_LABELS = {
    "requested_at": gettext_lazy("Aangevraagd op"),
    "status": gettext_lazy("Status"),
    "what_now": gettext_lazy("Wat er nu gebeurt"),
    "themes": gettext_lazy("Onderwerpen"),
    "child_age": gettext_lazy("Leeftijd van je kind"),
    "school_type": gettext_lazy("Soort school"),
    "municipality": gettext_lazy("Gemeente"),
    "language": gettext_lazy("Taal"),
    "hopes": gettext_lazy("Wat je hoopt"),
    "urgency": gettext_lazy("Hoe snel"),
    "phone": gettext_lazy("Telefoonnummer"),
    "share_email": gettext_lazy("Buddy mag je e-mailadres zien"),
    "share_phone": gettext_lazy("Buddy mag je telefoonnummer zien"),
    "matches": gettext_lazy("Je buddy"),
    "buddy": gettext_lazy("Naam van je buddy"),
    "said_yes_at": gettext_lazy("Buddy zei ja op"),
    "started_at": gettext_lazy("Eerste contact op"),
    "ended_at": gettext_lazy("Gestopt op"),
    "your_end_reason": gettext_lazy("Waarom je stopte"),
    "your_checkins": gettext_lazy("Jouw antwoorden op 'hoe gaat het?'"),
    "asked_at": gettext_lazy("Gevraagd op"),
    "answered_at": gettext_lazy("Beantwoord op"),
    "mood": gettext_lazy("Hoe het ging"),
    "note": gettext_lazy("Toelichting"),
    "wants_help": gettext_lazy("Je wilde hulp van de coördinator"),
}

PROFILE_LABELS = {
    "status": gettext_lazy("Status"),
    "signed_up_at": gettext_lazy("Aangemeld op"),
    "themes": gettext_lazy("Ervaring met onderwerpen"),
    "child_ages": gettext_lazy("Leeftijden van kinderen"),
    "school_types": gettext_lazy("Soorten school"),
    "languages": gettext_lazy("Talen"),
    "municipalities": gettext_lazy("Gemeenten"),
    "max_active_matches": gettext_lazy("Hoeveel ouders tegelijk"),
    "introduction": gettext_lazy("Korte voorstelling"),
    "phone": gettext_lazy("Telefoonnummer"),
    "share_email": gettext_lazy("Ouder mag je e-mailadres zien"),
    "share_phone": gettext_lazy("Ouder mag je telefoonnummer zien"),
    "intake_held_at": gettext_lazy("Kennismakingsgesprek op"),
    "vog_date": gettext_lazy("Datum VOG"),
    "training_date": gettext_lazy("Training gevolgd op"),
    "approved_at": gettext_lazy("Goedgekeurd op"),
    "matches": gettext_lazy("Koppelingen (zonder gegevens van de ouders)"),
    "proposed_at": gettext_lazy("Voorgesteld op"),
    "answered_at": gettext_lazy("Je antwoordde op"),
    "started_at": gettext_lazy("Eerste contact op"),
    "ended_at": gettext_lazy("Gestopt op"),
}

MEETUP_LABELS = {
    "meetup": gettext_lazy("Ontmoeting"),
    "starts_at": gettext_lazy("Begint om"),
    "where": gettext_lazy("Waar"),
    "meetup_status": gettext_lazy("Gaat door"),
    "status": gettext_lazy("Je aanmelding"),
    "registered_at": gettext_lazy("Aangemeld op"),
    "promoted_at": gettext_lazy("Van de wachtlijst af op"),
    "cancelled_at": gettext_lazy("Afgemeld op"),
    "attended": gettext_lazy("Je was er"),
}

PANEL_LABELS = {
    "member": gettext_lazy("Lid van het ouderpanel"),
    "municipality": gettext_lazy("Gemeente"),
    "themes": gettext_lazy("Onderwerpen"),
    "consent_text": gettext_lazy("Waar je toestemming voor gaf"),
    "joined_at": gettext_lazy("Aangemeld op"),
    "withdrawn_at": gettext_lazy("Gestopt op"),
    "invitations": gettext_lazy("Vragenlijsten waarvoor we je uitnodigden"),
    "consultation": gettext_lazy("Vragenlijst"),
    "invited_at": gettext_lazy("Uitgenodigd op"),
    "has_answered": gettext_lazy("Je hebt meegedaan"),
}

PANEL_NOTE = gettext_lazy(
    "Je antwoorden op vragenlijsten bewaren we zonder je naam. Niemand kan zien welke "
    "antwoorden van jou zijn, ook wij niet. Daarom staan ze hier niet in. We bewaren "
    "alleen dat je hebt meegedaan, zodat je niet twee keer antwoordt."
)


def _labels(codes, choices) -> list[str]:
    names = dict(choices)
    return [str(names.get(code, code)) for code in codes]


def _parent_checkins(match: Match) -> list[dict]:
    return [
        {
            "asked_at": item.due_at,
            "answered_at": item.answered_at,
            "mood": item.get_mood_display(),
            "note": item.note,
            "wants_help": item.wants_help,
        }
        for item in match.checkins.filter(
            respondent=CheckIn.Respondent.PARENT, answered_at__isnull=False
        ).order_by("due_at", "pk")
    ]


def _visible_match(match: Match, parent) -> dict:
    """A match as the parent knows it: only after the buddy said yes."""
    return {
        "status": match.get_status_display(),
        # /mijn/ names the buddy while the match runs, and no longer after it ended.
        "buddy": match.buddy.user.name if match.status in workflow.RUNNING else "",
        "said_yes_at": match.answered_at,
        "started_at": match.started_at,
        "ended_at": match.ended_at,
        "your_end_reason": match.end_reason if match.ended_by_id == parent.pk else "",
        "your_checkins": _parent_checkins(match),
    }


def export_buddy_requests(user) -> SectionData:
    overview = {item.buddy_request.pk: item for item in selectors.buddy_requests_overview(user)}
    requests = (
        BuddyRequest.objects.filter(parent=user)
        .select_related("municipality")
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )
    data = []
    for buddy_request in requests:
        status = overview.get(buddy_request.pk)
        matches = (
            buddy_request.matches.filter(status__in=[*workflow.RUNNING, M.ENDED])
            .select_related("buddy__user")
            .order_by("proposed_at", "pk")
        )
        data.append(
            {
                "requested_at": buddy_request.created_at,
                "status": status.label if status else buddy_request.get_status_display(),
                "what_now": status.next_step if status else "",
                "themes": [theme.name for theme in buddy_request.themes.all()],
                "child_age": _labels([buddy_request.age_band], AgeBand.choices)[0]
                if buddy_request.age_band
                else "",
                "school_type": buddy_request.get_school_type_display()
                if buddy_request.school_type
                else "",
                "municipality": buddy_request.municipality.name,
                "language": buddy_request.get_language_display(),
                "hopes": buddy_request.hopes,
                "urgency": buddy_request.get_urgency_display(),
                "phone": buddy_request.phone,
                "share_email": buddy_request.share_email,
                "share_phone": buddy_request.share_phone,
                "matches": [_visible_match(match, user) for match in matches],
            }
        )
    return SectionData(data)


def export_buddy_profile(user) -> SectionData:
    profile = (
        BuddyProfile.objects.filter(user=user).prefetch_related("themes", "municipalities").first()
    )
    if profile is None:
        return SectionData(None)
    matches = profile.matches.order_by("proposed_at", "pk")
    return SectionData(
        {
            "status": profile.get_status_display(),
            "signed_up_at": profile.created_at,
            "themes": [theme.name for theme in profile.themes.all()],
            "child_ages": _labels(profile.age_bands, AgeBand.choices),
            "school_types": _labels(profile.school_types, SchoolType.choices),
            "languages": _labels(profile.languages, Language.choices),
            "municipalities": [item.name for item in profile.municipalities.all()],
            "max_active_matches": profile.max_active_matches,
            "introduction": profile.introduction,
            "phone": profile.phone,
            "share_email": profile.share_email,
            "share_phone": profile.share_phone,
            "intake_held_at": profile.intake_held_at,
            "vog_date": profile.vog_date,
            "training_date": profile.training_date,
            "approved_at": profile.approved_at,
            # The parents' details and what was written about a match stay out: they
            # are the parents' data.
            "matches": [
                {
                    "proposed_at": match.proposed_at,
                    "status": match.get_status_display(),
                    "answered_at": match.answered_at,
                    "started_at": match.started_at,
                    "ended_at": match.ended_at,
                }
                for match in matches
            ],
        }
    )


def export_meetups(user) -> SectionData:
    registrations = (
        MeetupRegistration.objects.filter(parent=user)
        .select_related("meetup")
        .order_by("meetup__starts_at", "pk")
    )
    return SectionData(
        [
            {
                "meetup": item.meetup.title,
                "starts_at": item.meetup.starts_at,
                "where": _("Online") if item.meetup.is_online else item.meetup.place_name,
                "meetup_status": not item.meetup.is_cancelled,
                "status": item.get_status_display(),
                "registered_at": item.created_at,
                "promoted_at": item.promoted_at,
                "cancelled_at": item.cancelled_at,
                "attended": item.attended,
            }
            for item in registrations
        ]
    )


def export_panel(user) -> SectionData:
    member = (
        PanelMember.objects.filter(user=user)
        .select_related("municipality")
        .prefetch_related("themes")
        .first()
    )
    invitations = (
        Invitation.objects.filter(user=user).select_related("consultation").order_by("invited_at")
    )
    return SectionData(
        {
            "member": None
            if member is None
            else {
                "municipality": member.municipality.name,
                "themes": [theme.name for theme in member.themes.all()],
                "consent_text": member.consent_text,
                "joined_at": member.joined_at,
                "withdrawn_at": member.withdrawn_at,
            },
            "invitations": [
                {
                    "consultation": item.consultation.title,
                    "invited_at": item.invited_at,
                    "has_answered": item.has_answered,
                }
                for item in invitations
            ],
        }
    )


# --- The phone number on buddy requests and the buddy profile ------------------------------


def _current_requests(parent_id):
    return BuddyRequest.objects.filter(
        Q(status=BuddyRequest.Status.OPEN)
        | Q(status=BuddyRequest.Status.MATCHED, matches__status__in=workflow.RUNNING),
        parent_id=parent_id,
    ).distinct()


# The numbers on the current requests, compiled once per process (the correction page
# asks it on every visit).
_CURRENT_REQUEST_PHONES = CompiledQuery(
    lambda parent_id: (
        _current_requests(parent_id).order_by("created_at").values_list("pk", "created_at", "phone")
    ),
    -987654382,
)


def phone_holders(user) -> list[PhoneHolder]:
    holders = [
        PhoneHolder(label=_("Je buddy-aanvraag"), phone=phone)
        for _pk, _created_at, phone in _CURRENT_REQUEST_PHONES.rows(
            user.pk, using=router.db_for_read(BuddyRequest)
        )
    ]
    profile = selectors.profile_for_user(user)
    if profile is not None:
        holders.append(PhoneHolder(label=_("Je profiel als buddy"), phone=profile.phone))
    return holders


def phone_update(user, phone: str) -> int:
    """The new number everywhere. Without a number, nobody sees one: sharing it stops
    (the email address is then shared, so the other side can still reach them)."""
    changed = 0
    with transaction.atomic():
        ids = list(_current_requests(user.pk).values_list("pk", flat=True))
        for item in BuddyRequest.objects.select_for_update().filter(pk__in=ids):
            if item.phone == phone:
                continue
            item.phone = phone
            if not phone and item.share_phone:
                item.share_phone, item.share_email = False, True
            item.save(update_fields=["phone", "share_phone", "share_email"])
            changed += 1
        profile = BuddyProfile.objects.select_for_update().filter(user=user).first()
        if profile is not None and profile.phone != phone:
            profile.phone = phone
            if not phone and profile.share_phone:
                profile.share_phone, profile.share_email = False, True
            profile.save(update_fields=["phone", "share_phone", "share_email", "updated_at"])
            changed += 1
    return changed


def register() -> None:
    """Tell steunpunt what this app holds about a person, for the data download and the
    contact-details correction."""
    registry.register(
        key="buddy_requests",
        title=gettext_lazy("Je buddy-aanvragen"),
        collect=export_buddy_requests,
        labels=REQUEST_LABELS,
        position=30,
        description=gettext_lazy(
            "Wat je vroeg, hoe het ervoor staat, de naam van je buddy zolang jullie "
            "gekoppeld zijn en je eigen antwoorden op 'hoe gaat het?'."
        ),
    )
    registry.register(
        key="buddy_profile",
        title=gettext_lazy("Je profiel als buddy"),
        collect=export_buddy_profile,
        labels=PROFILE_LABELS,
        position=40,
        description=gettext_lazy(
            "Als je buddy bent: je profiel, je screening en je koppelingen, zonder "
            "gegevens van de ouders."
        ),
    )
    registry.register(
        key="meetups",
        title=gettext_lazy("Ontmoetingen"),
        collect=export_meetups,
        labels=MEETUP_LABELS,
        position=50,
        description=gettext_lazy(
            "De ontmoetingen waarvoor je je aanmeldde of op de wachtlijst stond."
        ),
    )
    registry.register(
        key="panel",
        title=gettext_lazy("Ouderpanel"),
        collect=export_panel,
        labels=PANEL_LABELS,
        position=60,
        description=gettext_lazy(
            "Of je lid bent van het ouderpanel en voor welke vragenlijsten we je uitnodigden."
        ),
        note=PANEL_NOTE,
    )
    registry.register_phone(key="oudernetwerk", holders=phone_holders, update=phone_update)
    personal_data_support.register()
