"""The open data API (`/api/v1/`): public data only, the schema as committed, every
field walked for personal data, cached, readable from any origin, rate limited."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casussen.reports import Quarter
from opendata.management.commands.open_data_schema import SCHEMA_FILE, generated_schema
from oudernetwerk.models import Meetup
from signalen import services as signalen
from signalen.models import Publication
from tests.factories import (
    ArticleFactory,
    BuddyProfileFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    editor,
    make_case,
)
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1"
# Invented personal data that must never be in an answer.
PARENT_EMAIL = "moeder.jansen@voorbeeld.example.nl"
PARENT_NAME = "Marieke"
STORY = "Onze dochter Fleur zit al zes weken thuis van school."
SCHOOL_CONTACT = "j.de.vries@obs-de-wilg.example.nl"
ONLINE_LINK = "https://meet.example.nl/geheime-kamer-123"
BUDDY_NAME = "Henk"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def theme():
    return ThemeFactory(name="Thuiszitten", slug="thuiszitten")


@pytest.fixture
def region(theme):
    """Public data next to personal data of every kind the API must leave out."""
    alkmaar = MunicipalityFactory(name="Alkmaar")
    parent = UserFactory(email=PARENT_EMAIL, name=PARENT_NAME)
    school = OrganisationFactory(
        name="OBS De Wilg",
        kind="school_po",
        municipality=alkmaar,
        contact_email=SCHOOL_CONTACT,
        phone="072 123 45 67",
    )
    OrganisationFactory(name="Wijkteam Noord", kind="wijkteam", municipality=alkmaar)
    OrganisationFactory(name="Jeugdhulp Regio", kind="jeugdhulp", municipality=None)
    OrganisationFactory(name="Gesloten Partner", kind="wijkteam", is_active=False)
    make_case(email=PARENT_EMAIL, description=STORY, theme=theme, school=school)
    BuddyProfileFactory(user=UserFactory(name=BUDDY_NAME))
    ArticleFactory(title="Thuiszitten: wat kun je doen?", slug="thuiszitten", themes=[theme])
    ArticleFactory(title="Voor partners", slug="voor-partners", visibility="partners")
    ArticleFactory(title="Alleen intern", slug="intern", visibility="staff")
    ArticleFactory(title="Nog een concept", slug="concept", status="draft")
    online = MeetupFactory(
        title="Online avond", kind="online", online_url=ONLINE_LINK, capacity=10, theme=theme
    )
    MeetupRegistrationFactory(meetup=online, parent=parent)
    MeetupFactory(title="Afgelast", status=Meetup.Status.CANCELLED)
    MeetupFactory(title="Concept-ontmoeting", status=Meetup.Status.DRAFT)
    past = timezone.now() - timedelta(days=3)
    MeetupFactory(title="Voorbij", starts_at=past, ends_at=past + timedelta(hours=2))
    signals = _signals(theme, school)
    return {"parent": parent, "school": school, "online": online, **signals}


SIGNALS_SUMMARY = "Ouders vertellen vaak over thuiszitten."


def _signals(theme, school) -> dict:
    """Last quarter: seven cases about one theme and one about another (the one must
    not be derivable); a public publication of it, and a partners-only and a concept
    one of the quarter before."""
    other = ThemeFactory(name="Vervoer", slug="vervoer")
    last = Quarter.current().previous
    with time_machine.travel(last.first_day + timedelta(days=10), tick=False):
        for n in range(7):
            make_case(email=f"ouder{n}@voorbeeld.example.nl", theme=theme, school=school)
        make_case(email=PARENT_EMAIL, description=STORY, theme=other, school=school)
    preparer, approver = coordinator(), editor()

    def publication(quarter, *, public, publish=True):
        made = signalen.publication_prepare(
            year=quarter.year,
            quarter=quarter.number,
            title=f"Signalen {quarter.code}",
            summary=SIGNALS_SUMMARY,
            sections=["thema", "soort", "reactie", "tevredenheid", "praatplaat"],
            is_public=public,
            actor=preparer,
        )
        if publish:
            signalen.publication_transition(publication=made, action="submit", actor=preparer)
            made = signalen.publication_transition(
                publication=made, action="approve", actor=approver
            )
        return made

    return {
        "public_signals": publication(last, public=True),
        "partner_signals": publication(last.previous, public=False),
        "concept_signals": publication(last.previous.previous, public=True, publish=False),
    }


def _get(client, path, **headers):
    return client.get(f"{BASE}{path}", **headers)


def _items(client, path):
    response = _get(client, path)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_articles_are_the_published_ones_for_everyone(client, region):
    titles = [a["title"] for a in _items(client, "/articles/")]

    assert titles == ["Thuiszitten: wat kun je doen?"]


@pytest.mark.parametrize("slug", ["voor-partners", "intern", "concept", "bestaat-niet"])
def test_an_article_not_for_everyone_is_not_found(client, region, slug):
    assert _get(client, f"/articles/{slug}/").status_code == 404


def test_an_article_has_its_text_themes_and_address(client, region):
    article = _get(client, "/articles/thuiszitten/").json()

    assert article["url"].endswith("/kennisbank/thuiszitten/")
    assert article["themes"] == [{"slug": "thuiszitten", "name": "Thuiszitten"}]
    assert "zorgplicht" in article["body_text"]
    assert "<h2" in article["body_html"]


def test_articles_can_be_searched_and_filtered_by_theme(client, region):
    assert [a["slug"] for a in _items(client, "/articles/?q=zorgplicht")] == ["thuiszitten"]
    assert [a["slug"] for a in _items(client, "/articles/?theme=thuiszitten")] == ["thuiszitten"]
    assert _items(client, "/articles/?theme=onbekend") == []


def test_the_wegwijzer_lists_active_partners_without_contact_addresses(client, region):
    organisations = _items(client, "/organisations/")

    # In the order of the wegwijzer page: wijkteams first.
    assert [o["name"] for o in organisations] == ["Wijkteam Noord", "Jeugdhulp Regio"]
    assert all("contact_email" not in o for o in organisations)


def test_the_wegwijzer_of_a_municipality_brings_the_region_wide_ones(client, region):
    organisations = _items(client, "/organisations/?municipality=alkmaar&kind=alle")

    names = {o["name"]: o for o in organisations}
    assert set(names) == {"OBS De Wilg", "Wijkteam Noord", "Jeugdhulp Regio"}
    assert names["Jeugdhulp Regio"]["region_wide"] is True
    assert names["OBS De Wilg"]["municipality"] == {"name": "Alkmaar"}
    assert names["OBS De Wilg"]["phone"] == "072 123 45 67"


def test_an_unknown_filter_value_finds_nothing(client, region):
    assert _items(client, "/organisations/?municipality=Atlantis") == []
    assert _items(client, "/organisations/?kind=circus") == []


def test_meetups_are_those_to_come_without_the_online_link(client, region):
    meetups = {m["title"]: m for m in _items(client, "/meetups/")}

    assert set(meetups) == {"Online avond", "Afgelast"}
    assert meetups["Online avond"]["online"] is True
    assert meetups["Online avond"]["places_left"] == 9
    assert meetups["Afgelast"]["cancelled"] is True
    assert ONLINE_LINK not in json.dumps(meetups)


def test_themes_are_the_active_ones(client, region):
    ThemeFactory(name="Oud thema", slug="oud", is_active=False)

    slugs = [t["slug"] for t in _get(client, "/themes/").json()]

    assert "thuiszitten" in slugs
    assert "oud" not in slugs


def test_the_schema_is_served_and_is_the_committed_one(client):
    response = _get(client, "/schema/")

    assert response.status_code == 200
    assert response.json() == json.loads(SCHEMA_FILE.read_text())
    assert SCHEMA_FILE.read_text() == generated_schema(), (
        "The API changed: run `manage.py open_data_schema` and review docs/api/openapi-v1.json"
    )


def test_the_schema_check_command_passes_on_the_committed_file():
    call_command("open_data_schema", "--check")


def _schema():
    return json.loads(SCHEMA_FILE.read_text())


def _get_paths():
    """Every GET path of the schema, with a real slug for the one with a parameter."""
    paths = [p for p, ops in _schema()["paths"].items() if "get" in ops]
    return [
        p.replace("{slug}", "thuiszitten").replace("{id}", str(_public_signals_id()))
        for p in paths
        if not p.endswith("/schema/")
    ]


def _public_signals_id() -> int:
    return Publication.objects.get(is_public=True, status="published").pk


def _allowed_fields() -> set[str]:
    schemas = _schema()["components"]["schemas"]
    allowed = {"items", "count"}  # the page around a list
    for name, schema in schemas.items():
        if name.endswith("Out") or name.startswith("Paged"):
            allowed |= set(schema.get("properties", {}))
    return allowed


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


FORBIDDEN_FIELDS = {
    "email",
    "contact_email",
    "online_url",
    "first_name",
    "last_name",
    "parent",
    "user",
    "created_by",
    "cancelled_by",
    "cancel_reason",
    "registrations",
    "description_of_child",
    "prepared_by",
    "submitted_by",
    "approved_by",
    "counted",
    "reference",
}


def test_every_endpoint_answers_only_the_fields_of_its_schema(client, region):
    paths = _get_paths()
    assert len(paths) == 7

    seen = set()
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        seen |= _keys(response.json())

    assert seen <= _allowed_fields()
    assert not seen & FORBIDDEN_FIELDS
    assert not _allowed_fields() & FORBIDDEN_FIELDS


def test_no_answer_holds_anything_personal(client, region):
    personal = [PARENT_EMAIL, PARENT_NAME, STORY, SCHOOL_CONTACT, ONLINE_LINK, BUDDY_NAME]

    for path in _get_paths():
        body = client.get(path).content.decode()
        for value in personal:
            assert value not in body, (path, value)


def test_answers_are_public_cacheable_and_readable_from_any_site(client, region):
    response = _get(client, "/articles/")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]


def test_an_answer_is_cached_for_a_while(client, region):
    first = _items(client, "/articles/")
    ArticleFactory(title="Net gepubliceerd", slug="nieuw")

    assert _items(client, "/articles/") == first
    cache.clear()
    assert len(_items(client, "/articles/")) == 2


def test_the_api_is_read_only(client, region):
    assert client.post(f"{BASE}/articles/", {}).status_code == 405


def test_too_many_requests_from_one_address_are_refused(client, region, settings):
    settings.OPEN_DATA_RATE_LIMIT = 3
    # Different searches, so the cache does not answer them.
    codes = [_get(client, f"/articles/?q=woord{n}").status_code for n in range(5)]

    assert codes == [200, 200, 200, 429, 429]


def _queries(client, path) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{BASE}{path}").status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("path", ["/articles/", "/organisations/?kind=alle", "/meetups/"])
def test_list_queries_do_not_grow_with_the_data(client, region, path):
    before = _queries(client, path)
    for n in range(20):
        ArticleFactory(slug=f"extra-{n}")
        OrganisationFactory(name=f"Extra {n}", kind="wijkteam")
        MeetupFactory()

    assert _queries(client, path) == before


def test_a_signed_in_visitor_gets_the_same_answer_but_not_stored(client, region):
    client.force_login(region["parent"])

    response = _get(client, "/articles/")

    assert [a["slug"] for a in response.json()["items"]] == ["thuiszitten"]
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


# --- Published signals --------------------------------------------------------------------


def test_signals_are_the_public_published_publications(client, region):
    items = _items(client, "/signals/")

    assert [i["id"] for i in items] == [region["public_signals"].pk]
    assert items[0]["period"] == Quarter.current().previous.code
    assert items[0]["url"].endswith(f"/signalen/{region['public_signals'].pk}/")


@pytest.mark.parametrize("which", ["partner_signals", "concept_signals"])
def test_a_publication_not_for_everyone_is_not_in_the_api(client, region, which):
    assert _get(client, f"/signals/{region[which].pk}/").status_code == 404


def test_a_withdrawn_publication_leaves_the_api(client, region):
    publication = region["public_signals"]
    signalen.publication_transition(publication=publication, action="withdraw", actor=editor())

    assert _get(client, f"/signals/{publication.pk}/").status_code == 404
    assert _items(client, "/signals/") == []


def test_a_publication_has_the_numbers_as_published_and_hidden_ones_null(client, region):
    publication = region["public_signals"]

    answer = _get(client, f"/signals/{publication.pk}/").json()

    assert answer["year_to_date"] is False
    assert [[r["quarter"] for r in t["rows"]] for t in answer["tables"]] == [
        [r["quarter"] for r in t["rows"]] for t in publication.figures["tables"]
    ]
    themes = {row["label"]: row["quarter"] for row in answer["tables"][0]["rows"]}
    # Seven of eight: the one and the seven are both hidden (the total is 8).
    assert themes["Vervoer"] is None
    assert themes["Thuiszitten"] is None
    assert answer["total"]["quarter"] == 8
    assert SIGNALS_SUMMARY in answer["summary_html"]
    assert answer["praatplaat"][0]["topic"] == "Denkt vanuit het kind"


def test_signals_list_queries_do_not_grow(client, region):
    before = _queries(client, "/signals/")
    quarter = Quarter.current().previous.previous.previous
    for _n in range(3):
        quarter = quarter.previous
        made = signalen.publication_prepare(
            year=quarter.year,
            quarter=quarter.number,
            title="Extra",
            summary="Tekst",
            sections=["soort"],
            is_public=True,
            actor=coordinator(),
        )
        Publication.objects.filter(pk=made.pk).update(
            status="published", published_at=timezone.now()
        )

    assert _queries(client, "/signals/") == before
    assert len(_items(client, "/signals/")) == 4
