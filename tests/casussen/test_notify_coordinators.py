"""Coordinators hear of new questions, parent replies, partner answers and overdue
follow-ups as each chose: at once, or as a line in their daily digest. Urgent things
(a complaint whose partner is late) always go out at once as well."""

from datetime import time

import pytest
import time_machine
from django.core import mail

from casussen import services
from casussen.models import Case, Consent, FollowUp
from steunpunt import notifications
from steunpunt.models import DigestEntry, NotificationKind, NotificationPreference
from tests.factories import OrganisationFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

K = NotificationKind
PARENT = "ouder@test.example.nl"


def choose(user, **modes) -> None:
    notifications.preference_save(
        user=user,
        modes=dict(modes.items()),
        digest_time=time(8, 0),
    )


def submit(captured, **kwargs) -> Case:
    with captured(execute=True):
        return make_case(email=PARENT, signed_in=False, **kwargs)


def test_a_new_question_is_emailed_at_once_to_every_coordinator(
    site_settings, django_capture_on_commit_callbacks
):
    anna = coordinator(email="anna@test.example.nl")
    bert = coordinator(email="bert@test.example.nl")

    case = submit(django_capture_on_commit_callbacks)

    (told,) = [m for m in mail.outbox if m.to != [PARENT]]
    assert told.to == [anna.email, bert.email]
    assert told.subject == f"Nieuwe vraag: {case.reference}"
    assert f"/admin/casussen/case/{case.pk}/change/" in told.body
    assert "De eerste reactie moet uiterlijk" in told.body


def test_a_coordinator_who_chose_the_digest_gets_a_line_instead(
    site_settings, django_capture_on_commit_callbacks
):
    anna = coordinator(email="anna@test.example.nl")
    bert = coordinator(email="bert@test.example.nl")
    choose(bert, new_question="digest")

    case = submit(django_capture_on_commit_callbacks)

    (told,) = [m for m in mail.outbox if m.to != [PARENT]]
    assert told.to == [anna.email]
    (entry,) = DigestEntry.objects.all()
    assert (entry.user, entry.kind) == (bert, K.NEW_QUESTION)
    assert case.reference in entry.text
    assert entry.url.endswith(f"/admin/casussen/case/{case.pk}/change/")


def test_nobody_is_emailed_when_all_chose_the_digest(
    site_settings, django_capture_on_commit_callbacks
):
    anna = coordinator(email="anna@test.example.nl")
    choose(anna, new_question="digest")

    submit(django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[PARENT]]
    assert DigestEntry.objects.filter(user=anna).count() == 1


def test_a_question_entered_by_a_coordinator_is_not_told_to_them(
    site_settings, django_capture_on_commit_callbacks
):
    anna = coordinator(email="anna@test.example.nl")
    bert = coordinator(email="bert@test.example.nl")

    with django_capture_on_commit_callbacks(execute=True):
        make_case(email=PARENT, created_by=anna, channel=Case.Channel.PHONE)

    (told,) = [m for m in mail.outbox if m.to != [PARENT]]
    assert told.to == [bert.email]


def _assigned(captured, owner) -> Case:
    case = submit(captured)
    services.case_assign(case=case, coordinator=owner, actor=owner)
    mail.outbox.clear()
    return case


def test_a_parent_reply_goes_to_the_owner_only_as_they_chose(
    site_settings, django_capture_on_commit_callbacks
):
    anna = coordinator(email="anna@test.example.nl")
    coordinator(email="bert@test.example.nl")
    case = _assigned(django_capture_on_commit_callbacks, anna)
    choose(anna, parent_reply="digest")

    with django_capture_on_commit_callbacks(execute=True):
        event = services.parent_reply(case=case, parent=case.parent, text="Het gaat nu beter.")

    assert mail.outbox == []
    (entry,) = DigestEntry.objects.all()
    assert (entry.user, entry.kind) == (anna, K.PARENT_REPLY)
    assert entry.key == f"case-{case.pk}-parent_reply-event-{event.pk}"


