"""Pages for becoming a buddy (and pausing, resuming) and for asking for one."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import rules, selectors, services
from ..forms import (
    BuddyApplyForm,
    BuddyRequestForm,
    CapacityForm,
)


def buddy(request: HttpRequest) -> HttpResponse:
    """What a buddy does, and the sign-up form for those signed in."""
    user = request.user
    profile = selectors.profile_for_user(user)
    may_apply = profile is None and rules.may_apply_as_buddy(user)
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
        "capacity_form": CapacityForm(
            initial={"max_active_matches": profile.max_active_matches if profile else 1}
        ),
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
            share_email=data["share_email"],
            share_phone=data["share_phone"],
            phone=data["phone"],
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
def buddy_capacity(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    form = CapacityForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["max_active_matches"]))
        return redirect(_availability())
    try:
        services.buddy_set_capacity(
            profile=profile,
            actor=request.user,
            max_active_matches=form.cleaned_data["max_active_matches"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        count = profile.max_active_matches
        messages.success(
            request,
            ngettext(
                "Opgeslagen. Je helpt voortaan %(count)s ouder tegelijk.",
                "Opgeslagen. Je helpt voortaan %(count)s ouders tegelijk.",
                count,
            )
            % {"count": count},
        )
    return redirect(_availability())


def _availability() -> str:
    return reverse("oudernetwerk:buddy") + "#beschikbaarheid"


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
    if not rules.may_request_buddy(request.user):
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
                share_email=data["share_email"],
                share_phone=data["share_phone"],
                phone=data["phone"],
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
