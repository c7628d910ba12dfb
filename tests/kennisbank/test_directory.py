import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kennisbank.directory import directory_organisations
from steunpunt.models import Organisation
from tests.factories import MunicipalityFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

Kind = Organisation.Kind


def _partner(name: str, **kwargs) -> Organisation:
    kwargs.setdefault("kind", Kind.WIJKTEAM)
    return OrganisationFactory(name=name, **kwargs)


def _get(client, **params):
    return client.get(reverse("kennisbank:directory"), params)


def _names(response) -> list[str]:
    return [organisation.name for organisation in response.context["organisations"]]


def test_directory_lives_at_wegwijzer():
    assert reverse("kennisbank:directory") == "/wegwijzer/"


def test_directory_hides_schools_by_default(client):
    _partner("Wijkteam Zuid")
    OrganisationFactory(name="Basisschool De Meeuw", kind=Kind.SCHOOL_PO)
    OrganisationFactory(name="VSO De Haven", kind=Kind.SCHOOL_VSO)

    response = _get(client)

    assert response.status_code == 200
    assert _names(response) == ["Wijkteam Zuid"]
    assert "Basisschool De Meeuw" not in response.content.decode()


def test_directory_soort_school_shows_only_schools(client):
    _partner("Wijkteam Zuid")
    OrganisationFactory(name="Basisschool De Meeuw", kind=Kind.SCHOOL_PO)
    OrganisationFactory(name="VSO De Haven", kind=Kind.SCHOOL_VSO)

    response = _get(client, soort="school")

    assert sorted(_names(response)) == ["Basisschool De Meeuw", "VSO De Haven"]


def test_directory_soort_with_a_kind_shows_only_that_kind(client):
    _partner("Wijkteam Zuid")
    _partner("Jeugdhulp Het Anker", kind=Kind.YOUTH_CARE)
    OrganisationFactory(name="Basisschool De Meeuw", kind=Kind.SCHOOL_PO)

    response = _get(client, soort=Kind.YOUTH_CARE)

    assert _names(response) == ["Jeugdhulp Het Anker"]


def test_directory_municipality_includes_region_wide_but_not_other_municipalities(client):
    alkmaar = MunicipalityFactory(name="Alkmaar", slug="alkmaar")
    bergen = MunicipalityFactory(name="Bergen", slug="bergen")
    _partner("Wijkteam Alkmaar", municipality=alkmaar)
    _partner("Samenwerkingsverband Regio", kind=Kind.SAMENWERKINGSVERBAND, municipality=None)
    _partner("Wijkteam Bergen", municipality=bergen)

    response = _get(client, gemeente="alkmaar")

    assert sorted(_names(response)) == ["Samenwerkingsverband Regio", "Wijkteam Alkmaar"]


def test_directory_theme_filter_keeps_organisations_with_that_theme(client):
    vervoer = ThemeFactory(name="Leerlingenvervoer", slug="leerlingenvervoer")
    _partner("Gemeente Vervoersloket", kind=Kind.MUNICIPALITY).themes.add(vervoer)
    _partner("Wijkteam Zuid").themes.add(ThemeFactory(name="Jeugdhulp", slug="jeugdhulp"))

    response = _get(client, thema="leerlingenvervoer")

    assert _names(response) == ["Gemeente Vervoersloket"]


def test_directory_search_matches_name_and_description(client):
    _partner("Opvoedpunt De Kapstok", kind=Kind.PARENTING_SUPPORT)
    _partner("Wijkteam Zuid", description="Wij helpen bij vragen over de kapstokregel.")
    _partner("Wijkteam Noord", description="Hulp bij opvoeden.")

    response = _get(client, q="kapstok")

    assert sorted(_names(response)) == ["Opvoedpunt De Kapstok", "Wijkteam Zuid"]


def test_directory_never_shows_inactive_organisations(client):
    _partner("Wijkteam Zuid")
    _partner("Wijkteam Opgeheven", is_active=False)
    OrganisationFactory(name="Oude School", kind=Kind.SCHOOL_PO, is_active=False)

    partners = _get(client)
    schools = _get(client, soort="school")

    assert _names(partners) == ["Wijkteam Zuid"]
    assert _names(schools) == []


@pytest.mark.parametrize(
    "params",
    [
        {"gemeente": "bestaat-niet"},
        {"thema": "bestaat-niet"},
        {"soort": "ruimtevaart"},
        {"page": "veel"},
        {"page": "-3"},
        {"q": "nul\x00teken"},
        {"gemeente": "", "thema": "", "soort": "", "q": ""},
    ],
)
def test_directory_ignores_unknown_filter_values(client, params):
    _partner("Wijkteam Zuid")

    response = _get(client, **params)

    assert response.status_code == 200
    assert _names(response) == ["Wijkteam Zuid"]


def test_directory_very_long_search_does_not_error(client):
    _partner("Wijkteam Zuid")

    response = _get(client, q="x" * 5000)

    assert response.status_code == 200
    assert _names(response) == []


def test_directory_unknown_value_is_not_marked_invalid(client):
    _partner("Wijkteam Zuid")

    content = _get(client, gemeente="bestaat-niet", soort="ruimtevaart").content.decode()

    assert "aria-invalid" not in content


