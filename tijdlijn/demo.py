"""A demo timeline for the demo parent (`make run`), written through the service.
Invented: nothing here is about a real child."""

from datetime import date

from steunpunt.models import User

from . import services
from .models import Entry

PARENT = "ouder@demo.example.nl"

ENTRIES = [
    {
        "kind": Entry.Kind.SCHOOL,
        "starts_on": date(2023, 9, 1),
        "starts_precision": "month",
        "what_happened": "Start in groep 5. De juf ziet dat lezen moeilijk gaat.",
        "what_helped": "Elke dag tien minuten samen lezen, thuis.",
    },
    {
        "kind": Entry.Kind.SUPPORT,
        "starts_on": date(2024, 1, 15),
        "starts_precision": "day",
        "what_happened": "Onderzoek naar dyslexie. Uitslag: geen dyslexie, wel veel spanning.",
        "what_did_not_help": "Lange toetsen achter elkaar.",
    },
    {
        "kind": Entry.Kind.HOME,
        "starts_on": date(2024, 3, 1),
        "starts_precision": "month",
        "ends_on": date(2024, 5, 1),
        "ends_precision": "month",
        "what_happened": "Vaak buikpijn in de ochtend. Een paar dagen thuis gebleven.",
        "child_says": "Ik ben bang dat ik de beurt krijg bij lezen.",
    },
    {
        "kind": Entry.Kind.CHANGE,
        "starts_on": date(2024, 9, 1),
        "starts_precision": "month",
        "what_happened": "Nieuwe klas met een vaste juf en een rustig plekje.",
        "what_helped": "Een vaste plek en weten wat er komt.",
        "child_says": "De juf snapt mij.",
    },
]


def seed_timeline() -> int:
    parent = User.objects.filter(email=PARENT).first()
    if parent is None:
        return 0
    if not Entry.objects.filter(owner=parent).exists():
        for values in ENTRIES:
            services.entry_create(owner=parent, **values)
    return Entry.objects.filter(owner=parent).count()
