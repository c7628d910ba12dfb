"""Primary and secondary suppression of the published signals (ADR 0015).

The figures of a publication are cells joined by relations "total = sum of parts": a
table's rows add up to its total, and a year-to-date figure is the sum of the quarters
(including quarters published earlier, whose cells can no longer change). A reader
who knows the visible cells of a relation knows the sum of its hidden ones. So:

1. Primary: a count of 1 to 4 is hidden (0 stays 0).
2. Another version: a figure that was published before for the same period (an earlier,
   withdrawn version) and now differs by 1 to 4 is hidden: the difference is a group.
3. Secondary, per relation, until nothing changes: a relation with exactly one hidden
   cell reveals it, and one whose hidden parts add up to 1 to 4 (its total visible)
   reveals a small group; then the smallest visible non-zero part that may still be
   hidden is hidden too (the total only when no part is left).
4. Audit: over all relations at once (exact fractions), a hidden cell that the visible
   cells determine (its unit vector lies in the span of the relations) gets one more
   cell of one of its relations hidden, and the steps 3-4 run again.

A hidden secondary cell is shown the same as a primary one ("x"), never as "<5": a
reader must not learn which hidden cells are small.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from steunpunt.stats import MIN_CELL

Key = Hashable


@dataclass
class Relation:
    """`total` is the sum of `parts`."""

    total: Key
    parts: list[Key]

    @property
    def cells(self) -> list[Key]:
        return [self.total, *self.parts]


@dataclass
class Problem:
    """`values` holds the counted value of every cell (new and fixed). `fixed` are the
    cells published before: visible (True) or hidden (False); they cannot change.
    `versions` pairs a new cell with the same figure as published in an earlier version
    (a fixed, visible cell)."""

    values: dict[Key, int]
    relations: list[Relation] = field(default_factory=list)
    fixed: dict[Key, bool] = field(default_factory=dict)
    versions: list[tuple[Key, Key]] = field(default_factory=list)


def is_small(count: int) -> bool:
    return 0 < count < MIN_CELL


def protect(problem: Problem) -> set[Key]:
    """The new cells to hide (the fixed ones are what they were)."""
    values, fixed = problem.values, problem.fixed
    new = [key for key in values if key not in fixed]
    hidden = {key for key in new if is_small(values[key])}
    for cell, earlier in problem.versions:
        if fixed.get(earlier) and is_small(abs(values[cell] - values[earlier])):
            hidden.add(cell)
    known_hidden = {key for key, visible in fixed.items() if not visible}
    while True:
        _secondary(problem, hidden, known_hidden)
        determined = _determined(problem, hidden | known_hidden)
        if not determined:
            return hidden
        added = False
        for cell in sorted(determined, key=repr):
            extra = _candidate_for(problem, cell, hidden | known_hidden)
            if extra is not None:
                hidden.add(extra)
                added = True
                break
        if not added:
            # Nothing may be hidden next to it: hide every new cell that touches it. What
            # stays determined then rests on figures published before alone.
            before = len(hidden)
            for relation in problem.relations:
                if determined & set(relation.cells):
                    hidden.update(c for c in relation.cells if c not in fixed)
            if len(hidden) == before:
                return hidden


def _unsafe(relation: Relation, values: dict, hidden: set) -> bool:
    cells = [c for c in relation.cells if c in hidden]
    if not cells:
        return False
    if len(cells) == 1:
        return True
    if relation.total in hidden:
        return False
    return is_small(sum(values[c] for c in cells))


def _pick(relation: Relation, problem: Problem, hidden: set) -> Key | None:
    """The smallest visible non-zero part that may be hidden; a zero part when only
    those are left; the total last."""
    open_parts = [c for c in relation.parts if c not in hidden and c not in problem.fixed]
    for candidates in (
        [c for c in open_parts if problem.values[c] > 0],
        open_parts,
    ):
        if candidates:
            return min(candidates, key=lambda c: (problem.values[c], relation.parts.index(c)))
    if relation.total not in hidden and relation.total not in problem.fixed:
        return relation.total
    return None


def _secondary(problem: Problem, hidden: set, known_hidden: set) -> None:
    changed = True
    while changed:
        changed = False
        for relation in problem.relations:
            everything = hidden | known_hidden
            while _unsafe(relation, problem.values, everything):
                extra = _pick(relation, problem, everything)
                if extra is None:
                    break
                hidden.add(extra)
                everything.add(extra)
                changed = True


def _candidate_for(problem: Problem, cell: Key, hidden: set) -> Key | None:
    for relation in problem.relations:
        if cell in relation.cells:
            extra = _pick(relation, problem, hidden)
            if extra is not None:
                return extra
    return None


def _determined(problem: Problem, hidden: set) -> set[Key]:
    """The hidden cells whose value follows from the visible ones through the relations
    (linear algebra over the rationals: a cell is determined when, in the reduced row
    echelon form of the relations over the hidden cells, a row holds it alone)."""
    unknowns = sorted({c for r in problem.relations for c in r.cells if c in hidden}, key=repr)
    if not unknowns:
        return set()
    index = {key: n for n, key in enumerate(unknowns)}
    rows = []
    for relation in problem.relations:
        row = [Fraction(0)] * len(unknowns)
        for cell, sign in _signed(relation):
            if cell in index:
                row[index[cell]] += sign
        if any(row):
            rows.append(row)
    return {unknowns[col] for col in _lonely_pivots(rows, len(unknowns))}


def _signed(relation: Relation) -> Iterable[tuple[Key, int]]:
    yield relation.total, 1
    for part in relation.parts:
        yield part, -1


def _lonely_pivots(rows: list[list[Fraction]], width: int) -> list[int]:
    """Columns that are alone in a row of the reduced row echelon form of `rows`."""
    pivot_row = 0
    for col in range(width):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [v / lead for v in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
        if pivot_row == len(rows):
            break
    lonely = []
    for row in rows[:pivot_row]:
        nonzero = [n for n, v in enumerate(row) if v != 0]
        if len(nonzero) == 1:
            lonely.append(nonzero[0])
    return lonely
