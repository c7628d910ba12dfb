"""Business actions of the parent network: becoming a buddy and being screened, asking
for a buddy, ranking the candidates for a request and proposing one, and the daily sweep
that warns coordinators before a buddy's VOG runs out.

Every change locks its row, checks the rules, appends an event and queues its emails
after commit. Views, admin actions and tasks call these functions."""

import heapq
import logging
import random
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from steunpunt import outbox, roles
from steunpunt.models import AgeBand, Municipality, Theme
from steunpunt.selectors import site_settings, users_with_role
from steunpunt.stats import MIN_CELL, SUPPRESSED, suppress

from . import ics, sealing, selectors, workflow
from .models import (
    MAX_ACTIVE_MATCHES_LIMIT,
    Answer,
    BuddyProfile,
    BuddyRequest,
    CheckIn,
    Consultation,
    Invitation,
    Language,
    Match,
    Meetup,
    MeetupRegistration,
    NetworkEvent,
    PanelMember,
    Question,
    Reminder,
    Response,
    SchoolType,
    SealedResponse,
)

logger = logging.getLogger(__name__)

P = BuddyProfile.Status
E = NetworkEvent.Kind
INTRODUCTION_MAX_LENGTH = 1500


class ActionRefusedError(ValidationError):
    """An action the rules do not allow now; the message says why, in Dutch."""


# --- Small helpers ------------------------------------------------------------------------


def shift_years(day: date, years: int) -> date:
    """The same calendar day `years` later (or earlier); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def vog_valid_until(vog_date: date | None) -> date | None:
    """The first day the VOG no longer counts."""
    if vog_date is None:
        return None
    return shift_years(vog_date, settings.BUDDY_VOG_VALID_YEARS)


def vog_is_valid(vog_date: date | None, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return vog_date is not None and vog_date <= today < vog_valid_until(vog_date)


def _vog_cutoff(today: date) -> date:
    """A VOG dated after this day is younger than the valid years."""
    return shift_years(today, -settings.BUDDY_VOG_VALID_YEARS)


def _json_list_has(field_name: str, value: str) -> Q:
    """ "This JSON list holds `value`", in SQL on SQLite and PostgreSQL alike: both store
    the list as text with every code in double quotes, and SQLite has no JSON contains.
    Only for our own choice codes, which never hold a quote."""
    return Q(**{f"{field_name}__icontains": f'"{value}"'})


def _event(kind: str, actor, *, text: str = "", profile=None, request=None, match=None, **data):
    return NetworkEvent.objects.create(
        kind=kind, actor=actor, text=text, profile=profile, request=request, match=match, data=data
    )


def _clean_codes(values: Iterable[str], choices, message: str) -> list[str]:
    """Known codes only, each once, in the order of the choices."""
    values = set(values)
    if not values <= set(choices.values):
        raise ValidationError(message)
    return [code for code in choices.values if code in values]


PHONE_DIGITS = re.compile(r"\d")
PHONE_ALLOWED = re.compile(r"^[0-9 +()\-]*$")


def clean_contact_sharing(*, share_email: bool, share_phone: bool, phone: str) -> str:
    """What someone lets the other side of a match see. At least one way to reach them;
    a phone number when they share it. Returns the phone number, tidied."""
    phone = " ".join(phone.split())
    if phone and (
        not PHONE_ALLOWED.match(phone) or not 10 <= len(PHONE_DIGITS.findall(phone)) <= 15
    ):
        raise ValidationError(
            _("Vul een telefoonnummer in met 10 cijfers, bijvoorbeeld 06 12345678.")
        )
    if share_phone and not phone:
        raise ValidationError(_("Vul je telefoonnummer in, of zet het vinkje bij telefoon uit."))
    if not share_email and not share_phone:
        raise ValidationError(_("Kies minstens één manier waarop de ander je kan bereiken."))
    return phone


def _site_url(path: str) -> str:
    return settings.SITE_URL + path


def _admin_url(name: str, pk: int) -> str:
    return _site_url(reverse(f"admin:oudernetwerk_{name}_change", args=[pk]))


def _reverse_or_none(name: str) -> str | None:
    try:
        return _site_url(reverse(name))
    except NoReverseMatch:
        return None


def coordinator_emails() -> list[str]:
    return sorted(users_with_role(roles.COORDINATOR).values_list("email", flat=True))


def _context(**extra) -> dict:
    return {"site_settings": site_settings(), **extra}


# --- Becoming a buddy ---------------------------------------------------------------------


@transaction.atomic
def buddy_apply(
    *,
    user,
    themes: Sequence[Theme],
    municipalities: Sequence[Municipality],
    languages: Sequence[str],
    introduction: str,
    age_bands: Sequence[str] = (),
    school_types: Sequence[str] = (),
    max_active_matches: int = 1,
    share_email: bool = True,
    share_phone: bool = False,
    phone: str = "",
) -> BuddyProfile:
    """Sign up as a buddy. The profile waits for a coordinator's screening; the person
    hears what happens next and the coordinators hear there is someone new."""
    if BuddyProfile.objects.filter(user=user).exists():
        raise ActionRefusedError(
            _("Je bent al aangemeld als buddy. Wil je iets veranderen? Neem contact met ons op.")
        )
    if not themes:
        raise ValidationError(_("Kies minstens één onderwerp waar je ervaring mee hebt."))
    if not municipalities:
        raise ValidationError(_("Kies minstens één gemeente."))
    languages = _clean_codes(languages, Language, _("Kies een taal uit de lijst."))
    if not languages:
        raise ValidationError(_("Kies minstens één taal die je spreekt."))
    if not 1 <= max_active_matches <= MAX_ACTIVE_MATCHES_LIMIT:
        raise ValidationError(_("Kies 1 tot 5 ouders tegelijk."))
    introduction = introduction.strip()
    if not introduction:
        raise ValidationError(_("Vertel in een paar zinnen wie je bent."))
    phone = clean_contact_sharing(share_email=share_email, share_phone=share_phone, phone=phone)
    profile = BuddyProfile.objects.create(
        share_email=share_email,
        share_phone=share_phone,
        phone=phone,
        user=user,
        age_bands=_clean_codes(age_bands, AgeBand, _("Kies een leeftijd uit de lijst.")),
        school_types=_clean_codes(school_types, SchoolType, _("Kies een soort school.")),
        languages=languages,
        max_active_matches=max_active_matches,
        introduction=introduction[:INTRODUCTION_MAX_LENGTH],
    )
    profile.themes.set(themes)
    profile.municipalities.set(municipalities)
    _event(E.BUDDY_APPLIED, user, profile=profile)
    outbox.send_templated_email(
        template="oudernetwerk/email/buddy_application_received",
        to=[user.email],
        context=_context(profile=profile, buddy_url=_reverse_or_none("oudernetwerk:buddy")),
    )
    outbox.send_templated_email(
        template="oudernetwerk/email/buddy_applied",
        to=coordinator_emails(),
        context=_context(profile=profile, admin_url=_admin_url("buddyprofile", profile.pk)),
    )
    return profile


def validate_screening(
    *,
    intake_held_at: date | None,
    vog_date: date | None,
    training_date: date | None,
    today: date | None = None,
) -> None:
    """The intake and the VOG lie in the past; a training may still be planned."""
    today = today or timezone.localdate()
    errors = {}
    if intake_held_at and intake_held_at > today:
        errors["intake_held_at"] = _("Het gesprek kan niet in de toekomst liggen.")
    if vog_date and vog_date > today:
        errors["vog_date"] = _("De datum van de VOG kan niet in de toekomst liggen.")
    if training_date and training_date > today + timedelta(days=366):
        errors["training_date"] = _("Kies een datum binnen een jaar.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def buddy_screen(
    *,
    profile: BuddyProfile,
    actor,
    intake_held_at: date | None,
    vog_date: date | None,
    training_date: date | None,
) -> BuddyProfile:
    """Record the coordinator's screening: intake talk, VOG and training dates."""
    validate_screening(
        intake_held_at=intake_held_at, vog_date=vog_date, training_date=training_date
    )
    profile = BuddyProfile.objects.select_for_update().get(pk=profile.pk)
    before = (profile.intake_held_at, profile.vog_date, profile.training_date)
    profile.intake_held_at = intake_held_at
    profile.vog_date = vog_date
    profile.training_date = training_date
    if before == (intake_held_at, vog_date, training_date):
        return profile
    profile.save(update_fields=["intake_held_at", "vog_date", "training_date", "updated_at"])
    _event(
        E.BUDDY_SCREENED,
        actor,
        profile=profile,
        intake_held_at=intake_held_at.isoformat() if intake_held_at else None,
        vog_date=vog_date.isoformat() if vog_date else None,
        training_date=training_date.isoformat() if training_date else None,
    )
    return profile


def _move_profile(profile: BuddyProfile, target: str) -> BuddyProfile:
    """Lock the profile and set its new status, if the workflow allows it now. The
    caller checks its own rules, saves and records the event."""
    profile = BuddyProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if not workflow.profile_may_move(profile.status, target):
        raise ActionRefusedError(
            _("%(buddy)s staat op '%(status)s': naar '%(target)s' kan nu niet.")
            % {"buddy": profile, "status": profile.get_status_display(), "target": P(target).label}
        )
    profile.status = target
    return profile


