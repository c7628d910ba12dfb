from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _

from . import access_log, erasure
from .models import (
    AccessEvent,
    DeletionRecord,
    ErasureRequest,
    Municipality,
    Organisation,
    SiteSettings,
    Theme,
    User,
)


class ReadOnlyTabularInline(admin.TabularInline):
    """A record that is only ever appended by a service (history, timeline, consents):
    shown in the admin, never added, edited or deleted there."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "organisation", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["email", "name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Gegevens"), {"fields": ["name", "organisation"]}),
        (
            _("Rollen en rechten"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Datums"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "name",
                    "organisation",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]


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
    fieldsets = [
        (None, {"fields": ["name", "kind", "municipality"]}),
        (_("Contact"), {"fields": ["contact_email", "phone", "website", "opening_hours"]}),
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


@admin.register(DeletionRecord)
class DeletionRecordAdmin(admin.ModelAdmin):
    """What the retention job did, per run and kind. Written by the job only."""

    list_display = ["run_at", "kind", "count", "held", "term", "dry_run"]
    list_filter = ["dry_run", "kind"]
    date_hierarchy = "run_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom niet?"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("De ouder krijgt deze reden in een e-mail. Schrijf eenvoudig."),
        error_messages={"required": _("Schrijf op waarom. De ouder leest dit.")},
    )


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """The coordinator sees what would be erased and what must be kept and why, then
    carries the request out or refuses it with a reason told to the person."""

    list_display = ["__str__", "status", "requested_at", "answer_by", "decided_at"]
    list_filter = ["status"]
    date_hierarchy = "requested_at"
    readonly_fields = [
        "user",
        "status",
        "requested_at",
        "answer_by",
        "decided_at",
        "decided_by",
        "refusal_reason",
        "outcome",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/uitvoeren/",
                wrap(self.carry_out_view),
                name="steunpunt_erasurerequest_carry_out",
            ),
            path(
                "<int:pk>/weigeren/",
                wrap(self.refuse_view),
                name="steunpunt_erasurerequest_refuse",
            ),
            *super().get_urls(),
        ]

    @staticmethod
    def _may_carry_out(request) -> bool:
        return request.user.has_perm("steunpunt.carry_out_erasurerequest")

    def _get(self, request, pk: int) -> ErasureRequest:
        if not self.has_view_permission(request):
            raise PermissionDenied
        erasure_request = ErasureRequest.objects.select_related("user").filter(pk=pk).first()
        if erasure_request is None:
            raise Http404
        return erasure_request

    def change_view(self, request, object_id, form_url="", extra_context=None):
        erasure_request = self._get(request, int(object_id))
        return self._review(request, erasure_request, ErasureRequestForm())

    def _review(self, request, erasure_request, refuse_form, status: int = 200):
        user = erasure_request.user
        is_open = erasure_request.status == ErasureRequest.Status.REQUESTED and user is not None
        items = erasure.preview(user) if is_open else []
        if user is not None:
            access_log.record(
                action=AccessEvent.Action.VIEW, request=request, obj=erasure_request, subject=user
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(erasure_request),
            "erasure": erasure_request,
            "is_open": is_open,
            "may_carry_out": is_open and self._may_carry_out(request),
            "erased": [item for item in items if not item.kept],
            "kept": [item for item in items if item.kept],
            "refuse_form": refuse_form,
        }
        response = TemplateResponse(
            request, "admin/steunpunt/erasurerequest/review.html", context, status=status
        )
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def carry_out_view(self, request, pk: int):
        erasure_request = self._get(request, pk)
        if not self._may_carry_out(request):
            raise PermissionDenied
        if request.method != "POST":
            return redirect("admin:steunpunt_erasurerequest_change", pk)
        try:
            done = erasure.erasure_carry_out(request=erasure_request, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            kept = [item for item in done.outcome if item["kept"]]
            self.message_user(
                request,
                _("Uitgevoerd. De ouder krijgt een bevestiging.")
                + (" " + _("Een deel blijft bewaard; dat staat in de e-mail.") if kept else ""),
                messages.SUCCESS,
            )
        return redirect("admin:steunpunt_erasurerequest_change", pk)

    def refuse_view(self, request, pk: int):
        erasure_request = self._get(request, pk)
        if not self._may_carry_out(request):
            raise PermissionDenied
        if request.method != "POST":
            return redirect("admin:steunpunt_erasurerequest_change", pk)
        form = ErasureRequestForm(request.POST)
        if form.is_valid():
            try:
                erasure.erasure_refuse(
                    request=erasure_request, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request, _("Geweigerd. De ouder krijgt de reden per e-mail."), messages.SUCCESS
                )
            return redirect("admin:steunpunt_erasurerequest_change", pk)
        return self._review(request, erasure_request, form, status=400)
