"""Everything we hold about a person, gathered from every app (the right of access and
data portability, AVG articles 15 and 20), and where their phone number is kept (the
right to correct it).

`steunpunt` imports none of the apps, so each app registers what it holds in its
`AppConfig.ready()`:

    personal_data.register(
        key="cases", title=_("Je vragen en klachten"), collect=export_cases,
        labels={"reference": _("Kenmerk"), ...}, position=20,
    )

`collect(user)` returns a `SectionData`: `data` is plain JSON (dicts with English keys,
lists, strings, numbers, booleans, dates and datetimes) holding only what the person
may see about themselves, never internal notes, other people's data or tokens; `files`
are the files they gave us, added to the ZIP under `path`. The labels turn keys into
plain Dutch for the readable (HTML) version.

The download code (`export_*` below, the views in `views_personal`) only asks this
registry.
"""

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.template.defaultfilters import date as format_date
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import outbox, roles
from .retention import term_text
from .selectors import site_settings

# --- The registry -------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    """A file the person gave us, as it goes into the ZIP."""

    path: str  # inside the ZIP, e.g. "bestanden/OSP-2026-00001/3-brief.pdf"
    open: Callable[[], IO[bytes]]


@dataclass
class SectionData:
    data: Any
    files: list[ExportFile] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    collect: Callable[[Any], SectionData]
    labels: dict[str, str]
    position: int = 100
    # What it holds, in one plain sentence for /mijn/gegevens/.
    description: str = ""
    # Said above the section, e.g. what we cannot include and why.
    note: str = ""


_sections: dict[str, Section] = {}


def register(
    *,
    key: str,
    title: str,
    collect: Callable[[Any], SectionData],
    labels: dict[str, str] | None = None,
    position: int = 100,
    description: str = "",
    note: str = "",
) -> None:
    """Add (or replace, e.g. when ready() runs twice) one section of the download."""
    _sections[key] = Section(
        key=key,
        title=title,
        collect=collect,
        labels=dict(labels or {}),
        position=position,
        description=description,
        note=note,
    )


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.position, section.key))


@dataclass(frozen=True)
class PhoneHolder:
    """One place where a person's phone number is kept, as the correction page lists it."""

    label: str
    phone: str


@dataclass(frozen=True)
class PhoneStore:
    key: str
    # Where the number is kept now (nothing: the app keeps no phone number of theirs).
    holders: Callable[[Any], list[PhoneHolder]]
    # Write the new number (may be empty) to all of them; returns how many changed.
    update: Callable[[Any, str], int]


_phone_stores: dict[str, PhoneStore] = {}


def register_phone(
    *,
    key: str,
    holders: Callable[[Any], list[PhoneHolder]],
    update: Callable[[Any, str], int],
) -> None:
    _phone_stores[key] = PhoneStore(key=key, holders=holders, update=update)


def phone_stores() -> list[PhoneStore]:
    return [_phone_stores[key] for key in sorted(_phone_stores)]


# --- Who may use it -----------------------------------------------------------------------


