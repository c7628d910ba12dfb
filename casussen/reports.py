"""The signals report: what the steunpunt brings to the netwerkgroep and the regional
policy tables, per quarter. Counts per theme, kind, municipality, school type, channel
and signal tag; first response and resolution times against their norms; satisfaction
and the praatplaat scores.

Privacy: every number goes through `suppress`, in the page and in the CSV alike. A count
of 1 to 4 shows as "<5" (0 stays 0) and a median, mean or share computed from fewer than
5 cases shows as "<5", so no family can be recognised in a small municipality or theme.

What is counted:
- counts and first-response times: cases received in the quarter (a case merged as a
  duplicate is left out: it is the same question twice);
- resolution times and evaluations: cases resolved in the quarter;
- "within the norm" compares with the deadline kept on the case itself, which follows
  theme rules (DeadlineRule) and stands still while the case waits for the parent.

How it is computed (ADR 0009): on PostgreSQL the raw figures are kept per day
(`report_days`), a day changed since is counted again, today is counted live, and the
quarter is their sum, suppressed after summing. On SQLite, and as the reference the
kept figures are tested against, `compute_signals_report` counts the quarter from
scratch.

The CSV has one row per (section, label, value), UTF-8 with a BOM and `;` between the
fields: Excel set to Dutch opens that straight away (it reads `,` as the decimal sign).
"""

import functools
import hashlib
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import CharField, Count, F, IntegerField, Min, OuterRef, Q, Subquery
from django.db.models import Value as SQLValue
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from steunpunt import access_log, signal_sources
from steunpunt.models import Municipality, Organisation, Theme
from steunpunt.spreadsheets import csv_response
from steunpunt.stats import MIN_CELL, SUPPRESSED, Value, suppress  # noqa: F401 (re-exported)

from . import report_days
from .models import Case, DeadlineRule, Evaluation, SignalTag
from .praatplaat_report import perspectives_report
from .report_chart import bar
from .services import deadline_terms, rule_terms

PERMISSION = "casussen.view_signals_report"


# --- Quarters ----------------------------------------------------------------------------

QUARTER_PARAM = "kwartaal"
_QUARTER_PATTERN = re.compile(r"^(\d{4})-([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def current(cls) -> "Quarter":
        return cls.containing(timezone.localdate())

    @classmethod
    def parse(cls, value: str | None) -> "Quarter":
        """`2026-4` is the fourth quarter of 2026; anything else is the current one."""
        match = _QUARTER_PATTERN.match(value or "")
        if match and 2000 <= int(match[1]) <= 2999:
            return cls(int(match[1]), int(match[2]))
        return cls.current()

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.next.first_day.toordinal() - 1)

    @property
    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    @property
    def previous(self) -> "Quarter":
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def param(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return _("kwartaal %(number)s van %(year)s") % {"number": self.number, "year": self.year}

    def bounds(self) -> tuple[datetime, datetime]:
        """From midnight on the first day up to midnight after the last, in local time."""
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.first_day, time.min, tzinfo=tz)
        end = datetime.combine(self.next.first_day, time.min, tzinfo=tz)
        return start, end


# --- The report --------------------------------------------------------------------------

# A merged duplicate is the same question twice: it is not counted again.
COUNTED_RESOLUTIONS = report_days.COUNTED_RESOLUTIONS


@dataclass
class Section:
    """One dimension of the report: its rows are (label, value after suppression)."""

    key: str
    title: str
    rows: list[tuple[str, Value]]

    @property
    def bars(self) -> list[tuple[str, Value, SafeString]]:
        """The rows with a bar for each value, to scale with the largest."""
        largest = max((v for _label, v in self.rows if isinstance(v, int)), default=0)
        return [(label, value, bar(value, largest)) for label, value in self.rows]


@dataclass
class Timing:
    """Working days from receipt to first response (or resolution), for one kind."""

    kind: str
    count: Value
    median: Value
    norm: str
    within_norm: Value  # percentage


