"""Match support, from the mentoring standards (MENTOR's six, Big Brothers Big Sisters'
match support and closure): parent and buddy write down their goals and how often they
expect contact, the buddy logs contacts, check-ins look back at the goals, and each side
closes the match with a short look back. The coordinator sees quiet matches on the work
queue (`quiet_matches`)."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from steunpunt import outbox
from steunpunt.site_url import absolute_url

from .. import rules
from ..models import (
    BuddyProfile,
    BuddyRequest,
    CheckIn,
    Goal,
    GoalReview,
    Match,
    MatchAgreement,
    MatchClosure,
    MatchContact,
    Reminder,
)
from ..models.support import CONTACT_NOTE_MAX_LENGTH, GOAL_MAX_LENGTH, MAX_GOALS
from .checkins import checkin_answer
from .common import ActionRefusedError, E, _context, _event
from .matches import _lock_match, match_end
from .requests import request_create

F = MatchAgreement.Frequency
R = CheckIn.Respondent

# No contact for this many days, at the expected frequency, and the coordinator hears
# it: the expected time between contacts and a grace of a week or half of it. A match
# without agreements yet counts as monthly.
QUIET_AFTER_DAYS = {F.WEEKLY: 14, F.FORTNIGHTLY: 21, F.MONTHLY: 45}
DEFAULT_FREQUENCY = F.MONTHLY

# The rest a buddy may choose after a match, in days (the form's labels say months).
REST_DAYS = {"now": 0, "1": 30, "3": 91, "6": 182}


def respondent_for(match: Match, user) -> str | None:
    """Which side of the match this user is: the buddy, the parent, or neither."""
    if rules.is_buddy_of(match, user):
        return R.BUDDY
    if rules.is_parent_of(match, user):
        return R.PARENT
    return None


def other_side_email(match: Match, user) -> str:
    if rules.is_buddy_of(match, user):
        return match.request.parent.email
    return match.buddy.user.email


def _subjects(match: Match) -> list[int]:
    return [match.request.parent_id, match.buddy.user_id]


# --- Goals and expected contact --------------------------------------------------------------


def clean_goals(goals: Sequence[str]) -> list[str]:
    """The goals as typed, without empty lines; one to five, each short."""
    cleaned = [" ".join(goal.split()) for goal in goals if goal and goal.strip()]
    if not cleaned:
        raise ValidationError(_("Schrijf minstens één doel op."))
    if len(cleaned) > MAX_GOALS:
        raise ValidationError(_("Schrijf hoogstens %(count)s doelen op.") % {"count": MAX_GOALS})
    if any(len(goal) > GOAL_MAX_LENGTH for goal in cleaned):
        raise ValidationError(
            _("Een doel is te lang. Maak het korter dan %(count)s tekens.")
            % {"count": GOAL_MAX_LENGTH}
        )
    return cleaned


def _refuse_unless_side(match: Match, actor, message: str) -> str:
    respondent = respondent_for(match, actor)
    if respondent is None:
        raise ActionRefusedError(message)
    return respondent


def _refuse_unless_active(match: Match, message: str) -> None:
    if match.status != Match.Status.ACTIVE:
        raise ActionRefusedError(message)


@transaction.atomic
def agreement_save(
    *, match: Match, actor, goals: Sequence[str], contact_frequency: str
) -> MatchAgreement:
    """Parent or buddy writes down (or changes) the goals and how often they expect
    contact, while the match runs. The other side is asked to confirm, once per
    wording; saving the same words again changes nothing."""
    goals = clean_goals(goals)
    if contact_frequency not in F.values:
        raise ValidationError(_("Kies hoe vaak jullie contact willen hebben."))
    match = _lock_match(match)
    _refuse_unless_side(
        match, actor, _("Alleen de ouder en de buddy van deze koppeling schrijven de doelen op.")
    )
    _refuse_unless_active(match, _("Doelen schrijf je op zolang de koppeling loopt."))
    agreement = MatchAgreement.objects.select_for_update().filter(match=match).first()
    now = timezone.now()
    if agreement is None:
        agreement = MatchAgreement.objects.create(
            match=match, contact_frequency=contact_frequency, written_by=actor, written_at=now
        )
    else:
        current = list(agreement.goals.values_list("text", flat=True))
        if current == goals and agreement.contact_frequency == contact_frequency:
            return agreement
        agreement.version += 1
        agreement.contact_frequency = contact_frequency
        agreement.written_by, agreement.written_at = actor, now
        agreement.confirmed_by = agreement.confirmed_at = None
        agreement.save()
        agreement.goals.filter(position__gte=len(goals)).delete()
    existing = {goal.position: goal for goal in agreement.goals.all()}
    for position, text in enumerate(goals):
        goal = existing.get(position)
        if goal is None:
            Goal.objects.create(agreement=agreement, position=position, text=text)
        elif goal.text != text:
            goal.text = text
            goal.save(update_fields=["text"])
    _event(
        E.GOALS_WRITTEN,
        actor,
        match=match,
        request=match.request,
        profile=match.buddy,
        version=agreement.version,
    )
    outbox.claim_once(
        model=Reminder,
        key=f"match-{match.pk}-goals-{agreement.version}",
        kind=Reminder.Kind.GOALS_CONFIRM,
        match=match,
        template="oudernetwerk/email/goals_confirm",
        to=[other_side_email(match, actor)],
        context={"version": agreement.version, "written_by": respondent_for(match, actor)},
    )
    return agreement


@transaction.atomic
def agreement_confirm(*, match: Match, actor, version: int) -> MatchAgreement:
    """The other side says: yes, this is what we agreed. Only the version they read."""
    match = _lock_match(match)
    _refuse_unless_side(
        match, actor, _("Alleen de ouder en de buddy van deze koppeling bevestigen de doelen.")
    )
    _refuse_unless_active(match, _("Doelen bevestig je zolang de koppeling loopt."))
    agreement = MatchAgreement.objects.select_for_update().filter(match=match).first()
    if agreement is None:
        raise ActionRefusedError(_("Er zijn nog geen doelen opgeschreven."))
    if agreement.version != version:
        raise ActionRefusedError(
            _("De doelen zijn net veranderd. Lees ze nog een keer en bevestig dan.")
        )
    if agreement.is_confirmed:
        raise ActionRefusedError(_("De doelen zijn al bevestigd."))
    if agreement.written_by_id == actor.pk:
        raise ActionRefusedError(_("De ander bevestigt de doelen die jij opschreef."))
    agreement.confirmed_by, agreement.confirmed_at = actor, timezone.now()
    agreement.save(update_fields=["confirmed_by", "confirmed_at"])
    _event(
        E.GOALS_CONFIRMED,
        actor,
        match=match,
        request=match.request,
        profile=match.buddy,
        version=agreement.version,
    )
    return agreement


def agreement_for(match: Match) -> MatchAgreement | None:
    return (
        MatchAgreement.objects.filter(match=match)
        .select_related("written_by")
        .prefetch_related("goals")
        .first()
    )


# --- The contact log ------------------------------------------------------------------------


@transaction.atomic
def contact_log(
    *, match: Match, actor, contact_date: date, how: str, note: str = ""
) -> MatchContact:
    """The buddy notes a contact with the parent. The note is for the coordinator."""
    if how not in MatchContact.How.values:
        raise ValidationError(_("Kies hoe jullie contact hadden."))
    note = note.strip()
    if len(note) > CONTACT_NOTE_MAX_LENGTH:
        raise ValidationError(
            _("Je notitie is te lang. Maak hem korter dan %(count)s tekens.")
            % {"count": CONTACT_NOTE_MAX_LENGTH}
        )
    match = _lock_match(match)
    if not rules.is_buddy_of(match, actor):
        raise ActionRefusedError(_("Alleen de buddy van deze koppeling noteert contacten."))
    _refuse_unless_active(match, _("Contacten noteer je zolang de koppeling loopt."))
    today = timezone.localdate()
    if contact_date > today:
        raise ValidationError(_("Kies een datum van vandaag of eerder."))
    began = timezone.localdate(match.answered_at) if match.answered_at else today
    if contact_date < began:
        raise ValidationError(
            _("Kies een datum vanaf %(date)s: toen begon jullie koppeling.")
            % {"date": date_format(began, "j F Y")}
        )
    contact = MatchContact.objects.create(
        match=match, contact_date=contact_date, how=how, note=note, logged_by=actor
    )
    # The event names the date and the way, never the note.
    _event(
        E.CONTACT_LOGGED,
        actor,
        match=match,
        request=match.request,
        profile=match.buddy,
        contact_date=contact_date.isoformat(),
        how=how,
    )
    return contact


def contacts_for(match: Match) -> QuerySet[MatchContact]:
    return MatchContact.objects.filter(match=match).order_by("-contact_date", "-pk")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def quiet_matches(matches: QuerySet[Match], today: date) -> QuerySet[Match]:
    """Running (active) matches with no contact for longer than their expected frequency
    allows (`QUIET_AFTER_DAYS`), counted from the last contact logged, or from the start
    when none was. Annotated with `last_contact`."""
    return quiet_matches_before(matches, quiet_cutoffs(today))


def quiet_cutoffs(today: date) -> dict[str, tuple[date, datetime]]:
    """Per contact frequency, the day a last contact is too long ago before, and the
    start of that day (for a match without any contact)."""
    cutoffs = {}
    for frequency, days in QUIET_AFTER_DAYS.items():
        cutoff = today - timedelta(days=days)
        cutoffs[frequency] = (cutoff, _start_of(cutoff))
    return cutoffs


def quiet_matches_before(
    matches: QuerySet[Match], cutoffs: dict[str, tuple[date, datetime]]
) -> QuerySet[Match]:
    """`quiet_matches` from its cutoffs (`quiet_cutoffs`): plain values, so that the work
    queue can compile the query once with markers in their place."""
    last = (
        MatchContact.objects.filter(match=OuterRef("pk"))
        .order_by("-contact_date")
        .values("contact_date")[:1]
    )
    matches = matches.filter(status=Match.Status.ACTIVE).annotate(last_contact=Subquery(last))
    quiet = Q()
    for frequency, (cutoff, start) in cutoffs.items():
        of_frequency = Q(agreement__contact_frequency=frequency)
        if frequency == DEFAULT_FREQUENCY:
            of_frequency |= Q(agreement__isnull=True)
        quiet |= of_frequency & (
            Q(last_contact__lt=cutoff) | Q(last_contact__isnull=True, started_at__lt=start)
        )
    return matches.filter(quiet)


# --- Check-ins that look back at the goals ---------------------------------------------------


def goals_of(match: Match) -> list[Goal]:
    return list(Goal.objects.filter(agreement__match=match).order_by("position"))


def _save_reviews(checkin: CheckIn, goal_progress: Mapping[int, str]) -> None:
    goals = goals_of(checkin.match)
    if any(goal_progress.get(goal.pk) not in GoalReview.Progress.values for goal in goals):
        raise ValidationError(_("Kies bij elk doel hoe het gaat."))
    GoalReview.objects.bulk_create(
        GoalReview(checkin=checkin, goal=goal, goal_text=goal.text, progress=goal_progress[goal.pk])
        for goal in goals
    )


@transaction.atomic
def checkin_answer_with_goals(
    *,
    checkin: CheckIn,
    actor,
    mood: str,
    note: str = "",
    wants_help: bool = False,
    goal_progress: Mapping[int, str] | None = None,
) -> CheckIn:
    """ "How is it going?", and how each goal of the match goes."""
    checkin = checkin_answer(
        checkin=checkin, actor=actor, mood=mood, note=note, wants_help=wants_help
    )
    _save_reviews(checkin, goal_progress or {})
    return checkin


# --- Closure ----------------------------------------------------------------------------------


def closure_for(match: Match, respondent: str) -> MatchClosure | None:
    return MatchClosure.objects.filter(match=match, respondent=respondent).first()


def _new_request_like(old: BuddyRequest, actor) -> BuddyRequest:
    """The parent's new request, as their last one; the coordinator finds it in the
    requests list. An open request already there is the one."""
    open_request = actor.buddy_requests.filter(status=BuddyRequest.Status.OPEN).first()
    if open_request is not None:
        return open_request
    return request_create(
        parent=actor,
        themes=list(old.themes.all()),
        municipality=old.municipality,
        hopes=old.hopes,
        age_band=old.age_band,
        school_type=old.school_type,
        language=old.language,
        urgency=old.urgency,
        share_email=old.share_email,
        share_phone=old.share_phone and bool(old.phone),
        phone=old.phone,
    )


@transaction.atomic
def closure_answer(
    *,
    checkin: CheckIn,
    actor,
    mood: str,
    would_match_again: str,
    what_helped: str = "",
    note: str = "",
    wants_help: bool = False,
    goal_progress: Mapping[int, str] | None = None,
    wants_new_buddy: bool = False,
    rest: str = "now",
) -> MatchClosure:
    """One side's look back on an ended match, once: how it went, how each goal went,
    what helped, and whether they would be matched again. A parent may ask for a new
    buddy (a new request); a buddy may choose a rest before the next proposal. It
    answers that side's end evaluation; the other side never reads it."""
    if not checkin.is_end_evaluation:
        raise ActionRefusedError(_("Deze vragen horen niet bij het afsluiten."))
    if would_match_again not in MatchClosure.Again.values:
        raise ValidationError(_("Kies of je nog eens gekoppeld wilt worden."))
    if rest not in REST_DAYS:
        raise ValidationError(_("Kies wanneer je weer een ouder wilt helpen."))
    match = checkin.match
    respondent = respondent_for(match, actor)
    if respondent is None or respondent != checkin.respondent:
        raise ActionRefusedError(_("Deze vragen zijn niet voor jou."))
    if MatchClosure.objects.filter(match=match, respondent=respondent).exists():
        raise ActionRefusedError(_("Je hebt de koppeling al afgesloten. Dank je wel!"))
    checkin = checkin_answer_with_goals(
        checkin=checkin,
        actor=actor,
        mood=mood,
        note=note,
        wants_help=wants_help,
        goal_progress=goal_progress,
    )
    closure = MatchClosure(
        match=match,
        respondent=respondent,
        what_helped=what_helped.strip(),
        would_match_again=would_match_again,
        answered_by=actor,
    )
    if respondent == R.PARENT and wants_new_buddy:
        closure.new_request = _new_request_like(match.request, actor)
    if respondent == R.BUDDY and REST_DAYS[rest]:
        closure.rest_until = timezone.localdate() + timedelta(days=REST_DAYS[rest])
        profile = BuddyProfile.objects.select_for_update().get(pk=match.buddy_id)
        profile.available_from = closure.rest_until
        profile.save(update_fields=["available_from", "updated_at"])
    closure.save()
    _event(
        E.CLOSURE_ANSWERED,
        actor,
        match=match,
        request=match.request,
        profile=match.buddy,
        respondent=respondent,
    )
    outbox.claim_once(
        model=Reminder,
        key=f"match-{match.pk}-closure-{respondent}-thanks",
        kind=Reminder.Kind.CLOSURE_THANKS,
        match=match,
        checkin=checkin,
        template="oudernetwerk/email/closure_thanks",
        to=[actor.email],
        context={
            "respondent": respondent,
            "rest_until": closure.rest_until.isoformat() if closure.rest_until else "",
            "new_request": bool(closure.new_request_id),
        },
    )
    return closure


