"""The read-only inlines as a table, a page of rows at a time (issue #12): a case with
hundreds of timeline events shows the newest twenty with links to the older ones, in
a fixed number of queries, and the page still saves."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.admin.sites import site
from django.template import Context, Engine
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from casussen import services as case_services
from casussen.admin.common import EventInline, FollowUpInline
from casussen.models import Case, CaseEvent, Consent
from steunpunt.admin.inlines import RowsOfRecord
from tests.clients import SecondFactorClient
from tests.factories import OrganisationFactory, coordinator, make_case, make_followup
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

PER_PAGE = 20


@pytest.fixture
def staff_client():
    client = SecondFactorClient()
    client.force_login(coordinator())
    return client


def _notes(case: Case, count: int) -> None:
    """`count` internal notes after the case's own events, numbered in time order."""
    start = case.events.order_by("-created_at").first().created_at
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case=case,
            kind=CaseEvent.Kind.INTERNAL_NOTE,
            text=f"Notitie {number}",
            is_internal=True,
            created_at=start + timedelta(minutes=number),
        )
        for number in range(1, count + 1)
    )


def _timeline(html: str) -> str:
    return html.split('id="events-group"', 1)[1].split('id="followups-group"', 1)[0]


def _shown_notes(html: str) -> list[int]:
    return [int(number) for number in re.findall(r"Notitie (\d+)", _timeline(html))]


def _url(case: Case, page=None) -> str:
    url = reverse("admin:casussen_case_change", args=[case.pk])
    return f"{url}?events-pagina={page}" if page is not None else url


def test_long_timeline_shows_the_newest_page_oldest_first(staff_client):
    case = make_case()
    _notes(case, 500)

    html = staff_client.get(_url(case)).content.decode()

    assert _shown_notes(html) == list(range(481, 501))
    assert _timeline(html).count("<tr") == PER_PAGE + 1  # the header row and 20 events
    total = case.events.count()
    assert f"Je ziet {total - 19} tot en met {total} van {total}." in html
    assert 'href="?events-pagina=2#events-group">Oudere</a>' in html
    assert "Nieuwere" not in _timeline(html)


def test_older_page_shows_the_twenty_before_with_links_both_ways(staff_client):
    case = make_case()
    _notes(case, 500)

    html = staff_client.get(_url(case, 2)).content.decode()

    assert _shown_notes(html) == list(range(461, 481))
    assert 'href="?events-pagina=1#events-group">Nieuwere</a>' in html
    assert 'href="?events-pagina=3#events-group">Oudere</a>' in html


def test_oldest_page_holds_the_first_events_and_no_older_link(staff_client):
    case = make_case()
    _notes(case, 30)  # with the case's own event: 31, two pages

    html = staff_client.get(_url(case, 2)).content.decode()

    assert _shown_notes(html) == list(range(1, 11))
    assert "Ontvangen" in _timeline(html)
    assert "Je ziet 1 tot en met 11 van 31." in html
    assert "Oudere" not in _timeline(html)


@pytest.mark.parametrize("page", ["0", "-3", "abc", ""])
def test_bad_page_number_shows_the_newest_page(staff_client, page):
    case = make_case()
    _notes(case, 50)

    response = staff_client.get(_url(case, page))

    assert response.status_code == 200
    assert _shown_notes(response.content.decode()) == list(range(31, 51))


def test_page_past_the_end_shows_the_oldest_page(staff_client):
    case = make_case()
    _notes(case, 50)

    html = staff_client.get(_url(case, 99)).content.decode()

    assert _shown_notes(html) == list(range(1, 11))


def test_short_timeline_shows_everything_without_page_links(staff_client):
    case = make_case()
    _notes(case, 3)

    html = staff_client.get(_url(case)).content.decode()

    assert _shown_notes(html) == [1, 2, 3]
    assert "Je ziet" not in _timeline(html)


def test_inline_holds_no_forms_and_an_empty_management_form(staff_client):
    case = make_case()
    _notes(case, 5)

    response = staff_client.get(_url(case))

    html = _timeline(response.content.decode())
    assert 'name="events-TOTAL_FORMS" value="0"' in html
    assert 'name="events-INITIAL_FORMS" value="0"' in html
    assert 'name="events-0-id"' not in html
    for inline in response.context["inline_admin_formsets"]:
        assert inline.formset.forms == []


def test_case_page_queries_do_not_grow_with_the_timeline(staff_client):
    case = make_case()
    _notes(case, PER_PAGE + 5)
    some, _html = page_queries(staff_client, _url(case))
    _notes(case, 500)
    many, html = page_queries(staff_client, _url(case))

    assert many == some
    assert len(_shown_notes(html)) == PER_PAGE


