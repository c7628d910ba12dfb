"""The parent's evaluation of a resolved case, opened from the signed link in the email.

No login: the link is the key. So the page is never cached, never indexed and never
passes its address (with the token) on as a referrer."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from . import services
from .forms import EvaluationForm
from .models import Evaluation

TEMPLATE = "casussen/evaluation.html"


def _private(response: HttpResponse) -> HttpResponse:
    # Not "no-referrer": browsers then send "Origin: null" with the form and the CSRF
    # check refuses the answer. "same-origin" keeps the token on this site all the same.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page(request: HttpRequest, state: str, status: int = 200, **context) -> HttpResponse:
    return _private(render(request, TEMPLATE, {"state": state, **context}, status=status))


@never_cache
def evaluate(request: HttpRequest, token: str) -> HttpResponse:
    try:
        evaluation = services.evaluation_for_token(token)
    except services.LinkExpiredError:
        return _page(request, "expired", status=410)
    except services.LinkInvalidError:
        return _page(request, "invalid", status=404)
    if evaluation.submitted_at is not None:
        return _page(request, "thanks", evaluation=evaluation, case=evaluation.case)
    if request.method != "POST":
        return _form_page(request, evaluation, EvaluationForm())
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        return _form_page(request, evaluation, form, status=400)
    try:
        services.evaluation_submit(
            evaluation=evaluation,
            satisfaction=form.cleaned_data["satisfaction"],
            topics=form.topics(),
            comment=form.cleaned_data["comment"],
            contact_wanted=form.cleaned_data["contact_wanted"],
        )
    except services.TransitionRefusedError:
        # Sent twice (a double tap, a second tab): the first one counts.
        pass
    except ValidationError as error:
        form.add_error(None, error)
        return _form_page(request, evaluation, form, status=400)
    return _private(redirect(request.path))


def _form_page(
    request: HttpRequest, evaluation: Evaluation, form: EvaluationForm, status: int = 200
) -> HttpResponse:
    return _page(
        request,
        "form",
        status=status,
        evaluation=evaluation,
        case=evaluation.case,
        form=form,
        can_reopen=services.evaluation_can_reopen(evaluation),
    )
