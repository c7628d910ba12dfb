"""Mijn steunpunt: the parent's own cases, their timeline, replies, consent and files.

Every view fetches the case through `selectors.case_for_parent` (404 for anyone else's
case) and leaves the rules to `services`; a refused action is shown as a message."""

from datetime import date, datetime
from html import escape as escape_text
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape, escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from oudernetwerk.selectors import buddy_requests_overview, meetups_for_parent
from steunpunt import access_log, erasure, panels, roles
from steunpunt.models import AccessEvent
from steunpunt.uploads import ALLOWED_TYPES, safe_filename

from . import selectors, services, workflow
from .forms import ConsentForm, ReplyForm, WithdrawForm
from .models import Case, CaseEvent, Consent, Evaluation, FollowUp
from .portal import portal_panel, portal_parts
from .services.praatplaat import praatplaat_can_create, praatplaten_for_parent

S = Case.Status
K = CaseEvent.Kind
A = AccessEvent.Action
DAY = "l j F"  # "donderdag 26 november"

# The colour of the status badge, by the label the parent sees.
BADGES = {
    S.NEW: "text-bg-secondary",
    S.IN_PROGRESS: "text-bg-primary",
    S.WAITING_FOR_PARTNER: "text-bg-primary",
    S.WAITING_FOR_PARENT: "text-bg-warning",
    S.RESOLVED: "text-bg-success",
    S.CLOSED: "text-bg-success",
}


def status_label(case: Case) -> str:
    return str(workflow.PARENT_LABELS[case.status])


def next_step(case: Case | selectors.PortalCase, *, today: date | None = None, _=_) -> str:
    """One sentence for the parent: what happens next, and by when. `_` translates its
    texts (`case_rows` passes one that translates each text once for all the rows)."""
    today = today or timezone.localdate()
    subject = _("je klacht") if case.kind == Case.Kind.COMPLAINT else _("je vraag")
    if case.status == S.NEW and case.responded_at is None:
        if case.respond_by < today:
            return _("Het duurt langer dan we beloofden. We nemen zo snel mogelijk contact op.")
        return _("Uiterlijk %(date)s nemen we contact met je op.") % {
            "date": format_date(case.respond_by, DAY)
        }
    if case.status in (S.NEW, S.IN_PROGRESS, S.WAITING_FOR_PARTNER):
        if case.resolve_by < today:
            return _(
                "We werken aan %(subject)s. Het duurt langer dan we beloofden; we ronden zo "
                "snel mogelijk af."
            ) % {"subject": subject}
        return _("We werken aan %(subject)s. Uiterlijk %(date)s ronden we af.") % {
            "subject": subject,
            "date": format_date(case.resolve_by, DAY),
        }
    if case.status == S.WAITING_FOR_PARENT:
        return _("We wachten op je antwoord. Lees ons laatste bericht.")
    if case.status == S.RESOLVED and case.resolved_at:
        reopen_until = timezone.localdate(case.resolved_at + services.REOPEN_WINDOW)
        if reopen_until >= today:
            return _(
                "We hebben %(subject)s afgerond. Is er nog iets? Stuur ons dan uiterlijk "
                "%(date)s een bericht."
            ) % {"subject": subject, "date": format_date(reopen_until, DAY)}
    if case.resolution == Case.Resolution.WITHDRAWN:
        return _("Je hebt %(subject)s ingetrokken. Je hoeft niets meer te doen.") % {
            "subject": subject
        }
    return _("Afgerond. Heb je een nieuwe vraag? Stel die dan via het formulier.")


def _translating_once():
    """gettext for one list of rows: each text translated once, not once a row."""
    translated: dict[str, str] = {}

    def translate(message: str) -> str:
        text = translated.get(message)
        if text is None:
            text = translated[message] = _(message)
        return text

    return translate


class CaseRow(NamedTuple):
    case: selectors.PortalCase
    label: str
    badge: str
    next_step: str
    url: str
    title: str  # "Vraag OSP-2026-00042"
    received: datetime  # local time
    received_label: str  # "26 november 2026"


_PK_MARK = 987654321


