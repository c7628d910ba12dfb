"""Browser tests: Playwright for Python driving Debian's Chromium against a live server."""

import os
from pathlib import Path

import pytest
from django.test import override_settings

from tests.roles import restore_role_permissions

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server():
    """The live server speaks plain HTTP: no HTTPS redirect, HSTS or secure-only cookies.

    Session-scoped and autouse, so it is in place before the live server builds its
    middleware (which reads these settings once)."""
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        LANGUAGE_COOKIE_SECURE=False,
    ):
        yield


@pytest.fixture(autouse=True)
def _roles(transactional_db):
    """Browser tests run in transactional tests, whose flush also empties what the data
    migrations made: put the role groups and their permissions back."""
    restore_role_permissions()


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"No Chromium at {CHROMIUM}: apt-get install chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the
    # tests make around it (factories) are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page (375 by 740) with Dutch as the browser's language."""
    context = browser.new_context(
        viewport={"width": 375, "height": 740},
        locale="en-US",
        base_url=live_server.url,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def signed_in(browser, live_server, user, **context_options):
    """A page of a browser context of its own, signed in as `user` with the second factor
    done. A client of its own: signing in another user on a shared one would end this
    session."""
    from tests.clients import SecondFactorClient

    client = SecondFactorClient()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, **context_options)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the page (evaluated through DevTools, so the CSP stays strict)."""
    page.evaluate(AXE_SOURCE + "\n;0")
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                             'best-practice']}
        })"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
