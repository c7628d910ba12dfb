"""Case reminders are claimed by the sweep and rendered when the outbox delivers them
(ADR 0008): what they say, what the admin keeps, and rows that cannot be rendered."""

import logging
import threading
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from casussen import services
from casussen.models import Case, Consent, Reminder
from steunpunt import outbox
from steunpunt.outbox import tasks as outbox_tasks
from tests.factories import OrganisationFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

BROKEN_BACKEND = "tests.steunpunt.broken_mail.BrokenBackend"
# Tuesday 1 December 2026: a week with no public holidays.
CREATED = "2026-12-01 09:00 +01:00"
DUE = date(2026, 12, 8)
BEFORE_DUE = "2026-12-04 07:00 +01:00"
PARTNER = "zorg@school.example.nl"


def _followup(worker=None):
    worker = worker or coordinator()
    school = OrganisationFactory(contact_email=PARTNER)
    case = services.case_assign(case=make_case(), coordinator=worker, actor=worker)
    services.case_message_to_parent(case=case, actor=worker, text="Ik bel de school.")
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=worker)
    return services.followup_create(
        case=case,
        organisation=school,
        request="Wilt u het ontwikkelingsperspectief met de ouder bespreken?",
        due_date=DUE,
        actor=worker,
    )


@pytest.fixture
def followups():
    with time_machine.travel(CREATED, tick=False):
        rows = [_followup() for _ in range(2)]
    mail.outbox.clear()
    return rows


def _claim_without_sending(moment, capture, settings):
    """A sweep whose mail server is down: the reminders are claimed, none is sent."""
    working = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = BROKEN_BACKEND
    with time_machine.travel(moment, tick=False), capture(execute=True):
        services.sweep_reminders()
    settings.EMAIL_BACKEND = working


def _deliver(rows, moment=BEFORE_DUE):
    with time_machine.travel(moment, tick=False):
        return outbox_tasks.deliver_many(
            model="casussen.Reminder", row_ids=sorted(row.pk for row in rows)
        )


def test_claim_stores_what_the_email_is_about_not_its_text(
    followups, django_capture_on_commit_callbacks, settings
):
    _claim_without_sending(BEFORE_DUE, django_capture_on_commit_callbacks, settings)

    reminder = Reminder.objects.get(followup=followups[0])
    assert reminder.template == "casussen/email/followup_before_due"
    assert reminder.recipients == [PARTNER]
    assert (reminder.subject, reminder.body, reminder.html) == ("", "", "")
    assert reminder.attempts == 1