def case_rows(cases, *, today: date) -> list[CaseRow]:
    """The rows of /mijn/, with their texts made here: in the template every row cost a
    URL reverse, two date filters and a dozen lookups (half the page's time with twenty
    cases). The labels every row shares are translated once."""
    url = reverse("casussen:portal_case", args=[_PK_MARK])
    kinds = {value: str(label) for value, label in Case.Kind.choices}
    labels = {status: str(label) for status, label in workflow.PARENT_LABELS.items()}
    months = {number: str(name) for number, name in MONTHS.items()}
    translate = _translating_once()
    zone = timezone.get_current_timezone()  # timezone.localtime's, asked once
    rows = []
    for case in cases:
        received = case.created_at.astimezone(zone)
        rows.append(
            CaseRow(
                case=case,
                label=labels[case.status],
                badge=BADGES[case.status],
                next_step=next_step(case, today=today, _=translate),
                url=url.replace(str(_PK_MARK), str(case.pk)),
                title=f"{kinds[case.kind]} {case.reference}",
                received=received,
                # As the date filter's "j F Y".
                received_label=f"{received.day} {months[received.month]} {received.year}",
            )
        )
    return rows


# The loop's body as the template had it (tests/casussen/test_portal_rows_html.py keeps
# that template and compares), the whitespace around it included.
_ROW_HTML = """
    <li class="card mb-3">
      <div class="card-body">
        <h2 class="h5 card-title mb-1">
          <a href="{url}">{title}</a>
        </h2>
        <p class="small text-body-secondary mb-2">{theme} · {received_on} <time datetime="{received}">{received_label}</time></p>
        <p class="mb-1"><span class="visually-hidden">{status_word} </span><span class="badge {badge} status-badge">{label}</span></p>
        <p class="mb-0">{next_step}</p>
      </div>
    </li>
    """  # noqa: E501


def case_rows_html(rows: list[CaseRow]) -> SafeString:
    """The list items of /mijn/ as the template's loop over the rows wrote them: with
    twenty rows that loop was a tenth of the page. (The row's texts are strings:
    `html.escape`, as Django's `escape` without its check for a lazy text, a fifth of
    its time.)"""
    received_on, status_word = escape(_("ontvangen op")), escape(_("Status:"))
    return mark_safe(
        "".join(
            _ROW_HTML.format(
                url=escape_text(row.url),
                title=escape_text(row.title),
                theme=escape_text(row.case.theme_name),
                received_on=received_on,
                received=escape_text(row.received.isoformat()),
                received_label=escape_text(row.received_label),
                status_word=status_word,
                badge=escape_text(row.badge),
                label=escape_text(row.label),
                next_step=escape_text(row.next_step),
            )
            for row in rows
        )
    )


class TimelineEntry(NamedTuple):
    pk: int
    at: datetime
    label: str
    who: str
    text: str


def _status_change_label(event: CaseEvent) -> str:
    target = event.data.get("to")
    if target == S.IN_PROGRESS:
        if event.data.get("from") == S.RESOLVED:
            return _("Weer geopend: we pakken het opnieuw op")
        return _("We zijn ermee bezig")
    if target == S.WAITING_FOR_PARTNER:
        return _("We wachten op antwoord van een school of organisatie")
    if target == S.WAITING_FOR_PARENT:
        return _("We wachten op jouw antwoord")
    if target == S.RESOLVED:
        resolution = event.data.get("resolution")
        if resolution in Case.Resolution.values:
            return _("Afgerond: %(resolution)s") % {
                "resolution": Case.Resolution(resolution).label.lower()
            }
        return _("Afgerond")
    if target == S.CLOSED:
        if event.data.get("resolution") == Case.Resolution.WITHDRAWN:
            return _("Ingetrokken")
        if event.data.get("resolution") == Case.Resolution.DUPLICATE:
            return _("Samengevoegd met een andere vraag van jou")
        return _("Gesloten")
    return _("Status gewijzigd")


