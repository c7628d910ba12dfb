"""QuickSelect renders the HTML of Django's own select templates, character for
character, only faster (no template per option)."""

import pytest
from django import forms

from steunpunt.forms import QuickSelect

CHOICES = [
    ("", "Alle gemeenten"),
    ("alkmaar", "Alkmaar"),
    ("bergen", 'Bergen <NH> & "omstreken"'),
    ("Groep", [("a", "Eerste"), ("b", "Tweede")]),
    (3, "Een getal"),
]


@pytest.mark.parametrize("value", ["", "bergen", "b", "3", 3, None, "onbekend"])
def test_quick_select_matches_django_select(value):
    attrs = {"class": "form-select", "aria-describedby": "id_x_help", "required": True}
    django = forms.Select(attrs=attrs, choices=CHOICES).render("gemeente", value, {"id": "id_g"})
    quick = QuickSelect(attrs=attrs, choices=CHOICES).render("gemeente", value, {"id": "id_g"})

    assert quick == django


def test_quick_select_leaves_out_false_attributes():
    quick = QuickSelect(attrs={"disabled": False}, choices=CHOICES).render("g", "")

    assert quick == forms.Select(attrs={"disabled": False}, choices=CHOICES).render("g", "")
    assert "disabled" not in quick


def test_quick_select_escapes_labels_and_values():
    quick = QuickSelect(choices=[('"><script>', "<b>x</b>")]).render("g", "")

    assert "<script>" not in quick
    assert "<b>" not in quick
    assert "&lt;b&gt;x&lt;/b&gt;" in quick


def test_quick_select_in_a_bound_form_matches_django():
    class Quick(forms.Form):
        soort = forms.ChoiceField(choices=CHOICES, widget=QuickSelect, required=False)

    class Plain(forms.Form):
        soort = forms.ChoiceField(choices=CHOICES, required=False)

    assert str(Quick({"soort": "a"})["soort"]) == str(Plain({"soort": "a"})["soort"])
