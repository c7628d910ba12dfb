"""The outbox's plain emails in the admin, as metadata only: what kind of email, its
subject, where it stands and how often it was tried. The text may hold a sign-in code
or what a parent wrote, and the address is personal data: neither is shown. A failed
row ("mislukt") can be tried again; the shared parts (the status column and filter,
the action) are used by the apps' reminder lists too."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import outbox
from ..outbox.models import OutgoingEmail
from .base import LightListAdmin
from .filters import DeliveryStatusFilter, EmailKindFilter


class OutboxStatusMixin:
    """The status column, its filter and the action that tries failed rows again."""

    actions = ["retry_delivery"]

    @admin.display(description=_("status"))
    def status(self, row) -> str:
        return outbox.delivery_status(row)

    def has_retry_permission(self, request) -> bool:
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    @admin.action(description=_("Opnieuw proberen te versturen"), permissions=["retry"])
    def retry_delivery(self, request, queryset):
        row_ids = list(queryset.values_list("pk", flat=True))
        count = outbox.retry_failed(model=self.model, row_ids=row_ids)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail wordt opnieuw verstuurd.",
                "%(count)d e-mails worden opnieuw verstuurd.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(OutboxStatusMixin, LightListAdmin, admin.ModelAdmin):
    list_display = ["kind", "subject", "status", "created_at", "sent_at", "attempts"]
    list_filter = [DeliveryStatusFilter, EmailKindFilter]
    date_hierarchy = "created_at"
    fields = ["kind", "subject", "status", "created_at", "sent_at", "cancelled_at", "attempts"]
    readonly_fields = fields

    def get_queryset(self, request):
        # The text, the addresses and the headers are never read here.
        return (
            super()
            .get_queryset(request)
            .defer("body", "html", "headers", "context", "recipients", "reply_to", "from_email")
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
