"""Preparing, approving and withdrawing a publication of the signals, and its frozen,
suppressed figures."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from signalen import services
from signalen.models import Publication
from tests.factories import UserFactory

from .conftest import add_cases

pytestmark = pytest.mark.django_db

ALL = [
    "thema",
    "soort",
    "gemeente",
    "schoolsoort",
    "kanaal",
    "signalen",
    "reactie",
    "afronding",
    "tevredenheid",
    "praatplaat",
]


def prepare(actor, *, year=2026, quarter=3, sections=ALL, is_public=True):
    return services.publication_prepare(
        year=year,
        quarter=quarter,
        title="Signalen kwartaal 3",
        summary="Ouders vertellen over **thuiszitten**.",
        sections=sections,
        is_public=is_public,
        actor=actor,
    )


def _rows(publication, key):
    table = next(t for t in publication.figures["tables"] if t["key"] == key)
    return {row["label"]: row["quarter"] for row in table["rows"]}


def test_seven_of_eight_the_one_cannot_be_worked_out(q3_cases, after_q3, preparer):
    publication = prepare(preparer)

    themes = _rows(publication, "thema")
    total = publication.figures["total"]["quarter"]
    assert themes["Passend onderwijs"] is None
    assert themes["Thuiszitten"] is None or total is None
    assert publication.counted["tables"]["thema"]["rows"] == [
        ["Thuiszitten", 7],
        ["Passend onderwijs", 1],
    ]


def test_the_figures_are_frozen_when_new_cases_arrive(q3_cases, after_q3, preparer, an_editor):
    publication = prepare(preparer)
    before = publication.figures
    add_cases(q3_cases["passend"], 9)  # late arrivals in the same quarter

    services.publication_transition(publication=publication, action="submit", actor=preparer)
    published = services.publication_transition(
        publication=publication, action="approve", actor=an_editor
    )

    assert published.figures == before
    assert published.counted["total"] == 8


def test_recounting_a_concept_takes_the_new_cases(q3_cases, after_q3, preparer):
    publication = prepare(preparer)
    add_cases(q3_cases["passend"], 9)

    services.publication_update(
        publication=publication,
        title=publication.title,
        summary=publication.summary,
        sections=ALL,
        is_public=True,
        recount=True,
        actor=preparer,
    )

    publication.refresh_from_db()
    assert _rows(publication, "thema") == {"Thuiszitten": 7, "Passend onderwijs": 10}


def test_only_the_chosen_sections_are_published(q3_cases, after_q3, preparer):
    publication = prepare(preparer, sections=["soort", "praatplaat"])

    assert [t["key"] for t in publication.figures["tables"]] == ["soort"]
    assert publication.figures["praatplaat"] is not None
    assert publication.figures["satisfaction"] is None
    assert publication.figures["timings"] == []


def test_the_summary_is_rendered_safely(q3_cases, after_q3, preparer):
    publication = services.publication_prepare(
        year=2026,
        quarter=3,
        title="T",
        summary="**Vet** <script>alert(1)</script>",
        sections=["soort"],
        is_public=False,
        actor=preparer,
    )

    assert "<strong>Vet</strong>" in publication.summary_html
    assert "<script" not in publication.summary_html


def test_a_quarter_not_yet_over_is_refused(q3_cases, after_q3, preparer):
    with pytest.raises(ValidationError):
        prepare(preparer, quarter=4)


def test_no_sections_is_refused(q3_cases, after_q3, preparer):
    with pytest.raises(ValidationError):
        prepare(preparer, sections=[])


def test_a_second_living_publication_of_a_quarter_is_refused(q3_cases, after_q3, preparer):
    prepare(preparer)

    with pytest.raises(ValidationError):
        prepare(preparer)


@pytest.mark.parametrize("who", ["editor", "partner", "parent"])
def test_only_a_coordinator_prepares(q3_cases, after_q3, an_editor, partner_user, who):
    actor = {"editor": an_editor, "partner": partner_user, "parent": UserFactory()}[who]

    with pytest.raises(PermissionDenied):
        prepare(actor)


# --- The workflow ----------------------------------------------------------------------


def _submitted(preparer):
    publication = prepare(preparer)
    return services.publication_transition(publication=publication, action="submit", actor=preparer)


def test_a_second_coordinator_approves(q3_cases, after_q3, preparer, second_coordinator):
    publication = _submitted(preparer)

    published = services.publication_transition(
        publication=publication, action="approve", actor=second_coordinator
    )

    assert published.status == Publication.Status.PUBLISHED
    assert published.approved_by == second_coordinator
    assert published.published_at is not None
    assert [e.action for e in published.events.all()] == ["prepared", "submit", "approve"]


def test_the_preparer_cannot_approve_their_own(q3_cases, after_q3, preparer):
    publication = _submitted(preparer)

    with pytest.raises(services.TransitionRefusedError):
        services.publication_transition(publication=publication, action="approve", actor=preparer)
    publication.refresh_from_db()
    assert publication.status == Publication.Status.IN_REVIEW


def test_who_offered_it_cannot_approve_it(
    q3_cases, after_q3, preparer, second_coordinator, an_editor
):
    publication = prepare(preparer)
    services.publication_transition(
        publication=publication, action="submit", actor=second_coordinator
    )

    with pytest.raises(services.TransitionRefusedError):
        services.publication_transition(
            publication=publication, action="approve", actor=second_coordinator
        )
    services.publication_transition(publication=publication, action="approve", actor=an_editor)


@pytest.mark.parametrize("who", ["partner", "parent"])
def test_a_partner_or_parent_cannot_approve(q3_cases, after_q3, preparer, partner_user, who):
    publication = _submitted(preparer)
    actor = partner_user if who == "partner" else UserFactory()

    with pytest.raises(PermissionDenied):
        services.publication_transition(publication=publication, action="approve", actor=actor)


def test_an_editor_cannot_submit(q3_cases, after_q3, preparer, an_editor):
    publication = prepare(preparer)

    with pytest.raises(PermissionDenied):
        services.publication_transition(publication=publication, action="submit", actor=an_editor)


def test_sent_back_it_is_a_concept_again(q3_cases, after_q3, preparer, an_editor):
    publication = _submitted(preparer)

    back = services.publication_transition(
        publication=publication, action="reject", actor=an_editor, note="Te lang"
    )

    assert back.status == Publication.Status.DRAFT
    assert back.events.last().note == "Te lang"


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", "approve"),
        ("draft", "withdraw"),
        ("draft", "reject"),
        ("in_review", "submit"),
        ("in_review", "withdraw"),
        ("published", "submit"),
        ("published", "approve"),
        ("published", "reject"),
        ("withdrawn", "approve"),
        ("withdrawn", "submit"),
        ("withdrawn", "withdraw"),
        ("draft", "publish-now"),
    ],
)
def test_refused_transitions(q3_cases, after_q3, preparer, an_editor, status, action):
    publication = prepare(preparer)
    Publication.objects.filter(pk=publication.pk).update(status=status)

    with pytest.raises(services.TransitionRefusedError):
        services.publication_transition(publication=publication, action=action, actor=an_editor)
    publication.refresh_from_db()
    assert publication.status == status


def test_a_published_one_cannot_be_edited(q3_cases, after_q3, preparer, an_editor):
    publication = _submitted(preparer)
    services.publication_transition(publication=publication, action="approve", actor=an_editor)

    with pytest.raises(services.TransitionRefusedError):
        services.publication_update(
            publication=publication,
            title="Anders",
            summary="",
            sections=ALL,
            is_public=True,
            recount=True,
            actor=preparer,
        )


def test_withdrawn_the_quarter_can_be_published_again(q3_cases, after_q3, preparer, an_editor):
    publication = _submitted(preparer)
    services.publication_transition(publication=publication, action="approve", actor=an_editor)

    withdrawn = services.publication_transition(
        publication=publication, action="withdraw", actor=an_editor
    )
    again = prepare(preparer)

    assert withdrawn.status == Publication.Status.WITHDRAWN
    assert withdrawn.withdrawn_at is not None
    assert again.status == Publication.Status.DRAFT


# --- Emails ------------------------------------------------------------------------------


def test_offered_it_goes_to_the_others_who_may_approve(
    q3_cases,
    after_q3,
    preparer,
    second_coordinator,
    an_editor,
    partner_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    publication = prepare(preparer)

    with django_capture_on_commit_callbacks(execute=True):
        services.publication_transition(publication=publication, action="submit", actor=preparer)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.to) == sorted([second_coordinator.email, an_editor.email])
    assert message.subject == "Wil je 'Signalen kwartaal 3' goedkeuren?"
    assert f"/admin/signalen/publication/{publication.pk}/change/" in message.body


@pytest.mark.parametrize(
    ("action", "subject"),
    [
        ("approve", "'Signalen kwartaal 3' is gepubliceerd"),
        ("reject", "'Signalen kwartaal 3' is teruggestuurd"),
    ],
)
def test_the_preparer_hears_the_decision(
    q3_cases,
    after_q3,
    preparer,
    an_editor,
    mailoutbox,
    django_capture_on_commit_callbacks,
    action,
    subject,
):
    publication = _submitted(preparer)

    with django_capture_on_commit_callbacks(execute=True):
        services.publication_transition(
            publication=publication, action=action, actor=an_editor, note="Mooi stuk."
        )

    assert [m.to for m in mailoutbox] == [[preparer.email]]
    assert mailoutbox[0].subject == subject
    assert "Mooi stuk." in mailoutbox[0].body
