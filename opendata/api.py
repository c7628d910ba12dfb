"""The open data API, version 1: read only, anonymous, no personal data (issue #16,
item 3). The published kennisbank articles for everyone, the wegwijzer, the meetups to
come, the themes and the public quarterly publications of the signals (aggregates
only, as frozen and suppressed when published), for a regional dashboard or a
municipality's website. The OpenAPI description is generated from the schemas
(`/api/v1/schema/`) and kept in `docs/api/openapi-v1.json`, which a test compares
with it.

Every answer is the same for every visitor: it is built as for an anonymous visitor,
cached for `OPEN_DATA_CACHE_SECONDS`, allowed from any origin (CORS, without
credentials) and rate limited per address."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import cache_page
from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.pagination import PageNumberPagination, paginate
from ninja.throttling import BaseThrottle

from casussen.reports import Quarter
from kennisbank import selectors as kennisbank
from kennisbank.directory import directory_organisations
from kennisbank.models import Article
from oudernetwerk import selectors as oudernetwerk
from signalen import rules as signalen
from steunpunt import ratelimit
from steunpunt.models import Municipality, Organisation, Theme
from steunpunt.site_url import absolute_url

from .schemas import (
    ArticleDetailOut,
    ArticleOut,
    MeetupOut,
    OrganisationOut,
    SignalsPublicationDetailOut,
    SignalsPublicationOut,
    ThemeDetailOut,
)


class PerAddress(BaseThrottle):
    """OPEN_DATA_RATE_LIMIT requests a minute per address, on the same counter as the
    public forms (the address behind our own proxies, hashed in the cache)."""

    def allow_request(self, request) -> bool:
        return ratelimit.hit(
            scope="open-data",
            key=ratelimit.client_ip(request),
            limit=settings.OPEN_DATA_RATE_LIMIT,
            window=60,
        )

    def wait(self) -> float:
        return 60.0


api = NinjaAPI(
    title="Oudersteunpunt open data",
    version="1",
    description=(
        "Read only. Published kennisbank articles for everyone, the wegwijzer "
        "(organisations in the region), meetups to come, the themes and the published "
        "signals (aggregates per quarter, small groups suppressed: null is a number that "
        "is not shown). No personal data."
    ),
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url=None,
    throttle=[PerAddress()],
)

cached = decorate_view(cache_page(settings.OPEN_DATA_CACHE_SECONDS))


class Page(PageNumberPagination):
    page_size = 50


def _themes(obj) -> list[Theme]:
    return [theme for theme in obj.themes.all() if theme.is_active]


def _article(article: Article) -> dict:
    return {
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "audience": article.audience,
        "themes": _themes(article),
        "url": absolute_url(reverse("kennisbank:article", args=[article.slug])),
        "updated_at": article.updated_at,
    }


class ArticleFilters(Schema):
    theme: str | None = None
    q: str = ""


@api.get("/articles/", response=list[ArticleOut], tags=["kennisbank"])
@cached
@paginate(Page)
def articles(request, filters: Query[ArticleFilters]):
    """Published articles for everyone, most read first; `q` searches as the kennisbank
    does, `theme` is a theme's slug."""
    theme = Theme.objects.filter(slug=filters.theme, is_active=True).first()
    if filters.theme and theme is None:
        return []
    found = kennisbank.search_articles(user=AnonymousUser(), query=filters.q[:200], theme=theme)
    return [_article(a) for a in found.prefetch_related("themes")]


@api.get("/articles/{slug}/", response=ArticleDetailOut, tags=["kennisbank"])
@cached
def article(request, slug: str):
    found = get_object_or_404(
        kennisbank.visible_articles(AnonymousUser()).prefetch_related("themes"), slug=slug
    )
    return {**_article(found), "body_html": found.body_html, "body_text": found.body_text}


class OrganisationFilters(Schema):
    municipality: str | None = None
    theme: str | None = None
    kind: str | None = None
    q: str = ""


