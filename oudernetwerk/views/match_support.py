"""Match support pages for the two sides of a match: the goals and expected contact
(both write and see them, the other side confirms), the buddy's contact log, and the
closure (ending and looking back in one short form). Coordinators see all of it in the
admin; every page is for the match's parent or buddy only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steunpunt import access_log

from .. import rules, selectors, services, workflow
from ..models import CheckIn, Match
from ..support_forms import AgreementForm, CloseMatchForm, ConfirmAgreementForm, ContactForm
from .matches import _participant_match


def _side_match(request: HttpRequest, pk: int) -> Match:
    """The match, for its buddy or its parent once the buddy said yes; 404 otherwise
    (also for the buddy of a proposal: there is nothing to support yet)."""
    match = _participant_match(request, pk)
    if match.status == Match.Status.PROPOSED:
        raise Http404
    return match


def _log_read(request: HttpRequest, match: Match) -> None:
    """What the page shows is about both: logged for the other side (one's own data is
    not logged)."""
    access_log.record_read(
        request=request, obj=match, subjects=[match.request.parent_id, match.buddy.user_id]
    )


def _render_goals(request, match, *, form=None, status=200) -> HttpResponse:
    agreement = services.agreement_for(match)
    active = match.status == Match.Status.ACTIVE
    if form is None and active:
        form = AgreementForm(initial=AgreementForm.initial_for(agreement))
    _log_read(request, match)
    context = {
        "match": match,
        "is_buddy": rules.is_buddy_of(match, request.user),
        "agreement": agreement,
        "goals": list(agreement.goals.all()) if agreement else [],
        "form": form if active else None,
        "may_confirm": bool(
            active
            and agreement
            and not agreement.is_confirmed
            and agreement.written_by_id != request.user.pk
        ),
    }
    return render(request, "oudernetwerk/match_goals.html", context, status=status)


@login_required
def match_goals(request: HttpRequest, pk: int) -> HttpResponse:
    """Both sides read the goals; while the match runs either writes or changes them."""
    match = _side_match(request, pk)
    if request.method != "POST":
        return _render_goals(request, match)
    if match.status != Match.Status.ACTIVE:
        messages.error(request, _("Doelen schrijf je op zolang de koppeling loopt."))
        return redirect("oudernetwerk:match_goals", pk=match.pk)
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_save(
                match=match,
                actor=request.user,
                goals=form.goals(),
                contact_frequency=form.cleaned_data["contact_frequency"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("De doelen zijn opgeslagen. We vragen de ander of het klopt."),
            )
            return redirect("oudernetwerk:match_goals", pk=match.pk)
    return _render_goals(request, match, form=form, status=400)


@login_required
@require_POST
def match_goals_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    match = _side_match(request, pk)
    form = ConfirmAgreementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Er ging iets mis. Lees de doelen en probeer het nog eens."))
        return redirect("oudernetwerk:match_goals", pk=match.pk)
    try:
        services.agreement_confirm(
            match=match, actor=request.user, version=form.cleaned_data["version"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Dank je wel! Jullie doelen staan vast."))
    return redirect("oudernetwerk:match_goals", pk=match.pk)


def _buddy_match(request: HttpRequest, pk: int) -> Match:
    match = _side_match(request, pk)
    if not rules.is_buddy_of(match, request.user):
        raise Http404
    return match


@login_required
def match_contacts(request: HttpRequest, pk: int) -> HttpResponse:
    """The buddy's contact log: the contacts so far, and a new one in a few taps."""
    match = _buddy_match(request, pk)
    active = match.status == Match.Status.ACTIVE
    form = ContactForm(request.POST or None) if active else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Contacten noteer je zolang de koppeling loopt."))
            return redirect("oudernetwerk:match_contacts", pk=match.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.contact_log(
                    match=match,
                    actor=request.user,
                    contact_date=data["contact_date"],
                    how=data["how"],
                    note=data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Het contact is genoteerd. Dank je wel!"))
                return redirect("oudernetwerk:match_contacts", pk=match.pk)
    access_log.record_read(request=request, obj=match, subjects=[match.request.parent_id])
    context = {
        "match": match,
        "form": form,
        "contacts": list(services.contacts_for(match)),
        "agreement": services.agreement_for(match),
        "quiet_after": services.QUIET_AFTER_DAYS,
    }
    return render(
        request,
        "oudernetwerk/match_contacts.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def match_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Ending a match: why, how it went, how each goal went, what helped, and whether
    you would be matched again; a parent may ask for a new buddy, a buddy chooses a
    rest. Once: after the end, the page sends you to the match."""
    match = _side_match(request, pk)
    if match.status not in workflow.RUNNING:
        messages.info(request, _("Deze koppeling is al gestopt."))
        return redirect("oudernetwerk:match", pk=match.pk)
    respondent = services.respondent_for(match, request.user)
    goals = services.goals_of(match)
    form = CloseMatchForm(request.POST or None, respondent=respondent, goals=goals)
    if request.method == "POST" and form.is_valid():
        try:
            services.match_close(
                match=match,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                **form.closure_answers(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _closed_message(form, respondent))
            return redirect("oudernetwerk:match", pk=match.pk)
    _log_read(request, match)
    return render(
        request,
        "oudernetwerk/match_close.html",
        {"match": match, "form": form, "is_buddy": respondent == CheckIn.Respondent.BUDDY},
        status=400 if form.errors else 200,
    )


def _closed_message(form, respondent: str) -> str:
    text = _("De koppeling is gestopt. Dank je wel voor je antwoorden.")
    if respondent == CheckIn.Respondent.PARENT and form.cleaned_data.get("wants_new_buddy"):
        text += " " + _("We zoeken een nieuwe buddy voor je. Je hoort van ons.")
    return text


@login_required
@require_POST
def buddy_end_rest(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for_user(request.user)
    if profile is None:
        raise Http404
    try:
        services.buddy_end_rest(profile=profile, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Fijn! We kunnen je weer vragen voor een nieuwe ouder."))
    return redirect("oudernetwerk:portal")
