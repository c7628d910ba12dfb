"""The empty intake form's fields are rendered once and cached (issue #12); the cache
key holds what they show, so a change is on the page straight away."""

import pytest
from django.urls import reverse

from casussen.forms import IntakeForm
from tests.factories import OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _page(client) -> str:
    return client.get(reverse("casussen:intake")).content.decode()


def test_the_cached_form_is_the_form_rendered_fresh(client):
    ThemeFactory(name="Thuiszitten")
    fresh = _page(client)

    cached = _page(client)

    csrf = 'name="csrfmiddlewaretoken" value="'

    def strip(page):
        return page.split(csrf)[0] + page.split(csrf)[1].split('"', 1)[1]

    assert strip(cached) == strip(fresh)
    assert "Thuiszitten" in cached


def test_a_new_theme_is_on_the_form_at_once(client):
    ThemeFactory(name="Thuiszitten")
    _page(client)

    ThemeFactory(name="Pesten op school")

    assert "Pesten op school" in _page(client)


def test_a_renamed_school_is_on_the_form_at_once(client):
    school = OrganisationFactory(name="De Regenboog", kind="school_po")
    _page(client)
    school.name = "De Zonnebloem"
    school.save()

    page = _page(client)

    assert "De Zonnebloem" in page
    assert "De Regenboog" not in page


def test_a_form_with_errors_keeps_what_the_parent_typed(client):
    ThemeFactory(name="Thuiszitten")
    _page(client)

    response = client.post(
        reverse("casussen:intake"),
        {"description": "Mijn zoon gaat niet naar school.", "email": "geen-adres"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Mijn zoon gaat niet naar school." in page
    assert 'value="geen-adres"' in page


def test_the_key_changes_with_the_choices_and_not_without():
    ThemeFactory(name="Thuiszitten")
    first = IntakeForm().fragment_key()

    same = IntakeForm().fragment_key()
    ThemeFactory(name="Pesten op school")

    assert same == first
    assert IntakeForm().fragment_key() != first


def test_the_choices_are_read_once_for_the_key_and_the_fields(django_assert_num_queries):
    ThemeFactory(name="Thuiszitten")
    OrganisationFactory(name="De Regenboog", kind="school_po")

    with django_assert_num_queries(2):  # the active organisations, the active themes
        form = IntakeForm()
        form.fragment_key()
        fields = str(form["theme"]) + str(form["complaint_about"]) + str(form["school"])

    assert "Thuiszitten" in fields
    assert fields.count("De Regenboog") == 2  # a complaint's organisation, and the school


def test_only_active_schools_are_choices_for_the_school():
    OrganisationFactory(name="De Regenboog", kind="school_po", municipality=None)
    OrganisationFactory(name="Wijkteam Oost", kind="wijkteam")
    OrganisationFactory(name="Oude School", kind="school_po", is_active=False)

    labels = [label for _value, label in IntakeForm().fields["school"].choices]

    assert labels[1:-1] == ["De Regenboog"]
