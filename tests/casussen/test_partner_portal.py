"""The partner portal's reads compiled once per process and its rows made in one pass
(casussen/partner_portal.py): the same follow-ups, in the same order, as the ORM gives,
and only the partner's own organisation's."""

from datetime import date

import pytest
from django.template import engines
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.utils import timezone, translation

from casussen import partner_portal, services
from casussen.deadlines import add_working_days
from casussen.models import Consent, FollowUp
from casussen.templatetags.partner_portal import HEADERS
from steunpunt.auth_backends import ModelBackend
from steunpunt.compiled import asked_page_number
from tests.factories import OrganisationFactory, UserFactory, coordinator, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return OrganisationFactory(name="Basisschool De Regenboog")


def _followups(school, count: int, *, request="Wilt u de ouder bellen?") -> list[FollowUp]:
    worker = coordinator()
    case = make_case(school=school)
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=worker)
    return [
        services.followup_create(
            case=case,
            organisation=school,
            request=f"{request} ({number})",
            due_date=add_working_days(timezone.localdate(), 1 + number % 7),
            actor=worker,
        )
        for number in range(count)
    ]


def _ids(rows) -> list[int]:
    return [row.pk for row in rows]


def test_the_first_page_is_the_orms_in_the_portals_order(school):
    made = _followups(school, 30)
    services.followup_answer(followup=made[3], answer="Gebeld.", via=FollowUp.Channel.LINK)

    page = partner_portal.PortalFollowups(school.pk)[0:25]

    expected = list(partner_portal.ordered_followups(school.pk)[0:25])
    assert _ids(page) == _ids(expected)
    assert [row.case_reference for row in page] == [row.case_reference for row in expected]
    assert [row.done for row in page] == [row.done for row in expected]
    assert page[-1].done == 0


def test_a_page_reads_only_what_its_rows_show(school, django_assert_num_queries):
    _followups(school, 3)

    with django_assert_num_queries(1):
        page = partner_portal.PortalFollowups(school.pk)[0:25]
        rows = partner_portal.partner_rows(page, today=date(2099, 1, 1))
        html = partner_portal.rows_html(rows, pending=True, headers=dict.fromkeys(HEADERS, "kop"))

    assert {"answer", "contact_email", "link_nonce"} <= page[0].get_deferred_fields()
    assert "request" not in page[0].get_deferred_fields()
    assert all(row.followup.case_reference in html for row in rows)


def test_a_page_past_the_compiled_ones_is_read_through_the_orm_the_same(school, monkeypatch):
    _followups(school, 30)
    compiled = partner_portal.PortalFollowups(school.pk)[25:50]
    monkeypatch.setattr(partner_portal.PortalFollowups, "compiled_pages", 1)

    through_the_orm = partner_portal.PortalFollowups(school.pk)[25:50]

    assert _ids(through_the_orm) == _ids(compiled)
    assert len(compiled) == 5


def test_the_count_leaves_out_other_organisations_and_withdrawn_consents(school):
    _followups(school, 3)
    _followups(OrganisationFactory(), 2)
    withdrawn = _followups(school, 1)[0]
    services.consent_withdraw(consent=withdrawn.consent, actor=coordinator())

    followups = partner_portal.PortalFollowups(school.pk)

    assert followups.count() == 3
    assert len(followups) == 3
    assert _ids(followups[0:25]) == _ids(partner_portal.ordered_followups(school.pk))


def test_an_organisation_without_followups_counts_none(school):
    assert partner_portal.PortalFollowups(school.pk).count() == 0


def test_rows_say_what_the_template_filters_said(school):
    [followup] = _followups(school, 1, request="Wilt u " + "heel " * 40 + "graag bellen?")
    [read] = partner_portal.PortalFollowups(school.pk)[0:25]

    [row] = partner_portal.partner_rows([read], today=timezone.localdate())

    assert row.request == truncatechars(read.request, 120)
    assert len(row.request) == 120
    assert row.due_label == date_filter(followup.due_date, "j F Y")
    assert row.url == f"/partner/{followup.pk}/"
    assert row.is_late is False


def test_a_row_past_its_due_date_is_late(school):
    [followup] = _followups(school, 1)
    [read] = partner_portal.PortalFollowups(school.pk)[0:25]

    [row] = partner_portal.partner_rows([read], today=date(2099, 1, 1))

    assert row.is_late is True
    assert row.followup == followup


def test_the_asked_page_says_the_count_in_the_same_query(school, django_assert_num_queries):
    _followups(school, 30)
    followups = partner_portal.PortalFollowups(school.pk, page="2")

    with django_assert_num_queries(1):
        count = followups.count()
        rows = followups[25:30]

    assert count == 30
    assert _ids(rows) == _ids(partner_portal.ordered_followups(school.pk)[25:30])


def test_a_page_past_the_last_counts_with_a_query_of_its_own(school, django_assert_num_queries):
    _followups(school, 3)
    followups = partner_portal.PortalFollowups(school.pk, page="7")

    with django_assert_num_queries(2):
        count = followups.count()

    assert count == 3