@dataclass
class Report:
    quarter: Quarter
    total: Value
    sections: list[Section]
    response_times: list[Timing]
    resolution_times: list[Timing]
    evaluations: Value
    satisfaction_mean: Value
    satisfaction: Section
    topics: list[tuple[str, Value, Value, Value]] = field(default_factory=list)

    def csv_rows(self):
        yield _("onderdeel"), _("omschrijving"), _("waarde")
        yield _("periode"), _("kwartaal"), self.quarter.code
        yield _("periode"), _("van"), self.quarter.first_day.isoformat()
        yield _("periode"), _("tot en met"), self.quarter.last_day.isoformat()
        yield _("totaal"), _("vragen en klachten"), self.total
        for section in self.sections:
            for label, value in section.rows:
                yield section.title, label, value
        for title, timings in (
            (_("eerste reactie"), self.response_times),
            (_("afronding"), self.resolution_times),
        ):
            for timing in timings:
                kind = {"kind": timing.kind}
                yield title, _("%(kind)s: aantal") % kind, timing.count
                yield title, _("%(kind)s: mediaan in werkdagen") % kind, timing.median
                yield title, _("%(kind)s: norm") % kind, timing.norm
                yield title, _("%(kind)s: binnen de termijn (%%)") % kind, timing.within_norm
        satisfaction = _("tevredenheid")
        yield satisfaction, _("aantal ingevuld"), self.evaluations
        yield satisfaction, _("gemiddelde (1 tot 5)"), self.satisfaction_mean
        for label, value in self.satisfaction.rows:
            yield satisfaction, label, value
        for label, agree, partly, disagree in self.topics:
            yield _("praatplaat"), f"{label}: {Evaluation.Answer.AGREE.label}", agree
            yield _("praatplaat"), f"{label}: {Evaluation.Answer.PARTLY.label}", partly
            yield _("praatplaat"), f"{label}: {Evaluation.Answer.DISAGREE.label}", disagree


def _counts(rows) -> dict:
    return dict(rows)


def _count_of(rows, group: str):
    """The number of `rows` (correlated to the outer row through `group`), 0 for none."""
    counted = rows.order_by().values(group).annotate(c=Count("pk")).values("c")
    return Coalesce(Subquery(counted), 0)


def signals_report(*, quarter: Quarter) -> Report:
    """The report of a quarter, always as counting it from scratch would give it. On
    PostgreSQL it is summed from the figures kept per day (`report_days`: a day changed
    since is counted again first) and today counted live; on SQLite it is counted from
    scratch (`compute_signals_report`)."""
    if not report_days.supported():
        return compute_signals_report(quarter=quarter)
    figures = report_days.quarter_figures(first=quarter.first_day, last=quarter.last_day)
    return report_from_figures(quarter=quarter, figures=figures)


def _grouped(figures: Counter, prefix: str) -> dict[str, int]:
    """The counts of `figures` under `prefix:`, by the rest of their key."""
    return {key[len(prefix) + 1 :]: n for key, n in figures.items() if key.startswith(f"{prefix}:")}


def _timings_from(figures: Counter, part: str, terms: dict, *, respond: bool) -> list[Timing]:
    result = []
    for kind in Case.Kind:
        grouped = _grouped(figures, f"{part}:{kind}")
        within = grouped.pop("within", 0)
        days = Counter({int(key): n for key, n in grouped.items()})
        n = days.total()
        result.append(
            Timing(
                kind=kind.label,
                count=suppress(n),
                median=suppress(n, statistics.median(sorted(days.elements())) if n else None),
                norm=_norm_label(terms[kind], respond=respond),
                within_norm=suppress(n, round(100 * within / n) if n else None),
            )
        )
    return result


@dataclass
class _Labels:
    themes: list[tuple[int, str, bool]]  # in the themes' order
    municipalities: list[tuple[int, str]]  # by name
    tags: list[tuple[int, str]]  # by name
    schools: dict[int, tuple[str, int | None]]  # organisation pk: (kind, municipality)
    terms: dict[str, dict]  # per kind of case: its default terms


