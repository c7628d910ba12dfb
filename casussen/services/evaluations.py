"""The parent's evaluation of a case, once it is resolved: an unhappy answer waits on
the work queue until a coordinator has talked it through, and a parent who asks for
more contact has the case reopened while the reopen window lasts."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt.models import NotificationKind

from .. import selectors
from ..models import (
    Case,
    CaseEvent,
    Evaluation,
)
from .cases import case_transition
from .common import REOPEN_WINDOW, S, TransitionRefusedError, _event
from .notifications import notify_coordinators

logger = logging.getLogger(__name__)

# Satisfaction at or below this, or "oneens" on this many praatplaat topics or more,
# calls for a coordinator to look at the evaluation.
UNHAPPY_SATISFACTION = 2
UNHAPPY_DISAGREEMENTS = 3


def is_unhappy(*, satisfaction: int, topics: dict[str, str]) -> bool:
    disagreements = sum(1 for answer in topics.values() if answer == Evaluation.Answer.DISAGREE)
    return satisfaction <= UNHAPPY_SATISFACTION or disagreements >= UNHAPPY_DISAGREEMENTS


def evaluation_can_reopen(evaluation: Evaluation, *, now=None) -> bool:
    """Whether "ik wil hierover nog contact" can still reopen the case: it is resolved
    and was resolved less than `REOPEN_WINDOW` ago."""
    case = evaluation.case
    now = now or timezone.now()
    return (
        case.status == S.RESOLVED
        and case.resolved_at is not None
        and now - case.resolved_at <= REOPEN_WINDOW
    )


@transaction.atomic
def evaluation_submit(
    *,
    evaluation: Evaluation,
    satisfaction: int,
    topics: dict[str, str],
    comment: str = "",
    contact_wanted: bool = False,
) -> Evaluation:
    """Store the parent's evaluation. A resolved case then closes, unless the parent
    wants more contact while the case can still be reopened: then it is in progress
    again and its coordinator is told. An unhappy evaluation, or one asking for contact,
    goes on the work queue for a review."""
    evaluation = Evaluation.objects.select_for_update().select_related("case").get(pk=evaluation.pk)
    if evaluation.submitted_at is not None:
        raise TransitionRefusedError(_("Je hebt deze vragen al ingevuld. Dank je wel!"))
    if satisfaction not in range(1, 6):
        raise ValidationError(_("Kies een cijfer van 1 tot 5."))
    known = {key for key, _label in Evaluation.TOPICS}
    answers = set(Evaluation.Answer.values)
    if not set(topics) <= known or not set(topics.values()) <= answers:
        raise ValidationError(_("Een van de antwoorden klopt niet. Kies opnieuw."))
    now = timezone.now()
    evaluation.satisfaction = satisfaction
    evaluation.topics = dict(topics)
    evaluation.comment = comment.strip()
    evaluation.submitted_at = now
    evaluation.contact_wanted = contact_wanted
    if contact_wanted or is_unhappy(satisfaction=satisfaction, topics=topics):
        evaluation.review_needed_at = now
    evaluation.save()
    case = Case.objects.select_for_update().get(pk=evaluation.case_id)
    event = _event(
        case, CaseEvent.Kind.EVALUATION_RECEIVED, case.parent, contact_wanted=contact_wanted
    )
    if contact_wanted and evaluation_can_reopen(evaluation, now=now):
        case = case_transition(
            case=case,
            to_status=S.IN_PROGRESS,
            actor=case.parent,
            note=_("De ouder wil nog contact over de afgeronde vraag."),
        )
        notify_coordinators(
            kind=NotificationKind.PARENT_REPLY, case=case, event=event, reopened=True
        )
    elif case.status == S.RESOLVED:
        case_transition(case=case, to_status=S.CLOSED, actor=case.parent)
    return evaluation


@transaction.atomic
def evaluation_review_done(*, evaluation: Evaluation, actor) -> Evaluation:
    """A coordinator has talked an unhappy evaluation through: it leaves the work
    queue, with an internal line on the timeline."""
    evaluation = Evaluation.objects.select_for_update().select_related("case").get(pk=evaluation.pk)
    if not selectors.is_coordinator(actor):
        raise TransitionRefusedError(_("Alleen een coördinator kan een evaluatie afhandelen."))
    if not evaluation.awaits_review:
        raise TransitionRefusedError(
            _("De evaluatie van %(reference)s hoeft niet (meer) besproken te worden.")
            % {"reference": evaluation.case.reference}
        )
    evaluation.reviewed_at = timezone.now()
    evaluation.reviewed_by = actor
    evaluation.save(update_fields=["reviewed_at", "reviewed_by"])
    _event(evaluation.case, CaseEvent.Kind.EVALUATION_REVIEWED, actor)
    return evaluation
