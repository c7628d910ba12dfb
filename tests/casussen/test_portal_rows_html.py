"""The case rows of /mijn/ are written in Python (views_parent.case_rows_html): the same
HTML as the template loop they replace, kept here."""

import pytest
import time_machine
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation

from casussen import selectors
from casussen.models import Case
from casussen.views_parent import case_rows, case_rows_html
from tests.factories import ThemeFactory, make_case

pytestmark = pytest.mark.django_db

# The loop as casussen/portal/list.html had it (its case now a selectors.PortalCase:
# `theme_name` for `theme.name`).
LOOP = """{% load i18n %}{% translate "ontvangen op" as received_on %}{% translate "Status:" as status_word %}
    {% for row in rows %}
    <li class="card mb-3">
      <div class="card-body">
        <h2 class="h5 card-title mb-1">
          <a href="{{ row.url }}">{{ row.title }}</a>
        </h2>
        <p class="small text-body-secondary mb-2">{{ row.case.theme_name }} · {{ received_on }} <time datetime="{{ row.received.isoformat }}">{{ row.received_label }}</time></p>
        <p class="mb-1"><span class="visually-hidden">{{ status_word }} </span><span class="badge {{ row.badge }} status-badge">{{ row.label }}</span></p>
        <p class="mb-0">{{ row.next_step }}</p>
      </div>
    </li>
    {% endfor %}"""  # noqa: E501


def _rows(parent):
    return case_rows(selectors.portal_case_rows(parent), today=timezone.localdate())


def _django(rows) -> str:
    html = engines["django"].from_string(LOOP).render({"rows": rows}, RequestFactory().get("/"))
    return html.removeprefix("\n    ")


@pytest.fixture
def parent():
    # Every status, a complaint among them, and a theme with characters to escape.
    first = make_case(kind="complaint", theme=ThemeFactory(name='Zorg & "passend" <onderwijs>'))
    for status in (Case.Status.IN_PROGRESS, Case.Status.WAITING_FOR_PARENT, Case.Status.RESOLVED):
        case = make_case(email=first.parent.email)
        Case.objects.filter(pk=case.pk).update(status=status, resolved_at=timezone.now())
    return first.parent


@pytest.mark.parametrize("language", ["nl", "en"])
def test_rows_html_is_the_templates(parent, language):
    with translation.override(language):
        rows = _rows(parent)

        assert len(rows) == 4
        assert str(case_rows_html(rows)) == _django(rows)


@time_machine.travel("2026-03-01 00:30 +01:00", tick=False)
def test_received_label_is_the_date_filters_in_local_time():
    parent = make_case().parent

    [row] = _rows(parent)

    assert row.received_label == "1 maart 2026"
    assert 'datetime="2026-03-01T00:30:00+01:00"' in case_rows_html([row])


def test_no_rows_no_html():
    assert case_rows_html([]) == ""
