"""The published signals for readers: the public pages (list, one page per
publication, a print version for the netwerkgroep) and the same for partners in their
portal, where the publications for partners only are too. What a reader sees is the
frozen, suppressed figures of a publication; nothing is counted here."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from . import charts, rules
from .models import Publication

LIST_FIELDS = ("pk", "year", "quarter", "title", "is_public", "published_at")


def publication_context(publication: Publication, *, preview: bool = False) -> dict:
    figures = publication.figures
    tables = []
    for table in figures.get("tables", []):
        rows = table["rows"]
        bars = charts.table_bars(rows, "quarter")
        tables.append({**table, "rows": [{**r, "bar": b} for r, b in zip(rows, bars, strict=True)]})
    praatplaat = figures.get("praatplaat")
    if praatplaat:
        praatplaat = {
            "rows": [{**row, "bar": charts.praatplaat_bar(row)} for row in praatplaat["rows"]]
        }
    return {
        "publication": publication,
        "figures": figures,
        "first_day": date.fromisoformat(figures["first_day"]),
        "last_day": date.fromisoformat(figures["last_day"]),
        "year_start": date(publication.year, 1, 1),
        "tables": tables,
        "timings": figures.get("timings", []),
        "satisfaction": figures.get("satisfaction"),
        "praatplaat": praatplaat,
        "colours": charts.COLOURS,
        "preview": preview,
    }


def _page(request, publication, *, partner: bool, printable: bool) -> HttpResponse:
    context = publication_context(publication)
    name = "signalen:partner_detail" if partner else "signalen:detail"
    context.update(
        in_portal=partner,
        page_url=reverse(name, args=[publication.pk]),
        print_url=reverse(f"{name.replace('detail', 'print')}", args=[publication.pk]),
        list_url=reverse("signalen:partner_list" if partner else "signalen:list"),
    )
    template = "signalen/print.html" if printable else "signalen/detail.html"
    return render(request, template, context)


def public_list(request: HttpRequest) -> HttpResponse:
    publications = rules.public_publications().only(*LIST_FIELDS)
    return render(request, "signalen/list.html", {"publications": publications, "in_portal": False})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_object_or_404(rules.public_publications(), pk=pk)
    return _page(request, publication, partner=False, printable=False)


def public_print(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_object_or_404(rules.public_publications(), pk=pk)
    return _page(request, publication, partner=False, printable=True)


def _partner_publication(request: HttpRequest, pk: int) -> Publication:
    """Partners only; for anyone else the page does not exist (404)."""
    if not rules.is_partner(request.user):
        raise Http404
    return get_object_or_404(rules.publications_for_partner(request.user), pk=pk)


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    if not rules.is_partner(request.user):
        raise Http404
    publications = rules.publications_for_partner(request.user).only(*LIST_FIELDS)
    return render(request, "signalen/list.html", {"publications": publications, "in_portal": True})


@login_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _partner_publication(request, pk)
    return _page(request, publication, partner=True, printable=False)


@login_required
def partner_print(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _partner_publication(request, pk)
    return _page(request, publication, partner=True, printable=True)
