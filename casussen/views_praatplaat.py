"""The praatplaat pages outside the admin: the professional's page behind the signed link
(no login: the link is the key, so never cached, never indexed, no referrer), and the
parent's conversation praatplaat in Mijn steunpunt with its print view.

The professional sees the case's reference and their own organisation, nothing of the
parent's story, and not the parent's answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from steunpunt import access_log
from steunpunt.signed_links import LinkExpiredError, LinkInvalidError

from . import selectors
from .forms_praatplaat import PraatplaatForm, SendToPartnerForm
from .models import Case, Praatplaat
from .services import TransitionRefusedError
from .services import praatplaat as service

PARTNER_TEMPLATE = "casussen/praatplaat/partner.html"
PRINT_TEMPLATE = "casussen/praatplaat/print.html"
PARENT_TEMPLATE = "casussen/praatplaat/parent.html"
# The questions of the practice that go with the printed praatplaat.
DISCUSSION_QUESTIONS = [
    gettext_lazy("Hoe zit dat bij ons?"),
    gettext_lazy("Hoe zou dat beter kunnen?"),
    gettext_lazy("Waar zijn we al goed in?"),
]


def _private(response: HttpResponse) -> HttpResponse:
    # Not "no-referrer": browsers then send "Origin: null" with the form and the CSRF
    # check refuses the answer. "same-origin" keeps the token on this site all the same.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- The professional, through the signed link ---------------------------------------------


def _partner_page(request: HttpRequest, state: str, status: int = 200, **context) -> HttpResponse:
    return _private(render(request, PARTNER_TEMPLATE, {"state": state, **context}, status=status))


@never_cache
def partner_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        praatplaat = service.praatplaat_for_token(token)
    except LinkExpiredError:
        return _partner_page(request, "expired", status=410)
    except LinkInvalidError:
        return _partner_page(request, "invalid", status=404)
    if praatplaat.professional_submitted_at is not None:
        return _partner_page(request, "thanks", praatplaat=praatplaat)
    if service.praatplaat_closed_for_professional(praatplaat):
        return _partner_page(request, "closed", status=410)
    case, organisation = praatplaat.case, praatplaat.followup.organisation
    # What the partner is shown of the parent's case (its reference): through the link
    # nobody is signed in, so the entry names the organisation it went to.
    access_log.record_read(
        request=request,
        obj=praatplaat,
        subjects=[case.parent_id],
        case_reference=case.reference,
        organisation=organisation.name,
    )
    form = PraatplaatForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            service.praatplaat_professional_submit(
                praatplaat=praatplaat, topics=form.topics(), comment=form.cleaned_data["comment"]
            )
        except TransitionRefusedError:
            # Sent twice (a double tap, a second tab), or closed meanwhile: the page says.
            return _private(redirect(request.path))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _private(redirect(request.path))
    return _partner_page(
        request,
        "form",
        status=400 if form.errors else 200,
        praatplaat=praatplaat,
        case=case,
        organisation=organisation,
        form=form,
    )


# --- The parent, in Mijn steunpunt -----------------------------------------------------------


def _parent_praatplaat(request: HttpRequest, pk: int, praatplaat_pk: int) -> Praatplaat:
    """The parent's own conversation praatplaat, or 404 (also for anyone else's)."""
    case = selectors.case_for_parent(request.user, pk)
    praatplaat = (
        Praatplaat.objects.select_related("followup__organisation")
        .filter(pk=praatplaat_pk, case=case, kind=Praatplaat.Kind.CONVERSATION)
        .first()
    )
    if praatplaat is None:
        raise Http404
    praatplaat.case = case
    return praatplaat


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def parent_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_parent(request.user, pk)
    try:
        praatplaat = service.praatplaat_create(case=case, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect("casussen:portal_case", pk=case.pk)
    return redirect("casussen:portal_praatplaat", pk=case.pk, praatplaat_pk=praatplaat.pk)


def _parent_page(
    request: HttpRequest,
    praatplaat: Praatplaat,
    *,
    form: PraatplaatForm | None = None,
    send_form: SendToPartnerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    followups = service.praatplaat_followups(praatplaat)
    can_send = praatplaat.professional_submitted_at is None and (praatplaat.followup_id is None)
    context = {
        "case": praatplaat.case,
        "praatplaat": praatplaat,
        "form": form
        or (
            PraatplaatForm(comment_label=_("Wil je nog iets zeggen? (mag leeg blijven)"))
            if praatplaat.parent_submitted_at is None
            else None
        ),
        "send_form": send_form
        or (SendToPartnerForm(followups=followups) if can_send and followups else None),
        "can_send": can_send,
        "rows": service.side_by_side(praatplaat),
    }
    return _private(render(request, PARENT_TEMPLATE, context, status=status))


@login_required
def parent_detail(request: HttpRequest, pk: int, praatplaat_pk: int) -> HttpResponse:
    praatplaat = _parent_praatplaat(request, pk, praatplaat_pk)
    if request.method != "POST":
        return _parent_page(request, praatplaat)
    form = PraatplaatForm(
        request.POST, comment_label=_("Wil je nog iets zeggen? (mag leeg blijven)")
    )
    if form.is_valid():
        try:
            service.praatplaat_parent_submit(
                praatplaat=praatplaat,
                parent=request.user,
                topics=form.topics(),
                comment=form.cleaned_data["comment"],
            )
        except TransitionRefusedError as error:
            _refused(request, error)
            return redirect(request.path)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dank je wel. Je antwoorden zijn opgeslagen."))
            return redirect(request.path)
    return _parent_page(request, praatplaat, form=form, status=400)


@login_required
@require_POST
def parent_send(request: HttpRequest, pk: int, praatplaat_pk: int) -> HttpResponse:
    praatplaat = _parent_praatplaat(request, pk, praatplaat_pk)
    form = SendToPartnerForm(request.POST, followups=service.praatplaat_followups(praatplaat))
    if not form.is_valid():
        return _parent_page(request, praatplaat, send_form=form, status=400)
    followup = form.cleaned_data["followup"]
    try:
        sent = service.praatplaat_send_to_partner(
            praatplaat=praatplaat, followup=followup, actor=request.user
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        if sent is None:
            messages.info(request, _("Die e-mail is al verstuurd."))
        else:
            messages.success(
                request,
                _("%(organisation)s krijgt een e-mail met een link naar de praatplaat.")
                % {"organisation": followup.organisation.name},
            )
    return redirect("casussen:portal_praatplaat", pk=pk, praatplaat_pk=praatplaat.pk)


def print_context(praatplaat: Praatplaat, *, back_url: str) -> dict:
    return {
        "case": praatplaat.case,
        "praatplaat": praatplaat,
        "rows": service.side_by_side(praatplaat),
        "questions": DISCUSSION_QUESTIONS,
        "back_url": back_url,
    }


@login_required
@require_GET
def parent_print(request: HttpRequest, pk: int, praatplaat_pk: int) -> HttpResponse:
    praatplaat = _parent_praatplaat(request, pk, praatplaat_pk)
    back = praatplaat_url(praatplaat.case, praatplaat)
    return _private(render(request, PRINT_TEMPLATE, print_context(praatplaat, back_url=back)))


def praatplaat_url(case: Case, praatplaat: Praatplaat) -> str:
    return reverse("casussen:portal_praatplaat", args=[case.pk, praatplaat.pk])
