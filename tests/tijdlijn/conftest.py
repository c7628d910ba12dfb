"""A parent with a case, a school with consent and a follow-up, and everyone else who
must not see or change the parent's timeline."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from casussen import services as case_services
from casussen.deadlines import add_working_days
from casussen.models import Case, Consent, FollowUp
from tests.factories import (
    BuddyProfileFactory,
    OrganisationFactory,
    UserFactory,
    coordinator,
    editor,
    make_case,
)
from tijdlijn import services
from tijdlijn.models import Entry

PARENT_EMAIL = "ouder.tijdlijn@test.example.nl"

# Five entries, oldest first (the order the timeline shows them in).
ENTRIES = [
    ("school", date(2023, 9, 1), "month", "Start in groep 5. Lezen gaat moeilijk."),
    ("support", date(2024, 1, 15), "day", "Onderzoek naar dyslexie. Geen dyslexie, wel spanning."),
    ("home", date(2024, 3, 1), "month", "Buikpijn in de ochtend, drie dagen thuis."),
    ("change", date(2024, 9, 1), "month", "Nieuwe klas met een vaste juf."),
    ("other", date(2025, 2, 1), "month", "Zwemles gehaald, heel trots."),
]


@dataclass
class World:
    parent: object
    case: Case
    school: object
    consent: Consent
    followup: FollowUp
    worker: object


@pytest.fixture
def world(db) -> World:
    parent = UserFactory(email=PARENT_EMAIL, name="Mila Jansen")
    school = OrganisationFactory(name="Basisschool De Vlinder")
    case = make_case(email=PARENT_EMAIL, school=school)
    worker = coordinator(email="coordinator.tijdlijn@steunpunt.example.nl")
    consent = case_services.consent_give(
        case=case, organisation=school, method=Consent.Method.PORTAL, actor=parent
    )
    followup = case_services.followup_create(
        case=case,
        organisation=school,
        request="Wilt u een gesprek plannen met de ouder?",
        due_date=add_working_days(timezone.localdate(), 5),
        actor=worker,
    )
    return World(parent, case, school, consent, followup, worker)


def write_entries(owner, rows=ENTRIES) -> list[Entry]:
    return [
        services.entry_create(
            owner=owner,
            kind=kind,
            starts_on=starts_on,
            starts_precision=precision,
            what_happened=text,
            what_helped=f"Hielp: {index}",
            child_says=f"Kind zegt: {index}",
        )
        for index, (kind, starts_on, precision, text) in enumerate(rows)
    ]


@pytest.fixture
def entries(world) -> list[Entry]:
    return write_entries(world.parent)


def person(role: str, world: World):
    """A user in `role` ("anonymous": None)."""
    match role:
        case "parent":
            return world.parent
        case "other_parent":
            other = UserFactory(email="andere.ouder@test.example.nl")
            make_case(email=other.email)
            return other
        case "buddy":
            return BuddyProfileFactory().user
        case "partner":
            return UserFactory(roles=["partner"], organisation=world.school)
        case "other_partner":
            return UserFactory(roles=["partner"], organisation=OrganisationFactory())
        case "coordinator":
            return world.worker
        case "editor":
            return editor()
        case "anonymous":
            return None
    raise ValueError(role)


ROLES = [
    "parent",
    "other_parent",
    "buddy",
    "partner",
    "other_partner",
    "coordinator",
    "editor",
    "anonymous",
]
