"""The rules of policy work by experienced parents: joining the pool, a partner's
request, the ranked list a coordinator invites from, the parent's answer, the report
afterwards and the volunteer allowance against the yearly legal maximum.

Views, the admin and the demo seed call these; each refusal is an `ActionRefusedError`
with a Dutch message that says why."""

import heapq
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, router, transaction
from django.db.models import Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steunpunt import outbox, roles
from steunpunt.compiled import CompiledQuery
from steunpunt.models import Municipality, Theme
from steunpunt.selectors import site_settings, users_with_role
from steunpunt.site_url import absolute_url

from .models import Format, Invitation, Moment, PerspectiveRequest, PoolMember

M = PoolMember.Status
R = PerspectiveRequest.Status
I = Invitation.Status  # noqa: E741 (the model's own name for it)

EXPERIENCE_MAX_LENGTH = 1500
DESCRIPTION_MAX_LENGTH = 3000
REPORT_MAX_LENGTH = 5000
MAX_DATES = 3
MAX_PARENTS_WANTED = 6
# A request must leave the coordinator time to find parents, and parents time to plan.
MIN_DAYS_AHEAD = 7
SUGGESTIONS_SHOWN = 10
# Invited within this many days ago counts fully against being asked again.
REST_FULL_DAYS = 90


class ActionRefusedError(ValidationError):
    """An action the rules do not allow now; the message says why, in Dutch."""


# --- Who may ----------------------------------------------------------------------------

NOT_AS_PARENT = frozenset({roles.COORDINATOR, roles.EDITOR, roles.PARTNER, roles.PRIVACY_OFFICER})


def may_join(user) -> bool:
    """Parents (buddies too: they are parents); not accounts of the steunpunt or of an
    organisation."""
    return bool(
        user.is_authenticated
        and user.is_active
        and not user.is_staff
        and not roles.role_names(user) & NOT_AS_PARENT
    )


def may_ask(user) -> bool:
    """A partner with an organisation asks for a parent perspective."""
    return bool(
        user.is_authenticated
        and user.is_active
        and roles.has_role(user, roles.PARTNER)
        and user.organisation_id is not None
    )


# --- Small helpers ----------------------------------------------------------------------


def _clean_codes(values, choices, message: str) -> list[str]:
    values = set(values)
    if not values or not values <= set(choices.values):
        raise ValidationError(message)
    return [code for code in choices.values if code in values]


