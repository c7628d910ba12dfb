"""The outbox list's "soort" filter: its choices are the email templates there are, not
a `SELECT DISTINCT` over the whole outbox (issue #12), and it filters as before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from steunpunt.models import OutgoingEmail
from steunpunt.outbox.rendering import email_kinds
from tests.factories import coordinator

pytestmark = pytest.mark.django_db

LIST = reverse("admin:steunpunt_outgoingemail_changelist")


def _row(kind: str, subject: str) -> OutgoingEmail:
    return OutgoingEmail.objects.create(key=f"k-{subject}", kind=kind, subject=subject)


def test_the_kinds_are_the_names_of_our_and_allauths_email_templates():
    kinds = email_kinds()

    assert "casussen/email/case_received" in kinds
    assert "account/email/login_code" in kinds


def test_a_kind_of_an_app_that_is_not_installed_is_no_choice():
    assert not [kind for kind in email_kinds() if kind.startswith("socialaccount/")]


def test_the_filter_lists_the_kinds_without_reading_the_outbox(client):
    _row("casussen/email/case_received", "Ontvangen")
    client.force_login(coordinator())

    with CaptureQueriesContext(connection) as queries:
        html = client.get(LIST).content.decode()

    assert "?kind=account%2Femail%2Flogin_code" in html
    assert not [q for q in queries.captured_queries if "DISTINCT" in q["sql"].upper()]


def test_the_filter_shows_only_the_emails_of_the_kind(client):
    _row("casussen/email/case_received", "Ontvangen")
    _row("account/email/login_code", "Je inlogcode")
    client.force_login(coordinator())

    html = client.get(LIST, {"kind": "casussen/email/case_received"}).content.decode()

    assert "Ontvangen" in html
    assert "Je inlogcode" not in html
