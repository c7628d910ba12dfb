"""The one error summary above every form: each error listed and linked to its field,
focused when the page opens."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import ThemeFactory, UserFactory, make_case

pytestmark = pytest.mark.django_db


class _Form(forms.Form):
    name = forms.CharField(label="Je naam")
    kind = forms.ChoiceField(
        label="Wat wil je doen?", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    days = forms.MultipleChoiceField(
        label="Welke dagen?", choices=[("ma", "ma")], widget=forms.CheckboxSelectMultiple
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Het hele formulier klopt niet.")


def _summary(form, **context) -> str:
    return render_to_string("includes/form_errors.html", {"form": form, **context})


def test_summary_links_every_field_with_an_error():
    html = _summary(_Form(data={}))

    assert '<a href="#id_name">Je naam: Dit veld is verplicht.</a>' in html


def test_summary_links_a_radio_group_to_its_first_button():
    html = _summary(_Form(data={}))

    assert 'href="#id_kind_0"' in html
    assert 'href="#id_days_0"' in html


def test_summary_lists_errors_of_the_whole_form_and_hidden_fields_without_a_link():
    html = _summary(_Form(data={}))

    assert "<li>Het hele formulier klopt niet.</li>" in html
    assert 'href="#id_token"' not in html


def test_summary_lists_errors_in_the_order_of_the_form():
    html = _summary(_Form(data={}))

    order = [html.index(f'href="#{anchor}"') for anchor in ("id_name", "id_kind_0", "id_days_0")]
    assert order == sorted(order)


def test_summary_takes_the_focus_without_javascript():
    html = _summary(_Form(data={}))

    opening = re.search(r"<div[^>]*error-summary[^>]*>", html).group(0)
    assert 'tabindex="-1"' in opening
    assert "autofocus" in opening
    assert 'role="alert"' in opening


def test_no_summary_without_errors():
    assert _summary(_Form()).strip() == ""


def test_summary_takes_a_title_and_a_note():
    html = _summary(
        _Form(data={}), title="Je bericht is nog niet verstuurd.", note="Het staat er nog."
    )

    assert "Je bericht is nog niet verstuurd." in html
    assert "Het staat er nog." in html


def test_intake_errors_are_listed_and_linked(client):
    theme = ThemeFactory()
    response = client.post(
        reverse("casussen:intake"),
        {"kind": "question", "theme": theme.pk, "description": "", "email": "", "website": ""},
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_description"' in content
    assert 'href="#id_email"' in content
    assert 'href="#id_privacy"' in content
    assert content.count("error-summary-list") == 1


def test_sign_in_form_errors_use_the_same_summary(client):
    UserFactory(email="ouder@test.example.nl", password="een-goed-wachtwoord-123")

    response = client.post(
        reverse("account_login"), {"login": "ouder@test.example.nl", "password": "fout"}
    )

    content = response.content.decode()
    assert "error-summary" in content
    assert content.count("error-summary-list") == 1


def test_portal_reply_errors_link_to_the_message_field(client):
    parent = UserFactory(email="ouder@test.example.nl")
    client.force_login(parent)

    case = make_case(email=parent.email)

    response = client.post(reverse("casussen:portal_reply", args=[case.pk]), {"text": ""})

    content = response.content.decode()
    assert "Je bericht is nog niet verstuurd." in content
    assert 'href="#id_text"' in content
