"""The admin's list of apps and models (the sidebar of every page, the index), worked out
once per set of permissions and rendered once per content (issue #12): the same HTML as
Django's own templates, and a changed permission or role shows on the next page."""

from pathlib import Path

import django
import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.template import Context, Engine
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from steunpunt import admin_site
from steunpunt.templatetags import cached_app_list
from tests.factories import UserFactory, coordinator, editor, privacy_officer

pytestmark = pytest.mark.django_db

DJANGO_ADMIN_TEMPLATES = Path(django.__file__).parent / "contrib/admin/templates"


def _django_engine() -> Engine:
    """Only Django's admin templates (ours override nav_sidebar.html and index.html)."""
    return Engine(
        dirs=[str(DJANGO_ADMIN_TEMPLATES)],
        libraries={"i18n": "django.templatetags.i18n"},
    )


def _django_nav_sidebar(request, app_list) -> str:
    """The sidebar as Django's own nav_sidebar.html and app_list.html write it."""
    template = _django_engine().get_template("admin/nav_sidebar.html")
    return template.render(Context({"request": request, "available_apps": app_list}))


def _ours(request, app_list, show_changelinks=False) -> str:
    return cached_app_list.cached_app_list({"request": request}, app_list, show_changelinks)


def test_the_default_admin_site_is_ours():
    assert isinstance(admin.site, admin_site.SteunpuntAdminSite)


def test_sidebar_is_the_html_django_writes(client):
    user = coordinator()
    client.force_login(user)

    page = client.get(reverse("admin:casussen_case_changelist")).content.decode()

    request = RequestFactory().get(reverse("admin:casussen_case_changelist"))
    request.user = user
    app_list = admin.site.get_app_list(request)
    django_sidebar = _django_nav_sidebar(request, app_list)
    start = django_sidebar.index('<div class="app-')
    end = django_sidebar.rindex("</div>") + len("</div>")
    assert django_sidebar[start:end] in page
    # The current model is marked, as Django marks it.
    assert 'class="model-case current-model"' in page
    assert f'href="{reverse("admin:casussen_case_changelist")}" aria-current="page"' in page


@pytest.mark.parametrize("show_changelinks", [False, True])
def test_app_list_is_the_html_of_djangos_template_for_every_page(show_changelinks):
    user = coordinator()
    django_template = _django_engine().get_template("admin/app_list.html")
    for path in [
        reverse("admin:index"),
        reverse("admin:casussen_case_changelist"),
        reverse("admin:casussen_followup_changelist"),
        reverse("admin:oudernetwerk_buddyprofile_changelist"),
    ]:
        request = RequestFactory().get(path)
        request.user = user
        app_list = admin.site.get_app_list(request)
        expected = django_template.render(
            Context(
                {"request": request, "app_list": app_list, "show_changelinks": show_changelinks}
            )
        )
        # Twice: the second answer is the kept one.
        assert _ours(request, app_list, show_changelinks) == expected
        assert _ours(request, app_list, show_changelinks) == expected


def test_app_list_is_the_one_django_builds():
    staff = UserFactory(is_staff=True)
    for user in [
        coordinator(),
        editor(),
        privacy_officer(),
        staff,
        UserFactory(is_staff=True, is_superuser=True),
    ]:
        request = RequestFactory().get(reverse("admin:index"))
        request.user = user
        ours = admin.site.get_app_list(request)
        theirs = admin.AdminSite.get_app_list(admin.site, request)
        assert ours == theirs


def test_changing_the_list_a_page_got_leaves_the_kept_list_alone():
    request = RequestFactory().get(reverse("admin:index"))
    request.user = coordinator()
    first = admin.site.get_app_list(request)
    first[0]["models"].clear()
    first.clear()

    assert admin.site.get_app_list(request)[0]["models"]


def test_a_granted_permission_shows_on_the_next_page(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_organisation"))
    client.force_login(user)
    # A staff account without a second factor is sent to set one up first: look at the
    # list the site builds for this user instead.
    request = RequestFactory().get(reverse("admin:index"))
    request.user = type(user).objects.get(pk=user.pk)
    before = [m["object_name"] for a in admin.site.get_app_list(request) for m in a["models"]]

    user.user_permissions.add(Permission.objects.get(codename="view_theme"))
    request.user = type(user).objects.get(pk=user.pk)  # a new request reads the user again
    after = [m["object_name"] for a in admin.site.get_app_list(request) for m in a["models"]]

    assert "Theme" not in before
    assert "Theme" in after
    assert "Organisation" in before


def test_a_role_taken_away_shows_on_the_next_page(client):
    user = coordinator()
    client.force_login(user)
    assert "model-case" in client.get(reverse("admin:index")).content.decode()

    user.groups.clear()
    user.user_permissions.clear()
    page = client.get(reverse("admin:index"))

    assert "model-case" not in page.content.decode()


def test_the_list_follows_the_language():
    request = RequestFactory().get(reverse("admin:index"))
    request.user = UserFactory(is_staff=True, is_superuser=True)
    with translation.override("en"):
        english = [a["name"] for a in admin.site.get_app_list(request)]
        english_html = _ours(request, admin.site.get_app_list(request))
    with translation.override("nl"):
        dutch = [a["name"] for a in admin.site.get_app_list(request)]
        dutch_html = _ours(request, admin.site.get_app_list(request))

    assert english != dutch
    assert "Add" in english_html
    assert "Toevoegen" in dutch_html


def test_the_kept_lists_are_bounded():
    cache = admin_site.BoundedCache(size=2)
    for key in "abc":
        cache.set(key, key.upper())

    assert cache.get("a") is None
    assert (cache.get("b"), cache.get("c")) == ("B", "C")
