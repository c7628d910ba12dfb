"""The coordinator's check-in list, with the worrying answers first to find."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from steunpunt.roles import is_coordinator

from .. import services, work_queue
from ..models import (
    CheckIn,
)
from .common import ViewOnlyAdmin, _match_people


class WorryingFilter(admin.SimpleListFilter):
    title = _("zorgen")
    parameter_name = "zorgen"

    def lookups(self, request, model_admin):
        return [
            ("open", _("Nog niet opgepakt")),
            ("ja", _("Niet goed of wil hulp")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return work_queue.worrying_open(queryset)
        if self.value() == "ja":
            return queryset.filter(Q(mood=CheckIn.Mood.BAD) | Q(wants_help=True))
        return queryset


@admin.register(CheckIn)
class CheckInAdmin(ViewOnlyAdmin):
    list_display = [
        "match",
        "respondent",
        "round",
        "due_at",
        "answered_at",
        "mood",
        "wants_help",
        "handled_at",
    ]
    list_filter = [WorryingFilter, "mood", ("answered_at", admin.EmptyFieldListFilter)]
    list_select_related = ["match__request", "match__buddy__user"]
    date_hierarchy = "due_at"
    fields = [*list_display, "handled_by", "note"]
    actions = ["mark_handled"]

    def has_handle_permission(self, request) -> bool:
        return is_coordinator(request.user)

    @admin.action(description=_("Opgepakt: zorg is opgevolgd"), permissions=["handle"])
    def mark_handled(self, request, queryset):
        done = 0
        for checkin in queryset:
            try:
                services.checkin_mark_handled(checkin=checkin, actor=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext("%(count)d check-in opgepakt.", "%(count)d check-ins opgepakt.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    def access_subjects(self, checkin: CheckIn) -> list:
        return _match_people(checkin.match)
