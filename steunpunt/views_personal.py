"""/mijn/gegevens/: what we hold about you, the download of all of it, and correcting
your contact details. For the signed-in parent (or buddy) only, about themselves;
accounts of staff and partners get nothing here. Every page sends `private, no-store`."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import access_log, contact_details, personal_data, ratelimit
from .personal_forms import ContactDetailsForm, EmailChangeForm

NO_STORE = "private, no-store"
FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "json": ("application/json; charset=utf-8", "json"),
    "zip": ("application/zip", "zip"),
}


def _no_store(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = NO_STORE
        return response

    return wrapper


def _not_for_you(request: HttpRequest) -> HttpResponse:
    return render(request, "steunpunt/personal_data/not_for_you.html", status=403)


def _self_service(view):
    """Signed in as a parent or buddy; others read why this page is not for them."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not personal_data.is_self_service_user(request.user):
            return _not_for_you(request)
        return view(request, *args, **kwargs)

    return login_required(_no_store(wrapper))


@_self_service
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    holders = contact_details.phone_holders(user)
    return render(
        request,
        "steunpunt/personal_data/overview.html",
        {
            "sections": personal_data.sections(),
            "phone_holders": holders,
            "phone": contact_details.current_phone(user, holders=holders),
        },
    )


@login_required
@require_GET
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    user = request.user
    if fmt not in FORMATS or not personal_data.is_self_service_user(user):
        raise Http404
    collected = personal_data.collect(user)
    content_type, extension = FORMATS[fmt]
    filename = f"mijn-gegevens-{timezone.localdate():%Y-%m-%d}.{extension}"
    if fmt == "zip":
        response = FileResponse(
            personal_data.export_zip(collected), as_attachment=True, filename=filename
        )
    else:
        body = (
            personal_data.export_html(collected)
            if fmt == "html"
            else personal_data.export_json(collected)
        )
        response = HttpResponse(body)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Type"] = content_type
    response["Cache-Control"] = NO_STORE
    response["X-Content-Type-Options"] = "nosniff"
    access_log.record(
        action=access_log.Action.EXPORT,
        request=request,
        object_type="steunpunt.personal_data",
        object_id=fmt,
        subject=user,
    )
    return response


@_self_service
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    user = request.user
    holders = contact_details.phone_holders(user)
    form = ContactDetailsForm(
        request.POST or None,
        with_phone=bool(holders),
        initial={
            "name": user.name,
            "phone": contact_details.current_phone(user, holders=holders),
        },
    )
    if request.method == "POST" and form.is_valid():
        contact_details.contact_details_update(
            user=user,
            name=form.cleaned_data["name"],
            phone=form.cleaned_data.get("phone") if holders else None,
            request=request,
        )
        messages.success(request, _("Dank je. We hebben je gegevens aangepast."))
        return redirect("personal_data")
    return render(
        request,
        "steunpunt/personal_data/contact.html",
        {"form": form, "phone_holders": holders},
        status=400 if form.errors else 200,
    )


@_self_service
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.hit(scope="email-change", key=str(user.pk), limit=5, window=3600):
            form.add_error(
                "email",
                _("Je hebt dit vaak geprobeerd. Wacht een uur en probeer het dan opnieuw."),
            )
        else:
            try:
                sent_to = contact_details.email_change_request(
                    user=user, email=form.cleaned_data["email"]
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request,
                    _(
                        "We hebben een e-mail gestuurd naar %(email)s. Klik binnen 24 uur op "
                        "de link in die e-mail. Tot dan blijft je oude e-mailadres in gebruik."
                    )
                    % {"email": sent_to},
                )
                return redirect("personal_data")
    return render(
        request,
        "steunpunt/personal_data/email_change.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@_no_store
@require_http_methods(["GET", "POST"])
def email_change_confirm(request: HttpRequest) -> HttpResponse:
    """The link in the email opens a page with one button: mail programs that open
    links to check them change nothing. Works without signing in."""
    token = (request.POST.get("t") if request.method == "POST" else request.GET.get("t")) or ""
    template = "steunpunt/personal_data/email_change_confirm.html"
    try:
        if request.method == "POST":
            user = contact_details.email_change_confirm(token=token, request=request)
            return render(request, template, {"done": True, "email": user.email})
        _user, email = contact_details.email_change_for_token(token)
    except contact_details.LinkExpiredError:
        return render(request, template, {"problem": "expired"}, status=400)
    except contact_details.LinkInvalidError:
        return render(request, template, {"problem": "invalid"}, status=400)
    except ValidationError:
        return render(request, template, {"problem": "taken"}, status=400)
    return render(request, template, {"token": token, "email": email})
