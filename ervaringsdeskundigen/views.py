"""The pages of policy work: for parents the pool (joining, changing, pausing,
stopping) and their invitations; for partners their organisation's requests for a
parent perspective. A partner never sees who the parents are: the coordinator puts
them in touch."""

from collections.abc import Sequence

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import router
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casussen import partner_portal
from steunpunt.compiled import CompiledQuery

from . import services
from .forms import PerspectiveRequestForm, PoolForm, PoolJoinForm
from .models import Invitation, PerspectiveRequest, PoolMember

M = PoolMember.Status
I = Invitation.Status  # noqa: E741
PER_PAGE = 25


def _member_data(form) -> dict:
    data = form.cleaned_data
    return {
        "themes": list(data["themes"]),
        "municipalities": list(data["municipalities"]),
        "formats": data["formats"],
        "moments": data["moments"],
        "experience": data["experience"],
        "max_per_year": data["max_per_year"],
    }


# The signed-in parent's own membership (one per user), asked on every page of the pool:
# compiled once per process.
_MEMBER = CompiledQuery(lambda user_id: PoolMember.objects.filter(user_id=user_id), -987654361)


def _member_of(user) -> PoolMember | None:
    if not user.is_authenticated:
        return None
    found = _MEMBER.instances(PoolMember, user.pk, using=router.db_for_read(PoolMember))
    return found[0] if found else None


def _own_member(request: HttpRequest) -> PoolMember:
    member = _member_of(request.user)
    if member is None:
        raise Http404
    return member