def _event_label(event: CaseEvent, case: Case) -> tuple[str, bool]:
    """The plain Dutch line for an event, and whether its text is worth showing."""
    organisation = event.data.get("organisation")
    if not isinstance(organisation, str):
        # Consent events keep the organisation's id in data and its name as text.
        organisation = event.text
    match event.kind:
        case K.SUBMITTED:
            # A question merged into this one keeps the reference it came in under.
            merged = event.data.get("reference")
            if merged and merged != case.reference:
                return _("We hebben je vraag %(reference)s ontvangen") % {
                    "reference": merged
                }, False
            if case.kind == Case.Kind.COMPLAINT:
                return _("We hebben je klacht ontvangen"), False
            return _("We hebben je vraag ontvangen"), False
        case K.CONFIRMED:
            return _("Je hebt bevestigd dat deze vraag van jou is"), False
        case K.STATUS_CHANGED:
            return _status_change_label(event), True
        case K.ASSIGNED:
            if "to" in event.data and not event.data["to"]:
                return _("We zoeken een andere coördinator voor je vraag"), False
            if event.text:
                return _("Je coördinator is %(name)s") % {"name": event.text}, False
            return _("Er is een coördinator voor je vraag"), False
        case K.MESSAGE_TO_PARENT:
            return _("Bericht voor jou"), True
        case K.MESSAGE_FROM_PARENT:
            return _("Jouw bericht"), True
        case K.CONSENT_GIVEN:
            return _("Toestemming gegeven voor %(organisation)s") % {
                "organisation": organisation
            }, False
        case K.CONSENT_WITHDRAWN:
            return _("Toestemming ingetrokken voor %(organisation)s") % {
                "organisation": organisation
            }, False
        case K.ATTACHMENT_ADDED:
            return _("Bestand toegevoegd: %(name)s") % {"name": event.text}, False
        case K.DEADLINES_CHANGED:
            resolve_by = event.data.get("resolve_by")
            if resolve_by:
                return _("Nieuw onderwerp: %(theme)s. We ronden af uiterlijk %(date)s") % {
                    "theme": event.text,
                    "date": format_date(date.fromisoformat(resolve_by), DAY),
                }, False
            return _("Nieuw onderwerp: %(theme)s") % {"theme": event.text}, False
        case K.FOLLOWUP_CREATED:
            return _("We hebben %(organisation)s iets gevraagd") % {
                "organisation": organisation
            }, True
        case K.FOLLOWUP_REMINDED:
            return _("We hebben %(organisation)s een herinnering gestuurd") % {
                "organisation": organisation
            }, False
        case K.FOLLOWUP_ANSWERED:
            return _("Antwoord van %(organisation)s") % {"organisation": organisation}, True
        case K.FOLLOWUP_OVERDUE:
            return _("%(organisation)s heeft nog niet geantwoord. We houden het in de gaten") % {
                "organisation": organisation
            }, False
        case K.FOLLOWUP_CANCELLED:
            return _("De vraag aan %(organisation)s is gestopt") % {
                "organisation": organisation
            }, True
        case K.MERGED:
            return _(
                "Je vraag %(merged)s hoort bij deze vraag. We hebben ze samengevoegd en gaan "
                "hier verder. Dit schreef je toen:"
            ) % {"merged": event.data.get("merged", "")}, True
        case K.LINKED:
            return _(
                "Deze vraag hoort bij je vraag %(linked)s. We houden ze apart, maar kijken "
                "naar allebei"
            ) % {"linked": event.text}, False
        case K.EVALUATION_RECEIVED:
            return _("Je hebt ons verteld hoe het ging. Dank je wel!"), False
        case K.TIMELINE_SHARED:
            if event.data.get("organisation"):
                return _("Je tijdlijn gedeeld met %(organisation)s") % {
                    "organisation": organisation
                }, False
            return _("Je tijdlijn gedeeld met het steunpunt"), False
        case K.TIMELINE_SHARE_STOPPED:
            if event.data.get("organisation"):
                return _("Je deelt je tijdlijn niet meer met %(organisation)s") % {
                    "organisation": organisation
                }, False
            return _("Je deelt je tijdlijn niet meer met het steunpunt"), False
    return event.get_kind_display(), True


