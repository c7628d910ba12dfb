"""The open data API (`/api/v1/`): public data only, the schema as committed, every
field walked for personal data, cached, readable from any origin, rate limited."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opendata.management.commands.open_data_schema import SCHEMA_FILE, generated_schema
from oudernetwerk.models import Meetup
from tests.factories import (
    ArticleFactory,
    BuddyProfileFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
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
    return {"parent": parent, "school": school, "online": online}


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
    return [p.replace("{slug}", "thuiszitten") for p in paths if not p.endswith("/schema/")]


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
}


def test_every_endpoint_answers_only_the_fields_of_its_schema(client, region):
    paths = _get_paths()
    assert len(paths) == 5

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