@transaction.atomic
def buddy_end_rest(*, profile: BuddyProfile, actor) -> BuddyProfile:
    """The buddy wants to help a parent again before the rest they chose is over."""
    profile = BuddyProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.user_id != actor.pk:
        raise ActionRefusedError(_("Alleen de buddy zelf kan de rust stoppen."))
    if profile.available_from is None or profile.available_from <= timezone.localdate():
        raise ActionRefusedError(_("Je rust niet: je kunt al een ouder helpen."))
    profile.available_from = None
    profile.save(update_fields=["available_from", "updated_at"])
    _event(E.BUDDY_RESUMED, actor, profile=profile)
    return profile


def checkin_submit(*, checkin: CheckIn, actor, **answers):
    """A check-in page's answers: the end evaluation is that side's closure, any other
    round a check-in that looks back at the goals."""
    if checkin.is_end_evaluation:
        return closure_answer(checkin=checkin, actor=actor, **answers)
    return checkin_answer_with_goals(checkin=checkin, actor=actor, **answers)


@transaction.atomic
def match_close(*, match: Match, actor, reason: str, **answers) -> MatchClosure:
    """The buddy or the parent ends the match and looks back in one go: the match ends
    (as `match_end`: the coordinator hears it, the other side is asked), and this side's
    end evaluation is answered at once, so they get no email asking for it."""
    if respondent_for(match, actor) is None:
        raise ActionRefusedError(
            _("Alleen de ouder en de buddy sluiten hier af. De coördinator stopt in het beheer.")
        )
    match = match_end(match=match, actor=actor, reason=reason)
    checkin = CheckIn.objects.select_related("match__buddy__user", "match__request__parent").get(
        match=match, respondent=respondent_for(match, actor), round=CheckIn.END_ROUND
    )
    return closure_answer(checkin=checkin, actor=actor, **answers)


