"""A coordinator's own notification settings: per kind at once or in the daily digest,
and the time of the digest. One page, reachable from the work queue and the user links
in the admin; only for coordinators, each sees and sets only their own."""

from datetime import time

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .. import notifications
from ..models import NotificationKind, NotificationPreference
from ..roles import is_coordinator
from .actions import ActionPagesMixin

# Every quarter of an hour from 6:00 to 21:45: the beat task runs on the quarter hour.
DIGEST_TIMES = [time(hour, minute) for hour in range(6, 22) for minute in (0, 15, 30, 45)]


class NotificationSettingsForm(forms.Form):
    digest_time = forms.TypedChoiceField(
        label=_("Samenvatting versturen om"),
        choices=[(t.strftime("%H:%M"), t.strftime("%H:%M")) for t in DIGEST_TIMES],
        coerce=lambda value: time.fromisoformat(value),
        help_text=_(
            "Nederlandse tijd. Je krijgt de samenvatting alleen als er iets in staat. "
            "Een klacht waarop een partner te laat is en een vraag om hulp in een "
            "check-in krijg je altijd meteen."
        ),
        error_messages={"invalid_choice": _("Kies een tijd uit de lijst.")},
    )

    def __init__(self, *args, preference: NotificationPreference, **kwargs):
        super().__init__(*args, **kwargs)
        modes = NotificationPreference.Mode.choices
        fields = {}
        for kind, label in NotificationKind.choices:
            fields[kind] = forms.ChoiceField(
                label=label,
                choices=modes,
                initial=preference.mode(kind),
                error_messages={"invalid_choice": _("Kies meteen of in de samenvatting.")},
            )
        fields["digest_time"] = self.fields.pop("digest_time")
        fields["digest_time"].initial = preference.digest_time.strftime("%H:%M")
        self.fields = {**fields, **self.fields}


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ActionPagesMixin, admin.ModelAdmin):
    """No list and no other person's settings: only the signed-in coordinator's page."""

    def has_module_permission(self, request) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return is_coordinator(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.settings_view)
        return [
            path("", view, name="steunpunt_notification_settings"),
            # The action page's breadcrumbs link to the model's list: this same page.
            path("", view, name="steunpunt_notificationpreference_changelist"),
        ]

    def settings_view(self, request):
        if not is_coordinator(request.user):
            raise PermissionDenied
        preference = notifications.preference_for(request.user)
        form = NotificationSettingsForm(request.POST or None, preference=preference)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            notifications.preference_save(
                user=request.user,
                modes={kind: data[kind] for kind in NotificationKind.values},
                digest_time=data["digest_time"],
            )
            self.message_user(request, _("Je meldingen zijn opgeslagen."), messages.SUCCESS)
            return redirect("admin:steunpunt_notification_settings")
        response = self._action_page(
            request,
            title=_("Meldingen"),
            form=form,
            back_url=reverse("admin:index"),
            submit_label=_("Opslaan"),
        )
        response["Cache-Control"] = "no-store"
        return response
