"""The coordinator's view of match support on the match page: the goals parent and buddy
agreed on, the buddy's contact log (with the notes only the coordinator reads), each
side's closure, and the list filter behind the work queue's "no contact" entry."""

from datetime import UTC

from django.contrib import admin
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from steunpunt.admin import ReadOnlyTabularInline
from steunpunt.compiled import CompiledQuery

from ..models import CheckIn, Goal, GoalReview, MatchAgreement, MatchClosure, MatchContact
from ..services.support import quiet_matches

# An agreement's goals and their reviews in one query (a goal without reviews is one row
# with empty review columns), in the order of the goals, each goal's reviews by check-in:
# compiled once per process (issue #12).
_GOALS = CompiledQuery(
    lambda agreement_pk: (
        Goal.objects.filter(agreement=agreement_pk)
        .order_by("position", "pk", "reviews__checkin__due_at", "reviews__pk")
        .values_list(
            "pk",
            "text",
            "reviews__pk",
            "reviews__checkin__respondent",
            "reviews__checkin__due_at",
            "reviews__progress",
        )
    ),
    -7_404_001,
)


def _aware(value):
    # The plain row as the database gives it: SQLite gives a moment without its time
    # zone (UTC), as a datetime or as text.
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


class QuietMatchFilter(admin.SimpleListFilter):
    """Running matches without contact for longer than their expected frequency."""

    title = _("contact")
    parameter_name = "contact"

    def lookups(self, request, model_admin):
        return [("stil", _("Te lang geen contact"))]

    def queryset(self, request, queryset):
        if self.value() == "stil":
            return quiet_matches(queryset, timezone.localdate())
        return queryset


class AgreementInline(ReadOnlyTabularInline):
    """The goals in the words of parent and buddy, how often they expect contact, who
    wrote it down and whether the other side confirmed it; under each goal how it went
    at the check-ins."""

    model = MatchAgreement
    fields = ["goal_list", "contact_frequency", "written_by", "written_at", "confirmed_at"]
    verbose_name_plural = _("doelen en afspraken over contact")

    @admin.display(description=_("doelen (en hoe ze gaan bij de check-ins)"))
    def goal_list(self, agreement: MatchAgreement) -> str:
        rows = _GOALS.rows(agreement.pk)  # one query, see `_GOALS`
        goals: dict[int, tuple[str, list[tuple]]] = {}
        for goal_pk, text, review_pk, respondent, due_at, progress in rows:
            _text, reviews = goals.setdefault(goal_pk, (text, []))
            if review_pk is not None:
                reviews.append((respondent, _aware(due_at), progress))
        respondents = dict(CheckIn.Respondent.choices)
        progresses = dict(GoalReview.Progress.choices)
        return format_html_join(
            "",
            "<p>{}. {}{}</p>",
            (
                (
                    number,
                    text,
                    format_html_join(
                        "",
                        "<br>· {} ({}): {}",
                        (
                            (
                                respondents.get(respondent, respondent),
                                date_format(timezone.localtime(due_at), "j M Y"),
                                progresses.get(progress, progress),
                            )
                            for respondent, due_at, progress in reviews
                        ),
                    ),
                )
                for number, (text, reviews) in enumerate(goals.values(), start=1)
            ),
        )


class ContactInline(ReadOnlyTabularInline):
    model = MatchContact
    fields = ["contact_date", "how", "note", "logged_at"]
    verbose_name_plural = _("contacten (de notitie leest alleen de coördinator)")


class ClosureInline(ReadOnlyTabularInline):
    model = MatchClosure
    fields = [
        "respondent",
        "answered_at",
        "what_helped",
        "would_match_again",
        "new_request",
        "rest_until",
    ]
    verbose_name_plural = _("afsluiting per kant")
