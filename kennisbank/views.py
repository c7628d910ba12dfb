"""Reading the knowledge base: the index with search, articles, feedback, downloads."""

from django import forms
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from steunpunt import public_cache
from steunpunt.forms import ModelChoiceField
from steunpunt.models import Theme
from steunpunt.uploads import ALLOWED_TYPES, safe_filename

from . import page_cache, search, selectors, services
from .models import Article
from .rendering import render_markdown

PAGE_SIZE = 10
# Past this many results the page says "meer dan ..." instead of counting them all.
RESULT_CAP = 200
LIST_SIZE = 5


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Waar zoek je informatie over?"), required=False)
    thema = ModelChoiceField(
        label=gettext_lazy("Thema"),
        queryset=Theme.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Alle thema's"),
    )
    voor = forms.ChoiceField(
        label=gettext_lazy("Voor wie"),
        choices=[("", gettext_lazy("Iedereen")), *Article.Audience.choices],
        required=False,
    )

    def __init__(self, *args, themes: list[Theme] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The choices once, as a list of one plain query (the field's own choices cost a
        # count and a server-side cursor); `themes` when the page read them already.
        field = self.fields["thema"]
        if themes is None:
            themes = list(field.queryset)
        field.choices = [("", field.empty_label), *((t.slug, t.name) for t in themes)]


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=gettext_lazy("Was dit nuttig?"),
        choices=[("ja", gettext_lazy("Ja")), ("nee", gettext_lazy("Nee"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Wil je nog iets zeggen? (mag leeg blijven)"),
        help_text=gettext_lazy("Schrijf hier geen namen of andere persoonlijke gegevens."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _voted_slugs(request: HttpRequest) -> list[str]:
    return request.session.get("kennisbank_voted", [])


def _paginator(results) -> Paginator:
    # The snippet is cut from body_text; nothing else of the big columns is shown.
    results = results.only(*selectors.CARD_FIELDS, "body_text")
    capped = selectors.CappedResults(results.prefetch_related("themes"), RESULT_CAP)
    return Paginator(capped, PAGE_SIZE)


# The kennisbank's public parts follow their changes at once (kennisbank.page_cache);
# only the order of "veel gelezen" (view counts) may lag this long.
PART_TIMEOUT = 10 * 60
# A longer address is rendered fresh (and not kept): nobody shares such a search.
CACHED_QUERY_LENGTH = 300


def _index_part(request: HttpRequest) -> dict:
    """The index's content (the search form, and the themes and lists or the results),
    and the search to log: the same for everyone with the same visibilities."""
    # The front page reads the themes once, with their counts, for the form and the list.
    themes = None if request.GET else list(selectors.themes_with_counts(request.user, empty=True))
    form = SearchForm(request.GET or None, themes=themes)
    searching = form.is_bound and form.is_valid() and any(form.cleaned_data.values())
    context = {"form": form, "searching": searching}
    log = None
    if searching:
        query = form.cleaned_data["q"]
        plan = search.search_plan(query) if query.strip() else None
        filters = {
            "user": request.user,
            "query": query,
            "theme": form.cleaned_data["thema"],
            "audience": form.cleaned_data["voor"] or None,
            "plan": plan,
        }
        # Every word first; only when that finds nothing, any of them (no extra query
        # when something is found: the page counts the results anyway).
        results = selectors.search_articles(**filters, every_word=True)
        paginator = _paginator(results)
        if plan and len(plan.slots) > 1 and paginator.count == 0:
            paginator = _paginator(selectors.search_articles(**filters, every_word=False))
        page = paginator.get_page(request.GET.get("page"))
        if query.strip() and page.number == 1:
            log = (query, page.paginator.count)
        for article in page.object_list:
            article.snippet = selectors.snippet(article, plan) if plan else ""
        context.update(
            page=page,
            query=query,
            corrections=plan.corrections if plan else [],
            capped=paginator.count > RESULT_CAP,
            result_cap=RESULT_CAP,
            page_range=paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        )
    else:
        visible = selectors.article_cards(selectors.visible_articles(request.user))
        most_read = list(visible.order_by("-view_count", "title")[:LIST_SIZE])
        recent = list(visible.order_by("-updated_at")[:LIST_SIZE])
        prefetch_related_objects([*most_read, *recent], "themes")  # one query for both
        if themes is None:
            themes = selectors.themes_with_counts(request.user)
        context.update(
            themes=[theme for theme in themes if theme.article_count],
            most_read=most_read,
            recent=recent,
        )
    html = _render_part("kennisbank/_index_content.html", context, request)
    return {"html": html, "searching": searching, "log": log}


def _render_part(name: str, context: dict, request: HttpRequest) -> str:
    """A part without the context processors (the page around it runs them): the request
    only for `{% querystring %}` in the page links."""
    plain = Context(context)
    plain.request = request
    return get_template(name).template.render(plain)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if len(request.META.get("QUERY_STRING", "")) > CACHED_QUERY_LENGTH:
        part = _index_part(request)
    else:
        # Everything the part shows besides the articles: who may see what, and the
        # whole address (the page links keep every parameter).
        key = ("index", tuple(selectors.allowed_visibilities(request.user)))
        key += (bool(request.GET), tuple(sorted(request.GET.lists())))
        part = public_cache.cached(
            page_cache.KENNISBANK, key, lambda: _index_part(request), timeout=PART_TIMEOUT
        )
    if part["log"]:  # every search is logged, also when its results were kept
        query, count = part["log"]
        services.search_log_record(query=query, result_count=count)
    return render(
        request,
        "kennisbank/index.html",
        {"content": mark_safe(part["html"]), "searching": part["searching"]},
    )


def _article_context(request: HttpRequest, article: Article) -> dict:
    visible = selectors.visible_articles(request.user)
    return {
        "article": article,
        "related": visible.filter(related=article).exclude(pk=article.pk),
        "attachments": article.attachments.all() if article.is_published else [],
        "links": article.links.all(),
        "themes": article.themes.all(),
    }


def _article_part(request: HttpRequest, slug: str) -> dict:
    """A published article as everyone with these visibilities sees it: all but the
    feedback form (the visitor's own vote and form)."""
    article = selectors.article_for_user(request.user, slug)
    html = _render_part(
        "kennisbank/_article_content.html", _article_context(request, article), request
    )
    return {
        "pk": article.pk,
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "is_published": article.is_published,
        "html": html,
    }


@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    visibilities = tuple(selectors.allowed_visibilities(request.user))
    context = {"feedback_form": FeedbackForm(), "voted": slug in _voted_slugs(request)}
    if Article.Visibility.STAFF in visibilities:
        # Staff also open drafts and see their status: rendered fresh.
        article = selectors.article_for_user(request.user, slug)
        context.update(_article_context(request, article))
    else:
        # Everyone else opens published articles only (`article_for_user`).
        part = public_cache.cached(
            page_cache.KENNISBANK,
            ("article", visibilities, slug),
            lambda: _article_part(request, slug),
        )
        article = Article(pk=part["pk"], status=Article.Status.PUBLISHED)
        context.update(article=part, content=mark_safe(part["html"]))
    if article.is_published:
        services.article_record_view(article=article)
    return render(request, "kennisbank/article.html", context)


@require_GET
def article_print(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_for_user(request.user, slug)
    return render(request, "kennisbank/article_print.html", _article_context(request, article))


@require_POST
def feedback(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_for_user(request.user, slug)
    if not article.is_published:
        raise Http404
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        context = _article_context(request, article)
        context.update(feedback_form=form, voted=False)
        return render(request, "kennisbank/article.html", context, status=400)
    if not request.session.session_key:
        request.session.save()
    try:
        services.feedback_submit(
            article=article,
            helpful=form.cleaned_data["helpful"],
            comment=form.cleaned_data["comment"],
            session_key=request.session.session_key,
        )
        messages.success(request, _("Bedankt! Met je reactie maken we de kennisbank beter."))
    except services.AlreadyVotedError:
        messages.info(request, _("Je hebt dit artikel al beoordeeld. Bedankt!"))
    request.session["kennisbank_voted"] = [*_voted_slugs(request), slug][-200:]
    return redirect(reverse("kennisbank:article", kwargs={"slug": slug}) + "#feedback")


@require_GET
def attachment(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    article = selectors.article_for_user(request.user, slug)
    if not article.is_published:
        raise Http404
    item = get_object_or_404(article.attachments, pk=pk)
    name = safe_filename(item.file.name.rsplit("/", 1)[-1], item.content_type)
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = (
        item.content_type if item.content_type in ALLOWED_TYPES else ("application/octet-stream")
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def suggestions(request: HttpRequest) -> JsonResponse:
    """Up to three articles for what a parent types or picks on a form."""
    # Null characters never reach the database.
    slug = request.GET.get("thema", "").replace("\x00", "")
    theme = Theme.objects.filter(slug=slug, is_active=True).first()
    text = request.GET.get("q", "")[:200].replace("\x00", "")
    found = selectors.suggest_articles(text=text, theme=theme, user=request.user)
    return JsonResponse(
        {
            "articles": [
                {"title": a.title, "summary": a.summary, "url": a.get_absolute_url()} for a in found
            ]
        }
    )


@staff_member_required
@require_POST
def preview(request: HttpRequest) -> JsonResponse:
    """The live preview in the admin: the same sanitised HTML the article page shows."""
    if not request.user.has_perm("kennisbank.change_article"):
        raise PermissionDenied

    return JsonResponse({"html": render_markdown(request.POST.get("body", ""))})