def _json_list_has(field_name: str, value: str) -> Q:
    """JSONB containment on PostgreSQL; SQLite keeps the list as text with each code in
    double quotes (our own codes never hold one)."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field_name}__contains": [value]})
    return Q(**{f"{field_name}__icontains": f'"{value}"'})


def _euro(amount: Decimal) -> str:
    return "€ " + number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def allowance_year_max() -> Decimal:
    return Decimal(settings.VOLUNTEER_ALLOWANCE_YEAR_MAX)


def _coordinator_emails() -> list[str]:
    return sorted(users_with_role(roles.COORDINATOR).values_list("email", flat=True))


def _context(**extra) -> dict:
    return {"site_settings": site_settings(), **extra}


def _admin_url(name: str, pk: int) -> str:
    return absolute_url(reverse(f"admin:ervaringsdeskundigen_{name}_change", args=[pk]))


def _lock(model, pk: int):
    return model.objects.select_for_update().get(pk=pk)


# --- The pool ---------------------------------------------------------------------------


def _member_fields(
    *, themes, municipalities, formats, moments, experience: str, max_per_year: int
) -> dict:
    experience = (experience or "").strip()
    if len(experience) > EXPERIENCE_MAX_LENGTH:
        raise ValidationError(
            _("Schrijf over je ervaring in hoogstens %(max)s tekens.")
            % {"max": EXPERIENCE_MAX_LENGTH}
        )
    if not 1 <= max_per_year <= 12:
        raise ValidationError(_("Kies hoe vaak per jaar: van 1 tot 12 keer."))
    if not themes:
        raise ValidationError(_("Kies minstens één thema waar je ervaring mee hebt."))
    return {
        "formats": _clean_codes(formats, Format, _("Kies minstens één manier van meedenken.")),
        "moments": _clean_codes(moments, Moment, _("Kies wanneer in de dag je kunt.")),
        "experience": experience,
        "max_per_year": max_per_year,
    }


@transaction.atomic
def pool_join(
    *,
    user,
    themes: list[Theme],
    municipalities: list[Municipality],
    formats: list[str],
    moments: list[str],
    experience: str,
    max_per_year: int,
) -> PoolMember:
    """A parent opts in. Where the steunpunt screens (POLICY_POOL_SCREENING), a
    coordinator calls first and approves; otherwise the parent is in at once."""
    if not may_join(user):
        raise ActionRefusedError(_("Alleen ouders kunnen zich aanmelden als ervaringsdeskundige."))
    fields = _member_fields(
        themes=themes,
        municipalities=municipalities,
        formats=formats,
        moments=moments,
        experience=experience,
        max_per_year=max_per_year,
    )
    member = PoolMember.objects.filter(user=user).select_for_update().first()
    now = timezone.now()
    screened = settings.POLICY_POOL_SCREENING
    status = M.APPLIED if screened else M.APPROVED
    if member is not None:
        if member.status not in (M.STOPPED,):
            raise ActionRefusedError(_("Je bent al aangemeld als ervaringsdeskundige."))
        # Back after stopping: the intake still counts.
        if member.intake_held_at is not None:
            status = M.APPROVED
        for name, value in fields.items():
            setattr(member, name, value)
        member.status, member.updated_at, member.stopped_at = status, now, None
        member.save()
    else:
        member = PoolMember.objects.create(user=user, status=status, updated_at=now, **fields)
    member.themes.set(themes)
    member.municipalities.set(municipalities)
    outbox.send_templated_email(
        template="ervaringsdeskundigen/email/joined",
        to=[user.email],
        context=_context(member=member, screened=status == M.APPLIED, url=_pool_url()),
    )
    if status == M.APPLIED:
        outbox.send_templated_email(
            template="ervaringsdeskundigen/email/new_member",
            to=_coordinator_emails(),
            context=_context(admin_url=_admin_url("poolmember", member.pk)),
        )
    return member


@transaction.atomic
def pool_update(
    *,
    member: PoolMember,
    themes: list[Theme],
    municipalities: list[Municipality],
    formats: list[str],
    moments: list[str],
    experience: str,
    max_per_year: int,
) -> PoolMember:
    member = _lock(PoolMember, member.pk)
    if member.status in (M.STOPPED, M.REJECTED):
        raise ActionRefusedError(_("Je doet niet meer mee. Meld je opnieuw aan."))
    fields = _member_fields(
        themes=themes,
        municipalities=municipalities,
        formats=formats,
        moments=moments,
        experience=experience,
        max_per_year=max_per_year,
    )
    for name, value in fields.items():
        setattr(member, name, value)
    member.updated_at = timezone.now()
    member.save()
    member.themes.set(themes)
    member.municipalities.set(municipalities)
    return member


def _set_status(member: PoolMember, *, allowed: tuple, to: str, message: str) -> PoolMember:
    member = _lock(PoolMember, member.pk)
    if member.status not in allowed:
        raise ActionRefusedError(message)
    member.status, member.updated_at = to, timezone.now()
    if to == M.STOPPED:
        member.stopped_at = member.updated_at
    member.save(update_fields=["status", "updated_at", "stopped_at"])
    return member


@transaction.atomic
def pool_pause(*, member: PoolMember) -> PoolMember:
    return _set_status(
        member,
        allowed=(M.APPROVED,),
        to=M.PAUSED,
        message=_("Pauze kan alleen als je meedoet."),
    )


@transaction.atomic
def pool_resume(*, member: PoolMember) -> PoolMember:
    return _set_status(
        member, allowed=(M.PAUSED,), to=M.APPROVED, message=_("Je staat niet op pauze.")
    )


@transaction.atomic
def pool_stop(*, member: PoolMember) -> PoolMember:
    """The parent stops. Open invitations lapse; what they said yes to stays their
    choice (the coordinator is told)."""
    member = _set_status(
        member,
        allowed=(M.APPLIED, M.APPROVED, M.PAUSED),
        to=M.STOPPED,
        message=_("Je bent al gestopt."),
    )
    Invitation.objects.filter(parent=member.user, status=I.INVITED).update(
        status=I.WITHDRAWN, answered_at=timezone.now()
    )
    accepted = list(
        Invitation.objects.filter(
            parent=member.user,
            status=I.ACCEPTED,
            request__status__in=PerspectiveRequest.OPEN_STATUSES,
        ).select_related("request")
    )
    if accepted:
        outbox.send_templated_email(
            template="ervaringsdeskundigen/email/member_stopped",
            to=_coordinator_emails(),
            context=_context(
                requests=[invitation.request.topic for invitation in accepted],
                admin_url=_admin_url("poolmember", member.pk),
            ),
        )
    return member


@transaction.atomic
def pool_approve(*, member: PoolMember, actor) -> PoolMember:
    """After the intake conversation; the date must be filled in first."""
    member = _lock(PoolMember, member.pk)
    if member.status != M.APPLIED:
        raise ActionRefusedError(_("Alleen een nieuwe aanmelding kan worden goedgekeurd."))
    if settings.POLICY_POOL_SCREENING and member.intake_held_at is None:
        raise ActionRefusedError(_("Vul eerst de datum van het kennismakingsgesprek in."))
    member.status, member.updated_at = M.APPROVED, timezone.now()
    member.save(update_fields=["status", "updated_at"])
    outbox.send_templated_email(
        template="ervaringsdeskundigen/email/approved",
        to=[member.user.email],
        context=_context(member=member, url=_pool_url()),
    )
    return member


@transaction.atomic
def pool_reject(*, member: PoolMember, actor) -> PoolMember:
    member = _lock(PoolMember, member.pk)
    if member.status != M.APPLIED:
        raise ActionRefusedError(_("Alleen een nieuwe aanmelding kan worden afgewezen."))
    member.status, member.updated_at = M.REJECTED, timezone.now()
    member.stopped_at = member.updated_at
    member.save(update_fields=["status", "updated_at", "stopped_at"])
    outbox.send_templated_email(
        template="ervaringsdeskundigen/email/rejected",
        to=[member.user.email],
        context=_context(member=member),
    )
    return member


def _pool_url() -> str:
    return absolute_url(reverse("ervaringsdeskundigen:pool"))


# --- A partner's request ----------------------------------------------------------------


def _clean_request(
    *,
    topic: str,
    description: str,
    format: str,
    moment: str,
    dates: list[date],
    hours: Decimal,
    parents_wanted: int,
    allowance: Decimal,
    today: date,
) -> dict:
    topic, description = (topic or "").strip(), (description or "").strip()
    if not topic:
        raise ValidationError(_("Schrijf waar het over gaat."))
    if not description:
        raise ValidationError(_("Schrijf wat u van ouders wilt weten."))
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            _("Schrijf het in hoogstens %(max)s tekens.") % {"max": DESCRIPTION_MAX_LENGTH}
        )
    if format not in Format.values:
        raise ValidationError(_("Kies een vorm."))
    if moment not in Moment.values:
        raise ValidationError(_("Kies wanneer in de dag het is."))
    dates = sorted({day for day in dates if day})
    if not dates:
        raise ValidationError(_("Vul minstens één datum in."))
    if len(dates) > MAX_DATES:
        raise ValidationError(_("Vul hoogstens %(max)s data in.") % {"max": MAX_DATES})
    earliest = today + timedelta(days=MIN_DAYS_AHEAD)
    if dates[0] < earliest:
        raise ValidationError(
            _("De eerste datum moet op of na %(date)s zijn. Zo hebben ouders tijd om te plannen.")
            % {"date": date_format(earliest, "j F Y")}
        )
    if hours is None or not Decimal("0.5") <= hours <= Decimal("40"):
        raise ValidationError(_("Vul de tijd per ouder in: van een half uur tot 40 uur."))
    if not 1 <= parents_wanted <= MAX_PARENTS_WANTED:
        raise ValidationError(_("Vraag van 1 tot %(max)s ouders.") % {"max": MAX_PARENTS_WANTED})
    if allowance is None or allowance < 0:
        raise ValidationError(_("De vergoeding kan niet minder dan € 0 zijn."))
    if allowance > allowance_year_max():
        raise ValidationError(
            _("De vergoeding is hoger dan een vrijwilliger per jaar mag krijgen (%(max)s).")
            % {"max": _euro(allowance_year_max())}
        )
    return {
        "topic": topic,
        "description": description,
        "format": format,
        "moment": moment,
        "dates": [day.isoformat() for day in dates],
        "first_date": dates[0],
        "last_date": dates[-1],
        "hours": hours,
        "parents_wanted": parents_wanted,
        "allowance": allowance,
    }


@transaction.atomic
def request_submit(
    *,
    user,
    topic: str,
    description: str,
    format: str,
    moment: str,
    dates: list[date],
    hours: Decimal,
    parents_wanted: int,
    allowance: Decimal,
    themes: list[Theme],
    municipality: Municipality | None,
) -> PerspectiveRequest:
    if not may_ask(user):
        raise ActionRefusedError(_("Alleen een partner van het steunpunt kan dit vragen."))
    fields = _clean_request(
        topic=topic,
        description=description,
        format=format,
        moment=moment,
        dates=dates,
        hours=hours,
        parents_wanted=parents_wanted,
        allowance=allowance,
        today=timezone.localdate(),
    )
    perspective = PerspectiveRequest.objects.create(
        organisation=user.organisation, asked_by=user, municipality=municipality, **fields
    )
    perspective.themes.set(themes)
    outbox.send_templated_email(
        template="ervaringsdeskundigen/email/request_received",
        to=[user.email],
        context=_context(
            perspective=perspective,
            url=absolute_url(
                reverse("ervaringsdeskundigen:partner_request", args=[perspective.pk])
            ),
        ),
    )
    outbox.send_templated_email(
        template="ervaringsdeskundigen/email/new_request",
        to=_coordinator_emails(),
        context=_context(
            perspective=perspective,
            organisation=user.organisation.name,
            admin_url=_admin_url("perspectiverequest", perspective.pk),
        ),
    )
    return perspective


def _partner_recipients(perspective: PerspectiveRequest) -> list[str]:
    """Who asked, or the organisation's address when that account is gone."""
    asked_by = perspective.asked_by
    if asked_by is not None and asked_by.is_active and asked_by.email:
        return [asked_by.email]
    return (
        [perspective.organisation.contact_email] if perspective.organisation.contact_email else []
    )


