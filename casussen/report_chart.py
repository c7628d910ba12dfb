"""The signals report's bar charts: inline SVG, the same numbers as the tables beside
them."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from steunpunt.stats import Value

CHART_WIDTH = 640
LABEL_WIDTH = 260
BAR_SPACE = 320
ROW_HEIGHT = 24
LABEL_CHARS = 36


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(*, key: str, title: str, rows: list[tuple[str, Value]]) -> SafeString:
    """A horizontal bar chart as inline SVG. Suppressed cells get no bar, only "<5".
    The table next to it has the same numbers for screen readers and copying."""
    largest = max((v for _label, v in rows if isinstance(v, int)), default=0)
    height = max(len(rows), 1) * ROW_HEIGHT

    def row(index: int, label: str, value: Value):
        y = index * ROW_HEIGHT
        width = round(BAR_SPACE * value / largest) if isinstance(value, int) and largest else 0
        bar = (
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#417690"></rect>',
                LABEL_WIDTH,
                y + 4,
                width,
                ROW_HEIGHT - 8,
            )
            if width
            else ""
        )
        return (
            y + 16,
            _short(str(label)),
            bar,
            LABEL_WIDTH + width + 6,
            y + 16,
            "-" if value is None else value,
        )

    body = format_html_join(
        "",
        '<text x="0" y="{}">{}</text>{}<text x="{}" y="{}">{}</text>',
        (row(i, label, value) for i, (label, value) in enumerate(rows)),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="signals-chart" role="img" '
        'width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        'aria-labelledby="chart-{key}-title chart-{key}-desc">'
        '<title id="chart-{key}-title">{title}</title>'
        '<desc id="chart-{key}-desc">{desc}</desc>'
        '<g font-size="13" fill="currentColor">{body}</g></svg>',
        w=CHART_WIDTH,
        h=height,
        key=key,
        title=title,
        desc=_(
            "Staafdiagram. De getallen staan ook in de tabel. Aantallen van 1 tot 4 "
            "tonen we als <5, zonder staaf."
        ),
        body=body,
    )
