"""What the admin's case page reads besides the form: the case with the rows it shows, its
submitted evaluation, its praatplaten and the cases related to it. Each is a query of a
fixed shape, built and compiled once per process (`steunpunt.compiled`, issue #12): on
the bench machine Django spent more on building and compiling each of them than
PostgreSQL on answering it."""

from django.db import router
from django.db.models import Exists, IntegerField, OuterRef, Value

from steunpunt.admin.inlines import EMPTY_RELATIONS
from steunpunt.compiled import CompiledQuery
from steunpunt.forms import fits_in_key

from .. import selectors, workflow
from ..models import Case, CaseAttachment, Consent, Evaluation, FollowUp, Praatplaat, SignalTag

# Markers: values no row has, where the request's values go.
_CASE_MARK = -987654330
_PARENT_MARK = -987654331
_THEME_MARK = -987654332

# Read with the case on its page: the names it shows (parent, owner), the theme the
# suggested articles are for and the autocomplete widgets' rows, one query instead of
# one each. Not the rarely set ones (who entered it, who put it on hold, the case it was
# merged into): PostgreSQL's planner tries every order of the joined tables, and with
# those three the case's query took 7 ms to plan and 0.6 ms to run at 100,000 cases;
# without them, 1 ms.
CASE_SELECT_RELATED = ("theme", "parent", "assigned_to", "school", "complaint_about")

# Whether the case has any of the rows the page would read next, read with the case:
# most cases have no files, consents, follow-ups, praatplaten or evaluation, and each
# was a query of its own that found nothing (PostgreSQL plans the case's query in the
# same time with them). The inlines among them (`ReadOnlyTabularInline.table`) then read
# nothing for a case that has none (`EMPTY_RELATIONS`).
_HAS_ROWS = {
    "has_attachments": CaseAttachment,
    "has_consents": Consent,
    "has_followups": FollowUp,
    "has_praatplaten": Praatplaat,
}


def _case(pk):
    # Without the list's duplicate mark: the page lists the possible duplicates
    # themselves (`case_relations`), and the mark's subquery over the parent's cases cost
    # more than the rest of the case's query. And whether the owner is one of the owner
    # field's choices, so that its widget shows the owner without reading them again.
    return (
        Case.objects.select_related(*CASE_SELECT_RELATED)
        .annotate(
            owner_is_candidate=Exists(
                selectors.case_owner_candidates().filter(pk=OuterRef("assigned_to_id"))
            ),
            has_submitted_evaluation=Exists(
                Evaluation.objects.filter(case_id=OuterRef("pk"), submitted_at__isnull=False)
            ),
            **{
                name: Exists(model.objects.filter(case_id=OuterRef("pk")))
                for name, model in _HAS_ROWS.items()
            },
        )
        .filter(pk=pk)
        .order_by()
    )


_CASE = CompiledQuery(_case, _CASE_MARK)


def case_for_page(pk: int) -> Case | None:
    """The case by its id with what its page shows (`CASE_SELECT_RELATED`) and
    `owner_is_candidate`; None for an id no case has (or could have)."""
    using = router.db_for_read(Case)
    if not fits_in_key(Case._meta.pk, pk, using=using):
        return None
    found = _CASE.objects(pk, using=using)
    if not found:
        return None
    case = found[0]
    setattr(
        case,
        EMPTY_RELATIONS,
        frozenset((model, "case") for name, model in _HAS_ROWS.items() if not getattr(case, name)),
    )
    return case


_SIGNAL_TAGS = CompiledQuery(
    lambda pk: SignalTag.objects.annotate(
        on_case=Exists(
            Case.signal_tags.through.objects.filter(case_id=pk, signaltag_id=OuterRef("pk"))
        )
    ),
    _CASE_MARK,
)


def read_signal_tags(case: Case) -> list[SignalTag]:
    """Every signal (the field's choices, in its order), each with `on_case`, in one
    query; the case's own are kept as a prefetch would keep them (`case.signal_tags.all()`
    then reads no more: the form's initial value)."""
    rows = _SIGNAL_TAGS.objects(case.pk, using=router.db_for_read(SignalTag))
    queryset = case.signal_tags.get_queryset()
    queryset._result_cache = [row for row in rows if row.on_case]
    queryset._prefetch_done = True
    if not hasattr(case, "_prefetched_objects_cache"):
        case._prefetched_objects_cache = {}
    case._prefetched_objects_cache[Case._meta.get_field("signal_tags").name] = queryset
    return rows


