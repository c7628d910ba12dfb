"""What the parent network's admin pages share: the view-only base, the timeline
and match inlines, and the action pages (a form on its own page, then a service call)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from steunpunt.admin import AccessLoggedAdmin, ReadOnlyTabularInline

from ..models import (
    BuddyProfile,
    Match,
    NetworkEvent,
)

P = BuddyProfile.Status
ACTION_TEMPLATE = "admin/oudernetwerk/action_form.html"
SCREENING_FIELDS = ("intake_held_at", "vog_date", "training_date")


class ViewOnlyAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    """Records that only services write: coordinators look, nobody edits here. Every
    one of them is about people, so reading them is logged (see `access_subjects`)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _match_people(match: Match) -> list:
    """A match is about both: the parent who asked and the buddy."""
    return [match.request.parent_id, match.buddy.user_id]


class ProfileEventInline(ReadOnlyTabularInline):
    model = NetworkEvent
    fk_name = "profile"
    fields = ["created_at", "kind", "actor", "text"]
    verbose_name_plural = _("geschiedenis")


class RequestEventInline(ProfileEventInline):
    fk_name = "request"


class ProfileMatchInline(ReadOnlyTabularInline):
    model = Match
    fk_name = "buddy"
    fields = ["request", "status", "proposed_at", "answered_at", "ended_at"]
    verbose_name_plural = _("koppelingen")


class RequestMatchInline(ProfileMatchInline):
    fk_name = "request"
    fields = ["buddy", "status", "proposed_at", "answered_at", "decline_reason", "ended_at"]


class ActionPagesMixin:
    """A small form page for an action on one or more records: on a valid POST the
    service is called for each, what happened is said, and the coordinator goes back."""

    def _action_page(self, request, *, title, form, objects, back_url, submit_label, extra=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form": form,
            "objects": objects,
            "back_url": back_url,
            "submit_label": submit_label,
            **(extra or {}),
        }
        return TemplateResponse(
            request, ACTION_TEMPLATE, context, status=400 if form.errors else 200
        )

    def _list_action_with_form(
        self, request, *, action, form_class, objects, perform, success, title, submit_label
    ):
        """A list action that first asks for something (a reason, say) on a page of its
        own, then calls `perform(obj, cleaned_data)` for every selected record."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run(request, objects, lambda obj: perform(obj, form.cleaned_data), success)
            return None
        opts = self.model._meta
        return self._action_page(
            request,
            title=title,
            form=form,
            objects=objects,
            back_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            submit_label=submit_label,
            extra={"changelist_action": action},
        )

    def _run(self, request, objects, perform, success) -> int:
        done = 0
        for obj in objects:
            try:
                perform(obj)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, success % {"count": done}, messages.SUCCESS)
        return done
