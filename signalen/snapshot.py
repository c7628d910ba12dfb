"""The frozen figures of a publication: the signals report of its quarter, counted once,
suppressed against itself and against what was published before (ADR 0015).

The report is read as counted (`steunpunt.stats.unsuppressed`) and from scratch
(`compute_signals_report`, the reference count), so nothing kept for the admin page
is involved. The counts stay in `Publication.counted` and are never shown; what is
published is `Publication.figures`, where a hidden number is None."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from casussen.reports import Quarter, compute_signals_report
from steunpunt.stats import MIN_CELL, unsuppressed

from .models import Publication
from .suppression import Problem, Relation, is_small, protect

# Count tables whose rows add up to the total of the quarter (every case is counted in
# exactly one row). The signal tags do not: a case can have none or several.
ADDITIVE = frozenset({"thema", "soort", "gemeente", "schoolsoort", "kanaal"})
TIMINGS = {"reactie": "response_times", "afronding": "resolution_times"}
SATISFACTION = "tevredenheid"
PRAATPLAAT = "praatplaat"
TOTAL = "totaal"
QUARTER, YEAR_TO_DATE = "quarter", "year_to_date"
TOPIC_COLUMNS = ("answers", "agree", "partly", "disagree")


def section_choices() -> list[tuple[str, str]]:
    """What a coordinator can put in a publication: the report's sections."""
    return [
        ("thema", _("Per thema")),
        ("soort", _("Vraag of klacht")),
        ("gemeente", _("Per gemeente (van de school)")),
        ("schoolsoort", _("Per soort school")),
        ("kanaal", _("Binnengekomen via")),
        ("signalen", _("Signalen")),
        ("reactie", _("Eerste reactie")),
        ("afronding", _("Afronding")),
        (SATISFACTION, _("Tevredenheid")),
        (PRAATPLAAT, _("Samenwerking (praatplaat)")),
    ]


def count_quarter(quarter: Quarter) -> dict:
    """The report of `quarter` as counted, as plain JSON."""
    with unsuppressed():
        report = compute_signals_report(quarter=quarter)
    tables = {}
    for section in report.sections:
        rows = [[str(label), int(value)] for label, value in section.rows]
        if section.key in ADDITIVE:
            rest = report.total - sum(n for _label, n in rows)
            if rest > 0:  # cases in no row: a row of its own, or the total gives it away
                rows.append([_("overig"), rest])
        tables[section.key] = {"title": str(section.title), "rows": rows}
    timings = {
        key: [
            [str(t.kind), t.count, t.median, str(t.norm), t.within_norm]
            for t in getattr(report, attribute)
        ]
        for key, attribute in TIMINGS.items()
    }
    topics = []
    for label, *answers in report.topics:
        agree, partly, disagree = (int(n) for n in answers[:3])
        topics.append([str(label), agree + partly + disagree, agree, partly, disagree])
    return {
        "total": int(report.total),
        "tables": tables,
        "timings": timings,
        "evaluations": int(report.evaluations),
        "mean": report.satisfaction_mean,
        "satisfaction_title": str(report.satisfaction.title),
        "scores": [[str(label), int(n)] for label, n in report.satisfaction.rows],
        "topics": topics,
    }


@dataclass
class _Earlier:
    """A publication published before, whose figures the public knows."""

    publication: Publication
    prefix: str

    def shown(self, column: str, table: str, label: str) -> bool:
        figures = self.publication.figures
        if table == TOTAL:
            return figures.get("total", {}).get(column) is not None
        for shown in figures.get("tables", []):
            if shown["key"] == table:
                for row in shown["rows"]:
                    if row["label"] == label:
                        return row.get(column) is not None
        return False


def _rows(counted: dict) -> dict[str, dict[str, int]]:
    """Per count table (the total too) its counts by label."""
    rows = {key: dict(map(tuple, table["rows"])) for key, table in counted["tables"].items()}
    rows[TOTAL] = {"": counted["total"]}
    return rows


def _count_cells(problem: Problem, prefix: str, rows: dict, *, fixed: _Earlier | None) -> None:
    """The cells of one column of count tables, with the relations of its tables."""
    column = prefix.rsplit(":", 1)[-1]
    for table, counts in rows.items():
        for label, n in counts.items():
            key = (prefix, table, label)
            problem.values[key] = n
            if fixed is not None:
                problem.fixed[key] = fixed.shown(column, table, label)
        if table in ADDITIVE:
            problem.relations.append(
                Relation((prefix, TOTAL, ""), [(prefix, table, label) for label in counts])
            )