def test_case_page_with_a_long_timeline_still_saves(staff_client):
    case = make_case()
    _notes(case, 30)
    form = staff_client.get(_url(case)).context["adminform"].form
    data = {
        name: getattr(value, "pk", value)
        for name, value in form.initial.items()
        if value is not None and name in form.fields and name != "signal_tags"
    }
    data["priority"] = Case.Priority.HIGH
    for prefix in ("events", "followups", "consents", "attachments"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = staff_client.post(_url(case), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    case.refresh_from_db()
    assert case.priority == Case.Priority.HIGH
    assert case.events.count() == 31


@pytest.mark.parametrize("notes", [3, PER_PAGE, PER_PAGE + 1])
def test_first_page_from_its_compiled_query_is_the_querysets_first_page(notes):
    # The first page is read by a query compiled once per inline class; a later page
    # through the formset's queryset. Both give the same rows for the first page.
    case = make_case()
    _notes(case, notes)
    inline = EventInline(Case, site)
    request = RequestFactory().get("/")
    request.user = coordinator()
    queryset = CaseEvent.objects.filter(case=case)

    table = inline.table(request, queryset, "events", parent=("case", case))

    expected = list(queryset.select_related("actor").reverse()[:PER_PAGE])[::-1]
    total = case.events.count()
    assert [row for row, _cells in table.rows] == [str(event) for event in expected]
    assert table.rows[-1][1] == [(name, inline.cell(expected[-1], name)) for name in inline.fields]
    assert table.count == (None if total <= PER_PAGE else total)
    assert (table.every_row is None) == (total > PER_PAGE)


REFERENCE = (Path(__file__).parent / "readonly_table.html").read_text()
OURS = (Path(__file__).parents[2] / "templates/admin/edit_inline/readonly_table.html").read_text()


@pytest.mark.parametrize("notes", [0, 5, 500])
@pytest.mark.parametrize("classes", ["", "collapse wide"])
def test_the_inline_is_written_as_its_template_wrote_it(staff_client, notes, classes):
    case = make_case()
    _notes(case, notes)
    engine = Engine.get_default()
    reference, ours = engine.from_string(REFERENCE), engine.from_string(OURS)
    compared = 0
    for page in (None, 2, 30):
        response = staff_client.get(_url(case, page))
        formsets = response.context["inline_admin_formsets"]
        for number, admin_formset in enumerate(formsets):
            admin_formset.classes = classes
            forloop = {"last": number == len(formsets) - 1, "counter0": number}
            values = {"inline_admin_formset": admin_formset, "forloop": forloop}
            written = ours.render(Context(values))
            assert written == reference.render(Context(values))
            compared += 1
    assert compared == 12
    assert ("Je ziet" in written) is False  # the last inline (files) has one page


def test_a_long_timeline_shows_its_page_links_through_the_tag(staff_client):
    case = make_case()
    _notes(case, 500)

    html = _timeline(staff_client.get(_url(case, 2)).content.decode())

    assert "Je ziet " in html
    assert 'class="paginator"' in html
    assert html.count("<a href=") >= 2


def test_the_inlines_build_no_empty_form_and_upload_nothing(staff_client):
    response = staff_client.get(_url(make_case()))

    for inline in response.context["inline_admin_formsets"]:
        assert inline.formset.is_multipart() is False
    assert 'enctype="multipart/form-data"' not in response.content.decode()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_date_cells_are_the_dates_djangos_read_only_field_writes(language):
    case = make_case()
    school = OrganisationFactory()
    consent = case_services.consent_give(
        case=case, organisation=school, method=Consent.Method.PHONE, actor=coordinator()
    )
    # Answered at 23:05 UTC: the next day in the Netherlands.
    make_followup(case, consent, answered_at=timezone.now().replace(hour=23, minute=5))
    inline = FollowUpInline(Case, site)
    request = RequestFactory().get("/")
    with translation.override(language):
        table = inline.table(request, case.followups.all(), "followups")
        [(_label, cells)] = table.rows
        shown = dict(cells)
        followup = case.followups.get()
        for name in ("due_date", "answered_at"):
            assert shown[name] == inline.cell(followup, name)  # Django's display_for_field
            assert shown[name] != inline.get_empty_value_display()


def _formset(case, request):
    inline = EventInline(Case, site)
    formset_class = inline.get_formset(request, case)
    return formset_class(instance=case, queryset=inline.get_queryset(request), prefix="events")


def test_the_formsets_rows_are_the_records_rows_when_asked_for():
    case, other = make_case(), make_case()
    _notes(other, 3)
    request = RequestFactory().get("/")
    request.user = coordinator()

    rows = _formset(case, request).queryset

    assert isinstance(rows, RowsOfRecord)
    assert set(rows.queryset) == set(case.events.all())
    assert rows.db == "default"


def test_a_record_not_saved_yet_has_no_rows():
    request = RequestFactory().get("/")
    request.user = coordinator()

    formset = _formset(Case(), request)

    assert formset.queryset.empty
    assert list(formset.queryset.queryset) == []
    assert formset.table.rows == []
