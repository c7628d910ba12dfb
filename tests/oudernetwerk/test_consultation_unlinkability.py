"""Issue #10, finding 2: with the whole database (system columns included), the logs and
the email log, an answer cannot be tied to the parent who gave it. Answering seals the
answers into a pool; a finished consultation writes them as one shuffled batch of at
least 5, in another transaction than the "has answered" flags.
See docs/adr/0004-unlinkable-consultation-answers.md."""

import logging
import random
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone

from oudernetwerk import sealing, services
from oudernetwerk.models import Answer, Consultation, Invitation, Response, SealedResponse
from steunpunt.stats import SUPPRESSED
from tests.factories import coordinator
from tests.factories.consultations import invited_member, sealed_answers, survey

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="xmin and ctid are PostgreSQL's system columns"
)

TABLES = {
    Invitation: "oudernetwerk_invitation",
    Response: "oudernetwerk_response",
    Answer: "oudernetwerk_answer",
}


def _xmins(model) -> dict[str, str]:
    """Row key to the id of the transaction that wrote the row (PostgreSQL's xmin)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id::text, xmin::text FROM " + TABLES[model])  # noqa: S608
        return dict(cursor.fetchall())


def _physical_order(model) -> list[str]:
    """Row keys in the order the rows lie in the table: ctid on PostgreSQL, rowid on
    SQLite. Both follow the order of insertion in a fresh table."""
    column = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {TABLES[model]} ORDER BY {column}")  # noqa: S608
        return [str(row[0]).replace("-", "") for row in cursor.fetchall()]


def _answer(consultation, user, choice, option="Goed", open_question=None, text=""):
    answers = {choice.pk: option}
    if open_question is not None:
        answers[open_question.pk] = text
    services.consultation_answer(consultation=consultation, user=user, answers=answers)


def _answered(consultation, choice, count, open_question=None):
    """`count` parents answer one after the other, each with their own open answer."""
    texts = []
    for number in range(count):
        text = f"Antwoord van ouder nummer {number}"
        _answer(
            consultation, invited_member(consultation).user, choice, "Goed", open_question, text
        )
        texts.append(text)
    return texts


# --- PostgreSQL: transaction ids ----------------------------------------------------------------


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_no_answer_shares_a_transaction_with_an_invitation():
    """The regression test: before the fix every response carried the xmin of the
    invitation whose flag was set with it, so all 5 of 5 answers were linked."""
    consultation, choice, open_question = survey()
    _answered(consultation, choice, 6, open_question)

    services.consultation_close(consultation=consultation, actor=coordinator())

    invitation_xmins = _xmins(Invitation)
    written = {**_xmins(Response), **_xmins(Answer)}
    assert len(_xmins(Response)) == 6
    assert len(_xmins(Answer)) == 12
    linked = [key for key, xmin in written.items() if xmin in set(invitation_xmins.values())]
    assert linked == []
    # One transaction wrote the whole batch, and it set no flag.
    assert len(set(written.values())) == 1
    assert len(set(invitation_xmins.values())) == 6


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_sweep_batch_is_one_transaction_apart_from_the_flags():
    consultation, choice, _open = survey(closes_on=timezone.localdate())
    _answered(consultation, choice, 5)

    with time_machine.travel(timezone.now() + timedelta(days=1)):
        services.sweep()

    written = {**_xmins(Response), **_xmins(Answer)}
    assert len(written) == 10
    assert len(set(written.values())) == 1
    assert not set(written.values()) & set(_xmins(Invitation).values())


@needs_postgres
def test_answers_carry_no_sequence():
    with connection.cursor() as cursor:
        for table in (
            "oudernetwerk_response",
            "oudernetwerk_answer",
            "oudernetwerk_sealedresponse",
        ):
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            assert cursor.fetchone() == (None,), table


# --- Both databases: physical order, pool, threshold --------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_batch_lies_in_the_table_in_the_shuffled_order():
    """ctid (PostgreSQL) and rowid (SQLite) follow the order of insertion. The batch is
    inserted in the order the seeded shuffle gives, not in the order of answering."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A fresh heap, so the physical order is the order of insertion.
            cursor.execute("TRUNCATE oudernetwerk_answer, oudernetwerk_response")
    consultation, choice, open_question = survey()
    answer_order = _answered(consultation, choice, 8, open_question)

    services.consultation_close(
        consultation=consultation, actor=coordinator(), rng=random.Random(10)
    )

    expected = sorted(sorted([(choice.pk, "Goed"), (open_question.pk, t)]) for t in answer_order)
    random.Random(10).shuffle(expected)
    expected_texts = [dict(items)[open_question.pk] for items in expected]
    text_of = {
        str(response_id).replace("-", ""): text
        for response_id, text in Answer.objects.filter(question=open_question).values_list(
            "response", "text"
        )
    }
    assert [text_of[key] for key in _physical_order(Response)] == expected_texts
    assert expected_texts != answer_order
    # The answers of each response follow their response, in the same order.
    response_of = {
        str(pk).replace("-", ""): str(response).replace("-", "")
        for pk, response in Answer.objects.values_list("pk", "response")
    }
    answer_responses = [response_of[key] for key in _physical_order(Answer)]
    assert list(dict.fromkeys(answer_responses)) == _physical_order(Response)


