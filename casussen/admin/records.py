"""Records that only services write, to look at: follow-ups, reminders, evaluations."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import router

from steunpunt.admin.filters import DeliveryStatusFilter, RelatedInUseFilter
from steunpunt.admin.outbox import OutboxStatusMixin
from steunpunt.compiled import CompiledQuery
from steunpunt.forms import fits_in_key

from ..models import (
    Evaluation,
    FollowUp,
    Reminder,
)
from .common import CaseDataAdmin


class ViewOnlyAdmin(CaseDataAdmin, admin.ModelAdmin):
    """Records that only services write: coordinators look, nobody edits here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# A follow-up's page with its case (for the access log and the page) and organisation,
# in one query compiled once (issue #12): three queries before. Not the case's search
# vector, which only the admin's search reads.
_FOLLOWUP = CompiledQuery(
    lambda pk: (
        FollowUp.objects.select_related("case", "organisation")
        .defer("case__story_vector")
        .filter(pk=pk)
        .order_by()
    ),
    -987654370,
)


@admin.register(FollowUp)
class FollowUpAdmin(ViewOnlyAdmin):
    list_display = ["case", "organisation", "due_date", "status", "answered_at", "created_at"]
    list_filter = ["status", ("organisation", RelatedInUseFilter)]
    search_fields = ["case__reference", "organisation__name", "contact_email"]
    list_select_related = ["case", "organisation"]
    # The case and the organisation are named (their __str__); not the case's story.
    list_only = (
        "case__reference",
        "organisation__name",
        "due_date",
        "status",
        "answered_at",
        "created_at",
    )
    date_hierarchy = "due_date"
    fields = [
        "case",
        "organisation",
        "contact_email",
        "request",
        "due_date",
        "status",
        "answer",
        "answered_at",
        "answered_via",
        "overdue_at",
        "cancelled_at",
        "created_by",
        "created_at",
    ]

    def get_object(self, request, object_id, from_field=None):
        if from_field is not None:
            return super().get_object(request, object_id, from_field)
        try:
            pk = FollowUp._meta.pk.to_python(object_id)
        except (ValidationError, ValueError):
            return None
        using = router.db_for_read(FollowUp)
        if not fits_in_key(FollowUp._meta.pk, pk, using=using):
            return None
        found = _FOLLOWUP.objects(pk, using=using)
        return found[0] if found else None


@admin.register(Reminder)
class ReminderAdmin(OutboxStatusMixin, ViewOnlyAdmin):
    list_display = ["key", "kind", "case", "status", "created_at", "sent_at", "attempts"]
    list_filter = [
        DeliveryStatusFilter,
        "kind",
        ("sent_at", admin.EmptyFieldListFilter),
        ("cancelled_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["key", "case__reference"]
    list_select_related = ["case"]
    # The texts stay out of sight; the reply address holds a signed token.
    exclude = ["body", "html", "headers", "context", "reply_to"]


@admin.register(Evaluation)
class EvaluationAdmin(ViewOnlyAdmin):
    list_display = ["case", "satisfaction", "invited_at", "submitted_at"]
    list_filter = ["satisfaction", ("submitted_at", admin.EmptyFieldListFilter)]
    search_fields = ["case__reference"]
    list_select_related = ["case"]