@transaction.atomic
def request_cancel(*, perspective: PerspectiveRequest, actor) -> PerspectiveRequest:
    """The partner (for their organisation) or a coordinator calls it off; invited and
    accepted parents are told."""
    perspective = _lock(PerspectiveRequest, perspective.pk)
    if perspective.status not in PerspectiveRequest.OPEN_STATUSES:
        raise ActionRefusedError(_("Deze vraag is al afgerond of gaat al niet door."))
    now = timezone.now()
    perspective.status, perspective.cancelled_at = R.CANCELLED, now
    perspective.save(update_fields=["status", "cancelled_at"])
    told = list(
        perspective.invitations.filter(status__in=[I.INVITED, I.ACCEPTED]).select_related("parent")
    )
    perspective.invitations.filter(status=I.INVITED).update(status=I.WITHDRAWN, answered_at=now)
    for invitation in told:
        outbox.send_templated_email(
            template="ervaringsdeskundigen/email/request_cancelled",
            to=[invitation.parent.email],
            context=_context(perspective=perspective, url=_pool_url()),
        )
    if not roles.is_coordinator(actor):
        outbox.send_templated_email(
            template="ervaringsdeskundigen/email/request_cancelled_staff",
            to=_coordinator_emails(),
            context=_context(
                perspective=perspective,
                admin_url=_admin_url("perspectiverequest", perspective.pk),
            ),
        )
    return perspective


