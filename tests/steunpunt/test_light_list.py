"""The cheap admin list rows (issue #12): the same HTML as Django's own, built without a
form widget or a reverse() per row."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.contrib.admin.utils import display_for_field
from django.contrib.admin.views.main import ChangeList
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from casussen import services as case_services
from casussen.admin.cases import _short_date
from casussen.models import Case, Consent, FollowUp
from steunpunt import access_log
from steunpunt.admin import rows
from steunpunt.admin.base import LightChangeList, LightListAdmin
from steunpunt.admin.rows import DateWriter, RowRenderer
from steunpunt.outbox.models import OutgoingEmail
from tests.factories import (
    ArticleFactory,
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    OrganisationFactory,
    UserFactory,
    coordinator,
    make_case,
    make_followup,
)

pytestmark = pytest.mark.django_db


def test_row_checkbox_is_the_html_django_renders():
    case_admin = admin.site._registry[Case]
    case = make_case()
    case.reference = 'OSP-<1>&"2"'

    ours = case_admin.action_checkbox(case)
    django = admin.ModelAdmin.action_checkbox(case_admin, case)

    assert ours == django
    assert "&lt;1&gt;&amp;&quot;2&quot;" in ours


def test_row_link_is_the_url_django_reverses():
    case_admin = admin.site._registry[Case]
    request = RequestFactory().get(reverse("admin:casussen_case_changelist"))
    request.user = coordinator()
    cases = [make_case(), make_case()]
    changelist = case_admin.get_changelist_instance(request)

    assert isinstance(changelist, LightChangeList)
    for case in cases:
        assert changelist.url_for_result(case) == ChangeList.url_for_result(changelist, case)
        assert changelist.url_for_result(case) == reverse(
            "admin:casussen_case_change", args=[case.pk]
        )


def test_case_list_rows_can_still_be_selected_for_an_action(client):
    worker = coordinator()
    client.force_login(worker)
    case = make_case()

    page = client.get(reverse("admin:casussen_case_changelist")).content.decode()

    assert f'name="_selected_action" value="{case.pk}" class="action-select"' in page
    assert f'href="{reverse("admin:casussen_case_change", args=[case.pk])}' in page


def _fill_every_light_list() -> None:
    """Rows of every kind the light lists show: open, late, paused, held and closed
    cases; follow-ups; buddies and requests; articles; users; access log entries."""
    worker = coordinator()
    late = make_case(email="laat@test.example.nl")
    Case.objects.filter(pk=late.pk).update(
        respond_by=timezone.localdate() - timedelta(days=3), legal_hold_since=timezone.now()
    )
    paused = case_services.case_assign(
        case=make_case(email="wacht@test.example.nl"), coordinator=worker, actor=worker
    )
    Case.objects.filter(pk=paused.pk).update(paused_since=timezone.now())
    make_case(email="laat@test.example.nl", signed_in=False)  # unconfirmed
    Case.objects.filter(pk=make_case(email="dicht@test.example.nl").pk).update(status="closed")
    school = OrganisationFactory()
    consent = case_services.consent_give(
        case=paused, organisation=school, method=Consent.Method.PHONE, actor=worker
    )
    make_followup(paused, consent, answered_at=timezone.now())
    MatchFactory()
    BuddyProfileFactory(status="paused", vog_date=None)
    BuddyRequestFactory()
    ArticleFactory(title='Titel met <b>tekens</b> & "aanhalingstekens"')
    UserFactory(name="", organisation=school, is_active=False)
    OutgoingEmail.objects.create(
        key="verstuurd", kind="welkom", recipients=["a@test.example.nl"], sent_at=timezone.now()
    )
    OutgoingEmail.objects.create(key="wacht", recipients=["b@test.example.nl"], subject="<b>")
    request = RequestFactory().get("/")
    request.user = worker
    access_log.record_read(request=request, object_type="casussen.case")


def _changelist(model_admin, user, params, *, fallback: bool):
    """The admin's list for these parameters as `user` would get it. For parameters the
    list refuses (a sort on a column it does not have): its unfiltered list when
    `fallback`, else None."""
    opts = model_admin.model._meta
    request = RequestFactory().get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), params
    )
    request.user = user
    try:
        return model_admin.get_changelist_instance(request)
    except admin.options.IncorrectLookupParameters:
        return _changelist(model_admin, user, {}, fallback=False) if fallback else None


@pytest.mark.parametrize(
    "params",
    [{}, {"o": "-2", "q": ""}, {"_popup": "1"}],
    ids=["plain", "filtered", "popup"],
)
def test_every_light_list_writes_the_rows_django_writes(params):
    """Cell for cell, for every admin list with light rows: the same HTML as Django's
    items_for_result (links with the list's filters, classes, empty values, choices)."""
    _fill_every_light_list()
    superuser = UserFactory(is_staff=True, is_superuser=True)
    light = [ma for ma in admin.site._registry.values() if isinstance(ma, LightListAdmin)]
    compared = set()
    for model_admin in light:
        opts = model_admin.model._meta
        changelist = _changelist(model_admin, superuser, params, fallback=True)
        renderer = RowRenderer(changelist)
        for result in changelist.result_list:
            cells = renderer.cells(result)
            assert cells == list(items_for_result(changelist, result, None))
            if "o" in params and changelist.preserved_filters:
                assert "_changelist_filters=o%3D-2" in "".join(cells)
            compared.add(opts.label)
    assert compared >= {
        "casussen.Case",
        "casussen.FollowUp",
        "oudernetwerk.BuddyProfile",
        "oudernetwerk.BuddyRequest",
        "oudernetwerk.Match",
        "steunpunt.User",
        "steunpunt.AccessEvent",
        "kennisbank.Article",
        "steunpunt.OutgoingEmail",
    }


_RESULTS = Template(
    "{% load admin_list light_admin_list %}{% result_list cl %}|{% light_result_list cl %}"
)


@pytest.mark.parametrize(
    "params",
    [{}, {"o": "-2", "q": ""}, {"q": "niets-gevonden-xyz"}],
    ids=["plain", "sorted", "empty"],
)
def test_every_list_writes_the_table_django_writes(params):
    """The whole table (headers, rows, the empty list) the same as Django's
    `{% result_list %}` writes it, for a light list and for any other."""
    _fill_every_light_list()
    superuser = UserFactory(is_staff=True, is_superuser=True)
    compared = set()
    for model_admin in admin.site._registry.values():
        opts = model_admin.model._meta
        changelist = _changelist(model_admin, superuser, params, fallback=False)
        if changelist is None:
            continue
        changelist.formset = None
        django, light_html = _RESULTS.render(Context({"cl": changelist, "opts": opts})).split("|")
        assert light_html == django
        compared.add((opts.label, "<tr>" in django))
    assert ("casussen.Case", not params.get("q")) in compared
    assert ("steunpunt.Organisation", not params.get("q")) in compared


@pytest.mark.parametrize("day", [date(2026, 1, 2), date(2026, 12, 31), date(987, 3, 4)])
def test_case_list_short_date_is_django_date_format(day):
    assert _short_date(day) == date_format(day, "j-n-Y")


_MOMENTS = [
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # an hour before summer time begins
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # the hour that comes twice
    datetime(2026, 12, 31, 23, 5, 9, tzinfo=UTC),  # another year, here
    datetime(987, 1, 2, 12, 0, tzinfo=UTC),
]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_date_cells_are_the_dates_django_writes(language):
    moment = OutgoingEmail._meta.get_field("created_at")
    day = FollowUp._meta.get_field("due_date")
    with translation.override(language):
        dates = DateWriter()
        for value in _MOMENTS:
            local = timezone.template_localtime(value)
            assert dates.write(local) == display_for_field(value, moment, "-")
            assert dates.write(local.date()) == display_for_field(local.date(), day, "-")


def test_a_date_format_with_a_time_zone_is_left_to_django():
    assert DateWriter._split("j F Y H:i") is not None
    assert DateWriter._split(r"j \d\e F Y, H:i") is not None
    assert DateWriter._split("j F Y H:i T") is None
    assert DateWriter._split("c") is None


@pytest.mark.parametrize("thousands", [False, True])
def test_text_and_number_cells_are_the_cells_django_writes(settings, thousands):
    settings.USE_THOUSAND_SEPARATOR = thousands
    for key, subject, attempts in [
        ("leeg", "", 0),
        ("spaties", "   ", 12345),
        ("tekens", '<b>Uw "vraag"</b> & meer', 3),
    ]:
        OutgoingEmail.objects.create(key=key, recipients=["a@test.example.nl"], subject=subject)
        OutgoingEmail.objects.filter(key=key).update(attempts=attempts)
    model_admin = admin.site._registry[OutgoingEmail]
    changelist = _changelist(
        model_admin, UserFactory(is_staff=True, is_superuser=True), {}, fallback=False
    )
    renderer = RowRenderer(changelist)

    cells = [renderer.cells(row) for row in changelist.result_list]

    assert cells == [
        list(items_for_result(changelist, row, None)) for row in changelist.result_list
    ]
    assert any(
        "&lt;b&gt;Uw &quot;vraag&quot;&lt;/b&gt; &amp; meer" in cell
        for row in cells
        for cell in row
    )


@pytest.mark.parametrize(
    "value",
    ['<a href="x">&</a>', mark_safe("<b>veilig</b>"), gettext_lazy("Vraag & <klacht>"), 12, None],
    ids=["text", "safe", "lazy", "number", "none"],
)
def test_cells_are_escaped_as_django_escapes(value):
    assert rows._conditional_escape(value) == conditional_escape(value)
    assert type(rows._conditional_escape(value)) is type(conditional_escape(value))
    assert rows._escape(value) == escape(value)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
@pytest.mark.parametrize(
    ("query", "reads"),
    [("", 2), ("?status=new", 1)],  # counted apart; counted in the page's own query
    ids=["whole list", "filtered"],
)
def test_a_list_reads_its_page_as_a_prepared_statement(client, query, reads):
    client.force_login(coordinator())
    for n in range(3):
        make_case(email=f"lijst{n}@test.example.nl")

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("admin:casussen_case_changelist") + query)

    assert page.status_code == 200
    assert page.content.decode().count('class="action-select"') == 3
    # Logged with its values, as any other query.
    logged = [q["sql"] for q in queries.captured_queries if 'FROM "casussen_case"' in q["sql"]]
    assert len(logged) == reads
    assert all("$1" not in sql for sql in logged)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [s for (s,) in cursor.fetchall() if '"casussen_case"."reference"' in s]
    assert len(prepared) == 1
    assert "ORDER BY" in prepared[0]
