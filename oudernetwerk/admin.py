"""The coordinator's side of the parent network: screening buddies, the ranked buddy
suggestions on a request with a button to propose one, the matches and check-ins, and
the parent panel with its consultations (results only as suppressed totals)."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from steunpunt import access_log
from steunpunt.admin import AccessLoggedAdmin, ReadOnlyTabularInline
from steunpunt.spreadsheets import csv_response
from steunpunt.stats import MIN_CELL, suppress

from . import selectors, services, workflow
from .admin_forms import (
    ApproveForm,
    AttendanceForm,
    BuddyProfileAdminForm,
    EndMatchForm,
    MeetupAdminForm,
    MeetupCancelForm,
    RejectForm,
    RequestOnBehalfForm,
)
from .models import (
    BuddyProfile,
    BuddyRequest,
    CheckIn,
    Consultation,
    Invitation,
    Match,
    Meetup,
    MeetupRegistration,
    NetworkEvent,
    PanelMember,
    Question,
    Reminder,
    SealedResponse,
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


@admin.register(BuddyProfile)
class BuddyProfileAdmin(AccessLoggedAdmin, ActionPagesMixin, admin.ModelAdmin):
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


@admin.register(BuddyRequest)
class BuddyRequestAdmin(AccessLoggedAdmin, admin.ModelAdmin):
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

    def access_subjects(self, buddy_request: BuddyRequest) -> list:
        return [buddy_request.parent_id]

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
            match = services.match_propose(request=buddy_request, buddy=buddy, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _("%(buddy)s is voorgesteld en krijgt een e-mail. Antwoord uiterlijk %(date)s.")
                % {
                    "buddy": buddy,
                    "date": date_format(timezone.localtime(match.answer_by), "l j F H:i"),
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

    def access_subjects(self, match: Match) -> list:
        return _match_people(match)

    def has_end_permission(self, request) -> bool:
        return request.user.has_perm("oudernetwerk.change_match")

    @admin.action(description=_("Koppeling stoppen (met reden)"), permissions=["end"])
    def end_selected(self, request, queryset):
        return self._list_action_with_form(
            request,
            action="end_selected",
            form_class=EndMatchForm,
            objects=list(queryset.select_related("request", "buddy__user")),
            perform=lambda match, data: services.match_end(
                match=match, actor=request.user, reason=data["reason"]
            ),
            success=_("%(count)s gestopt."),
            title=_("Koppelingen stoppen"),
            submit_label=_("Stoppen"),
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

    def access_subjects(self, checkin: CheckIn) -> list:
        return _match_people(checkin.match)


@admin.register(Reminder)
class ReminderAdmin(ViewOnlyAdmin):
    list_display = ["key", "kind", "created_at", "sent_at", "cancelled_at", "attempts"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["key"]
    list_select_related = ["profile__user"]
    exclude = ["body", "html", "attachments"]

    def access_subjects(self, reminder: Reminder) -> list:
        if reminder.profile_id:
            return [reminder.profile.user_id]
        if reminder.registration_id:
            return [reminder.registration.parent_id]
        match = reminder.match or (reminder.checkin.match if reminder.checkin_id else None)
        return _match_people(match) if match else []


# --- Parent panel and consultations ---------------------------------------------------------
#
# Responses and answers have no admin of their own: coordinators see them only as the
# suppressed totals of the results page. Nothing here links a response to a person.


@admin.register(PanelMember)
class PanelMemberAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "email", "municipality", "theme_names", "joined_at", "withdrawn_at"]
    list_filter = [("withdrawn_at", admin.EmptyFieldListFilter), "municipality", "themes"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user", "municipality"]
    fields = ["user", "municipality", "themes", "consent_text", "joined_at", "withdrawn_at"]

    def access_subjects(self, member: PanelMember) -> list:
        return [member.user_id]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("themes")

    @admin.display(description=_("e-mailadres"), ordering="user__email")
    def email(self, member: PanelMember) -> str:
        return member.user.email

    @admin.display(description=_("onderwerpen"))
    def theme_names(self, member: PanelMember) -> str:
        return ", ".join(theme.name for theme in member.themes.all()) or _("alle")


class QuestionAdminForm(forms.ModelForm):
    """The options of a choice question as plain lines, not JSON."""

    options_text = forms.CharField(
        label=_("keuzes"),
        help_text=_("Eén keuze per regel. Alleen bij meerkeuze, minstens twee."),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40}),
        required=False,
    )

    class Meta:
        model = Question
        fields = ["position", "text", "help_text", "kind", "required"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["options_text"].initial = "\n".join(self.instance.options or [])

    def clean(self):
        data = super().clean()
        options = []
        for line in (data.get("options_text") or "").splitlines():
            line = line.strip()
            if line and line not in options:
                options.append(line)
        if any(len(option) > 200 for option in options):
            self.add_error("options_text", _("Maak elke keuze korter dan 200 tekens."))
        if data.get("kind") == Question.Kind.CHOICE and len(options) < 2:
            self.add_error("options_text", _("Geef een meerkeuzevraag minstens twee keuzes."))
        self.instance.options = options if data.get("kind") == Question.Kind.CHOICE else []
        return data


class QuestionInline(admin.StackedInline):
    """Questions change only while the consultation is a draft: once parents can answer,
    a changed question would mix answers to two different questions."""

    model = Question
    form = QuestionAdminForm
    extra = 0
    fields = ["position", "text", "help_text", "kind", "options_text", "required"]
    readonly_view_fields = ["position", "text", "help_text", "kind", "option_list", "required"]

    def _editable(self, obj) -> bool:
        return obj is None or obj.status == Consultation.Status.DRAFT

    def get_fields(self, request, obj=None):
        return self.fields if self._editable(obj) else self.readonly_view_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if self._editable(obj) else self.readonly_view_fields

    def get_extra(self, request, obj=None, **kwargs) -> int:
        return 1 if obj is None else 0

    def has_add_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)

    @admin.display(description=_("keuzes"))
    def option_list(self, question: Question) -> str:
        return " · ".join(question.options) or "-"


class ConsultationActionForm(forms.Form):
    """A confirmation: the button is the whole form."""


class PublishSummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Samenvatting voor de deelnemers"),
        help_text=_(
            "Wat hebben we gehoord en wat gaan we ermee doen? Gewone woorden, geen namen. "
            "Dit gaat per e-mail naar de ouders die antwoordden en staat op hun pagina."
        ),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        error_messages={"required": _("Schrijf eerst een samenvatting.")},
    )


@admin.register(Consultation)
class ConsultationAdmin(ActionPagesMixin, admin.ModelAdmin):
    list_display = ["title", "status", "closes_on", "invited", "answered", "summary_published_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    filter_horizontal = ["municipalities", "themes"]
    readonly_fields = [
        "status",
        "created_by",
        "created_at",
        "opened_at",
        "closed_at",
        "summary_published_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "introduction", "minutes", "closes_on"]}),
        (
            _("Wie vragen we?"),
            {
                "fields": ["municipalities", "themes"],
                "description": _(
                    "Laat beide leeg om het hele ouderpanel te vragen. Kies je gemeenten én "
                    "onderwerpen, dan vragen we ouders die bij allebei passen."
                ),
            },
        ),
        (_("Samenvatting"), {"fields": ["summary", "summary_published_at"]}),
        (
            _("Status"),
            {"fields": ["status", "created_by", "created_at", "opened_at", "closed_at"]},
        ),
    ]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        invited = (
            Invitation.objects.filter(consultation=OuterRef("pk"))
            .order_by()
            .values("consultation")
            .annotate(count=Count("pk"))
            .values("count")
        )
        # Answers still sealed count too: that someone answered is no secret (the flag
        # says so), only what they answered is.
        sealed = (
            SealedResponse.objects.filter(consultation=OuterRef("pk"))
            .order_by()
            .values("consultation")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(invited_count=Coalesce(Subquery(invited), 0))
            .annotate(sealed_count=Coalesce(Subquery(sealed), 0))
            .annotate(response_count=Count("responses"))
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.summary_published_at is not None:
            fields.append("summary")
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("uitgenodigd"), ordering="invited_count")
    def invited(self, consultation: Consultation) -> int:
        return consultation.invited_count

    @admin.display(description=_("antwoorden"))
    def answered(self, consultation: Consultation):
        return suppress(consultation.response_count + consultation.sealed_count)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    # --- Open, invite, close, results, publish: each through its service --------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        views = [
            ("openen", self.open_view, "open"),
            ("uitnodigen", self.invite_view, "invite"),
            ("sluiten", self.close_view, "close"),
            ("uitslag", self.results_view, "results"),
            ("samenvatting", self.publish_view, "publish"),
        ]
        return [
            *(
                path(f"<int:pk>/{slug}/", wrap(view), name=f"oudernetwerk_consultation_{name}")
                for slug, view, name in views
            ),
            *super().get_urls(),
        ]

    def _consultation_or_404(self, request, pk: int, *, change: bool = True) -> Consultation:
        allowed = self.has_change_permission if change else self.has_view_permission
        if not allowed(request):
            raise PermissionDenied
        consultation = self.get_queryset(request).filter(pk=pk).first()
        if consultation is None:
            raise Http404
        return consultation

    def _change_url(self, consultation: Consultation) -> str:
        return reverse("admin:oudernetwerk_consultation_change", args=[consultation.pk])

    def _confirm(self, request, pk: int, *, title, submit_label, perform, success):
        """A confirmation page; on POST the service runs and says what happened."""
        consultation = self._consultation_or_404(request, pk)
        form = ConsultationActionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                result = perform(consultation)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, success(result), messages.SUCCESS)
                return redirect(self._change_url(consultation))
        return self._action_page(
            request,
            title=title(consultation) if callable(title) else title,
            form=form,
            objects=[consultation],
            back_url=self._change_url(consultation),
            submit_label=submit_label,
        )

    def open_view(self, request, pk: int):
        return self._confirm(
            request,
            pk,
            title=_("Raadpleging openen? Daarna kun je de vragen niet meer veranderen."),
            submit_label=_("Openen"),
            perform=lambda c: services.consultation_open(consultation=c, actor=request.user),
            success=lambda c: _("'%(title)s' is open. Nodig nu ouders uit.") % {"title": c},
        )

    def invite_view(self, request, pk: int):
        def title(consultation):
            count = services.members_to_invite(consultation=consultation).count()
            return ngettext(
                "Uitnodigen: %(count)s ouder uit het panel krijgt een e-mail.",
                "Uitnodigen: %(count)s ouders uit het panel krijgen een e-mail.",
                count,
            ) % {"count": count}

        return self._confirm(
            request,
            pk,
            title=title,
            submit_label=_("Uitnodigen"),
            perform=lambda c: services.consultation_invite(consultation=c, actor=request.user),
            success=lambda count: (
                ngettext("%(count)s ouder uitgenodigd.", "%(count)s ouders uitgenodigd.", count)
                % {"count": count}
            ),
        )

    def close_view(self, request, pk: int):
        return self._confirm(
            request,
            pk,
            title=_("Raadpleging sluiten? Daarna kan niemand meer antwoorden."),
            submit_label=_("Sluiten"),
            perform=lambda c: services.consultation_close(consultation=c, actor=request.user),
            success=lambda c: _("'%(title)s' is gesloten. De uitslag staat klaar.") % {"title": c},
        )

    def publish_view(self, request, pk: int):
        consultation = self._consultation_or_404(request, pk)
        form = PublishSummaryForm(
            request.POST if request.method == "POST" else None,
            initial={"summary": consultation.summary},
        )
        if request.method == "POST" and form.is_valid():
            try:
                count = services.consultation_publish_summary(
                    consultation=consultation,
                    actor=request.user,
                    summary=form.cleaned_data["summary"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "De samenvatting is gedeeld. %(count)s ouder krijgt een e-mail.",
                        "De samenvatting is gedeeld. %(count)s ouders krijgen een e-mail.",
                        count,
                    )
                    % {"count": count},
                    messages.SUCCESS,
                )
                return redirect(self._change_url(consultation))
        return self._action_page(
            request,
            title=_("Samenvatting delen met de ouders die antwoordden"),
            form=form,
            objects=[consultation],
            back_url=self._change_url(consultation),
            submit_label=_("Samenvatting delen"),
        )

    def results_view(self, request, pk: int):
        consultation = self._consultation_or_404(request, pk, change=False)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Uitslag: %(title)s") % {"title": consultation},
            "original": consultation,
            "results": services.consultation_results(consultation=consultation),
            "min_cell": MIN_CELL,
        }
        return TemplateResponse(request, "admin/oudernetwerk/consultation/results.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        consultation = self.get_queryset(request).filter(pk=object_id).first()
        if consultation is not None and self.has_view_permission(request, consultation):
            may_change = self.has_change_permission(request, consultation)
            status = consultation.status
            actions = [
                ("open", _("Openen"), status == Consultation.Status.DRAFT),
                ("invite", _("Uitnodigen"), consultation.accepts_answers()),
                ("close", _("Sluiten"), status == Consultation.Status.OPEN),
                (
                    "publish",
                    _("Samenvatting delen"),
                    status == Consultation.Status.CLOSED
                    and consultation.summary_published_at is None,
                ),
            ]
            extra_context["consultation_actions"] = [
                (reverse(f"admin:oudernetwerk_consultation_{name}", args=[consultation.pk]), label)
                for name, label, allowed in actions
                if allowed and may_change
            ]
            extra_context["results_url"] = reverse(
                "admin:oudernetwerk_consultation_results", args=[consultation.pk]
            )
            extra_context["answered_shown"] = suppress(consultation.response_count)
            if status == Consultation.Status.DRAFT:
                extra_context["open_problems"] = services.consultation_problems(
                    consultation=consultation
                )
        return super().change_view(request, object_id, form_url, extra_context)


# --- Meetups (ontmoetingen) -----------------------------------------------------------------

MR = MeetupRegistration.Status


def attendance_order(registrations):
    """Those with a place first, then the waiting list in its order, then who left."""
    return registrations.annotate(
        list_order=Case(
            When(status=MR.REGISTERED, then=Value(0)),
            When(status=MR.WAITING, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        waiting_place=selectors.waiting_place_expression(),
    ).order_by("list_order", "created_at", "pk")


class MeetupWhenFilter(admin.SimpleListFilter):
    """The meetups to come by default: with months of past meetups in the list, the
    coordinator still sees the next one first."""

    title = _("wanneer")
    parameter_name = "wanneer"

    def lookups(self, request, model_admin):
        return [
            ("komend", _("Nog niet voorbij")),
            ("voorbij", _("Voorbij")),
            ("alle", _("Alle")),
        ]

    def value(self):
        return super().value() or "komend"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "komend":
            return queryset.filter(ends_at__gt=now)
        if self.value() == "voorbij":
            return queryset.filter(ends_at__lte=now)
        return queryset


class MeetupRegistrationInline(admin.TabularInline):
    """The attendance list: the parents with a place, then the waiting list in order;
    after the meetup the coordinator marks who was there."""

    model = MeetupRegistration
    form = AttendanceForm
    fields = [
        "parent_name",
        "parent_email",
        "status",
        "queue",
        "created_at",
        "attended",
        "sign_off",
    ]
    readonly_fields = ["parent_name", "parent_email", "status", "queue", "created_at", "sign_off"]
    extra = 0
    can_delete = False
    verbose_name = _("aanmelding")
    verbose_name_plural = _("aanwezigheidslijst: eerst wie een plek heeft, dan de wachtlijst")

    def get_queryset(self, request):
        return attendance_order(super().get_queryset(request).select_related("parent", "meetup"))

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("naam"))
    def parent_name(self, registration: MeetupRegistration) -> str:
        return registration.parent.name or "-"

    @admin.display(description=_("e-mailadres"))
    def parent_email(self, registration: MeetupRegistration) -> str:
        return registration.parent.email

    @admin.display(description=_("plek op de wachtlijst"))
    def queue(self, registration: MeetupRegistration):
        return registration.waiting_place or "-"

    @admin.display(description=_("afmelden"))
    def sign_off(self, registration: MeetupRegistration):
        """For a parent who calls to say they cannot come."""
        if registration.status == MR.CANCELLED or registration.meetup.has_started:
            return "-"
        url = reverse(
            "admin:oudernetwerk_meetup_sign_off",
            args=[registration.meetup_id, registration.pk],
        )
        return format_html('<a href="{}">{}</a>', url, _("Afmelden"))


@admin.register(Meetup)
class MeetupAdmin(AccessLoggedAdmin, ActionPagesMixin, admin.ModelAdmin):
    form = MeetupAdminForm
    list_display = ["title", "starts_at", "where", "places", "waiting", "status"]
    list_filter = [MeetupWhenFilter, "status", "kind", "municipality", "theme"]
    search_fields = ["title", "place_name"]
    date_hierarchy = "starts_at"
    list_select_related = ["municipality"]
    readonly_fields = ["cancel_reason", "cancelled_at", "cancelled_by", "created_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["title", "theme", "description", "status"]}),
        (_("Wanneer"), {"fields": [("starts_at", "ends_at")]}),
        (
            _("Waar"),
            {
                "fields": ["kind", "place_name", "address", "municipality", "online_url"],
                "description": _(
                    "Op een plek: vul de naam van de plek in. Online: vul de link in. Alleen "
                    "ouders met een plek zien de link."
                ),
            },
        ),
        (_("Plekken"), {"fields": ["capacity"]}),
        (
            _("Gegevens"),
            {
                "fields": [
                    "cancel_reason",
                    ("cancelled_at", "cancelled_by"),
                    ("created_by", "created_at"),
                ]
            },
        ),
    ]
    inlines = [MeetupRegistrationInline]
    actions = ["cancel_selected"]
    # The list of meetups holds no personal data; a meetup's page holds its attendance
    # list and is logged.
    access_log_lists = False

    def get_queryset(self, request):
        return selectors.meetups_with_counts(super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_cancelled:
            fields.append("status")
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        # Called off instead, so the people who signed up hear about it.
        return False

    @admin.display(description=_("waar"))
    def where(self, meetup: Meetup) -> str:
        if meetup.is_online:
            return _("Online")
        if meetup.municipality:
            return f"{meetup.place_name}, {meetup.municipality.name}"
        return meetup.place_name

    @admin.display(description=_("aangemeld / plekken"), ordering="registered_count")
    def places(self, meetup: Meetup) -> str:
        return f"{meetup.registered_count} / {meetup.capacity}"

    @admin.display(description=_("wachtlijst"), ordering="waiting_count")
    def waiting(self, meetup: Meetup) -> int:
        return meetup.waiting_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            return
        promoted = services.meetup_fill_places(meetup=obj)
        if promoted:
            self.message_user(
                request,
                _("%(count)s ouder(s) van de wachtlijst hebben een plek gekregen en een e-mail.")
                % {"count": len(promoted)},
                messages.SUCCESS,
            )
        taken = obj.registrations.filter(status=MR.REGISTERED).count()
        if taken > obj.capacity:
            self.message_user(
                request,
                _(
                    "Er zijn al %(taken)s ouders aangemeld, meer dan %(capacity)s plekken. "
                    "Niemand is afgemeld."
                )
                % {"taken": taken, "capacity": obj.capacity},
                messages.WARNING,
            )
        told = services.meetup_changed(meetup=obj, changed=form.changed_data)
        if told:
            self.message_user(
                request,
                _("%(count)s ouder(s) krijgen een e-mail met de nieuwe tijd of plaats.")
                % {"count": told},
                messages.SUCCESS,
            )

    def save_formset(self, request, form, formset, change):
        """Attendance goes through the service, one row at a time."""
        if formset.model is not MeetupRegistration:
            return super().save_formset(request, form, formset, change)
        # What the admin's change message reads from a saved formset.
        formset.new_objects, formset.deleted_objects = [], []
        formset.changed_objects = [
            (row.instance, ["attended"])
            for row in formset.forms
            if row.instance.pk and "attended" in row.changed_data
        ]
        for row in formset.forms:
            if row.instance.pk and "attended" in row.changed_data:
                registration = MeetupRegistration.objects.select_related("meetup", "parent").get(
                    pk=row.instance.pk
                )
                services.meetup_mark_attendance(
                    registration=registration,
                    attended=row.cleaned_data["attended"],
                    actor=request.user,
                )
        return None

    # --- Attendance list to print or download, and calling a meetup off -------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/aanwezigheidslijst/",
                wrap(self.attendance_view),
                name="oudernetwerk_meetup_attendance",
            ),
            path(
                "<int:pk>/aanwezigheidslijst.csv",
                wrap(self.attendance_csv_view),
                name="oudernetwerk_meetup_attendance_csv",
            ),
            path(
                "<int:pk>/afgelasten/",
                wrap(self.cancel_view),
                name="oudernetwerk_meetup_cancel",
            ),
            path(
                "<int:pk>/afmelden/<int:registration_pk>/",
                wrap(self.sign_off_view),
                name="oudernetwerk_meetup_sign_off",
            ),
            *super().get_urls(),
        ]

    def _meetup_or_404(self, request, pk: int, *, change: bool = False) -> Meetup:
        allowed = (
            self.has_change_permission(request) if change else self.has_view_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        meetup = self.get_queryset(request).filter(pk=pk).first()
        if meetup is None:
            raise Http404
        return meetup

    def _attendance(self, meetup: Meetup) -> list[MeetupRegistration]:
        return list(
            attendance_order(
                meetup.registrations.filter(status__in=[MR.REGISTERED, MR.WAITING])
            ).select_related("parent")
        )

    def attendance_view(self, request, pk: int):
        """A plain page to print and take along: names, with a box to tick."""
        meetup = self._meetup_or_404(request, pk)
        # A list of many parents: one entry, without a subject.
        access_log.record_read(request=request, obj=meetup)
        context = {
            "meetup": meetup,
            "location": services.meetup_location(meetup),
            "registrations": self._attendance(meetup),
            "site_settings": services.site_settings(),
        }
        return TemplateResponse(request, "admin/oudernetwerk/meetup/attendance.html", context)

    def attendance_csv_view(self, request, pk: int):
        meetup = self._meetup_or_404(request, pk)
        yes_no = {True: _("ja"), False: _("nee"), None: ""}
        header = [
            _("naam"),
            _("e-mailadres"),
            _("status"),
            _("plek op de wachtlijst"),
            _("aangemeld op"),
            _("was er"),
        ]
        access_log.record_read(request=request, action=access_log.Action.EXPORT, obj=meetup)
        rows = (
            [
                registration.parent.name,
                registration.parent.email,
                registration.get_status_display(),
                registration.waiting_place or "",
                timezone.localtime(registration.created_at).strftime("%d-%m-%Y %H:%M"),
                yes_no[registration.attended],
            ]
            for registration in self._attendance(meetup)
        )
        # A byte order mark and semicolons: Excel in Dutch opens it in columns.
        return csv_response(
            filename=f"aanwezigheid-ontmoeting-{meetup.pk}.csv", rows=[header, *rows]
        )

    def _change_url(self, meetup: Meetup) -> str:
        return reverse("admin:oudernetwerk_meetup_change", args=[meetup.pk])

    def cancel_view(self, request, pk: int):
        meetup = self._meetup_or_404(request, pk, change=True)
        form = MeetupCancelForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.meetup_cancel(
                    meetup=meetup, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("%(meetup)s is afgelast. Wie zich had aangemeld, krijgt een e-mail.")
                    % {"meetup": meetup},
                    messages.SUCCESS,
                )
                return redirect(self._change_url(meetup))
        return self._action_page(
            request,
            title=_("Ontmoeting afgelasten"),
            form=form,
            objects=[meetup],
            back_url=self._change_url(meetup),
            submit_label=_("Afgelasten"),
        )

    def sign_off_view(self, request, pk: int, registration_pk: int):
        """Sign a parent off who let us know they cannot come; their place goes to the
        first on the waiting list."""
        if not request.user.has_perm("oudernetwerk.change_meetupregistration"):
            raise PermissionDenied
        meetup = self._meetup_or_404(request, pk)
        registration = (
            meetup.registrations.filter(pk=registration_pk).select_related("parent").first()
        )
        if registration is None:
            raise Http404
        form = ApproveForm(request.POST if request.method == "POST" else None)
        if not form.is_bound:
            access_log.record_read(
                request=request, obj=registration, subjects=[registration.parent_id]
            )
        if request.method == "POST" and form.is_valid():
            try:
                services.meetup_cancel_registration(registration=registration, actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _(
                        "%(parent)s is afgemeld. Was er een plek, dan gaat die naar de eerste "
                        "op de wachtlijst; die krijgt een e-mail."
                    )
                    % {"parent": registration.parent},
                    messages.SUCCESS,
                )
                return redirect(self._change_url(meetup))
        return self._action_page(
            request,
            title=_("Ouder afmelden"),
            form=form,
            objects=[registration],
            back_url=self._change_url(meetup),
            submit_label=_("Afmelden"),
        )

    @admin.action(description=_("Afgelasten (met reden)"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        return self._list_action_with_form(
            request,
            action="cancel_selected",
            form_class=MeetupCancelForm,
            objects=list(queryset),
            perform=lambda meetup, data: services.meetup_cancel(
                meetup=meetup, actor=request.user, reason=data["reason"]
            ),
            success=_("%(count)s afgelast. Wie zich had aangemeld, krijgt een e-mail."),
            title=_("Ontmoetingen afgelasten"),
            submit_label=_("Afgelasten"),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        # get_object: an id that is no number is "not found", not a 500.
        meetup = self.get_object(request, unquote(object_id))
        if meetup is not None:
            tools = [
                (
                    reverse("admin:oudernetwerk_meetup_attendance", args=[meetup.pk]),
                    _("Aanwezigheidslijst (printen)"),
                ),
                (
                    reverse("admin:oudernetwerk_meetup_attendance_csv", args=[meetup.pk]),
                    _("Aanwezigheidslijst (CSV)"),
                ),
            ]
            if (
                self.has_change_permission(request, meetup)
                and meetup.status != Meetup.Status.CANCELLED
                and not meetup.has_started
            ):
                tools.insert(
                    0,
                    (
                        reverse("admin:oudernetwerk_meetup_cancel", args=[meetup.pk]),
                        _("Afgelasten"),
                    ),
                )
            extra_context.update(meetup_tools=tools, meetup_summary=meetup)
        return super().change_view(request, object_id, form_url, extra_context)
