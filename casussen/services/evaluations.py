"""The parent's evaluation of a case, once it is resolved."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    CaseEvent,
    Evaluation,
)
from .cases import case_transition
from .common import S, TransitionRefusedError, _event

logger = logging.getLogger(__name__)


@transaction.atomic
def evaluation_submit(
    *, evaluation: Evaluation, satisfaction: int, topics: dict[str, str], comment: str = ""
) -> Evaluation:
    """Store the parent's evaluation; a resolved case then closes."""
    evaluation = Evaluation.objects.select_for_update().select_related("case").get(pk=evaluation.pk)
    if evaluation.submitted_at is not None:
        raise TransitionRefusedError(_("Je hebt deze vragen al ingevuld. Dank je wel!"))
    if satisfaction not in range(1, 6):
        raise ValidationError(_("Kies een cijfer van 1 tot 5."))
    known = {key for key, _label in Evaluation.TOPICS}
    answers = set(Evaluation.Answer.values)
    if not set(topics) <= known or not set(topics.values()) <= answers:
        raise ValidationError(_("Een van de antwoorden klopt niet. Kies opnieuw."))
    evaluation.satisfaction = satisfaction
    evaluation.topics = dict(topics)
    evaluation.comment = comment.strip()
    evaluation.submitted_at = timezone.now()
    evaluation.save()
    case = evaluation.case
    _event(case, CaseEvent.Kind.EVALUATION_RECEIVED, case.parent)
    if case.status == S.RESOLVED:
        case_transition(case=case, to_status=S.CLOSED, actor=case.parent)
    return evaluation
