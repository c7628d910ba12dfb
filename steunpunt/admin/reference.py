"""The steunpunt's reference data: municipalities, themes, organisations and the
site settings."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models import (
    Municipality,
    Organisation,
    SiteSettings,
    Theme,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["neighbours"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "contact_email", "is_active"]
    list_filter = ["kind", "municipality", "is_active", "themes"]
    search_fields = ["name", "contact_email", "description"]
    list_select_related = ["municipality"]
    filter_horizontal = ["themes"]
    # A website typed without a scheme is read as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "kind", "municipality"]}),
        (
            _("Contact"),
            {"fields": ["contact_email", "public_email", "phone", "website", "opening_hours"]},
        ),
        (_("Waar zij bij helpen"), {"fields": ["description", "themes"]}),
        (None, {"fields": ["is_active"]}),
    ]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
