"""What other parts of the platform add to the signals report: each app gives, through
its AppConfig's `signal_contributions(start, end)`, sections of what parents brought in
during the period (the core imports no app). The report shows them after its own
figures; they hold no personal data."""

from dataclasses import dataclass, field
from datetime import date

from django.apps import apps


@dataclass(frozen=True)
class SignalItem:
    heading: str
    # One line about it: where, when, how many.
    meta: str
    text: str


@dataclass(frozen=True)
class SignalContribution:
    key: str
    title: str
    intro: str
    items: list[SignalItem] = field(default_factory=list)
    # Said when there is nothing in the period.
    empty: str = ""


def contributions(*, start: date, end: date) -> list[SignalContribution]:
    """Every app's sections for the days from `start` up to (not including) `end`."""
    found = []
    for config in apps.get_app_configs():
        provider = getattr(config, "signal_contributions", None)
        if callable(provider):
            found += provider(start, end)
    return found