def test_directory_keeps_valid_filters_when_another_is_unknown(client):
    alkmaar = MunicipalityFactory(name="Alkmaar", slug="alkmaar")
    _partner("Wijkteam Alkmaar", municipality=alkmaar)
    _partner("Wijkteam Bergen", municipality=MunicipalityFactory(name="Bergen", slug="bergen"))

    response = _get(client, gemeente="alkmaar", thema="bestaat-niet")

    assert _names(response) == ["Wijkteam Alkmaar"]


def test_directory_paginates_twenty_per_page(client):
    for number in range(25):
        _partner(f"Wijkteam {number:02d}")

    first = _get(client)
    second = _get(client, page=2)

    assert len(_names(first)) == 20
    assert _names(second) == [f"Wijkteam {number:02d}" for number in range(20, 25)]
    assert 'aria-current="page"' in second.content.decode()


def test_directory_page_out_of_range_shows_the_last_page(client):
    for number in range(25):
        _partner(f"Wijkteam {number:02d}")

    response = _get(client, page=99)

    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


def test_directory_pagination_links_keep_the_filters(client):
    alkmaar = MunicipalityFactory(name="Alkmaar", slug="alkmaar")
    for number in range(21):
        _partner(f"Wijkteam {number:02d}", municipality=alkmaar)

    content = _get(client, gemeente="alkmaar").content.decode()

    assert "?gemeente=alkmaar&amp;page=2" in content


def test_directory_orders_by_kind_then_name():
    _partner("Wijkteam B")
    _partner("Wijkteam A")
    _partner("Anders Iets", kind=Kind.OTHER)
    _partner("Samenwerkingsverband Regio", kind=Kind.SAMENWERKINGSVERBAND)

    organisations = directory_organisations(municipality=None, theme=None, kind=None)

    assert [o.name for o in organisations] == [
        "Samenwerkingsverband Regio",
        "Wijkteam A",
        "Wijkteam B",
        "Anders Iets",
    ]


def test_directory_card_shows_how_to_reach_them(client):
    _partner(
        "Wijkteam Zuid",
        municipality=None,
        phone="072 000 0199",
        contact_email="j.jansen@wijkteam.example.nl",
        public_email="zuid@wijkteam.example.nl",
        website="https://www.wijkteam-zuid.example.nl",
        opening_hours="Maandag tot en met vrijdag: 9.00 tot 17.00 uur\nDinsdag: inloop",
        description="Wij helpen gezinnen met vragen over opvoeden.",
    )

    content = _get(client).content.decode()

    assert 'href="tel:0720000199"' in content
    assert 'href="mailto:zuid@wijkteam.example.nl"' in content
    assert "j.jansen@wijkteam.example.nl" not in content
    assert 'href="https://www.wijkteam-zuid.example.nl"' in content
    assert "opent de website van Wijkteam Zuid" in content
    assert "9.00 tot 17.00 uur<br>Dinsdag: inloop" in content
    assert "Hele regio" in content
    assert "Wij helpen gezinnen met vragen over opvoeden." in content


def test_directory_card_shows_municipality_kind_and_themes(client):
    organisation = _partner(
        "Wijkteam Bergen", municipality=MunicipalityFactory(name="Bergen", slug="bergen")
    )
    organisation.themes.add(ThemeFactory(name="Jeugdhulp en het wijkteam", slug="jeugdhulp"))

    content = _get(client).content.decode()

    assert "Wijkteam · Bergen</p>" in content
    assert "Jeugdhulp en het wijkteam" in content


def test_directory_nothing_found_points_to_contact(client):
    response = _get(client, q="bestaat nergens")

    content = response.content.decode()
    assert _names(response) == []
    assert "We vonden geen organisaties" in content
    assert f'href="{reverse("contact")}"' in content


def test_directory_page_is_dutch(client):
    _partner("Wijkteam Zuid")

    response = _get(client)

    content = response.content.decode()
    assert response["Content-Language"] == "nl"
    assert '<html lang="nl">' in content
    assert "<h1>Wegwijzer</h1>" in content
    assert "1 organisatie gevonden" in content
    assert "Toon organisaties" in content
    assert "Wis filters" in content
    for label in ["Gemeente", "Thema", "Soort organisatie", "Zoek op naam, onderwerp of plaats"]:
        assert f">{label}</label>" in content


def test_directory_has_no_inline_script_or_style(client):
    _partner("Wijkteam Zuid", website="https://www.wijkteam-zuid.example.nl")

    content = _get(client).content.decode()

    assert "<script>" not in content
    assert " style=" not in content
    assert " onclick=" not in content
    assert 'aria-live="polite"' in content


def test_directory_query_count_does_not_grow_with_organisations(client):
    themes = [ThemeFactory(), ThemeFactory()]

    def add_partners(count: int) -> None:
        for _ in range(count):
            organisation = _partner(
                f"Partner {Organisation.objects.count():02d}",
                municipality=MunicipalityFactory(),
            )
            organisation.themes.add(*themes)

    add_partners(3)
    with CaptureQueriesContext(connection) as few:
        response = _get(client)
    assert len(_names(response)) == 3

    add_partners(22)
    with CaptureQueriesContext(connection) as many:
        response = _get(client)
    assert len(_names(response)) == 20

    assert len(many.captured_queries) == len(few.captured_queries)


def test_directory_never_shows_the_address_requests_go_to(client):
    # The steunpunt's requests go to contact_email, often one person's own address.
    _partner("Wijkteam Noord", contact_email="intern.begeleider@wijkteam.example.nl")

    content = _get(client).content.decode()

    assert "Wijkteam Noord" in content
    assert "intern.begeleider@wijkteam.example.nl" not in content
