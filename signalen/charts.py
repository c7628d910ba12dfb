"""The pictures of a publication, drawn from its published (suppressed) figures only:
bars after the numbers of a table (the report's own bars) and the praatplaat picture,
one stacked bar per topic. A hidden number draws nothing, so a picture never tells
more than the numbers next to it."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from casussen.report_chart import bar

WIDTH = 240
HEIGHT = 16
# Dark enough against white and each other for AA (non-text contrast 3:1).
COLOURS = {"agree": "#1f6f43", "partly": "#b35c00", "disagree": "#a4262c"}


def table_bars(rows: list[dict], column: str) -> list[SafeString]:
    largest = max((r[column] for r in rows if isinstance(r.get(column), int)), default=0)
    return [bar(row.get(column), largest) for row in rows]


def praatplaat_bar(row: dict) -> SafeString | None:
    """Agree, partly and disagree side by side as shares of the answers; only when all
    of them are shown."""
    parts = [row.get(key) for key in ("agree", "partly", "disagree")]
    if any(p is None for p in parts) or not sum(parts):
        return None
    total = sum(parts)
    x, rects = 0, []
    for key, value in zip(("agree", "partly", "disagree"), parts, strict=True):
        width = round(WIDTH * value / total)
        if width:
            rects.append((x, width, COLOURS[key]))
        x += width
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="signals-bar" aria-hidden="true" '
        'focusable="false" width="{w}" height="{h}" viewBox="0 0 {w} {h}">{rects}</svg>',
        w=WIDTH,
        h=HEIGHT,
        rects=format_html_join(
            "",
            '<rect x="{}" y="1" width="{}" height="' + str(HEIGHT - 2) + '" fill="{}"></rect>',
            rects,
        ),
    )
