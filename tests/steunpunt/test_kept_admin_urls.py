"""`add_preserved_filters` without resolving the link (steunpunt/admin/preserved_filters.py,
the tag of steunpunt/templatetags/kept_admin_urls.py): the same address as Django's for
every kind of link the admin's object tools and submit row write, and the tag those
templates use."""

from pathlib import Path

import pytest
from django.contrib.admin.templatetags.admin_urls import (
    add_preserved_filters as django_add_preserved_filters,
)
from django.template import Context
from django.urls import reverse

from casussen.models import Case
from steunpunt.admin.preserved_filters import add_preserved_filters
from steunpunt.models import Theme
from tests.clients import SecondFactorClient
from tests.factories import coordinator

CASES = Case._meta
THEMES = Theme._meta
FROM_LIST = "_changelist_filters=q%3Dthuiszitten%26status__exact%3Dnew"


def _links():
    changelist = reverse("admin:casussen_case_changelist")
    return {
        "the list itself": (changelist, {}),
        "the add page": (reverse("admin:casussen_case_add"), {}),
        "a history page": (reverse("admin:casussen_case_history", args=[7]), {}),
        "a delete page": (reverse("admin:casussen_case_delete", args=[7]), {}),
        "another model's list": (reverse("admin:steunpunt_theme_changelist"), {}),
        "the list with a query": (f"{changelist}?o=1", {}),
        "a page outside the admin": ("/kennisbank/", {}),
        "a popup with a field": (
            reverse("admin:casussen_case_add"),
            {"popup": True, "to_field": "id"},
        ),
    }


CONTEXTS = {
    "from a filtered list": {"opts": CASES, "preserved_filters": FROM_LIST},
    "on the filtered list": {"opts": CASES, "preserved_filters": "q=thuiszitten"},
    "with the popup's own filters": {
        "opts": CASES,
        "preserved_filters": FROM_LIST,
        "preserved_qsl": [("_popup", "1"), ("_to_field", "id")],
    },
    "of another model": {"opts": THEMES, "preserved_filters": FROM_LIST},
    "without filters": {"opts": CASES, "preserved_filters": ""},
    "without a model": {"preserved_filters": FROM_LIST},
}


@pytest.mark.parametrize("context_name", CONTEXTS)
def test_every_link_is_the_address_djangos_tag_writes(context_name):
    context = Context(CONTEXTS[context_name])
    for link_name, (url, options) in _links().items():
        ours = add_preserved_filters(context, url, **options)
        assert ours == django_add_preserved_filters(context, url, **options), link_name


def test_the_link_back_to_the_list_carries_the_lists_own_filters():
    context = Context({"opts": CASES, "preserved_filters": FROM_LIST})
    url = add_preserved_filters(context, reverse("admin:casussen_case_changelist"))
    assert url == "/admin/casussen/case/?q=thuiszitten&status__exact=new"


@pytest.mark.parametrize(
    "name", ["change_list_object_tools.html", "change_form_object_tools.html", "submit_line.html"]
)
def test_the_admin_templates_load_this_tag_after_djangos(name):
    first = (Path(__file__).parents[2] / "templates/admin" / name).read_text().splitlines()[0]
    assert first.startswith("{% load i18n admin_urls kept_admin_urls %}")


@pytest.mark.django_db
def test_a_searched_list_links_its_add_page_with_the_search():
    client = SecondFactorClient()
    client.force_login(coordinator())
    response = client.get(reverse("admin:casussen_case_changelist"), {"q": "thuiszitten"})
    assert 'href="/admin/casussen/case/add/?_changelist_filters=q%3Dthuiszitten"' in (
        response.content.decode()
    )
