from datetime import date

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import access_log, erasure, services
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
from .spreadsheets import csv_response


class AccessLoggedAdmin:
    """Writes the access log for an admin of someone else's personal data: one entry per
    shown change page and history page (per data subject), one per shown list (without
    a subject: a list is not written down person by person), one per saved change.

    An admin says whom a record is about with `access_subjects(obj)` (user ids or users;
    empty for a record about many people) and which case with `access_case_reference`.
    The entry is written before the page is rendered, so a page whose reading cannot be
    logged is not shown (fail closed)."""

    # Whether a shown list (changelist) is logged too.
    access_log_lists = True

    def access_subjects(self, obj) -> list:
        return []

    def access_case_reference(self, obj) -> str:
        return ""

    def _log_object(self, request, obj, action: str) -> None:
        access_log.record_read(
            request=request,
            action=action,
            obj=obj,
            subjects=self.access_subjects(obj) or [None],
            case_reference=self.access_case_reference(obj),
        )

    @staticmethod
    def _shown(response, key: str):
        if not isinstance(response, TemplateResponse) or response.status_code >= 300:
            return None
        return (response.context_data or {}).get(key)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        listed = self.access_log_lists and request.method == "GET"
        if listed and self._shown(response, "cl") is not None:
            access_log.record_read(request=request, object_type=self.model._meta.label_lower)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self._shown(response, "original")
        if obj is not None:
            self._log_object(request, obj, access_log.Action.VIEW)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = self._shown(response, "object")
        if obj is not None:
            self._log_object(request, obj, access_log.Action.VIEW)
        return response

    def log_change(self, request, obj, message):
        self._log_object(request, obj, access_log.Action.CHANGE)
        return super().log_change(request, obj, message)


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


# --- The access log, for the privacy officer ----------------------------------------------


class TextInputFilter(admin.SimpleListFilter):
    """A filter typed into a box (an email address, a reference, a date), as one small
    GET form that keeps the other filters."""

    template = "admin/steunpunt/text_input_filter.html"
    input_type = "text"

    def lookups(self, request, model_admin):
        return ()

    def has_output(self) -> bool:
        return True

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Alles"),
            "hidden": [
                (name, value)
                for name, value in changelist.params.items()
                if name != self.parameter_name
            ],
            "input_type": self.input_type,
        }


def _user_ids(value: str) -> list[int]:
    """A person typed as an email address (or an id) as the ids it stands for; entries
    keep only ids, never the address."""
    value = value.strip()
    if value.isdecimal() and value.isascii():
        # An id too large for the database stands for nobody (SQLite would refuse it).
        return [int(value)] if int(value) <= MAX_ID else []
    return list(User.objects.filter(email__iexact=value).values_list("pk", flat=True))


# The largest id a BigAutoField holds in every supported database.
MAX_ID = 2**63 - 1


class SubjectFilter(TextInputFilter):
    title = _("persoon (e-mailadres of id)")
    parameter_name = "persoon"

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(subject_id__in=_user_ids(self.value()))
        return queryset


class ActorFilter(TextInputFilter):
    title = _("medewerker (e-mailadres of id)")
    parameter_name = "medewerker"

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(actor_id__in=_user_ids(self.value()))
        return queryset


class CaseReferenceFilter(TextInputFilter):
    title = _("kenmerk")
    parameter_name = "kenmerk"

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(case_reference__iexact=self.value().strip())
        return queryset


class _DateFilter(TextInputFilter):
    input_type = "date"
    lookup = ""

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            day = date.fromisoformat(self.value().strip())
        except ValueError:
            return queryset.none()
        return queryset.filter(**{f"at__date__{self.lookup}": day})


class FromFilter(_DateFilter):
    title = _("datum vanaf")
    parameter_name = "vanaf"
    lookup = "gte"