@pytest.mark.parametrize(("asked", "number"), [(None, 0), ("", 0), ("3", 2), ("x", 0), ("-4", 0)])
def test_the_asked_page_is_read_as_the_paginator_reads_it(asked, number):
    assert asked_page_number(asked) == number


# The loops as casussen/partner/portal.html had them.
PENDING_LOOP = """{% load i18n %}
      {% for followup in pending %}
      <tr role="row">
        <td role="cell" data-label="{{ h_reference }}"><a href="{% url 'casussen:partner_followup' followup.pk %}">{{ followup.case_reference }}</a></td>
        <td role="cell" data-label="{{ h_request }}">{{ followup.request|truncatechars:120 }}</td>
        <td role="cell" data-label="{{ h_due }}">{{ followup.due_date|date:"j F Y" }}</td>
        <td role="cell" data-label="{{ h_status }}">{% if followup.status == "overdue" or followup.due_date < today %}<span class="badge text-bg-danger">{% translate "Te laat" %}</span>{% else %}<span class="badge text-bg-primary">{% translate "Open" %}</span>{% endif %}</td>
      </tr>
      {% endfor %}"""  # noqa: E501
DONE_LOOP = """{% load i18n %}
      {% for followup in done %}
      <tr role="row">
        <td role="cell" data-label="{{ h_reference }}"><a href="{% url 'casussen:partner_followup' followup.pk %}">{{ followup.case_reference }}</a></td>
        <td role="cell" data-label="{{ h_request }}">{% if followup.status == "cancelled" %}{% translate "Niet meer nodig" %}{% else %}{{ followup.request|truncatechars:120 }}{% endif %}</td>
        <td role="cell" data-label="{{ h_due }}">{{ followup.due_date|date:"j F Y" }}</td>
        <td role="cell" data-label="{{ h_status }}">{% if followup.status == "cancelled" %}<span class="badge text-bg-secondary">{% translate "Niet meer nodig" %}</span>{% else %}<span class="badge text-bg-success">{{ followup.get_status_display }}</span>{% endif %}</td>
      </tr>
      {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["nl", "en"])
def test_rows_html_is_the_templates(school, language):
    made = _followups(school, 5, request='Wilt u <b>"de ouder"</b> & school ' + "bellen " * 20)
    FollowUp.objects.filter(pk=made[0].pk).update(status=FollowUp.Status.OVERDUE)
    services.followup_answer(followup=made[1], answer="Gebeld.", via=FollowUp.Channel.LINK)
    services.followup_cancel(followup=made[2], actor=coordinator(), reason="Niet nodig.")
    today = made[3].due_date  # the one due first is not late on its day, a later one neither
    read = partner_portal.PortalFollowups(school.pk)[0:25]
    pending = [f for f in read if not f.done]
    done = [f for f in read if f.done]
    headers = {
        "h_reference": "Kenmerk",
        "h_request": 'Wat we u "vragen"',
        "h_due": "Antwoord uiterlijk",
        "h_status": "Status",
    }

    with translation.override(language):
        rows = partner_portal.partner_rows(read, today=today)
        html = {
            True: partner_portal.rows_html(rows[: len(pending)], pending=True, headers=headers),
            False: partner_portal.rows_html(rows[len(pending) :], pending=False, headers=headers),
        }
        django = {
            pending_loop: engines["django"]
            .from_string(loop)
            .render({**headers, "pending": pending, "done": done, "today": today})
            .removeprefix("\n      ")
            for pending_loop, loop in ((True, PENDING_LOOP), (False, DONE_LOOP))
        }

    assert (len(pending), len(done)) == (3, 2)
    assert str(html[True]) == django[True]
    assert str(html[False]) == django[False]


def test_a_short_request_is_shown_whole():
    assert partner_portal._cut("Wilt u de ouder bellen?", 120) == truncatechars(
        "Wilt u de ouder bellen?", 120
    )


def test_a_long_request_is_cut_as_truncatechars_cuts_it():
    text = "Wilt u " + "heel " * 40 + "graag bellen?"

    assert partner_portal._cut(text, 120) == truncatechars(text, 120)


def test_combining_characters_are_not_counted_when_cutting():
    # "e" with a combining acute accent that NFC cannot join: 2 characters, counted as 1.
    text = "q\u0301" * 70

    assert partner_portal._cut(text, 120) == truncatechars(text, 120) == text


def test_the_organisation_comes_with_the_signed_in_user(school, django_assert_num_queries):
    partner = UserFactory(roles=["partner"], organisation=school)
    user = ModelBackend().get_user(partner.pk)

    with django_assert_num_queries(0):
        organisation = partner_portal.organisation_of(user)

    assert (organisation.pk, organisation.name) == (school.pk, "Basisschool De Regenboog")
    assert user.organisation is organisation


def test_the_organisation_is_read_when_the_user_did_not_bring_it(school):
    partner = UserFactory(roles=["partner"], organisation=school)

    organisation = partner_portal.organisation_of(type(partner).objects.get(pk=partner.pk))

    assert organisation.name == "Basisschool De Regenboog"