def _buddy_group() -> Group | None:
    return Group.objects.filter(name=roles.BUDDY).first()


@transaction.atomic
def buddy_approve(*, profile: BuddyProfile, actor) -> BuddyProfile:
    """Approve a screened buddy: only after the intake talk and with a VOG younger
    than three years. The person gets the buddy role and a welcome. (A paused buddy
    comes back with `buddy_resume`.)"""
    if profile.status == P.PAUSED:
        raise ActionRefusedError(
            _("%(buddy)s is al goedgekeurd en heeft even pauze. Kies 'Weer beschikbaar'.")
            % {"buddy": profile}
        )
    profile = _move_profile(profile, P.APPROVED)
    if profile.intake_held_at is None:
        raise ActionRefusedError(
            _("%(buddy)s: vul eerst de datum van het kennismakingsgesprek in.") % {"buddy": profile}
        )
    if not vog_is_valid(profile.vog_date):
        raise ActionRefusedError(
            _("%(buddy)s: een VOG van minder dan 3 jaar oud is nodig. Vul de datum in.")
            % {"buddy": profile}
            if profile.vog_date is None
            else _("%(buddy)s: de VOG is ouder dan 3 jaar. Vraag een nieuwe VOG aan.")
            % {"buddy": profile}
        )
    profile.approved_by = actor
    profile.approved_at = timezone.now()
    profile.rejected_reason = ""
    profile.save()
    group = _buddy_group()
    if group:
        profile.user.groups.add(group)
    _event(E.BUDDY_APPROVED, actor, profile=profile)
    outbox.send_templated_email(
        template="oudernetwerk/email/buddy_approved",
        to=[profile.user.email],
        context=_context(
            profile=profile,
            buddy_url=_reverse_or_none("oudernetwerk:buddy"),
            answer_days=settings.BUDDY_MATCH_ANSWER_DAYS,
        ),
    )
    return profile


@transaction.atomic
def buddy_reject(*, profile: BuddyProfile, actor, reason: str) -> BuddyProfile:
    """Say no to an applicant, or stop with a buddy who has no running matches. The
    reason stays with the coordinators; the person gets a short, kind email."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Schrijf op waarom. Dat is alleen voor coördinatoren."))
    profile = _move_profile(profile, P.REJECTED)
    if profile.matches.filter(status__in=workflow.OCCUPYING).exists():
        raise ActionRefusedError(
            _("%(buddy)s heeft nog een lopend voorstel of koppeling. Rond die eerst af.")
            % {"buddy": profile}
        )
    profile.rejected_reason = reason
    profile.save()
    group = _buddy_group()
    if group:
        profile.user.groups.remove(group)
    _event(E.BUDDY_REJECTED, actor, profile=profile, text=reason)
    outbox.send_templated_email(
        template="oudernetwerk/email/buddy_rejected",
        to=[profile.user.email],
        context=_context(profile=profile),
    )
    return profile


@transaction.atomic
def buddy_pause(*, profile: BuddyProfile, actor) -> BuddyProfile:
    """The buddy takes a break: no new proposals until they resume. Running matches
    go on."""
    profile = _move_profile(profile, P.PAUSED)
    profile.save(update_fields=["status", "updated_at"])
    _event(E.BUDDY_PAUSED, actor, profile=profile)
    return profile


@transaction.atomic
def buddy_resume(*, profile: BuddyProfile, actor) -> BuddyProfile:
    if profile.status != P.PAUSED:
        raise ActionRefusedError(_("%(buddy)s is niet gepauzeerd.") % {"buddy": profile})
    profile = _move_profile(profile, P.APPROVED)
    profile.save(update_fields=["status", "updated_at"])
    _event(E.BUDDY_RESUMED, actor, profile=profile)
    return profile


# --- Asking for a buddy ---------------------------------------------------------------------


@transaction.atomic
def request_create(
    *,
    parent,
    themes: Sequence[Theme],
    municipality: Municipality,
    hopes: str,
    age_band: str = "",
    school_type: str = "",
    language: str = Language.DUTCH,
    urgency: str = BuddyRequest.Urgency.NORMAL,
    share_email: bool = True,
    share_phone: bool = False,
    phone: str = "",
    created_by=None,
) -> BuddyRequest:
    """A parent asks for a buddy (or a coordinator does so for them). One open request
    per parent; the parent hears by when we come back to them."""
    if not themes:
        raise ValidationError(_("Kies minstens één onderwerp."))
    hopes = hopes.strip()
    if not hopes:
        raise ValidationError(_("Vertel kort wat je hoopt van een buddy."))
    if age_band and age_band not in AgeBand.values:
        raise ValidationError(_("Kies een leeftijd uit de lijst."))
    if school_type and school_type not in SchoolType.values:
        raise ValidationError(_("Kies een soort school uit de lijst."))
    if language not in Language.values:
        raise ValidationError(_("Kies een taal uit de lijst."))
    if urgency not in BuddyRequest.Urgency.values:
        raise ValidationError(_("Kies hoe snel je een buddy zoekt."))
    phone = clean_contact_sharing(share_email=share_email, share_phone=share_phone, phone=phone)
    # Locking the parent's row makes two quick submissions queue up: the second sees
    # the first and is refused.
    get_user_model().objects.select_for_update().filter(pk=parent.pk).first()
    if parent.buddy_requests.filter(status=BuddyRequest.Status.OPEN).exists():
        raise ActionRefusedError(
            _("Je hebt al een aanvraag voor een buddy. We zoeken nog voor je. Je hoort van ons.")
        )
    buddy_request = BuddyRequest.objects.create(
        parent=parent,
        created_by=created_by,
        age_band=age_band,
        school_type=school_type,
        municipality=municipality,
        language=language,
        hopes=hopes,
        urgency=urgency,
        share_email=share_email,
        share_phone=share_phone,
        phone=phone,
        answer_by=timezone.localdate() + timedelta(days=settings.BUDDY_REQUEST_ANSWER_DAYS),
    )
    buddy_request.themes.set(themes)
    _event(E.REQUEST_CREATED, created_by or parent, request=buddy_request)
    outbox.send_templated_email(
        template="oudernetwerk/email/request_received",
        to=[parent.email],
        context=_context(buddy_request=buddy_request),
    )
    outbox.send_templated_email(
        template="oudernetwerk/email/request_created",
        to=coordinator_emails(),
        context=_context(
            buddy_request=buddy_request,
            admin_url=_admin_url("buddyrequest", buddy_request.pk),
        ),
    )
    return buddy_request


# --- Matching --------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """A candidate buddy for a request: the score (0 to 100) and, in Dutch, why."""

    buddy: BuddyProfile
    score: float
    reasons: list[str] = field(default_factory=list)
    active_matches: int = 0


def eligible_buddies(*, request: BuddyRequest, today: date | None = None) -> QuerySet:
    """Every buddy who may be proposed for this request, in one query: approved, a
    valid VOG, not paused, a place free, speaks the request's language, not the parent
    themselves, and never declined or let expire a proposal for this request.

    Annotated with `active_matches` (the places taken) and `last_matched_at`."""
    today = today or timezone.localdate()
    taken = (
        Match.objects.filter(buddy=OuterRef("pk"), status__in=workflow.OCCUPYING)
        .order_by()
        .values("buddy")
        .annotate(count=Count("pk"))
        .values("count")
    )
    last_match = (
        Match.objects.filter(buddy=OuterRef("pk"))
        .exclude(status__in=workflow.REFUSED)
        .order_by("-proposed_at")
        .values("proposed_at")[:1]
    )
    refused = Match.objects.filter(request=request, status__in=workflow.REFUSED).values("buddy")
    return (
        BuddyProfile.objects.filter(
            status=P.APPROVED,
            user__is_active=True,
            vog_date__gt=_vog_cutoff(today),
            vog_date__lte=today,
        )
        .filter(_json_list_has("languages", request.language))
        .exclude(user_id=request.parent_id)
        .exclude(pk__in=refused)
        .annotate(
            active_matches=Coalesce(Subquery(taken), 0),
            last_matched_at=Subquery(last_match),
        )
        .filter(active_matches__lt=F("max_active_matches"))
    )


# How a school type reads after "ervaring met ..."; not "thuiszitten", which is also
# a theme and would read twice.
SCHOOL_TYPE_SHORT = {
    SchoolType.REGULAR: _lazy("het regulier onderwijs"),
    SchoolType.SBO: _lazy("het SBO"),
    SchoolType.SO: _lazy("het SO"),
    SchoolType.VSO: _lazy("het VSO"),
    SchoolType.HOME: _lazy("een kind dat thuiszit"),
}


def _lower_first(name: str) -> str:
    """'Thuiszitten en verzuim' reads 'thuiszitten en verzuim' mid-sentence; 'OPP' stays."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _places(taken: int, capacity: int) -> str:
    return ngettext(
        "heeft nu %(taken)s van %(capacity)s plek bezet",
        "heeft nu %(taken)s van %(capacity)s plekken bezet",
        capacity,
    ) % {"taken": taken, "capacity": capacity}


@dataclass
class _Request:
    """What scoring needs of the request, read once."""

    themes: dict[int, Theme]
    municipality_id: int
    neighbours: dict[int, Municipality]
    age_band: str
    school_type: str


