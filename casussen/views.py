"""Public pages of the cases: the question form and its confirmation."""

import logging

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from steunpunt.ratelimit import client_ip, hit

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
        )
    except ValidationError as error:
        form.add_error("attachments" if data["attachments"] else None, error)
        return render(request, "casussen/intake.html", {"form": form}, status=400)
    request.session["intake_reference"] = case.reference
    return redirect("casussen:received")


def received(request: HttpRequest) -> HttpResponse:
    reference = request.session.get("intake_reference")
    case = Case.objects.filter(reference=reference).first() if reference else None
    return render(request, "casussen/received.html", {"case": case})
