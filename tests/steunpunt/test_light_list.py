"""The cheap admin list rows (issue #12): the same HTML as Django's own, built without a
form widget or a reverse() per row."""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.test import RequestFactory
from django.urls import reverse

from casussen.models import Case
from steunpunt.admin.base import LightChangeList
from tests.factories import coordinator, make_case

pytestmark = pytest.mark.django_db


def test_row_checkbox_is_the_html_django_renders():
    case_admin = admin.site._registry[Case]
    case = make_case()
    case.reference = 'OSP-<1>&"2"'

    ours = case_admin.action_checkbox(case)
    django = admin.ModelAdmin.action_checkbox(case_admin, case)

    assert ours == django
    assert "&lt;1&gt;&amp;&quot;2&quot;" in ours


def test_row_link_is_the_url_django_reverses():
    case_admin = admin.site._registry[Case]
    request = RequestFactory().get(reverse("admin:casussen_case_changelist"))
    request.user = coordinator()
    cases = [make_case(), make_case()]
    changelist = case_admin.get_changelist_instance(request)

    assert isinstance(changelist, LightChangeList)
    for case in cases:
        assert changelist.url_for_result(case) == ChangeList.url_for_result(changelist, case)
        assert changelist.url_for_result(case) == reverse(
            "admin:casussen_case_change", args=[case.pk]
        )


def test_case_list_rows_can_still_be_selected_for_an_action(client):
    worker = coordinator()
    client.force_login(worker)
    case = make_case()

    page = client.get(reverse("admin:casussen_case_changelist")).content.decode()

    assert f'name="_selected_action" value="{case.pk}" class="action-select"' in page
    assert f'href="{reverse("admin:casussen_case_change", args=[case.pk])}' in page