def _earlier_of_year(year: int, quarter: int) -> list[Publication] | None:
    """The published publications of the year's earlier quarters, one per quarter;
    None when a quarter has none (then there is no year-to-date column)."""
    found = {
        p.quarter: p
        for p in Publication.objects.filter(
            year=year, quarter__lt=quarter, status=Publication.Status.PUBLISHED
        )
    }
    if len(found) != quarter - 1:
        return None
    return [found[n] for n in range(1, quarter)]


def build(
    *,
    year: int,
    quarter: int,
    sections: list[str],
    exclude_pk: int | None = None,
    counted: dict | None = None,
):
    """(figures, counted) of a publication of the quarter, with the chosen sections:
    the quarter counted now, or the `counted` given (a concept's own counts)."""
    if counted is None:
        counted = count_quarter(Quarter(year, quarter))
    rows = _rows(counted)
    problem = Problem(values={})
    _count_cells(problem, QUARTER, rows, fixed=None)

    earlier = _earlier_of_year(year, quarter) if quarter > 1 else None
    with_year = earlier is not None
    if with_year:
        year_rows = {table: dict(counts) for table, counts in rows.items()}
        for publication in earlier:
            for table, counts in _rows(publication.counted).items():
                for label, n in counts.items():
                    year_rows.setdefault(table, {}).setdefault(label, 0)
                    year_rows[table][label] += n
        for table, counts in year_rows.items():
            for label in counts:
                rows.setdefault(table, {}).setdefault(label, 0)
                problem.values.setdefault((QUARTER, table, label), 0)
        _count_cells(problem, YEAR_TO_DATE, year_rows, fixed=None)
        previous = None
        for publication in earlier:
            info = _Earlier(publication, f"p{publication.pk}")
            earlier_rows = _rows(publication.counted)
            for table, counts in year_rows.items():
                for label in counts:
                    earlier_rows.setdefault(table, {}).setdefault(label, 0)
            _count_cells(problem, f"{info.prefix}:{QUARTER}", earlier_rows, fixed=info)
            if publication.figures.get("year_to_date"):
                year_before = _sum_rows(
                    [_rows(p.counted) for p in earlier if p.quarter <= publication.quarter],
                    like=year_rows,
                )
                _count_cells(problem, f"{info.prefix}:{YEAR_TO_DATE}", year_before, fixed=info)
                previous = info
            else:
                previous = None
        for table, counts in year_rows.items():
            for label in counts:
                parts = [(f"p{p.pk}:{QUARTER}", table, label) for p in earlier]
                problem.relations.append(
                    Relation((YEAR_TO_DATE, table, label), [*parts, (QUARTER, table, label)])
                )
                if previous is not None and previous.publication.quarter == quarter - 1:
                    problem.relations.append(
                        Relation(
                            (YEAR_TO_DATE, table, label),
                            [
                                (f"{previous.prefix}:{YEAR_TO_DATE}", table, label),
                                (QUARTER, table, label),
                            ],
                        )
                    )

    # Versions of this quarter published before (and withdrawn since): the public knows
    # them, so a figure that changed by a small number would show that change.
    for version in Publication.objects.filter(
        year=year, quarter=quarter, published_at__isnull=False
    ).exclude(pk=exclude_pk):
        info = _Earlier(version, f"v{version.pk}")
        for column in (QUARTER, YEAR_TO_DATE):
            if column == YEAR_TO_DATE and not (with_year and version.figures.get("year_to_date")):
                continue
            for table, counts in _rows(version.counted).items():
                for label, n in counts.items():
                    new = (column, table, label)
                    if new not in problem.values:
                        continue
                    old = (f"{info.prefix}:{column}", table, label)
                    problem.values[old] = n
                    problem.fixed[old] = info.shown(column, table, label)
                    problem.versions.append((new, old))
            # A withdrawn version's year-to-date is not linked to this year's sums.

    # Satisfaction: the scores add up to the evaluations.
    score_keys = [("S", "score", label) for label, _n in counted["scores"]]
    for key, (_label, n) in zip(score_keys, counted["scores"], strict=True):
        problem.values[key] = n
    problem.values[("S", "evaluations", "")] = counted["evaluations"]
    problem.relations.append(Relation(("S", "evaluations", ""), score_keys))
    # Praatplaat: per topic, its answers add up.
    for label, *counts in counted["topics"]:
        for column, n in zip(TOPIC_COLUMNS, counts, strict=True):
            problem.values[("P", label, column)] = n
        problem.relations.append(
            Relation(("P", label, "answers"), [("P", label, c) for c in TOPIC_COLUMNS[1:]])
        )
    # Timings: the number of cases per kind stands alone.
    for key, timings in counted["timings"].items():
        for kind, count, *_rest in timings:
            problem.values[("T", key, kind)] = count

    hidden = protect(problem)
    figures = _figures(
        counted=counted,
        rows=rows,
        year_rows=year_rows if with_year else None,
        hidden=hidden,
        sections=sections,
        quarter=Quarter(year, quarter),
    )
    return figures, counted


