"""Admin form and formset classes kept per set of permissions (steunpunt/admin/
form_classes.py): the case page builds its form and its read-only inlines' formsets once
per process, and a user with other permissions gets the classes for those (issue #12)."""

import gc
import weakref

import pytest
from django.contrib.admin.sites import site
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.models import Permission
from django.test import RequestFactory

from casussen.models import Case
from kennisbank.models import Article
from oudernetwerk.models import BuddyRequest, Match, Meetup
from steunpunt.admin.form_classes import CLASSES
from tests.factories import (
    ArticleFactory,
    BuddyRequestFactory,
    MatchFactory,
    UserFactory,
    coordinator,
    editor,
    make_case,
)
from tests.factories.meetups import MeetupFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _case_form(user, case, request=None):
    # As the change view asks for it.
    model_admin = site._registry[Case]
    request = request or _request(user)
    fields = flatten_fieldsets(model_admin.get_fieldsets(request, case))
    return model_admin.get_form(request, case, change=True, fields=fields)


def _formsets(user, case):
    model_admin = site._registry[Case]
    request = _request(user)
    return [
        inline._base_formset(request, case)
        for inline in model_admin.get_inline_instances(request, case)
    ]


def test_the_case_form_is_built_once_for_the_same_permissions():
    case = make_case()

    first = _case_form(coordinator(), case)

    assert _case_form(coordinator(), case) is first
    assert "theme" in first.base_fields
    assert first.clean_assigned_to


def test_a_user_who_may_only_view_gets_a_form_without_fields():
    case = make_case()
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_case"))

    form = _case_form(viewer, case)

    assert form is not _case_form(coordinator(), case)
    assert list(form.base_fields) == []


def test_a_granted_permission_gets_a_new_form():
    case = make_case()
    user = coordinator()
    before = _case_form(user, case)
    new = Permission.objects.exclude(
        codename__in=[name.split(".")[1] for name in user.get_all_permissions()]
    ).filter(content_type__app_label="steunpunt")[0]
    user.user_permissions.add(new)
    user = type(user).objects.get(pk=user.pk)  # permissions are read once per request

    assert _case_form(user, case) is not before


def test_a_kept_form_keeps_no_request():
    CLASSES.clear()
    case = make_case()
    request = _request(coordinator())
    kept = weakref.ref(request)
    model_admin = site._registry[Case]
    _case_form(None, case, request)
    for inline in model_admin.get_inline_instances(request, case):
        inline._base_formset(request, case)

    del request
    gc.collect()

    assert kept() is None


def test_the_inlines_formsets_are_built_once_and_hold_no_fields_to_edit():
    case = make_case()

    first = _formsets(coordinator(), case)

    assert _formsets(coordinator(), case) == first
    assert len(first) == 4
    for formset in first:
        assert not formset.can_delete
        assert set(formset.form.base_fields) <= {"id"}


def test_the_kept_case_form_offers_active_coordinators_only_as_owner():
    case = make_case()
    active = coordinator(name="Coördinator Actief")
    gone = coordinator(name="Coördinator Weg", is_active=False)
    parent = UserFactory(name="Een Ouder")
    form_class = _case_form(coordinator(), case)

    owners = form_class(instance=case).fields["assigned_to"].queryset

    assert active in owners
    assert gone not in owners
    assert parent not in owners


# --- The other change pages (`KeptFormAdmin`, `KeptFormsetInline`) ---------------------


def _change_form(model, user, obj, request=None):
    model_admin = site._registry[model]
    request = request or _request(user)
    fields = flatten_fieldsets(model_admin.get_fieldsets(request, obj))
    return model_admin.get_form(request, obj, change=True, fields=fields)


def _inline_formsets(model, user, obj):
    model_admin = site._registry[model]
    request = _request(user)
    return [
        inline.get_formset(request, obj)
        for inline in model_admin.get_inline_instances(request, obj)
    ]


@pytest.mark.parametrize("model", [Meetup, BuddyRequest, Match])
def test_the_network_change_forms_are_built_once_for_the_same_permissions(model):
    obj = {Meetup: MeetupFactory, BuddyRequest: BuddyRequestFactory, Match: MatchFactory}[model]()

    first = _change_form(model, coordinator(), obj)

    assert _change_form(model, coordinator(), obj) is first


def test_a_cancelled_meetup_gets_a_form_without_its_status():
    meetup = MeetupFactory()
    open_form = _change_form(Meetup, coordinator(), meetup)
    meetup.status = Meetup.Status.CANCELLED

    cancelled_form = _change_form(Meetup, coordinator(), meetup)

    assert "status" in open_form.base_fields
    assert "status" not in cancelled_form.base_fields


def test_the_attendance_formset_is_built_once():
    meetup = MeetupFactory()

    first = _inline_formsets(Meetup, coordinator(), meetup)

    assert _inline_formsets(Meetup, coordinator(), meetup) == first
    assert "attended" in first[0].form.base_fields


def test_the_article_form_is_kept_per_status_with_its_own_steps():
    article = ArticleFactory(status=Article.Status.DRAFT)
    draft = _change_form(Article, editor(), article)
    article.status = Article.Status.PUBLISHED

    published = _change_form(Article, editor(), article)

    assert published is not draft
    assert _change_form(Article, editor(), article) is published
    assert draft.base_fields["body"].help_text != published.base_fields["body"].help_text
    # The steps are added once, not again for each page that uses the kept class.
    assert published.base_fields["body"].help_text.count("Mogelijke stappen") == 1


def test_the_article_inlines_formsets_are_built_once():
    article = ArticleFactory()

    first = _inline_formsets(Article, editor(), article)

    assert _inline_formsets(Article, editor(), article)[:2] == first[:2]
