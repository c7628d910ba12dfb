"""`KeptInstanceInline`: an inline admin made once per process and copied for each page,
with what Django's own constructor gives it."""

import pytest
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.test import RequestFactory

from casussen.models import Case
from steunpunt.admin.form_classes import KeptInstanceInline
from tests.factories import UserFactory, make_case

pytestmark = pytest.mark.django_db


def _kept_inlines():
    for model_admin in admin.site._registry.values():
        for inline_class in model_admin.inlines:
            if issubclass(inline_class, KeptInstanceInline):
                yield model_admin, inline_class


def test_every_inline_of_the_admin_is_kept():
    kept = {inline for _admin, inline in _kept_inlines()}
    every = {
        inline for model_admin in admin.site._registry.values() for inline in model_admin.inlines
    }

    assert kept == every
    assert len(kept) > 10


def test_a_kept_inline_holds_what_djangos_constructor_gives_it():
    compared = 0
    for model_admin, inline_class in _kept_inlines():
        inline_class(model_admin.model, admin.site)  # the first is made by Django
        copied = inline_class(model_admin.model, admin.site)
        made = inline_class.__new__(inline_class)
        InlineModelAdmin.__init__(made, model_admin.model, admin.site)

        assert copied.__dict__ == made.__dict__, inline_class
        compared += 1
    assert compared > 10


def test_what_a_page_sets_on_its_inline_stays_on_that_page():
    model_admin = admin.site._registry[Case]
    viewer = RequestFactory().get("/")
    viewer.user = UserFactory(is_staff=True, is_superuser=True)
    case = make_case()

    first = model_admin.get_inline_instances(viewer, case)
    first[0].max_num = 7
    again = model_admin.get_inline_instances(viewer, case)

    assert again[0] is not first[0]
    assert again[0].max_num == type(again[0]).max_num
