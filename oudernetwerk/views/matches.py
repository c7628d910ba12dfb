"""The buddy portal, the match page for both sides, and check-ins."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steunpunt import access_log

from .. import rules, selectors, services
from ..forms import (
    DeclineForm,
)
from ..support_forms import checkin_form_for

# --- The buddy portal and the match page ------------------------------------------------------


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    """A buddy's own proposals and matches. Nobody else's."""
    profile = selectors.profile_for_user(request.user)
    if profile is None:
        messages.info(request, _("Het buddyportaal is voor buddy's. Wil je buddy worden?"))
        return redirect("oudernetwerk:buddy")
    proposals, matches = selectors.portal_matches_for_buddy(profile)
    context = {"profile": profile, "proposals": proposals, "matches": matches}
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


def _render_match(request: HttpRequest, match, *, status: int = 200):
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
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """ "How is it going?" for the buddy or the parent it was sent to."""
    item = services.checkin_for_user(checkin_id=pk, user=request.user)
    if item is None:
        raise Http404
    if item.answered_at is not None:
        return render(request, "oudernetwerk/checkin.html", {"checkin": item, "done": True})
    # The check-in looks back at the goals parent and buddy wrote down together.
    goals = services.goals_of(item.match)
    form = checkin_form_for(item, request.POST or None, goals=goals)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_submit(checkin=item, actor=request.user, **form.answers())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            item.refresh_from_db()
            return render(
                request,
                "oudernetwerk/checkin.html",
                {"checkin": item, "done": True, "just_answered": True},
            )
    if goals:
        match = item.match
        access_log.record_read(
            request=request, obj=match, subjects=[match.request.parent_id, match.buddy.user_id]
        )
    return render(
        request,
        "oudernetwerk/checkin.html",
        {"checkin": item, "form": form},
        status=400 if form.errors else 200,
    )