def test_notify_coordinators_is_the_path_for_a_reply_from_elsewhere(
    site_settings, django_capture_on_commit_callbacks
):
    """The email-reply helper calls the same function for a reply that came by mail."""
    anna = coordinator(email="anna@test.example.nl")
    case = _assigned(django_capture_on_commit_callbacks, anna)

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.notify_coordinators(kind=K.PARENT_REPLY, case=case)

    assert sent == [anna.email]
    (told,) = mail.outbox
    assert told.to == [anna.email]
    assert told.subject == f"De ouder van {case.reference} heeft gereageerd"


def _followup(case: Case, owner) -> FollowUp:
    school = OrganisationFactory()
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=owner)
    return services.followup_create(
        case=case,
        organisation=school,
        contact_email="mentor@school.example.nl",
        request="Wilt u een gesprek plannen?",
        due_date=case.respond_by,
        actor=owner,
    )


def test_a_partner_answer_respects_the_choice(site_settings, django_capture_on_commit_callbacks):
    anna = coordinator(email="anna@test.example.nl")
    case = _assigned(django_capture_on_commit_callbacks, anna)
    followup = _followup(case, anna)
    choose(anna, partner_answer="digest")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.followup_answer(
            followup=followup, answer="Gepland op dinsdag.", via=FollowUp.Channel.LINK
        )

    assert mail.outbox == []
    (entry,) = DigestEntry.objects.all()
    assert entry.kind == K.PARTNER_ANSWER
    assert followup.organisation.name in entry.text


def _overdue_sweep(captured, case, owner, choice: str):
    followup = _followup(case, owner)
    choose(owner, followup_overdue=choice)
    mail.outbox.clear()
    with time_machine.travel("2027-06-01 09:00 +02:00", tick=False), captured(execute=True):
        services.sweep_reminders()
    return followup


def test_an_overdue_question_follow_up_waits_for_the_digest(
    site_settings, django_capture_on_commit_callbacks
):
    anna = coordinator(email="anna@test.example.nl")
    case = _assigned(django_capture_on_commit_callbacks, anna)

    followup = _overdue_sweep(django_capture_on_commit_callbacks, case, anna, "digest")

    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.OVERDUE
    assert [m.to for m in mail.outbox if "niet op tijd" in m.subject] == []
    (entry,) = DigestEntry.objects.filter(kind=K.FOLLOWUP_OVERDUE)
    assert entry.key == f"case-{case.pk}-followup_overdue-followup-{followup.pk}"


def test_an_overdue_complaint_follow_up_is_emailed_at_once_whatever_was_chosen(
    site_settings, django_capture_on_commit_callbacks
):
    anna = coordinator(email="anna@test.example.nl")
    case = _assigned(django_capture_on_commit_callbacks, anna)
    Case.objects.filter(pk=case.pk).update(kind=Case.Kind.COMPLAINT)
    case.refresh_from_db()

    _overdue_sweep(django_capture_on_commit_callbacks, case, anna, "digest")

    (told,) = [m for m in mail.outbox if "niet op tijd geantwoord" in m.subject]
    assert told.to == [anna.email]
    # In the digest as well: it is never only there, but it is there too.
    assert DigestEntry.objects.filter(user=anna, kind=K.FOLLOWUP_OVERDUE).count() == 1


def test_a_second_sweep_adds_no_second_digest_line(
    site_settings, django_capture_on_commit_callbacks
):
    anna = coordinator(email="anna@test.example.nl")
    case = _assigned(django_capture_on_commit_callbacks, anna)
    _overdue_sweep(django_capture_on_commit_callbacks, case, anna, "digest")

    with (
        time_machine.travel("2027-06-02 09:00 +02:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.sweep_reminders()

    assert DigestEntry.objects.filter(kind=K.FOLLOWUP_OVERDUE).count() == 1


def test_defaults_are_everything_at_once(site_settings):
    anna = coordinator(email="anna@test.example.nl")

    preference = notifications.preference_for(anna)

    assert preference.pk is None
    assert {preference.mode(kind) for kind in K.values} == {NotificationPreference.Mode.IMMEDIATE}
    assert preference.digest_time == time(8, 0)
