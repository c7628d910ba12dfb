"""The timeline in the parent's download (/mijn/gegevens/) and in erasure."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from steunpunt import erasure
from steunpunt import personal_data as registry
from steunpunt.personal_data import SectionData

from . import dates
from .models import Entry, Share

LABELS = {
    "entries": gettext_lazy("Punten op je tijdlijn"),
    "kind": gettext_lazy("Soort"),
    "when": gettext_lazy("Wanneer"),
    "what_happened": gettext_lazy("Wat er gebeurde"),
    "what_helped": gettext_lazy("Wat hielp"),
    "what_did_not_help": gettext_lazy("Wat niet hielp"),
    "child_says": gettext_lazy("Wat je kind erover zegt"),
    "written_at": gettext_lazy("Geschreven op"),
    "changed_at": gettext_lazy("Laatst aangepast op"),
    "shares": gettext_lazy("Gedeeld"),
    "case": gettext_lazy("Met je vraag"),
    "organisation": gettext_lazy("Ook met"),
    "shared_at": gettext_lazy("Gedeeld op"),
    "stopped_at": gettext_lazy("Gestopt op"),
    "entry_count": gettext_lazy("Aantal punten"),
    "shared_entries": gettext_lazy("Wat je deelde"),
}


def export(user) -> SectionData:
    entries = [
        {
            "kind": entry.get_kind_display(),
            "when": dates.period_label(
                entry.starts_on, entry.starts_precision, entry.ends_on, entry.ends_precision
            ),
            "what_happened": entry.what_happened,
            "what_helped": entry.what_helped,
            "what_did_not_help": entry.what_did_not_help,
            "child_says": entry.child_says,
            "written_at": entry.created_at,
            "changed_at": entry.updated_at,
        }
        for entry in Entry.objects.filter(owner=user).order_by("starts_on", "pk")
    ]
    shares = [
        {
            "case": share.case.reference,
            "organisation": share.followup.organisation.name if share.followup_id else "",
            "shared_at": share.shared_at,
            "stopped_at": share.stopped_at,
            "entry_count": share.entry_count,
            "shared_entries": [
                {
                    "kind": item.get("kind_label", ""),
                    "when": item.get("when", ""),
                    "what_happened": item.get("what_happened", ""),
                    "what_helped": item.get("what_helped", ""),
                    "what_did_not_help": item.get("what_did_not_help", ""),
                    "child_says": item.get("child_says", ""),
                }
                for item in share.snapshot
            ],
        }
        for share in Share.objects.filter(owner=user)
        .select_related("case", "followup__organisation")
        .order_by("shared_at", "pk")
    ]
    if not entries and not shares:
        return SectionData([])
    return SectionData({"entries": entries, "shares": shares})


def _shares_kept(user):
    # A case on legal hold keeps what was shared with it, like the rest of the case.
    return Share.objects.filter(owner=user, case__legal_hold_since__isnull=False)


def _items(entries: int, shares: int, kept: int) -> list[erasure.Item]:
    items = []
    if entries:
        items.append(erasure.Item(label=_("Punten op je tijdlijn: verwijderd"), count=entries))
    if shares:
        items.append(erasure.Item(label=_("Gedeelde tijdlijnen: verwijderd"), count=shares))
    if kept:
        items.append(
            erasure.Item(
                label=_("Gedeelde tijdlijn"),
                count=kept,
                kept=True,
                reason=_("Hoort bij een vraag met een juridische blokkade."),
            )
        )
    return items


def preview(user) -> list[erasure.Item]:
    kept = _shares_kept(user).count()
    return _items(
        Entry.objects.filter(owner=user).count(),
        Share.objects.filter(owner=user).count() - kept,
        kept,
    )


def erase(user) -> list[erasure.Item]:
    with transaction.atomic():
        kept = _shares_kept(user).count()
        shares = (
            Share.objects.filter(owner=user)
            .exclude(case__legal_hold_since__isnull=False)
            .delete()[1]
            .get(Share._meta.label, 0)
        )
        entries = Entry.objects.filter(owner=user).delete()[1].get(Entry._meta.label, 0)
    return _items(entries, shares, kept)


def register() -> None:
    registry.register(
        key="timeline",
        title=gettext_lazy("De tijdlijn van je kind"),
        collect=export,
        labels=LABELS,
        position=25,
        description=gettext_lazy("Wat je op de tijdlijn van je kind schreef, en wat je deelde."),
    )
    erasure.register(erasure.Provider("tijdlijn", preview, erase))
