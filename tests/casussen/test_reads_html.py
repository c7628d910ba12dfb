"""The access log lines of the parent's case page are written in Python
(views_parent.reads_html): the same HTML as the template loop they replace, kept here."""

from datetime import UTC, datetime

import pytest
from django.template import engines
from django.utils import translation

from casussen.views_parent import ReadEntry, reads_html

# The loop as casussen/portal/case.html had it.
LOOP = """{% load i18n %}
      {% for read in reads %}
      <li class="border-bottom py-2">
        <p class="mb-0"><span class="fw-semibold">{{ read.who }}</span> {{ read.what }}{% if read.count > 1 %} <span class="text-body-secondary">({% blocktranslate with count=read.count %}{{ count }} keer{% endblocktranslate %})</span>{% endif %}.</p>
        <p class="small text-body-secondary mb-0"><time datetime="{{ read.at|date:'c' }}">{{ read.at|date:"j F Y, H:i" }}</time>{% if read.count > 1 %} {% translate "(de laatste keer)" %}{% endif %}</p>
      </li>
      {% endfor %}"""  # noqa: E501

VIEWED = "heeft je vraag bekeken"
READS = [
    # Late in the evening in UTC: the next day in Amsterdam.
    ReadEntry(datetime(2026, 3, 1, 23, 5, tzinfo=UTC), "Coördinator van het steunpunt", VIEWED, 3),
    ReadEntry(
        datetime(2026, 7, 14, 8, 0, tzinfo=UTC), 'School "De Regenboog" & <partner>', VIEWED, 1
    ),
]


def _django(reads) -> str:
    return engines["django"].from_string(LOOP).render({"reads": reads}).removeprefix("\n      ")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_reads_html_is_the_templates(language):
    with translation.override(language):
        assert str(reads_html(READS)) == _django(READS)


def test_a_read_once_has_no_count():
    html = str(reads_html(READS[1:]))

    assert "keer" not in html
    assert "&quot;De Regenboog&quot; &amp; &lt;partner&gt;" in html


def test_no_reads_no_lines():
    assert str(reads_html([])) == ""
