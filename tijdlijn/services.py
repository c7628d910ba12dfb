"""The parent's timeline: writing entries, sharing them and stopping a share.

Every function takes the acting parent and refuses what is not theirs, so no view, admin
or task can change someone else's timeline. Staff have no function here at all."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casussen import selectors as case_selectors
from casussen.models import Case, CaseEvent, FollowUp

from . import dates
from .models import Entry, Share

TEXT_FIELDS = ("what_happened", "what_helped", "what_did_not_help", "child_says")
MAX_TEXT = 4000


def _validate(
    *,
    kind: str,
    starts_on: date,
    ends_on: date | None,
    what_happened: str,
    **texts: str,
) -> None:
    errors = {}
    if kind not in Entry.Kind.values:
        errors["kind"] = _("Kies wat voor soort gebeurtenis het is.")
    if not what_happened.strip():
        errors["what_happened"] = _("Schrijf op wat er gebeurde.")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("De einddatum ligt voor de begindatum. Kijk de datums na.")
    for name, value in {"what_happened": what_happened, **texts}.items():
        if len(value) > MAX_TEXT:
            errors[name] = _("Dit is te lang. Schrijf het korter (hoogstens %(max)s tekens).") % {
                "max": MAX_TEXT
            }
    if errors:
        raise ValidationError(errors)


def entry_create(
    *,
    owner,
    kind: str,
    starts_on: date,
    starts_precision: str,
    ends_on: date | None = None,
    ends_precision: str = "",
    what_happened: str,
    what_helped: str = "",
    what_did_not_help: str = "",
    child_says: str = "",
) -> Entry:
    texts = {
        "what_helped": what_helped,
        "what_did_not_help": what_did_not_help,
        "child_says": child_says,
    }
    _validate(kind=kind, starts_on=starts_on, ends_on=ends_on, what_happened=what_happened, **texts)
    return Entry.objects.create(
        owner=owner,
        kind=kind,
        starts_on=starts_on,
        starts_precision=starts_precision,
        ends_on=ends_on,
        ends_precision=ends_precision if ends_on else "",
        what_happened=what_happened.strip(),
        **{name: value.strip() for name, value in texts.items()},
    )


def _own(entry: Entry, owner) -> None:
    if entry.owner_id != owner.pk:
        raise PermissionDenied


def entry_update(*, entry: Entry, owner, **fields) -> Entry:
    """Change the parent's own entry. What they shared before stays as it was shared."""
    _own(entry, owner)
    values = {
        name: getattr(entry, name)
        for name in (
            "kind",
            "starts_on",
            "starts_precision",
            "ends_on",
            "ends_precision",
            *TEXT_FIELDS,
        )
    }
    values.update(fields)
    _validate(
        kind=values["kind"],
        starts_on=values["starts_on"],
        ends_on=values["ends_on"],
        what_happened=values["what_happened"],
        **{name: values[name] for name in TEXT_FIELDS[1:]},
    )
    if not values["ends_on"]:
        values["ends_precision"] = ""
    for name, value in values.items():
        setattr(entry, name, value.strip() if name in TEXT_FIELDS else value)
    entry.save()
    return entry


def entry_delete(*, entry: Entry, owner) -> None:
    _own(entry, owner)
    entry.delete()


# --- What a share holds -------------------------------------------------------------------


def entry_snapshot(entry: Entry) -> dict:
    """One entry as the other side reads it, with its labels made now: a share shows the
    words of the moment it was shared, whatever changes after."""
    return {
        "kind": entry.kind,
        "kind_label": str(entry.get_kind_display()),
        "when": dates.period_label(
            entry.starts_on, entry.starts_precision, entry.ends_on, entry.ends_precision
        ),
        "starts_on": entry.starts_on.isoformat(),
        "ends_on": entry.ends_on.isoformat() if entry.ends_on else None,
        **{name: getattr(entry, name) for name in TEXT_FIELDS},
    }


# --- Sharing ------------------------------------------------------------------------------


def shareable_cases(owner):
    """The parent's own cases that still run (or await their evaluation)."""
    return still_shareable(case_selectors.cases_for_parent(owner))


def still_shareable(cases):
    return cases.exclude(status=Case.Status.CLOSED).filter(
        anonymised_at__isnull=True, merged_into__isnull=True
    )


