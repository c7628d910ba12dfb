"""What the parent network's admin pages share: the view-only base and the timeline and
match inlines. Action pages come from `steunpunt.admin.actions`."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from steunpunt.admin import AccessLoggedAdmin, ReadOnlyTabularInline

from ..models import (
    BuddyProfile,
    Match,
    NetworkEvent,
)

P = BuddyProfile.Status
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
    newest_page_first = True


class RequestEventInline(ProfileEventInline):
    fk_name = "request"


class ProfileMatchInline(ReadOnlyTabularInline):
    model = Match
    fk_name = "buddy"
    fields = ["request", "status", "proposed_at", "answered_at", "ended_at"]
    verbose_name_plural = _("koppelingen")
    # A match's label names its buddy, and a buddy is named by their account.
    table_select_related = ("buddy__user",)


class RequestMatchInline(ProfileMatchInline):
    fk_name = "request"
    fields = ["buddy", "status", "proposed_at", "answered_at", "decline_reason", "ended_at"]
