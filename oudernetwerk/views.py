"""Public pages of the parent network: becoming a buddy, and asking for one.

Views bind a form, call one service and redirect; who may do what is asked of
`selectors`, and a refused action is shown beside the form, with nothing lost."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import BuddyApplyForm, BuddyRequestForm


def buddy(request: HttpRequest) -> HttpResponse:
    """What a buddy does, and the sign-up form for those signed in."""
    user = request.user
    profile = selectors.profile_for_user(user)
    may_apply = profile is None and selectors.may_apply_as_buddy(user)
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_apply:
            raise PermissionDenied
    form = BuddyApplyForm(request.POST or None) if may_apply else None
    if form is not None and form.is_bound and form.is_valid() and _apply(request, form):
        messages.success(
            request,
            _("Dank je wel! Je aanmelding is binnen. Je krijgt een e-mail met wat er nu gebeurt."),
        )
        return redirect("oudernetwerk:buddy")
    context = {
        "form": form,
        "profile": profile,
        "may_apply": may_apply,
        "answer_days": settings.BUDDY_MATCH_ANSWER_DAYS,
    }
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "oudernetwerk/buddy.html", context, status=status)


def _apply(request: HttpRequest, form: BuddyApplyForm) -> bool:
    data = form.cleaned_data
    try:
        services.buddy_apply(
            user=request.user,
            themes=list(data["themes"]),
            age_bands=data["age_bands"],
            school_types=data["school_types"],
            municipalities=list(data["municipalities"]),
            languages=data["languages"],
            max_active_matches=data["max_active_matches"],
            introduction=data["introduction"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _own_profile(request: HttpRequest):
    profile = selectors.profile_for_user(request.user)
    if profile is None:
        raise Http404
    return profile


@login_required
@require_POST
def buddy_pause(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    try:
        services.buddy_pause(profile=profile, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Je staat op pauze. We stellen je geen nieuwe ouders voor tot je terug bent."),
        )
    return redirect("oudernetwerk:buddy")


@login_required
@require_POST
def buddy_resume(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    try:
        services.buddy_resume(profile=profile, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Welkom terug! We kunnen je weer voorstellen aan ouders."))
    return redirect("oudernetwerk:buddy")


@login_required
def request_buddy(request: HttpRequest) -> HttpResponse:
    """A signed-in parent asks for a buddy."""
    if not selectors.may_request_buddy(request.user):
        raise PermissionDenied
    open_request = selectors.open_request_for_parent(request.user)
    if open_request is not None:
        return render(request, "oudernetwerk/request_form.html", {"open_request": open_request})
    form = BuddyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_create(
                parent=request.user,
                themes=list(data["themes"]),
                age_band=data["age_band"],
                school_type=data["school_type"],
                municipality=data["municipality"],
                language=data["language"],
                hopes=data["hopes"],
                urgency=data["urgency"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("oudernetwerk:request_received")
    return render(
        request,
        "oudernetwerk/request_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def request_received(request: HttpRequest) -> HttpResponse:
    buddy_request = selectors.requests_for_parent(request.user).first()
    if buddy_request is None:
        return redirect("oudernetwerk:request")
    return render(request, "oudernetwerk/request_received.html", {"buddy_request": buddy_request})


# --- Meetups (ontmoetingen) -----------------------------------------------------------------

MEETUPS_PER_PAGE = 20


def meetups(request: HttpRequest) -> HttpResponse:
    """The meetups to come, soonest first, with the places left and the visitor's own
    place or spot on the waiting list."""
    page = Paginator(selectors.upcoming_meetups(), MEETUPS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
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
        "may_register": selectors.may_register_for_meetups(request.user),
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
    if not selectors.may_register_for_meetups(request.user):
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
