"""What experienced parents brought to the policy tables, for the signals report."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steunpunt.signal_sources import SignalContribution, SignalItem

from . import services


def contributions(*, start: date, end: date) -> list[SignalContribution]:
    items = [
        SignalItem(
            heading=perspective.topic,
            meta=ngettext(
                "%(organisation)s (%(kind)s), %(format)s, %(date)s: %(count)s ouder",
                "%(organisation)s (%(kind)s), %(format)s, %(date)s: %(count)s ouders",
                perspective.parents,
            )
            % {
                "organisation": perspective.organisation.name,
                "kind": perspective.organisation.get_kind_display().lower(),
                "format": perspective.get_format_display().lower(),
                "date": date_format(perspective.first_date, "j F Y"),
                "count": perspective.parents,
            },
            text=perspective.report,
        )
        for perspective in services.contributions(start=start, end=end)
    ]
    return [
        SignalContribution(
            key="ervaringsdeskundigen",
            title=_("Inbreng van ervaringsdeskundigen"),
            intro=_(
                "Wat ouders inbrachten aan beleidstafels van partners, uit de verslagen na "
                "elke bijeenkomst in dit kwartaal."
            ),
            items=items,
            empty=_("In dit kwartaal is er geen verslag van een bijeenkomst met ouders."),
        )
    ]
