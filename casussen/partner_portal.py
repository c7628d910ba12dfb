"""The partner portal's list (/partner/): the organisation's follow-ups, open ones first
(by due date), then the earlier ones, 25 a page.

Its reads (the organisation, the page with the count of all) are compiled once per process
(`steunpunt.compiled`), a page's rows made ready in one pass: the template's filters per
row cost more than the rows themselves."""

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from django.db import router
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from steunpunt.compiled import CompiledQuery
from steunpunt.models import Organisation

from .models import Case as CaseModel
from .models import FollowUp
from .selectors import followups_of_organisation

PER_PAGE = 25
PENDING = (FollowUp.Status.OPEN, FollowUp.Status.OVERDUE)
# Pages compiled, each once; a later page (rare) is read through the ORM.
COMPILED_PAGES = 20
_ORGANISATION_MARK = -987654351


def ordered_followups(organisation_id) -> QuerySet[FollowUp]:
    """The organisation's follow-ups in the portal's order, with what its rows show."""
    # Of the case only its reference, as a subquery that PostgreSQL runs after the sort,
    # for the page's rows: joined, every follow-up of the organisation fetched its case.
    return (
        followups_of_organisation(organisation_id)
        .annotate(
            done=Case(
                When(status__in=PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            # Open ones by due date; for earlier ones the due date does not decide the order.
            pending_due=Case(When(status__in=PENDING, then="due_date")),
            closed_at=Coalesce("answered_at", "cancelled_at"),
            case_reference=Subquery(
                CaseModel.objects.filter(pk=OuterRef("case_id")).values("reference")
            ),
        )
        .order_by("done", "pending_due", "-closed_at", "pk")
    )


_ORGANISATION = CompiledQuery(
    lambda pk: Organisation.objects.filter(pk=pk).only("name"), _ORGANISATION_MARK
)
_COUNT = CompiledQuery(
    lambda organisation_id: (
        followups_of_organisation(organisation_id)
        .order_by()
        .values("organisation_id")
        .annotate(count=Count("pk"))
        .values_list("count")
    ),
    _ORGANISATION_MARK,
)
_PAGES: dict[int, CompiledQuery] = {}


def organisation_of(user) -> Organisation:
    """The partner's organisation with its name (what the page and its access log entry
    name); also cached on the user."""
    [organisation] = _ORGANISATION.objects(
        user.organisation_id, using=router.db_for_read(Organisation)
    )
    user.organisation = organisation
    return organisation


def _page_query(number: int) -> CompiledQuery:
    """Page `number` (from 0) with, on each row, how many follow-ups there are in all
    (a window over the same rows): the page's own query answers the count as well."""
    query = _PAGES.get(number)
    if query is None:
        bottom = number * PER_PAGE
        query = _PAGES.setdefault(
            number,
            CompiledQuery(
                lambda organisation_id: ordered_followups(organisation_id).annotate(
                    total=Window(Count("pk"))
                )[bottom : bottom + PER_PAGE],
                _ORGANISATION_MARK,
            ),
        )
    return query


class PortalFollowups(Sequence):
    """The organisation's follow-ups for a `Paginator`: its count and its pages.

    `page` is the page the request asks for (as the Paginator gets it): that page is
    read first, and its rows say the count, so most requests need no count of their own.
    """

    def __init__(self, organisation_id: int, *, page: str | int | None = None) -> None:
        self._organisation_id = organisation_id
        self._using = router.db_for_read(FollowUp)
        self._count: int | None = None
        self._read: dict[int, list[FollowUp]] = {}
        self._hint = _page_number(page)

    def count(self) -> int:
        if self._count is None and self._hint < COMPILED_PAGES:
            rows = self._page(self._hint)
            if rows:
                self._count = rows[0].total
        if self._count is None:
            rows = _COUNT.rows(self._organisation_id, using=self._using)
            self._count = rows[0][0] if rows else 0
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _page(self, number: int) -> list[FollowUp]:
        if number not in self._read:
            self._read[number] = _page_query(number).objects(
                self._organisation_id, using=self._using
            )
        return self._read[number]

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("the portal's follow-ups are read a page at a time")
        bottom, top = index.start or 0, index.stop
        number = bottom // PER_PAGE
        if bottom % PER_PAGE or number >= COMPILED_PAGES:
            return list(ordered_followups(self._organisation_id)[bottom:top])
        # The Paginator asks for a shorter last page: the rows are the same.
        return self._page(number)[: top - bottom]


def _page_number(value) -> int:
    """The page asked for, from 0, as the Paginator will read it (1 when it is none)."""
    try:
        number = int(float(value)) if value not in (None, "") else 1
    except (TypeError, ValueError, OverflowError):
        number = 1
    return max(number, 1) - 1


class PartnerRow(NamedTuple):
    followup: FollowUp
    url: str
    request: str  # cut at 120 characters, as the template's truncatechars did
    due_label: str  # "26 november 2026"
    is_late: bool


# A row of either table as the template's loops wrote it, the whitespace around it
# included (tests/casussen/test_partner_portal.py keeps those loops and compares).
_ROW_HTML = """
      <tr role="row">
        <td role="cell" data-label="{h_reference}"><a href="{url}">{reference}</a></td>
        <td role="cell" data-label="{h_request}">{request}</td>
        <td role="cell" data-label="{h_due}">{due}</td>
        <td role="cell" data-label="{h_status}"><span class="badge {badge}">{status}</span></td>
      </tr>
      """


def rows_html(rows: list[PartnerRow], *, pending: bool, headers: dict[str, str]) -> SafeString:
    """The rows of the table of open follow-ups (`pending`) or of earlier ones: with a
    full page the template's loop was a fifth of the page. `headers`: the column names
    (h_reference, h_request, h_due, h_status) the cells repeat for small screens."""
    labels = {name: escape(value) for name, value in headers.items()}
    late, open_, not_needed = escape(_("Te laat")), escape(_("Open")), escape(_("Niet meer nodig"))
    html = []
    for row in rows:
        followup = row.followup
        if pending:
            request = escape(row.request)
            badge, status = ("text-bg-danger", late) if row.is_late else ("text-bg-primary", open_)
        elif followup.status == FollowUp.Status.CANCELLED:
            request, badge, status = not_needed, "text-bg-secondary", not_needed
        else:
            request = escape(row.request)
            badge, status = "text-bg-success", escape(followup.get_status_display())
        html.append(
            _ROW_HTML.format(
                **labels,
                url=escape(row.url),
                reference=escape(followup.case_reference),
                request=request,
                due=escape(row.due_label),
                badge=badge,
                status=status,
            )
        )
    return mark_safe("".join(html))


_PK_MARK = 987654352


def partner_rows(followups: list[FollowUp], *, today: date) -> list[PartnerRow]:
    """The page's rows with their texts, in one pass: a link, what is asked (cut short),
    the due date and whether it is late."""
    url = reverse("casussen:partner_followup", args=[_PK_MARK])
    months = {number: str(name) for number, name in MONTHS.items()}
    return [
        PartnerRow(
            followup=followup,
            url=url.replace(str(_PK_MARK), str(followup.pk)),
            request=truncatechars(followup.request, 120),
            # As the date filter's "j F Y".
            due_label=f"{followup.due_date.day} {months[followup.due_date.month]} "
            f"{followup.due_date.year}",
            is_late=followup.status == FollowUp.Status.OVERDUE or followup.due_date < today,
        )
        for followup in followups
    ]
