"""Issue #13, item 7: every admin page speaks one language. A coordinator and an editor
walk the whole admin on the demo data (the index, each app, each model's list, its add
page and the change page of one record, each extra page a model admin adds, each list
action that asks for something first): in Dutch no English, in English none of our
Dutch. Django's and allauth's msgids all have Dutch (our overrides fill the gaps of the
stock catalogues), and every string of ours has English (locale/en)."""

import json
import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory
from django.urls import URLPattern, reverse
from django.utils import translation

from steunpunt import demo
from tests.factories import coordinator, editor
from tests.words import visible_text

pytestmark = pytest.mark.django_db

LOCALE_EN = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"
DJANGO_EN = Path(admin.__file__).parent / "locale" / "en" / "LC_MESSAGES"

# Words of Django's English interface that have no place in a Dutch page (whole words).
ENGLISH = re.compile(
    r"\b(the|and|with|your|you|please|select|selected|choose|chosen|remove|save|delete|"
    r"add|change|changed|search|history|home|yes|none|unknown|today|yesterday|tomorrow|"
    r"submitted|created|updated|name|list|user|users|group|groups|permissions|size|"
    r"date|time|by|this|that|are|were|has|have|been|not|all|any|new|edit|show|hide|"
    r"back|cancel|next|previous|page|results|total|clear|sort|sorting|toggle|view|"
    r"available|model|action|actions|filter by|log out|log in|sign in|sign out|content type|at)\b",
    re.IGNORECASE,
)
# Dutch words of our own interface that have no place in an English page.
DUTCH = re.compile(
    r"(?<![\w-])(de|het|een|van|je|jouw|niet|voor|met|wijzigen|toevoegen|opslaan|verwijderen|"
    r"zoeken|gebruiker|naam|bekijken|kies|geen|alle|wordt|zijn|deze|dit|naar|bij|over|"
    r"uitloggen|inloggen|beheer|gemeente|thema|vraag|vragen|opvolging|koppeling|"
    r"ontmoeting|herinnering|aangemaakt|gewijzigd|datum|omschrijving|status wijzigen)(?![\w-])",
    re.IGNORECASE,
)
# Words the same in both languages, or names, that the checks above would misread.
SAME_IN_BOTH = {"filter", "status", "buddy", "code", "e-mail", "id"}

# Where the interface speaks, as opposed to the records it shows (names, texts, titles
# written by people, which stay in the language they were written in; headings name the
# record, so they are left out).
INTERFACE = re.compile(
    r"<(label|legend|button|caption)\b[^>]*>((?:(?!<input).)*?)</\1>"
    r"|<div class=\"help\"[^>]*>(.*?)</div>"
    r"|<ul class=\"messagelist\">(.*?)</ul>"
    r"|<ul class=\"object-tools\">(.*?)</ul>"
    r"|<p class=\"paginator\">(.*?)</p>"
    r"|<input type=\"submit\"[^>]*value=\"([^\"]*)\""
    r"|<select name=\"action\"[^>]*>(.*?)</select>",
    re.DOTALL,
)
# Column headers: the head of a table, not its rows (a list's first column is a <th>).
HEADS = re.compile(r"<thead>(.*?)</thead>", re.DOTALL)


# Django's standard pages of a model admin; everything else a model admin adds is ours.
STANDARD = {"changelist", "add", "history", "delete", "change", "autocomplete"}


def _interface_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    parts = [" ".join(group for group in match if group) for match in INTERFACE.findall(page)]
    parts += HEADS.findall(page)
    return visible_text(" | ".join(parts))


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo data, made once for the walks of this module and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.seed_demo()
        for config in apps.get_app_configs():
            if callable(getattr(config, "seed_demo", None)):
                config.seed_demo()
        yield
        transaction.set_rollback(True)


def _extra_urls(model_admin, obj) -> list[str]:
    urls = []
    opts = model_admin.model._meta
    prefix = f"{opts.app_label}_{opts.model_name}_"
    for pattern in model_admin.get_urls():
        if not isinstance(pattern, URLPattern) or not pattern.name:
            continue
        suffix = pattern.name.removeprefix(prefix)
        if suffix in STANDARD:
            continue
        params = list(pattern.pattern.regex.groupindex)
        if params and obj is None:
            continue
        urls.append(reverse(f"admin:{pattern.name}", kwargs=dict.fromkeys(params, obj and obj.pk)))
    return urls


def _request(user):
    request = RequestFactory().get(reverse("admin:index"))
    request.user = user
    return request


