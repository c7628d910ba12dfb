"""Who may see which case, follow-up and file: the one place that answers it. Lists and
detail pages both filter through these, so a list never shows what a detail refuses."""

from datetime import date, datetime
from typing import NamedTuple

from django.db import router
from django.db.models import Exists, Q, QuerySet
from django.http import Http404

from steunpunt import panels, roles
from steunpunt.compiled import CompiledQuery
from steunpunt.forms import fits_in_key
from steunpunt.models import AccessEvent
from steunpunt.roles import is_coordinator
from steunpunt.selectors import users_with_role

from . import workflow
from .models import Case, CaseAttachment, CaseEvent, Consent, Evaluation, FollowUp, Praatplaat


def case_owner_candidates() -> QuerySet:
    """Who may own a case: active coordinators (the rule is services.check_case_owner)."""
    return users_with_role(roles.COORDINATOR).order_by("name", "email")


def confirmed_cases_of(parent_id) -> QuerySet[Case]:
    """`cases_for_parent` by the parent's id, for a query compiled with a marker in its
    place (never for an id that is not the signed-in parent's own)."""
    # A question someone else sent with the parent's address shows only once the parent
    # confirmed it (services.case_submit).
    return Case.objects.filter(parent_id=parent_id, confirmed_at__isnull=False)


def cases_for_parent(user) -> QuerySet[Case]:
    """The parent's own confirmed cases, newest first. Nobody else's, whatever their
    role."""
    if not user.is_authenticated:
        return Case.objects.none()
    return confirmed_cases_of(user.pk).select_related("theme", "assigned_to")


def portal_cases_for_parent(user) -> QuerySet[Case]:
    """The cases Mijn steunpunt lists: a duplicate merged into another is one case
    for the parent, the surviving one."""
    return cases_for_parent(user).filter(merged_into__isnull=True)


# What a row of /mijn/ reads of a case (its theme's name, the dates its next step needs).
PORTAL_ROW_FIELDS = (
    "kind",
    "reference",
    "status",
    "resolution",
    "created_at",
    "responded_at",
    "respond_by",
    "resolve_by",
    "resolved_at",
    "theme__name",
)

_PARENT_MARK, _CASE_MARK = -987654323, -987654324


class PortalCase(NamedTuple):
    """A case as a row of /mijn/ reads it (what `views_parent.next_step` asks of a case
    among it): plain values, no model instances. With twenty cases the instances, with
    their themes, cost more than the query and the rows' HTML together."""

    pk: int
    kind: str
    reference: str
    status: str
    resolution: str
    created_at: datetime
    responded_at: datetime | None
    respond_by: date
    resolve_by: date
    resolved_at: datetime | None
    theme_name: str


# The portal's two reads of cases, compiled once per process: the list of /mijn/, and the
# one case every parent's case view starts from (with what its page shows beside it).
_PORTAL_ROWS = CompiledQuery(
    lambda parent_id: (
        confirmed_cases_of(parent_id)
        .filter(merged_into__isnull=True)
        .values_list("pk", *PORTAL_ROW_FIELDS)
    ),
    _PARENT_MARK,
    columns=lambda: [Case._meta.pk, *(_field(name) for name in PORTAL_ROW_FIELDS)],
)


def _parent_case(parent_id, pk) -> QuerySet[Case]:
    return (
        confirmed_cases_of(parent_id)
        .filter(pk=pk)
        .select_related("theme", "assigned_to", "school", "complaint_about")
    )


_PARENT_CASE = CompiledQuery(_parent_case, _PARENT_MARK, _CASE_MARK)


class CasePageParts(NamedTuple):
    """What the parent's case page shows beside the case and its timeline, when there is
    any: most cases have none of it, and a part that has nothing is not read."""

    open_evaluation: bool
    attachments: bool
    consents: bool
    praatplaten: bool


ALL_PARTS = CasePageParts(True, True, True, True)


