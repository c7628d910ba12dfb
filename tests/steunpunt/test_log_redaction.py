"""Signed links and codes never reach a log line (issue #10, finding 5).

Django's request and CSRF warnings print the path; gunicorn's access log prints the path
and the Referer. Each test reads what the real handler of `settings.LOGGING` wrote."""

import io
import logging
from datetime import timedelta
from urllib.parse import quote, unquote

import pytest
from django.core import signing
from django.core.handlers.exception import response_for_exception
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from gunicorn.config import Config

from casussen import services
from casussen.deadlines import add_working_days
from casussen.models import Case, Consent
from config.celery import app
from config.gunicorn import RedactingLogger
from steunpunt.redaction import PLACEHOLDER, RedactSecretsFilter, redact
from tests.factories import OrganisationFactory, coordinator, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_output():
    """What the console handler of settings.LOGGING prints, whichever logger wrote it."""
    handler = next(h for h in logging.getLogger("django").handlers if h.name == "console")
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def _followup_token() -> str:
    case = make_case(email="ouder@test.example.nl")
    worker = coordinator()
    services.case_assign(case=case, coordinator=worker, actor=worker)
    school = OrganisationFactory()
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=worker)
    followup = services.followup_create(
        case=case,
        organisation=school,
        request="Wilt u de ouder bellen?",
        due_date=add_working_days(timezone.localdate(), 5),
        actor=worker,
    )
    return services.followup_token(followup)


def _evaluation_token() -> str:
    case = make_case(email="ouder@test.example.nl")
    worker = coordinator()
    services.case_assign(case=case, coordinator=worker, actor=worker)
    case = services.case_transition(
        case=case,
        to_status=Case.Status.RESOLVED,
        actor=worker,
        resolution=Case.Resolution.ANSWERED,
    )
    return services.evaluation_token(case.evaluation)


def test_a_bad_link_is_logged_without_its_token(client, log_output):
    token = signing.dumps([999, "nonce"], salt="another-salt")

    response = client.get(reverse("casussen:followup_answer", args=[token]))

    assert response.status_code == 404
    line = log_output.getvalue()
    assert "Not Found: /opvolging/" + PLACEHOLDER in line
    assert token not in line


def test_a_refused_answer_on_a_working_link_is_logged_without_its_token(client, log_output):
    token = _followup_token()

    response = client.post(reverse("casussen:followup_answer", args=[token]), {"answer": ""})

    assert response.status_code == 400
    assert "Bad Request: /opvolging/" + PLACEHOLDER in log_output.getvalue()
    assert token not in log_output.getvalue()


def test_a_csrf_refusal_on_the_evaluation_link_is_logged_without_its_token(log_output):
    token = _evaluation_token()

    response = Client(enforce_csrf_checks=True).post(
        reverse("casussen:evaluation", args=[token]), {"satisfaction": "4"}
    )

    assert response.status_code == 403
    line = log_output.getvalue()
    assert "Forbidden (CSRF cookie not set.): /evaluatie/" + PLACEHOLDER in line
    assert token not in line


def test_a_server_error_on_a_link_is_logged_without_its_token(rf, log_output):
    token = _followup_token()
    request = rf.get(reverse("casussen:followup_answer", args=[token]))

    # Django's own answer to an exception a view raised: it logs the path and traceback.
    response = response_for_exception(request, RuntimeError(f"database gone while reading {token}"))

    assert response.status_code == 500
    output = log_output.getvalue()
    assert "Internal Server Error: /opvolging/" + PLACEHOLDER in output
    assert "RuntimeError: database gone while reading " + PLACEHOLDER in output
    assert token not in output


def test_a_password_reset_key_is_hidden():
    line = redact("Not Found: /accounts/password/reset/key/3-abc123-def456/")

    assert line == "Not Found: /accounts/password/reset/key/" + PLACEHOLDER + "/"


def test_every_route_with_a_token_is_hidden_without_a_list_to_keep():
    # The confirmation link came after the filter: its route has a `token` parameter.
    line = redact("Bad Request: /vraag/bevestigen/WzEsMl0:1vAbCd:abc/")

    assert line == "Bad Request: /vraag/bevestigen/" + PLACEHOLDER + "/"


def test_paths_without_a_secret_stay_readable():
    line = "Not Found: /mijn/42/bijlage/7/ and /kennisbank/zorgplicht/"

    assert redact(line) == line


def test_gunicorn_access_log_hides_the_token_in_path_and_referer():
    token = "WzEsImFiYyJd:1vAbCd:" + "s" * 43
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/opvolging/{token}/",
        "PATH_INFO": f"/opvolging/{token}/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://steunpunt.example.nl/evaluatie/{token}/",
    }

    class Response:
        status = "200 OK"
        sent = 10
        headers = []

    atoms = logger.atoms(Response(), [], environ, timedelta(seconds=1))

    assert atoms["r"] == f"GET /opvolging/{PLACEHOLDER}/ HTTP/1.1"
    assert atoms["U"] == f"/opvolging/{PLACEHOLDER}/"
    assert atoms["f"] == f"https://steunpunt.example.nl/evaluatie/{PLACEHOLDER}/"
    assert token not in str(atoms)


def test_a_refused_signature_in_a_traceback_is_hidden():
    line = 'django.core.signing.BadSignature: Signature "abcdefghijklmnop" does not match'

    assert (
        redact(line)
        == f'django.core.signing.BadSignature: Signature "{PLACEHOLDER}" does not match'
    )


def test_celery_logs_through_the_filtered_handlers():

    assert app.conf.worker_hijack_root_logger is False
    root = logging.getLogger()
    assert any(
        isinstance(f, RedactSecretsFilter) for handler in root.handlers for f in handler.filters
    )


def test_a_signed_link_passed_on_percent_encoded_in_next_is_hidden(log_output):
    """The sign-in pages pass `?next=` on percent-encoded (found in the review: the
    request line of /accounts/login/code/confirm/ printed a working confirmation link)."""
    token = _followup_token()
    path = reverse("casussen:followup_answer", args=[token])

    Client().get(reverse("account_login") + "?" + urlencode({"next": path}))
    line = redact(f'"GET /accounts/login/code/confirm/?{urlencode({"next": path})} HTTP/1.1"')
    twice = redact(f"/a/?{urlencode({'next': '/b/?' + urlencode({'next': path})})}")

    assert token not in log_output.getvalue()
    assert quote(token, safe="") not in line
    assert token.split(":")[-1] not in line
    assert "%2Fopvolging%2F" in line
    assert token.split(":")[-1] not in twice


def test_a_signed_value_percent_encoded_in_a_query_string_is_hidden():
    """The email-change link carries its signed value in `?t=`, percent-encoded."""
    value = signing.dumps({"u": 1, "e": "nieuw@test.example.nl"}, salt="x")

    line = redact(
        f'"GET /mijn/gegevens/e-mailadres/bevestigen/?{urlencode({"t": value})} HTTP/1.1"'
    )

    assert value.split(":")[-1] not in line
    assert PLACEHOLDER in unquote(line)