def timeline_entry(event: CaseEvent, case: Case) -> TimelineEntry:
    label, show_text = _event_label(event, case)
    if event.kind == K.FOLLOWUP_ANSWERED:
        who = event.data.get("organisation") or _("Partner")
    elif event.actor_id is not None and event.actor_id == case.parent_id:
        who = _("Jij")
    else:
        who = _("Oudersteunpunt")
    return TimelineEntry(
        pk=event.pk,
        at=event.created_at,
        label=label,
        who=who,
        text=event.text if show_text else "",
    )


def timeline_html(timeline: list[TimelineEntry], last_message: int | None) -> SafeString:
    """The case page's timeline entries, as its template's loop wrote them (a test
    compares the two): with many events the loop and its filters cost more than the
    rest of the page's template."""
    parts = []
    for entry in timeline:
        at = timezone.localtime(entry.at)
        anchor = ' id="laatste-bericht" tabindex="-1"' if entry.pk == last_message else ""
        text = (
            f'<div class="timeline-text">{linebreaks(entry.text, autoescape=True)}</div>'
            if entry.text
            else ""
        )
        parts.append(
            f'\n      <li class="timeline-entry"{anchor}>\n'
            f'        <p class="small text-body-secondary mb-0"><time datetime="'
            f'{dateformat.format(at, "c")}">{dateformat.format(at, "j F Y, H:i")}</time>'
            f" · {conditional_escape(entry.who)}</p>\n"
            f'        <p class="fw-semibold mb-1">{conditional_escape(entry.label)}</p>\n'
            f"        {text}\n      </li>\n      "
        )
    # Every value is escaped above (the label and who may be translations).
    return mark_safe("".join(parts))


# --- Who has seen your data (from the access log) -------------------------------------


class ReadEntry(NamedTuple):
    at: datetime  # the latest time on that day
    who: str
    what: str
    count: int


def _reader(event: selectors.Read) -> str:
    """Role and organisation, never the person: "Coördinator van het steunpunt"."""
    role = event.actor_role
    if event.actor_organisation and role in (roles.PARTNER, access_log.ANONYMOUS):
        return _("%(organisation)s (partner)") % {"organisation": event.actor_organisation}
    labels = {
        roles.COORDINATOR: _("Coördinator van het steunpunt"),
        roles.PRIVACY_OFFICER: _("Functionaris gegevensbescherming van het steunpunt"),
        roles.EDITOR: _("Redacteur van het steunpunt"),
        roles.PARTNER: _("Een partner van het steunpunt"),
        roles.BUDDY: _("Een buddy van het steunpunt"),
        access_log.SYSTEM: _("Het systeem van het steunpunt"),
    }
    return str(labels.get(role, _("Medewerker van het steunpunt")))


def _read_action(event: selectors.Read, case: Case) -> str:
    """What they did, as the end of a sentence: "heeft je vraag bekeken"."""
    complaint = case.kind == Case.Kind.COMPLAINT
    if event.action == A.DOWNLOAD:
        return _("heeft een bijlage gedownload")
    if event.action == A.EXPORT:
        return _("heeft gegevens over je vraag gedownload")
    if event.action == A.CHANGE:
        return _("heeft je klacht bijgewerkt") if complaint else _("heeft je vraag bijgewerkt")
    if event.action == A.DELETE:
        return _("heeft gegevens van je vraag verwijderd")
    if event.object_type == FollowUp._meta.label_lower:
        return _("heeft de vraag van het steunpunt over jouw situatie bekeken")
    if event.object_type == "tijdlijn.share":
        return _("heeft de tijdlijn van je kind bekeken die je deelde")
    if event.object_type == Evaluation._meta.label_lower:
        return _("heeft je beoordeling van onze hulp bekeken")
    return _("heeft je klacht bekeken") if complaint else _("heeft je vraag bekeken")