@functools.cache
def _labels_sql() -> tuple[str, tuple]:
    """The one query of `_labels`, built and compiled once per process: it has no
    parameters that change, and building five annotated querysets and their union
    costs more than running it."""

    def rows(queryset, source: str, label: str, *numbers):
        """(source, pk, label, n1, n2, n3): the same columns for every table."""
        numbers = [*(F(n) if isinstance(n, str) else n for n in numbers), *[SQLValue(0)] * 3][:3]
        return (
            queryset.order_by()
            .annotate(
                source=SQLValue(source, output_field=CharField()),
                label=F(label),
                n1=numbers[0],
                n2=numbers[1],
                n3=numbers[2],
            )
            .values_list("source", "pk", "label", "n1", "n2", "n3")
        )

    active = Cast("is_active", IntegerField())
    union = (
        rows(Theme.objects.all(), "theme", "name", "position", active)
        .union(
            rows(Municipality.objects.all(), "municipality", "name"),
            rows(SignalTag.objects.all(), "tag", "name"),
            rows(Organisation.objects.all(), "school", "kind", "municipality_id"),
            rows(
                DeadlineRule.objects.filter(theme__isnull=True),
                "rule",
                "kind",
                "respond_working_days",
                "resolve_working_days",
                "resolve_weeks",
            ),
            all=True,
        )
        # Themes by position and name, municipalities and tags by name: their own order.
        .order_by("source", "n1", "label")
    )
    return union.query.get_compiler(union.db).as_sql()


def _labels() -> _Labels:
    """Everything the report shows next to its numbers, read now (so a renamed theme or
    a school in another municipality shows at once), in one query (PostgreSQL)."""
    sql, params = _labels_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        union = cursor.fetchall()
    labels = _Labels(themes=[], municipalities=[], tags=[], schools={}, terms={})
    rules = {}
    for source, pk, label, n1, n2, n3 in union:
        if source == "theme":
            labels.themes.append((pk, label, bool(n2)))
        elif source == "municipality":
            labels.municipalities.append((pk, label))
        elif source == "tag":
            labels.tags.append((pk, label))
        elif source == "school":
            labels.schools[pk] = (label, n1 or None)
        else:
            rules[label] = DeadlineRule(
                kind=label, respond_working_days=n1, resolve_working_days=n2, resolve_weeks=n3
            )
    labels.terms = {kind: rule_terms(kind=kind, rule=rules.get(kind)) for kind in Case.Kind}
    return labels


def report_from_figures(
    *, quarter: Quarter, figures: Counter, labels: "_Labels | None" = None
) -> Report:
    """The report from a quarter's summed raw figures (`report_days.count_days`): the
    labels looked up now (or just before, `labels`), every number suppressed after
    summing."""
    by_kind = _grouped(figures, "kind")
    by_channel = _grouped(figures, "channel")
    by_theme = _grouped(figures, "theme")
    by_school = _grouped(figures, "school")
    by_tag = _grouped(figures, "tag")
    total = sum(by_kind.values())
    labels = labels or _labels()
    themes = [
        (name, by_theme.get(str(pk), 0))
        for pk, name, active in labels.themes
        if active or by_theme.get(str(pk), 0)
    ]
    by_municipality: Counter = Counter()
    by_school_kind: Counter = Counter()
    for pk, (kind, municipality) in labels.schools.items():
        by_municipality[municipality] += by_school.get(str(pk), 0)
        by_school_kind[kind] += by_school.get(str(pk), 0)
    municipalities = [(name, by_municipality[pk]) for pk, name in labels.municipalities]
    tags = [(name, by_tag.get(str(pk), 0)) for pk, name in labels.tags]
    sections = _count_sections(
        themes=themes,
        by_kind=by_kind,
        municipalities=municipalities,
        total=total,
        by_school_kind=by_school_kind,
        by_channel=by_channel,
        tags=tags,
    )
    terms = labels.terms
    scores = Counter({int(score): n for score, n in _grouped(figures, "score").items()})
    evaluations = scores.total()
    answers = _grouped(figures, "topic")
    answer = Evaluation.Answer
    return Report(
        quarter=quarter,
        total=suppress(total),
        sections=sections,
        response_times=_timings_from(figures, "respond", terms, respond=True),
        resolution_times=_timings_from(figures, "resolve", terms, respond=False),
        evaluations=suppress(evaluations),
        satisfaction_mean=suppress(
            evaluations,
            round(statistics.fmean(scores.elements()), 1) if evaluations else None,
        ),
        satisfaction=Section(
            "tevredenheid",
            _("Tevredenheid (1 is heel ontevreden, 5 is heel tevreden)"),
            [(str(score), suppress(scores[score])) for score in range(1, 6)],
        ),
        topics=[
            (
                str(label),
                suppress(answers.get(f"{key}:{answer.AGREE}", 0)),
                suppress(answers.get(f"{key}:{answer.PARTLY}", 0)),
                suppress(answers.get(f"{key}:{answer.DISAGREE}", 0)),
            )
            for key, label in Evaluation.TOPICS
        ],
    )


