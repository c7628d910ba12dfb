"""The timeline as a PDF to take to the table (fpdf2, pure Python).

The core fonts of PDF know Latin-1 only: Dutch letters (ë, é, ï) are in it; curly
quotes and dashes become plain ones and anything else a question mark."""

from datetime import date

from django.template.defaultfilters import date as format_date
from django.utils.translation import gettext as _
from fpdf import FPDF

from steunpunt.selectors import site_settings

from . import dates
from .models import Entry

_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2022": "-",
    }
)


def _latin(text: str) -> str:
    return str(text).translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Document(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 10, _latin(f"{self.footer_text} {self.page_no()}"), align="C")


def timeline_pdf(*, entries, today: date) -> bytes:
    document = _Document(format="A4")
    document.footer_text = _("Tijdlijn van mijn kind · pagina")
    document.set_title(_latin(_("Tijdlijn van mijn kind")))
    document.set_author(_latin(site_settings().name or ""))
    document.set_auto_page_break(auto=True, margin=20)
    document.add_page()
    width = document.epw
    document.set_font("Helvetica", style="B", size=18)
    document.multi_cell(width, 9, _latin(_("Tijdlijn van mijn kind")))
    document.set_font("Helvetica", size=10)
    document.multi_cell(
        width, 6, _latin(_("Gemaakt op %(date)s.") % {"date": format_date(today, "j F Y")})
    )
    document.ln(4)
    entries = list(entries)
    if not entries:
        document.set_font("Helvetica", size=12)
        document.multi_cell(width, 7, _latin(_("Er staat nog niets op de tijdlijn.")))
    parts = (
        ("what_happened", _("Wat er gebeurde")),
        ("what_helped", _("Wat hielp")),
        ("what_did_not_help", _("Wat niet hielp")),
        ("child_says", _("Wat mijn kind erover zegt")),
    )
    for entry in entries:
        _entry(document, entry, parts, width)
    return bytes(document.output())


def _entry(document: FPDF, entry: Entry, parts, width: float) -> None:
    when = dates.period_label(
        entry.starts_on, entry.starts_precision, entry.ends_on, entry.ends_precision
    )
    document.set_font("Helvetica", style="B", size=13)
    document.multi_cell(width, 7, _latin(f"{when} - {entry.get_kind_display()}"))
    for name, label in parts:
        text = getattr(entry, name)
        if not text:
            continue
        document.set_font("Helvetica", style="B", size=10)
        document.multi_cell(width, 6, _latin(label))
        document.set_font("Helvetica", size=11)
        document.multi_cell(width, 6, _latin(text))
    document.ln(3)
    document.set_draw_color(180, 180, 180)
    document.line(document.l_margin, document.get_y(), document.l_margin + width, document.get_y())
    document.ln(4)