@transaction.atomic
def request_report(*, perspective: PerspectiveRequest, report: str, actor) -> PerspectiveRequest:
    """Afterwards, what the parents brought in: it feeds the signals report."""
    perspective = _lock(PerspectiveRequest, perspective.pk)
    report = (report or "").strip()
    if perspective.status == R.CANCELLED:
        raise ActionRefusedError(_("Deze vraag ging niet door. Er is niets om te verslaan."))
    if perspective.first_date > timezone.localdate():
        raise ActionRefusedError(_("Schrijf het verslag na de eerste bijeenkomst."))
    if not perspective.invitations.filter(status=I.ACCEPTED).exists():
        raise ActionRefusedError(_("Er heeft geen ouder ja gezegd. Er is niets om te verslaan."))
    if not report:
        raise ValidationError(_("Schrijf kort wat de ouders hebben ingebracht."))
    if len(report) > REPORT_MAX_LENGTH:
        raise ValidationError(
            _("Schrijf het verslag in hoogstens %(max)s tekens.") % {"max": REPORT_MAX_LENGTH}
        )
    perspective.report, perspective.reported_by = report, actor
    perspective.reported_at, perspective.status = timezone.now(), R.DONE
    perspective.save(update_fields=["report", "reported_by", "reported_at", "status"])
    return perspective


