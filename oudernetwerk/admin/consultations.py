"""The parent panel and its consultations: questions, opening, inviting, closing,
the results only as suppressed totals, and the summary."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from steunpunt.admin.actions import ActionPagesMixin
from steunpunt.admin.form_classes import KeptInstanceInline
from steunpunt.admin.read_once import ReadOnceAdmin
from steunpunt.stats import MIN_CELL, suppress

from .. import services, work_queue
from ..models import (
    Consultation,
    Invitation,
    PanelMember,
    Question,
    SealedResponse,
)
from .common import ViewOnlyAdmin

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


class QuestionInline(KeptInstanceInline, admin.StackedInline):
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


class ToCloseFilter(admin.SimpleListFilter):
    """The work queue's "Raadplegingen om te sluiten": open while their last day passed."""

    title = _("afronden")
    parameter_name = "afronden"

    def lookups(self, request, model_admin):
        return [("sluiten", _("Laatste dag voorbij, nog open"))]

    def queryset(self, request, queryset):
        if self.value() == "sluiten":
            return work_queue.consultations_to_close(queryset, timezone.localdate())
        return queryset


@admin.register(Consultation)
class ConsultationAdmin(ReadOnceAdmin, ActionPagesMixin, admin.ModelAdmin):
    list_display = ["title", "status", "closes_on", "invited", "answered", "summary_published_at"]
    list_filter = ["status", ToCloseFilter]
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
    change_select_related = ("created_by",)
    change_query_compiles = True  # get_queryset: the counts, for every request
    change_selected = ("municipalities", "themes")

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
        consultation = self.get_object(request, unquote(object_id))
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
