"""List filters for admin lists at regional size (issue #12)."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q


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
