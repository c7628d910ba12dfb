"""List filters for admin lists at regional size (issue #12)."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..outbox.registry import MAX_DELIVERY_ATTEMPTS
from ..outbox.rendering import email_kinds


class RelatedInUseFilter(admin.RelatedFieldListFilter):
    """Django's `RelatedOnlyFieldListFilter` (only the related rows some row of the list
    points to) without its `SELECT DISTINCT` over the list's whole table: each row of the
    small related table is tested with `EXISTS`, one probe of the foreign key's index."""

    def field_choices(self, field, request, model_admin):
        in_use = model_admin.get_queryset(request).filter(**{self.field_path: OuterRef("pk")})
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, limit_choices_to=Q(Exists(in_use)), ordering=ordering
        )


class DeliveryStatusFilter(admin.SimpleListFilter):
    """Where an outbox row stands: waiting, sent, no longer needed, or failed ("mislukt":
    every attempt was used up; a person looks at it and may try again)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("wacht", _("Wacht op versturen")),
            ("verstuurd", _("Verstuurd")),
            ("mislukt", _("Mislukt")),
            ("niet-nodig", _("Niet meer nodig")),
        ]

    def queryset(self, request, queryset):
        unsent = Q(sent_at__isnull=True, cancelled_at__isnull=True)
        filters = {
            "wacht": unsent & Q(attempts__lt=MAX_DELIVERY_ATTEMPTS),
            "verstuurd": Q(sent_at__isnull=False),
            "mislukt": unsent & Q(attempts__gte=MAX_DELIVERY_ATTEMPTS),
            "niet-nodig": Q(sent_at__isnull=True, cancelled_at__isnull=False),
        }
        if self.value() in filters:
            return queryset.filter(filters[self.value()])
        return queryset


class EmailKindFilter(admin.SimpleListFilter):
    """The kind of an outbox email (the name of its templates), chosen from the email
    templates there are instead of Django's `SELECT DISTINCT` over the whole outbox.
    The same parameter (`kind`) as the field's own filter."""

    title = _("soort")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind, kind) for kind in email_kinds()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset
