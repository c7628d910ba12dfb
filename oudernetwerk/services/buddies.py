"""Becoming a buddy: applying, screening, approving or rejecting, pausing and
resuming; and the sweep's VOG warnings to coordinators."""

from collections.abc import Sequence
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import outbox, roles
from steunpunt.models import AgeBand, Municipality, Theme

from .. import workflow
from ..models import (
    MAX_ACTIVE_MATCHES_LIMIT,
    BuddyProfile,
    Language,
    Reminder,
    SchoolType,
)
from .common import (
    INTRODUCTION_MAX_LENGTH,
    ActionRefusedError,
    E,
    P,
    _admin_url,
    _clean_codes,
    _context,
    _event,
    _reverse_or_none,
    clean_contact_sharing,
    coordinator_emails,
    shift_years,
    vog_is_valid,
    vog_valid_until,
)

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


@transaction.atomic
def buddy_set_capacity(*, profile: BuddyProfile, actor, max_active_matches: int) -> BuddyProfile:
    """The buddy chooses how many parents they help at once. Fewer than they help now
    is fine: those go on, and no new proposal comes until one ends."""
    if not 1 <= max_active_matches <= MAX_ACTIVE_MATCHES_LIMIT:
        raise ActionRefusedError(
            _("Kies een aantal van 1 tot %(limit)s.") % {"limit": MAX_ACTIVE_MATCHES_LIMIT}
        )
    if profile.status not in (P.APPROVED, P.PAUSED):
        raise ActionRefusedError(_("Dit kan pas als je buddy bent."))
    profile.max_active_matches = max_active_matches
    profile.save(update_fields=["max_active_matches", "updated_at"])
    _event(E.BUDDY_CAPACITY, actor, profile=profile, text=str(max_active_matches))
    return profile


def vog_reminder_key(profile: BuddyProfile) -> str:
    return f"buddy-{profile.pk}-vog-{profile.vog_date.isoformat()}"


def sweep_vog(today: date) -> int:
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
                # As on the day it was claimed: the key names this VOG date.
                context={"valid_until": valid_until, "expired": valid_until <= today},
            )
        sent += claimed is not None
    return sent