def is_self_service_user(user) -> bool:
    """Parents (and buddies, who are parents too) download and correct their own data
    here. Accounts that work for the steunpunt or an organisation do not: their data
    is not a parent's, and the privacy officer answers their requests."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff or user.is_superuser:
        return False
    return roles.role_names(user) <= {roles.BUDDY}


# --- Gathering ----------------------------------------------------------------------------


@dataclass
class CollectedSection:
    section: Section
    data: Any


@dataclass
class Collected:
    user: Any
    made_at: datetime
    sections: list[CollectedSection]
    files: list[ExportFile]


def collect(user) -> Collected:
    gathered, files = [], []
    for section in sections():
        result = section.collect(user)
        gathered.append(CollectedSection(section, result.data))
        files.extend(result.files)
    return Collected(user=user, made_at=timezone.now(), sections=gathered, files=files)


def _plain(value: Any) -> Any:
    """JSON for dates and datetimes (local time, ISO 8601); lazy strings as text."""
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def export_json(collected: Collected) -> str:
    document = {
        "about": _("Alle gegevens die %(site)s over je bewaart.") % {"site": site_settings().name},
        "made_at": _plain(collected.made_at),
        "sections": {
            item.section.key: {
                "title": str(item.section.title),
                **({"note": str(item.section.note)} if item.section.note else {}),
                "data": _plain(item.data),
            }
            for item in collected.sections
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


# The readable version: the data as a tree of nodes a recursive template prints.


@dataclass
class Node:
    kind: str  # "text", "fields", "items" (a list of blocks) or "list" (of short texts)
    text: str = ""
    fields: list[tuple[str, "Node"]] = field(default_factory=list)
    items: list["Node"] = field(default_factory=list)
    link: str = ""


FILE_KEY = "file_in_zip"

COMMON_LABELS = {
    FILE_KEY: gettext_lazy("Bestand in het ZIP-bestand"),
}


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime):
        return format_date(
            timezone.localtime(value) if timezone.is_aware(value) else value, "j F Y, H:i"
        )
    if isinstance(value, date):
        return format_date(value, "j F Y")
    return str(value)


def _node(value: Any, labels: dict, *, in_zip: bool, key: str = "") -> Node:
    if isinstance(value, dict):
        return Node(
            "fields",
            fields=[
                (
                    str(labels.get(name) or COMMON_LABELS.get(name) or name.replace("_", " ")),
                    _node(item, labels, in_zip=in_zip, key=name),
                )
                for name, item in value.items()
            ],
        )
    if isinstance(value, list | tuple):
        if not value:
            return Node("text", text=_("geen"))
        if any(isinstance(item, dict | list | tuple) for item in value):
            return Node("items", items=[_node(item, labels, in_zip=in_zip) for item in value])
        return Node("list", items=[Node("text", text=_text(item)) for item in value])
    node = Node("text", text=_text(value))
    if key == FILE_KEY and in_zip and value:
        node.link = str(value)
    return node


def export_html(collected: Collected, *, in_zip: bool = False) -> str:
    """One self-contained, printable page: no scripts, no external files."""
    return render_to_string(
        "steunpunt/personal_data/export.html",
        {
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            "site_settings": site_settings(),
            "collected": collected,
            "in_zip": in_zip,
            "sections": [
                {
                    "key": item.section.key,
                    "title": item.section.title,
                    "note": item.section.note,
                    "empty": item.data in (None, [], {}),
                    "node": _node(item.data, item.section.labels, in_zip=in_zip),
                }
                for item in collected.sections
            ],
        },
    )


def export_zip(collected: Collected) -> IO[bytes]:
    """The readable file, the JSON file and every file the person gave us, in one ZIP.
    Kept in memory up to 16 MB, on disk beyond that."""
    # Returned open: the response streams it and closes it.
    handle = SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("gegevens.html", export_html(collected, in_zip=True))
        archive.writestr("gegevens.json", export_json(collected))
        for item in collected.files:
            try:
                source = item.open()
            except FileNotFoundError:
                continue
            with source, archive.open(item.path, "w") as target:
                while chunk := source.read(1024 * 1024):
                    target.write(chunk)
    handle.seek(0)
    return handle


# --- The steunpunt's own section: the account ---------------------------------------------


ACCOUNT_LABELS = {
    "email": gettext_lazy("E-mailadres"),
    "name": gettext_lazy("Naam"),
    "created_at": gettext_lazy("Account gemaakt op"),
    "last_login": gettext_lazy("Laatst ingelogd op"),
    "sign_in": gettext_lazy("Zo log je in"),
    "email_addresses": gettext_lazy("E-mailadressen"),
    "verified": gettext_lazy("Bevestigd"),
    "primary": gettext_lazy("Hoofdadres"),
}


def export_account(user) -> SectionData:

    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return SectionData(
        {
            "email": user.email,
            "name": user.name,
            "created_at": user.date_joined,
            "last_login": user.last_login,
            "sign_in": _("Met een wachtwoord of een code per e-mail")
            if user.has_usable_password()
            else _("Met een code per e-mail"),
            "email_addresses": [
                {"email": item.email, "verified": item.verified, "primary": item.primary}
                for item in addresses
            ],
        }
    )


EMAIL_LABELS = {
    "subject": gettext_lazy("Onderwerp"),
    "to": gettext_lazy("Aan"),
    "created_at": gettext_lazy("Klaargezet op"),
    "sent_at": gettext_lazy("Verstuurd op"),
    "status": gettext_lazy("Stand"),
}


def _sent_to(addresses: set[str]) -> Q:
    """Rows with one of these addresses among their recipients, in any case: the JSON list
    as text, the address between its quotes, matched without regard to case on every
    backend (containment in the JSON would be case-sensitive on PostgreSQL, and an
    address typed as "Ouder@Voorbeeld.nl" is the same mailbox). A first cut: the caller
    checks each recipient exactly."""
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(recipients_text__icontains=f'"{address}"')
    return query


def export_emails(user) -> SectionData:
    """The plain emails to this person the outbox still holds (a few days after they
    were sent, term "outbox_emails"): what each was about and where it stands. Not the
    text: it may hold a sign-in code or a link, and the mailbox has it."""
    addresses = {user.email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    addresses.discard("")
    rows = (
        outbox.OutgoingEmail.objects.annotate(recipients_text=Cast("recipients", TextField()))
        .filter(_sent_to(addresses))
        .order_by("created_at", "pk")
    )
    emails = []
    for row in rows.only(
        "subject", "recipients", "created_at", "sent_at", "cancelled_at", "attempts"
    ):
        # Exactly theirs: the query's text match on SQLite is a first cut.
        to = [address for address in row.recipients if address.lower() in addresses]
        if to:
            emails.append(
                {
                    "subject": row.subject,
                    "to": ", ".join(to),
                    "created_at": row.created_at,
                    "sent_at": row.sent_at,
                    "status": outbox.delivery_status(row),
                }
            )
    return SectionData(emails)


def _emails_note() -> str:
    return _(
        "De tekst staat hier niet in: daar kan een inlogcode of link in staan. Je vindt "
        "de tekst in je mailbox. Wij verwijderen een e-mail %(term)s nadat hij is verstuurd."
    ) % {"term": term_text("outbox_emails")}


def register_account_section() -> None:
    register(
        key="account",
        title=gettext_lazy("Je account"),
        collect=export_account,
        labels=ACCOUNT_LABELS,
        position=10,
        description=gettext_lazy("Je e-mailadres, je naam en wanneer je je account maakte."),
    )
    register(
        key="emails",
        title=gettext_lazy("E-mails die we je sturen"),
        collect=export_emails,
        labels=EMAIL_LABELS,
        position=200,
        description=gettext_lazy(
            "De e-mails aan jou die nog wachten of pas verstuurd zijn: het onderwerp en wanneer."
        ),
        note=lazy(_emails_note, str)(),
    )