# --- Delivering the support emails (see `services.sweep`) -----------------------------------

REMINDER_KINDS = frozenset({Reminder.Kind.GOALS_CONFIRM, Reminder.Kind.CLOSURE_THANKS})


def reminder_still_relevant(reminder: Reminder) -> bool:
    """A request to confirm is pointless once that wording was confirmed or replaced,
    or the match stopped; thanks always go out."""
    if reminder.kind == Reminder.Kind.GOALS_CONFIRM:
        return MatchAgreement.objects.filter(
            match_id=reminder.match_id,
            match__status=Match.Status.ACTIVE,
            version=reminder.context.get("version"),
            confirmed_at__isnull=True,
        ).exists()
    return True


def reminder_context(reminder: Reminder) -> dict:
    match = Match.objects.select_related("buddy__user", "request__parent").get(pk=reminder.match_id)
    match_url = absolute_url(reverse("oudernetwerk:match", args=[match.pk]))
    if reminder.kind == Reminder.Kind.GOALS_CONFIRM:
        writer = reminder.context.get("written_by")
        return _context(
            match=match,
            written_by_buddy=writer == R.BUDDY,
            goals=goals_of(match),
            goals_url=absolute_url(reverse("oudernetwerk:match_goals", args=[match.pk])),
        )
    rest_until = reminder.context.get("rest_until")
    return _context(
        match=match,
        is_buddy=reminder.context.get("respondent") == R.BUDDY,
        rest_until=date.fromisoformat(rest_until) if rest_until else None,
        new_request=reminder.context.get("new_request", False),
        match_url=match_url,
    )