@api.get("/organisations/", response=list[OrganisationOut], tags=["wegwijzer"])
@cached
@paginate(Page)
def organisations(request, filters: Query[OrganisationFilters]):
    """The wegwijzer: active organisations. `municipality` (a name) also brings in the
    region-wide ones; `kind` is one kind, `school` every school, `alle` everything
    (default: every partner but no schools, as on the page)."""
    municipality = theme = None
    if filters.municipality:
        municipality = Municipality.objects.filter(name__iexact=filters.municipality).first()
        if municipality is None:
            return []
    if filters.theme:
        theme = Theme.objects.filter(slug=filters.theme, is_active=True).first()
        if theme is None:
            return []
    kind = filters.kind
    if kind and kind not in {"school", "alle", *Organisation.Kind.values}:
        return []
    found = directory_organisations(
        municipality=municipality, theme=theme, kind=kind, q=filters.q[:200]
    )
    return [
        {
            "id": o.pk,
            "name": o.name,
            "kind": o.kind,
            "kind_label": o.get_kind_display(),
            "municipality": o.municipality,
            "region_wide": o.municipality_id is None,
            "themes": list(o.themes.all()),
            "description": o.description,
            "phone": o.phone,
            "website": o.website,
            "opening_hours": o.opening_hours,
        }
        for o in found
    ]


@api.get("/meetups/", response=list[MeetupOut], tags=["ontmoeten"])
@cached
@paginate(Page)
def meetups(request):
    """Meetups that have not ended, soonest first; a cancelled one says so. The link to
    an online meetup is only for parents who signed up, so it is not here."""
    return [
        {
            "id": m.pk,
            "title": m.title,
            "description": m.description,
            "theme": m.theme if m.theme and m.theme.is_active else None,
            "starts_at": m.starts_at,
            "ends_at": m.ends_at,
            "online": m.is_online,
            "place_name": m.place_name,
            "address": m.address,
            "municipality": m.municipality,
            "cancelled": m.status == m.Status.CANCELLED,
            "places_left": max(m.capacity - m.registered_count, 0),
            "url": absolute_url(reverse("oudernetwerk:meetup", args=[m.pk])),
        }
        for m in oudernetwerk.upcoming_meetups()
    ]


@api.get("/themes/", response=list[ThemeDetailOut], tags=["thema's"])
@cached
def themes(request):
    return list(Theme.objects.filter(is_active=True).order_by("position", "name"))


def _publication(publication) -> dict:
    quarter = Quarter(publication.year, publication.quarter)
    return {
        "id": publication.pk,
        "title": publication.title,
        "period": publication.code,
        "first_day": quarter.first_day,
        "last_day": quarter.last_day,
        "published_at": publication.published_at,
        "url": absolute_url(reverse("signalen:detail", args=[publication.pk])),
    }


@api.get("/signals/", response=list[SignalsPublicationOut], tags=["signalen"])
@cached
@paginate(Page)
def signals(request):
    """The public publications of the signals, newest quarter first."""
    return [
        _publication(p)
        for p in signalen.public_publications().only(
            "pk", "title", "year", "quarter", "published_at"
        )
    ]


@api.get("/signals/{id}/", response=SignalsPublicationDetailOut, tags=["signalen"])
@cached
def signals_publication(request, id: int):
    """One publication: the summary and the chosen tables, every number as published
    (null when it is not shown: a small group, or a number that would reveal one)."""
    found = get_object_or_404(signalen.public_publications(), pk=id)
    figures = found.figures
    praatplaat = figures.get("praatplaat")
    return {
        **_publication(found),
        "summary_html": found.summary_html,
        "year_to_date": figures["year_to_date"],
        "total": figures["total"],
        "tables": figures["tables"],
        "timings": figures["timings"],
        "satisfaction": figures["satisfaction"],
        "praatplaat": praatplaat["rows"] if praatplaat else None,
    }
