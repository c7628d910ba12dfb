"""The parent network's part of the coordinator's work queue: worrying check-ins not
followed up yet, matches without contact for longer than agreed, buddy proposals that
expire within a day and consultations whose last day passed. Each query set is shared by
the count and the admin list's filter."""

from datetime import UTC, date, datetime, timedelta

from django.db.models import Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt.compiled import CompiledQuery
from steunpunt.roles import is_coordinator
from steunpunt.work_queue import CompiledCount, Counted, WorkQueueEntry

from .models import CheckIn, Consultation, Match
from .services.support import QUIET_AFTER_DAYS, quiet_cutoffs, quiet_matches_before

EXPIRING_WITHIN = timedelta(days=1)


def worrying_open(checkins: QuerySet) -> QuerySet:
    """Answered "niet goed" or asking for help, and nobody has followed it up yet."""
    return checkins.filter(Q(mood=CheckIn.Mood.BAD) | Q(wants_help=True), handled_at__isnull=True)


def proposals_expiring(matches: QuerySet, now: datetime) -> QuerySet:
    return proposals_expiring_by(matches, now + EXPIRING_WITHIN)


def proposals_expiring_by(matches: QuerySet, deadline: datetime) -> QuerySet:
    """Proposals the buddy has to answer by `deadline` at the latest."""
    return matches.filter(status=Match.Status.PROPOSED, answer_by__lte=deadline)


def consultations_to_close(consultations: QuerySet, today) -> QuerySet:
    """Still open while their last day has passed."""
    return consultations.filter(status=Consultation.Status.OPEN, closes_on__lt=today)


def _countable(queryset: QuerySet) -> QuerySet:
    # As `steunpunt.work_queue` counts: a constant selected, so an index alone answers.
    return queryset.order_by().values(_work_queue=Value(1))


# What each entry counts, compiled once per process (ADR 0016). The expiring proposals
# and the quiet matches compare with values derived from the day or the time (a day from
# now, two weeks ago), which `CompiledCount`'s markers cannot be: those queries take the
# derived values themselves, each with a marker of its own.
WORRYING = CompiledCount(lambda: worrying_open(CheckIn.objects.all()))
TO_CLOSE = CompiledCount(
    lambda today: consultations_to_close(Consultation.objects.all(), today), "today"
)
_DEADLINE_MARK = datetime(1901, 6, 7, 8, 9, tzinfo=UTC)
EXPIRING = CompiledQuery(
    lambda deadline: _countable(proposals_expiring_by(Match.objects.all(), deadline)),
    _DEADLINE_MARK,
)
_QUIET_MARKS = {
    frequency: (date(1901, 7, n + 1), datetime(1901, 8, n + 1, 9, tzinfo=UTC))
    for n, frequency in enumerate(QUIET_AFTER_DAYS)
}
QUIET = CompiledQuery(
    lambda *marks: _countable(
        quiet_matches_before(
            Match.objects.all(),
            {
                frequency: (marks[2 * n], marks[2 * n + 1])
                for n, frequency in enumerate(QUIET_AFTER_DAYS)
            },
        )
    ),
    *(mark for pair in _QUIET_MARKS.values() for mark in pair),
)


def _quiet_count(today: date) -> Counted:
    cutoffs = quiet_cutoffs(today)
    return Counted(
        QUIET, tuple(value for frequency in QUIET_AFTER_DAYS for value in cutoffs[frequency])
    )


def entries(user, now: datetime) -> list[WorkQueueEntry]:
    if not is_coordinator(user):
        return []
    today = timezone.localdate(now)
    return [
        WorkQueueEntry(
            rank=70,
            label=_("Zorgelijke check-ins"),
            count=WORRYING.of(user, today),
            url=f"{reverse('admin:oudernetwerk_checkin_changelist')}?zorgen=open",
            role="coordinator",
        ),
        WorkQueueEntry(
            rank=75,
            label=_("Koppelingen zonder contact"),
            count=_quiet_count(today),
            url=f"{reverse('admin:oudernetwerk_match_changelist')}?contact=stil",
            role="coordinator",
        ),
        WorkQueueEntry(
            rank=80,
            label=_("Buddyvoorstellen die binnen 24 uur verlopen"),
            count=Counted(EXPIRING, (now + EXPIRING_WITHIN,)),
            url=f"{reverse('admin:oudernetwerk_match_changelist')}?antwoord=morgen",
            role="coordinator",
        ),
        WorkQueueEntry(
            rank=90,
            label=_("Raadplegingen om te sluiten"),
            count=TO_CLOSE.of(user, today),
            url=f"{reverse('admin:oudernetwerk_consultation_changelist')}?afronden=sluiten",
            role="coordinator",
        ),
    ]