def compute_signals_report(*, quarter: Quarter) -> Report:
    """The whole report counted from scratch, in a fixed number of queries however many
    cases there are: the SQLite path, and what the figures kept per day must equal."""
    start, end = quarter.bounds()

    def received(prefix: str = "") -> Q:
        return Q(
            **{
                f"{prefix}created_at__gte": start,
                f"{prefix}created_at__lt": end,
                f"{prefix}resolution__in": COUNTED_RESOLUTIONS,
            }
        )

    cases = Case.objects.filter(received()).order_by()

    by_kind = _counts(cases.values_list("kind").annotate(n=Count("pk")))
    by_channel = _counts(cases.values_list("channel").annotate(n=Count("pk")))
    by_school_kind = _counts(cases.values_list("school__kind").annotate(n=Count("pk")))
    total = sum(by_kind.values())
    # Each count over the quarter's cases only (through the index on created_at), not by
    # joining every case to every theme, municipality and tag.
    themes = (
        Theme.objects.annotate(n=_count_of(cases.filter(theme_id=OuterRef("pk")), "theme_id"))
        .filter(Q(is_active=True) | Q(n__gt=0))
        .values_list("name", "n")
    )
    municipalities = list(
        Municipality.objects.annotate(
            n=_count_of(
                cases.filter(school__municipality_id=OuterRef("pk")), "school__municipality_id"
            )
        ).values_list("name", "n")
    )
    tagged = Case.signal_tags.through.objects.filter(
        signaltag_id=OuterRef("pk"), case__in=cases.values("pk")
    )
    tags = SignalTag.objects.annotate(n=_count_of(tagged, "signaltag_id")).values_list("name", "n")
    sections = _count_sections(
        themes=themes,
        by_kind=by_kind,
        municipalities=municipalities,
        total=total,
        by_school_kind=by_school_kind,
        by_channel=by_channel,
        tags=tags,
    )

    tz = timezone.get_current_timezone()
    responded = cases.filter(responded_at__isnull=False).values_list(
        "kind",
        TruncDate("created_at", tzinfo=tz),
        TruncDate("responded_at", tzinfo=tz),
        "respond_by",
    )
    resolved = (
        Case.objects.filter(resolved_at__gte=start, resolved_at__lt=end)
        .order_by()
        .values_list(
            "kind",
            TruncDate("created_at", tzinfo=tz),
            TruncDate("resolved_at", tzinfo=tz),
            "resolve_by",
        )
    )
    terms = {kind: deadline_terms(kind=kind, theme=None) for kind in Case.Kind}

    evaluations = list(
        Evaluation.objects.filter(
            submitted_at__isnull=False,
            satisfaction__isnull=False,
            case__resolved_at__gte=start,
            case__resolved_at__lt=end,
        ).values_list("satisfaction", "topics")
    )
    scores = Counter(satisfaction for satisfaction, _topics in evaluations)
    topic_answers = Counter(
        (key, answer) for _satisfaction, topics in evaluations for key, answer in topics.items()
    )
    answer = Evaluation.Answer
    return Report(
        quarter=quarter,
        total=suppress(total),
        sections=sections,
        response_times=_timings(responded, terms, respond=True),
        resolution_times=_timings(resolved, terms, respond=False),
        evaluations=suppress(len(evaluations)),
        satisfaction_mean=suppress(
            len(evaluations),
            round(statistics.fmean(scores.elements()), 1) if evaluations else None,
        ),
        satisfaction=Section(
            "tevredenheid",
            _("Tevredenheid (1 is heel ontevreden, 5 is heel tevreden)"),
            [(str(score), suppress(scores[score])) for score in range(1, 6)],
        ),
        topics=[
            (
                str(label),
                suppress(topic_answers[key, answer.AGREE]),
                suppress(topic_answers[key, answer.PARTLY]),
                suppress(topic_answers[key, answer.DISAGREE]),
            )
            for key, label in Evaluation.TOPICS
        ],
    )