def _admin_urls(request_user) -> list[str]:
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    apps_seen = set()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        request = _request(request_user)
        if not model_admin.has_view_or_change_permission(request):
            continue
        if opts.app_label not in apps_seen:
            apps_seen.add(opts.app_label)
            urls.append(reverse("admin:app_list", args=[opts.app_label]))
        base = f"admin:{opts.app_label}_{opts.model_name}"
        urls.append(reverse(f"{base}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{base}_add"))
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is not None:
            urls.append(reverse(f"{base}_change", args=[obj.pk]))
            urls.append(reverse(f"{base}_history", args=[obj.pk]))
        urls += _extra_urls(model_admin, obj)
    return urls


def _list_action_pages(client, user) -> list[tuple[str, dict]]:
    """Every list action of every model the user may change, run on one record: those
    that ask something first answer with a page (200), the others redirect."""
    posts = []
    for model, model_admin in admin.site._registry.items():
        request = _request(user)
        opts = model._meta
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is None or not model_admin.has_change_permission(request):
            continue
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for name in model_admin.get_actions(request):
            posts.append((url, {"action": name, "_selected_action": [obj.pk]}))
    return posts


ROLES = {"coordinator": coordinator, "editor": editor}
# The walk really walks: at least this many pages answer 200 (print `seen` to update).
MINIMUM_PAGES = {"coordinator": 90, "editor": 20}


def _walk(client, user, language: str, check) -> tuple[list[str], list[str]]:
    """Every page the user can open, checked; returns the problems and the pages seen."""
    client.cookies["django_language"] = language
    problems, seen = [], []
    for url in _admin_urls(user):
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen.append(url)
        problems += [f"{url}: {found}" for found in check(response.content.decode())]
    for url, data in _list_action_pages(client, user):
        response = client.post(url, data)
        if response.status_code != 200:
            continue
        where = f"{url} {data['action']}"
        seen.append(where)
        problems += [f"{where}: {found}" for found in check(response.content.decode())]
    return problems, seen


def _english_in(page: str) -> list[str]:
    text = visible_text(page)
    return sorted(
        {m.group(0) for m in ENGLISH.finditer(text) if m.group(0).lower() not in SAME_IN_BOTH}
    )


def _dutch_in(page: str) -> list[str]:
    text = _interface_text(page)
    return sorted(
        {m.group(0) for m in DUTCH.finditer(text) if m.group(0).lower() not in SAME_IN_BOTH}
    )


@pytest.mark.parametrize("role", ROLES)
def test_admin_in_dutch_has_no_english(client, demo_world, role):
    user = ROLES[role]()
    client.force_login(user)

    problems, seen = _walk(client, user, "nl", _english_in)

    assert not problems, "\n".join(problems)
    assert len(seen) >= MINIMUM_PAGES[role], seen


@pytest.mark.parametrize("role", ROLES)
def test_admin_in_english_has_none_of_our_dutch(client, demo_world, role):
    user = ROLES[role]()
    client.force_login(user)

    problems, seen = _walk(client, user, "en", _dutch_in)

    assert not problems, "\n".join(problems)
    assert len(seen) >= MINIMUM_PAGES[role], seen


def test_every_admin_msgid_has_dutch():
    """What the stock Dutch catalogue lacks (a newer Django) our override must give."""
    with translation.override("nl"):
        missing = [
            entry.msgid
            for entry in polib.pofile(str(DJANGO_EN / "django.po"))
            if not entry.obsolete
            and entry.msgid.lower() not in SAME_IN_BOTH | {"%(class_name)s %(instance)s"}
            and translation.gettext(entry.msgid) == entry.msgid
        ]

    assert missing == []


def test_admin_javascript_catalogue_has_every_msgid_in_dutch(client):
    client.force_login(coordinator())
    client.cookies["django_language"] = "nl"

    script = client.get(reverse("admin:jsi18n")).content.decode()

    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.DOTALL)[1])
    missing = [
        entry.msgid
        for entry in polib.pofile(str(DJANGO_EN / "djangojs.po"))
        if not entry.obsolete
        and (f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid) not in catalogue
    ]
    assert missing == []
    assert catalogue["Choose all %s"] == "Alle %s kiezen"


def test_every_string_of_ours_has_english():
    untranslated = [
        e.msgid
        for e in polib.pofile(str(LOCALE_EN))
        if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
    ]

    assert untranslated == []


@pytest.mark.parametrize(("language", "check"), [("nl", _dutch_in), ("en", _english_in)])
def test_the_checks_hear_each_language(client, language, check):
    client.force_login(coordinator())
    client.cookies["django_language"] = language

    assert check(client.get(reverse("admin:index")).content.decode()) != []


def test_admin_index_headers_are_dutch_for_screen_readers(client):
    client.force_login(coordinator())

    page = client.get(reverse("admin:index")).content.decode()

    assert '<th scope="col">Onderdeel</th>' in page
    assert '<th scope="col">Toevoegen</th>' in page
    assert '<th scope="col">Lijst bekijken</th>' in page
