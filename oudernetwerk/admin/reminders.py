"""The parent network's outbox, read-only."""

from django.contrib import admin

from steunpunt.admin.filters import DeliveryStatusFilter
from steunpunt.admin.outbox import OutboxStatusMixin

from ..models import (
    Reminder,
)
from .common import ViewOnlyAdmin, _match_people


@admin.register(Reminder)
class ReminderAdmin(OutboxStatusMixin, ViewOnlyAdmin):
    list_display = ["key", "kind", "status", "created_at", "sent_at", "attempts"]
    list_filter = [DeliveryStatusFilter, "kind", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["key"]
    list_select_related = ["profile__user"]
    exclude = ["body", "html", "headers", "context", "attachments"]

    def access_subjects(self, reminder: Reminder) -> list:
        if reminder.profile_id:
            return [reminder.profile.user_id]
        if reminder.registration_id:
            return [reminder.registration.parent_id]
        match = reminder.match or (reminder.checkin.match if reminder.checkin_id else None)
        return _match_people(match) if match else []
