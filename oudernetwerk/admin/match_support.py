"""The coordinator's view of match support on the match page: the goals parent and buddy
agreed on, the buddy's contact log (with the notes only the coordinator reads), each
side's closure, and the list filter behind the work queue's "no contact" entry."""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from steunpunt.admin import ReadOnlyTabularInline

from ..models import GoalReview, MatchAgreement, MatchClosure, MatchContact
from ..services.support import quiet_matches


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
        reviews: dict[int, list[GoalReview]] = {}
        for review in (
            GoalReview.objects.filter(goal__agreement=agreement)
            .select_related("checkin")
            .order_by("checkin__due_at", "pk")
        ):
            reviews.setdefault(review.goal_id, []).append(review)
        return format_html_join(
            "",
            "<p>{}. {}{}</p>",
            (
                (
                    number,
                    goal.text,
                    format_html_join(
                        "",
                        "<br>· {} ({}): {}",
                        (
                            (
                                review.checkin.get_respondent_display(),
                                date_format(timezone.localtime(review.checkin.due_at), "j M Y"),
                                review.get_progress_display(),
                            )
                            for review in reviews.get(goal.pk, [])
                        ),
                    ),
                )
                for number, goal in enumerate(agreement.goals.order_by("position"), start=1)
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