# --- The ranked list --------------------------------------------------------------------


@dataclass
class Suggestion:
    """A parent of the pool for a request: the score (0 to 100) and, in Dutch, why."""

    member: PoolMember
    score: float
    reasons: list[str] = field(default_factory=list)
    asked_this_year: int = 0
    paid_this_year: Decimal = Decimal(0)


def _year_bounds(today: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime(today.year, 1, 1, tzinfo=tz), datetime(today.year + 1, 1, 1, tzinfo=tz)


def with_year_figures(members: QuerySet, *, today: date) -> QuerySet:
    """Annotate how often each was asked this calendar year, how often they said yes,
    what they were paid this year and when they were last asked (subqueries, so the
    count of rows stays one query)."""
    start, end = _year_bounds(today)
    mine = Invitation.objects.filter(parent=OuterRef("user_id")).order_by().values("parent")
    this_year = mine.filter(invited_at__gte=start, invited_at__lt=end)
    money = DecimalField(max_digits=9, decimal_places=2)
    return members.annotate(
        asked_this_year=Coalesce(Subquery(this_year.annotate(n=Count("pk")).values("n")), 0),
        accepted_this_year=Coalesce(
            Subquery(this_year.filter(status=I.ACCEPTED).annotate(n=Count("pk")).values("n")), 0
        ),
        paid_this_year=Coalesce(
            Subquery(
                mine.filter(paid_on__year=today.year)
                .annotate(total=Sum("allowance_paid"))
                .values("total"),
                output_field=money,
            ),
            Decimal(0),
            output_field=money,
        ),
        last_asked_at=Subquery(
            Invitation.objects.filter(parent=OuterRef("user_id"))
            .order_by("-invited_at")
            .values("invited_at")[:1]
        ),
    )


def eligible_members(*, perspective: PerspectiveRequest, today: date | None = None) -> QuerySet:
    """Every parent who may be invited for this request, in one query: in the pool (not
    paused), open to this format and this time of day, not invited for it yet, not
    asked as often this year as they said they want, and with room left under the
    yearly allowance maximum for this request's allowance."""
    today = today or timezone.localdate()
    invited = Invitation.objects.filter(request=perspective).values("parent")
    room = allowance_year_max() - perspective.allowance
    return (
        with_year_figures(
            PoolMember.objects.filter(status=M.APPROVED, user__is_active=True)
            .filter(_json_list_has("formats", perspective.format))
            .filter(_json_list_has("moments", perspective.moment))
            .exclude(user_id__in=invited)
            .select_related("user"),
            today=today,
        )
        .filter(asked_this_year__lt=F("max_per_year"))
        .filter(paid_this_year__lte=room)
    )


def suggest_members(
    *, perspective: PerspectiveRequest, today: date | None = None, limit: int = SUGGESTIONS_SHOWN
) -> list[Suggestion]:
    """The ranked, explained list: themes, municipality, how often asked this year and
    how long ago (spreading the load). The coordinator chooses; the list only helps."""
    today = today or timezone.localdate()
    weights = settings.POLICY_MATCH_WEIGHTS
    wanted_themes = {theme.pk: theme for theme in perspective.themes.all()}
    candidates = list(
        eligible_members(perspective=perspective, today=today).prefetch_related(
            "themes", "municipalities"
        )
    )
    now = timezone.now()
    scored = []
    for member in candidates:
        theme_ids = {theme.pk for theme in member.themes.all()}
        shared = [wanted_themes[pk] for pk in wanted_themes if pk in theme_ids]
        place_ids = {place.pk for place in member.municipalities.all()}
        score = 0.0
        reasons = []
        if wanted_themes:
            score += weights["themes"] * len(shared) / len(wanted_themes)
            if shared:
                reasons.append(
                    _("Ervaring met %(themes)s")
                    % {"themes": ", ".join(theme.name.lower() for theme in shared)}
                )
        else:
            score += weights["themes"] / 2
        if perspective.municipality_id is None:
            score += weights["municipality"] / 2
            reasons.append(_("De vraag is voor de hele regio"))
        elif perspective.municipality_id in place_ids:
            score += weights["municipality"]
            reasons.append(
                _("Woont of werkt in %(place)s") % {"place": perspective.municipality.name}
            )
        share = member.asked_this_year / member.max_per_year
        score += weights["load"] * (1 - share)
        reasons.append(
            ngettext(
                "Dit jaar %(count)s keer gevraagd (wil hoogstens %(max)s keer)",
                "Dit jaar %(count)s keer gevraagd (wil hoogstens %(max)s keer)",
                member.asked_this_year,
            )
            % {"count": member.asked_this_year, "max": member.max_per_year}
        )
        if member.last_asked_at is None:
            score += weights["rest"]
            reasons.append(_("Nog nooit gevraagd"))
        else:
            days = (now - member.last_asked_at).days
            score += weights["rest"] * min(days, REST_FULL_DAYS) / REST_FULL_DAYS
            reasons.append(
                ngettext(
                    "Laatst gevraagd %(days)s dag geleden",
                    "Laatst gevraagd %(days)s dagen geleden",
                    days,
                )
                % {"days": days}
            )
        if member.training_date is not None:
            score += weights["training"]
            reasons.append(_("Heeft de training gevolgd"))
        if perspective.allowance:
            reasons.append(
                _("Kreeg dit jaar %(paid)s vergoeding (hoogstens %(max)s per jaar)")
                % {"paid": _euro(member.paid_this_year), "max": _euro(allowance_year_max())}
            )
        scored.append(
            Suggestion(
                member=member,
                score=round(score, 1),
                reasons=reasons,
                asked_this_year=member.asked_this_year,
                paid_this_year=member.paid_this_year,
            )
        )
    return heapq.nlargest(
        limit, scored, key=lambda suggestion: (suggestion.score, -suggestion.member.pk)
    )


# --- Invitations ------------------------------------------------------------------------


def answer_deadline(perspective: PerspectiveRequest, *, now: datetime) -> datetime:
    """A week to answer, but never later than two days before the first meeting; at
    least a day when the meeting is that near, and never on the day of the meeting
    itself (`invite` refuses a meeting tomorrow)."""
    zone = timezone.get_current_timezone()
    week = now + timedelta(days=settings.POLICY_INVITATION_ANSWER_DAYS)
    before = datetime.combine(perspective.first_date - timedelta(days=2), time.min, tzinfo=zone)
    meeting_day = datetime.combine(perspective.first_date, time.min, tzinfo=zone)
    return min(max(min(week, before), now + timedelta(days=1)), meeting_day)


@transaction.atomic
def invite(*, perspective: PerspectiveRequest, member: PoolMember, actor) -> Invitation:
    perspective = _lock(PerspectiveRequest, perspective.pk)
    if perspective.status not in (R.SUBMITTED, R.INVITING):
        raise ActionRefusedError(_("Voor deze vraag nodigen we niemand meer uit."))
    if perspective.first_date <= timezone.localdate():
        raise ActionRefusedError(_("De eerste bijeenkomst is al geweest."))
    if perspective.first_date <= timezone.localdate() + timedelta(days=1):
        raise ActionRefusedError(
            _(
                "De eerste bijeenkomst is morgen al. Dat is te kort: een ouder krijgt minstens "
                "een dag om te antwoorden."
            )
        )
    if not eligible_members(perspective=perspective).filter(pk=member.pk).exists():
        raise ActionRefusedError(
            _(
                "Deze ouder past nu niet bij de vraag: al uitgenodigd, op pauze, vaak genoeg "
                "gevraagd dit jaar, of de vergoeding komt boven het maximum per jaar."
            )
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                request=perspective,
                parent=member.user,
                invited_by=actor,
                invited_at=now,
                answer_by=answer_deadline(perspective, now=now),
            )
    except IntegrityError:
        raise ActionRefusedError(_("Deze ouder is al uitgenodigd.")) from None
    if perspective.status == R.SUBMITTED:
        perspective.status = R.INVITING
        perspective.save(update_fields=["status"])
    outbox.send_templated_email(
        template="ervaringsdeskundigen/email/invited",
        to=[member.user.email],
        context=_context(
            perspective=perspective,
            organisation=perspective.organisation.name,
            invitation=invitation,
            url=absolute_url(reverse("ervaringsdeskundigen:invitation", args=[invitation.pk])),
        ),
    )
    return invitation


def _open_invitation(invitation: Invitation, *, user) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.parent_id != user.pk:
        raise ActionRefusedError(_("Deze uitnodiging is niet voor jou."))
    if invitation.status != I.INVITED:
        raise ActionRefusedError(_("Je hebt deze uitnodiging al beantwoord."))
    if invitation.is_expired():
        raise ActionRefusedError(_("De tijd om te antwoorden is voorbij."))
    perspective = PerspectiveRequest.objects.select_for_update().get(pk=invitation.request_id)
    if perspective.status not in (R.SUBMITTED, R.INVITING):
        raise ActionRefusedError(_("Deze vraag gaat niet meer door, of er zijn al genoeg ouders."))
    invitation.request = perspective
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Invitation:
    """The parent says yes. When enough parents said yes, the request is filled: the
    other open invitations lapse and the partner is told."""
    invitation = _open_invitation(invitation, user=user)
    perspective = invitation.request
    now = timezone.now()
    invitation.status, invitation.answered_at = I.ACCEPTED, now
    invitation.save(update_fields=["status", "answered_at"])
    accepted = perspective.invitations.filter(status=I.ACCEPTED).count()
    if accepted >= perspective.parents_wanted:
        perspective.status = R.FILLED
        perspective.save(update_fields=["status"])
        for other in perspective.invitations.filter(status=I.INVITED).select_related("parent"):
            other.status, other.answered_at = I.WITHDRAWN, now
            other.save(update_fields=["status", "answered_at"])
            outbox.send_templated_email(
                template="ervaringsdeskundigen/email/invitation_lapsed",
                to=[other.parent.email],
                context=_context(perspective=perspective, url=_pool_url()),
            )
        outbox.send_templated_email(
            template="ervaringsdeskundigen/email/request_filled",
            to=_partner_recipients(perspective),
            context=_context(
                perspective=perspective,
                accepted=accepted,
                url=absolute_url(
                    reverse("ervaringsdeskundigen:partner_request", args=[perspective.pk])
                ),
            ),
        )
    outbox.send_templated_email(
        template="ervaringsdeskundigen/email/accepted_staff",
        to=_coordinator_emails(),
        context=_context(
            perspective=perspective,
            accepted=accepted,
            admin_url=_admin_url("perspectiverequest", perspective.pk),
        ),
    )
    return invitation


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user) -> Invitation:
    invitation = _open_invitation(invitation, user=user)
    invitation.status, invitation.answered_at = I.DECLINED, timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, actor) -> Invitation:
    """The coordinator takes back an invitation not answered yet."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != I.INVITED:
        raise ActionRefusedError(
            _("Alleen een uitnodiging zonder antwoord kan worden ingetrokken.")
        )
    invitation.status, invitation.answered_at = I.WITHDRAWN, timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    outbox.send_templated_email(
        template="ervaringsdeskundigen/email/invitation_withdrawn",
        to=[invitation.parent.email],
        context=_context(perspective=invitation.request, url=_pool_url()),
    )
    return invitation


# --- The allowance ----------------------------------------------------------------------


def paid_in_year(*, user_id: int, year: int) -> Decimal:
    total = Invitation.objects.filter(parent_id=user_id, paid_on__year=year).aggregate(
        total=Sum("allowance_paid")
    )["total"]
    return total or Decimal(0)


@transaction.atomic
def allowance_mark_paid(
    *, invitation: Invitation, amount: Decimal, paid_on: date, actor
) -> Invitation:
    """Record a volunteer allowance paid. Refused above the legal yearly maximum
    (VOLUNTEER_ALLOWANCE_YEAR_MAX): above it, the whole allowance is taxed."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != I.ACCEPTED:
        raise ActionRefusedError(_("Alleen een ouder die ja zei, krijgt een vergoeding."))
    if invitation.paid_on is not None:
        raise ActionRefusedError(_("Deze vergoeding is al als betaald gezet."))
    if amount is None or amount <= 0:
        raise ValidationError(_("Vul een bedrag in van meer dan € 0."))
    if paid_on > timezone.localdate():
        raise ValidationError(_("De datum van betalen kan niet in de toekomst liggen."))
    # Lock the parent's payments of that year, so two payments at once cannot pass the
    # maximum together.
    list(
        Invitation.objects.select_for_update()
        .filter(parent_id=invitation.parent_id, paid_on__year=paid_on.year)
        .values_list("pk", flat=True)
    )
    before = paid_in_year(user_id=invitation.parent_id, year=paid_on.year)
    maximum = allowance_year_max()
    if before + amount > maximum:
        raise ActionRefusedError(
            _(
                "Dan krijgt deze ouder in %(year)s %(total)s. Dat is meer dan het maximum van "
                "%(max)s per jaar. Er kan nog %(room)s bij."
            )
            % {
                "year": paid_on.year,
                "total": _euro(before + amount),
                "max": _euro(maximum),
                "room": _euro(max(maximum - before, Decimal(0))),
            }
        )
    invitation.allowance_paid, invitation.paid_on = amount, paid_on
    invitation.save(update_fields=["allowance_paid", "paid_on"])
    return invitation


