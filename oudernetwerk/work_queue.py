"""The parent network's part of the coordinator's work queue: worrying check-ins not
followed up yet, matches without contact for longer than agreed, buddy proposals that
expire within a day and consultations whose last day passed. Each query set is shared by
the count and the admin list's filter."""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt.roles import is_coordinator
from steunpunt.work_queue import WorkQueueEntry

from .models import CheckIn, Consultation, Match
from .services.support import quiet_matches

EXPIRING_WITHIN = timedelta(days=1)


def worrying_open(checkins: QuerySet) -> QuerySet:
    """Answered "niet goed" or asking for help, and nobody has followed it up yet."""
    return checkins.filter(Q(mood=CheckIn.Mood.BAD) | Q(wants_help=True), handled_at__isnull=True)


def proposals_expiring(matches: QuerySet, now: datetime) -> QuerySet:
    return matches.filter(status=Match.Status.PROPOSED, answer_by__lte=now + EXPIRING_WITHIN)


def consultations_to_close(consultations: QuerySet, today) -> QuerySet:
    """Still open while their last day has passed."""
    return consultations.filter(status=Consultation.Status.OPEN, closes_on__lt=today)


def entries(user, now: datetime) -> list[WorkQueueEntry]:
    if not is_coordinator(user):
        return []
    today = timezone.localdate(now)
    return [
        WorkQueueEntry(
            rank=70,
            label=_("Zorgelijke check-ins"),
            count=worrying_open(CheckIn.objects.order_by()),
            url=f"{reverse('admin:oudernetwerk_checkin_changelist')}?zorgen=open",
            role="coordinator",
        ),
        WorkQueueEntry(
            rank=75,
            label=_("Koppelingen zonder contact"),
            count=quiet_matches(Match.objects.order_by(), today),
            url=f"{reverse('admin:oudernetwerk_match_changelist')}?contact=stil",
            role="coordinator",
        ),
        WorkQueueEntry(
            rank=80,
            label=_("Buddyvoorstellen die binnen 24 uur verlopen"),
            count=proposals_expiring(Match.objects.order_by(), now),
            url=f"{reverse('admin:oudernetwerk_match_changelist')}?antwoord=morgen",
            role="coordinator",
        ),
        WorkQueueEntry(
            rank=90,
            label=_("Raadplegingen om te sluiten"),
            count=consultations_to_close(Consultation.objects.order_by(), today),
            url=f"{reverse('admin:oudernetwerk_consultation_changelist')}?afronden=sluiten",
            role="coordinator",
        ),
    ]