def _sum_rows(many: list[dict], *, like: dict) -> dict:
    total = {table: dict.fromkeys(counts, 0) for table, counts in like.items()}
    for rows in many:
        for table, counts in rows.items():
            for label, n in counts.items():
                total.setdefault(table, {}).setdefault(label, 0)
                total[table][label] += n
    return total


def _figures(*, counted, rows, year_rows, hidden, sections, quarter: Quarter) -> dict:
    def value(key):
        return None if key in hidden else rows_value(key)

    def rows_value(key):
        column, table, label = key
        source = year_rows if column == YEAR_TO_DATE else rows
        return source[table][label]

    def column_values(table: str, label: str) -> dict:
        shown = {QUARTER: value((QUARTER, table, label))}
        if year_rows is not None:
            shown[YEAR_TO_DATE] = value((YEAR_TO_DATE, table, label))
        return shown

    figures = {
        "quarter": quarter.code,
        "first_day": quarter.first_day.isoformat(),
        "last_day": quarter.last_day.isoformat(),
        "year_to_date": year_rows is not None,
        "total": column_values(TOTAL, ""),
        "tables": [],
        "timings": [],
        "satisfaction": None,
        "praatplaat": None,
    }
    for key, title in section_choices():
        if key not in sections:
            continue
        if key in counted["tables"]:
            table = counted["tables"][key]
            labels = list(rows[key])
            figures["tables"].append(
                {
                    "key": key,
                    "title": table["title"],
                    "rows": [{"label": label, **column_values(key, label)} for label in labels],
                }
            )
        elif key in TIMINGS:
            figures["timings"].append(
                {
                    "key": key,
                    "title": str(title),
                    "rows": [_timing(key, row, hidden) for row in counted["timings"].get(key, [])],
                }
            )
        elif key == SATISFACTION:
            scores = [("S", "score", label) for label, _n in counted["scores"]]
            any_hidden = any(k in hidden for k in scores)
            evaluations = counted["evaluations"]
            figures["satisfaction"] = {
                "title": counted["satisfaction_title"],
                "evaluations": None if ("S", "evaluations", "") in hidden else evaluations,
                # The mean with the visible scores would give the hidden ones away.
                "mean": None if any_hidden or evaluations < MIN_CELL else counted["mean"],
                "rows": [
                    {"label": label, "count": None if k in hidden else n}
                    for k, (label, n) in zip(scores, counted["scores"], strict=True)
                ],
            }
        elif key == PRAATPLAAT:
            figures["praatplaat"] = {
                "rows": [
                    {
                        "topic": label,
                        **{
                            column: None if ("P", label, column) in hidden else n
                            for column, n in zip(TOPIC_COLUMNS, counts, strict=True)
                        },
                    }
                    for label, *counts in counted["topics"]
                ]
            }
    return figures


def _timing(key: str, row: list, hidden: set) -> dict:
    kind, count, median, norm, within = row
    shown_count = None if ("T", key, kind) in hidden else count
    # The share within the norm gives both groups (in time, late) away: only when
    # neither is a small group.
    within_shown = None
    if count >= MIN_CELL and within is not None:
        in_time = round(within * count / 100)
        if not is_small(in_time) and not is_small(count - in_time):
            within_shown = within
    return {
        "kind": kind,
        "count": shown_count,
        "median": median if count >= MIN_CELL else None,
        "norm": norm,
        "within_norm": within_shown,
    }