@dataclass
class _Facts:
    """What counts for one candidate: scored for all, put into words for the best."""

    same_place: bool
    neighbours: list[int]
    themes: list[int]
    age_band: bool
    school_type: bool
    taken: int
    capacity: int
    idle_days: int
    never_matched: bool


def _facts(row: dict, req: _Request, themes: list[int], places: list[int], now) -> _Facts:
    last = row["last_matched_at"]
    since = last or row["approved_at"] or row["created_at"]
    return _Facts(
        same_place=req.municipality_id in places,
        neighbours=[pk for pk in places if pk in req.neighbours],
        themes=themes,
        age_band=bool(req.age_band) and req.age_band in row["age_bands"],
        school_type=bool(req.school_type) and req.school_type in row["school_types"],
        taken=row["active_matches"],
        capacity=row["max_active_matches"],
        idle_days=max((now - since).days, 0),
        never_matched=last is None,
    )


def _points(facts: _Facts, req: _Request, weights: dict, idle_full_days: int) -> float:
    score = 0.0
    if facts.same_place:
        score += weights["municipality"]
    elif facts.neighbours:
        score += weights["neighbour"]
    if req.themes:
        score += weights["theme"] * len(facts.themes) / len(req.themes)
    score += weights["age_band"] * facts.age_band
    score += weights["school_type"] * facts.school_type
    score += weights["load"] / (1 + facts.taken)
    score += weights["idle"] * min(facts.idle_days, idle_full_days) / idle_full_days
    return round(score, 1)


def _reasons(facts: _Facts, req: _Request) -> list[str]:
    """The score in plain Dutch, one phrase per criterion that counted, and always how
    busy the buddy is and how long since their last match."""
    reasons = []
    if facts.same_place:
        reasons.append(_("zelfde gemeente"))
    elif facts.neighbours:
        name = sorted((req.neighbours[pk].name for pk in facts.neighbours), key=str.lower)[0]
        reasons.append(_("buurgemeente (%(name)s)") % {"name": name})
    for pk in sorted(facts.themes, key=lambda pk: (req.themes[pk].position, req.themes[pk].name)):
        reasons.append(_("ervaring met %(theme)s") % {"theme": _lower_first(req.themes[pk].name)})
    if facts.age_band:
        reasons.append(
            _("kind van dezelfde leeftijd (%(age)s)")
            % {"age": _lower_first(str(AgeBand(req.age_band).label))}
        )
    if facts.school_type:
        reasons.append(
            _("ervaring met %(school)s") % {"school": SCHOOL_TYPE_SHORT[req.school_type]}
        )
    reasons.append(_places(facts.taken, facts.capacity))
    reasons.append(_idle_words(facts))
    return reasons


def _idle_words(facts: _Facts) -> str:
    """How long since the buddy was last proposed to someone."""
    if facts.never_matched:
        return _("nog nooit gekoppeld")
    months = facts.idle_days // 30
    if months < 1:
        return _("minder dan een maand geleden gekoppeld")
    if facts.taken:
        words = ngettext(
            "al %(months)s maand geen nieuwe koppeling",
            "al %(months)s maanden geen nieuwe koppeling",
            months,
        )
    else:
        words = ngettext(
            "al %(months)s maand geen koppeling", "al %(months)s maanden geen koppeling", months
        )
    return words % {"months": months}


def suggest_buddies(*, request: BuddyRequest, limit: int = 5) -> list[Suggestion]:
    """The best candidates for a request, best first, each with its score and the
    reasons for it in Dutch.

    The hard constraints are one database query (`eligible_buddies`) that returns
    plain rows; the soft criteria are scored here, with only the theme and municipality
    links that can count for this request. Six queries, however many buddies there
    are; the words are only made for the best."""
    now = timezone.now()
    req = _Request(
        themes={theme.pk: theme for theme in request.themes.all()},
        municipality_id=request.municipality_id,
        neighbours={
            m.pk: m for m in Municipality.objects.filter(neighbours=request.municipality_id)
        },
        age_band=request.age_band,
        school_type=request.school_type,
    )
    rows = list(
        eligible_buddies(request=request, today=timezone.localdate(now)).values(
            "pk",
            "age_bands",
            "school_types",
            "max_active_matches",
            "approved_at",
            "created_at",
            "active_matches",
            "last_matched_at",
        )
    )
    if not rows:
        return []
    # Links to the request's themes and places, of any buddy: cheaper than running the
    # eligibility query again as a subquery, and only eligible rows are looked up.
    shared_themes = defaultdict(list)
    for profile_id, theme_id in BuddyProfile.themes.through.objects.filter(
        theme_id__in=list(req.themes)
    ).values_list("buddyprofile_id", "theme_id"):
        shared_themes[profile_id].append(theme_id)
    places = defaultdict(list)
    for profile_id, municipality_id in BuddyProfile.municipalities.through.objects.filter(
        municipality_id__in=[req.municipality_id, *req.neighbours]
    ).values_list("buddyprofile_id", "municipality_id"):
        places[profile_id].append(municipality_id)

    weights = settings.BUDDY_MATCH_WEIGHTS
    idle_full_days = settings.BUDDY_IDLE_FULL_DAYS
    scored = []
    for row in rows:
        facts = _facts(row, req, shared_themes.get(row["pk"], []), places.get(row["pk"], []), now)
        score = _points(facts, req, weights, idle_full_days)
        # Ties go to the least busy, then the longest idle, then the earliest sign-up.
        scored.append(((-score, facts.taken, -facts.idle_days, row["pk"]), score, facts))
    best = heapq.nsmallest(limit, scored, key=lambda item: item[0])
    profiles = BuddyProfile.objects.select_related("user").in_bulk([item[0][3] for item in best])
    return [
        Suggestion(
            buddy=profiles[key[3]],
            score=score,
            reasons=_reasons(facts, req),
            active_matches=facts.taken,
        )
        for key, score, facts in best
    ]


def ineligibility_reason(
    *, request: BuddyRequest, buddy: BuddyProfile, today: date | None = None
) -> str:
    """Why this buddy cannot be proposed for this request, in Dutch, for the message to
    the coordinator. `eligible_buddies` is the rule; this only explains it."""
    today = today or timezone.localdate()
    name = str(buddy)
    if buddy.user_id == request.parent_id:
        return _("%(buddy)s is de ouder die de aanvraag deed.") % {"buddy": name}
    if buddy.status == P.PAUSED:
        return _("%(buddy)s heeft even pauze.") % {"buddy": name}
    if buddy.status != P.APPROVED:
        return _("%(buddy)s is (nog) niet goedgekeurd als buddy.") % {"buddy": name}
    if not buddy.user.is_active:
        return _("Het account van %(buddy)s is niet actief.") % {"buddy": name}
    if not vog_is_valid(buddy.vog_date, today=today):
        return _("De VOG van %(buddy)s ontbreekt of is ouder dan 3 jaar.") % {"buddy": name}
    if request.language not in buddy.languages:
        return _("%(buddy)s spreekt geen %(language)s.") % {
            "buddy": name,
            "language": Language(request.language).label.lower(),
        }
    if request.matches.filter(buddy=buddy, status__in=workflow.REFUSED).exists():
        return _("%(buddy)s zei eerder nee op deze aanvraag, of antwoordde niet op tijd.") % {
            "buddy": name
        }
    taken = buddy.matches.filter(status__in=workflow.OCCUPYING).count()
    if taken >= buddy.max_active_matches:
        return _("%(buddy)s heeft geen plek vrij: %(places)s.") % {
            "buddy": name,
            "places": _places(taken, buddy.max_active_matches),
        }
    return _("%(buddy)s kan nu niet worden voorgesteld.") % {"buddy": name}


@transaction.atomic
def match_propose(*, request: BuddyRequest, buddy: BuddyProfile, actor) -> Match:
    """Propose a buddy for a request. Every hard constraint is checked again, on locked
    rows, so two coordinators clicking at once cannot overfill a buddy. The buddy gets
    an email: what the request is about (no name, nothing to identify the parent) and
    by when to answer."""
    request = BuddyRequest.objects.select_for_update().get(pk=request.pk)
    buddy = (
        BuddyProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=buddy.pk)
    )
    if request.status != BuddyRequest.Status.OPEN:
        raise ActionRefusedError(_("Deze aanvraag staat niet meer open."))
    if request.matches.filter(status__in=workflow.OCCUPYING).exists():
        raise ActionRefusedError(_("Voor deze aanvraag loopt al een voorstel of koppeling."))
    if not eligible_buddies(request=request).filter(pk=buddy.pk).exists():
        raise ActionRefusedError(ineligibility_reason(request=request, buddy=buddy))
    now = timezone.now()
    try:
        with transaction.atomic():
            match = Match.objects.create(
                request=request,
                buddy=buddy,
                proposed_at=now,
                proposed_by=actor,
                answer_by=now + timedelta(days=settings.BUDDY_MATCH_ANSWER_DAYS),
            )
    except IntegrityError as error:
        raise ActionRefusedError(
            _("Voor deze aanvraag loopt al een voorstel of koppeling.")
        ) from error
    _event(E.MATCH_PROPOSED, actor, profile=buddy, request=request, match=match)
    outbox.send_templated_email(
        template="oudernetwerk/email/match_proposed",
        to=[buddy.user.email],
        context=_context(
            match=match,
            buddy_request=request,
            themes=list(request.themes.all()),
            answer_by=match.answer_by,
            portal_url=_reverse_or_none("oudernetwerk:portal"),
        ),
    )
    return match