def _case_page(parent_id, pk) -> QuerySet[Case]:
    # Without the coordinator the page does not name (a whole user row), and each part
    # asked of the case's id itself, not of the case row (`OuterRef`): uncorrelated,
    # PostgreSQL plans the query in about half the time. The parts say nothing unless
    # the case is the parent's own: without it there is no row.
    return (
        confirmed_cases_of(parent_id)
        .filter(pk=pk)
        .select_related("theme", "school", "complaint_about")
        .annotate(
            has_open_evaluation=Exists(
                Evaluation.objects.filter(case_id=pk, submitted_at__isnull=True)
            ),
            has_attachments=Exists(CaseAttachment.objects.filter(case_id=pk)),
            has_consents=Exists(Consent.objects.filter(case_id=pk)),
            has_praatplaten=Exists(
                Praatplaat.objects.filter(case_id=pk, kind=Praatplaat.Kind.CONVERSATION)
            ),
            # What the other apps' panels on the page may have (steunpunt.panels).
            **panels.probes("casussen.portal_case", pk),
        )
    )


_CASE_PAGE = CompiledQuery(_case_page, _PARENT_MARK, _CASE_MARK)


def case_page_for_parent(user, pk: int) -> tuple[Case, CasePageParts]:
    """`case_for_parent`, and in the same query which parts of its page have anything."""
    case = _one_for_parent(_CASE_PAGE, user, pk)
    parts = CasePageParts(
        open_evaluation=bool(case.has_open_evaluation),
        attachments=bool(case.has_attachments),
        consents=bool(case.has_consents),
        praatplaten=bool(case.has_praatplaten),
    )
    return case, parts


_PARENT_EVENTS = CompiledQuery(
    lambda case_id: CaseEvent.objects.filter(case_id=case_id, is_internal=False), _CASE_MARK
)


def events_for_parent(case: Case) -> list[CaseEvent]:
    """The case's timeline as its parent sees it: no internal notes, oldest first."""
    return _PARENT_EVENTS.instances(CaseEvent, case.pk, using=router.db_for_read(CaseEvent))


def portal_case_rows(user) -> list[PortalCase]:
    """`portal_cases_for_parent` with only what the rows of /mijn/ show, newest first."""
    if not user.is_authenticated:
        return []
    rows = _PORTAL_ROWS.converted_rows(user.pk, using=router.db_for_read(Case))
    return [PortalCase(*row) for row in rows]


def _field(path: str):
    model, *relations, name = [Case, *path.split("__")]
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def case_for_parent(user, pk: int) -> Case:
    """One of the parent's own cases, or 404 (never 403: an id says nothing)."""
    return _one_for_parent(_PARENT_CASE, user, pk)


def _one_for_parent(query: CompiledQuery, user, pk: int) -> Case:
    using = router.db_for_read(Case)
    if not user.is_authenticated or not fits_in_key(Case._meta.pk, pk, using=using):
        raise Http404
    found = query.objects(user.pk, pk, using=using)
    if not found:
        raise Http404
    return found[0]


def followups_for_partner(user) -> QuerySet[FollowUp]:
    """Follow-ups addressed to the partner's own organisation, with valid consent."""
    if not (
        user.is_authenticated
        and user.is_active
        and roles.has_role(user, roles.PARTNER)
        and user.organisation_id
    ):
        return FollowUp.objects.none()
    return followups_of_organisation(user.organisation_id).select_related("case", "organisation")


def followups_of_organisation(organisation_id) -> QuerySet[FollowUp]:
    """`followups_for_partner` by the organisation's id, for a query compiled with a
    marker in its place (never for an organisation that is not the partner's own)."""
    # A follow-up's consent is always for its own organisation (followup_create): saying
    # so lets PostgreSQL read this organisation's consents, not all 20,000.
    return FollowUp.objects.filter(
        organisation_id=organisation_id,
        consent__organisation_id=organisation_id,
        consent__withdrawn_at__isnull=True,
    )


