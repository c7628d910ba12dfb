"""The timeline of the parent's case page is written in Python
(views_parent.timeline_html): the same HTML as the template loop it replaces, kept here."""

import pytest
import time_machine
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from casussen import selectors
from casussen.models import CaseEvent
from casussen.views_parent import timeline_entry, timeline_html
from tests.factories import make_case

pytestmark = pytest.mark.django_db

K = CaseEvent.Kind

# The loop as casussen/portal/case.html had it.
LOOP = """      {% for entry in timeline %}
      <li class="timeline-entry"{% if entry.pk == last_message %} id="laatste-bericht" tabindex="-1"{% endif %}>
        <p class="small text-body-secondary mb-0"><time datetime="{{ entry.at|date:'c' }}">{{ entry.at|date:"j F Y, H:i" }}</time> · {{ entry.who }}</p>
        <p class="fw-semibold mb-1">{{ entry.label }}</p>
        {% if entry.text %}<div class="timeline-text">{{ entry.text|linebreaks }}</div>{% endif %}
      </li>
      {% endfor %}
"""  # noqa: E501


def _django(timeline, last_message) -> str:
    context = {"timeline": timeline, "last_message": last_message}
    return engines["django"].from_string(LOOP).render(context, RequestFactory().get("/"))


def _timeline(case):
    return [timeline_entry(event, case) for event in selectors.events_for_parent(case)]


@pytest.fixture
def case():
    with time_machine.travel("2026-03-01 00:30 +01:00", tick=False):
        return _case()


def _case():
    case = make_case()
    # Text to escape, paragraphs and line breaks, the parent's own message and ours.
    CaseEvent.objects.create(
        case=case, kind=K.MESSAGE_TO_PARENT, text='Beste ouder,\n\nZie <b>"dit"</b> & dat.\nGroet'
    )
    CaseEvent.objects.create(
        case=case, kind=K.MESSAGE_FROM_PARENT, actor=case.parent, text="Dank <je>!"
    )
    return case


@pytest.mark.parametrize("language", ["nl", "en"])
def test_timeline_html_is_the_templates(case, language):
    with translation.override(language):
        timeline = _timeline(case)
        last = next(e.pk for e in timeline if "dit" in e.text)

        assert len(timeline) >= 3
        assert "      " + timeline_html(timeline, last) + "\n" == _django(timeline, last)


def test_timeline_html_shows_local_time_and_marks_the_last_message(case):
    timeline = _timeline(case)
    last = timeline[-2].pk

    html = timeline_html(timeline, last)

    assert 'datetime="2026-03-01T00:30:00+01:00">1 maart 2026, 00:30</time>' in html
    assert html.count('id="laatste-bericht"') == 1
    assert "&lt;b&gt;&quot;dit&quot;&lt;/b&gt; &amp; dat.<br>Groet" in html


def test_no_events_no_html():
    assert timeline_html([], None) == ""
