"""The admin lists' filter sidebar written in Python (issue #12): the same HTML as
Django's `admin/filter.html`, for every filter of the busiest lists."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import admin_list_filter
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from casussen.models import Case, FollowUp
from steunpunt.admin.filter_html import DJANGO_FILTER_TEMPLATE, filter_html
from steunpunt.models import AccessEvent, User
from steunpunt.templatetags.light_admin_list import light_list_filter
from tests.factories import ThemeFactory, coordinator, make_case

pytestmark = pytest.mark.django_db


def _changelist(model, params=None):
    model_admin = admin.site._registry[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    request = RequestFactory().get(url, params or {})
    request.user = coordinator()
    return model_admin.get_changelist_instance(request)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    ("model", "params"),
    [
        (Case, {}),
        (Case, {"status__exact": "new", "termijn": "te-laat"}),
        (Case, {"q": 'thuis <zitter> & "school"'}),
        (User, {"is_staff__exact": "1"}),
        (FollowUp, {}),
    ],
)
def test_every_filter_is_the_html_django_writes(model, params, language):
    ThemeFactory(name='Zorg & "onderwijs" <thuis>')
    make_case()
    with translation.override(language):
        changelist = _changelist(model, params)
        specs = [s for s in changelist.filter_specs if s.template == DJANGO_FILTER_TEMPLATE]
        assert specs
        for spec in specs:
            assert light_list_filter(changelist, spec) == admin_list_filter(changelist, spec)


def test_escapes_title_link_and_label_as_the_template_does():
    choices = [
        {"selected": True, "query_string": "?a=1&b=é ü", "display": 'Alles <b> & "x"'},
        {"selected": False, "query_string": "?c=<d>", "display": "Nee"},
    ]
    title = "titel <i>&"

    expected = get_template(DJANGO_FILTER_TEMPLATE).render(
        {"title": title, "choices": choices, "spec": None}
    )

    assert filter_html(title, choices) == expected
    assert "&lt;b&gt;" in expected


def test_a_filter_with_its_own_template_is_rendered_by_django():

    changelist = _changelist(AccessEvent)
    own = [s for s in changelist.filter_specs if s.template != DJANGO_FILTER_TEMPLATE]

    assert own
    for spec in own:
        assert light_list_filter(changelist, spec) == admin_list_filter(changelist, spec)
