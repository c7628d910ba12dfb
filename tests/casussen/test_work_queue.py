"""The work queue on the admin index: the right counts per role, each linking to the
admin list that shows exactly those cases; "read" per coordinator; the "Aan mij
toewijzen" button on the case page; a fixed number of queries."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casussen import services, work_queue
from casussen.models import Case, CaseEvent, CaseView, Consent, FollowUp
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    coordinator,
    editor,
    make_case,
    privacy_officer,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
NOW = "2026-11-04 10:00 +01:00"  # a Wednesday
# The admin index of a coordinator in this client: what it cost before (session, user,
# second factor, roles, app list) and one query for every count of the work queue (ten
# counts, the unread entry's two halves included, in one statement: issue #12). 7 since
# the permissions for the app list are read in one query (steunpunt/auth_backends.py);
# 6 since the roles are read with the user.
INDEX_QUERIES = 6


def counts(html: str) -> dict[str, tuple[int, str]]:
    """label -> (count, link) of every work-queue entry on the page."""
    found = re.findall(
        r'<a href="([^"]+)" data-queue="\d+"><span class="work-queue-count">(\d+)</span> '
        r'<span class="work-queue-label">([^<]+)</span>',
        html,
    )
    return {label: (int(count), url.replace("&amp;", "&")) for url, count, label in found}


def listed(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return {case.reference for case in response.context["cl"].queryset}


@pytest.fixture
def anna():
    return coordinator(email="anna@test.example.nl")


@pytest.fixture
def bert():
    return coordinator(email="bert@test.example.nl")


def _case(n: int, **kwargs) -> Case:
    return make_case(email=f"ouder{n}@test.example.nl", **kwargs)


@pytest.fixture
def world(anna, bert):
    """One case for every entry, made a week before NOW, plus some that count nowhere."""
    with time_machine.travel("2026-10-28 10:00 +01:00", tick=False):
        fresh = _case(1)  # new, nobody's, first response already late by NOW
        mine = _case(2)
        services.case_assign(case=mine, coordinator=anna, actor=anna)
        services.case_message_to_parent(case=mine, actor=anna, text="Ik bel je morgen.")
        bert_case = _case(3)
        services.case_assign(case=bert_case, coordinator=bert, actor=bert)
        services.case_message_to_parent(case=bert_case, actor=bert, text="Ik bel je.")
        waiting = _case(4)
        services.case_assign(case=waiting, coordinator=anna, actor=anna)
        services.case_message_to_parent(case=waiting, actor=anna, text="Ik vraag het school.")
        school = OrganisationFactory()
        services.consent_give(
            case=waiting, organisation=school, method=Consent.Method.PHONE, actor=anna
        )
        services.followup_create(
            case=waiting,
            organisation=school,
            contact_email="mentor@school.example.nl",
            request="Wilt u bellen?",
            due_date=timezone.localdate() + timedelta(days=2),
            actor=anna,
        )
    with time_machine.travel("2026-11-03 10:00 +01:00", tick=False):
        services.parent_reply(case=mine, parent=mine.parent, text="Morgen kan ik om 10 uur.")
        services.parent_reply(case=bert_case, parent=bert_case.parent, text="Dank je, tot dan.")
    return {"fresh": fresh, "mine": mine, "bert": bert_case, "waiting": waiting}


def test_coordinator_sees_the_counts_in_working_order(client, world, anna):
    client.force_login(anna)
    with time_machine.travel(NOW, tick=False):
        html = client.get(INDEX).content.decode()

    queue = counts(html)
    assert list(queue) == [
        "Nieuw en nog van niemand",
        "Mijn zaken",
        "Eerste reactie vandaag of te laat",
        "Wacht op partner, termijn voorbij",
        "Nieuwe berichten van ouders en partners",
        "Ontevreden evaluaties om te bespreken",
        "Zorgelijke check-ins",
        "Koppelingen zonder contact",
        "Buddyvoorstellen die binnen 24 uur verlopen",
        "Raadplegingen om te sluiten",
        "Vragen om ouderperspectief zonder uitnodiging",
        "Ervaringsdeskundigen om te bellen",
        "Bijeenkomsten zonder verslag",
        "Signalen om goed te keuren",
    ]
    assert {label: count for label, (count, _url) in queue.items()} == {
        "Nieuw en nog van niemand": 1,
        "Mijn zaken": 2,
        "Eerste reactie vandaag of te laat": 1,
        "Wacht op partner, termijn voorbij": 1,
        "Nieuwe berichten van ouders en partners": 1,
        "Ontevreden evaluaties om te bespreken": 0,
        "Zorgelijke check-ins": 0,
        "Koppelingen zonder contact": 0,
        "Buddyvoorstellen die binnen 24 uur verlopen": 0,
        "Raadplegingen om te sluiten": 0,
        "Vragen om ouderperspectief zonder uitnodiging": 0,
        "Ervaringsdeskundigen om te bellen": 0,
        "Bijeenkomsten zonder verslag": 0,
        "Signalen om goed te keuren": 0,
    }
    assert "Redactie: te doen" not in html
    assert reverse("admin:steunpunt_notification_settings") in html


def test_each_case_link_lists_exactly_what_was_counted(client, world, anna):
    client.force_login(anna)
    with time_machine.travel(NOW, tick=False):
        queue = counts(client.get(INDEX).content.decode())
        expected = {
            "Nieuw en nog van niemand": {world["fresh"].reference},
            "Mijn zaken": {world["mine"].reference, world["waiting"].reference},
            "Eerste reactie vandaag of te laat": {world["fresh"].reference},
            "Wacht op partner, termijn voorbij": {world["waiting"].reference},
            "Nieuwe berichten van ouders en partners": {world["mine"].reference},
            "Ontevreden evaluaties om te bespreken": set(),
        }
        for label, references in expected.items():
            count, url = queue[label]
            assert listed(client, url) == references, label
            assert count == len(references)


def test_the_deadline_entries_list_the_earliest_deadline_first(client, anna):
    with time_machine.travel("2026-10-26 10:00 +01:00", tick=False):
        early = _case(1)
    with time_machine.travel("2026-10-28 10:00 +01:00", tick=False):
        later = _case(2)
    client.force_login(anna)

    with time_machine.travel(NOW, tick=False):
        response = client.get(work_queue.url_for(work_queue.NEW))

    assert [c.pk for c in response.context["cl"].result_list] == [early.pk, later.pk]


def test_read_is_per_coordinator_and_set_by_opening_the_case(client, anna, bert):
    case = _case(1)  # nobody's: both coordinators hear of it
    services.parent_reply(case=case, parent=case.parent, text="Nog een vraag.")
    unread = work_queue.url_for(work_queue.UNREAD)

    client.force_login(anna)
    assert listed(client, unread) == {case.reference}
    client.get(reverse("admin:casussen_case_change", args=[case.pk]))
    assert listed(client, unread) == set()

    client.force_login(bert)
    assert listed(client, unread) == {case.reference}


def test_a_new_reply_after_reading_is_unread_again(client, anna):
    case = _case(1)
    services.case_assign(case=case, coordinator=anna, actor=anna)
    services.parent_reply(case=case, parent=case.parent, text="Eerste.")
    client.force_login(anna)
    client.get(reverse("admin:casussen_case_change", args=[case.pk]))
    assert listed(client, work_queue.url_for(work_queue.UNREAD)) == set()

    services.parent_reply(case=case, parent=case.parent, text="Tweede.")

    assert listed(client, work_queue.url_for(work_queue.UNREAD)) == {case.reference}
    assert CaseView.objects.filter(user=anna, case=case).count() == 1


def test_a_partner_answer_is_unread_for_the_owner(client, anna):
    case = _case(1)
    services.case_assign(case=case, coordinator=anna, actor=anna)
    school = OrganisationFactory()
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=anna)
    followup = services.followup_create(
        case=case,
        organisation=school,
        contact_email="mentor@school.example.nl",
        request="Wilt u bellen?",
        due_date=case.resolve_by,
        actor=anna,
    )
    client.force_login(anna)
    client.get(reverse("admin:casussen_case_change", args=[case.pk]))

    services.followup_answer(followup=followup, answer="Gebeld.", via=FollowUp.Channel.LINK)

    assert listed(client, work_queue.url_for(work_queue.UNREAD)) == {case.reference}


def test_opening_a_case_as_an_editor_or_privacy_officer_marks_nothing(client):
    case = _case(1)
    for user in (editor(), privacy_officer()):
        client.force_login(user)
        client.get(reverse("admin:casussen_case_change", args=[case.pk]))

    assert not CaseView.objects.exists()


def test_editor_sees_only_the_knowledge_base_part(client):
    client.force_login(editor())

    html = client.get(INDEX).content.decode()

    assert "Redactie: te doen" in html
    assert "Werkvoorraad" not in html
    assert set(counts(html)) == {
        "Artikelen om te controleren",
        "Artikelen waarvan de controledatum voorbij is",
        "Signalen om goed te keuren",
    }


def test_privacy_officer_sees_no_work_queue(client):
    client.force_login(privacy_officer())

    html = client.get(INDEX).content.decode()

    assert counts(html) == {}
    assert "Werkvoorraad" not in html


def test_parent_and_anonymous_never_see_the_admin_index(client):
    assert client.get(INDEX)["Location"].startswith(reverse("admin:login"))
    client.force_login(UserFactory())
    assert client.get(INDEX, follow=True).status_code == 403


def test_the_index_costs_the_same_queries_however_many_cases(client, anna, bert):
    client.force_login(anna)
    _case(1)
    few, _html = page_queries(client, INDEX)
    for n in range(2, 12):
        case = _case(n)
        services.case_assign(case=case, coordinator=anna if n % 2 else bert, actor=anna)
        services.parent_reply(case=case, parent=case.parent, text="Hallo.")
    many, _html = page_queries(client, INDEX)

    assert many == few
    assert few == INDEX_QUERIES


# --- "Aan mij toewijzen" on the case page ---------------------------------------------------


def assign_url(case: Case) -> str:
    return reverse("admin:casussen_case_assign_to_me", args=[case.pk])


def test_the_case_page_offers_the_button_to_a_coordinator(client, anna):
    case = _case(1)
    client.force_login(anna)

    html = client.get(reverse("admin:casussen_case_change", args=[case.pk])).content.decode()

    assert "Aan mij toewijzen" in html
    assert assign_url(case) in html


def test_the_button_assigns_the_case_and_starts_it(client, anna):
    case = _case(1)
    client.force_login(anna)

    response = client.post(assign_url(case))

    assert response["Location"] == reverse("admin:casussen_case_change", args=[case.pk])
    case.refresh_from_db()
    assert (case.assigned_to, case.status) == (anna, Case.Status.IN_PROGRESS)
    assert case.events.filter(kind=CaseEvent.Kind.ASSIGNED, actor=anna).exists()


def test_the_button_takes_over_from_a_colleague(client, anna, bert):
    case = _case(1)
    services.case_assign(case=case, coordinator=bert, actor=bert)
    client.force_login(anna)

    client.post(assign_url(case))

    case.refresh_from_db()
    assert case.assigned_to == anna


def test_the_button_is_not_offered_on_my_own_or_a_closed_case(client, anna):
    mine = _case(1)
    services.case_assign(case=mine, coordinator=anna, actor=anna)
    closed = _case(2)
    services.parent_withdraw(case=closed, parent=closed.parent)
    client.force_login(anna)

    for case in (mine, closed):
        html = client.get(reverse("admin:casussen_case_change", args=[case.pk])).content
        assert assign_url(case).encode() not in html


def test_a_closed_case_is_refused_with_a_message(client, anna):
    case = _case(1)
    services.parent_withdraw(case=case, parent=case.parent)
    client.force_login(anna)

    response = client.post(assign_url(case), follow=True)

    case.refresh_from_db()
    assert case.assigned_to is None
    assert "al afgerond" in response.content.decode()


def test_a_get_changes_nothing(client, anna):
    case = _case(1)
    client.force_login(anna)

    client.get(assign_url(case))

    case.refresh_from_db()
    assert case.assigned_to is None


@pytest.mark.parametrize("make_user", [editor, privacy_officer])
def test_other_staff_cannot_use_the_button(client, make_user):
    case = _case(1)
    client.force_login(make_user())

    assert client.post(assign_url(case)).status_code == 403
    case.refresh_from_db()
    assert case.assigned_to is None


def test_parent_and_anonymous_cannot_use_the_button(client):
    case = _case(1)
    assert client.post(assign_url(case))["Location"].startswith(reverse("admin:login"))
    client.force_login(case.parent)
    assert client.post(assign_url(case), follow=True).status_code == 403
    case.refresh_from_db()
    assert case.assigned_to is None


def test_a_reply_told_through_notify_coordinators_is_unread(client, anna):
    """The path a reply by email takes: it is unread for the owner, like one typed in."""
    case = _case(1)
    services.case_assign(case=case, coordinator=anna, actor=anna)
    client.force_login(anna)
    client.get(reverse("admin:casussen_case_change", args=[case.pk]))

    services.notify_coordinators(kind="parent_reply", case=case)

    assert listed(client, work_queue.url_for(work_queue.UNREAD)) == {case.reference}


def test_an_answer_the_coordinator_recorded_is_not_unread(client, anna):
    case = _case(1)
    services.case_assign(case=case, coordinator=anna, actor=anna)
    school = OrganisationFactory()
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=anna)
    followup = services.followup_create(
        case=case,
        organisation=school,
        contact_email="mentor@school.example.nl",
        request="Wilt u bellen?",
        due_date=case.resolve_by,
        actor=anna,
    )
    client.force_login(anna)
    client.get(reverse("admin:casussen_case_change", args=[case.pk]))

    services.followup_answer(
        followup=followup, answer="Gebeld.", via=FollowUp.Channel.COORDINATOR, actor=anna
    )

    assert listed(client, work_queue.url_for(work_queue.UNREAD)) == set()
