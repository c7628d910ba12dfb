"""The admin's fieldset written in Python (steunpunt/templatetags/light_fieldset.py): the
HTML of Django's admin/includes/fieldset.html, for every admin's change and add form
(unbound and with errors) and for the fieldset options no admin here uses."""

from pathlib import Path

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.template import Context, Engine
from django.test import RequestFactory
from django.urls import reverse

from steunpunt.models import Theme
from tests.clients import SecondFactorClient
from tests.factories import UserFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

DJANGO = (Path(admin.__file__).parent / "templates/admin/includes/fieldset.html").read_text()
OURS = (Path(__file__).parents[2] / "templates/admin/includes/fieldset.html").read_text()


def _both(admin_form, **context) -> tuple[list[str], list[str]]:
    engine = Engine.get_default()
    django, ours = engine.from_string(DJANGO), engine.from_string(OURS)
    pages = ([], [])
    for number, fieldset in enumerate(admin_form):
        values = {"fieldset": fieldset, "id_suffix": number, **context}
        for template, written in zip((django, ours), pages, strict=True):
            written.append(template.render(Context(values)))
    return pages


def _admin_form(model_admin, request, obj, data=None):
    form_class = model_admin.get_form(request, obj, change=obj is not None)
    form = form_class(data, instance=obj) if data is not None else form_class(instance=obj)
    if data is not None:
        form.is_valid()
    return helpers.AdminForm(
        form,
        list(model_admin.get_fieldsets(request, obj)),
        model_admin.get_prepopulated_fields(request, obj),
        model_admin.get_readonly_fields(request, obj),
        model_admin=model_admin,
    )


def test_every_admin_form_is_written_as_djangos_template_writes_it():
    make_case(description="Een verhaal met <b>tekens</b> & meer.")
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    compared = 0
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.first()
        for instance in {obj, None}:
            if instance is None and not model_admin.has_add_permission(request):
                continue
            for data in (None, {}):
                admin_form = _admin_form(model_admin, request, instance, data)
                context = {"heading_level": 2, "prefix": "fieldset", "id_prefix": 0}
                django, ours = _both(admin_form, **context)
                assert ours == django, model
                compared += len(ours)
    assert compared > 50


class OptionsForm(forms.ModelForm):
    tick = forms.BooleanField(required=False, help_text="Vink <i>aan</i>")
    secret = forms.CharField(widget=forms.HiddenInput, required=False, help_text="Verborgen")

    class Meta:
        model = Theme
        fields = ["name", "slug", "description", "is_active"]


class OptionsAdmin(admin.ModelAdmin):
    form = OptionsForm
    readonly_fields = ["position"]
    fieldsets = [
        (None, {"fields": [("name", "slug"), "tick"]}),
        (
            "Meer <en>",
            {
                "fields": ["description", ("is_active", "position"), "secret"],
                "classes": ["collapse", "wide"],
                "description": "Uitleg <b>vet</b>",
            },
        ),
        ("Open", {"fields": ["is_active"], "classes": ["extrapretty"]}),
    ]


@pytest.mark.parametrize("data", [None, {"name": "", "slug": "x y"}])
@pytest.mark.parametrize("context", [{}, {"heading_level": 4, "prefix": "a", "id_prefix": 1}])
def test_collapsed_described_and_multi_field_fieldsets_are_written_as_django_writes_them(
    data, context
):
    theme = Theme.objects.create(name="Thema", slug="thema")
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    model_admin = OptionsAdmin(Theme, admin.site)

    django, ours = _both(_admin_form(model_admin, request, theme, data), **context)

    assert ours == django
    assert "<details>" in ours[1]
    assert "Uitleg <b>vet</b>" in ours[1]


def test_the_case_page_uses_it():
    client = SecondFactorClient()
    client.force_login(coordinator())

    response = client.get(reverse("admin:casussen_case_change", args=[make_case().pk]))

    names = [template.name for template in response.templates]
    assert "admin/includes/fieldset.html" in names
    assert 'class="form-row field-reference"' in response.content.decode()
