"""The publications of signals in the admin: a coordinator prepares one from the
report, an editor or a second coordinator approves it (buttons on its page, through
`services.publication_transition`), anyone of them can preview it as partners see it."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casussen.reports import Quarter

from . import rules, services, snapshot, work_queue, workflow
from .models import Publication
from .views import publication_context

STEP_LABELS = {
    "submit": gettext_lazy("Ter goedkeuring aanbieden"),
    "approve": gettext_lazy("Goedkeuren en publiceren"),
    "reject": gettext_lazy("Terugsturen naar concept"),
    "withdraw": gettext_lazy("Intrekken"),
}


def _finished_quarters(count: int = 8) -> list[tuple[str, str]]:
    quarter = Quarter.current().previous
    choices = []
    for _n in range(count):
        choices.append((quarter.param, quarter.code))
        quarter = quarter.previous
    return choices


class PublicationForm(forms.ModelForm):
    period = forms.ChoiceField(
        label=gettext_lazy("Kwartaal"),
        help_text=gettext_lazy("Alleen een kwartaal dat voorbij is."),
    )
    sections = forms.MultipleChoiceField(
        label=gettext_lazy("Tabellen en grafieken"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Kies wat partners te zien krijgen. Kleine aantallen en wat daaruit te "
            "berekenen is, tonen we niet."
        ),
    )
    recount = forms.BooleanField(
        label=gettext_lazy("Cijfers opnieuw tellen"),
        required=False,
        help_text=gettext_lazy(
            "Aan: de cijfers worden nu opnieuw geteld. Uit: de cijfers blijven zoals ze "
            "waren toen je de publicatie maakte."
        ),
    )

    class Meta:
        model = Publication
        fields = ["title", "summary", "is_public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = snapshot.section_choices()
        if self.instance.pk:
            del self.fields["period"]
            self.initial["sections"] = self.instance.sections
        else:
            del self.fields["recount"]
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Leeg: 'Signalen van ouders' en het kwartaal.")
            self.fields["period"].choices = _finished_quarters()
            self.initial.setdefault("sections", [key for key, _l in snapshot.section_choices()])

    def clean(self):
        cleaned = super().clean()
        if "period" in cleaned:
            quarter = Quarter.parse(cleaned["period"])
            cleaned["year"], cleaned["quarter"] = quarter.year, quarter.number
            living = Publication.objects.filter(year=quarter.year, quarter=quarter.number).exclude(
                status=Publication.Status.WITHDRAWN
            )
            if living.exists():
                self.add_error(
                    "period",
                    services.already_one(),
                )
            if not cleaned.get("title"):
                cleaned["title"] = _("Signalen van ouders, %(quarter)s") % {
                    "quarter": quarter.label
                }
        return cleaned


class WorkFilter(admin.SimpleListFilter):
    """The work queue's link: the same query as its count."""

    title = gettext_lazy("werk")
    parameter_name = "werk"

    def lookups(self, request, model_admin):
        return [("goedkeuren", _("Voor mij om goed te keuren"))]

    def queryset(self, request, queryset):
        if self.value() == "goedkeuren":
            return work_queue.awaiting_approval_by(queryset, request.user)
        return queryset


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    form = PublicationForm
    list_display = ["title", "code", "status", "is_public", "prepared_by", "published_at"]
    list_filter = [WorkFilter, "status", "is_public"]
    list_select_related = ["prepared_by"]
    readonly_fields = ["status", "prepared_by", "approved_by", "counted_at", "published_at"]
    change_form_template = "admin/signalen/publication/change_form.html"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["period", "title", "summary", "sections", "is_public"]
        fields = ["title", "summary", "sections", "is_public"]
        if obj.status == Publication.Status.DRAFT and self.has_change_permission(request, obj):
            fields.append("recount")
        return [*fields, *self.readonly_fields]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The model's own fields; the form declares the others (period, sections, recount).
        kwargs["fields"] = ["title", "summary", "is_public"]
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return ["title", "summary", "section_list", "is_public", *self.readonly_fields]
        return self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        fields = self.get_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            fields = ["section_list" if f == "sections" else f for f in fields]
        return [(None, {"fields": fields})]

    @admin.display(description=gettext_lazy("tabellen en grafieken"))
    def section_list(self, obj: Publication) -> str:
        labels = dict(snapshot.section_choices())
        return ", ".join(str(labels.get(key, key)) for key in obj.sections)

    @admin.display(description=gettext_lazy("kwartaal"))
    def code(self, obj: Publication) -> str:
        return obj.code

    # The roles' model permissions (migration 0002, read from the permission cache the
    # admin loads anyway); the workflow's own rules are checked again in the services.
    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or obj.status == Publication.Status.DRAFT
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (
            obj is not None and obj.status == Publication.Status.DRAFT
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if change:
                saved = services.publication_update(
                    publication=obj,
                    title=data["title"],
                    summary=data["summary"],
                    sections=data["sections"],
                    is_public=data["is_public"],
                    recount=data.get("recount", False),
                    actor=request.user,
                )
            else:
                saved = services.publication_prepare(
                    year=data["year"],
                    quarter=data["quarter"],
                    title=data["title"],
                    summary=data["summary"],
                    sections=data["sections"],
                    is_public=data["is_public"],
                    actor=request.user,
                )
        except (ValidationError, PermissionDenied) as error:
            raise PermissionDenied(str(error)) from error
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        """Nothing related to save: the service wrote everything."""

    def log_addition(self, request, obj, message):
        """The publication's own history records it (PublicationEvent)."""

    def log_change(self, request, obj, message):
        """The publication's own history records it (PublicationEvent)."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["steps"] = [
                (action, STEP_LABELS[action]) for action in workflow.allowed_actions(obj.status)
            ]
            context["step_url"] = reverse("admin:signalen_publication_step", args=[obj.pk])
            context["preview_url"] = reverse("admin:signalen_publication_preview", args=[obj.pk])
            context["events"] = obj.events.select_related("actor")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/stap/", wrap(self.step_view), name="signalen_publication_step"),
            path(
                "<int:pk>/voorbeeld/", wrap(self.preview_view), name="signalen_publication_preview"
            ),
            *super().get_urls(),
        ]

    def step_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return _step(self, request, pk)

    def preview_view(self, request, pk: int):
        if not rules.may_manage(request.user):
            raise PermissionDenied
        publication = get_object_or_404(Publication, pk=pk)
        context = publication_context(publication, preview=True)
        context["back_url"] = reverse("admin:signalen_publication_change", args=[pk])
        return render(request, "signalen/detail.html", context)


def _step(model_admin: PublicationAdmin, request, pk: int):
    if not rules.may_manage(request.user):
        raise PermissionDenied
    publication = get_object_or_404(Publication, pk=pk)
    action = request.POST.get("action", "")
    try:
        services.publication_transition(
            publication=publication,
            action=action,
            actor=request.user,
            note=request.POST.get("note", "")[:2000],
        )
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        model_admin.message_user(request, text or _("Dat mag niet."), messages.ERROR)
    else:
        publication.refresh_from_db()
        model_admin.message_user(
            request,
            _("'%(title)s' is nu: %(status)s.")
            % {"title": publication.title, "status": publication.get_status_display()},
            messages.SUCCESS,
        )
    return redirect("admin:signalen_publication_change", pk)
