from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from steunpunt.admin import LightListAdmin, OneEmptyFormInlineFormSet, ReadOnlyTabularInline
from steunpunt.admin.form_classes import KeptFormAdmin, KeptFormsetInline
from steunpunt.admin.read_once import ReadOnceAdmin
from steunpunt.roles import EDITOR
from steunpunt.selectors import users_with_role
from steunpunt.uploads import safe_filename, validate_upload

from . import selectors, services, work_queue, workflow
from .models import (
    Article,
    ArticleAttachment,
    ArticleEvent,
    ArticleFeedback,
    ArticleLink,
    SearchLog,
)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = ArticleAttachment
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):
            self.detected_type = validate_upload(upload)
            upload.name = safe_filename(upload.name, self.detected_type)
        return upload

    def save(self, commit=True):
        attachment = super().save(commit=False)
        if hasattr(self, "detected_type"):
            attachment.content_type = self.detected_type
            attachment.size = self.cleaned_data["file"].size
        if commit:
            attachment.save()
        return attachment


class AttachmentInline(KeptFormsetInline, admin.TabularInline):
    model = ArticleAttachment
    form = AttachmentForm
    formset = OneEmptyFormInlineFormSet
    # The form's fields, named here so that the admin does not build the formset twice
    # per page to find them out.
    fields = ["title", "file"]
    extra = 0


class LinkInline(KeptFormsetInline, admin.TabularInline):
    model = ArticleLink
    formset = OneEmptyFormInlineFormSet
    fields = ["title", "url"]  # see AttachmentInline
    extra = 0
    # An address typed without a scheme is read as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class EventInline(ReadOnlyTabularInline):
    model = ArticleEvent
    fields = ["at", "action", "actor", "note"]
    verbose_name_plural = _("geschiedenis: wie deed wat en wanneer")


# The review steps as editors see them in the list's actions (and in the help text that
# names the steps possible now), one label per action of workflow.TRANSITIONS.
ACTION_LABELS = {
    "submit": _("Ter controle aanbieden"),
    "publish": _("Goedkeuren en publiceren"),
    "reject": _("Terugsturen naar concept"),
    "unpublish": _("Offline halen (terug naar concept)"),
    "archive": _("Archiveren"),
    "restore": _("Uit archief terugzetten naar concept"),
}


