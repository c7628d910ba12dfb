"""The suppression of published signals on constructed cases (ADR 0015): no hidden
cell can be worked out from the visible cells, the totals or earlier quarters."""

from itertools import product

from signalen.charts import praatplaat_bar, table_bars
from signalen.suppression import Problem, Relation, protect
from steunpunt.stats import suppress, unsuppressed


def _table(rows: dict[str, int], total="T") -> Problem:
    values = {total: sum(rows.values()), **rows}
    return Problem(values=values, relations=[Relation(total, list(rows))])


def _solutions(problem: Problem, hidden: set, limit: int = 30) -> list[dict]:
    """Every assignment of the hidden cells (0..limit) that agrees with the visible
    cells and the relations: what a reader could still believe."""
    cells = sorted(hidden, key=repr)
    known = {k: v for k, v in problem.values.items() if k not in hidden}
    found = []
    for guess in product(range(limit + 1), repeat=len(cells)):
        values = {**known, **dict(zip(cells, guess, strict=True))}
        if all(values[r.total] == sum(values[p] for p in r.parts) for r in problem.relations):
            found.append(dict(zip(cells, guess, strict=True)))
    return found


def _undetermined(problem: Problem, hidden: set) -> bool:
    """Each hidden cell takes more than one value among the possible solutions."""
    solutions = _solutions(problem, hidden)
    return all(len({s[cell] for s in solutions}) > 1 for cell in hidden)


def test_one_cell_of_7_in_a_total_of_8_hides_the_7_too():
    problem = _table({"a": 7, "b": 1})

    hidden = protect(problem)

    assert "b" in hidden
    assert "a" in hidden or "T" in hidden
    assert _undetermined(problem, hidden)


def test_a_row_without_small_cells_is_shown_whole():
    problem = _table({"a": 7, "b": 9, "c": 0})

    assert protect(problem) == set()


def test_the_next_smallest_cell_is_hidden_not_the_largest():
    problem = _table({"a": 40, "b": 2, "c": 6, "d": 12})

    assert protect(problem) == {"b", "c"}


def test_two_small_cells_that_add_up_to_a_small_group_get_a_third():
    # 1 + 2 = 3 hidden with the total visible would say "3 families in b and c".
    problem = _table({"a": 40, "b": 1, "c": 2, "d": 12})

    hidden = protect(problem)

    assert {"b", "c", "d"} <= hidden
    assert "a" not in hidden


def test_a_zero_is_not_taken_to_protect_a_small_cell():
    problem = _table({"a": 20, "b": 3, "c": 0})

    assert protect(problem) == {"b", "a"}


def test_a_2x2_table_with_one_small_cell_hides_a_rectangle():
    # rows r1, r2; columns c1, c2; with row totals, column totals and the grand total.
    cells = {("r1", "c1"): 2, ("r1", "c2"): 9, ("r2", "c1"): 8, ("r2", "c2"): 11}
    values = dict(cells)
    for row in ("r1", "r2"):
        values[(row, "all")] = sum(v for (r, _c), v in cells.items() if r == row)
    for col in ("c1", "c2"):
        values[("all", col)] = sum(v for (_r, c), v in cells.items() if c == col)
    values[("all", "all")] = sum(cells.values())
    relations = [Relation((r, "all"), [(r, "c1"), (r, "c2")]) for r in ("r1", "r2", "all")] + [
        Relation(("all", c), [("r1", c), ("r2", c)]) for c in ("c1", "c2", "all")
    ]
    problem = Problem(values=values, relations=relations)

    hidden = protect(problem)

    assert set(cells) <= hidden  # the four inner cells: every row and column has two
    assert ("all", "all") not in hidden
    assert _undetermined(problem, hidden)


def test_a_year_figure_minus_the_earlier_quarters_does_not_give_a_hidden_cell():
    # Q1 was published before with its small cell hidden; Q2 and the year so far now.
    values = {"q1": 3, "q2": 10, "year": 13}
    problem = Problem(
        values=values,
        relations=[Relation("year", ["q1", "q2"])],
        fixed={"q1": False},
    )

    hidden = protect(problem)

    assert hidden & {"q2", "year"}
    assert _undetermined(problem, hidden | {"q1"})


def test_a_small_quarter_is_not_given_by_the_year_minus_earlier_visible_quarters():
    values = {"q1": 12, "q2": 2, "year": 14}
    problem = Problem(values=values, relations=[Relation("year", ["q1", "q2"])], fixed={"q1": True})

    assert protect(problem) == {"q2", "year"}


def test_a_new_version_that_differs_by_a_small_number_is_hidden():
    # Published 20 before (withdrawn since); now 22: the 2 would show what changed.
    problem = Problem(
        values={"old": 20, "new": 22, "other": 30, "T": 52},
        relations=[Relation("T", ["new", "other"])],
        fixed={"old": True},
        versions=[("new", "old")],
    )

    hidden = protect(problem)

    assert "new" in hidden
    assert "other" in hidden or "T" in hidden


def test_the_audit_catches_what_single_relations_do_not():
    # Two tables share their parts: a + b = T1 and b + c = T2 and a + c = T3, with a
    # small. Hiding a and the next smallest in each relation leaves every relation with
    # two hidden cells, but the three together could still be solved.
    values = {"a": 1, "b": 9, "c": 7, "T1": 10, "T2": 16, "T3": 8}
    problem = Problem(
        values=values,
        relations=[
            Relation("T1", ["a", "b"]),
            Relation("T2", ["b", "c"]),
            Relation("T3", ["a", "c"]),
        ],
    )

    hidden = protect(problem)

    assert "a" in hidden
    assert _undetermined(problem, hidden)


def test_cells_published_before_are_never_changed():
    problem = Problem(
        values={"q1": 2, "q2": 9, "year": 11},
        relations=[Relation("year", ["q1", "q2"])],
        fixed={"q1": False},
    )

    hidden = protect(problem)

    assert "q1" not in hidden  # fixed cells are not ours to hide (they already are)
    assert hidden


def test_unsuppressed_gives_the_counts_only_inside_and_the_report_stays_suppressed():
    assert suppress(3) == "<5"
    with unsuppressed():
        assert suppress(3) == 3
        assert suppress(2, 4.5) == 4.5
        assert suppress(0, None) is None
    assert suppress(3) == "<5"
    assert suppress(2, 4.5) == "<5"


def test_the_praatplaat_picture_draws_only_rows_with_every_number_shown():
    shown = praatplaat_bar({"agree": 6, "partly": 5, "disagree": 9})
    hidden = praatplaat_bar({"agree": None, "partly": 5, "disagree": 9})

    assert shown.count("<rect") == 3
    assert hidden is None


def test_a_hidden_number_draws_no_bar():
    bars = table_bars([{"quarter": 12}, {"quarter": None}], "quarter")

    assert "<rect" in bars[0]
    assert "<rect" not in bars[1]
