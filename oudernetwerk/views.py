"""Public pages of the parent network: becoming a buddy, asking for one, the buddy
portal, the match page for both sides, check-ins, the parent panel's consultations and
meetups.

Views bind a form, call one service and redirect; who may do what is asked of
`rules`, and a refused action is shown beside the form, with nothing lost."""

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
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from steunpunt import access_log

from . import rules, selectors, services
from .forms import (
    BuddyApplyForm,
    BuddyRequestForm,
    CheckInForm,
    ConsultationAnswerForm,
    DeclineForm,
    EndForm,
    PanelJoinForm,
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


# --- The buddy portal and the match page ------------------------------------------------------


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    """A buddy's own proposals and matches. Nobody else's."""
    profile = selectors.profile_for_user(request.user)
    if profile is None:
        messages.info(request, _("Het buddyportaal is voor buddy's. Wil je buddy worden?"))
        return redirect("oudernetwerk:buddy")
    context = {
        "profile": profile,
        "proposals": list(selectors.proposals_for_buddy(request.user)),
        "matches": list(selectors.matches_for_buddy(request.user)),
        "decline_form": DeclineForm(),
    }
    if context["proposals"] or context["matches"]:
        # The list shows the parents' requests: one entry for the list, none per row.
        access_log.record_read(request=request, object_type="oudernetwerk.match")
    return render(request, "oudernetwerk/portal.html", context)


def _participant_match(request: HttpRequest, pk: int):
    match = selectors.match_for_participant(request.user, pk)
    if match is None:
        raise Http404
    return match


def _refused(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_POST
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    match = _participant_match(request, pk)
    try:
        services.match_accept(match=match, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect("oudernetwerk:portal")
    messages.success(
        request,
        _("Dank je wel! Je ziet nu de gegevens van de ouder. Neem binnen een week contact op."),
    )
    return redirect("oudernetwerk:match", pk=match.pk)


@login_required
def proposal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    match = _participant_match(request, pk)
    if match.buddy.user_id != request.user.pk:
        raise Http404
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.match_decline(
                match=match, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Dank je wel voor je antwoord. We zoeken een andere buddy voor deze ouder."),
            )
            return redirect("oudernetwerk:portal")
    return render(
        request,
        "oudernetwerk/proposal_decline.html",
        {"match": match, "form": form},
        status=400 if form.errors else 200,
    )


def _render_match(request: HttpRequest, match, *, end_form=None, status: int = 200):
    is_buddy = match.buddy.user_id == request.user.pk
    show_contact = rules.shows_contact_details(match)
    # The buddy sees the parent's request (and, while the match runs, their contact
    # details); the parent sees the buddy's. Logged before the page is shown.
    access_log.record_read(
        request=request,
        obj=match,
        subjects=[match.request.parent_id if is_buddy else match.buddy.user_id],
    )
    context = {
        "match": match,
        "is_buddy": is_buddy,
        "show_contact": show_contact,
        "contact": (
            (services.parent_contact(match) if is_buddy else services.buddy_contact(match))
            if show_contact
            else None
        ),
        "checkins": selectors.open_checkins(request.user, match),
        "end_form": end_form or (EndForm() if show_contact else None),
        "answer_days": settings.BUDDY_MATCH_ANSWER_DAYS,
    }
    return render(request, "oudernetwerk/match.html", context, status=status)


@login_required
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_match(request, _participant_match(request, pk))


@login_required
@require_POST
def match_start(request: HttpRequest, pk: int) -> HttpResponse:
    match = _participant_match(request, pk)
    try:
        services.match_start(match=match, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Fijn dat jullie contact hebben! Veel succes samen."))
    return redirect("oudernetwerk:match", pk=match.pk)


@login_required
@require_POST
def match_end(request: HttpRequest, pk: int) -> HttpResponse:
    match = _participant_match(request, pk)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.match_end(match=match, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "De koppeling is gestopt. "
                    "We sturen je nog een paar korte vragen over hoe het ging."
                ),
            )
            return redirect("oudernetwerk:match", pk=match.pk)
    return _render_match(request, match, end_form=form, status=400)


@login_required
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """ "How is it going?" for the buddy or the parent it was sent to."""
    item = services.checkin_for_user(checkin_id=pk, user=request.user)
    if item is None:
        raise Http404
    if item.answered_at is not None:
        return render(request, "oudernetwerk/checkin.html", {"checkin": item, "done": True})
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.checkin_answer(
                checkin=item,
                actor=request.user,
                mood=data["mood"],
                note=data["note"],
                wants_help=data["wants_help"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            item.refresh_from_db()
            return render(
                request,
                "oudernetwerk/checkin.html",
                {"checkin": item, "done": True, "just_answered": True},
            )
    return render(
        request,
        "oudernetwerk/checkin.html",
        {"checkin": item, "form": form},
        status=400 if form.errors else 200,
    )


# --- Parent panel and consultations ---------------------------------------------------------


def consultations(request: HttpRequest) -> HttpResponse:
    """What the parent panel is, and joining it; for a member their questionnaires, the
    summaries of what they answered, and stopping."""
    user = request.user
    status = selectors.panel_status_for_parent(user) if user.is_authenticated else None
    may_join = rules.may_join_panel(user) and not (status and status.is_member)
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_join:
            raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = PanelJoinForm(data) if may_join else None
    if form is not None and form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.panel_join(
                user=user,
                municipality=data["municipality"],
                themes=list(data["themes"]),
                consent=data["consent"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Welkom in het ouderpanel! Als er een vragenlijst voor je is, krijg je "
                    "een e-mail."
                ),
            )
            return redirect("oudernetwerk:consultations")
    context = {"form": form, "status": status}
    http_status = 400 if form is not None and form.is_bound else 200
    return render(request, "oudernetwerk/consultations/index.html", context, status=http_status)


@login_required
@require_POST
def panel_withdraw(request: HttpRequest) -> HttpResponse:
    try:
        services.panel_withdraw(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Je zit niet meer in het ouderpanel. Je krijgt geen vragenlijsten meer van "
                "ons. Je kunt je altijd weer aanmelden."
            ),
        )
    return redirect("oudernetwerk:consultations")


def _invitation_for_user(request: HttpRequest, pk: int):
    invitation = selectors.invitation_for_user(request.user, pk)
    if invitation is None:
        raise Http404
    return invitation


@sensitive_post_parameters()
@login_required
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    """The questionnaire for an invited parent; after answering, thanks and what comes
    next. Anyone not invited gets a 404. The answers never reach an error report (they
    would stand next to the user), and the thanks says no more than that they arrived."""
    invitation = _invitation_for_user(request, pk)
    consultation = invitation.consultation
    questions = list(consultation.questions.all())
    form = None
    if not invitation.has_answered and consultation.accepts_answers():
        data = request.POST if request.method == "POST" else None
        form = ConsultationAnswerForm(data, questions=questions)
        if form.is_bound and form.is_valid():
            try:
                services.consultation_answer(
                    consultation=consultation, user=request.user, answers=form.answers()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Dank je wel! Je antwoorden zijn opgeslagen."))
                return redirect("oudernetwerk:consultation", pk=consultation.pk)
    elif request.method == "POST":
        messages.error(
            request,
            _("Je hebt deze vragenlijst al ingevuld. Je kunt maar één keer antwoorden.")
            if invitation.has_answered
            else _("Deze vragenlijst is gesloten. Antwoorden kan niet meer."),
        )
        return redirect("oudernetwerk:consultation", pk=consultation.pk)
    context = {
        "invitation": invitation,
        "consultation": consultation,
        "question_count": len(questions),
        "form": form,
        "summary_expected_by": services.summary_expected_by(consultation),
    }
    http_status = 400 if form is not None and form.is_bound else 200
    return render(request, "oudernetwerk/consultations/detail.html", context, status=http_status)


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