def _transition_action(action: str, label):
    def run(modeladmin, request, queryset):
        done = 0
        for article in queryset:
            try:
                services.article_transition(article=article, action=action, actor=request.user)
                done += 1
            except ValidationError as error:
                modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
            except PermissionDenied as error:
                modeladmin.message_user(request, str(error), messages.ERROR)
        if done:
            modeladmin.message_user(
                request,
                ngettext("%(count)d artikel bijgewerkt.", "%(count)d artikelen bijgewerkt.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    run.__name__ = f"action_{action}"
    run.short_description = label
    run.allowed_permissions = ("publish",) if action == "publish" else ("change",)
    return run


class ReviewFilter(admin.SimpleListFilter):
    """The editors' work queue: offered for review, or past the review date."""

    title = _("controle")
    parameter_name = "controle"

    def lookups(self, request, model_admin):
        return [
            ("aangeboden", _("Ter controle aangeboden")),
            ("verlopen", _("Controledatum voorbij")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "aangeboden":
            return work_queue.in_review(queryset)
        if self.value() == "verlopen":
            return work_queue.review_date_passed(queryset, timezone.localdate())
        return queryset


@admin.register(Article)
class ArticleAdmin(ReadOnceAdmin, LightListAdmin, KeptFormAdmin, admin.ModelAdmin):
    list_display = ["title", "status", "visibility", "audience", "review_by", "updated_at"]
    list_filter = [ReviewFilter, "status", "visibility", "audience", "themes", "language"]
    search_fields = ["title", "summary", "body"]
    # The texts and the search index of fifty articles: most of what the list fetched.
    list_defer = (
        "summary",
        "body",
        "body_html",
        "body_text",
        "search_text",
        "search_head",
        "search_vector",
    )
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    # A select of every other article would hold thousands of options (2.3 s and 350 kB
    # at 5,000 articles): the related articles are searched as you type instead.
    autocomplete_fields = ["related"]
    readonly_fields = ["status", "submitted", "published_at", "checked_on", "view_count"]
    inlines = [AttachmentInline, LinkInline, EventInline]
    # The article by a query compiled once per process (its queryset is every request's),
    # and the form's initial related articles with it: their ids and titles, not their
    # texts and search index (the whole rows were read).
    change_query_compiles = True
    change_prefetch_related = (Prefetch("related", queryset=Article.objects.only("id", "title")),)
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "keywords"]}),
        (_("Voor wie en waarover"), {"fields": ["themes", "audience", "visibility", "language"]}),
        (_("Samenhang"), {"fields": ["related"]}),
        (
            _("Controle"),
            {
                "fields": [
                    "status",
                    "responsible_editor",
                    "review_by",
                    "submitted",
                    "published_at",
                    "checked_on",
                    "view_count",
                ]
            },
        ),
    ]
    actions = [
        *(_transition_action(action, label) for action, label in ACTION_LABELS.items()),
        "mark_checked",
    ]

    class Media:
        js = ["kennisbank/admin_preview.js"]
        css = {"all": ["kennisbank/admin_preview.css"]}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "responsible_editor":
            # Shown by name (else address), as User.__str__: not every editor's whole row.
            kwargs["queryset"] = users_with_role(EDITOR).only("id", "name", "email")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related" and "queryset" not in kwargs:
            # The chosen articles are shown by their title: not their texts and search
            # index as well (a related article's whole row was read for its label).
            kwargs["queryset"] = Article.objects.only("id", "title")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.article_save(
            article=obj, actor=request.user, changed=form.changed_data if change else None
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if article.related.filter(pk=article.pk).exists():
            article.related.remove(article)

    def kept_form_key(self, obj) -> tuple:
        # The body's help text names the workflow steps of the article's status.
        return () if obj is None else (obj.status,)

    def build_form(self, request, obj=None, change=False, **kwargs):
        form = super().build_form(request, obj, change=change, **kwargs)
        if obj is not None and "body" in form.base_fields:
            steps = ", ".join(
                f"“{ACTION_LABELS[action]}”" for action in workflow.allowed_actions(obj.status)
            )
            form.base_fields["body"].help_text = f"{form.base_fields['body'].help_text} " + str(
                _("Mogelijke stappen nu (via de lijst): %(steps)s.") % {"steps": steps}
            )
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_submit_for_review"] = (
            obj is not None
            and self.has_change_permission(request, obj)
            and "submit" in workflow.allowed_actions(obj.status)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        """ "Ter controle aanbieden" on the article page: the edits are saved (by now),
        then the article goes through the same workflow step as the list's action."""
        if "_submit_for_review" not in request.POST:
            return super().response_change(request, obj)
        try:
            services.article_transition(article=obj, action="submit", actor=request.user)
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, text, messages.ERROR)
        else:
            self.message_user(
                request,
                _("'%(title)s' is opgeslagen en ter controle aangeboden.") % {"title": obj.title},
                messages.SUCCESS,
            )
        return redirect("admin:kennisbank_article_change", obj.pk)

    @admin.display(description=_("ter controle aangeboden"))
    def submitted(self, article: Article) -> str:
        """Who offered the article for review (the field itself has no Dutch label)."""
        return str(article.submitted_by) if article.submitted_by else "-"

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("kennisbank.publish_article")

    @admin.action(
        description=_("Gecontroleerd: nog actueel (volgende controle over een jaar)"),
        permissions=["change"],
    )
    def mark_checked(self, request, queryset):
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            services.article_mark_checked(article=article, actor=request.user)
        self.message_user(request, _("Controle vastgelegd."), messages.SUCCESS)


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(admin.ModelAdmin):
    list_display = ["article", "helpful", "comment", "created_at"]
    list_filter = ["helpful", "created_at"]
    list_select_related = ["article"]
    search_fields = ["article__title", "comment"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SearchLog)
class SearchLogAdmin(admin.ModelAdmin):
    """Not a list of searches but what editors need: what is looked for, what is missing."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        days = 90
        since = timezone.now() - timedelta(days=days)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Waar zoeken bezoekers naar?"),
            "opts": self.model._meta,
            "days": days,
            "top": selectors.top_searches(since=since),
            "missing": selectors.searches_without_results(since=since),
            "total": SearchLog.objects.filter(searched_at__gte=since).count(),
        }
        return TemplateResponse(request, "admin/kennisbank/searchlog/summary.html", context)
