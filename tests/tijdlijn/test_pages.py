"""The parent's pages: writing, changing and deleting entries, the guided start, the
print view and the PDF."""

import re
import zlib
from datetime import date

import pytest
from django.urls import reverse

from tests.queries import page_queries
from tests.tijdlijn.conftest import ENTRIES, write_entries
from tijdlijn import dates
from tijdlijn.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, world):
    client.force_login(world.parent)
    return client


def test_the_empty_timeline_offers_questions_per_kind(signed_in):
    content = signed_in.get(reverse("tijdlijn:timeline")).content.decode()

    assert "Je tijdlijn is nog leeg" in content
    for kind in Entry.Kind.values:
        assert f"{reverse('tijdlijn:add')}?soort={kind}" in content
    assert "Welke hulp kreeg je kind, op school of daarbuiten?" in content


def test_a_prompt_link_opens_the_form_with_its_kind_and_questions(signed_in):
    content = signed_in.get(reverse("tijdlijn:add") + "?soort=support").content.decode()

    assert re.search(r'value="support"[^>]*checked', content)
    assert "Was er een onderzoek? Wat kwam eruit?" in content


def test_adding_an_entry_with_a_month_and_a_period(signed_in, world):
    response = signed_in.post(
        reverse("tijdlijn:add"),
        {
            "kind": "support",
            "starts": "september 2024",
            "ends": "1-2025",
            "what_happened": "Hulp van een remedial teacher.",
            "what_helped": "Korte oefeningen.",
            "what_did_not_help": "Huiswerk in het weekend.",
            "child_says": "Het is leuk met haar.",
        },
    )

    assert response.status_code == 302
    entry = Entry.objects.get(owner=world.parent)
    assert (entry.starts_on, entry.starts_precision) == (date(2024, 9, 1), "month")
    assert (entry.ends_on, entry.ends_precision) == (date(2025, 1, 1), "month")
    assert entry.when == "september 2024 tot januari 2025"
    assert entry.what_did_not_help == "Huiswerk in het weekend."


def test_a_wrong_date_is_explained_in_dutch_and_nothing_typed_is_lost(signed_in):
    response = signed_in.post(
        reverse("tijdlijn:add"),
        {"kind": "home", "starts": "ergens vorig jaar", "what_happened": "We verhuisden."},
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "Schrijf een datum als 12-3-2025" in content
    assert "We verhuisden." in content
    assert 'value="ergens vorig jaar"' in content
    assert 'class="alert alert-danger error-summary"' in content
    assert not Entry.objects.exists()


def test_an_end_before_the_start_is_refused_beside_the_end_field(signed_in):
    response = signed_in.post(
        reverse("tijdlijn:add"),
        {"kind": "school", "starts": "3-2025", "ends": "1-2025", "what_happened": "Groep 6."},
    )

    assert response.status_code == 400
    assert "De einddatum ligt voor de begindatum." in response.content.decode()
    assert not Entry.objects.exists()


def test_what_happened_and_the_kind_are_required(signed_in):
    response = signed_in.post(reverse("tijdlijn:add"), {"starts": "3-2025"})

    content = response.content.decode()
    assert "Schrijf op wat er gebeurde." in content
    assert "Kies waar het over gaat." in content


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12-3-2025", (date(2025, 3, 12), "day")),
        ("3-2025", (date(2025, 3, 1), "month")),
        ("maart 2025", (date(2025, 3, 1), "month")),
        ("12 mrt 2025", (date(2025, 3, 12), "day")),
        ("2025-03-12", (date(2025, 3, 12), "day")),
        ("2025-03", (date(2025, 3, 1), "month")),
    ],
)
def test_dates_as_parents_type_them(text, expected):
    assert dates.parse(text) == expected


@pytest.mark.parametrize("text", ["31-2-2025", "13-2025", "smarch 2025", "1-1-1950", "gisteren"])
def test_dates_that_are_refused(text):
    with pytest.raises(dates.ValidationError):
        dates.parse(text)


def test_editing_shows_the_entry_and_saves_the_change(signed_in, world, entries):
    url = reverse("tijdlijn:edit", args=[entries[1].pk])
    form = signed_in.get(url).content.decode()

    signed_in.post(url, {"kind": "support", "starts": "15-1-2024", "what_happened": "Anders"})

    assert 'value="15-1-2024"' in form
    assert ENTRIES[1][3] in form
    entries[1].refresh_from_db()
    assert entries[1].what_happened == "Anders"


def test_deleting_asks_first_and_then_deletes(signed_in, entries):
    url = reverse("tijdlijn:delete", args=[entries[0].pk])

    confirm = signed_in.get(url).content.decode()
    assert Entry.objects.filter(pk=entries[0].pk).exists()
    signed_in.post(url)

    assert "Wil je dit punt verwijderen?" in confirm
    assert ENTRIES[0][3] in confirm
    assert not Entry.objects.filter(pk=entries[0].pk).exists()
    assert Entry.objects.count() == 4


def test_the_timeline_shows_entries_in_date_order(signed_in, world):
    write_entries(world.parent, list(reversed(ENTRIES)))

    content = signed_in.get(reverse("tijdlijn:timeline")).content.decode()

    positions = [content.index(text) for *_, text in ENTRIES]
    assert positions == sorted(positions)


def test_the_list_makes_the_same_number_of_queries_for_5_or_50_entries(signed_in, world):
    write_entries(world.parent)
    few, _ = page_queries(signed_in, reverse("tijdlijn:timeline"))
    for _round in range(9):
        write_entries(world.parent)

    many, content = page_queries(signed_in, reverse("tijdlijn:timeline"))

    assert content.count('class="card mb-3"') == 50
    assert many == few
    assert many <= 12


def test_the_pages_are_not_stored(signed_in, entries):
    for name in ("timeline", "print", "pdf"):
        response = signed_in.get(reverse(f"tijdlijn:{name}"))
        assert "no-store" in response["Cache-Control"]


def test_the_print_view_is_a_clean_page_with_every_entry(signed_in, entries):
    content = signed_in.get(reverse("tijdlijn:print")).content.decode()

    assert 'class="print-page timeline-print"' in content
    assert "site-header" not in content
    assert "tijdlijn/tijdlijn.css" in content
    for *_, text in ENTRIES:
        assert text in content


def _pdf_text(data: bytes) -> str:
    """The text drawn on the pages: every (compressed) content stream, inflated."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
    text = []
    for stream in streams:
        try:
            text.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            text.append(stream.decode("latin-1"))
    return "".join(text)


def test_the_pdf_is_a_real_pdf_with_the_entries(signed_in, world):
    write_entries(world.parent)
    write_entries(world.parent, [("home", date(2024, 5, 1), "month", "Oma is ziek, één week.")])

    response = signed_in.get(reverse("tijdlijn:pdf"))

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="tijdlijn.pdf"' in response["Content-Disposition"]
    data = response.content
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    text = _pdf_text(data)
    for *_, what in ENTRIES:
        assert what in text
    assert "Oma is ziek, één week." in text
    assert "Wat mijn kind erover zegt" in text
    assert "januari 2024" in text or "15 januari 2024" in text
