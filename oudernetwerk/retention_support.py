"""Retention of match support (registered from `oudernetwerk.retention`): the notes a
buddy wrote for the coordinator go a few months after the match ended; the goals, the
contact log, the goal answers at check-ins and the closures a year after it ended. They
also go with their match (a request that passed its term takes its matches along)."""

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from steunpunt import retention

from .models import GoalReview, Match, MatchAgreement, MatchClosure, MatchContact


def _ended_before(moment: datetime) -> QuerySet:
    return Match.objects.filter(status=Match.Status.ENDED, ended_at__lt=moment).values("pk")


def contact_notes_due(moment: datetime) -> QuerySet:
    return MatchContact.objects.filter(match__in=_ended_before(moment), note__gt="")


def contact_notes_apply(pks: list) -> int:
    return MatchContact.objects.filter(pk__in=pks).update(note="")


def support_due(moment: datetime) -> QuerySet:
    """Matches ended more than the term ago that still hold goals, contacts, goal
    answers or closures."""

    def held(model, link="match"):
        return Exists(model.objects.filter(**{link: OuterRef("pk")}))

    return Match.objects.filter(status=Match.Status.ENDED, ended_at__lt=moment).filter(
        held(MatchAgreement)
        | held(MatchContact)
        | held(MatchClosure)
        | held(GoalReview, "checkin__match")
    )


def support_apply(pks: list) -> int:
    removed = 0
    for model, field in (
        (GoalReview, "checkin__match_id__in"),
        (MatchAgreement, "match_id__in"),
        (MatchContact, "match_id__in"),
        (MatchClosure, "match_id__in"),
    ):
        removed += model.objects.filter(**{field: pks}).delete()[0]
    return removed


def register() -> None:
    retention.register(
        retention.RetentionKind(
            "oudernetwerk.buddy_contact_notes",
            "buddy_contact_notes",
            contact_notes_due,
            contact_notes_apply,
        )
    )
    retention.register(
        retention.RetentionKind(
            "oudernetwerk.buddy_match_support",
            "buddy_match_support",
            support_due,
            support_apply,
        )
    )
