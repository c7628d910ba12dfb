"""The public pages of the steunpunt and the health endpoint."""

import logging

import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.templatetags.static import static
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import erasure, retention

logger = logging.getLogger(__name__)


def _page(request: HttpRequest, page: str, **context) -> HttpResponse:
    """Long prose lives in one template per language rather than in the catalogues. A
    page without a version in the visitor's language is shown in Dutch, and says so
    (base.html, `content_language`)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    template = select_template(
        [f"steunpunt/pages/{language}/{page}.html", f"steunpunt/pages/nl/{page}.html"]
    )
    content_language = language if f"/{language}/" in template.origin.template_name else "nl"
    return HttpResponse(
        template.render({"page": page, "content_language": content_language, **context}, request)
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return _page(request, "home")


@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    return _page(request, "contact")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    # The retention table comes from settings.RETENTION, the schedule the job carries out.
    return _page(request, "privacy", retention_rows=retention.privacy_rows())


@login_required
@require_http_methods(["GET", "POST"])
def erasure_request(request: HttpRequest) -> HttpResponse:
    """Mijn steunpunt: ask us to erase your data. Only for your own account; staff
    accounts are removed by a person deciding, not on request."""
    if not erasure.may_ask(request.user):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            erasure.erasure_ask(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("We hebben je verzoek ontvangen. Je krijgt bericht per e-mail.")
            )
        return redirect("erasure_request")
    pending = erasure.open_request(request.user)
    items = [] if pending else erasure.preview(request.user)
    response = render(
        request,
        "steunpunt/erasure.html",
        {
            "pending": pending,
            "erased": [item for item in items if not item.kept],
            "kept": [item for item in items if item.kept],
            "answer_days": settings.ERASURE_ANSWER_DAYS,
        },
        status=400 if request.method == "POST" else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return _page(request, "accessibility")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon, such as the admin."""
    return redirect(static("img/favicon.svg"))


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unreachable")
        return "error"
    return "ok"


def _broker_status() -> str:
    if not settings.REDIS_URL:
        return "in-process"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        client.ping()
    except redis.RedisError:
        logger.exception("Health check: broker unreachable")
        return "error"
    return "ok"


def health_response() -> JsonResponse:
    """200 while the database answers; the broker's state is reported alongside."""
    database = _database_status()
    broker = _broker_status()
    healthy = database == "ok"
    response = JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )
    add_never_cache_headers(response)
    return response
