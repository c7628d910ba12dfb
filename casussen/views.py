"""Public pages of the cases: the question form, its receipt, and the page where the
owner of an address confirms a question that someone sent with it."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from steunpunt.ratelimit import client_ip, hit
from steunpunt.uploads import StorageUnavailableError

from . import services
from .forms import IntakeForm
from .models import Case

logger = logging.getLogger(__name__)

# Per visitor address and per email address, per hour.
IP_LIMIT = 5
EMAIL_LIMIT = 3
WINDOW = 60 * 60


def intake(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "casussen/intake.html", {"form": IntakeForm()})
    form = IntakeForm(request.POST, request.FILES)
    if form.is_bot:
        # Say nothing a bot could learn from; store nothing.
        logger.info("Intake honeypot filled in; nothing stored")
        return redirect("casussen:received")
    if not form.is_valid():
        return render(request, "casussen/intake.html", {"form": form}, status=400)
    data = form.cleaned_data
    if not (
        hit(scope="intake-ip", key=client_ip(request), limit=IP_LIMIT, window=WINDOW)
        and hit(scope="intake-email", key=data["email"].lower(), limit=EMAIL_LIMIT, window=WINDOW)
    ):
        form.add_error(
            None,
            _(
                "Je hebt net al een paar vragen gestuurd. Wacht een uur en probeer het dan "
                "opnieuw. Is het dringend? Bel ons dan."
            ),
        )
        return render(request, "casussen/intake.html", {"form": form}, status=429)
    school = data["school_organisation"]
    try:
        case = services.case_submit(
            kind=data["kind"],
            theme=data["theme"],
            description=data["description"],
            email=data["email"],
            phone=data["phone"],
            contact_preference=data["contact_preference"],
            contact_times=data["contact_times"],
            age_band=data["age_band"],
            school=school,
            school_other=data["school_other"] if data["school"] == "anders" else "",
            complaint_about=data["complaint_about"],
            consent_organisations=[school] if data["consent_school"] and school else [],
            attachments=data["attachments"],
            submitted_by=request.user if request.user.is_authenticated else None,
        )
    except ValidationError as error:
        form.add_error("attachments" if data["attachments"] else None, error)
        return render(request, "casussen/intake.html", {"form": form}, status=400)
    except StorageUnavailableError as error:
        # Nothing was stored; what was typed stays on the form, the files must be
        # chosen again (a browser never fills in a file field). Logged without the
        # traceback: its path holds the file's name, which may name the child.
        logger.error(
            "Intake: the uploaded files could not be stored (%s)",
            getattr(error.__cause__, "strerror", None) or type(error.__cause__).__name__,
        )
        form.add_error(
            "attachments",
            _(
                "Het lukte nu niet om je bestanden op te slaan. Je vraag is nog niet "
                "verstuurd. Probeer het over een paar minuten opnieuw. Of stuur je vraag "
                "eerst zonder bestanden."
            ),
        )
        return render(request, "casussen/intake.html", {"form": form}, status=503)
    request.session["intake_reference"] = case.reference
    return redirect("casussen:received")


def received(request: HttpRequest) -> HttpResponse:
    """The receipt: the reference, the files that arrived, and how to follow the question
    (straight to it for its signed-in owner). For anyone else it reads the same whether
    or not the address already had an account, whose owner must confirm first."""
    reference = request.session.get("intake_reference")
    case = Case.objects.filter(reference=reference).first() if reference else None
    context = {"case": case}
    if case is not None:
        context |= {
            "attachments": list(case.attachments.all()),
            "is_owner": request.user.is_authenticated and request.user.pk == case.parent_id,
            "confirm_until": timezone.localdate(case.created_at)
            + timedelta(days=settings.CASE_CONFIRM_LINK_MAX_AGE_DAYS),
        }
    return render(request, "casussen/received.html", context)


CONFIRM_TEMPLATE = "casussen/confirm.html"


def _confirm_page(request: HttpRequest, state: str, status: int = 200, **context) -> HttpResponse:
    response = render(request, CONFIRM_TEMPLATE, {"state": state, **context}, status=status)
    # A signed link: never indexed, and its address not passed on to other sites.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link only shows what it is about; the button confirms (a mail program that
    opens links to check them confirms nothing). Then on to the case in the portal."""
    try:
        case = services.case_for_confirm_token(token)
    except services.LinkExpiredError:
        return _confirm_page(request, "expired", status=410)
    except services.LinkInvalidError:
        return _confirm_page(request, "invalid", status=404)
    case_url = reverse("casussen:portal_case", args=[case.pk])
    user = request.user
    if user.is_authenticated and user.pk != case.parent_id:
        # Signed in as someone else: this question is not theirs to confirm.
        return _confirm_page(request, "other_account", status=403)
    if case.is_confirmed:
        return redirect(case_url)
    if request.method != "POST":
        return _confirm_page(request, "ask", case=case)
    services.case_confirm(case=case)
    if user.is_authenticated:
        messages.success(request, _("Dank je. Je vraag staat nu in Mijn steunpunt."))
    else:
        messages.success(
            request,
            _(
                "Dank je. Je vraag is bevestigd. Log in met je e-mailadres, dan zie je hem in "
                "Mijn steunpunt."
            ),
        )
    return redirect(case_url)
