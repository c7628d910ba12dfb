"""The access log, for the privacy officer: read-only, filtered by subject, actor,
case and dates, exported as CSV."""

from datetime import date

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import access_log, roles
from ..forms import fits_in_key
from ..models import (
    AccessEvent,
    User,
)
from ..spreadsheets import csv_response
from .base import LightListAdmin
from .read_once import ReadOnceAdmin

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
        return [int(value)] if fits_in_key(User._meta.pk, int(value)) else []
    return list(User.objects.filter(email__iexact=value).values_list("pk", flat=True))


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


# The roles as the access log writes them, in the words the privacy officer reads.
ROLE_LABELS = {
    roles.COORDINATOR: _("coördinator"),
    roles.EDITOR: _("redacteur"),
    roles.BUDDY: _("buddy"),
    roles.PARTNER: _("partner"),
    roles.PRIVACY_OFFICER: _("functionaris gegevensbescherming"),
    access_log.PARENT: _("ouder"),
    access_log.ANONYMOUS: _("niet ingelogd"),
    access_log.SYSTEM: _("systeem"),
}


def _role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role or "-"))


# Entries about something that is not a model (steunpunt/receivers.py, the signals report,
# the data download), in the words the privacy officer reads.
OBJECT_LABELS = {
    "session": _("inloggen"),
    "mfa.added": _("tweede stap ingesteld"),
    "mfa.removed": _("tweede stap verwijderd"),
    "mfa.regenerated": _("nieuwe herstelcodes"),
    "mfa.used_up": _("herstelcodes opgebruikt"),
    "mfa.reset": _("tweede stap opnieuw laten instellen"),
    "role.added": _("rol gekregen"),
    "role.removed": _("rol kwijt"),
    "casussen.signals_report": _("signalenrapport"),
    "steunpunt.personal_data": _("gegevens downloaden"),
}
# The details those entries carry: how someone signed in, which factor, which role.
DETAIL_LABELS = {
    "password": _("wachtwoord"),
    "code": _("code per e-mail"),
    "mfa": _("tweede stap"),
    "totp": _("app voor inlogcodes"),
    "recovery_codes": _("herstelcodes"),
    "all": _("alles verwijderd"),
    "none": _("er was niets"),
    "is_staff": _("toegang tot het beheer"),
    "is_superuser": _("alle rechten"),
    **ROLE_LABELS,
}


def _detail_label(detail: str) -> str:
    """ "password+mfa" reads "wachtwoord + tweede stap"; unknown parts stay as they are."""
    return " + ".join(str(DETAIL_LABELS.get(part, part)) for part in detail.split("+"))


class RoleFilter(admin.SimpleListFilter):
    title = _("rol")
    # The field lookup's own name, so links and bookmarks made before keep working.
    parameter_name = "actor_role__exact"

    def lookups(self, request, model_admin):
        # Every role the log writes (`access_log.actor_role`), not a DISTINCT over the
        # log, which grows with every page anyone is shown.
        written = [*ROLE_LABELS, "staff"]
        return sorted(((role, _role_label(role)) for role in written), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(actor_role=self.value())
        return queryset


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnceAdmin, LightListAdmin, admin.ModelAdmin):
    """The log of who saw what, for the privacy officer: filter by person, case, staff
    member, period, action and role, and export what is filtered. Nobody adds, changes
    or deletes an entry here, superusers neither; coordinators and editors have no
    permission to open it, so nobody reads their own actions away."""

    list_display = [
        "at",
        "actor_display",
        "role_display",
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
        RoleFilter,
        "result",
    ]
    list_select_related = ["actor", "subject"]
    # An entry's page: the entry with who read and whose data, in one query compiled
    # once per process (the names were a query each).
    change_select_related = ("actor", "subject")
    change_query_compiles = True
    date_hierarchy = "at"
    actions = None
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

    @admin.display(description=_("rol en organisatie"), ordering="actor_role")
    def role_display(self, event: AccessEvent) -> str:
        # One column for both keeps "over wie" and "resultaat" in sight at 1366 px.
        role = _role_label(event.actor_role)
        if event.actor_organisation:
            return format_html("{}<br>{}", role, event.actor_organisation)
        return role

    @admin.display(description=_("gegevens"), ordering="object_type")
    def object_display(self, event: AccessEvent) -> str:
        # "vraag of klacht #12" rather than "casussen.case #12"; "inloggen: wachtwoord +
        # tweede stap" rather than "session #password+mfa".
        if event.object_type in OBJECT_LABELS:
            name = str(OBJECT_LABELS[event.object_type])
            return f"{name}: {_detail_label(event.object_id)}" if event.object_id else name
        try:
            name = str(apps.get_model(event.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            name = event.object_type
        return f"{name} #{event.object_id}" if event.object_id else name

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
