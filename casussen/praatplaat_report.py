"""The praatplaat from both sides in the signals report: per topic and per type of
organisation, how parents and professionals see the collaboration, and where they
differ most. An addition to the report (`reports.signals_report_view` and its CSV),
counted live in one query.

What is counted: the praatplaten after a case (one per answered follow-up) of cases
resolved in the quarter, like the evaluations. The parents' side is the evaluation of
those cases, each case once per type of organisation; the professionals' side is what
the partner filled in. A conversation praatplaat is left out: it is a tool for one
conversation, filled in before it, not a measure of how the help went.

The figure per topic is the share answering "eens" among those who answered the topic.
Every number goes through the report's `suppress`: a count of 1 to 4 shows as "<5", a
share of fewer than 5 answers as "<5", and a difference only when both shares rest on 5
answers or more."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from steunpunt.models import Organisation
from steunpunt.stats import MIN_CELL, SUPPRESSED, Value, suppress

from .models import Praatplaat

AGREE = Praatplaat.Answer.AGREE
# The topics with the largest difference shown per type of organisation.
LARGEST = 3


@dataclass
class TopicView:
    topic: str
    parents_n: Value
    parents_agree: Value  # percentage answering "eens"
    professionals_n: Value
    professionals_agree: Value
    difference: Value  # professionals minus parents, in percentage points
    gap: int | None = None  # the size of the difference, to rank by (never shown)


@dataclass
class GroupView:
    """One type of organisation (or all of them)."""

    label: str
    parents: Value
    professionals: Value
    topics: list[TopicView] = field(default_factory=list)

    @property
    def largest(self) -> list[TopicView]:
        ranked = [t for t in self.topics if t.gap]
        return sorted(ranked, key=lambda t: -t.gap)[:LARGEST]


@dataclass
class Perspectives:
    groups: list[GroupView]

    def csv_rows(self):
        section = _("praatplaat ouder en professional")
        for group in self.groups:
            yield section, _("%(group)s: ouders") % {"group": group.label}, group.parents
            yield (
                section,
                _("%(group)s: professionals") % {"group": group.label},
                group.professionals,
            )
            for topic in group.topics:
                names = {"group": group.label, "topic": topic.topic}
                yield (
                    section,
                    _("%(group)s: %(topic)s: ouders eens (%%)") % names,
                    (topic.parents_agree),
                )
                yield (
                    section,
                    _("%(group)s: %(topic)s: professionals eens (%%)") % names,
                    (topic.professionals_agree),
                )
                yield (
                    section,
                    _("%(group)s: %(topic)s: verschil (procentpunt)") % names,
                    (topic.difference),
                )


class _Tally:
    """Answers per topic for one side: (answered, agreed)."""

    def __init__(self):
        self.people = 0
        self.answered = defaultdict(int)
        self.agreed = defaultdict(int)

    def add(self, topics: dict) -> None:
        self.people += 1
        for key, answer in topics.items():
            self.answered[key] += 1
            self.agreed[key] += answer == AGREE

    def share(self, key: str) -> tuple[int, int | None]:
        n = self.answered[key]
        return n, round(100 * self.agreed[key] / n) if n else None


def _group(label: str, parents: _Tally, professionals: _Tally) -> GroupView:
    topics = []
    for key, topic in Praatplaat.TOPICS:
        parents_n, parents_share = parents.share(key)
        professionals_n, professionals_share = professionals.share(key)
        both = parents_n >= MIN_CELL and professionals_n >= MIN_CELL
        if both:
            difference = professionals_share - parents_share
        else:
            difference = SUPPRESSED if parents_n or professionals_n else None
        topics.append(
            TopicView(
                topic=str(topic),
                parents_n=suppress(parents_n),
                parents_agree=suppress(parents_n, parents_share),
                professionals_n=suppress(professionals_n),
                professionals_agree=suppress(professionals_n, professionals_share),
                difference=difference,
                gap=abs(difference) if both else None,
            )
        )
    return GroupView(
        label=label,
        parents=suppress(parents.people),
        professionals=suppress(professionals.people),
        topics=topics,
    )


def perspectives_report(*, quarter) -> Perspectives:
    """Both sides for the cases resolved in `quarter` (a `reports.Quarter`), in one query."""
    start, end = quarter.bounds()
    rows = (
        Praatplaat.objects.filter(
            kind=Praatplaat.Kind.AFTER_CASE,
            case__resolved_at__gte=start,
            case__resolved_at__lt=end,
        )
        .filter(
            Q(professional_submitted_at__isnull=False)
            | Q(case__evaluation__submitted_at__isnull=False)
        )
        .order_by()
        .values_list(
            "case_id",
            "followup__organisation__kind",
            "professional_submitted_at",
            "professional_topics",
            "case__evaluation__submitted_at",
            "case__evaluation__topics",
        )
    )
    parents = defaultdict(_Tally)
    professionals = defaultdict(_Tally)
    seen = set()
    for case_id, kind, answered_at, topics, evaluated_at, evaluation_topics in rows:
        if answered_at is not None:
            professionals[kind].add(topics)
            professionals[None].add(topics)
        if evaluated_at is not None:
            # A case with two schools is one parent: once per type, once in all.
            for group in (kind, None):
                if (case_id, group) not in seen:
                    seen.add((case_id, group))
                    parents[group].add(evaluation_topics or {})
    groups = [_group(_("Alle organisaties"), parents[None], professionals[None])]
    for kind in Organisation.Kind:
        if kind in parents or kind in professionals:
            groups.append(_group(kind.label, parents[kind], professionals[kind]))
    return Perspectives(groups=groups)
