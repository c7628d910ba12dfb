"""Cases in the third quarter of 2026, and publications of it prepared in October."""

import pytest
import time_machine

from tests.factories import (
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    editor,
    make_case,
)

IN_Q3 = "2026-08-10 10:00 +02:00"
AFTER_Q3 = "2026-10-15 10:00 +02:00"


@pytest.fixture
def themes(db):
    return {
        "thuiszitten": ThemeFactory(name="Thuiszitten", slug="thuiszitten", position=1),
        "passend": ThemeFactory(name="Passend onderwijs", slug="passend", position=2),
    }


def add_cases(theme, count: int, *, when: str = IN_Q3, kind: str = "question") -> None:
    with time_machine.travel(when, tick=False):
        for n in range(count):
            make_case(
                theme=theme, email=f"ouder{theme.pk}-{n}-{when[:10]}@test.example.nl", kind=kind
            )


@pytest.fixture
def q3_cases(themes):
    """Seven about thuiszitten and one about passend onderwijs: 'one cell of 7 in a
    total of 8'."""
    add_cases(themes["thuiszitten"], 7)
    add_cases(themes["passend"], 1)
    return themes


@pytest.fixture
def after_q3():
    with time_machine.travel(AFTER_Q3, tick=False):
        yield


@pytest.fixture
def preparer(db):
    return coordinator(name="Coördinator Anna")


@pytest.fixture
def second_coordinator(db):
    return coordinator(name="Coördinator Bram")


@pytest.fixture
def an_editor(db):
    return editor(name="Redacteur Cas")


@pytest.fixture
def partner_user(db):
    return UserFactory(roles=["partner"], organisation=OrganisationFactory(kind="wijkteam"))
