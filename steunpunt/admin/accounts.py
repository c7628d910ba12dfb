"""People in the admin: accounts, their roles and their second factor."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import services
from ..models import (
    User,
)
from .base import AccessLoggedAdmin


@admin.register(User)
class UserAdmin(AccessLoggedAdmin, DjangoUserAdmin):
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

    def access_subjects(self, obj: User) -> list:
        return [obj.pk]

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
                    "uitgelogd. Die logt de volgende keer in met een code per e-mail en "
                    "stelt dan met het wachtwoord een nieuwe app in.",
                    "De tweede stap van %(count)d personen is weggehaald en zij zijn "
                    "uitgelogd. Zij loggen de volgende keer in met een code per e-mail en "
                    "stellen dan met hun wachtwoord een nieuwe app in.",
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
