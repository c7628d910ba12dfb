"""What the case admin pages share: the list filters, the read-only inlines of a
case, and the access-logged base of every page with case data."""

from django.contrib import admin
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from steunpunt.admin import AccessLoggedAdmin, ReadOnlyTabularInline

from .. import work_queue, workflow
from ..models import (
    Case,
    CaseAttachment,
    CaseEvent,
    Consent,
    FollowUp,
)


class OverdueFilter(admin.SimpleListFilter):
    title = _("termijn")
    parameter_name = "termijn"

    def lookups(self, request, model_admin):
        return [("te-laat", _("Te laat")), ("vandaag", _("Vandaag"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        open_cases = queryset.filter(status__in=workflow.OPEN)
        late = Q(responded_at__isnull=True, respond_by__lt=today) | Q(resolve_by__lt=today)
        due = Q(responded_at__isnull=True, respond_by=today) | Q(resolve_by=today)
        if self.value() == "te-laat":
            return open_cases.filter(late, paused_since__isnull=True)
        if self.value() == "vandaag":
            return open_cases.filter(due, paused_since__isnull=True)
        return queryset


class WorkQueueFilter(admin.SimpleListFilter):
    """The entries of the work queue on the admin index, each exactly the cases it
    counts (`casussen.work_queue`)."""

    title = _("werkvoorraad")
    parameter_name = "werk"

    def lookups(self, request, model_admin):
        return list(work_queue.labels().items())

    def queryset(self, request, queryset):
        if self.value() in work_queue.RANKS:
            return work_queue.filtered(self.value(), queryset, request.user, timezone.localdate())
        return queryset


class LegalHoldFilter(admin.SimpleListFilter):
    title = _("juridische blokkade")
    parameter_name = "blokkade"

    def lookups(self, request, model_admin):
        return [("ja", _("Ja")), ("nee", _("Nee"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(legal_hold_since__isnull=False)
        if self.value() == "nee":
            return queryset.filter(legal_hold_since__isnull=True)
        return queryset


class ConfirmedFilter(admin.SimpleListFilter):
    """Questions sent with an existing parent's address by someone not signed in as
    them, that the parent has not confirmed (yet)."""

    title = _("bevestigd door de ouder")
    parameter_name = "bevestigd"

    def lookups(self, request, model_admin):
        return [("ja", _("Bevestigd")), ("nee", _("Niet bevestigd"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "nee":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


class EventInline(ReadOnlyTabularInline):
    model = CaseEvent
    fields = ["created_at", "kind", "actor", "summary", "is_internal"]
    verbose_name_plural = _("tijdlijn")
    newest_page_first = True

    @admin.display(description=_("tekst"))
    def summary(self, event: CaseEvent) -> str:
        """The event's text; a status or owner change also says from what to what."""
        if event.kind == CaseEvent.Kind.ASSIGNED and "to" in event.data:
            return _("Behandelaar: %(from)s → %(to)s") % {
                "from": event.data.get("from") or _("niemand"),
                "to": event.data.get("to") or _("niemand"),
            }
        if event.kind != CaseEvent.Kind.STATUS_CHANGED:
            if event.data.get("via") == "email" and event.text:
                return _("%(text)s (per e-mail)") % {"text": event.text}
            return event.text or "-"
        labels = dict(Case.Status.choices)
        change = "{} → {}".format(
            labels.get(event.data.get("from"), "?"), labels.get(event.data.get("to"), "?")
        )
        return f"{change}. {event.text}" if event.text else change


class ConsentInline(ReadOnlyTabularInline):
    model = Consent
    fields = ["organisation", "purpose", "method", "given_at", "withdrawn_at"]


class AttachmentInline(ReadOnlyTabularInline):
    model = CaseAttachment
    fields = ["download", "kind", "received"]

    @admin.display(description=_("bestand"))
    def download(self, attachment: CaseAttachment):
        url = reverse("casussen:attachment", args=[attachment.case_id, attachment.pk])
        return format_html(
            '<a href="{}">{}</a> ({})',
            url,
            attachment.original_name,
            filesizeformat(attachment.size),
        )

    @admin.display(description=_("soort"))
    def kind(self, attachment: CaseAttachment) -> str:
        return attachment.content_type

    @admin.display(description=_("ontvangen"))
    def received(self, attachment: CaseAttachment) -> str:
        return date_format(timezone.localtime(attachment.created_at), "SHORT_DATETIME_FORMAT")


class FollowUpInline(ReadOnlyTabularInline):
    model = FollowUp
    fields = ["organisation", "contact_email", "due_date", "status", "answered_at", "answer"]
    verbose_name_plural = _("vragen aan partners")


class CaseDataAdmin(AccessLoggedAdmin):
    """Records of one case: the access log names the case's parent and reference."""

    def _case(self, obj) -> Case:
        return obj if isinstance(obj, Case) else obj.case

    def access_subjects(self, obj) -> list:
        return [self._case(obj).parent_id]

    def access_case_reference(self, obj) -> str:
        return self._case(obj).reference