def test_the_pool_is_opaque_and_of_one_size():
    consultation, choice, open_question = survey()
    long_text = ("Mijn dochter Fleur zit al drie maanden thuis. " * 40).strip()
    texts = ["Kort", long_text, "Het gesprek met de intern begeleider ging goed"]
    for text in texts:
        _answer(
            consultation,
            invited_member(consultation).user,
            choice,
            "Niet goed",
            open_question,
            text,
        )

    raw_rows = [bytes(row) for row in SealedResponse.objects.values_list("sealed", flat=True)]

    assert len(raw_rows) == 3
    assert len({len(row) for row in raw_rows}) == 1
    for row in raw_rows:
        for plain in ["Niet goed", "Kort", "Fleur", "intern begeleider"]:
            assert plain.encode() not in row
            assert plain.encode("utf-16-le") not in row
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    assert sorted(values[open_question.pk] for values in sealed_answers(consultation)) == sorted(
        texts
    )


def test_the_pool_opens_only_with_the_secret_key(settings):
    consultation, choice, _open = survey()
    _answer(consultation, invited_member(consultation).user, choice, "Niet goed")
    row = SealedResponse.objects.get()
    old_key = settings.SECRET_KEY

    settings.SECRET_KEY = "een-andere-sleutel-" + "x" * 40
    assert sealing.unseal(consultation_id=consultation.pk, sealed=row.sealed) is None
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert sealing.unseal(consultation_id=consultation.pk, sealed=row.sealed) == {
        choice.pk: "Niet goed"
    }
    # Bound to its consultation: moved to another one, it does not open.
    assert sealing.unseal(consultation_id=consultation.pk + 1, sealed=row.sealed) is None


def test_answers_carry_no_time_no_ordered_key_and_no_person():
    for model in (Response, Answer, SealedResponse):
        kinds = {type(field) for field in model._meta.concrete_fields}
        assert not kinds & {models.DateTimeField, models.DateField, models.TimeField}, model
        assert isinstance(model._meta.pk, models.UUIDField), model
    sealed_fields = {field.name for field in SealedResponse._meta.concrete_fields}
    assert sealed_fields == {"id", "consultation", "sealed"}


def test_fewer_than_five_answers_never_become_responses():
    consultation, choice, open_question = survey(closes_on=timezone.localdate())
    _answered(consultation, choice, 4, open_question)

    consultation = services.consultation_close(consultation=consultation, actor=coordinator())
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        services.sweep()
    results = services.consultation_results(consultation=consultation)

    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    assert SealedResponse.objects.count() == 4
    assert results.responses == SUPPRESSED
    assert results.questions == []
    assert "Minder dan 5 ouders" in results.withheld


def test_nothing_is_written_while_the_consultation_runs():
    consultation, choice, _open = survey()
    _answered(consultation, choice, 7)

    services.sweep()

    assert Response.objects.count() == 0
    assert SealedResponse.objects.count() == 7
    assert services.consultation_results(consultation=consultation).responses == 7


def test_the_sweep_closes_a_consultation_whose_last_day_passed_and_writes_its_batch():
    consultation, choice, _open = survey(closes_on=timezone.localdate())
    _answered(consultation, choice, 5)
    late = invited_member(consultation)

    with time_machine.travel(timezone.now() + timedelta(days=1)):
        counts = services.sweep()
        again = services.sweep()

    consultation.refresh_from_db()
    assert counts["consultation_batches"] == 5
    assert again["consultation_batches"] == 0
    assert consultation.status == Consultation.Status.CLOSED
    assert Response.objects.filter(consultation=consultation).count() == 5
    assert not SealedResponse.objects.exists()
    # Closed for good: moving the last day does not let a sixth answer in after the batch.
    consultation.closes_on = timezone.localdate() + timedelta(days=7)
    consultation.save()
    with pytest.raises(ValidationError, match="gesloten"):
        _answer(consultation, late.user, choice)


def test_a_second_answer_is_still_refused_after_the_batch():
    consultation, choice, _open = survey()
    members = [invited_member(consultation) for _ in range(5)]
    for member in members:
        _answer(consultation, member.user, choice)
    services.consultation_close(consultation=consultation, actor=coordinator())

    with pytest.raises(ValidationError, match="al ingevuld"):
        _answer(consultation, members[0].user, choice, "Niet goed")

    assert Response.objects.count() == 5
    assert set(Answer.objects.values_list("choice", flat=True)) == {"Goed"}


def test_answering_logs_nothing_and_sends_nothing(caplog, django_capture_on_commit_callbacks):
    consultation, choice, open_question = survey()
    members = [
        invited_member(consultation, user__email=f"ouder{n}@test.example.nl") for n in range(5)
    ]

    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        for member in members:
            _answer(consultation, member.user, choice, "Goed", open_question, "Geheim verhaal")
        answering_records = [r for r in caplog.records if not r.name.startswith("django.db")]
        caplog.clear()
        services.consultation_close(consultation=consultation, actor=coordinator())

    assert answering_records == []
    assert mail.outbox == []
    batch_lines = [r.getMessage() for r in caplog.records if r.name.startswith("oudernetwerk")]
    assert batch_lines == [f"consultation {consultation.pk}: wrote a batch of 5 answers"]
    for line in (r.getMessage() for r in caplog.records):
        assert "Geheim verhaal" not in line
        for member in members:
            assert member.user.email not in line


def test_the_thanks_says_only_that_the_answers_arrived(client):
    consultation, choice, open_question = survey()
    member = invited_member(consultation)
    client.force_login(member.user)

    page = client.post(
        f"/raadplegen/{consultation.pk}/",
        {f"vraag_{choice.pk}": "Niet goed", f"vraag_{open_question.pk}": "Mijn eigen woorden"},
        follow=True,
    ).content.decode()

    assert "Dank je wel! Je antwoorden zijn opgeslagen." in page
    assert "Mijn eigen woorden" not in page
    assert "Niet goed" not in page