@dataclass(frozen=True)
class YearFigures:
    year: int
    asked: int
    accepted: int
    paid: Decimal
    maximum: Decimal

    @property
    def over(self) -> bool:
        return self.paid > self.maximum


# An id no row has: where the id (of the pool member's user, the member or the request)
# goes in the queries compiled once below.
_ID_MARK = -987654331

# Every invitation of one member, newest first, with the request and its organisation:
# the member's page shows the figures per year from all of them and the newest in a list.
_HISTORY = CompiledQuery(
    lambda user_id: (
        Invitation.objects.filter(parent_id=user_id)
        .select_related("request__organisation")
        .order_by("-invited_at", "-pk")
    ),
    _ID_MARK,
)

RECENT_INVITATIONS = 20


def member_history(*, user_id: int) -> tuple[list[YearFigures], list[Invitation]]:
    """The member's figures per calendar year (how often asked, how often yes, the
    allowance paid, by the year it was paid, against the yearly maximum; newest year
    first) and their newest invitations, from one query compiled once."""
    invitations = _HISTORY.objects(user_id, using=router.db_for_read(Invitation))
    return _figures_per_year(invitations), invitations[:RECENT_INVITATIONS]


def _figures_per_year(invitations: list[Invitation]) -> list[YearFigures]:
    asked: dict[int, list[int]] = {}
    paid: dict[int, Decimal] = {}
    for invitation in invitations:
        year = timezone.localtime(invitation.invited_at).year
        counts = asked.setdefault(year, [0, 0])
        counts[0] += 1
        counts[1] += invitation.status == I.ACCEPTED
        if invitation.paid_on is not None:
            paid_year = invitation.paid_on.year
            paid[paid_year] = paid.get(paid_year, Decimal(0)) + invitation.allowance_paid
    maximum = allowance_year_max()
    return [
        YearFigures(
            year=year,
            asked=asked.get(year, [0, 0])[0],
            accepted=asked.get(year, [0, 0])[1],
            paid=paid.get(year, Decimal(0)),
            maximum=maximum,
        )
        for year in sorted(set(asked) | set(paid), reverse=True)
    ]