def _norm_label(terms: dict, *, respond: bool) -> str:
    if respond:
        days = terms["respond_working_days"]
    elif terms.get("resolve_weeks"):
        weeks = terms["resolve_weeks"]
        return ngettext("%(n)s week", "%(n)s weken", weeks) % {"n": weeks}
    else:
        days = terms["resolve_working_days"]
    return ngettext("%(n)s werkdag", "%(n)s werkdagen", days) % {"n": days}


def _timings(rows, terms: dict, *, respond: bool) -> list[Timing]:
    """Per kind: the median working days from receipt to `moment`, and the share that
    made the deadline kept on the case."""
    days: dict[str, list[int]] = {kind: [] for kind in Case.Kind}
    within: Counter = Counter()
    # (kind, received on, done on, deadline), the dates local (moments are made so).
    rows = [
        (kind, report_days.local(start), report_days.local(done), deadline)
        for kind, start, done, deadline in rows
    ]
    # Working days between two dates as the difference of a running count, made once
    # for the days the rows span, instead of counted day by day for every case.
    counted = report_days.working_days_up_to(
        min((row[1] for row in rows), default=None), max((row[2] for row in rows), default=None)
    )
    for kind, received_on, done_on, deadline in rows:
        days[kind].append(max(counted[done_on] - counted[received_on], 0))
        within[kind] += done_on <= deadline
    result = []
    for kind in Case.Kind:
        n = len(days[kind])
        result.append(
            Timing(
                kind=kind.label,
                count=suppress(n),
                median=suppress(n, statistics.median(days[kind]) if n else None),
                norm=_norm_label(terms[kind], respond=respond),
                within_norm=suppress(n, round(100 * within[kind] / n) if n else None),
            )
        )
    return result


# --- Views (wired in CaseAdmin.get_urls, behind admin_site.admin_view) --------------------


