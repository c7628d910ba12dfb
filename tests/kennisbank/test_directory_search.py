"""The wegwijzer search: names, what they help with, themes, places, synonyms, and the hint
when the kind filter hides what was found."""

import pytest
from django.urls import reverse

from steunpunt.models import Organisation
from tests.factories import MunicipalityFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

Kind = Organisation.Kind


def _get(client, **params):
    return client.get(reverse("kennisbank:directory"), params)


def _names(response) -> list[str]:
    return [organisation.name for organisation in response.context["organisations"]]


def test_search_finds_a_partner_by_theme_name(client):
    theme = ThemeFactory(name="Thuiszitten en verzuim", slug="thuiszitten-en-verzuim")
    OrganisationFactory(name="Onderwijsbemiddeling De Brug", kind=Kind.OTHER).themes.add(theme)
    OrganisationFactory(name="Wijkteam Noord", kind=Kind.WIJKTEAM)

    response = _get(client, q="thuiszitten")

    assert _names(response) == ["Onderwijsbemiddeling De Brug"]


def test_search_finds_by_a_synonym_of_the_theme(client):
    theme = ThemeFactory(name="Thuiszitten en verzuim", slug="thuiszitten-en-verzuim")
    OrganisationFactory(name="Onderwijsbemiddeling De Brug", kind=Kind.OTHER).themes.add(theme)

    assert _names(_get(client, q="thuiszitter")) == ["Onderwijsbemiddeling De Brug"]


def test_search_finds_by_what_they_help_with(client):
    OrganisationFactory(
        name="Praktijk Kompas", kind=Kind.YOUTH_CARE, description="Hulp bij angst en somberheid."
    )
    OrganisationFactory(name="Wijkteam Noord", kind=Kind.WIJKTEAM)

    assert _names(_get(client, q="somberheid")) == ["Praktijk Kompas"]


def test_search_finds_by_place(client):
    heiloo = MunicipalityFactory(name="Heiloo", slug="heiloo")
    OrganisationFactory(name="Praktijk Kompas", kind=Kind.YOUTH_CARE, municipality=heiloo)
    OrganisationFactory(name="Wijkteam Bergen", kind=Kind.WIJKTEAM)

    assert _names(_get(client, q="Heiloo")) == ["Praktijk Kompas"]


def test_search_finds_by_an_abbreviation(client):
    OrganisationFactory(name="Samenwerkingsverband PO Regio", kind=Kind.SAMENWERKINGSVERBAND)
    OrganisationFactory(name="Wijkteam Noord", kind=Kind.WIJKTEAM)

    assert _names(_get(client, q="SWV")) == ["Samenwerkingsverband PO Regio"]


def test_short_abbreviation_is_not_found_inside_a_word(client):
    OrganisationFactory(name="SO De Lichtboei", kind=Kind.SCHOOL_SO)
    OrganisationFactory(name="Wijkteam Sociaal Domein", kind=Kind.WIJKTEAM)

    assert _names(_get(client, q="so", soort="alle")) == ["SO De Lichtboei"]


def test_name_matches_come_first(client):
    OrganisationFactory(name="Jeugdhulp Het Anker", kind=Kind.YOUTH_CARE)
    OrganisationFactory(
        name="Samenwerkingsverband Regio",
        kind=Kind.SAMENWERKINGSVERBAND,
        description="Werkt samen met jeugdhulp.",
    )

    assert _names(_get(client, q="jeugdhulp")) == [
        "Jeugdhulp Het Anker",
        "Samenwerkingsverband Regio",
    ]


def test_hidden_school_is_announced_with_a_link_to_show_it(client):
    OrganisationFactory(name="Basisschool De Windwijzer Oost", kind=Kind.SCHOOL_PO)

    response = _get(client, q="Windwijzer")

    content = response.content.decode()
    assert _names(response) == []
    assert "1 school gevonden die nu verborgen is." in content
    assert response.context["hidden"]["url"] == "/wegwijzer/?q=Windwijzer&soort=alle"


def test_following_the_link_shows_the_hidden_schools_and_the_partners(client):
    OrganisationFactory(name="Basisschool De Windwijzer Oost", kind=Kind.SCHOOL_PO)
    OrganisationFactory(name="Wijkteam Windwijzer", kind=Kind.WIJKTEAM)

    response = _get(client, q="Windwijzer", soort="alle")

    assert sorted(_names(response)) == ["Basisschool De Windwijzer Oost", "Wijkteam Windwijzer"]
    assert response.context["hidden"] is None


def test_several_hidden_schools_are_counted(client):
    for name in ["SO De Lichtboei", "SO De Vuurtoren", "SO Het Baken"]:
        OrganisationFactory(name=name, kind=Kind.SCHOOL_SO)

    content = _get(client, q="speciaal onderwijs").content.decode()

    assert "3 scholen gevonden die nu verborgen zijn." in content


def test_other_kinds_are_announced_when_one_kind_is_chosen(client):
    OrganisationFactory(name="Wijkteam Kompas", kind=Kind.WIJKTEAM)
    OrganisationFactory(name="Praktijk Kompas", kind=Kind.YOUTH_CARE)

    response = _get(client, q="kompas", soort=Kind.WIJKTEAM)

    assert _names(response) == ["Wijkteam Kompas"]
    assert "1 organisatie van een andere soort gevonden." in response.content.decode()


def test_matches_in_another_municipality_are_offered_when_nothing_is_found(client):
    bergen = MunicipalityFactory(name="Bergen", slug="bergen")
    heiloo = MunicipalityFactory(name="Heiloo", slug="heiloo")
    OrganisationFactory(name="Praktijk Kompas", kind=Kind.YOUTH_CARE, municipality=heiloo)

    response = _get(client, q="kompas", gemeente=bergen.slug)

    assert _names(response) == []
    assert "1 organisatie gevonden in een andere gemeente" in response.content.decode()
    assert "gemeente=&" in response.context["hidden"]["url"]


def test_no_hint_without_a_search_word(client):
    OrganisationFactory(name="Basisschool De Windwijzer Oost", kind=Kind.SCHOOL_PO)

    response = _get(client)

    assert response.context["hidden"] is None


def test_search_query_count_does_not_grow_with_organisations(client, django_assert_max_num_queries):
    theme = ThemeFactory(name="Thuiszitten en verzuim", slug="thuiszitten-en-verzuim")
    for n in range(25):
        OrganisationFactory(name=f"Partner {n:02d}", kind=Kind.WIJKTEAM).themes.add(theme)
        OrganisationFactory(name=f"School {n:02d}", kind=Kind.SCHOOL_PO).themes.add(theme)

    # One more than the search itself: the version of the wegwijzer's kept parts.
    with django_assert_max_num_queries(9):
        response = _get(client, q="thuiszitten")
    with django_assert_max_num_queries(2):  # kept: the version and the site's details
        kept = _get(client, q="thuiszitten")

    assert len(_names(response)) == 20
    assert response.context["hidden"]["count"] == 25
    main = '<main id="main"'
    kept_html, html = kept.content.decode(), response.content.decode()
    end = "</main>"
    assert (
        kept_html[kept_html.index(main) : kept_html.index(end)]
        == html[html.index(main) : html.index(end)]
    )
