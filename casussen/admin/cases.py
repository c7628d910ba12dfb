"""Triage in the admin: what is new, what is overdue and whose turn it is; a case's
page (its action pages live in `case_actions`) and a case entered on a parent's behalf."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.forms.models import apply_limit_choices_to_to_formfield
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from kennisbank.selectors import suggest_articles
from steunpunt import panels
from steunpunt.admin.actions import ActionPagesMixin
from steunpunt.admin.form_classes import kept_class
from steunpunt.admin.widgets import KnownRowAutocompleteSelect
from steunpunt.forms import known_choices

from .. import reports, selectors, services, workflow
from ..admin_forms import (
    CaseOnBehalfForm,
)
from ..models import (
    Case,
    FollowUp,
)
from ..models.cases import case_owner_choices
from ..services.praatplaat import praatplaat_can_create
from . import case_page, case_summary
from .case_actions import CaseActionViews
from .case_list import CaseChangeList
from .common import (
    AttachmentInline,
    CaseDataAdmin,
    ConfirmedFilter,
    ConsentInline,
    EventInline,
    FollowUpInline,
    LegalHoldFilter,
    OverdueFilter,
    WorkQueueFilter,
)
from .praatplaat import praatplaat_panel, praatplaat_urls
from .search import (
    MunicipalityFilter,
    OwnerFilter,
    ReceivedFilter,
    ThemeFilter,
    search_cases,
)


def _short_date(day) -> str:
    # date_format(day, "j-n-Y") without the format machinery: fifty rows ask for it twice.
    return f"{day.day}-{day.month}-{day.year:04d}"


# The list's marks, made once per language around a stand-in for the date (a short
# date is digits and dashes only): the "te laat" list marks every row of its page.
_DATE_STANDIN = "\x00"
_MARKS: dict[tuple[str, str | None], str] = {}


def _marked(kind: str, day) -> SafeString:
    key = (kind, get_language())
    mark = _MARKS.get(key)
    if mark is None:
        if kind == "late":
            mark = format_html(
                '<strong class="case-overdue">⚠ {} ({})</strong>', _DATE_STANDIN, gettext("te laat")
            )
        else:
            mark = format_html(
                '<span title="{}">⏸ {}</span>', gettext("Wacht op ouder"), _DATE_STANDIN
            )
        mark = _MARKS[key] = str(mark)
    return SafeString(mark.replace(_DATE_STANDIN, _short_date(day)))


# The case page's action links, each reversed once per process (as the summary's).
_case_url = case_summary.case_url


def _picked_from_inline(context, inline_class, *, keep, otherwise):
    """The rows of a read-only inline on the page that `keep` picks, from the rows its
    table reads anyway (in the same order) when they all fit on its first page; else
    `otherwise()` reads them. Lazy: the inline's table is read once, by whoever asks first."""

    def rows():
        for admin_formset in context.get("inline_admin_formsets", ()):
            if type(admin_formset.opts) is inline_class:
                every_row = admin_formset.formset.table.every_row
                if every_row is not None:
                    return [row for row in every_row if keep(row)]
        return list(otherwise())

    return SimpleLazyObject(rows)


