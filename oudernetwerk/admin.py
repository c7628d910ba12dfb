"""The coordinator's side of the parent network: screening buddies, the ranked buddy
suggestions on a request with a button to propose one, and the matches."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from steunpunt.admin import ReadOnlyTabularInline

from . import services, workflow
from .admin_forms import (
    ApproveForm,
    BuddyProfileAdminForm,
    EndMatchForm,
    RejectForm,
    RequestOnBehalfForm,
)
from .models import BuddyProfile, BuddyRequest, CheckIn, Match, NetworkEvent, Reminder

P = BuddyProfile.Status
ACTION_TEMPLATE = "admin/oudernetwerk/action_form.html"
SCREENING_FIELDS = ("intake_held_at", "vog_date", "training_date")


class ViewOnlyAdmin(admin.ModelAdmin):
    """Records that only services write: coordinators look, nobody edits here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


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


@admin.register(BuddyProfile)
class BuddyProfileAdmin(ActionPagesMixin, admin.ModelAdmin):
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
    readonly_fields = [
        "user",
        "status",
        "approved_by",
        "approved_at",
        "rejected_reason",
        "created_at",
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
        profile = self.get_queryset(request).filter(pk=object_id).first()
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
        profiles = list(queryset.select_related("user"))
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run(
                request,
                profiles,
                lambda profile: services.buddy_reject(
                    profile=profile, actor=request.user, reason=form.cleaned_data["reason"]
                ),
                _("%(count)s afgewezen."),
            )
            return None
        return self._action_page(
            request,
            title=_("Buddy's afwijzen"),
            form=form,
            objects=profiles,
            back_url=reverse("admin:oudernetwerk_buddyprofile_changelist"),
            submit_label=_("Afwijzen"),
            extra={"changelist_action": "reject_selected"},
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


@admin.register(BuddyRequest)
class BuddyRequestAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "parent",
        "municipality",
        "urgency",
        "status",
        "answer_by",
        "created_at",
    ]
    list_filter = ["status", "urgency", "municipality", "themes"]
    search_fields = ["parent__email", "parent__name"]
    list_select_related = ["parent", "municipality"]
    readonly_fields = ["parent", "created_by", "status", "answer_by", "hopes", "created_at"]
    fields = [
        ("parent", "status"),
        ("answer_by", "created_at", "created_by"),
        "hopes",
        "themes",
        ("age_band", "school_type"),
        ("municipality", "language"),
        "urgency",
    ]
    filter_horizontal = ["themes"]
    inlines = [RequestMatchInline, RequestEventInline]
    date_hierarchy = "created_at"

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/voorstellen/<int:buddy_pk>/",
                wrap(require_POST(self.propose_view)),
                name="oudernetwerk_buddyrequest_propose",
            ),
            *super().get_urls(),
        ]

    def _may_propose(self, request) -> bool:
        return request.user.has_perm("oudernetwerk.add_match")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        buddy_request = self.get_queryset(request).filter(pk=object_id).first()
        if buddy_request is not None and self.has_view_permission(request, buddy_request):
            open_match = (
                buddy_request.matches.filter(status__in=workflow.OCCUPYING)
                .select_related("buddy__user")
                .first()
            )
            is_open = buddy_request.status == BuddyRequest.Status.OPEN
            extra_context.update(
                open_match=open_match,
                suggestions=(
                    services.suggest_buddies(request=buddy_request)
                    if is_open and open_match is None
                    else []
                ),
                request_is_open=is_open,
                may_propose=self._may_propose(request) and is_open and open_match is None,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def propose_view(self, request, pk: int, buddy_pk: int):
        if not self._may_propose(request):
            raise PermissionDenied
        buddy_request = self.get_queryset(request).filter(pk=pk).first()
        buddy = BuddyProfile.objects.select_related("user").filter(pk=buddy_pk).first()
        if buddy_request is None or buddy is None:
            raise Http404
        try:
            services.match_propose(request=buddy_request, buddy=buddy, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _("%(buddy)s is voorgesteld en krijgt een e-mail. Antwoord uiterlijk %(date)s.")
                % {
                    "buddy": buddy,
                    "date": date_format(
                        timezone.localdate() + timedelta(days=settings.BUDDY_MATCH_ANSWER_DAYS)
                    ),
                },
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:oudernetwerk_buddyrequest_change", args=[pk]))

    def add_view(self, request, form_url="", extra_context=None):
        """A request entered for a parent who called or came by, through the same
        service as the website."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        from casussen.services import parent_for_email

        form = RequestOnBehalfForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                buddy_request = services.request_create(
                    parent=parent_for_email(data["email"]),
                    themes=list(data["themes"]),
                    age_band=data["age_band"],
                    school_type=data["school_type"],
                    municipality=data["municipality"],
                    language=data["language"],
                    hopes=data["hopes"],
                    urgency=data["urgency"],
                    share_email=data["share_email"],
                    share_phone=data["share_phone"],
                    phone=data["phone"],
                    created_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("De aanvraag is ingevoerd. De ouder krijgt een bevestiging."),
                    messages.SUCCESS,
                )
                return redirect("admin:oudernetwerk_buddyrequest_change", buddy_request.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Buddy aanvragen voor een ouder"),
            "form": form,
            "objects": [],
            "back_url": reverse("admin:oudernetwerk_buddyrequest_changelist"),
            "submit_label": _("Aanvraag invoeren"),
        }
        return TemplateResponse(
            request, ACTION_TEMPLATE, context, status=400 if form.errors else 200
        )


class MatchEventInline(ProfileEventInline):
    fk_name = "match"


class CheckInInline(ReadOnlyTabularInline):
    model = CheckIn
    fields = ["round", "respondent", "due_at", "answered_at", "mood", "wants_help", "note"]
    verbose_name_plural = _("check-ins")


class WaitingForBuddyFilter(admin.SimpleListFilter):
    title = _("antwoord buddy")
    parameter_name = "antwoord"

    def lookups(self, request, model_admin):
        return [("open", _("Wacht op antwoord")), ("morgen", _("Verloopt binnen 24 uur"))]

    def queryset(self, request, queryset):
        proposed = queryset.filter(status=Match.Status.PROPOSED)
        if self.value() == "open":
            return proposed
        if self.value() == "morgen":
            return proposed.filter(answer_by__lte=timezone.now() + timedelta(days=1))
        return queryset


@admin.register(Match)
class MatchAdmin(ActionPagesMixin, ViewOnlyAdmin):
    list_display = [
        "__str__",
        "status",
        "answer_by",
        "proposed_at",
        "answered_at",
        "started_at",
        "ended_at",
        "worries",
    ]
    list_filter = ["status", WaitingForBuddyFilter]
    search_fields = ["buddy__user__email", "request__parent__email"]
    list_select_related = ["request", "buddy__user", "proposed_by"]
    date_hierarchy = "proposed_at"
    actions = ["end_selected"]
    inlines = [CheckInInline, MatchEventInline]
    fields = [
        ("request", "buddy"),
        "status",
        ("proposed_at", "proposed_by", "answer_by"),
        ("answered_at", "decline_reason"),
        "started_at",
        ("ended_at", "ended_by", "end_reason"),
    ]

    def get_queryset(self, request):
        worrying = Q(checkins__mood=CheckIn.Mood.BAD) | Q(checkins__wants_help=True)
        return (
            super()
            .get_queryset(request)
            .annotate(worry_count=Count("checkins", filter=worrying, distinct=True))
        )

    @admin.display(description=_("zorgen uit check-ins"), ordering="worry_count")
    def worries(self, match: Match) -> str:
        return str(match.worry_count) if match.worry_count else "0"

    def has_end_permission(self, request) -> bool:
        return request.user.has_perm("oudernetwerk.change_match")

    @admin.action(description=_("Koppeling stoppen (met reden)"), permissions=["end"])
    def end_selected(self, request, queryset):
        matches = list(queryset.select_related("request", "buddy__user"))
        form = EndMatchForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run(
                request,
                matches,
                lambda match: services.match_end(
                    match=match, actor=request.user, reason=form.cleaned_data["reason"]
                ),
                _("%(count)s gestopt."),
            )
            return None
        return self._action_page(
            request,
            title=_("Koppelingen stoppen"),
            form=form,
            objects=matches,
            back_url=reverse("admin:oudernetwerk_match_changelist"),
            submit_label=_("Stoppen"),
            extra={"changelist_action": "end_selected"},
        )


class WorryingFilter(admin.SimpleListFilter):
    title = _("zorgen")
    parameter_name = "zorgen"

    def lookups(self, request, model_admin):
        return [("ja", _("Niet goed of wil hulp"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(Q(mood=CheckIn.Mood.BAD) | Q(wants_help=True))
        return queryset


@admin.register(CheckIn)
class CheckInAdmin(ViewOnlyAdmin):
    list_display = ["match", "respondent", "round", "due_at", "answered_at", "mood", "wants_help"]
    list_filter = [WorryingFilter, "mood", ("answered_at", admin.EmptyFieldListFilter)]
    list_select_related = ["match__request", "match__buddy__user"]
    date_hierarchy = "due_at"
    fields = [*list_display, "note"]


@admin.register(Reminder)
class ReminderAdmin(ViewOnlyAdmin):
    list_display = ["key", "kind", "created_at", "sent_at", "cancelled_at", "attempts"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["key"]
    list_select_related = ["profile__user"]
    exclude = ["body", "html", "attachments"]