# --- The match life cycle -------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """What one side of a match agreed to share with the other."""

    name: str
    email: str
    phone: str
    introduction: str = ""


def buddy_contact(match: Match) -> Contact:
    profile = match.buddy
    return Contact(
        name=profile.user.name or _("je buddy"),
        email=profile.user.email if profile.share_email else "",
        phone=profile.phone if profile.share_phone else "",
        introduction=profile.introduction,
    )


def parent_contact(match: Match) -> Contact:
    buddy_request = match.request
    return Contact(
        name=buddy_request.parent.name or _("de ouder"),
        email=buddy_request.parent.email if buddy_request.share_email else "",
        phone=buddy_request.phone if buddy_request.share_phone else "",
    )


def _lock_match(match: Match) -> Match:
    return (
        Match.objects.select_for_update(of=("self",))
        .select_related("request__parent", "request__municipality", "buddy__user")
        .get(pk=match.pk)
    )


def _move_match(match: Match, target: str, **fields) -> None:
    if not workflow.match_may_move(match.status, target):
        raise ActionRefusedError(
            _("Dit kan niet meer: de koppeling is nu „%(status)s”.")
            % {"status": match.get_status_display()}
        )
    match.status = target
    for name, value in fields.items():
        setattr(match, name, value)
    match.save(update_fields=["status", *fields])


def _is_buddy_of(match: Match, user) -> bool:
    return user.is_authenticated and match.buddy.user_id == user.pk


def _is_parent_of(match: Match, user) -> bool:
    return user.is_authenticated and match.request.parent_id == user.pk


def _refuse_unless_participant_or_coordinator(match: Match, actor) -> None:
    if not (
        _is_buddy_of(match, actor) or _is_parent_of(match, actor) or selectors.is_coordinator(actor)
    ):
        raise ActionRefusedError(_("Dit mag alleen de buddy, de ouder of de coördinator."))


def _next_suggestion(buddy_request: BuddyRequest) -> Suggestion | None:
    if buddy_request.status != BuddyRequest.Status.OPEN:
        return None
    suggestions = suggest_buddies(request=buddy_request, limit=1)
    return suggestions[0] if suggestions else None


def _tell_coordinators_to_propose_again(match: Match, *, template: str) -> None:
    """A proposal came to nothing: the parent still waits. The coordinator hears it,
    with the next buddy in the ranking (the one who said no is never suggested again)."""
    outbox.send_templated_email(
        template=template,
        to=coordinator_emails(),
        context=_context(
            match=match,
            buddy_request=match.request,
            next_suggestion=_next_suggestion(match.request),
            admin_url=_admin_url("buddyrequest", match.request_id),
        ),
    )


@transaction.atomic
def match_accept(*, match: Match, actor) -> Match:
    """The buddy says yes. Only now do both get each other's contact details: what each
    agreed to share. The request counts as matched."""
    match = _lock_match(match)
    if not _is_buddy_of(match, actor):
        raise ActionRefusedError(_("Alleen de voorgestelde buddy kan dit voorstel beantwoorden."))
    now = timezone.now()
    if match.status == Match.Status.PROPOSED and match.answer_by and match.answer_by <= now:
        raise ActionRefusedError(
            _("De tijd om te antwoorden is voorbij. We hebben de ouder aan iemand anders gevraagd.")
        )
    # Things may have changed in the days since the proposal.
    buddy = match.buddy
    if (
        not buddy.user.is_active
        or buddy.status not in (P.APPROVED, P.PAUSED)
        or not vog_is_valid(buddy.vog_date)
    ):
        raise ActionRefusedError(
            _("Je kunt nu geen ouder helpen: je VOG of je aanmelding is niet meer geldig. Bel ons.")
        )
    _move_match(match, Match.Status.ACCEPTED, answered_at=now)
    buddy_request = BuddyRequest.objects.select_for_update().get(pk=match.request_id)
    buddy_request.status = BuddyRequest.Status.MATCHED
    buddy_request.save(update_fields=["status"])
    _event(E.MATCH_ACCEPTED, actor, profile=match.buddy, request=buddy_request, match=match)
    match_url = _site_url(reverse("oudernetwerk:match", args=[match.pk]))
    outbox.send_templated_email(
        template="oudernetwerk/email/match_accepted_parent",
        to=[match.request.parent.email],
        context=_context(match=match, contact=buddy_contact(match), match_url=match_url),
    )
    outbox.send_templated_email(
        template="oudernetwerk/email/match_accepted_buddy",
        to=[match.buddy.user.email],
        context=_context(
            match=match,
            contact=parent_contact(match),
            buddy_request=match.request,
            match_url=match_url,
        ),
    )
    outbox.send_templated_email(
        template="oudernetwerk/email/match_accepted_coordinator",
        to=coordinator_emails(),
        context=_context(match=match, admin_url=_admin_url("match", match.pk)),
    )
    return match


@transaction.atomic
def match_decline(*, match: Match, actor, reason: str) -> Match:
    """The buddy says no, with a reason only the coordinator reads. The buddy is never
    proposed for this request again; the coordinator hears who is next."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Vertel kort waarom niet. Alleen de coördinator leest dit."))
    match = _lock_match(match)
    if not _is_buddy_of(match, actor):
        raise ActionRefusedError(_("Alleen de voorgestelde buddy kan dit voorstel beantwoorden."))
    _move_match(match, Match.Status.DECLINED, answered_at=timezone.now(), decline_reason=reason)
    _event(E.MATCH_DECLINED, actor, profile=match.buddy, request=match.request, match=match)
    _tell_coordinators_to_propose_again(match, template="oudernetwerk/email/match_declined")
    return match


def match_expire(*, match_id: int, now: datetime) -> bool:
    """A proposal nobody answered in time expires: the buddy hears it is no problem, the
    coordinator hears who is next. False when it was answered meanwhile."""
    with transaction.atomic():
        match = _lock_match(Match(pk=match_id))
        if match.status != Match.Status.PROPOSED or match.answer_by is None:
            return False
        if match.answer_by > now:
            return False
        _move_match(match, Match.Status.EXPIRED, answered_at=now)
        _event(E.MATCH_EXPIRED, None, profile=match.buddy, request=match.request, match=match)
        outbox.send_templated_email(
            template="oudernetwerk/email/match_expired_buddy",
            to=[match.buddy.user.email],
            context=_context(match=match),
        )
        _tell_coordinators_to_propose_again(match, template="oudernetwerk/email/match_expired")
    return True


@transaction.atomic
def match_start(*, match: Match, actor) -> Match:
    """Parent and buddy have met or spoken: the match runs."""
    match = _lock_match(match)
    _refuse_unless_participant_or_coordinator(match, actor)
    _move_match(match, Match.Status.ACTIVE, started_at=timezone.now())
    _event(E.MATCH_STARTED, actor, profile=match.buddy, request=match.request, match=match)
    return match


@transaction.atomic
def match_end(*, match: Match, actor, reason: str) -> Match:
    """The buddy, the parent or the coordinator ends the match. Contact details are no
    longer shown; both are asked once how it went; the coordinator hears it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Vertel kort waarom jullie stoppen."))
    match = _lock_match(match)
    _refuse_unless_participant_or_coordinator(match, actor)
    now = timezone.now()
    _move_match(match, Match.Status.ENDED, ended_at=now, ended_by=actor, end_reason=reason)
    buddy_request = BuddyRequest.objects.select_for_update().get(pk=match.request_id)
    buddy_request.status = BuddyRequest.Status.CLOSED
    buddy_request.save(update_fields=["status"])
    _event(E.MATCH_ENDED, actor, profile=match.buddy, request=buddy_request, match=match)
    outbox.send_templated_email(
        template="oudernetwerk/email/match_ended",
        to=coordinator_emails(),
        context=_context(
            match=match, ended_by=actor, reason=reason, admin_url=_admin_url("match", match.pk)
        ),
    )
    for respondent in CheckIn.Respondent.values:
        checkin, _created = CheckIn.objects.get_or_create(
            match=match, respondent=respondent, round=CheckIn.END_ROUND, defaults={"due_at": now}
        )
        _claim_checkin_invitation(checkin)
    return match


# --- Check-ins ------------------------------------------------------------------------------

CHECKIN_FIRST_AFTER = timedelta(days=14)
CHECKIN_EVERY = timedelta(days=91)


def checkin_round_due(accepted_at: datetime, now: datetime) -> int | None:
    """The latest check-in round due by `now`: 1 two weeks after acceptance, 2 three
    months after that, and so on. None before the first."""
    first = accepted_at + CHECKIN_FIRST_AFTER
    if now < first:
        return None
    return 1 + (now - first) // CHECKIN_EVERY


def checkin_recipient(checkin: CheckIn) -> str:
    match = checkin.match
    if checkin.respondent == CheckIn.Respondent.BUDDY:
        return match.buddy.user.email
    return match.request.parent.email


def _claim_checkin_invitation(checkin: CheckIn) -> Reminder | None:
    return outbox.claim_once(
        model=Reminder,
        key=f"checkin-{checkin.pk}",
        kind=Reminder.Kind.CHECKIN,
        match=checkin.match,
        checkin=checkin,
        template="oudernetwerk/email/checkin",
        to=[checkin_recipient(checkin)],
        context=_context(
            checkin=checkin,
            match=checkin.match,
            checkin_url=_site_url(reverse("oudernetwerk:checkin", args=[checkin.pk])),
        ),
    )


