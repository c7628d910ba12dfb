"""The signals report's bars: inline SVG drawn after each number in the report's tables."""

from django.utils.html import format_html
from django.utils.safestring import SafeString

from steunpunt.stats import Value

BAR_WIDTH = 240
BAR_HEIGHT = 14


def bar(value: Value, largest: int) -> SafeString:
    """A bar drawn after a number in the report's table, as inline SVG (no inline style
    under our CSP). Decorative: the number next to it is what a screen reader reads, so
    each number is on the page once. Suppressed and zero values draw no bar."""
    width = round(BAR_WIDTH * value / largest) if isinstance(value, int) and largest else 0
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="signals-bar" aria-hidden="true" '
        'focusable="false" width="{w}" height="{h}" viewBox="0 0 {w} {h}">{rect}</svg>',
        w=BAR_WIDTH,
        h=BAR_HEIGHT,
        rect=format_html(
            '<rect x="0" y="1" width="{}" height="{}" fill="#417690"></rect>',
            width,
            BAR_HEIGHT - 2,
        )
        if width
        else "",
    )