# The names of what a member or a request is linked to, in the linked model's order.
_MEMBER_THEMES = CompiledQuery(
    lambda pk: Theme.objects.filter(pool_members__pk=pk).values_list("name"), _ID_MARK
)
_MEMBER_PLACES = CompiledQuery(
    lambda pk: Municipality.objects.filter(pool_members__pk=pk).values_list("name"), _ID_MARK
)
_REQUEST_THEMES = CompiledQuery(
    lambda pk: Theme.objects.filter(perspective_requests__pk=pk).values_list("name"), _ID_MARK
)


def _names(query: CompiledQuery, model, pk: int) -> list[str]:
    return [name for (name,) in query.rows(pk, using=router.db_for_read(model))]


def request_theme_names(perspective: PerspectiveRequest) -> list[str]:
    return _names(_REQUEST_THEMES, Theme, perspective.pk)


def member_theme_names(member: PoolMember) -> list[str]:
    return _names(_MEMBER_THEMES, Theme, member.pk)


def member_place_names(member: PoolMember) -> list[str]:
    return _names(_MEMBER_PLACES, Municipality, member.pk)


# --- The signals -------------------------------------------------------------------------


def contributions(*, start: date, end: date) -> QuerySet:
    """Requests with a report whose first meeting fell in [start, end): what parents
    brought to the policy tables in that period."""
    return (
        PerspectiveRequest.objects.filter(status=R.DONE, first_date__gte=start, first_date__lt=end)
        .select_related("organisation")
        .annotate(parents=Count("invitations", filter=Q(invitations__status=I.ACCEPTED)))
        .order_by("first_date", "pk")
    )
