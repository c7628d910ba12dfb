"""The parent panel's pages: joining, leaving, answering a consultation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from .. import rules, selectors, services
from ..forms import (
    ConsultationAnswerForm,
    PanelJoinForm,
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
