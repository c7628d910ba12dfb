from datetime import date

import pytest
import time_machine

from casussen import services, workflow
from casussen.models import Case, CaseEvent
from casussen.services import TransitionRefusedError
from tests.factories import coordinator, make_case

pytestmark = pytest.mark.django_db

S = Case.Status
R = Case.Resolution
ALL = list(S.values)


def _case_in(status: str, kind: str = "question") -> Case:
    case = make_case(kind=kind)
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


def _resolution_for(current: str, target: str) -> str:
    if target == S.RESOLVED:
        return R.ANSWERED
    if target == S.CLOSED and current in workflow.OPEN:
        return R.WITHDRAWN
    return ""


ALLOWED = [(a, b) for a in ALL for b in ALL if workflow.is_allowed(a, b)]
REFUSED = [(a, b) for a in ALL for b in ALL if not workflow.is_allowed(a, b)]


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_allowed_transition_changes_status_and_leaves_a_timeline_event(current, target):
    case = _case_in(current)
    actor = coordinator()

    case = services.case_transition(
        case=case, to_status=target, actor=actor, resolution=_resolution_for(current, target)
    )

    assert case.status == target
    event = case.events.filter(kind=CaseEvent.Kind.STATUS_CHANGED).get()
    assert (event.actor, event.data["from"], event.data["to"]) == (actor, current, target)


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_refused_transition_keeps_the_status_and_says_why(current, target):
    case = _case_in(current)

    with pytest.raises(TransitionRefusedError, match=case.reference):
        services.case_transition(
            case=case, to_status=target, actor=coordinator(), resolution=R.ANSWERED
        )

    case.refresh_from_db()
    assert case.status == current
    assert not case.events.filter(kind=CaseEvent.Kind.STATUS_CHANGED).exists()


def test_closing_an_open_case_needs_withdrawn_or_duplicate():
    case = _case_in(S.IN_PROGRESS)

    with pytest.raises(TransitionRefusedError, match="ingetrokken of dubbel"):
        services.case_transition(case=case, to_status=S.CLOSED, actor=coordinator())


def test_resolving_needs_a_resolution():
    case = _case_in(S.IN_PROGRESS)

    with pytest.raises(TransitionRefusedError, match="afgelopen"):
        services.case_transition(case=case, to_status=S.RESOLVED, actor=coordinator())


def test_question_cannot_be_resolved_as_upheld_complaint():
    case = _case_in(S.IN_PROGRESS)

    with pytest.raises(TransitionRefusedError):
        services.case_transition(
            case=case, to_status=S.RESOLVED, actor=coordinator(), resolution=R.UPHELD
        )


def test_complaint_can_be_upheld():
    case = _case_in(S.IN_PROGRESS, kind="complaint")

    case = services.case_transition(
        case=case, to_status=S.RESOLVED, actor=coordinator(), resolution=R.UPHELD
    )

    assert case.resolution == R.UPHELD


def test_reopen_within_14_days_of_resolution():
    with time_machine.travel("2026-11-24 10:00 +01:00", tick=False):
        case = _case_in(S.IN_PROGRESS)
        case = services.case_transition(
            case=case, to_status=S.RESOLVED, actor=coordinator(), resolution=R.ANSWERED
        )
    with time_machine.travel("2026-12-07 10:00 +01:00", tick=False):
        case = services.case_transition(case=case, to_status=S.IN_PROGRESS, actor=case.parent)

    assert (case.status, case.resolution) == (S.IN_PROGRESS, "")


def test_reopen_after_14_days_is_refused():
    with time_machine.travel("2026-11-24 10:00 +01:00", tick=False):
        case = _case_in(S.IN_PROGRESS)
        case = services.case_transition(
            case=case, to_status=S.RESOLVED, actor=coordinator(), resolution=R.ANSWERED
        )
    with (
        time_machine.travel("2026-12-09 10:00 +01:00", tick=False),
        pytest.raises(TransitionRefusedError, match="14 dagen"),
    ):
        services.case_transition(case=case, to_status=S.IN_PROGRESS, actor=case.parent)


def test_waiting_for_the_parent_pauses_the_deadlines():
    with time_machine.travel("2026-11-24 10:00 +01:00", tick=False):
        case = make_case()
        case = services.case_assign(case=case, coordinator=coordinator(), actor=coordinator())
        case = services.case_transition(
            case=case, to_status=S.WAITING_FOR_PARENT, actor=case.assigned_to
        )
        assert (case.respond_by, case.resolve_by) == (date(2026, 11, 26), date(2026, 12, 8))
    # The parent answers a week later: 5 working days were spent waiting.
    with time_machine.travel("2026-12-01 10:00 +01:00", tick=False):
        case = services.case_transition(case=case, to_status=S.IN_PROGRESS, actor=case.parent)

    assert case.paused_working_days == 5
    assert (case.respond_by, case.resolve_by) == (date(2026, 12, 3), date(2026, 12, 15))


def test_parent_labels_are_the_four_plain_words():
    assert {str(label) for label in workflow.PARENT_LABELS.values()} == {
        "Ontvangen",
        "In behandeling",
        "Wacht op u",
        "Afgerond",
    }