def _check_permission(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _quarter_choices(selected: Quarter) -> list[Quarter]:
    """From now back to the quarter of the first case, newest first, and the one asked
    for when it lies outside that."""
    current = Quarter.current()
    first = Case.objects.aggregate(first=Min("created_at"))["first"]
    oldest = min(Quarter.containing(timezone.localdate(first)), current) if first else current
    choices = [current]
    while choices[-1] > oldest:
        choices.append(choices[-1].previous)
    if selected not in choices:
        choices = sorted([*choices, selected], reverse=True)
    return choices


REPORT_OBJECT = "casussen.signals_report"


def _report_for_page(quarter: Quarter) -> tuple[Report, str]:
    """The report, and a key of everything its tables show. The page renders the tables
    once per key (`template_fragments`): the same figures, labels and language give the
    same HTML, and any change of a figure or label is a new key. On PostgreSQL the
    report itself is only built when the key is new."""
    if not report_days.supported():
        report = compute_signals_report(quarter=quarter)
        return report, _digest((quarter.code, get_language(), repr(report)))
    figures = report_days.quarter_figures(first=quarter.first_day, last=quarter.last_day)
    labels = _labels()
    key = _digest((quarter.code, get_language(), sorted(figures.items()), repr(labels)))
    report = SimpleLazyObject(
        lambda: report_from_figures(quarter=quarter, figures=figures, labels=labels)
    )
    return report, key


def _digest(parts: tuple) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def signals_report_view(request: HttpRequest) -> HttpResponse:
    _check_permission(request)
    quarter = Quarter.parse(request.GET.get(QUARTER_PARAM))
    access_log.record_read(request=request, object_type=REPORT_OBJECT, object_id=quarter.code)
    report, report_key = _report_for_page(quarter)
    url = reverse("admin:casussen_signals_report")
    context = {
        **admin.site.each_context(request),
        "title": _("Signalenrapport"),
        "subtitle": quarter.label,
        "opts": Case._meta,
        "report": report,
        "report_key": report_key,
        "quarter": quarter,
        "quarters": _quarter_choices(quarter),
        "quarter_param": QUARTER_PARAM,
        "previous_url": f"{url}?{QUARTER_PARAM}={quarter.previous.param}",
        "next_url": (
            f"{url}?{QUARTER_PARAM}={quarter.next.param}"
            if quarter.next <= Quarter.current()
            else None
        ),
        "csv_url": (
            f"{reverse('admin:casussen_signals_report_csv')}?{QUARTER_PARAM}={quarter.param}"
        ),
        "min_cell": MIN_CELL,
        # What other apps add (e.g. what experienced parents brought to policy tables).
        "contributions": signal_sources.contributions(
            start=quarter.first_day, end=quarter.next.first_day
        ),
        # Both sides of the praatplaat (an addition, counted live in one query).
        "perspectives": perspectives_report(quarter=quarter),
    }
    return TemplateResponse(request, "admin/casussen/signals_report.html", context)


def signals_report_csv(request: HttpRequest) -> HttpResponse:
    _check_permission(request)
    quarter = Quarter.parse(request.GET.get(QUARTER_PARAM))
    report = signals_report(quarter=quarter)
    access_log.record_read(
        request=request,
        action=access_log.Action.EXPORT,
        object_type=REPORT_OBJECT,
        object_id=quarter.code,
    )
    perspectives = perspectives_report(quarter=quarter)
    return csv_response(
        filename=f"signalen-{quarter.code}.csv",
        rows=itertools.chain(report.csv_rows(), perspectives.csv_rows()),
    )


def _count_sections(
    *, themes, by_kind, municipalities, total, by_school_kind, by_channel, tags
) -> list["Section"]:
    """The report's tables of counts, each cell suppressed below 5: one place for both
    ways of counting (kept days on PostgreSQL, from scratch elsewhere)."""
    unknown = _("onbekend")
    school_kinds = [k for k in Organisation.Kind if k in Organisation.SCHOOL_KINDS]
    municipalities = list(municipalities)
    return [
        Section("thema", _("Per thema"), [(name, suppress(n)) for name, n in themes]),
        Section(
            "soort",
            _("Vraag of klacht"),
            [(kind.label, suppress(by_kind.get(kind, 0))) for kind in Case.Kind],
        ),
        Section(
            "gemeente",
            _("Per gemeente (van de school)"),
            [
                *((name, suppress(n)) for name, n in municipalities),
                (unknown, suppress(total - sum(n for _name, n in municipalities))),
            ],
        ),
        Section(
            "schoolsoort",
            _("Per soort school"),
            [
                *((kind.label, suppress(by_school_kind.get(kind, 0))) for kind in school_kinds),
                (unknown, suppress(total - sum(by_school_kind.get(k, 0) for k in school_kinds))),
            ],
        ),
        Section(
            "kanaal",
            _("Binnengekomen via"),
            [(channel.label, suppress(by_channel.get(channel, 0))) for channel in Case.Channel],
        ),
        Section("signalen", _("Signalen"), [(name, suppress(n)) for name, n in tags]),
    ]