def test_delivery_renders_the_reminder_and_keeps_what_was_sent(
    followups, django_capture_on_commit_callbacks, settings
):
    _claim_without_sending(BEFORE_DUE, django_capture_on_commit_callbacks, settings)

    assert _deliver(Reminder.objects.all()) == 2

    assert sorted(m.to[0] for m in mail.outbox) == [PARTNER, PARTNER]
    message = next(m for m in mail.outbox if followups[0].case.reference in m.subject)
    reminder = Reminder.objects.get(followup=followups[0])
    assert reminder.subject == message.subject
    assert "graag uw antwoord uiterlijk 8 december" in reminder.subject
    assert reminder.body == message.body
    assert reminder.html == message.alternatives[0][0]
    # The partner's link is signed at delivery and answers this follow-up.
    link = next(line for line in message.body.splitlines() if "/opvolging/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert services.followup_for_token(token) == followups[0]
    assert reminder.sent_at is not None


def test_admin_shows_the_subject_that_was_sent(
    client, followups, django_capture_on_commit_callbacks, settings
):
    _claim_without_sending(BEFORE_DUE, django_capture_on_commit_callbacks, settings)
    _deliver(Reminder.objects.all())
    reminder = Reminder.objects.get(followup=followups[0])
    client.force_login(followups[0].case.assigned_to)

    response = client.get(reverse("admin:casussen_reminder_change", args=[reminder.pk]))

    assert response.status_code == 200
    assert reminder.subject in response.content.decode()
    # The body carries the partner's signed link: the admin does not show it.
    assert reminder.body.strip().splitlines()[-1] not in response.content.decode()


def test_respond_soon_reminder_names_the_deadline_it_was_claimed_for(
    django_capture_on_commit_callbacks, settings
):
    worker = coordinator()
    with time_machine.travel(CREATED, tick=False):
        case = services.case_assign(case=make_case(), coordinator=worker, actor=worker)
    assert case.respond_by == date(2026, 12, 3)
    _claim_without_sending("2026-12-02 07:00 +01:00", django_capture_on_commit_callbacks, settings)
    # The deadline moves before the worker gets to it (another sweep reminds of that one).
    Case.objects.filter(pk=case.pk).update(respond_by=date(2026, 12, 10))

    _deliver(Reminder.objects.all(), moment="2026-12-02 07:01 +01:00")

    assert [m.to for m in mail.outbox] == [[worker.email]]
    assert (
        mail.outbox[0].subject
        == f"Eerste reactie op {case.reference} uiterlijk donderdag 3 december"
    )
    assert "donderdag 3 december 2026" in mail.outbox[0].body


def test_reminder_settled_before_delivery_is_cancelled_not_rendered(
    followups, django_capture_on_commit_callbacks, settings
):
    _claim_without_sending(BEFORE_DUE, django_capture_on_commit_callbacks, settings)
    services.followup_answer(followup=followups[0], answer="Geregeld.", via="link")
    mail.outbox.clear()

    _deliver(Reminder.objects.all())

    settled = Reminder.objects.get(followup=followups[0])
    assert (settled.sent_at, settled.subject, settled.cancelled_at is not None) == (None, "", True)
    assert [m.to for m in mail.outbox] == [[PARTNER]]


def test_reminder_whose_template_fails_does_not_hold_up_the_others(
    followups, django_capture_on_commit_callbacks, settings, caplog
):
    _claim_without_sending(BEFORE_DUE, django_capture_on_commit_callbacks, settings)
    poison = Reminder.objects.get(followup=followups[0])
    Reminder.objects.filter(pk=poison.pk).update(template="casussen/email/does_not_exist")

    with caplog.at_level(logging.ERROR, logger="steunpunt.outbox.tasks"):
        sent = _deliver(Reminder.objects.all())

    assert sent == 1
    assert [m.to for m in mail.outbox] == [[PARTNER]]
    poison.refresh_from_db()
    assert (poison.sent_at, poison.cancelled_at, poison.attempts) == (None, None, 2)
    assert f"Outbox row {poison.pk} of casussen.Reminder could not be rendered" in caplog.text
    assert Reminder.objects.get(followup=followups[1]).sent_at is not None


def test_reminder_whose_context_cannot_be_built_does_not_hold_up_the_others(
    django_capture_on_commit_callbacks, settings, caplog
):
    worker = coordinator()
    with time_machine.travel(CREATED, tick=False):
        cases = [services.case_assign(case=make_case(), coordinator=worker, actor=worker)]
        cases.append(services.case_assign(case=make_case(), coordinator=worker, actor=worker))
    _claim_without_sending("2026-12-02 07:00 +01:00", django_capture_on_commit_callbacks, settings)
    poison = Reminder.objects.get(case=cases[0])
    Reminder.objects.filter(pk=poison.pk).update(context={})  # its deadline is missing

    with caplog.at_level(logging.ERROR, logger="steunpunt.outbox.tasks"):
        sent = _deliver(Reminder.objects.all(), moment="2026-12-02 07:01 +01:00")

    assert sent == 1
    assert cases[1].reference in mail.outbox[0].subject
    poison.refresh_from_db()
    assert (poison.sent_at, poison.attempts) == (None, 2)
    assert "could not be rendered (KeyError)" in caplog.text


def test_the_log_of_a_failed_rendering_holds_no_link_or_address(
    followups, django_capture_on_commit_callbacks, settings, caplog
):
    _claim_without_sending(BEFORE_DUE, django_capture_on_commit_callbacks, settings)
    Reminder.objects.update(template="casussen/email/does_not_exist")

    with caplog.at_level(logging.DEBUG):
        _deliver(Reminder.objects.all())

    assert mail.outbox == []
    assert PARTNER not in caplog.text
    assert "/opvolging/" not in caplog.text
    assert "does_not_exist" not in caplog.text


def test_poison_row_is_given_up_after_ten_attempts_and_stays_visible(
    followups, django_capture_on_commit_callbacks, settings
):
    _claim_without_sending(BEFORE_DUE, django_capture_on_commit_callbacks, settings)
    poison = Reminder.objects.get(followup=followups[0])
    Reminder.objects.filter(pk=poison.pk).update(template="casussen/email/does_not_exist")

    for hour in range(8, 22):
        with (
            time_machine.travel(f"2026-12-04 {hour:02d}:00 +01:00", tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            services.sweep_reminders()

    poison.refresh_from_db()
    assert (poison.sent_at, poison.attempts) == (None, outbox.MAX_DELIVERY_ATTEMPTS)
    assert [m.to for m in mail.outbox] == [[PARTNER]]


def test_reminder_claimed_before_rendering_moved_to_delivery_goes_out_as_stored(
    followups, django_capture_on_commit_callbacks
):
    followup = followups[0]
    stored = Reminder.objects.create(
        key=f"followup-{followup.pk}-followup_before_due",
        kind=Reminder.Kind.FOLLOWUP_BEFORE_DUE,
        case=followup.case,
        followup=followup,
        recipients=[PARTNER],
        subject="Herinnering (opgemaakt bij het klaarzetten)",
        body="De tekst van toen.",
    )

    assert _deliver([stored]) == 1

    assert [(m.subject, m.body) for m in mail.outbox] == [
        ("Herinnering (opgemaakt bij het klaarzetten)", "De tekst van toen.")
    ]
    stored.refresh_from_db()
    assert stored.subject == "Herinnering (opgemaakt bij het klaarzetten)"
    assert stored.sent_at is not None


@pytest.fixture
def reply_to_drafts():
    """The cases' outbox registered with drafts that also give a Reply-To, as an app
    that wants replies to land on the case would register it."""
    label = Reminder._meta.label
    original = outbox.registry.DRAFTS[label]

    def drafts(rows):
        built = original(rows)
        for row in rows:
            built[row.pk].headers["Reply-To"] = f"antwoord+{row.case_id}@steunpunt.example.nl"
        return built

    outbox.registry.DRAFTS[label] = drafts
    yield
    outbox.registry.DRAFTS[label] = original


def test_headers_from_the_drafts_are_sent_and_kept(
    followups, django_capture_on_commit_callbacks, settings, reply_to_drafts
):
    _claim_without_sending(BEFORE_DUE, django_capture_on_commit_callbacks, settings)

    _deliver(Reminder.objects.filter(followup=followups[0]))

    address = f"antwoord+{followups[0].case_id}@steunpunt.example.nl"
    assert mail.outbox[0].message()["Reply-To"] == address
    assert Reminder.objects.get(followup=followups[0]).headers == {"Reply-To": address}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time; real concurrency needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_the_same_rows_at_once_send_each_once(settings):
    settings.EMAIL_BACKEND = BROKEN_BACKEND
    with time_machine.travel(CREATED, tick=False):
        followups = [_followup() for _ in range(6)]
    with time_machine.travel(BEFORE_DUE, tick=False):
        services.sweep_reminders()  # on_commit runs at once here: the server is down
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    row_ids = sorted(Reminder.objects.values_list("pk", flat=True))
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            outbox_tasks.deliver_many(model="casussen.Reminder", row_ids=row_ids)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    with time_machine.travel("2026-12-04 07:01 +01:00", tick=False):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert sorted(m.subject for m in mail.outbox) == sorted(
        Reminder.objects.values_list("subject", flat=True)
    )
    assert len(mail.outbox) == len(followups)
    assert all(r.sent_at for r in Reminder.objects.all())


def _resolved_case(moment):
    with time_machine.travel(moment, tick=False):
        worker = coordinator()
        case = services.case_assign(
            case=make_case(email="ouder@test.example.nl"), coordinator=worker, actor=worker
        )
        return services.case_transition(
            case=case, to_status=Case.Status.RESOLVED, actor=worker, resolution="answered"
        )


def test_evaluation_reminder_is_rendered_at_delivery_with_a_working_link(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        case = _resolved_case("2026-11-02 10:00 +01:00")
    mail.outbox.clear()

    with (
        time_machine.travel("2026-11-10 07:00 +01:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        counts = services.sweep_reminders()

    assert counts["evaluation_reminder"] == 1
    assert [m.to for m in mail.outbox] == [["ouder@test.example.nl"]]
    reminder = Reminder.objects.get(kind=Reminder.Kind.EVALUATION_REMINDER)
    assert (reminder.template, reminder.subject) == (
        "casussen/email/evaluation_reminder",
        mail.outbox[0].subject,
    )
    link = next(line for line in mail.outbox[0].body.splitlines() if "/evaluatie/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert services.evaluation_for_token(token).case == case


def test_sweep_closes_a_case_resolved_two_weeks_ago_and_records_it(
    django_capture_on_commit_callbacks,
):
    case = _resolved_case("2026-11-02 10:00 +01:00")
    recent = _resolved_case("2026-11-10 10:00 +01:00")

    with (
        time_machine.travel("2026-11-17 07:00 +01:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        counts = services.sweep_reminders()

    assert counts["closed"] == 1
    case.refresh_from_db()
    recent.refresh_from_db()
    assert (case.status, recent.status) == (Case.Status.CLOSED, Case.Status.RESOLVED)
    event = case.events.filter(kind="status_changed").latest("pk")
    assert event.data == {"from": "resolved", "to": "closed", "resolution": "answered"}


def test_reminder_given_up_on_is_listed_as_mislukt_and_can_be_tried_again(
    client, followups, django_capture_on_commit_callbacks, settings
):
    _claim_without_sending(BEFORE_DUE, django_capture_on_commit_callbacks, settings)
    failed = Reminder.objects.get(followup=followups[0])
    Reminder.objects.filter(pk=failed.pk).update(attempts=outbox.MAX_DELIVERY_ATTEMPTS)
    client.force_login(followups[0].case.assigned_to)
    url = reverse("admin:casussen_reminder_changelist")

    listed = client.get(url, {"status": "mislukt"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "retry_delivery", "_selected_action": [failed.pk]})

    assert f"/{failed.pk}/change/" in listed
    assert "Mislukt" in listed
    assert f"/{Reminder.objects.get(followup=followups[1]).pk}/change/" not in listed
    failed.refresh_from_db()
    assert failed.sent_at is not None
    assert [m.to for m in mail.outbox] == [[PARTNER]]