def reads_for_parent(case: Case) -> list[ReadEntry]:
    """The access log of the case for the parent, newest first: who (by role and
    organisation), what and when, one line per day for the same who and what."""
    entries: dict[tuple, ReadEntry] = {}
    # Each role and each kind of read put into words once, not once per entry: a case
    # read every working day has hundreds.
    readers: dict[tuple, str] = {}
    actions: dict[tuple, str] = {}
    zone = timezone.get_current_timezone()  # timezone.localdate's, asked once
    for event in selectors.reads_of_case(case):
        who = readers.get(reader_key := (event.actor_role, event.actor_organisation))
        if who is None:
            who = readers[reader_key] = _reader(event)
        what = actions.get(action_key := (event.action, event.object_type))
        if what is None:
            what = actions[action_key] = str(_read_action(event, case))
        key = (event.at.astimezone(zone).date(), who, what)
        seen = entries.get(key)
        entries[key] = (
            seen._replace(count=seen.count + 1)
            if seen
            else ReadEntry(at=event.at, who=key[1], what=key[2], count=1)
        )
    return list(entries.values())


# The loop's body as casussen/portal/case.html had it (tests/casussen/test_reads_html.py
# keeps that loop and compares), the whitespace around it included.
_READ_HTML = """
      <li class="border-bottom py-2">
        <p class="mb-0"><span class="fw-semibold">{who}</span> {what}{count}.</p>
        <p class="small text-body-secondary mb-0"><time datetime="{at}">{at_label}</time>{latest}</p>
      </li>
      """  # noqa: E501


def reads_html(reads: list[ReadEntry]) -> SafeString:
    """The list items of the case page's access log, as the template's loop wrote them:
    each line's two date filters and translations cost more than the rest of its line."""
    months = {number: str(name) for number, name in MONTHS.items()}
    # As the template's translations of literals: safe, so not escaped.
    latest = " " + _("(de laatste keer)")
    times = _("%(count)s keer")
    html = []
    for read in reads:
        at = timezone.localtime(read.at)  # as the date filter's value
        count = f' <span class="text-body-secondary">({times % {"count": read.count}})</span>'
        html.append(
            _READ_HTML.format(
                who=escape_text(read.who),
                what=escape_text(read.what),
                count=count if read.count > 1 else "",
                at=at.isoformat(),
                # As the date filter's "j F Y, H:i".
                at_label=f"{at.day} {months[at.month]} {at.year}, {at.hour:02d}:{at.minute:02d}",
                latest=latest if read.count > 1 else "",
            )
        )
    return mark_safe("".join(html))