@admin.register(Case)
class CaseAdmin(CaseDataAdmin, CaseActionViews, ActionPagesMixin, admin.ModelAdmin):
    # The shared action page, with the case it is about.
    action_template = "admin/casussen/case/action_form.html"

    # What needs doing first (deadline, hold, owner), so it is in sight at 1366 px.
    list_display = [
        "reference",
        "confirmation",
        "kind",
        "status",
        "deadline",
        "legal_hold",
        "assigned_to",
        "priority",
        "theme",
        "received",
        "duplicate_hint",
    ]
    list_filter = [
        WorkQueueFilter,
        OverdueFilter,
        LegalHoldFilter,
        ConfirmedFilter,
        "status",
        "kind",
        ("theme", ThemeFilter),
        ReceivedFilter,
        ("school__municipality", MunicipalityFilter),
        ("assigned_to", OwnerFilter),
        "channel",
    ]
    # Shown as the search box's help; the search itself is `search.search_cases`.
    search_fields = ["reference", "parent__email", "description"]
    search_help_text = _(
        "Kenmerk of e-mailadres (het begin is genoeg), of woorden uit het verhaal."
    )
    autocomplete_fields = ["assigned_to", "school", "complaint_about"]
    list_select_related = ["theme", "assigned_to"]
    # What the columns above read (the checkbox names the case by its reference): of a
    # case's thirty columns and its owner's twenty, the rest took 3 ms to fetch and
    # convert for fifty rows (issue #12).
    list_only = (
        "reference",
        "confirmed_at",
        "kind",
        "status",
        "respond_by",
        "responded_at",
        "resolve_by",
        "paused_since",
        "legal_hold_since",
        "assigned_to__name",
        "assigned_to__email",
        "priority",
        "theme__name",
        "created_at",
    )
    readonly_fields = [
        "reference",
        "kind",
        "channel",
        "parent",
        "status",
        "respond_by",
        "resolve_by",
        "responded_at",
        "resolved_at",
        "closed_at",
        "resolution",
        "created_by",
        "created_at",
        "legal_hold_since",
        "legal_hold_reason",
        "legal_hold_by",
        "anonymised_at",
    ]
    fields = [
        "reference",
        "kind",
        "status",
        "theme",
        "priority",
        "assigned_to",
        ("respond_by", "resolve_by"),
        "description",
        ("age_band", "school", "school_other"),
        "complaint_about",
        "parent",
        ("contact_preference", "phone", "contact_times"),
        "channel",
        "signal_tags",
        ("responded_at", "resolved_at", "closed_at", "resolution"),
        ("created_by", "created_at"),
        ("legal_hold_since", "legal_hold_by"),
        "legal_hold_reason",
        "anonymised_at",
    ]
    inlines = [EventInline, FollowUpInline, ConsentInline, AttachmentInline]
    actions = ["assign_to_me", "set_priority_high", "set_priority_normal"]

    def get_urls(self):

        wrap = self.admin_site.admin_view
        actions = [
            ("bericht", self.message_view, "message"),
            ("notitie", self.note_view, "note"),
            ("toestemming", self.consent_view, "consent"),
            ("opvolging", self.followup_view, "followup"),
            ("status", self.status_view, "status"),
            ("blokkade", self.legal_hold_view, "legal_hold"),
            ("blokkade-opheffen", self.lift_legal_hold_view, "lift_legal_hold"),
            ("samenvoegen", self.merge_view, "merge"),
            ("koppelen", self.link_view, "link"),
            ("aan-mij", self.assign_to_me_view, "assign_to_me"),
            ("evaluatie-besproken", self.evaluation_reviewed_view, "evaluation_reviewed"),
        ]
        return [
            *praatplaat_urls(self),
            *[
                path(
                    f"<int:pk>/{slug}/",
                    wrap(view),
                    name=f"casussen_case_{name}",
                )
                for slug, view, name in actions
            ],
            path(
                "<int:pk>/toestemming/<int:consent_pk>/intrekken/",
                wrap(self.consent_withdraw_view),
                name="casussen_case_consent_withdraw",
            ),
            path(
                "<int:pk>/opvolging/<int:followup_pk>/annuleren/",
                wrap(self.followup_cancel_view),
                name="casussen_case_followup_cancel",
            ),
            path(
                "signalen/",
                wrap(reports.signals_report_view),
                name="casussen_signals_report",
            ),
            path(
                "signalen/export.csv",
                wrap(reports.signals_report_csv),
                name="casussen_signals_report_csv",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("termijn"), ordering="respond_by")
    def deadline(self, case: Case):
        today = timezone.localdate()
        target = case.respond_by if case.responded_at is None else case.resolve_by
        if case.status not in workflow.OPEN:
            return "-"
        # Short dates (3-12-2026): the list keeps every column in sight at 1366 px.
        if case.paused_since:
            return _marked("paused", target)
        if target < today:
            return _marked("late", target)
        return _short_date(target)

    @admin.display(description=_("ontvangen"), ordering="created_at")
    def received(self, case: Case) -> str:
        return _short_date(timezone.localdate(case.created_at))

    @admin.display(description=_("blokkade"), ordering="legal_hold_since")
    def legal_hold(self, case: Case) -> str:
        # Words, not a red cross on every case without one: only a hold stands out.
        if case.on_legal_hold:
            return format_html(
                '<strong class="case-held">{}</strong>', gettext("juridische blokkade")
            )
        return ""

    @admin.display(description=_("dubbel?"))
    def duplicate_hint(self, case: Case) -> str:
        # From the list's own query (`get_queryset`): no query per row.
        if getattr(case, "has_possible_duplicate", False) and case.status in workflow.OPEN:
            return format_html(
                '<strong class="case-duplicate" title="{}">{}</strong>',
                gettext("Deze ouder heeft nog een open zaak over hetzelfde thema."),
                gettext("mogelijk dubbel"),
            )
        return ""

    def get_queryset(self, request):
        # Built once per process (resolving the duplicate mark's subquery took 0.8 ms of
        # every list page); each request gets its own copy, never the shared one.
        if self._list_queryset is None:
            self._list_queryset = (
                super()
                .get_queryset(request)
                .annotate(has_possible_duplicate=services.has_possible_duplicate())
            )
        return self._list_queryset.all()

    _list_queryset = None

    def get_object(self, request, object_id, from_field=None):
        # The case with the related rows its page shows and `owner_is_candidate`, whether
        # the owner is one of the owner field's choices (so that its widget shows the
        # owner without reading them again, `_hand_known_rows`), in one query compiled
        # once (`case_page.case_for_page`).
        if from_field is not None:
            return super().get_object(request, object_id, from_field)
        try:
            pk = Case._meta.pk.to_python(object_id)
        except (ValidationError, ValueError):
            return None
        case = case_page.case_for_page(pk)
        if case is not None:
            self._read_other_names(case)
            if request.method == "GET":
                # The form's initial signals and their choices, in one compiled query.
                case.signal_tag_rows = case_page.read_signal_tags(case)
        return case

    @staticmethod
    def _read_other_names(case: Case) -> None:
        """Who entered the case and who put it on hold, when set: one query for both,
        none when they are the parent or the owner read with the case (a coordinator
        who entered a case by phone often owns it too)."""
        known = {user.pk: user for user in (case.parent, case.assigned_to) if user is not None}
        names = [name for name in ("created_by", "legal_hold_by") if getattr(case, f"{name}_id")]
        missing = {getattr(case, f"{name}_id") for name in names} - known.keys()
        if missing:
            known |= get_user_model().objects.in_bulk(missing)
        for name in names:
            user = known.get(getattr(case, f"{name}_id"))
            if user is not None:
                setattr(case, name, user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        using = router.db_for_write(self.model)
        if request.method != "GET" or transaction.get_connection(using).in_atomic_block:
            return super().change_view(request, object_id, form_url, extra_context)
        # Opening the page writes twice: the coordinator's read mark (`render_change_form`)
        # and the access log entry (`AccessLoggedAdmin`). In one transaction they are one
        # commit, one wait for the disk instead of two; and a page whose reading cannot
        # be logged is not marked as read either. (In a transaction already, that one
        # holds both.)
        with transaction.atomic(using=using):
            return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # The date hierarchy is gone (listing its years read the whole table): a link
        # with its parameters gets the admin's answer to a wrong filter, as before.
        if any(key.startswith("created_at__") for key in request.GET):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)

    def get_changelist(self, request, **kwargs):
        # Its rows and its count in one query (`case_list`).
        return CaseChangeList

    def get_search_results(self, request, queryset, search_term):
        return search_cases(queryset, search_term), False

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "signal_tags":
            # Plain checkboxes: the two-box picker's texts have no Dutch translation in
            # Django and its icons fail axe; the list of signals is short.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            # Django's widget, which can be handed the selected row the page read already.
            kwargs["widget"] = KnownRowAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        if db_field.name == "assigned_to":
            # Only active coordinators can own a case; a parent, buddy or partner here
            # would receive the parent's replies.
            kwargs["queryset"] = selectors.case_owner_candidates()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The change form's class, built once per process for each set of permissions
        # (`kept_class`): nothing else of the request or the case goes into it.
        if not change or set(kwargs) - {"fields"}:
            return self._build_form(request, obj, change=change, **kwargs)
        fields = kwargs.get("fields")
        key = (type(self), self.admin_site.name, "change", fields and tuple(fields))
        return kept_class(
            request, key, lambda: self._build_form(request, obj, change=change, **kwargs)
        )

    def _build_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        owner = form.base_fields.get("assigned_to")
        if owner is not None and owner.limit_choices_to is case_owner_choices:
            # The owner's choices (active coordinators) are the same for every form:
            # narrowed once for the class, not again for every form made from it.
            apply_limit_choices_to_to_formfield(owner)
            owner.limit_choices_to = None

        def clean_assigned_to(bound):
            owner = bound.cleaned_data.get("assigned_to")
            if bound.instance.pk and owner != bound.instance.assigned_to:
                services.check_case_owner(case=bound.instance, coordinator=owner)
            return owner

        form.clean_assigned_to = clean_assigned_to
        return form

    def save_model(self, request, obj, form, change):
        if change and "assigned_to" in form.changed_data:
            # Through the service: the rule, the status and the timeline event.
            owner = obj.assigned_to
            obj.assigned_to = Case.objects.get(pk=obj.pk).assigned_to
            super().save_model(request, obj, form, change)
            case = services.case_assign(case=obj, coordinator=owner, actor=request.user)
            obj.assigned_to, obj.status = case.assigned_to, case.status
            if "theme" not in form.changed_data:
                return
        if change and "theme" in form.changed_data:
            theme = obj.theme
            obj.theme = Case.objects.get(pk=obj.pk).theme
            super().save_model(request, obj, form, change)
            services.case_change_theme(case=obj, theme=theme, actor=request.user)
            return
        super().save_model(request, obj, form, change)

    def add_view(self, request, form_url="", extra_context=None):
        """A case that came in by phone, email or at the desk, entered for the parent
        through the same intake service as the website."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CaseOnBehalfForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                case = services.case_submit(
                    kind=data["kind"],
                    theme=data["theme"],
                    description=data["description"],
                    email=data["email"],
                    phone=data["phone"],
                    contact_preference=data["contact_preference"],
                    contact_times=data["contact_times"],
                    age_band=data["age_band"],
                    school=data["school"],
                    complaint_about=data["complaint_about"],
                    consent_organisations=[data["school"]] if data["consent_school"] else [],
                    channel=data["channel"],
                    created_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("%(reference)s is aangemaakt. De ouder krijgt een bevestiging.")
                    % {"reference": case.reference},
                    messages.SUCCESS,
                )
                return redirect("admin:casussen_case_change", case.pk)
        return self._action_page(
            request,
            title=_("Vraag of klacht invoeren voor een ouder"),
            form=form,
            back_url=reverse("admin:casussen_case_changelist"),
            submit_label=_("Opslaan"),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Here rather than in change_view: the case is the one the admin just read (not
        # read a second time), and a saved form that redirects computes none of it.
        if change and obj is not None:
            if request.method == "GET":
                # Opening the page reads what the parent and partners sent until now.
                services.case_mark_seen(case=obj, user=request.user)
                # An unbound form: its values are the case's own, as read.
                self._hand_known_rows(context, obj)
            context["case_actions"] = self._case_actions(request, obj)
            context["can_assign_to_me"] = self._can_assign_to_me(request, obj)
            context["evaluation"] = case_page.submitted_evaluation(obj)
            context["praatplaat_panel"] = praatplaat_panel(
                obj, context["evaluation"], praatplaten=case_page.praatplaten(obj)
            )
            context["can_create_praatplaat"] = self.has_change_permission(
                request, obj
            ) and praatplaat_can_create(obj)
            context["suggested_articles"] = suggest_articles(
                text=obj.description[:200], theme=obj.theme, user=request.user
            )
            open_statuses = {FollowUp.Status.OPEN, FollowUp.Status.OVERDUE}
            context["open_followups"] = _picked_from_inline(
                context,
                FollowUpInline,
                keep=lambda followup: followup.status in open_statuses,
                otherwise=lambda: obj.followups.filter(status__in=open_statuses).select_related(
                    "organisation"
                ),
            )
            context["valid_consents"] = _picked_from_inline(
                context,
                ConsentInline,
                keep=lambda consent: consent.withdrawn_at is None,
                otherwise=lambda: obj.consents.filter(withdrawn_at__isnull=True).select_related(
                    "organisation"
                ),
            )
            relations = case_page.case_relations(obj)
            context["possible_duplicates"] = relations.possible_duplicates
            context["linked_cases"] = relations.linked
            context["merged_cases"] = relations.merged
            # What other apps show here (the timeline the parent shared).
            context["case_panels"] = panels.render("casussen.case_admin", request=request, obj=obj)
            context["case_summary"] = case_summary.Lazy(
                case_summary.summary_html,
                obj,
                can_assign_to_me=context["can_assign_to_me"],
                possible_duplicates=context["possible_duplicates"],
                linked_cases=context["linked_cases"],
                merged_cases=context["merged_cases"],
                valid_consents=context["valid_consents"],
                open_followups=context["open_followups"],
                evaluation=context["evaluation"],
            )
            context["case_articles"] = case_summary.Lazy(
                case_summary.articles_html, context["suggested_articles"]
            )
            context["case_breadcrumbs"] = case_summary.breadcrumbs_html(
                obj, has_view_permission=self.has_view_permission(request, obj)
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _hand_known_rows(self, context, case: Case) -> None:
        """The autocomplete widgets' selected rows, as read with the case: the school,
        the organisation complained about and the owner (when the owner is among the
        field's choices, `owner_is_candidate`; Django shows no owner otherwise)."""
        adminform = context.get("adminform")
        if adminform is None or not hasattr(case, "owner_is_candidate"):
            return
        rows = {
            "school": case.school if case.school_id else None,
            "complaint_about": case.complaint_about if case.complaint_about_id else None,
            "assigned_to": (
                case.assigned_to if case.assigned_to_id and case.owner_is_candidate else None
            ),
        }
        for name, row in rows.items():
            field = adminform.form.fields.get(name)
            widget = getattr(getattr(field, "widget", None), "widget", None)
            key = getattr(case, f"{name}_id")
            if isinstance(widget, KnownRowAutocompleteSelect) and key is not None:
                widget.known_rows = {str(key): row}
        # The signals' checkboxes: every signal, as read with the case's own.
        tags = adminform.form.fields.get("signal_tags")
        if tags is not None and hasattr(case, "signal_tag_rows"):
            known_choices(tags, case.signal_tag_rows)

    def _case_actions(self, request, case: Case) -> list[tuple[str, str]]:
        if not self.has_change_permission(request, case):
            return []
        hold = [] if case.anonymised_at else [self._legal_hold_action(case)]
        if case.status == Case.Status.CLOSED:
            return hold
        names = [
            ("message", _("Bericht aan ouder")),
            ("note", _("Interne notitie")),
            ("consent", _("Toestemming vastleggen")),
        ]
        if case.status in workflow.OPEN:
            names.append(("followup", _("Partner om actie vragen")))
        names.append(("status", _("Status wijzigen of afronden")))
        if case.parent_id:
            if case.status in workflow.OPEN:
                names.append(("merge", _("Samenvoegen (dubbel)")))
            names.append(("link", _("Koppelen")))
        return [(_case_url(name, case.pk), label) for name, label in names] + hold

    def _can_assign_to_me(self, request, case: Case) -> bool:
        return (
            self.has_change_permission(request, case)
            and selectors.is_coordinator(request.user)
            and case.status in workflow.OPEN
            and case.assigned_to_id != request.user.pk
        )

    def _legal_hold_action(self, case: Case) -> tuple[str, str]:
        if case.on_legal_hold:
            return _case_url("lift_legal_hold", case.pk), _("Blokkade opheffen")
        return _case_url("legal_hold", case.pk), _("Juridische blokkade")

    @admin.display(description=_("bevestigd"), ordering="confirmed_at")
    def confirmation(self, case: Case) -> str:
        # "ja" rather than an empty cell, so a dash never reads as "no"; the unconfirmed
        # ones stand out.
        if case.is_confirmed:
            return gettext("ja")
        return format_html(
            '<strong class="case-unconfirmed">⚠ {}</strong>', gettext("niet bevestigd")
        )

    def has_add_permission(self, request) -> bool:
        # Entering a case for a parent (by phone, email, at the desk) is part of handling
        # cases: coordinators may, through the intake service.
        return self.has_change_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Aan mij toewijzen"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        if not selectors.is_coordinator(request.user):
            # The service refuses each case; saying it once is enough.
            self.message_user(
                request,
                _("Alleen een actieve coördinator kan behandelaar zijn. Er is niets toegewezen."),
                messages.ERROR,
            )
            return
        done = 0
        for case in queryset:
            try:
                services.case_assign(case=case, coordinator=request.user, actor=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        if done:
            self.message_user(request, _("Toegewezen aan jou."), messages.SUCCESS)

    @admin.action(description=_("Prioriteit: hoog"), permissions=["change"])
    def set_priority_high(self, request, queryset):
        queryset.update(priority=Case.Priority.HIGH)

    @admin.action(description=_("Prioriteit: normaal"), permissions=["change"])
    def set_priority_normal(self, request, queryset):
        queryset.update(priority=Case.Priority.NORMAL)
