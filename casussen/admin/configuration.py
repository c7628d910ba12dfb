"""What the coordinators set up: signal tags, deadline rules and standard texts."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import (
    DeadlineRule,
    SignalTag,
    StandardText,
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


class StandardTextForm(forms.ModelForm):
    class Meta:
        model = StandardText
        fields = ["title", "purpose", "theme", "status", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10, "cols": 80})}
        error_messages = {
            "title": {"required": _("Geef de tekst een naam.")},
            "purpose": {"required": _("Kies waarvoor de tekst is.")},
            "body": {"required": _("Schrijf de tekst.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _(
            "Variabelen worden ingevuld als je de tekst kiest: %(variables)s."
        ) % {"variables": services.variables_help()}

    def clean(self):
        data = super().clean()
        if data.get("body") and data.get("purpose"):
            try:
                services.text_check(text=data["body"], purpose=data["purpose"])
            except ValidationError as error:
                self.add_error("body", error)
        return data


@admin.register(StandardText)
class StandardTextAdmin(admin.ModelAdmin):
    """Coordinators keep these (the permissions of migration 0011); nobody else."""

    form = StandardTextForm
    list_display = ["title", "purpose", "theme", "status", "is_active", "updated_at"]
    list_filter = ["purpose", "is_active", "theme", "status"]
    search_fields = ["title", "body"]
    list_select_related = ["theme"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
