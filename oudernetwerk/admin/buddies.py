"""The coordinator's buddy pages: screening, approving, rejecting, pausing."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from steunpunt import access_log
from steunpunt.admin import AccessLoggedAdmin
from steunpunt.admin.actions import ActionPagesMixin
from steunpunt.admin.read_once import ReadOnceAdmin

from .. import services, workflow
from ..admin_forms import (
    ApproveForm,
    BuddyProfileAdminForm,
    RejectForm,
)
from ..models import (
    BuddyProfile,
    Match,
)
from .common import SCREENING_FIELDS, P, ProfileEventInline, ProfileMatchInline


class VogFilter(admin.SimpleListFilter):
    title = _("VOG")
    parameter_name = "vog"

    def lookups(self, request, model_admin):
        return [
            ("verloopt", _("Verloopt binnen 30 dagen")),
            ("verlopen", _("Verlopen of ontbreekt")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        years = settings.BUDDY_VOG_VALID_YEARS
        cutoff = services.shift_years(today, -years)
        horizon = services.shift_years(
            today + timedelta(days=settings.BUDDY_VOG_WARNING_DAYS), -years
        )
        if self.value() == "verloopt":
            return queryset.filter(vog_date__gt=cutoff, vog_date__lte=horizon)
        if self.value() == "verlopen":
            return queryset.filter(Q(vog_date__isnull=True) | Q(vog_date__lte=cutoff))
        return queryset


@admin.register(BuddyProfile)
class BuddyProfileAdmin(ReadOnceAdmin, AccessLoggedAdmin, ActionPagesMixin, admin.ModelAdmin):
    form = BuddyProfileAdminForm
    list_display = [
        "__str__",
        "email",
        "status",
        "vog_date",
        "vog_until",
        "places",
        "created_at",
    ]
    list_filter = ["status", VogFilter, "themes", "municipalities"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user"]
    # What the list's rows never show: the JSON lists (parsed row by row) and the texts.
    list_defer = ("age_bands", "school_types", "languages", "introduction", "rejected_reason")
    change_select_related = ("user", "approved_by")
    change_query_compiles = True  # get_queryset: the matches counted, for every request
    change_selected = ("themes", "municipalities")
    readonly_fields = [
        "user",
        "status",
        "approved_by",
        "approved_at",
        "rejected_reason",
        "created_at",
        "available_from",  # the buddy's own choice when a match ended
    ]
    fieldsets = [
        (None, {"fields": ["user", "status", ("approved_by", "approved_at"), "rejected_reason"]}),
        (
            _("Screening"),
            {
                "fields": list(SCREENING_FIELDS),
                "description": _(
                    "Goedkeuren kan na het kennismakingsgesprek en met een VOG van minder "
                    "dan 3 jaar oud."
                ),
            },
        ),
        (
            _("Profiel"),
            {
                "fields": [
                    "themes",
                    "age_bands",
                    "school_types",
                    "municipalities",
                    "languages",
                    "max_active_matches",
                    "available_from",
                    "introduction",
                    "created_at",
                ]
            },
        ),
    ]
    filter_horizontal = ["themes", "municipalities"]
    inlines = [ProfileMatchInline, ProfileEventInline]
    actions = ["approve_selected", "reject_selected", "pause_selected", "resume_selected"]

    def get_queryset(self, request):
        taken = (
            Match.objects.filter(buddy=OuterRef("pk"), status__in=workflow.OCCUPYING)
            .order_by()
            .values("buddy")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return super().get_queryset(request).annotate(active_matches=Coalesce(Subquery(taken), 0))

    def has_add_permission(self, request) -> bool:
        # A buddy signs up themselves, on /buddy/.
        return False

    def access_subjects(self, profile: BuddyProfile) -> list:
        return [profile.user_id]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("e-mailadres"), ordering="user__email")
    def email(self, profile: BuddyProfile) -> str:
        return profile.user.email

    @admin.display(description=_("VOG geldig tot"))
    def vog_until(self, profile: BuddyProfile):
        until = services.vog_valid_until(profile.vog_date)
        if until is None:
            return "-"
        if until <= timezone.localdate():
            return _("%(date)s (verlopen)") % {"date": date_format(until)}
        return until

    @admin.display(description=_("plekken bezet"))
    def places(self, profile: BuddyProfile) -> str:
        return f"{profile.active_matches} / {profile.max_active_matches}"

    def save_model(self, request, obj, form, change):
        """Screening dates go through the service, which records who entered them."""
        screening = {name: getattr(obj, name) for name in SCREENING_FIELDS}
        stored = BuddyProfile.objects.get(pk=obj.pk)
        for name in SCREENING_FIELDS:
            setattr(obj, name, getattr(stored, name))
        super().save_model(request, obj, form, change)
        if any(screening[name] != getattr(stored, name) for name in SCREENING_FIELDS):
            services.buddy_screen(profile=obj, actor=request.user, **screening)

    # --- Approve, reject, pause, resume: each through its service ---------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/goedkeuren/",
                wrap(self.approve_view),
                name="oudernetwerk_buddyprofile_approve",
            ),
            path(
                "<int:pk>/afwijzen/",
                wrap(self.reject_view),
                name="oudernetwerk_buddyprofile_reject",
            ),
            *super().get_urls(),
        ]

    def _profile_or_404(self, request, pk: int) -> BuddyProfile:
        if not self.has_change_permission(request):
            raise PermissionDenied
        profile = self.get_queryset(request).select_related("user").filter(pk=pk).first()
        if profile is None:
            raise Http404
        return profile

    def _change_url(self, profile: BuddyProfile) -> str:
        return reverse("admin:oudernetwerk_buddyprofile_change", args=[profile.pk])

    def approve_view(self, request, pk: int):
        profile = self._profile_or_404(request, pk)
        form = ApproveForm(request.POST if request.method == "POST" else None)
        if not form.is_bound:
            # The page shows the buddy's name, address and screening.
            self._log_object(request, profile, access_log.Action.VIEW)
        if request.method == "POST" and form.is_valid():
            try:
                services.buddy_approve(profile=profile, actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("%(buddy)s is goedgekeurd en krijgt een welkomstmail.") % {"buddy": profile},
                    messages.SUCCESS,
                )
                return redirect(self._change_url(profile))
        return self._action_page(
            request,
            title=_("Buddy goedkeuren"),
            form=form,
            objects=[profile],
            back_url=self._change_url(profile),
            submit_label=_("Goedkeuren"),
            extra={"show_screening": True},
        )

    def reject_view(self, request, pk: int):
        profile = self._profile_or_404(request, pk)
        form = RejectForm(request.POST if request.method == "POST" else None)
        if not form.is_bound:
            # The page shows the buddy's name, address and screening.
            self._log_object(request, profile, access_log.Action.VIEW)
        if request.method == "POST" and form.is_valid():
            try:
                services.buddy_reject(
                    profile=profile, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request, _("%(buddy)s is afgewezen.") % {"buddy": profile}, messages.SUCCESS
                )
                return redirect(self._change_url(profile))
        return self._action_page(
            request,
            title=_("Buddy afwijzen"),
            form=form,
            objects=[profile],
            back_url=self._change_url(profile),
            submit_label=_("Afwijzen"),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        profile = self.get_object(request, unquote(object_id))
        if profile is not None and self.has_change_permission(request, profile):
            allowed = workflow.PROFILE_TRANSITIONS.get(profile.status, frozenset())
            extra_context["profile_actions"] = [
                (reverse(f"admin:oudernetwerk_buddyprofile_{name}", args=[profile.pk]), label)
                for name, label, target in [
                    ("approve", _("Goedkeuren"), P.APPROVED),
                    ("reject", _("Afwijzen"), P.REJECTED),
                ]
                if target in allowed and not (name == "approve" and profile.status == P.PAUSED)
            ]
            extra_context["vog_valid_until"] = services.vog_valid_until(profile.vog_date)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Goedkeuren"), permissions=["change"])
    def approve_selected(self, request, queryset):
        self._run(
            request,
            queryset.select_related("user"),
            lambda profile: services.buddy_approve(profile=profile, actor=request.user),
            _("%(count)s goedgekeurd."),
        )

    @admin.action(description=_("Afwijzen (met reden)"), permissions=["change"])
    def reject_selected(self, request, queryset):
        """Asks for the reason on a page of its own, then rejects every selected one."""
        return self._list_action_with_form(
            request,
            action="reject_selected",
            form_class=RejectForm,
            objects=list(queryset.select_related("user")),
            perform=lambda profile, data: services.buddy_reject(
                profile=profile, actor=request.user, reason=data["reason"]
            ),
            success=_("%(count)s afgewezen."),
            title=_("Buddy's afwijzen"),
            submit_label=_("Afwijzen"),
        )

    @admin.action(description=_("Pauzeren"), permissions=["change"])
    def pause_selected(self, request, queryset):
        self._run(
            request,
            queryset.select_related("user"),
            lambda profile: services.buddy_pause(profile=profile, actor=request.user),
            _("%(count)s gepauzeerd."),
        )

    @admin.action(description=_("Weer beschikbaar"), permissions=["change"])
    def resume_selected(self, request, queryset):
        self._run(
            request,
            queryset.select_related("user"),
            lambda profile: services.buddy_resume(profile=profile, actor=request.user),
            _("%(count)s weer beschikbaar."),
        )