@login_required
@require_GET
def portal(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = case_rows(selectors.portal_case_rows(request.user), today=today)
    parts = portal_parts(request.user)
    user = request.user
    context = {
        "rows": rows,
        "rows_html": case_rows_html(rows),
        "buddy_requests": buddy_requests_overview(user, today=today)
        if parts.buddy_requests
        else [],
        "panel_status": portal_panel(user, parts),
        "meetup_registrations": list(meetups_for_parent(user)) if parts.meetups else [],
        "pending_erasure": erasure.open_request(user) if parts.erasure_request else None,
    }
    return render(request, "casussen/portal/list.html", context)


def _render_case(
    request: HttpRequest,
    case: Case,
    *,
    reply_form: ReplyForm | None = None,
    consent_form: ConsentForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    status: int = 200,
    parts: selectors.CasePageParts = selectors.ALL_PARTS,
) -> HttpResponse:
    """`parts`: which of the page's parts have anything (the rest is not read)."""
    events = selectors.events_for_parent(case)
    timeline = [timeline_entry(event, case) for event in events]
    last_message = next((e.pk for e in reversed(events) if e.kind == K.MESSAGE_TO_PARENT), None)
    evaluation = (
        Evaluation.objects.filter(case=case, submitted_at__isnull=True).first()
        if parts.open_evaluation
        else None
    )
    evaluation_url = (
        reverse("casussen:evaluation", args=[services.evaluation_token(evaluation)])
        if evaluation
        else None
    )
    is_open = case.status in workflow.OPEN
    context = {
        "case": case,
        "label": status_label(case),
        "badge": BADGES[case.status],
        "next_step": next_step(case),
        "timeline": timeline,
        "timeline_html": timeline_html(timeline, last_message),
        "reads_html": reads_html(reads_for_parent(case)),
        "last_message": last_message,
        "consents": list(case.consents.select_related("organisation")) if parts.consents else [],
        "attachments": list(case.attachments.all()) if parts.attachments else [],
        "evaluation_url": evaluation_url,
        "is_open": is_open,
        "can_reply": case.status != S.CLOSED,
        "reply_form": reply_form or ReplyForm(),
        "consent_form": consent_form or (ConsentForm(case=case) if is_open else None),
        "withdraw_form": withdraw_form or (WithdrawForm() if is_open else None),
        "praatplaten": praatplaten_for_parent(case) if parts.praatplaten else [],
        "can_create_praatplaat": praatplaat_can_create(case),
        "case_panels": panels.render("casussen.portal_case", request=request, obj=case),
    }
    return render(request, "casussen/portal/case.html", context, status=status)


def _back(case: Case) -> HttpResponse:
    return redirect("casussen:portal_case", pk=case.pk)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case, parts = selectors.case_page_for_parent(request.user, pk)
    if case.merged_into_id is not None:
        # A duplicate goes on as another case: its old address leads there.
        return redirect("casussen:portal_case", pk=_surviving(request.user, case).pk)
    return _render_case(request, case, parts=parts)


def _surviving(user, case: Case) -> Case:
    """The case a merged duplicate went on as (a chain of merges is followed)."""
    seen = {case.pk}
    while case.merged_into_id is not None and case.merged_into_id not in seen:
        seen.add(case.merged_into_id)
        case = selectors.case_for_parent(user, case.merged_into_id)
    return case


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_parent(request.user, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.parent_reply(case=case, parent=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            # Shown beside the field, with what the parent typed still in it.
            form.add_error("text", error)
        else:
            messages.success(
                request, _("Je bericht is verstuurd. Je coördinator krijgt er een e-mail over.")
            )
            return _back(case)
    return _render_case(request, case, reply_form=form, status=400)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_parent(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, withdraw_form=form, status=400)
    try:
        services.parent_withdraw(case=case, parent=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _(
                "Je vraag is ingetrokken. We doen er niets meer mee en nemen er geen contact "
                "meer over op."
            ),
        )
    return _back(case)


@login_required
@require_POST
def consent_give(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_parent(request.user, pk)
    form = ConsentForm(request.POST, case=case)
    if not form.is_valid():
        return _render_case(request, case, consent_form=form, status=400)
    organisation = form.cleaned_data["organisation"]
    try:
        services.consent_give(
            case=case,
            organisation=organisation,
            method=Consent.Method.PORTAL,
            actor=request.user,
            purpose=form.cleaned_data["purpose"],
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Dank je. We mogen nu contact opnemen met %(organisation)s over je vraag.")
            % {"organisation": organisation.name},
        )
    return _back(case)


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    case = selectors.case_for_parent(request.user, pk)
    consent = get_object_or_404(case.consents.select_related("organisation"), pk=consent_pk)
    if consent.withdrawn_at is not None:
        messages.info(request, _("Deze toestemming had je al ingetrokken."))
        return _back(case)
    try:
        services.consent_withdraw(consent=consent, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _(
                "Je toestemming voor %(organisation)s is ingetrokken. We nemen geen contact "
                "meer met hen op over je vraag."
            )
            % {"organisation": consent.organisation.name},
        )
    return _back(case)


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    item = selectors.attachment_for_user(request.user, pk, attachment_pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    # A coordinator's download is logged; the parent's own file is not someone else's
    # data, so their download writes nothing (record_read skips it). Written before the
    # file leaves: no entry, no file.
    try:
        access_log.record_read(
            request=request,
            action=access_log.Action.DOWNLOAD,
            obj=item,
            subjects=[item.case.parent_id],
            case_reference=item.case.reference,
        )
    except Exception:
        handle.close()
        raise
    # Rows from before names were made safe at upload get a safe name here.
    response = FileResponse(
        handle, as_attachment=True, filename=safe_filename(item.original_name, item.content_type)
    )
    response["Content-Type"] = (
        item.content_type if item.content_type in ALLOWED_TYPES else ("application/octet-stream")
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