def checkin_for_user(*, checkin_id: int, user) -> CheckIn | None:
    """The check-in, when it is this user's to answer. None for anyone else."""
    if not user.is_authenticated:
        return None
    checkin = (
        CheckIn.objects.select_related("match__buddy__user", "match__request__parent")
        .filter(pk=checkin_id)
        .filter(selectors.checkin_is_open())
        .first()
    )
    if checkin is None:
        return None
    match = checkin.match
    if checkin.respondent == CheckIn.Respondent.BUDDY and _is_buddy_of(match, user):
        return checkin
    if checkin.respondent == CheckIn.Respondent.PARENT and _is_parent_of(match, user):
        return checkin
    return None


@transaction.atomic
def checkin_answer(*, checkin: CheckIn, actor, mood: str, note: str = "", wants_help: bool):
    """ "How is it going?" answered. A worrying answer (not good, or a question for help)
    alerts the coordinators once."""
    if mood not in CheckIn.Mood.values:
        raise ValidationError(_("Kies hoe het gaat."))
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if checkin_for_user(checkin_id=checkin.pk, user=actor) is None:
        raise ActionRefusedError(_("Deze vragen zijn niet voor jou."))
    if checkin.answered_at is not None:
        raise ActionRefusedError(_("Je hebt deze vragen al beantwoord. Dank je wel!"))
    checkin.mood = mood
    checkin.note = note.strip()
    checkin.wants_help = wants_help
    checkin.answered_at = timezone.now()
    checkin.save(update_fields=["mood", "note", "wants_help", "answered_at"])
    match = checkin.match
    _event(
        E.CHECKIN_ANSWERED,
        actor,
        match=match,
        request=match.request,
        profile=match.buddy,
        mood=mood,
        wants_help=wants_help,
    )
    if checkin.is_worrying:
        outbox.claim_once(
            model=Reminder,
            key=f"checkin-{checkin.pk}-alert",
            kind=Reminder.Kind.CHECKIN_ALERT,
            match=match,
            checkin=checkin,
            template="oudernetwerk/email/checkin_alert",
            to=coordinator_emails(),
            context=_context(checkin=checkin, match=match, admin_url=_admin_url("match", match.pk)),
        )
    return checkin


# --- Reminders: claimed once, delivered from the row ----------------------------------------


def reminder_still_relevant(reminder: Reminder) -> bool:
    """Between claiming and delivering, things change: the buddy answered the proposal,
    the check-in was answered, the match ended."""
    kind = Reminder.Kind
    if reminder.kind == kind.MATCH_ANSWER_SOON:
        # A retry that comes after the deadline would only confuse.
        return Match.objects.filter(
            pk=reminder.match_id, status=Match.Status.PROPOSED, answer_by__gt=timezone.now()
        ).exists()
    if reminder.kind == kind.CHECKIN:
        # The evaluation after the end is asked of an ended match; the others only while
        # it runs.
        return (
            CheckIn.objects.filter(pk=reminder.checkin_id, answered_at__isnull=True)
            .filter(selectors.checkin_is_open())
            .exists()
        )
    if reminder.kind == kind.MEETUP_DAY_BEFORE:
        registration = (
            MeetupRegistration.objects.filter(
                pk=reminder.registration_id,
                status=MeetupRegistration.Status.REGISTERED,
                meetup__status=Meetup.Status.PUBLISHED,
                meetup__starts_at__gt=timezone.now(),
            )
            .select_related("meetup")
            .first()
        )
        # A meetup moved to another day gets a reminder of its own, for the new day.
        return registration is not None and meetup_reminder_key(registration) == reminder.key
    return True


def vog_reminder_key(profile: BuddyProfile) -> str:
    return f"buddy-{profile.pk}-vog-{profile.vog_date.isoformat()}"


def sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Everything time-driven in the parent network, safe to run at any moment and
    twice at once."""
    now = now or timezone.now()
    return {
        "vog_expiring": _sweep_vog(timezone.localdate(now)),
        "match_answer_soon": _sweep_answer_soon(now),
        "match_expired": _sweep_expired(now),
        "checkins": _sweep_checkins(now),
        "meetup_day_before": _sweep_meetups(now),
        "consultation_batches": _sweep_consultations(now),
        "redelivered": outbox.redeliver_stale(model=Reminder, now=now),
    }


def _sweep_vog(today: date) -> int:
    """Coordinators hear once per buddy and VOG date, from 30 days before the VOG runs
    out (or at once, for one that already ran out unnoticed). A new VOG date is a new
    warning, three years later."""
    horizon = shift_years(
        today + timedelta(days=settings.BUDDY_VOG_WARNING_DAYS), -settings.BUDDY_VOG_VALID_YEARS
    )
    profiles = BuddyProfile.objects.filter(
        status__in=[P.APPROVED, P.PAUSED], vog_date__isnull=False, vog_date__lte=horizon
    ).select_related("user")
    done = set(
        Reminder.objects.filter(kind=Reminder.Kind.VOG_EXPIRING, profile__in=profiles).values_list(
            "key", flat=True
        )
    )
    recipients = coordinator_emails()
    sent = 0
    for profile in profiles:
        key = vog_reminder_key(profile)
        if key in done:
            continue
        valid_until = vog_valid_until(profile.vog_date)
        with transaction.atomic():
            claimed = outbox.claim_once(
                model=Reminder,
                key=key,
                kind=Reminder.Kind.VOG_EXPIRING,
                profile=profile,
                template="oudernetwerk/email/vog_expiring",
                to=recipients,
                context=_context(
                    profile=profile,
                    valid_until=valid_until,
                    expired=valid_until <= today,
                    admin_url=_admin_url("buddyprofile", profile.pk),
                ),
            )
        sent += claimed is not None
    return sent


def _sweep_answer_soon(now: datetime) -> int:
    """The buddy is reminded once, on day 3 of the 5, while the proposal is open."""
    due = Match.objects.filter(
        status=Match.Status.PROPOSED,
        proposed_at__lte=now - timedelta(days=settings.BUDDY_MATCH_REMINDER_DAY),
        answer_by__gt=now,
    ).exclude(reminders__kind=Reminder.Kind.MATCH_ANSWER_SOON)
    sent = 0
    for match in due.select_related("buddy__user", "request__municipality"):
        with transaction.atomic():
            claimed = outbox.claim_once(
                model=Reminder,
                key=f"match-{match.pk}-answer-soon",
                kind=Reminder.Kind.MATCH_ANSWER_SOON,
                match=match,
                template="oudernetwerk/email/match_answer_soon",
                to=[match.buddy.user.email],
                context=_context(
                    match=match,
                    buddy_request=match.request,
                    portal_url=_site_url(reverse("oudernetwerk:portal")),
                ),
            )
        sent += claimed is not None
    return sent


def _sweep_expired(now: datetime) -> int:
    due = Match.objects.filter(status=Match.Status.PROPOSED, answer_by__lte=now)
    return sum(match_expire(match_id=pk, now=now) for pk in due.values_list("pk", flat=True))


def _sweep_checkins(now: datetime) -> int:
    """Both sides of a running match are asked how it goes: two weeks after the buddy
    said yes, then every three months. Only the latest round that is due is asked (a
    sweep that did not run for a while does not send a pile), each once."""
    running = Match.objects.filter(
        status__in=workflow.RUNNING,
        answered_at__lte=now - CHECKIN_FIRST_AFTER,
    ).select_related("buddy__user", "request__parent")
    # What exists already is read once, so an hourly sweep over many running matches
    # does not write (or lock) anything for a round already asked.
    asked = set(
        CheckIn.objects.filter(match__in=running).values_list("match_id", "respondent", "round")
    )
    sent = 0
    for match in running:
        round_due = checkin_round_due(match.answered_at, now)
        for respondent in CheckIn.Respondent.values:
            if (match.pk, respondent, round_due) in asked:
                continue
            with transaction.atomic():
                checkin, created = CheckIn.objects.get_or_create(
                    match=match, respondent=respondent, round=round_due, defaults={"due_at": now}
                )
                if created:
                    sent += _claim_checkin_invitation(checkin) is not None
    return sent


# --- Parent panel and consultations ---------------------------------------------------------
#
# Anonymity: an `Invitation` knows who was asked and only *whether* they answered; a
# `Response` knows only its consultation. Nothing here logs or records who answered
# when, responses have random keys, and results are shown only once a consultation is
# finished and at least 5 parents answered, with every count below 5 suppressed.
#
# Unlinkability (docs/adr/0004-unlinkable-consultation-answers.md): answering writes
# the flag and an encrypted, fixed-size `SealedResponse` in one transaction. Only when
# the consultation is finished (closed, or its last day passed) are the sealed answers
# opened and written as `Response` rows, all in one other transaction, in an order
# shuffled by `secrets.SystemRandom`, and only when there are at least 5 of them; fewer
# stay sealed. So no transaction id, physical row order or key ties an answer to the
# flag of the parent who gave it.

PANEL_CONSENT_TEXT = _lazy(
    "Ik wil af en toe een korte vragenlijst van het steunpunt krijgen over mijn ervaringen. "
    "Ik kies elke keer zelf of ik meedoe. Mijn antwoorden worden bewaard zonder mijn naam. "
    "Ik kan altijd stoppen."
)
OPEN_ANSWER_MAX_LENGTH = 2000
# Within this many days after the closing date the participants get a summary.
SUMMARY_WITHIN_DAYS = 42
C = Consultation.Status


def answer_field_name(question: Question) -> str:
    """The name of a question's field in the answer form, and the key of its error."""
    return f"vraag_{question.pk}"


