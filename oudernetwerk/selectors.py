"""The reads of the parent network that pages and the admin share: a user's own profile,
requests, matches, check-ins, invitations and meetups. Who may do what is answered in
`oudernetwerk.rules` (its predicates are importable from here too), so a list never shows
what a detail refuses."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db import router
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from steunpunt.compiled import CompiledPages, CompiledQuery

from . import workflow
from .models import (
    BuddyProfile,
    BuddyRequest,
    CheckIn,
    Consultation,
    Invitation,
    Match,
    Meetup,
    MeetupRegistration,
    PanelMember,
)
from .rules import (  # noqa: F401 - the who-may answers, asked here too
    is_coordinator,
    may_apply_as_buddy,
    may_join_panel,
    may_register_for_meetups,
    may_request_buddy,
    shows_contact_details,
)


# Accounts that act for an organisation or the steunpunt itself are not parents here:
# they use a personal account to sign up as a buddy or ask for one.
def profile_for_user(user) -> BuddyProfile | None:
    if not user.is_authenticated:
        return None
    found = _PROFILE.instances(BuddyProfile, user.pk, using=router.db_for_read(BuddyProfile))
    return found[0] if found else None


_PROFILE = CompiledQuery(lambda user_id: BuddyProfile.objects.filter(user_id=user_id), -987654372)


def requests_for_parent(user) -> QuerySet[BuddyRequest]:
    """The parent's own buddy requests, newest first. Nobody else's."""
    if not user.is_authenticated:
        return BuddyRequest.objects.none()
    return BuddyRequest.objects.filter(parent=user).select_related("municipality")


def open_request_for_parent(user) -> BuddyRequest | None:
    return requests_for_parent(user).filter(status=BuddyRequest.Status.OPEN).first()


# --- Matches: who sees which ----------------------------------------------------------------


M = Match.Status


def _matches() -> QuerySet[Match]:
    return Match.objects.select_related(
        "buddy__user", "request__parent", "request__municipality"
    ).prefetch_related("request__themes")


_PORTAL_STATUSES = [M.PROPOSED, *workflow.RUNNING, M.ENDED]
# Without the buddy and their account, a join of two wide rows: the portal is the buddy's
# own (`_portal_matches` gives each match the profile it was asked for).
_PORTAL_MATCHES = CompiledQuery(
    lambda buddy_id: Match.objects.select_related(
        "request__parent", "request__municipality"
    ).filter(buddy_id=buddy_id, status__in=_PORTAL_STATUSES),
    -987654371,
)
# The themes of those matches' requests, as `_matches()` prefetches them, in one query.
_PORTAL_REQUEST_THEMES = CompiledQuery(
    lambda buddy_id: (
        BuddyRequest.themes.through.objects.filter(
            buddyrequest__matches__buddy_id=buddy_id,
            buddyrequest__matches__status__in=_PORTAL_STATUSES,
        )
        .select_related("theme")
        .order_by("theme__position", "theme__name", "theme_id")
    ),
    -987654371,
)


def _portal_matches(profile: BuddyProfile) -> list[Match]:
    using = router.db_for_read(Match)
    rows = _PORTAL_MATCHES.objects(profile.pk, using=using)
    if not rows:
        return rows
    themes: dict[int, dict[int, object]] = {}
    for link in _PORTAL_REQUEST_THEMES.objects(profile.pk, using=using):
        themes.setdefault(link.buddyrequest_id, {})[link.theme_id] = link.theme
    for match in rows:
        match.buddy = profile
        _prefetched(match.request, "themes", list(themes.get(match.request_id, {}).values()))
    return rows


def _prefetched(obj, name: str, items: list) -> None:
    """What `prefetch_related(name)` leaves on `obj`: `obj.<name>.all()` gives `items`
    without a query (as Django's prefetch_one_level stores them)."""
    queryset = getattr(obj, name).all()
    queryset._result_cache = items
    queryset._prefetch_done = True
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def portal_matches_for_buddy(profile: BuddyProfile) -> tuple[list[Match], list[Match]]:
    """The buddy portal's two lists, from one query (and one for the requests' themes):
    the open proposals (soonest deadline first) and the buddy's matches after a yes
    (running first, then ended, the latest first)."""
    rows = _portal_matches(profile)
    proposals = sorted((m for m in rows if m.status == M.PROPOSED), key=lambda m: m.answer_by)

    def newest_first(moment) -> float:
        return -moment.timestamp() if moment else 0.0

    def order(match: Match) -> tuple:
        return (
            match.ended_at is not None,
            newest_first(match.ended_at),
            newest_first(match.answered_at),
        )

    matches = sorted((m for m in rows if m.status != M.PROPOSED), key=order)
    return proposals, matches


def match_for_participant(user, pk: int) -> Match | None:
    """A match, for its buddy (also while proposed) or its parent (once the buddy said
    yes: a parent never hears about buddies who said no). None for anyone else."""
    if not user.is_authenticated:
        return None
    return (
        _matches()
        .filter(pk=pk)
        .filter(
            Q(
                buddy__user=user,
                status__in=[Match.Status.PROPOSED, *workflow.RUNNING, Match.Status.ENDED],
            )
            | Q(request__parent=user, status__in=[*workflow.RUNNING, Match.Status.ENDED])
        )
        .first()
    )


def open_checkins(user, match: Match) -> list[CheckIn]:
    """This person's unanswered check-ins for the match."""
    respondent = (
        CheckIn.Respondent.BUDDY if match.buddy.user_id == user.pk else CheckIn.Respondent.PARENT
    )
    return list(
        match.checkins.filter(respondent=respondent, answered_at__isnull=True)
        .filter(checkin_is_open())
        .order_by("due_at")
    )


def checkin_is_open() -> Q:
    """A check-in can be answered while its match runs; the evaluation after the end."""
    return Q(round=CheckIn.END_ROUND) | Q(match__status__in=workflow.RUNNING)


# --- The parent's overview in /mijn/ ---------------------------------------------------------


@dataclass(frozen=True)
class RequestStatus:
    buddy_request: BuddyRequest
    label: str
    next_step: str
    match: Match | None = None


_USER_MARK, _DAY_MARK = -987654331, date(1901, 2, 3)

# The overview's read, compiled once per process (it is asked on every /mijn/ of a parent
# with a buddy request): the requests, newest first, each with its matches (newest first)
# and their buddy's name, in one query. Of a match only what `_request_status` and the
# overview read: the whole of three wide rows costs more to fetch and make than the query.
_REQUEST_FIELDS = [f.attname for f in BuddyRequest._meta.concrete_fields]
_MATCH_COLUMNS = (
    "matches__pk",
    "matches__status",
    "matches__proposed_at",
    "matches__buddy_id",
    "matches__buddy__user_id",
    "matches__buddy__user__name",
)
_PARENT_REQUESTS = CompiledQuery(
    lambda parent_id: (
        BuddyRequest.objects.filter(parent_id=parent_id)
        .order_by("-created_at", "pk", "-matches__proposed_at", "-matches__pk")
        .values_list(*_REQUEST_FIELDS, *_MATCH_COLUMNS)
    ),
    _USER_MARK,
    columns=lambda: [
        *(BuddyRequest._meta.get_field(name) for name in _REQUEST_FIELDS),
        Match._meta.pk,
        Match._meta.get_field("status"),
        Match._meta.get_field("proposed_at"),
        Match._meta.get_field("buddy"),
        BuddyProfile._meta.get_field("user"),
        BuddyProfile._meta.get_field("user").related_model._meta.get_field("name"),
    ],
)


def _parent_requests(parent_id: int, using: str) -> list[tuple[BuddyRequest, list[Match]]]:
    """The parent's requests, newest first, each with its matches, newest first (as
    Django's instances of `.only("request_id", "status", "proposed_at",
    "buddy__user__name")` with the buddy and their user)."""
    rows = _PARENT_REQUESTS.converted_rows(parent_id, using=using)
    user_model = BuddyProfile._meta.get_field("user").related_model
    width = len(_REQUEST_FIELDS)
    found: dict[int, tuple[BuddyRequest, list[Match]]] = {}
    for row in rows:
        pk = row[0]
        if pk not in found:
            found[pk] = (BuddyRequest.from_db(using, _REQUEST_FIELDS, tuple(row[:width])), [])
        match_pk, status, proposed_at, buddy_id, user_id, name = row[width:]
        if match_pk is None:  # a request without matches (the outer join's one row)
            continue
        match = Match.from_db(
            using,
            ["id", "request_id", "buddy_id", "status", "proposed_at"],
            (match_pk, pk, buddy_id, status, proposed_at),
        )
        buddy = BuddyProfile.from_db(using, ["id", "user_id"], (buddy_id, user_id))
        buddy.user = user_model.from_db(using, ["id", "name"], (user_id, name))
        match.buddy = buddy
        found[pk][1].append(match)
    return list(found.values())


def buddy_requests_overview(user, *, today: date | None = None) -> list[RequestStatus]:
    """The parent's buddy requests with a plain status and what happens next, for the
    parent portal. Never names a buddy who has not said yes."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    using = router.db_for_read(BuddyRequest)
    return [
        _request_status(buddy_request, matches, today)
        for buddy_request, matches in _parent_requests(user.pk, using)
    ]


def _request_status(
    buddy_request: BuddyRequest, matches: list[Match], today: date
) -> RequestStatus:
    """`matches`: the request's own, newest first."""
    running = next((m for m in matches if m.status in workflow.RUNNING), None)
    if running is not None:
        buddy_name = running.buddy.user.name or _("je buddy")
        if running.status == Match.Status.ACCEPTED:
            text = _(
                "%(name)s heeft ja gezegd en neemt contact met je op. "
                "Hoor je binnen een week niets? Bel of mail ons."
            ) % {"name": buddy_name}
        else:
            text = _("Je hebt een buddy: %(name)s. Lukt het niet goed? Laat het ons weten.") % {
                "name": buddy_name
            }
        return RequestStatus(buddy_request, _("Gekoppeld"), text, running)
    if buddy_request.status == BuddyRequest.Status.OPEN:
        proposed = next((m for m in matches if m.status == Match.Status.PROPOSED), None)
        late = buddy_request.answer_by < today
        if proposed is not None and not late:
            # The parent's one date is the promise (`parent_hears_by`), not the buddy's
            # deadline for answering.
            text = _(
                "We hebben een buddy gevraagd die bij je past. Je hoort uiterlijk %(date)s van ons."
            ) % {"date": date_format(buddy_request.answer_by, "l j F")}
            return RequestStatus(buddy_request, _("We vragen een buddy"), text)
        if late:
            text = _("Het duurt langer dan we zeiden. Sorry! We zoeken nog. Bel ons gerust.")
        else:
            text = _(
                "We zoeken een buddy die bij je past. Je hoort uiterlijk %(date)s van ons."
            ) % {"date": date_format(buddy_request.answer_by, "l j F")}
        return RequestStatus(buddy_request, _("We zoeken"), text)
    ended = next((m for m in matches if m.status == Match.Status.ENDED), None)
    return RequestStatus(
        buddy_request,
        _("Afgesloten"),
        _("Deze aanvraag is afgesloten. Wil je opnieuw een buddy? Vraag er dan een aan."),
        ended,
    )


# --- Parent panel and consultations ------------------------------------------------------


_PANEL_MEMBER = CompiledQuery(
    lambda user_id: PanelMember.objects.filter(user_id=user_id, withdrawn_at__isnull=True)[:1],
    _USER_MARK,
)


def panel_member_for(user) -> PanelMember | None:
    """The user's panel membership while it lasts; None when never joined or stopped."""
    if not user.is_authenticated:
        return None
    found = _PANEL_MEMBER.instances(PanelMember, user.pk, using=router.db_for_read(PanelMember))
    return found[0] if found else None


def open_invitations_for(user) -> QuerySet[Invitation]:
    """Questionnaires the user may still fill in, the one closing first on top."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(
            user=user,
            has_answered=False,
            consultation__status=Consultation.Status.OPEN,
            consultation__closes_on__gte=timezone.localdate(),
        )
        .select_related("consultation")
        .order_by("consultation__closes_on", "pk")
    )


def published_summaries_for(user) -> QuerySet[Consultation]:
    """Consultations the user answered whose summary has been shared, newest first."""
    if not user.is_authenticated:
        return Consultation.objects.none()
    return Consultation.objects.filter(
        invitations__user=user,
        invitations__has_answered=True,
        summary_published_at__isnull=False,
    ).order_by("-summary_published_at")


def invitation_for_user(user, consultation_pk: int) -> Invitation | None:
    """The user's own invitation to this consultation; None for anyone not invited."""
    if not user.is_authenticated:
        return None
    return (
        # `consultation__pk`, not `consultation_id`: an id too large for the database is
        # "no row" on a primary key only (SQLite raises OverflowError on a foreign key).
        Invitation.objects.filter(user=user, consultation__pk=consultation_pk)
        .select_related("consultation")
        .first()
    )


def _panel_invitations(user_id, today: date) -> QuerySet[Invitation]:
    """The invitations that matter: the open ones (as `open_invitations_for`) and the
    answered ones with a shared summary (as `published_summaries_for`)."""
    return (
        Invitation.objects.filter(user_id=user_id)
        .filter(
            Q(
                has_answered=False,
                consultation__status=Consultation.Status.OPEN,
                consultation__closes_on__gte=today,
            )
            | Q(has_answered=True, consultation__summary_published_at__isnull=False)
        )
        .select_related("consultation")
    )


_PANEL_INVITATIONS = CompiledQuery(_panel_invitations, _USER_MARK, _DAY_MARK)


@dataclass
class PanelStatus:
    """What a parent's page (/raadplegen/, and /mijn/) shows about the panel."""

    member: PanelMember | None
    open_invitations: list[Invitation] = field(default_factory=list)
    summaries: list[Consultation] = field(default_factory=list)

    @property
    def is_member(self) -> bool:
        return self.member is not None


def panel_status_for_parent(user) -> PanelStatus:
    """The member, and in one query the user's invitations that matter: the open ones (as
    `open_invitations_for`) and the answered ones with a shared summary (as
    `published_summaries_for`)."""
    if not user.is_authenticated:
        return PanelStatus(member=None)
    open_invitations, summaries = panel_invitations_for(user)
    return PanelStatus(
        member=panel_member_for(user), open_invitations=open_invitations, summaries=summaries
    )


def panel_invitations_for(user) -> tuple[list[Invitation], list[Consultation]]:
    """`panel_status_for_parent` without the membership: its open invitations (closing
    first on top) and the summaries shared of what the user answered (newest first)."""
    invitations = _PANEL_INVITATIONS.objects(
        user.pk, timezone.localdate(), using=router.db_for_read(Invitation)
    )
    open_invitations = sorted(
        (i for i in invitations if not i.has_answered),
        key=lambda i: (i.consultation.closes_on, i.pk),
    )
    answered = {i.consultation.pk: i.consultation for i in invitations if i.has_answered}
    summaries = sorted(
        answered.values(), key=lambda c: c.summary_published_at.timestamp(), reverse=True
    )
    return open_invitations, summaries


# --- Meetups (ontmoetingen) -----------------------------------------------------------------

MR = MeetupRegistration.Status


def meetups_with_counts(meetups: QuerySet[Meetup]) -> QuerySet[Meetup]:
    return meetups.annotate(
        registered_count=Count("registrations", filter=Q(registrations__status=MR.REGISTERED)),
        waiting_count=Count("registrations", filter=Q(registrations__status=MR.WAITING)),
    )


def meetups_with_counted_places(meetups: QuerySet[Meetup]) -> QuerySet[Meetup]:
    """`meetups_with_counts` as a subquery per meetup instead of a join with every
    registration and a GROUP BY: a list's count and date range then leave them out (the
    admin's list counts and its date drill-down ask those of the whole list)."""

    def counted(status: str) -> Coalesce:
        registrations = (
            MeetupRegistration.objects.filter(meetup=OuterRef("pk"), status=status)
            .order_by()
            .values("meetup")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return Coalesce(Subquery(registrations), 0)

    return meetups.annotate(
        registered_count=counted(MR.REGISTERED), waiting_count=counted(MR.WAITING)
    )


def visible_meetups() -> QuerySet[Meetup]:
    """What the public pages show: published meetups, and cancelled ones so a parent who
    had one in mind reads that it is off. Drafts stay in the admin."""
    return meetups_with_counts(
        Meetup.objects.filter(status__in=[Meetup.Status.PUBLISHED, Meetup.Status.CANCELLED])
    ).select_related("theme", "municipality")


def upcoming_meetups(now: datetime | None = None) -> QuerySet[Meetup]:
    """Meetups that have not ended (at `now`, by default the current time), soonest first."""
    now = timezone.now() if now is None else now
    return visible_meetups().filter(ends_at__gt=now).order_by("starts_at", "pk")


MEETUPS_PER_PAGE = 20
# Pages compiled, each once; a later page (rare) is read through the ORM.
_COMPILED_MEETUP_PAGES = 10
_NOW_MARK = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)
_MEETUP_COUNT = CompiledQuery(
    lambda now: upcoming_meetups(now).order_by().values_list("pk"), _NOW_MARK
)


class UpcomingMeetups(CompiledPages):
    """`upcoming_meetups()` for a `Paginator` (`MEETUPS_PER_PAGE` a page), from queries
    compiled once per process (`steunpunt.compiled.CompiledPages`): /ontmoeten/ is public
    and asked often; building its queryset cost more than running it."""

    per_page = MEETUPS_PER_PAGE
    compiled_pages = _COMPILED_MEETUP_PAGES
    mark = _NOW_MARK

    def __init__(self, *, page: str | int | None = None, now: datetime | None = None) -> None:
        super().__init__(
            timezone.now() if now is None else now, using=router.db_for_read(Meetup), page=page
        )

    @classmethod
    def ordered(cls, now) -> QuerySet[Meetup]:
        return upcoming_meetups(now)

    def count_all(self) -> int:
        return len(_MEETUP_COUNT.rows(self.argument, using=self.using))


def waiting_place_expression() -> Case:
    ahead = (
        MeetupRegistration.objects.filter(meetup=OuterRef("meetup"), status=MR.WAITING)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("meetup")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Case(
        When(status=MR.WAITING, then=Subquery(ahead)), default=None, output_field=IntegerField()
    )


def active_registrations(user) -> QuerySet[MeetupRegistration]:
    """The user's places and waiting-list spots, each with `waiting_place` (1 is next)."""
    if not user.is_authenticated:
        return MeetupRegistration.objects.none()
    return MeetupRegistration.objects.filter(
        parent=user, status__in=[MR.REGISTERED, MR.WAITING]
    ).annotate(waiting_place=waiting_place_expression())


def registration_for(user, meetup: Meetup) -> MeetupRegistration | None:
    return active_registrations(user).filter(meetup=meetup).first()


def registrations_by_meetup(user, meetup_ids) -> dict[int, MeetupRegistration]:
    """The user's registrations for a page of meetups, in one query."""
    return {
        registration.meetup_id: registration
        for registration in active_registrations(user).filter(meetup_id__in=list(meetup_ids))
    }


def meetups_for_parent(user) -> list[MeetupRegistration]:
    """For the parent portal: the meetups the parent has a place at or waits for, that
    have not ended yet (also the ones called off, so they read it), soonest first.

    Each has `waiting_place` (None with a place). Most parents have none of these: the
    waiting-place subquery costs more to build than the list, so it is asked only for
    the spots on a waiting list."""
    if not user.is_authenticated:
        return []
    registrations = list(
        MeetupRegistration.objects.filter(
            parent=user, status__in=[MR.REGISTERED, MR.WAITING], meetup__ends_at__gt=timezone.now()
        )
        .exclude(meetup__status=Meetup.Status.DRAFT)
        .select_related("meetup")
        .order_by("meetup__starts_at", "meetup_id")
    )
    waiting = [r.pk for r in registrations if r.status == MR.WAITING]
    places = (
        dict(active_registrations(user).filter(pk__in=waiting).values_list("pk", "waiting_place"))
        if waiting
        else {}
    )
    for registration in registrations:
        registration.waiting_place = places.get(registration.pk)
    return registrations
