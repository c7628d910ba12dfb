"""Only an active coordinator can own a case (issue #10, finding 7).

The "Behandelaar" select listed every user: a parent chosen there received the other
parent's replies. The rule is one service check, used by the admin form, the list
action and every caller; each change of owner is on the timeline."""

import pytest
from django.urls import reverse

from casussen import services
from casussen.models import Case, CaseEvent
from tests.factories import BuddyProfileFactory, UserFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:casussen_case_changelist"


def _change_url(case):
    return reverse("admin:casussen_case_change", args=[case.pk])


def _not_coordinators():
    return {
        "parent": make_case(email="ander@test.example.nl").parent,
        "buddy": BuddyProfileFactory().user,
        "partner": UserFactory(roles=["partner"]),
        "editor": UserFactory(roles=["editor"], is_staff=True),
        "former coordinator": coordinator(is_active=False),
        "superuser": UserFactory(is_staff=True, is_superuser=True, totp=True),
    }


def _form_data(response) -> dict:
    """What the browser would post back unchanged from an admin change page."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        else:
            data[name] = getattr(value, "pk", value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management.initial.get(name, 0)
        for index, inline_form in enumerate(formset.initial_forms):
            data[f"{formset.prefix}-{index}-id"] = inline_form.instance.pk
            data[f"{formset.prefix}-{index}-case"] = inline_form.instance.case_id
    return data


NOT_COORDINATORS = ["parent", "buddy", "partner", "editor", "former coordinator", "superuser"]


@pytest.mark.parametrize("who", NOT_COORDINATORS)
def test_service_refuses_anyone_but_an_active_coordinator(who):
    case = make_case()
    boss = coordinator()
    candidate = _not_coordinators()[who]

    with pytest.raises(services.TransitionRefusedError) as error:
        services.case_assign(case=case, coordinator=candidate, actor=boss)

    case.refresh_from_db()
    assert case.assigned_to is None
    assert case.status == Case.Status.NEW
    assert "alleen een actieve coördinator kan behandelaar zijn" in error.value.messages[0]
    assert not case.events.filter(kind=CaseEvent.Kind.ASSIGNED).exists()


def test_changing_the_owner_is_on_the_timeline_from_whom_to_whom():
    case = make_case()
    anna = coordinator(name="Anna de Vries")
    bram = coordinator(name="Bram Jansen")
    services.case_assign(case=case, coordinator=anna, actor=anna)

    services.case_assign(case=case, coordinator=bram, actor=anna)

    event = case.events.filter(kind=CaseEvent.Kind.ASSIGNED).last()
    assert (event.actor, event.text) == (anna, "Bram Jansen")
    assert event.data == {"from": "Anna de Vries", "to": "Bram Jansen"}
    case.refresh_from_db()
    assert case.assigned_to == bram


def test_assigning_the_same_owner_again_adds_nothing():
    case = make_case()
    anna = coordinator()
    services.case_assign(case=case, coordinator=anna, actor=anna)

    services.case_assign(case=case, coordinator=anna, actor=anna)

    assert case.events.filter(kind=CaseEvent.Kind.ASSIGNED).count() == 1


def test_admin_select_lists_active_coordinators_only(client):
    case = make_case()
    me = coordinator()
    others = _not_coordinators()
    client.force_login(me)

    response = client.get(_change_url(case))

    choices = set(response.context["adminform"].form.fields["assigned_to"].queryset)
    assert choices == {me}
    assert not choices & set(others.values())


def test_admin_form_refuses_a_parent_as_owner_and_changes_nothing(client):
    case = make_case()
    me = coordinator()
    parent = make_case(email="ander@test.example.nl").parent
    client.force_login(me)
    data = _form_data(client.get(_change_url(case)))

    response = client.post(_change_url(case), {**data, "assigned_to": parent.pk})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["assigned_to"]
    case.refresh_from_db()
    assert case.assigned_to is None


def test_admin_form_hands_the_case_over_through_the_service(client):
    case = make_case()
    anna = coordinator(name="Anna de Vries")
    bram = coordinator(name="Bram Jansen")
    services.case_assign(case=case, coordinator=anna, actor=anna)
    client.force_login(anna)
    data = _form_data(client.get(_change_url(case)))

    response = client.post(_change_url(case), {**data, "assigned_to": bram.pk})

    assert response.status_code == 302, response.context["adminform"].form.errors
    case.refresh_from_db()
    assert case.assigned_to == bram
    event = case.events.filter(kind=CaseEvent.Kind.ASSIGNED).last()
    assert (event.actor, event.data) == (anna, {"from": "Anna de Vries", "to": "Bram Jansen"})
    page = client.get(_change_url(case)).content.decode()
    assert "Behandelaar: Anna de Vries → Bram Jansen" in page


def test_assign_to_me_is_refused_for_a_superuser_who_is_no_coordinator(client):
    case = make_case()
    admin = UserFactory(is_staff=True, is_superuser=True, totp=True)
    client.force_login(admin)

    response = client.post(
        reverse(CHANGELIST),
        {"action": "assign_to_me", "_selected_action": [case.pk]},
        follow=True,
    )

    case.refresh_from_db()
    assert case.assigned_to is None
    assert "Alleen een actieve coördinator kan behandelaar zijn" in response.content.decode()