def summary_expected_by(consultation: Consultation) -> date:
    return consultation.closes_on + timedelta(days=SUMMARY_WITHIN_DAYS)


def _consultation_url(consultation: Consultation) -> str:
    return _site_url(reverse("oudernetwerk:consultation", args=[consultation.pk]))


def _send_to_each(*, template: str, recipients: Iterable[str], context: dict) -> int:
    """The same email, rendered once, to every recipient on their own (nobody sees who
    else got it)."""
    recipients = sorted(set(recipients))
    if not recipients:
        return 0
    subject, body, html = outbox.render_email(template=template, context=context)
    for email in recipients:
        outbox.queue_email(subject=subject, body=body, html=html, to=[email])
    return len(recipients)


@transaction.atomic
def panel_join(
    *, user, municipality: Municipality, consent: bool, themes: Sequence[Theme] = ()
) -> PanelMember:
    """A parent joins the parent panel, agreeing to `PANEL_CONSENT_TEXT` (kept on the
    row in the words they saw). Joining again after stopping is fine."""
    if not consent:
        raise ValidationError(_("Zet een vinkje als je mee wilt doen."))
    if not selectors.may_join_panel(user):
        raise ActionRefusedError(
            _("Het ouderpanel is voor ouders. Meld je aan met je eigen, persoonlijke account.")
        )
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    member = PanelMember.objects.filter(user=user).first() or PanelMember(user=user)
    if member.pk and member.is_active:
        raise ActionRefusedError(_("Je zit al in het ouderpanel."))
    with translation.override(settings.LANGUAGE_CODE):
        member.consent_text = str(PANEL_CONSENT_TEXT)
    member.municipality = municipality
    member.joined_at = timezone.now()
    member.withdrawn_at = None
    member.save()
    member.themes.set(themes)
    return member


@transaction.atomic
def panel_withdraw(*, user) -> int:
    """Stop with the panel: no new invitations, and the ones not answered yet for
    consultations still running are taken back. Answers already given stay: they carry
    no name, so nobody can find them again. Returns how many invitations were removed."""
    member = (
        PanelMember.objects.select_for_update().filter(user=user, withdrawn_at__isnull=True).first()
    )
    if member is None:
        raise ActionRefusedError(_("Je zit niet in het ouderpanel."))
    member.withdrawn_at = timezone.now()
    member.save(update_fields=["withdrawn_at"])
    removed, _counts = Invitation.objects.filter(
        user=user, has_answered=False, consultation__status__in=[C.DRAFT, C.OPEN]
    ).delete()
    return removed


def _lock_consultation(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def consultation_problems(*, consultation: Consultation, today: date | None = None) -> list[str]:
    """What must be fixed before a consultation can open, in Dutch; empty when ready."""
    today = today or timezone.localdate()
    problems = []
    questions = list(consultation.questions.all())
    if not questions:
        problems.append(_("Voeg eerst minstens één vraag toe."))
    for question in questions:
        if question.kind == Question.Kind.CHOICE and len(question.options) < 2:
            problems.append(
                _("Geef de vraag '%(question)s' minstens twee keuzes.") % {"question": question}
            )
    if consultation.closes_on < today:
        problems.append(_("De sluitdatum is al voorbij. Kies een latere datum."))
    return problems


@transaction.atomic
def consultation_open(*, consultation: Consultation, actor) -> Consultation:
    """Draft to open: from now on the questions are fixed and parents can be invited."""
    consultation = _lock_consultation(consultation)
    if consultation.status != C.DRAFT:
        raise ActionRefusedError(
            _("'%(title)s' is niet meer een concept.") % {"title": consultation}
        )
    problems = consultation_problems(consultation=consultation)
    if problems:
        raise ActionRefusedError(problems)
    consultation.status = C.OPEN
    consultation.opened_at = timezone.now()
    consultation.save(update_fields=["status", "opened_at", "updated_at"])
    return consultation


@transaction.atomic
def consultation_close(
    *, consultation: Consultation, actor, rng: random.Random | None = None
) -> Consultation:
    """Open to closed: nobody can answer any more, the sealed answers are written as
    one shuffled batch (when there are at least 5), and the results can be read."""
    consultation = _lock_consultation(consultation)
    if consultation.status != C.OPEN:
        raise ActionRefusedError(_("'%(title)s' is niet open.") % {"title": consultation})
    _mark_closed(consultation)
    _write_batch(consultation=consultation, rng=rng)
    return consultation


def _mark_closed(consultation: Consultation) -> None:
    consultation.status = C.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["status", "closed_at", "updated_at"])


def consultation_write_answers(
    *, consultation: Consultation, rng: random.Random | None = None
) -> int:
    """For a finished consultation: write its sealed answers as one shuffled batch.

    A consultation whose last day passed while it was still open is closed for good
    first, so no answer can come after its batch (a later batch would be smaller than
    5). Safe to run at any moment and twice at once. Returns how many were written."""
    with transaction.atomic():
        consultation = _lock_consultation(consultation)
        if consultation.status == C.OPEN and consultation.is_finished():
            _mark_closed(consultation)
        if consultation.status != C.CLOSED:
            return 0
        return _write_batch(consultation=consultation, rng=rng)


def _write_batch(*, consultation: Consultation, rng: random.Random | None) -> int:
    """Open every sealed answer of a closed (and locked) consultation and write them as
    `Response` rows in one transaction, in shuffled order. Fewer than 5 stay sealed: a
    batch that small would point at the few parents whose flag was set.

    `rng` is for tests only; it defaults to the operating system's randomness. The answers
    are put in an order of their content first, so even the order in which the sealed
    rows are read plays no part."""
    sealed_rows = list(SealedResponse.objects.filter(consultation=consultation))
    if len(sealed_rows) < MIN_CELL:
        return 0
    opened, read_rows = [], []
    for row in sealed_rows:
        values = sealing.unseal(consultation_id=consultation.pk, sealed=row.sealed)
        if values is not None:
            opened.append(sorted(values.items()))
            read_rows.append(row.pk)
    unreadable = len(sealed_rows) - len(read_rows)
    if unreadable:
        logger.warning(
            "consultation %s: %s sealed answers cannot be opened with the current or "
            "fallback secret keys",
            consultation.pk,
            unreadable,
        )
    if len(opened) < MIN_CELL:
        return 0
    opened.sort()
    (rng or secrets.SystemRandom()).shuffle(opened)
    questions = {question.pk: question for question in consultation.questions.all()}
    responses = [Response(consultation=consultation) for _values in opened]
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question=questions[question_pk],
                choice=value if questions[question_pk].kind == Question.Kind.CHOICE else "",
                text=value if questions[question_pk].kind == Question.Kind.OPEN else "",
            )
            for response, values in zip(responses, opened, strict=True)
            for question_pk, value in values
            if question_pk in questions
        ]
    )
    SealedResponse.objects.filter(pk__in=read_rows).delete()
    logger.info("consultation %s: wrote a batch of %s answers", consultation.pk, len(opened))
    return len(opened)


def _sweep_consultations(now: datetime) -> int:
    """Write the batch of every consultation that finished with sealed answers waiting:
    the ones whose last day passed without anyone closing them. Returns how many answers
    were written."""
    today = timezone.localdate(now)
    waiting = Consultation.objects.annotate(sealed=Count("sealed_responses")).filter(
        Q(status=C.OPEN, closes_on__lt=today, sealed__gt=0)
        | Q(status=C.CLOSED, sealed__gte=MIN_CELL)
    )
    return sum(consultation_write_answers(consultation=consultation) for consultation in waiting)


def answered_count(*, consultation: Consultation) -> int:
    """How many parents answered: the written responses and the sealed ones waiting."""
    return consultation.responses.count() + consultation.sealed_responses.count()


def members_to_invite(*, consultation: Consultation) -> QuerySet[PanelMember]:
    """Active panel members who fit the consultation's municipalities and themes (an
    empty filter means everyone) and were not invited yet."""
    members = PanelMember.objects.filter(withdrawn_at__isnull=True, user__is_active=True)
    municipalities = list(consultation.municipalities.values_list("pk", flat=True))
    if municipalities:
        members = members.filter(municipality__in=municipalities)
    themes = list(consultation.themes.values_list("pk", flat=True))
    if themes:
        members = members.filter(
            pk__in=PanelMember.themes.through.objects.filter(theme__in=themes).values("panelmember")
        )
    invited = Invitation.objects.filter(consultation=consultation).values("user")
    return members.exclude(user__in=invited).order_by("pk")


