"""Triage in the admin: what is new, what is overdue and whose turn it is."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from steunpunt.admin import ReadOnlyTabularInline

from . import services, workflow
from .models import Case, CaseAttachment, CaseEvent, Consent, DeadlineRule, SignalTag


class OverdueFilter(admin.SimpleListFilter):
    title = _("termijn")
    parameter_name = "termijn"

    def lookups(self, request, model_admin):
        return [("te-laat", _("Te laat")), ("vandaag", _("Vandaag"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        open_cases = queryset.filter(status__in=workflow.OPEN)
        late = Q(responded_at__isnull=True, respond_by__lt=today) | Q(resolve_by__lt=today)
        due = Q(responded_at__isnull=True, respond_by=today) | Q(resolve_by=today)
        if self.value() == "te-laat":
            return open_cases.filter(late, paused_since__isnull=True)
        if self.value() == "vandaag":
            return open_cases.filter(due, paused_since__isnull=True)
        return queryset


class EventInline(ReadOnlyTabularInline):
    model = CaseEvent
    fields = ["created_at", "kind", "actor", "text", "is_internal"]
    verbose_name_plural = _("tijdlijn")


class ConsentInline(ReadOnlyTabularInline):
    model = Consent
    fields = ["organisation", "purpose", "method", "given_at", "withdrawn_at"]


class AttachmentInline(ReadOnlyTabularInline):
    model = CaseAttachment
    fields = ["original_name", "content_type", "size", "created_at"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "kind",
        "status",
        "theme",
        "assigned_to",
        "deadline",
        "priority",
        "created_at",
    ]
    list_filter = [
        OverdueFilter,
        "status",
        "kind",
        "theme",
        ("school__municipality", admin.RelatedOnlyFieldListFilter),
        ("assigned_to", admin.RelatedOnlyFieldListFilter),
        "channel",
    ]
    search_fields = ["reference", "parent__email", "description"]
    list_select_related = ["theme", "assigned_to"]
    readonly_fields = [
        "reference",
        "kind",
        "channel",
        "parent",
        "status",
        "respond_by",
        "resolve_by",
        "responded_at",
        "resolved_at",
        "closed_at",
        "resolution",
        "created_by",
        "created_at",
    ]
    fields = [
        "reference",
        "kind",
        "status",
        "theme",
        "priority",
        "assigned_to",
        ("respond_by", "resolve_by"),
        "description",
        ("age_band", "school", "school_other"),
        "complaint_about",
        "parent",
        ("contact_preference", "phone", "contact_times"),
        "channel",
        "signal_tags",
        ("responded_at", "resolved_at", "closed_at", "resolution"),
        ("created_by", "created_at"),
    ]
    filter_horizontal = ["signal_tags"]
    inlines = [EventInline, ConsentInline, AttachmentInline]
    actions = ["assign_to_me", "set_priority_high", "set_priority_normal"]
    date_hierarchy = "created_at"

    def get_urls(self):
        from . import reports

        wrap = self.admin_site.admin_view
        return [
            path(
                "signalen/",
                wrap(reports.signals_report_view),
                name="casussen_signals_report",
            ),
            path(
                "signalen/export.csv",
                wrap(reports.signals_report_csv),
                name="casussen_signals_report_csv",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("termijn"), ordering="respond_by")
    def deadline(self, case: Case):
        today = timezone.localdate()
        target = case.respond_by if case.responded_at is None else case.resolve_by
        if case.status not in workflow.OPEN:
            return "-"
        if case.paused_since:
            return format_html('<span title="{}">⏸ {}</span>', _("Wacht op ouder"), target)
        if target < today:
            return format_html(
                '<strong class="case-overdue">⚠ {} ({})</strong>', target, _("te laat")
            )
        return target

    def save_model(self, request, obj, form, change):
        if change and "theme" in form.changed_data:
            theme = obj.theme
            obj.theme = Case.objects.get(pk=obj.pk).theme
            super().save_model(request, obj, form, change)
            services.case_change_theme(case=obj, theme=theme, actor=request.user)
            return
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request) -> bool:
        # Cases by phone or email are entered through the intake service (next step).
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Aan mij toewijzen"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        done = 0
        for case in queryset:
            try:
                services.case_assign(case=case, coordinator=request.user, actor=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        if done:
            self.message_user(request, _("Toegewezen aan jou."), messages.SUCCESS)

    @admin.action(description=_("Prioriteit: hoog"), permissions=["change"])
    def set_priority_high(self, request, queryset):
        queryset.update(priority=Case.Priority.HIGH)

    @admin.action(description=_("Prioriteit: normaal"), permissions=["change"])
    def set_priority_normal(self, request, queryset):
        queryset.update(priority=Case.Priority.NORMAL)


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
