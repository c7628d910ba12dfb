"""What the coordinators set up: signal tags and deadline rules."""

from django.contrib import admin

from ..models import (
    DeadlineRule,
    SignalTag,
)


@admin.register(SignalTag)
class SignalTagAdmin(admin.ModelAdmin):
    list_display = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "theme",
        "respond_working_days",
        "resolve_working_days",
        "resolve_weeks",
    ]
    list_filter = ["kind"]