class UntilFilter(_DateFilter):
    title = _("datum tot en met")
    parameter_name = "tot"
    lookup = "lte"


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """The log of who saw what, for the privacy officer: filter by person, case, staff
    member, period, action and role, and export what is filtered. Nobody adds, changes
    or deletes an entry here, superusers neither; coordinators and editors have no
    permission to open it, so nobody reads their own actions away."""

    list_display = [
        "at",
        "actor_display",
        "actor_role",
        "actor_organisation",
        "action",
        "object_display",
        "subject_display",
        "case_reference",
        "result",
    ]
    list_filter = [
        SubjectFilter,
        CaseReferenceFilter,
        ActorFilter,
        FromFilter,
        UntilFilter,
        "action",
        "actor_role",
        "result",
    ]
    list_select_related = ["actor", "subject"]
    date_hierarchy = "at"
    actions = None
    list_per_page = 100
    show_full_result_count = False
    fields = [
        "at",
        "actor",
        "actor_role",
        "actor_organisation",
        "action",
        "object_type",
        "object_id",
        "subject",
        "case_reference",
        "result",
        "origin",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("wie"), ordering="actor_id")
    def actor_display(self, event: AccessEvent) -> str:
        return _user_label(event.actor_id, event.actor)

    @admin.display(description=_("gegevens"), ordering="object_type")
    def object_display(self, event: AccessEvent) -> str:
        return f"{event.object_type} #{event.object_id}" if event.object_id else event.object_type

    @admin.display(description=_("over wie"), ordering="subject_id")
    def subject_display(self, event: AccessEvent) -> str:
        return _user_label(event.subject_id, event.subject)

    def get_urls(self):
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_view),
                name="steunpunt_accessevent_export",
            ),
            *super().get_urls(),
        ]

    def _refuse_unless_allowed(self, request) -> None:
        """Someone on the admin without the right to read the log (a coordinator, say)
        is refused, and the attempt is itself an entry."""
        if not self.has_view_permission(request):
            access_log.record(
                action=access_log.Action.VIEW,
                request=request,
                object_type=AccessEvent._meta.label_lower,
                result=access_log.Result.REFUSED,
            )
            raise PermissionDenied

    def changelist_view(self, request, extra_context=None):
        self._refuse_unless_allowed(request)
        extra_context = {
            **(extra_context or {}),
            "export_url": reverse("admin:steunpunt_accessevent_export"),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._refuse_unless_allowed(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def export_view(self, request):
        """The filtered list as CSV, ids only. The export itself is an entry."""
        self._refuse_unless_allowed(request)
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:steunpunt_accessevent_changelist"))
        # Read before the export writes its own entry, which is not part of it.
        events = list(changelist.get_queryset(request).order_by("-at", "-id"))
        subject = request.GET.get(SubjectFilter.parameter_name)
        subject_ids = _user_ids(subject) if subject else []
        access_log.record(
            action=access_log.Action.EXPORT,
            request=request,
            object_type=AccessEvent._meta.label_lower,
            subject=subject_ids[0] if len(subject_ids) == 1 else None,
            case_reference=request.GET.get(CaseReferenceFilter.parameter_name, "").strip()[:20],
        )
        header = [
            _("wanneer"),
            _("wie (id)"),
            _("rol"),
            _("organisatie"),
            _("wat"),
            _("soort gegevens"),
            _("id"),
            _("over wie (id)"),
            _("kenmerk"),
            _("resultaat"),
            _("herkomst (versleuteld)"),
        ]
        rows = (
            [
                timezone.localtime(event.at).strftime("%d-%m-%Y %H:%M:%S"),
                event.actor_id or "",
                event.actor_role,
                event.actor_organisation,
                event.action,
                event.object_type,
                event.object_id,
                event.subject_id or "",
                event.case_reference,
                event.result,
                event.origin,
            ]
            for event in events
        )
        stamp = timezone.localdate().isoformat()
        return csv_response(filename=f"logboek-inzage-{stamp}.csv", rows=[header, *rows])


def _user_label(user_id: int | None, user: User | None) -> str:
    if user_id is None:
        return "-"
    # An erased account keeps its id in the log.
    return f"{user.email} (#{user_id})" if user is not None else f"#{user_id}"


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
        if not object_id.isdecimal():
            raise Http404
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
