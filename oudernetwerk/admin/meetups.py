"""Meetups: planning, changing, cancelling, the registrations and the attendance list."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from steunpunt import access_log
from steunpunt.admin import AccessLoggedAdmin
from steunpunt.admin.actions import ActionPagesMixin
from steunpunt.admin.form_classes import KeptFormAdmin, KeptFormsetInline
from steunpunt.admin.read_once import ReadOnceAdmin
from steunpunt.selectors import site_settings
from steunpunt.spreadsheets import csv_response

from .. import selectors, services
from ..admin_forms import (
    ApproveForm,
    AttendanceForm,
    MeetupAdminForm,
    MeetupCancelForm,
)
from ..models import (
    Meetup,
    MeetupRegistration,
)

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


class MeetupRegistrationInline(KeptFormsetInline, admin.TabularInline):
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
        """For a parent who calls to say they cannot come (not on a row that a posted
        form added: nobody adds registrations here)."""
        if (
            registration.pk is None
            or registration.status == MR.CANCELLED
            or registration.meetup.has_started
        ):
            return "-"
        url = reverse(
            "admin:oudernetwerk_meetup_sign_off",
            args=[registration.meetup_id, registration.pk],
        )
        return format_html('<a href="{}">{}</a>', url, _("Afmelden"))


@admin.register(Meetup)
class MeetupAdmin(
    ReadOnceAdmin, AccessLoggedAdmin, ActionPagesMixin, KeptFormAdmin, admin.ModelAdmin
):
    form = MeetupAdminForm
    list_display = ["title", "starts_at", "where", "places", "waiting", "status"]
    list_filter = [MeetupWhenFilter, "status", "kind", "municipality", "theme"]
    search_fields = ["title", "place_name"]
    date_hierarchy = "starts_at"
    list_select_related = ["municipality"]
    change_select_related = ("created_by", "cancelled_by")
    change_query_compiles = True  # get_queryset: the places counted, for every request
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
        return selectors.meetups_with_counted_places(super().get_queryset(request))

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
            "site_settings": site_settings(),
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