_EVALUATION = CompiledQuery(
    lambda pk: Evaluation.objects.filter(case_id=pk, submitted_at__isnull=False).order_by("pk")[:1],
    _CASE_MARK,
)


def submitted_evaluation(case: Case) -> Evaluation | None:
    """The case's submitted evaluation, if the parent sent one (not asked of a case read
    by `case_for_page` that has none)."""
    if getattr(case, "has_submitted_evaluation", None) is False:
        return None
    found = _EVALUATION.objects(case.pk, using=router.db_for_read(Evaluation))
    if not found:
        return None
    found[0].case = case
    return found[0]


_PRAATPLATEN = CompiledQuery(
    lambda pk: (
        Praatplaat.objects.filter(case_id=pk)
        .select_related("followup__organisation")
        .order_by("kind", "pk")
    ),
    _CASE_MARK,
)


def praatplaten(case: Case) -> list[Praatplaat]:
    """The case's praatplaten, by kind, with the follow-up and organisation they were
    sent to (not asked of a case read by `case_for_page` that has none)."""
    if getattr(case, "has_praatplaten", None) is False:
        return []
    found = _PRAATPLATEN.objects(case.pk, using=router.db_for_read(Praatplaat))
    for praatplaat in found:
        praatplaat.case = case
    return found


_RELATED_FIELDS = ("pk", "reference", "status", "created_at", "parent_id", "theme_id")
_LINKED, _MERGED, _DUPLICATE = 1, 2, 3


def _branch(cases, kind: int, pk):
    return (
        cases.exclude(pk=pk)
        .only(*_RELATED_FIELDS, "merged_into_id")
        .annotate(relation=Value(kind, output_field=IntegerField()))
        .order_by()
    )


def _relations(parent: bool) -> CompiledQuery:
    def build(pk, parent_id=None, theme_id=None):
        through = Case.linked_cases.through
        cases = Case.objects.all()
        linked = cases.filter(pk__in=through.objects.filter(from_case_id=pk).values("to_case_id"))
        branches = [
            _branch(linked, _LINKED, pk),
            _branch(cases.filter(merged_into_id=pk), _MERGED, pk),
        ]
        if parent:
            same = cases.filter(
                parent_id=parent_id, theme_id=theme_id, status__in=sorted(workflow.OPEN)
            )
            branches.append(_branch(same, _DUPLICATE, pk))
        first, *others = branches
        return first.union(*others, all=True).order_by("created_at", "pk", "relation")

    marks = (_CASE_MARK, _PARENT_MARK, _THEME_MARK) if parent else (_CASE_MARK,)
    return CompiledQuery(build, *marks)


# A case without a parent (an anonymous question) has no possible duplicates.
_RELATIONS = {parent: _relations(parent) for parent in (False, True)}


def case_relations(case: Case) -> selectors.CaseRelations:
    """As `selectors.case_relations`, in one query: the parent's other open cases on the
    same theme (a possible duplicate), the cases linked to it and those merged into it.
    Each part its own branch of a UNION, so that each is an index scan."""
    parent = case.parent_id is not None
    values = [case.pk, case.parent_id, case.theme_id] if parent else [case.pk]
    rows = _RELATIONS[parent].objects(*values, using=router.db_for_read(Case))
    kinds: dict[int, set[int]] = {}
    unique: dict[int, Case] = {}
    for row in rows:
        kinds.setdefault(row.pk, set()).add(row.relation)
        unique.setdefault(row.pk, row)
    for pk, row in unique.items():
        row.is_linked = _LINKED in kinds[pk]
    ordered = list(unique.values())
    return selectors.CaseRelations(
        possible_duplicates=[row for row in ordered if _DUPLICATE in kinds[row.pk]],
        linked=[row for row in ordered if _LINKED in kinds[row.pk]],
        merged=[row for row in ordered if _MERGED in kinds[row.pk]],
    )
