"""Meetup pages: the list, one meetup, registering, leaving, the calendar file."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import rules, selectors, services

# --- Meetups (ontmoetingen) -----------------------------------------------------------------

MEETUPS_PER_PAGE = selectors.MEETUPS_PER_PAGE


def meetups(request: HttpRequest) -> HttpResponse:
    """The meetups to come, soonest first, with the places left and the visitor's own
    place or spot on the waiting list."""
    asked = request.GET.get("pagina")
    page = Paginator(selectors.UpcomingMeetups(page=asked), MEETUPS_PER_PAGE).get_page(asked)
    mine = selectors.registrations_by_meetup(request.user, [m.pk for m in page])
    for meetup in page:
        meetup.my_registration = mine.get(meetup.pk)
        meetup.places_left = max(meetup.capacity - meetup.registered_count, 0)
    return render(request, "oudernetwerk/meetups/list.html", {"page": page})


def _meetup_or_404(pk: int):
    meetup = selectors.visible_meetups().filter(pk=pk).first()
    if meetup is None:
        raise Http404
    return meetup


def meetup(request: HttpRequest, pk: int) -> HttpResponse:
    meetup = _meetup_or_404(pk)
    registration = selectors.registration_for(request.user, meetup)
    context = {
        "meetup": meetup,
        "registration": registration,
        "location": services.meetup_location(meetup),
        "is_open": meetup.status == meetup.Status.PUBLISHED and not meetup.has_started,
        "is_over": meetup.ends_at <= timezone.now(),
        "may_register": rules.may_register_for_meetups(request.user),
        "places_left": max(meetup.capacity - meetup.registered_count, 0),
    }
    return render(request, "oudernetwerk/meetups/detail.html", context)


def _meetup_page(meetup) -> str:
    return reverse("oudernetwerk:meetup", args=[meetup.pk])


@require_POST
def meetup_register(request: HttpRequest, pk: int) -> HttpResponse:
    meetup = _meetup_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(_meetup_page(meetup))
    if not rules.may_register_for_meetups(request.user):
        raise PermissionDenied
    try:
        registration = services.meetup_register(meetup=meetup, parent=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == registration.Status.REGISTERED:
            messages.success(
                request, _("Je bent aangemeld. Je krijgt een e-mail met alle informatie.")
            )
        else:
            messages.info(
                request,
                _(
                    "De ontmoeting is vol. Je staat op de wachtlijst, plek %(place)s. Komt er "
                    "een plek vrij? Dan krijg je meteen een e-mail."
                )
                % {"place": services.waiting_place(registration)},
            )
    return redirect(_meetup_page(meetup))


def meetup_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (a place given up goes to the next on the waiting list), then signs
    the parent off. Only ever the visitor's own registration."""
    meetup = _meetup_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(_meetup_page(meetup))
    registration = selectors.registration_for(request.user, meetup)
    if registration is None:
        messages.info(request, _("Je bent niet aangemeld voor deze ontmoeting."))
        return redirect(_meetup_page(meetup))
    if request.method == "POST":
        try:
            services.meetup_cancel_registration(registration=registration, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Je bent afgemeld. Fijn dat je het laat weten: zo kan iemand anders gaan."),
            )
        return redirect(_meetup_page(meetup))
    return render(
        request,
        "oudernetwerk/meetups/leave.html",
        {"meetup": meetup, "registration": registration},
    )


def meetup_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The meetup for the parent's own calendar, with the online link: only for a
    parent who has a place."""
    meetup = _meetup_or_404(pk)
    registration = selectors.registration_for(request.user, meetup)
    if registration is None or registration.status != registration.Status.REGISTERED:
        raise Http404
    response = HttpResponse(
        services.meetup_calendar(meetup=meetup, with_link=True),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="ontmoeting-{meetup.pk}.ics"'
    return response
