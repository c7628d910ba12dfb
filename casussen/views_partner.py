"""The partner's side of a follow-up: the signed link in their email (no login needed)
and the partner portal for people of a school or partner organisation with an account.

Both show only what the partner needs to act: never the parent's name, contact details
or story."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from steunpunt import access_log, panels, roles
from steunpunt.ratelimit import client_ip, hit

from . import partner_portal, selectors, services
from .forms import FollowUpAnswerForm
from .models import FollowUp

WINDOW = 60 * 60


def _private(response: HttpResponse) -> HttpResponse:
    """A page behind a signed link: not indexed, and the address (with its token) never
    sent along to another site."""
    # Not "no-referrer": browsers then send "Origin: null" with the form and the CSRF
    # check refuses the answer. "same-origin" keeps the token on this site all the same.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _link_problem(request: HttpRequest, *, expired: bool, status: int) -> HttpResponse:
    template = "casussen/partner/link_problem.html"
    return _private(render(request, template, {"expired": expired}, status=status))


def _followup_page(
    request: HttpRequest,
    followup: FollowUp,
    form: FollowUpAnswerForm,
    *,
    in_portal: bool,
    status: int = 200,
) -> HttpResponse:
    # After the parent withdrew consent the partner sees nothing of the case any more,
    # also not through an old link to an answered follow-up.
    closed = followup.status == FollowUp.Status.CANCELLED or not followup.consent.is_valid
    if not closed:
        # What the school or partner is shown of the parent's case. Through the signed
        # link nobody is signed in: the entry names the organisation the link went to.
        access_log.record_read(
            request=request,
            obj=followup,
            subjects=[followup.case.parent_id],
            case_reference=followup.case.reference,
            organisation="" if in_portal else followup.organisation.name,
        )
    today = timezone.localdate()
    context = {
        "followup": followup,
        "case": followup.case,
        "form": form,
        "closed": closed,
        "is_late": followup.is_pending
        and (followup.status == FollowUp.Status.OVERDUE or followup.due_date < today),
        "in_portal": in_portal,
        # What other apps add for the partner (the timeline the parent shared with them).
        "followup_panels": []
        if closed
        else panels.render(
            "casussen.followup_partner", request=request, obj=followup, in_portal=in_portal
        ),
    }
    return render(request, "casussen/partner/followup.html", context, status=status)


def _answer(
    request: HttpRequest, followup: FollowUp, form: FollowUpAnswerForm, *, via: str
) -> HttpResponse | None:
    """Store the answer through the service. None when it was stored; otherwise the page
    again, with the reason and the partner's text kept."""
    in_portal = via == FollowUp.Channel.PORTAL
    if not form.is_valid():
        return _followup_page(request, followup, form, in_portal=in_portal, status=400)
    try:
        services.followup_answer(
            followup=followup,
            answer=form.cleaned_data["answer"],
            via=via,
            actor=request.user if request.user.is_authenticated else None,
        )
    except services.TransitionRefusedError as error:
        form.add_error(None, error)
        followup.refresh_from_db()
        return _followup_page(request, followup, form, in_portal=in_portal, status=409)
    return None


@never_cache
def answer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        followup = services.followup_for_token(token)
    except services.LinkExpiredError:
        return _link_problem(request, expired=True, status=410)
    except services.LinkInvalidError:
        # Tampered with, cut short, or replaced by a newer link: still not found (404),
        # but the page says what to do instead of the general "page not found".
        return _link_problem(request, expired=False, status=404)
    if request.method != "POST":
        return _private(_followup_page(request, followup, FollowUpAnswerForm(), in_portal=False))
    form = FollowUpAnswerForm(request.POST)
    if not hit(
        scope="followup-link-ip",
        key=client_ip(request),
        limit=settings.FOLLOWUP_LINK_ANSWERS_PER_HOUR,
        window=WINDOW,
    ):
        form.add_error(
            None,
            _(
                "Er zijn vanaf dit adres veel antwoorden verstuurd. Wacht een uur en "
                "probeer het dan opnieuw, of bel of mail het steunpunt."
            ),
        )
        return _private(_followup_page(request, followup, form, in_portal=False, status=429))
    refused = _answer(request, followup, form, via=FollowUp.Channel.LINK)
    if refused is not None:
        return _private(refused)
    return _private(redirect(request.path))


def _require_partner(request: HttpRequest) -> None:
    """Only partners with an organisation have a portal; for anyone else it does not
    exist (404, so the page says nothing about who may use it)."""
    user = request.user
    if not (roles.has_role(user, roles.PARTNER) and user.organisation_id):
        raise Http404


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    _require_partner(request)
    organisation = partner_portal.organisation_of(request.user)
    asked = request.GET.get("pagina")
    followups = partner_portal.PortalFollowups(request.user.organisation_id, page=asked)
    page = Paginator(followups, partner_portal.PER_PAGE).get_page(asked)
    today = timezone.localdate()
    rows = partner_portal.partner_rows(list(page.object_list), today=today)
    # One entry for the list (it shows what is asked, per case), none per row.
    access_log.record_read(
        request=request, object_type=FollowUp._meta.label_lower, organisation=organisation.name
    )
    context = {
        "organisation": organisation,
        "page": page,
        "pending": [row for row in rows if not row.followup.done],
        "done": [row for row in rows if row.followup.done],
        "today": today,
    }
    return render(request, "casussen/partner/portal.html", context)


@login_required
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_partner(request)
    followup = selectors.followup_for_partner(request.user, pk)
    if request.method != "POST":
        return _followup_page(request, followup, FollowUpAnswerForm(), in_portal=True)
    form = FollowUpAnswerForm(request.POST)
    refused = _answer(request, followup, form, via=FollowUp.Channel.PORTAL)
    if refused is not None:
        return refused
    messages.success(request, _("Dank u, uw antwoord is ontvangen."))
    return redirect("casussen:partner_followup", pk=followup.pk)