@transaction.atomic
def consultation_invite(*, consultation: Consultation, actor) -> int:
    """Invite every fitting panel member not invited yet; each gets an email with what
    it is about, how long it takes, the last day and the link. Returns how many."""
    consultation = _lock_consultation(consultation)
    if not consultation.accepts_answers():
        raise ActionRefusedError(
            _("Uitnodigen kan als de raadpleging open is en de sluitdatum nog niet voorbij is.")
        )
    members = list(members_to_invite(consultation=consultation).select_related("user"))
    now = timezone.now()
    Invitation.objects.bulk_create(
        [Invitation(consultation=consultation, user=m.user, invited_at=now) for m in members]
    )
    _send_to_each(
        template="oudernetwerk/email/consultation_invitation",
        recipients=[m.user.email for m in members],
        context=_context(
            consultation=consultation,
            question_count=consultation.questions.count(),
            consultation_url=_consultation_url(consultation),
            panel_url=_reverse_or_none("oudernetwerk:consultations"),
        ),
    )
    return len(members)


def clean_answers(
    *, questions: Sequence[Question], answers: Mapping[int, str]
) -> list[tuple[Question, str]]:
    """The answers worth storing, checked against the questions. Errors are keyed by the
    answer form's field names, so the page shows each beside its question."""
    errors = {}
    cleaned = []
    for question in questions:
        value = (answers.get(question.pk) or "").strip()
        name = answer_field_name(question)
        if question.kind == Question.Kind.CHOICE:
            if value and value not in question.options:
                errors[name] = _("Kies een van de antwoorden uit de lijst.")
            elif not value and question.required:
                errors[name] = _("Kies een antwoord.")
        elif len(value) > OPEN_ANSWER_MAX_LENGTH:
            errors[name] = _("Je antwoord is te lang. Maak het korter dan 2000 tekens.")
        elif not value and question.required:
            errors[name] = _("Vul hier een antwoord in.")
        if value and name not in errors:
            cleaned.append((question, value))
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def consultation_answer(*, consultation: Consultation, user, answers: Mapping[int, str]) -> None:
    """Seal one invited parent's answers into the pool of the consultation and mark the
    invitation as answered. Nothing readable about the answers is written here: they
    become `Response` rows in a shuffled batch once the consultation is finished.

    The consultation row is locked first (so closing waits for an answer under way and
    no answer lands after the batch), then the invitation (so two quick submissions
    cannot both count). Nothing is logged."""
    consultation = _lock_consultation(consultation)
    invitation = (
        Invitation.objects.select_for_update().filter(consultation=consultation, user=user).first()
    )
    if invitation is None:
        raise ActionRefusedError(_("Je bent niet uitgenodigd voor deze vragenlijst."))
    if invitation.has_answered:
        raise ActionRefusedError(
            _("Je hebt deze vragenlijst al ingevuld. Je kunt maar één keer antwoorden.")
        )
    if not consultation.accepts_answers():
        raise ActionRefusedError(_("Deze vragenlijst is gesloten. Antwoorden kan niet meer."))
    if not PanelMember.objects.filter(user=user, withdrawn_at__isnull=True).exists():
        raise ActionRefusedError(_("Je zit niet meer in het ouderpanel."))
    questions = list(consultation.questions.all())
    cleaned = clean_answers(questions=questions, answers=answers)
    SealedResponse.objects.create(
        consultation=consultation,
        sealed=sealing.seal(
            consultation_id=consultation.pk,
            questions=questions,
            values={question.pk: value for question, value in cleaned},
            open_max_length=OPEN_ANSWER_MAX_LENGTH,
        ),
    )
    invitation.has_answered = True
    invitation.save(update_fields=["has_answered"])


@dataclass
class OptionResult:
    label: str
    count: int | str
    # Share of all responses, for the bar; None when the count is suppressed.
    percent: int | None


@dataclass
class QuestionResult:
    question: Question
    options: list[OptionResult] = field(default_factory=list)
    open_answers: list[str] = field(default_factory=list)


@dataclass
class ConsultationResults:
    consultation: Consultation
    invited: int
    responses: int | str
    # Why there is nothing per question, in Dutch; empty when the results are shown.
    withheld: str = ""
    questions: list[QuestionResult] = field(default_factory=list)


def consultation_results(*, consultation: Consultation) -> ConsultationResults:
    """The results per question, for coordinators. Nothing per question while the
    consultation runs (a result that changes while you watch can tell who just
    answered) or when fewer than 5 parents answered; counts of 1 to 4 show as "<5".
    A finished consultation whose batch was not written yet gets it written first."""
    if consultation.is_finished() and consultation.sealed_responses.exists():
        consultation_write_answers(consultation=consultation)
        consultation.refresh_from_db()
    results = ConsultationResults(
        consultation=consultation,
        invited=consultation.invitations.count(),
        responses=suppress(answered_count(consultation=consultation)),
    )
    # Per question only what was written: sealed answers below 5 are never opened.
    total = consultation.responses.count()
    if not consultation.is_finished():
        results.withheld = _(
            "De uitslag zie je als de raadpleging gesloten is. Zo kan niemand uit een "
            "tussenstand afleiden wie wat heeft geantwoord."
        )
        return results
    if total < MIN_CELL:
        results.withheld = _(
            "Minder dan 5 ouders hebben geantwoord. Dan tonen we geen uitslag, zodat "
            "niemand herkenbaar is."
        )
        return results
    answers = Answer.objects.filter(question__consultation=consultation)
    counts = {
        (row["question"], row["choice"]): row["n"]
        for row in answers.filter(question__kind=Question.Kind.CHOICE)
        .values("question", "choice")
        .annotate(n=Count("id"))
        .order_by()
    }
    texts = defaultdict(list)
    for question_id, text in (
        answers.filter(question__kind=Question.Kind.OPEN)
        .order_by("id")
        .values_list("question", "text")
    ):
        texts[question_id].append(text)
    for question in consultation.questions.all():
        result = QuestionResult(question=question)
        if question.kind == Question.Kind.CHOICE:
            for option in question.options:
                n = counts.get((question.pk, option), 0)
                shown = suppress(n)
                result.options.append(
                    OptionResult(
                        label=option,
                        count=shown,
                        percent=None if shown == SUPPRESSED else round(100 * n / total),
                    )
                )
        else:
            result.open_answers = texts.get(question.pk, [])
        results.questions.append(result)
    return results


@transaction.atomic
def consultation_publish_summary(*, consultation: Consultation, actor, summary: str) -> int:
    """Share what we heard with the parents who answered: by email to those still in
    the panel, and on their page. Once. Returns how many emails go out."""
    consultation = _lock_consultation(consultation)
    if consultation.status != C.CLOSED:
        raise ActionRefusedError(_("Sluit de raadpleging eerst. Dan kun je de samenvatting delen."))
    if consultation.summary_published_at is not None:
        raise ActionRefusedError(_("De samenvatting is al gedeeld."))
    summary = summary.strip()
    if not summary:
        raise ValidationError(_("Schrijf eerst een samenvatting."))
    consultation.summary = summary
    consultation.summary_published_at = timezone.now()
    consultation.save(update_fields=["summary", "summary_published_at", "updated_at"])
    recipients = consultation.invitations.filter(
        has_answered=True,
        user__is_active=True,
        user__panel_member__withdrawn_at__isnull=True,
    ).values_list("user__email", flat=True)
    return _send_to_each(
        template="oudernetwerk/email/consultation_summary",
        recipients=recipients,
        context=_context(
            consultation=consultation,
            consultation_url=_consultation_url(consultation),
        ),
    )


# --- Meetups (ontmoetingen) -----------------------------------------------------------------

R = MeetupRegistration.Status
ACTIVE_REGISTRATION = (R.REGISTERED, R.WAITING)


def meetup_url(meetup: Meetup) -> str:
    return _site_url(reverse("oudernetwerk:meetup", args=[meetup.pk]))


def meetup_location(meetup: Meetup) -> str:
    """Where it is, in one line: the place and its address, or "Online"."""
    if meetup.is_online:
        return _("Online")
    return ", ".join(part for part in (meetup.place_name, meetup.address) if part)


def meetup_calendar(*, meetup: Meetup, with_link: bool) -> str:
    """The meetup as an .ics file. The online link only goes into the file of a parent
    who has a place (`with_link`); everybody else gets the meetup page."""
    page = meetup_url(meetup)
    url = meetup.online_url if meetup.is_online and with_link else page
    description = "\n\n".join(part for part in (meetup.description.strip(), page) if part)
    return ics.calendar(
        ics.CalendarEvent(
            uid=ics.uid_for("meetup", meetup.pk),
            starts_at=meetup.starts_at,
            ends_at=meetup.ends_at,
            summary=meetup.title,
            description=description,
            location=meetup_location(meetup),
            url=url,
            cancelled=meetup.is_cancelled,
        ),
        now=timezone.now(),
    )


def meetup_calendar_attachment(meetup: Meetup) -> dict:
    return {
        "filename": "ontmoeting.ics",
        "content": meetup_calendar(meetup=meetup, with_link=True),
        "mimetype": ics.MIMETYPE,
    }


def waiting_place(registration: MeetupRegistration) -> int | None:
    """1 for the first on the waiting list; None when not waiting."""
    if registration.status != R.WAITING:
        return None
    return (
        MeetupRegistration.objects.filter(meetup_id=registration.meetup_id, status=R.WAITING)
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lte=registration.pk)
        )
        .count()
    )


def _lock_meetup(meetup: Meetup) -> Meetup:
    return Meetup.objects.select_for_update().get(pk=meetup.pk)


