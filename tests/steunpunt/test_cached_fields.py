"""as_cached_crispy_field: an empty field's crispy HTML, made once per key; the key holds
everything the HTML shows, and a form someone filled in is always rendered fresh."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.core.cache import caches
from django.utils import translation

from steunpunt.templatetags.cached_fields import as_cached_crispy_field, field_key


@pytest.fixture(autouse=True)
def _empty_cache():
    caches["template_fragments"].clear()
    yield
    caches["template_fragments"].clear()


class MessageForm(forms.Form):
    text = forms.CharField(label="Je bericht", help_text="Noem geen namen.")
    place = forms.ChoiceField(label="Plaats", choices=[("a", "Alkmaar"), ("b", "Bergen")])


def test_cached_field_is_the_crispy_field():
    form = MessageForm()
    expected = str(as_crispy_field(form["text"]))

    assert as_cached_crispy_field(form["text"]) == expected
    assert as_cached_crispy_field(MessageForm()["text"]) == expected  # from the cache


def test_cached_field_is_stored_once():
    as_cached_crispy_field(MessageForm()["place"])

    assert caches["template_fragments"].get(field_key(MessageForm()["place"])) is not None


def test_new_choices_make_a_new_key():
    before = MessageForm()
    after = MessageForm()
    after.fields["place"].choices = [("a", "Alkmaar"), ("h", "Heiloo")]
    as_cached_crispy_field(before["place"])

    html = as_cached_crispy_field(after["place"])

    assert field_key(before["place"]) != field_key(after["place"])
    assert "Heiloo" in html
    assert "Bergen" not in html


def test_a_changed_label_makes_a_new_key():
    form = MessageForm()
    as_cached_crispy_field(form["text"])
    other = MessageForm()
    other.fields["text"].label = "Jouw vraag"

    assert "Jouw vraag" in as_cached_crispy_field(other["text"])


def test_the_language_is_in_the_key():
    with translation.override("nl"):
        dutch = field_key(MessageForm()["text"])
    with translation.override("en"):
        english = field_key(MessageForm()["text"])

    assert dutch != english


def test_a_filled_in_form_is_rendered_fresh_with_what_was_typed():
    as_cached_crispy_field(MessageForm()["text"])
    bound = MessageForm({"text": "Mijn eigen tekst", "place": "x"})
    bound.is_valid()

    assert "Mijn eigen tekst" in as_cached_crispy_field(bound["text"])
    assert "is-invalid" in as_cached_crispy_field(bound["place"])
    assert "Mijn eigen tekst" not in as_cached_crispy_field(MessageForm()["text"])