def shareable_followups(case: Case):
    """Follow-ups of the case whose partner may see a share: the parent's consent for
    that organisation holds and the follow-up was not cancelled."""
    return (
        case.followups.filter(consent__withdrawn_at__isnull=True)
        .exclude(status=FollowUp.Status.CANCELLED)
        .select_related("organisation")
        .order_by("pk")
    )


def partner_may_see(share: Share) -> bool:
    """Checked on every read: a withdrawn consent or a cancelled follow-up ends it at once."""
    followup = share.followup
    return (
        share.is_live
        and followup is not None
        and followup.status != FollowUp.Status.CANCELLED
        and followup.consent.is_valid
    )


def _event(case: Case, *, kind: str, owner, text: str = "", **data) -> None:
    CaseEvent.objects.create(case=case, kind=kind, actor=owner, text=text, data=data)


def timeline_share(
    *,
    owner,
    case: Case,
    entries: Iterable[Entry],
    with_steunpunt: bool = True,
    followups: Iterable[FollowUp] = (),
) -> list[Share]:
    """Share copies of the chosen entries with the case (the coordinator) and/or with
    the partners of some of its follow-ups. One share per recipient, each recorded on
    the case's timeline."""
    entries = sorted(entries, key=lambda entry: (entry.starts_on, entry.pk))
    followups = list(followups)
    if not shareable_cases(owner).filter(pk=case.pk).exists():
        raise ValidationError(_("Je kunt je tijdlijn alleen delen met een vraag die nog loopt."))
    if not entries:
        raise ValidationError({"entries": _("Kies minstens één punt om te delen.")})
    if any(entry.owner_id != owner.pk for entry in entries):
        raise PermissionDenied
    if not with_steunpunt and not followups:
        raise ValidationError({"recipients": _("Kies met wie je je tijdlijn deelt.")})
    allowed = {followup.pk for followup in shareable_followups(case)}
    if any(followup.pk not in allowed for followup in followups):
        raise ValidationError(
            {
                "recipients": _(
                    "Met deze organisatie kun je niet (meer) delen. Je toestemming is "
                    "ingetrokken of de vraag aan hen is gestopt."
                )
            }
        )
    snapshot = [entry_snapshot(entry) for entry in entries]
    shares = []
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if with_steunpunt:
            share = Share.objects.create(
                owner=owner, case=case, snapshot=snapshot, entry_count=len(snapshot)
            )
            _event(
                case,
                kind=CaseEvent.Kind.TIMELINE_SHARED,
                owner=owner,
                entries=len(snapshot),
                share=share.pk,
            )
            shares.append(share)
            # New for the coordinator, like a message from the parent.
            Case.objects.filter(pk=case.pk).update(last_external_at=timezone.now())
        for followup in followups:
            share = Share.objects.create(
                owner=owner,
                case=case,
                followup=followup,
                snapshot=snapshot,
                entry_count=len(snapshot),
            )
            _event(
                case,
                kind=CaseEvent.Kind.TIMELINE_SHARED,
                owner=owner,
                text=followup.organisation.name,
                entries=len(snapshot),
                share=share.pk,
                organisation=followup.organisation.name,
            )
            shares.append(share)
    return shares


def share_stop(*, share: Share, owner) -> Share:
    """Stop a share: nobody sees it any more and its copy is wiped. That it was shared
    (and stopped) stays on the case's timeline."""
    if share.owner_id != owner.pk:
        raise PermissionDenied
    with transaction.atomic():
        # Only the share's row: its follow-up is an outer join, which PostgreSQL cannot lock.
        share = (
            Share.objects.select_for_update(of=("self",))
            .select_related("case", "followup__organisation")
            .get(pk=share.pk)
        )
        if share.stopped_at is not None:
            return share
        share.stopped_at = timezone.now()
        share.snapshot = []
        share.save(update_fields=["stopped_at", "snapshot"])
        organisation = share.followup.organisation.name if share.followup_id else ""
        _event(
            share.case,
            kind=CaseEvent.Kind.TIMELINE_SHARE_STOPPED,
            owner=owner,
            text=organisation,
            share=share.pk,
            **({"organisation": organisation} if organisation else {}),
        )
    return share
