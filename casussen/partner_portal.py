"""The partner portal's list (/partner/): the organisation's follow-ups, open ones first
(by due date), then the earlier ones, 25 a page.

Its reads (the organisation, the page with the count of all) are compiled once per process
(`steunpunt.compiled`), a page's rows made ready in one pass: the template's filters per
row cost more than the rows themselves."""

import unicodedata
from datetime import date
from html import escape as escape_text
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
)
from django.db.models.functions import Coalesce
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import gettext as _

from steunpunt.compiled import CompiledPages, CompiledQuery
from steunpunt.models import Organisation, User

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
            # What is asked, the one column the order's index does not hold, the same
            # way: read from the table for the page's 25 rows only, so that the
            # organisation's follow-ups are sorted from the index alone (followup_portal).
            request_text=Subquery(
                FollowUp.objects.filter(pk=OuterRef("pk")).order_by().values("request")
            ),
        )
        .order_by("done", "pending_due", "-closed_at", "pk")
        # What the rows show: the whole of 25 wide rows (the answer, the contact address
        # and nine more columns) cost more to fetch and make than the rest of the page's
        # query, about 0.7 ms. (`request` comes as `request_text`: PortalFollowups.)
        .only("due_date", "status")
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


def organisation_of(user) -> Organisation:
    """The partner's organisation with its name (what the page and its access log entry
    name); also cached on the user. The signed-in user was read with it
    (steunpunt.auth_backends); another user is read here."""
    if not User.organisation.is_cached(user):
        [user.organisation] = _ORGANISATION.objects(
            user.organisation_id, using=router.db_for_read(Organisation)
        )
    return user.organisation


class PortalFollowups(CompiledPages):
    """The organisation's follow-ups for a `Paginator`: its count and its pages
    (`steunpunt.compiled.CompiledPages`)."""

    per_page = PER_PAGE
    compiled_pages = COMPILED_PAGES
    mark = _ORGANISATION_MARK

    def __init__(self, organisation_id: int, *, page: str | int | None = None) -> None:
        super().__init__(organisation_id, using=router.db_for_read(FollowUp), page=page)

    @classmethod
    def ordered(cls, organisation_id) -> QuerySet[FollowUp]:
        return ordered_followups(organisation_id)

    def count_all(self) -> int:
        rows = _COUNT.rows(self.argument, using=self.using)
        return rows[0][0] if rows else 0

    def __getitem__(self, index):
        followups = super().__getitem__(index)
        for followup in followups:
            followup.request = followup.request_text
        return followups


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
    (h_reference, h_request, h_due, h_status) the cells repeat for small screens. The
    rows' own texts through `html.escape`: Django's `escape` without its check for a lazy
    text, a fifth of its time."""
    labels = {name: escape(value) for name, value in headers.items()}
    late, open_, not_needed = escape(_("Te laat")), escape(_("Open")), escape(_("Niet meer nodig"))
    html = []
    for row in rows:
        followup = row.followup
        if pending:
            request = escape_text(row.request)
            badge, status = ("text-bg-danger", late) if row.is_late else ("text-bg-primary", open_)
        elif followup.status == FollowUp.Status.CANCELLED:
            request, badge, status = not_needed, "text-bg-secondary", not_needed
        else:
            request = escape_text(row.request)
            badge, status = "text-bg-success", escape(followup.get_status_display())
        html.append(
            _ROW_HTML.format(
                **labels,
                url=escape_text(row.url),
                reference=escape(followup.case_reference),
                request=request,
                due=escape_text(row.due_label),
                badge=badge,
                status=status,
            )
        )
    return mark_safe("".join(html))


_PK_MARK = 987654352


def _cut(text: str, length: int) -> str:
    """`truncatechars(text, length)`, with its loop over every character (a tenth of the
    page's rows) only for a text with combining characters (which it does not count)."""
    text = unicodedata.normalize("NFC", text)
    if len(text) <= length:
        return text
    if any(map(unicodedata.combining, text)):
        return truncatechars(text, length)
    # As truncatechars: room kept for the ellipsis (in the active language).
    return add_truncation_text(text[: calculate_truncate_chars_length(length, None)])


def partner_rows(followups: list[FollowUp], *, today: date) -> list[PartnerRow]:
    """The page's rows with their texts, in one pass: a link, what is asked (cut short),
    the due date and whether it is late."""
    url = reverse("casussen:partner_followup", args=[_PK_MARK])
    months = {number: str(name) for number, name in MONTHS.items()}
    return [
        PartnerRow(
            followup=followup,
            url=url.replace(str(_PK_MARK), str(followup.pk)),
            request=_cut(followup.request, 120),
            # As the date filter's "j F Y".
            due_label=f"{followup.due_date.day} {months[followup.due_date.month]} "
            f"{followup.due_date.year}",
            is_late=followup.status == FollowUp.Status.OVERDUE or followup.due_date < today,
        )
        for followup in followups
    ]