def _meetup_context(meetup: Meetup, **extra) -> dict:
    return _context(
        meetup=meetup,
        location=meetup_location(meetup),
        meetup_url=meetup_url(meetup),
        **extra,
    )


def _refuse_unless_open(meetup: Meetup, now: datetime) -> None:
    if meetup.status == Meetup.Status.CANCELLED:
        raise ActionRefusedError(_("Deze ontmoeting gaat niet door. Aanmelden kan niet meer."))
    if meetup.status != Meetup.Status.PUBLISHED:
        raise ActionRefusedError(_("Aanmelden voor deze ontmoeting kan nog niet."))
    if meetup.starts_at <= now:
        raise ActionRefusedError(
            _("Deze ontmoeting is al begonnen of voorbij. Aanmelden kan niet meer.")
        )


@transaction.atomic
def meetup_register(*, meetup: Meetup, parent) -> MeetupRegistration:
    """A parent signs up: a place while there is one, else the waiting list. The meetup
    row is locked, so two parents taking the last place at once cannot both get it.
    The parent gets an email that says which of the two it is."""
    now = timezone.now()
    meetup = _lock_meetup(meetup)
    _refuse_unless_open(meetup, now)
    existing = meetup.registrations.filter(parent=parent, status__in=ACTIVE_REGISTRATION).first()
    if existing is not None:
        raise ActionRefusedError(
            _("Je bent al aangemeld voor deze ontmoeting.")
            if existing.status == R.REGISTERED
            else _("Je staat al op de wachtlijst voor deze ontmoeting.")
        )
    taken = meetup.registrations.filter(status=R.REGISTERED).count()
    status = R.REGISTERED if taken < meetup.capacity else R.WAITING
    try:
        with transaction.atomic():
            registration = MeetupRegistration.objects.create(
                meetup=meetup, parent=parent, status=status, created_at=now
            )
    except IntegrityError as error:
        raise ActionRefusedError(_("Je bent al aangemeld voor deze ontmoeting.")) from error
    if status == R.REGISTERED:
        template, extra = "oudernetwerk/email/meetup_registered", {}
    else:
        template = "oudernetwerk/email/meetup_waiting"
        extra = {"place": waiting_place(registration)}
    outbox.send_templated_email(
        template=template, to=[parent.email], context=_meetup_context(meetup, **extra)
    )
    return registration


def _fill_places(meetup: Meetup, now: datetime) -> list[MeetupRegistration]:
    """Move the waiting list up, first come first served, while there are places. The
    caller holds the lock on the meetup."""
    if meetup.status != Meetup.Status.PUBLISHED or meetup.starts_at <= now:
        return []
    free = meetup.capacity - meetup.registrations.filter(status=R.REGISTERED).count()
    if free <= 0:
        return []
    promoted = list(
        meetup.registrations.filter(status=R.WAITING)
        .select_related("parent")
        .order_by("created_at", "pk")[:free]
    )
    for registration in promoted:
        registration.status = R.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        outbox.send_templated_email(
            template="oudernetwerk/email/meetup_promoted",
            to=[registration.parent.email],
            context=_meetup_context(meetup),
        )
    return promoted


@transaction.atomic
def meetup_fill_places(*, meetup: Meetup) -> list[MeetupRegistration]:
    """After the coordinator added places: the first on the waiting list get them."""
    return _fill_places(_lock_meetup(meetup), timezone.now())


@transaction.atomic
def meetup_cancel_registration(*, registration: MeetupRegistration, actor) -> MeetupRegistration:
    """A parent leaves (or a coordinator signs them off, e.g. after a phone call).
    A place that comes free goes to the first on the waiting list, who gets an email."""
    from .selectors import is_coordinator

    now = timezone.now()
    meetup = _lock_meetup(registration.meetup)
    registration = MeetupRegistration.objects.select_for_update().get(pk=registration.pk)
    if actor.pk != registration.parent_id and not is_coordinator(actor):
        raise ActionRefusedError(_("Je kunt alleen jezelf afmelden."))
    if registration.status == R.CANCELLED:
        raise ActionRefusedError(_("Je bent al afgemeld voor deze ontmoeting."))
    if meetup.starts_at <= now:
        raise ActionRefusedError(
            _("Deze ontmoeting is al begonnen of voorbij. Afmelden kan niet meer.")
        )
    had_place = registration.status == R.REGISTERED
    registration.status = R.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    if had_place:
        _fill_places(meetup, now)
    return registration


@transaction.atomic
def meetup_cancel(*, meetup: Meetup, actor, reason: str) -> Meetup:
    """The coordinator calls a meetup off. Everybody with a place or on the waiting list
    gets an email with the reason; each their own, so nobody sees who else came."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Schrijf kort op waarom. De aangemelde ouders lezen dit."))
    now = timezone.now()
    meetup = _lock_meetup(meetup)
    if meetup.status == Meetup.Status.CANCELLED:
        raise ActionRefusedError(_("%(meetup)s is al afgelast.") % {"meetup": meetup})
    if meetup.starts_at <= now:
        raise ActionRefusedError(
            _("%(meetup)s is al begonnen of voorbij. Afgelasten kan niet meer.")
            % {"meetup": meetup}
        )
    meetup.status = Meetup.Status.CANCELLED
    meetup.cancel_reason = reason
    meetup.cancelled_at = now
    meetup.cancelled_by = actor
    meetup.save(
        update_fields=["status", "cancel_reason", "cancelled_at", "cancelled_by", "updated_at"]
    )
    for registration in meetup.registrations.filter(status__in=ACTIVE_REGISTRATION).select_related(
        "parent"
    ):
        outbox.send_templated_email(
            template="oudernetwerk/email/meetup_cancelled",
            to=[registration.parent.email],
            context=_meetup_context(
                meetup, reason=reason, was_waiting=registration.status == R.WAITING
            ),
        )
    return meetup


# A change to one of these is news for everybody who signed up.
MEETUP_NEWS_FIELDS = frozenset(
    {"starts_at", "ends_at", "kind", "place_name", "address", "online_url", "municipality"}
)


def meetup_changed(*, meetup: Meetup, changed: Iterable[str]) -> int:
    """The coordinator moved the meetup in time or place (saved already): everybody with
    a place or on the waiting list gets an email with the new details. Returns how many."""
    if not MEETUP_NEWS_FIELDS & set(changed) or meetup.status != Meetup.Status.PUBLISHED:
        return 0
    registrations = list(
        meetup.registrations.filter(status__in=ACTIVE_REGISTRATION).select_related("parent")
    )
    for registration in registrations:
        outbox.send_templated_email(
            template="oudernetwerk/email/meetup_changed",
            to=[registration.parent.email],
            context=_meetup_context(meetup, was_waiting=registration.status == R.WAITING),
        )
    return len(registrations)


def attendance_refusal(registration: MeetupRegistration) -> str | None:
    """Why attendance cannot be marked for this registration now, or None."""
    if registration.status != R.REGISTERED:
        return _("%(parent)s had geen plek bij deze ontmoeting.") % {"parent": registration.parent}
    if registration.meetup.starts_at > timezone.now():
        return _("Wie er was, vul je in als de ontmoeting begonnen is.")
    return None


def meetup_mark_attendance(
    *, registration: MeetupRegistration, attended: bool | None, actor
) -> MeetupRegistration:
    """Who came: only for someone with a place, once the meetup has begun."""
    refusal = attendance_refusal(registration)
    if refusal:
        raise ActionRefusedError(refusal)
    if registration.attended != attended:
        registration.attended = attended
        registration.save(update_fields=["attended"])
    return registration


def meetup_reminder_key(registration: MeetupRegistration) -> str:
    day = timezone.localdate(registration.meetup.starts_at)
    return f"meetup-reg-{registration.pk}-day-before-{day.isoformat()}"


def _sweep_meetups(now: datetime) -> int:
    """The day before a meetup, from MEETUP_REMINDER_HOUR (local time) on, everybody
    with a place gets a reminder with the meetup as a calendar file; once per
    registration and date, however often the sweep runs. A parent who gets a place
    later that day still gets one at the next run."""
    local = timezone.localtime(now)
    if local.hour < settings.MEETUP_REMINDER_HOUR:
        return 0
    tomorrow = local.date() + timedelta(days=1)
    day_starts = timezone.make_aware(datetime.combine(tomorrow, time.min))
    day_ends = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), time.min))
    registrations = MeetupRegistration.objects.filter(
        status=R.REGISTERED,
        meetup__status=Meetup.Status.PUBLISHED,
        meetup__starts_at__gte=day_starts,
        meetup__starts_at__lt=day_ends,
    ).select_related("meetup", "parent")
    done = set(
        Reminder.objects.filter(
            kind=Reminder.Kind.MEETUP_DAY_BEFORE, registration__in=registrations
        ).values_list("key", flat=True)
    )
    sent = 0
    for registration in registrations:
        key = meetup_reminder_key(registration)
        if key in done:
            continue
        meetup = registration.meetup
        with transaction.atomic():
            claimed = outbox.claim_once(
                model=Reminder,
                key=key,
                kind=Reminder.Kind.MEETUP_DAY_BEFORE,
                registration=registration,
                template="oudernetwerk/email/meetup_day_before",
                to=[registration.parent.email],
                context=_meetup_context(meetup),
                attachments=[meetup_calendar_attachment(meetup)],
            )
        sent += claimed is not None
    return sent
