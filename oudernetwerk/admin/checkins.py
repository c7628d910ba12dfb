"""The coordinator's check-in list, with the worrying answers first to find."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import (
    CheckIn,
)
from .common import ViewOnlyAdmin, _match_people


class WorryingFilter(admin.SimpleListFilter):
    title = _("zorgen")
    parameter_name = "zorgen"

    def lookups(self, request, model_admin):
        return [("ja", _("Niet goed of wil hulp"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(Q(mood=CheckIn.Mood.BAD) | Q(wants_help=True))
        return queryset


@admin.register(CheckIn)
class CheckInAdmin(ViewOnlyAdmin):
    list_display = ["match", "respondent", "round", "due_at", "answered_at", "mood", "wants_help"]
    list_filter = [WorryingFilter, "mood", ("answered_at", admin.EmptyFieldListFilter)]
    list_select_related = ["match__request", "match__buddy__user"]
    date_hierarchy = "due_at"
    fields = [*list_display, "note"]

    def access_subjects(self, checkin: CheckIn) -> list:
        return _match_people(checkin.match)