def followup_for_partner(user, pk: int) -> FollowUp:
    followup = followups_for_partner(user).filter(pk=pk).first()
    if followup is None:
        raise Http404
    return followup


def attachment_for_user(user, case_pk: int, pk: int) -> CaseAttachment:
    """A case file, for the case's parent and for coordinators only."""
    # `case__pk`, not `case_id`: Django turns an id too large for the database into "no
    # row" for a primary key only; on a foreign key column SQLite raises OverflowError.
    attachments = CaseAttachment.objects.select_related("case").filter(pk=pk, case__pk=case_pk)
    if is_coordinator(user):
        attachment = attachments.first()
    else:
        attachment = attachments.filter(case__in=cases_for_parent(user)).first()
    if attachment is None:
        raise Http404
    return attachment


# How many access-log entries the parent's case page reads at most (newest first).
READS_SHOWN = 500


class Read(NamedTuple):
    """An access log entry as the parent's case page shows it: when, the reader's role
    and organisation (never who), and what they did."""

    at: datetime
    actor_role: str
    actor_organisation: str
    action: str
    object_type: str


def _reads_of_case(reference, parent_id) -> QuerySet:
    return (
        AccessEvent.objects.filter(
            case_reference=reference,
            subject_id=parent_id,
            result=AccessEvent.Result.OK,
        )
        .exclude(actor_id=parent_id)
        .order_by("-at", "-id")
        .values_list(*Read._fields)[:READS_SHOWN]
    )


_READS = CompiledQuery(
    _reads_of_case,
    "OSP-MARK-987654325",
    _PARENT_MARK,
    columns=lambda: [AccessEvent._meta.get_field(name) for name in Read._fields],
)


def reads_of_case(case: Case) -> list[Read]:
    """Who read this case's data: the entries about its parent under its reference, by
    anyone but the parent, newest first. Only role and organisation leave this function
    for the parent's page; the actor's id is not read. As tuples: made into model
    instances, up to 500 of them cost more than the query."""
    if case.parent_id is None:
        return [Read(*row) for row in _reads_of_case(case.reference, None)]
    rows = _READS.converted_rows(
        case.reference, case.parent_id, using=router.db_for_read(AccessEvent)
    )
    return [Read(*row) for row in rows]


class CaseRelations(NamedTuple):
    possible_duplicates: list[Case]
    linked: list[Case]
    merged: list[Case]


def case_relations(case: Case) -> CaseRelations:
    """For the case page, in one query: the parent's other open cases on the same theme
    (a possible duplicate), the cases linked to it and those merged into it."""
    # The linked ids first, as a list: with a subquery among the OR's branches PostgreSQL
    # scans every case (45 ms at 100k cases); with a list each branch is an index scan.
    through = Case.linked_cases.through
    linked_ids = set(
        through.objects.filter(from_case_id=case.pk).values_list("to_case_id", flat=True)
    )
    wanted = Q(pk__in=linked_ids) | Q(merged_into_id=case.pk)
    if case.parent_id is not None:
        wanted |= Q(parent_id=case.parent_id, theme_id=case.theme_id, status__in=workflow.OPEN)
    rows = list(
        Case.objects.filter(wanted)
        .exclude(pk=case.pk)
        .only("pk", "reference", "status", "created_at", "parent_id", "theme_id", "merged_into_id")
        .order_by("created_at", "pk")
    )
    for row in rows:
        row.is_linked = row.pk in linked_ids
    return CaseRelations(
        possible_duplicates=[
            row
            for row in rows
            if case.parent_id is not None
            and row.parent_id == case.parent_id
            and row.theme_id == case.theme_id
            and row.status in workflow.OPEN
        ],
        linked=[row for row in rows if row.is_linked],
        merged=[row for row in rows if row.merged_into_id == case.pk],
    )
