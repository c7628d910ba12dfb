from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Municipality, Organisation, SiteSettings, Theme, User


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
    actions = ["reset_second_factor"]
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

    # --- "Tweede stap opnieuw laten instellen": a coordinator resets someone's app ------

    def has_reset_second_factor_permission(self, request) -> bool:
        return request.user.has_perm(services.RESET_PERMISSION)

    def get_urls(self):
        return [
            path(
                "<int:pk>/tweede-stap/",
                self.admin_site.admin_view(self.reset_second_factor_view),
                name="steunpunt_user_reset_second_factor",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_reset_second_factor": self.has_reset_second_factor_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _reset(self, request, users) -> None:
        done = 0
        for user in users:
            if not services.may_reset_second_factor(actor=request.user, user=user):
                messages.error(
                    request,
                    _("De tweede stap van %(user)s is niet opnieuw ingesteld: dat mag jij niet.")
                    % {"user": user.email},
                )
                continue
            try:
                services.user_second_factor_reset(user=user, actor=request.user, request=request)
            except (PermissionDenied, ValidationError):
                continue
            done += 1
        if done:
            messages.success(
                request,
                ngettext(
                    "De tweede stap van %(count)d persoon is weggehaald en die persoon is "
                    "uitgelogd. Bij de volgende keer inloggen stelt die met het wachtwoord "
                    "een nieuwe app in.",
                    "De tweede stap van %(count)d personen is weggehaald en zij zijn "
                    "uitgelogd. Bij de volgende keer inloggen stellen zij met hun wachtwoord "
                    "een nieuwe app in.",
                    done,
                )
                % {"count": done},
            )

    def _confirmation(self, request, users, *, from_list: bool):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Tweede stap opnieuw laten instellen"),
            "users": users,
            "from_list": from_list,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/steunpunt/user/reset_second_factor.html", context)

    @admin.action(
        description=_("Tweede stap opnieuw laten instellen"),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        users = list(queryset)
        if request.POST.get("confirm") != "yes":
            return self._confirmation(request, users, from_list=True)
        self._reset(request, users)
        return None

    def reset_second_factor_view(self, request, pk: int):
        if not self.has_reset_second_factor_permission(request):
            raise PermissionDenied
        user = get_object_or_404(User, pk=pk)
        if request.method == "POST" and request.POST.get("confirm") == "yes":
            self._reset(request, [user])
            return redirect(reverse("admin:steunpunt_user_change", args=[user.pk]))
        return self._confirmation(request, [user], from_list=False)


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
