"""/mijn/tijdlijn/: the parent's own timeline of their child. Only the parent (or a
buddy, who is a parent too) uses these pages; staff and partners have none."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casussen import selectors as case_selectors
from casussen.models import Case
from steunpunt.personal_data import is_self_service_user

from . import pdf, reads, selectors, services
from .forms import EntryForm, ShareForm
from .models import Entry, Share
from .prompts import PROMPTS, prompt_groups, prompts_html


def parent_only(view):
    """Signed in, and a parent's own account: a work account has no timeline."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not is_self_service_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _entry_for_owner(request: HttpRequest, pk: int) -> Entry:
    # Someone else's entry does not exist for you (404, not 403).
    return get_object_or_404(Entry, pk=pk, owner=request.user)


def _share_for_owner(request: HttpRequest, pk: int) -> Share:
    return get_object_or_404(
        Share.objects.select_related("case", "followup__organisation", "followup__consent"),
        pk=pk,
        owner=request.user,
    )


_PK_MARK = 987654391


def share_links_html(cases) -> SafeString:
    """The links to share the timeline with each running case, as the template's loop
    over them wrote them (a test compares the two): with twenty cases that loop was a
    quarter of the page."""
    url = reverse("tijdlijn:share", args=[_PK_MARK])
    kinds = {value: str(label) for value, label in Case.Kind.choices}
    text = _("Deel met %(title)s %(reference)s")
    return mark_safe(
        "".join(
            format_html(
                '\n    <li><a href="{}">{}</a></li>\n    ',
                url.replace(str(_PK_MARK), str(case.pk)),
                # As blocktranslate: the values escaped, the translation as it is.
                mark_safe(
                    text % {"title": escape(kinds[case.kind]), "reference": escape(case.reference)}
                ),
            )
            for case in cases
        )
    )


# An entry of the timeline as the template's loop wrote it, with _entry_body.html in it
# (tests/tijdlijn/test_reads.py keeps that loop and compares).
_ENTRY_HTML = (
    '\n    <li class="card mb-3">\n      <div class="card-body">\n        \n'
    '<h3 class="h5 mb-1 timeline-when">{when} '
    '<span class="badge text-bg-light border timeline-kind">{kind}</span></h3>\n'
    '<dl class="timeline-texts mb-0">\n'
    "  <dt>{t_happened}</dt><dd>{happened}</dd>\n"
    "  {helped}\n  {not_helped}\n  {child_says}\n"
    "</dl>\n\n"
    '        <p class="mt-2 mb-0 d-flex flex-wrap gap-3">\n'
    '          <a href="{edit}">{t_edit}<span class="visually-hidden">: {when}</span></a>\n'
    '          <a href="{delete}" class="link-danger">{t_delete}'
    '<span class="visually-hidden">: {when}</span></a>\n'
    "        </p>\n      </div>\n    </li>\n    "
)


def entries_html(entries) -> SafeString:
    """The timeline's entries as its template's loop (with an include per entry) wrote
    them: with a dozen entries that loop was most of the page's own template."""
    edit = reverse("tijdlijn:edit", args=[_PK_MARK])
    delete = reverse("tijdlijn:delete", args=[_PK_MARK])
    mark = str(_PK_MARK)
    labels = {
        "t_happened": escape(_("Wat er gebeurde")),
        "t_edit": escape(_("Aanpassen")),
        "t_delete": escape(_("Verwijderen")),
    }
    optional = (
        ("what_helped", escape(_("Wat hielp"))),
        ("what_did_not_help", escape(_("Wat niet hielp"))),
        ("child_says", escape(_("Wat mijn kind erover zegt"))),
    )
    html = []
    for entry in entries:
        texts = [
            f"<dt>{title}</dt><dd>{linebreaksbr(value, autoescape=True)}</dd>"
            if (value := getattr(entry, name))
            else ""
            for name, title in optional
        ]
        pk = str(entry.pk)
        html.append(
            _ENTRY_HTML.format(
                **labels,
                when=escape(entry.when),
                kind=escape(entry.kind_label),
                happened=linebreaksbr(entry.what_happened, autoescape=True),
                helped=texts[0],
                not_helped=texts[1],
                child_says=texts[2],
                edit=escape(edit.replace(mark, pk)),
                delete=escape(delete.replace(mark, pk)),
            )
        )
    # Every value is escaped above (the labels are translations, escaped too).
    return mark_safe("".join(html))


