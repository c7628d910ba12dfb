"""The coordinator's match pages: the life cycle, its timeline and check-ins."""

from datetime import timedelta

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steunpunt.admin import ReadOnlyTabularInline
from steunpunt.admin.actions import ActionPagesMixin
from steunpunt.admin.form_classes import KeptFormAdmin
from steunpunt.compiled import prepared_get

from .. import services
from ..admin_forms import (
    EndMatchForm,
)
from ..models import (
    CheckIn,
    Match,
)
from .common import ProfileEventInline, ViewOnlyAdmin, _match_people
from .match_support import AgreementInline, ClosureInline, ContactInline, QuietMatchFilter


class MatchEventInline(ProfileEventInline):
    fk_name = "match"


class CheckInInline(ReadOnlyTabularInline):
    model = CheckIn
    fields = ["round", "respondent", "due_at", "answered_at", "mood", "wants_help", "note"]
    verbose_name_plural = _("check-ins")


class WaitingForBuddyFilter(admin.SimpleListFilter):
    title = _("antwoord buddy")
    parameter_name = "antwoord"

    def lookups(self, request, model_admin):
        return [("open", _("Wacht op antwoord")), ("morgen", _("Verloopt binnen 24 uur"))]

    def queryset(self, request, queryset):
        proposed = queryset.filter(status=Match.Status.PROPOSED)
        if self.value() == "open":
            return proposed
        if self.value() == "morgen":
            return proposed.filter(answer_by__lte=timezone.now() + timedelta(days=1))
        return queryset


@admin.register(Match)
class MatchAdmin(ActionPagesMixin, KeptFormAdmin, ViewOnlyAdmin):
    list_display = [
        "__str__",
        "status",
        "answer_by",
        "proposed_at",
        "answered_at",
        "started_at",
        "ended_at",
        "worries",
    ]
    list_filter = ["status", WaitingForBuddyFilter, QuietMatchFilter]
    search_fields = ["buddy__user__email", "request__parent__email"]
    list_select_related = ["request", "buddy__user", "proposed_by"]
    date_hierarchy = "proposed_at"
    actions = ["end_selected"]
    inlines = [AgreementInline, ContactInline, CheckInInline, ClosureInline, MatchEventInline]
    fields = [
        ("request", "buddy"),
        "status",
        ("proposed_at", "proposed_by", "answer_by"),
        ("answered_at", "decline_reason"),
        "started_at",
        ("ended_at", "ended_by", "end_reason"),
    ]

    def get_queryset(self, request):
        worrying = Q(checkins__mood=CheckIn.Mood.BAD) | Q(checkins__wants_help=True)
        return (
            super()
            .get_queryset(request)
            .annotate(worry_count=Count("checkins", filter=worrying, distinct=True))
        )

    def get_object(self, request, object_id, from_field=None):
        """The match page's match with the records its title, access log and fields
        name (request, buddy and their account, proposer, who ended it) in the same
        query, instead of one query each; without the list's worry count, which the
        page does not show (issue #12)."""
        queryset = (
            super()
            .get_queryset(request)
            .select_related("request", "buddy__user", "proposed_by", "ended_by")
        )
        field = Match._meta.pk if from_field is None else Match._meta.get_field(from_field)
        try:
            return prepared_get(queryset, **{field.name: field.to_python(object_id)})
        except (Match.DoesNotExist, ValidationError, ValueError):
            return None

    @admin.display(description=_("zorgen uit check-ins"), ordering="worry_count")
    def worries(self, match: Match) -> str:
        return str(match.worry_count) if match.worry_count else "0"

    def access_subjects(self, match: Match) -> list:
        return _match_people(match)

    def has_end_permission(self, request) -> bool:
        return request.user.has_perm("oudernetwerk.change_match")

    @admin.action(description=_("Koppeling stoppen (met reden)"), permissions=["end"])
    def end_selected(self, request, queryset):
        return self._list_action_with_form(
            request,
            action="end_selected",
            form_class=EndMatchForm,
            objects=list(queryset.select_related("request", "buddy__user")),
            perform=lambda match, data: services.match_end(
                match=match, actor=request.user, reason=data["reason"]
            ),
            success=_("%(count)s gestopt."),
            title=_("Koppelingen stoppen"),
            submit_label=_("Stoppen"),
        )