def pool(request: HttpRequest) -> HttpResponse:
    """What meedenken over beleid is, the sign-up form, and for a member their status
    and invitations."""
    user = request.user
    member = _member_of(user)
    may_join = services.may_join(user) and (member is None or member.status == M.STOPPED)
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_join:
            raise PermissionDenied
    form = PoolJoinForm(request.POST or None) if may_join else None
    if form is not None and form.is_bound and form.is_valid():
        try:
            services.pool_join(user=user, **_member_data(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dank je wel! Je aanmelding is binnen."))
            return redirect("ervaringsdeskundigen:pool")
    invitations = []
    if member is not None:
        invitations = list(
            Invitation.objects.filter(parent=user)
            .select_related("request__organisation")
            .order_by("-invited_at")[:20]
        )
    now = timezone.now()
    context = {
        "form": form,
        "member": member,
        "may_join": may_join,
        "screened": settings.POLICY_POOL_SCREENING,
        "open_invitations": [
            item for item in invitations if item.status == I.INVITED and not item.is_expired(now)
        ],
        "earlier_invitations": [
            item for item in invitations if item.status != I.INVITED or item.is_expired(now)
        ],
        "now": now,
    }
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "ervaringsdeskundigen/pool.html", context, status=status)


@login_required
def pool_edit(request: HttpRequest) -> HttpResponse:
    member = _own_member(request)
    if member.status in (M.STOPPED, M.REJECTED):
        return redirect("ervaringsdeskundigen:pool")
    initial = {
        "themes": list(member.themes.all()),
        "municipalities": list(member.municipalities.all()),
        "formats": member.formats,
        "moments": member.moments,
        "experience": member.experience,
        "max_per_year": str(member.max_per_year),
    }
    form = PoolForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.pool_update(member=member, **_member_data(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Je gegevens zijn aangepast."))
            return redirect("ervaringsdeskundigen:pool")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "ervaringsdeskundigen/pool_edit.html",
        {"form": form, "member": member},
        status=status,
    )


def _status_action(request: HttpRequest, action, done: str) -> HttpResponse:
    member = _own_member(request)
    try:
        action(member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("ervaringsdeskundigen:pool")


@login_required
@require_POST
def pool_pause(request: HttpRequest) -> HttpResponse:
    return _status_action(
        request, services.pool_pause, _("Je staat op pauze. We vragen je nu niets.")
    )


@login_required
@require_POST
def pool_resume(request: HttpRequest) -> HttpResponse:
    return _status_action(request, services.pool_resume, _("Fijn dat je er weer bent!"))


@login_required
@require_POST
def pool_stop(request: HttpRequest) -> HttpResponse:
    return _status_action(
        request,
        services.pool_stop,
        _("Je bent gestopt als ervaringsdeskundige. Dank je wel voor alles wat je deed."),
    )


@login_required
def invitation(request: HttpRequest, pk: int) -> HttpResponse:
    """The invited parent reads what is asked and says yes or no. For anyone else the
    invitation does not exist."""
    item = get_object_or_404(
        Invitation.objects.select_related("request__organisation", "request__municipality"),
        pk=pk,
        parent=request.user,
    )
    if request.method == "POST":
        answer = request.POST.get("antwoord")
        action = {"ja": services.invitation_accept, "nee": services.invitation_decline}.get(answer)
        if action is None:
            messages.error(request, _("Kies ja of nee."))
        else:
            try:
                action(invitation=item, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("Dank je wel! De coördinator neemt contact met je op over de afspraak.")
                    if answer == "ja"
                    else _("Dank je wel voor je antwoord. We vragen je een volgende keer weer."),
                )
        return redirect("ervaringsdeskundigen:invitation", pk=item.pk)
    perspective = item.request
    context = {
        "invitation": item,
        "perspective": perspective,
        "expired": item.is_expired(),
        "may_answer": item.status == I.INVITED
        and not item.is_expired()
        and perspective.status
        in (PerspectiveRequest.Status.SUBMITTED, PerspectiveRequest.Status.INVITING),
    }
    return render(request, "ervaringsdeskundigen/invitation.html", context)


# --- Partners ---------------------------------------------------------------------------


def _require_partner(request: HttpRequest) -> None:
    """Only partners with an organisation ask; for anyone else the pages do not exist."""
    if not services.may_ask(request.user):
        raise Http404


def _partner_requests(request: HttpRequest):
    return PerspectiveRequest.objects.filter(organisation_id=request.user.organisation_id)


def _partner_rows(organisation_id) -> QuerySet[PerspectiveRequest]:
    """The organisation's requests for its list, newest first, with how many parents
    said yes."""
    return (
        PerspectiveRequest.objects.filter(organisation_id=organisation_id)
        .annotate(accepted=Count("invitations", filter=Q(invitations__status=I.ACCEPTED)))
        .order_by("-created_at", "-pk")
    )


_PARTNER_FIRST_PAGE = CompiledQuery(
    lambda organisation_id: _partner_rows(organisation_id)[:PER_PAGE], -987654362
)


class _PartnerRows(Sequence):
    """The list's rows for a `Paginator`. The first page (most of the requests) is read
    through a query compiled once; when it is not full it also says the count, so no
    count of its own is asked."""

    def __init__(self, organisation_id: int, *, first_page: bool) -> None:
        self._organisation_id = organisation_id
        self._first_page = first_page
        self._first: list[PerspectiveRequest] | None = None
        self._count: int | None = None

    def _first_rows(self) -> list[PerspectiveRequest]:
        if self._first is None:
            using = router.db_for_read(PerspectiveRequest)
            self._first = _PARTNER_FIRST_PAGE.objects(self._organisation_id, using=using)
        return self._first

    def count(self) -> int:
        if self._count is None and self._first_page and len(self._first_rows()) < PER_PAGE:
            self._count = len(self._first_rows())
        if self._count is None:
            self._count = _partner_rows(self._organisation_id).order_by().count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("the partner's requests are read a page at a time")
        if not index.start and index.stop is not None and index.stop <= PER_PAGE:
            return self._first_rows()[: index.stop]
        return list(_partner_rows(self._organisation_id)[index])


@login_required
def partner_requests(request: HttpRequest) -> HttpResponse:
    _require_partner(request)
    asked = request.GET.get("page")
    rows = _PartnerRows(request.user.organisation_id, first_page=asked in (None, "", "1"))
    page = Paginator(rows, PER_PAGE).get_page(asked)
    context = {
        # Its name, through the partner portal's query compiled once per process.
        "organisation": partner_portal.organisation_of(request.user),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
    }
    return render(request, "ervaringsdeskundigen/partner/list.html", context)


@login_required
def partner_request_new(request: HttpRequest) -> HttpResponse:
    _require_partner(request)
    form = PerspectiveRequestForm(request.POST or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            perspective = services.request_submit(
                user=request.user,
                topic=data["topic"],
                description=data["description"],
                format=data["format"],
                moment=data["moment"],
                dates=form.dates(),
                hours=data["hours"],
                parents_wanted=data["parents_wanted"],
                allowance=data["allowance"],
                themes=list(data["themes"]),
                municipality=data["municipality"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dank u! Uw vraag is verstuurd naar het steunpunt."))
            return redirect("ervaringsdeskundigen:partner_request", pk=perspective.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "ervaringsdeskundigen/partner/form.html",
        {"form": form, "min_days": services.MIN_DAYS_AHEAD},
        status=status,
    )


@login_required
def partner_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The request as the organisation sees it: what was asked, how many parents said
    yes; never who they are."""
    _require_partner(request)
    perspective = get_object_or_404(
        _partner_requests(request)
        .select_related("municipality")
        .prefetch_related("themes")
        .annotate(
            accepted=Count("invitations", filter=Q(invitations__status=I.ACCEPTED)),
        ),
        pk=pk,
    )
    context = {
        "perspective": perspective,
        "may_cancel": perspective.status in PerspectiveRequest.OPEN_STATUSES,
    }
    return render(request, "ervaringsdeskundigen/partner/detail.html", context)


@login_required
@require_POST
def partner_request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _require_partner(request)
    perspective = get_object_or_404(_partner_requests(request), pk=pk)
    try:
        services.request_cancel(perspective=perspective, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De vraag gaat niet door. We laten het de ouders weten."))
    return redirect("ervaringsdeskundigen:partner_request", pk=pk)