@parent_only
@require_GET
def timeline(request: HttpRequest) -> HttpResponse:
    cases = reads.shareable_cases(request.user)
    entries = reads.entries_for(request.user)
    context = {
        "entries": entries,
        "entries_html": entries_html(entries),
        "prompts_html": prompts_html(),
        "shares": reads.shares_for_owner(request.user),
        "cases": cases,
        "share_links_html": share_links_html(cases),
    }
    return render(request, "tijdlijn/timeline.html", context)


def _form_page(request, form, *, entry=None, status=200) -> HttpResponse:
    kind = form["kind"].value()
    context = {
        "form": form,
        "entry": entry,
        "prompts": PROMPTS.get(kind, []),
        "prompt_groups": [] if kind in PROMPTS else prompt_groups(),
    }
    return render(request, "tijdlijn/entry_form.html", context, status=status)


@parent_only
@require_http_methods(["GET", "POST"])
def entry_add(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        kind = request.GET.get("soort")
        initial = {"kind": kind} if kind in Entry.Kind.values else {}
        return _form_page(request, EntryForm(initial=initial))
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            services.entry_create(owner=request.user, **form.service_values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Het punt staat op je tijdlijn."))
            return redirect("tijdlijn:timeline")
    return _form_page(request, form, status=400)


@parent_only
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_owner(request, pk)
    if request.method != "POST":
        return _form_page(request, EntryForm(entry=entry), entry=entry)
    form = EntryForm(request.POST, entry=entry)
    if form.is_valid():
        try:
            services.entry_update(entry=entry, owner=request.user, **form.service_values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("Opgeslagen. Wat je eerder deelde, blijft zoals het was toen je het deelde."),
            )
            return redirect("tijdlijn:timeline")
    return _form_page(request, form, entry=entry, status=400)


@parent_only
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_owner(request, pk)
    if request.method == "POST":
        services.entry_delete(entry=entry, owner=request.user)
        messages.success(request, _("Het punt is van je tijdlijn verwijderd."))
        return redirect("tijdlijn:timeline")
    return render(request, "tijdlijn/entry_delete.html", {"entry": entry})


@parent_only
@require_GET
def print_view(request: HttpRequest) -> HttpResponse:
    context = {"entries": selectors.entries_for(request.user), "today": timezone.localdate()}
    return render(request, "tijdlijn/print.html", context)


@parent_only
@require_GET
def pdf_download(request: HttpRequest) -> HttpResponse:
    content = pdf.timeline_pdf(
        entries=selectors.entries_for(request.user), today=timezone.localdate()
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="tijdlijn.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _share_page(request, case, form, *, status=200) -> HttpResponse:
    return render(request, "tijdlijn/share.html", {"case": case, "form": form}, status=status)


@parent_only
@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_selectors.case_for_parent(request.user, case_pk)
    if not services.shareable_cases(request.user).filter(pk=case.pk).exists():
        messages.error(request, _("Je kunt je tijdlijn alleen delen met een vraag die nog loopt."))
        return redirect("tijdlijn:timeline")
    entries = selectors.entries_for(request.user)
    followups = services.shareable_followups(case)
    if not entries:
        messages.info(request, _("Je tijdlijn is nog leeg. Schrijf eerst een punt op."))
        return redirect("tijdlijn:timeline")
    if request.method != "POST":
        return _share_page(request, case, ShareForm(entries=entries, followups=followups))
    form = ShareForm(request.POST, entries=entries, followups=followups)
    if form.is_valid():
        try:
            services.timeline_share(
                owner=request.user,
                case=case,
                entries=form.cleaned_data["entries"],
                with_steunpunt=form.cleaned_data["with_steunpunt"],
                followups=form.cleaned_data.get("followups") or [],
            )
        except ValidationError as error:
            for name, errors in getattr(error, "message_dict", {None: error.messages}).items():
                form.add_error("with_steunpunt" if name == "recipients" else name, errors)
        else:
            messages.success(
                request,
                _(
                    "Gedeeld. Zij zien je tijdlijn zoals hij nu is. Pas je later iets aan? "
                    "Dan zien zij dat niet, tot je opnieuw deelt."
                ),
            )
            return redirect("tijdlijn:timeline")
    return _share_page(request, case, form, status=400)


@parent_only
@require_GET
def share_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _share_for_owner(request, pk)
    return render(request, "tijdlijn/share_detail.html", {"share": item})


@parent_only
@require_POST
def share_stop(request: HttpRequest, pk: int) -> HttpResponse:
    item = _share_for_owner(request, pk)
    if item.stopped_at is not None:
        messages.info(request, _("Dit delen was al gestopt."))
    else:
        services.share_stop(share=item, owner=request.user)
        messages.success(request, _("Gestopt. Zij zien deze tijdlijn niet meer."))
    return redirect("tijdlijn:timeline")
