from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from casussen import services
from casussen.models import Case, CaseAttachment, CaseEvent, Consent, DeadlineRule
from steunpunt.models import User
from tests.factories import OrganisationFactory, ThemeFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
S = Case.Status
# Tuesday 24 November 2026, 10:00 in Amsterdam.
NOW = "2026-11-24 10:00 +01:00"


@time_machine.travel(NOW, tick=False)
def test_question_gets_reference_and_default_deadlines():
    case = make_case()

    assert case.reference == "OSP-2026-00001"
    assert case.respond_by == date(2026, 11, 26)  # 2 working days
    assert case.resolve_by == date(2026, 12, 8)  # 10 working days
    assert case.status == S.NEW


@time_machine.travel(NOW, tick=False)
def test_complaint_is_acknowledged_in_5_working_days_and_decided_in_6_weeks():
    case = make_case(kind="complaint")

    assert case.respond_by == date(2026, 12, 1)
    assert case.resolve_by == date(2027, 1, 5)  # 5 Jan 2027 is a Tuesday


@time_machine.travel("2026-11-20 10:00 +01:00", tick=False)
def test_six_weeks_ending_on_a_holiday_moves_to_the_next_working_day():
    # 20 Nov + 6 weeks = Friday 1 January 2027 (New Year): the next working day counts.
    case = make_case(kind="complaint")

    assert case.resolve_by == date(2027, 1, 4)


@time_machine.travel(NOW, tick=False)
def test_references_count_up_within_the_year():
    first, second = make_case(), make_case(email="ander@test.example.nl")

    assert (first.reference, second.reference) == ("OSP-2026-00001", "OSP-2026-00002")


@time_machine.travel(NOW, tick=False)
def test_deadline_rule_for_a_theme_wins_over_the_default():
    theme = ThemeFactory()
    DeadlineRule.objects.create(
        kind="question", theme=theme, respond_working_days=1, resolve_working_days=5
    )

    case = make_case(theme=theme)

    assert (case.respond_by, case.resolve_by) == (date(2026, 11, 25), date(2026, 12, 1))


@time_machine.travel(NOW, tick=False)
def test_changing_the_theme_recomputes_the_deadlines():
    case = make_case()
    quick = ThemeFactory()
    DeadlineRule.objects.create(
        kind="question", theme=quick, respond_working_days=1, resolve_working_days=3
    )

    case = services.case_change_theme(case=case, theme=quick, actor=coordinator())

    assert (case.respond_by, case.resolve_by) == (date(2026, 11, 25), date(2026, 11, 27))
    assert case.events.filter(kind=CaseEvent.Kind.DEADLINES_CHANGED).exists()


def test_first_question_creates_the_parent_account_without_password():
    case = make_case(email="Nieuwe.Ouder@Test.Example.NL")

    parent = User.objects.get(email="nieuwe.ouder@test.example.nl")
    assert case.parent == parent
    assert not parent.has_usable_password()
    assert parent.emailaddress_set.get().email == "nieuwe.ouder@test.example.nl"


def test_second_question_uses_the_same_account():
    first = make_case(email="ouder@test.example.nl")
    second = make_case(email="OUDER@test.example.nl")

    assert first.parent == second.parent
    assert User.objects.count() == 1


def test_confirmation_email_has_reference_next_step_and_date(django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        case = make_case(email="ouder@test.example.nl")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ouder@test.example.nl"]
    assert message.subject == f"We hebben je vraag ontvangen ({case.reference})"
    assert (
        "Uiterlijk donderdag 26 november neemt een coördinator contact met je op." in message.body
    )
    html = message.alternatives[0][0]
    assert case.reference in html
    assert "Wat gebeurt er nu?" in html


def test_consent_from_the_form_is_recorded_with_a_timeline_event():
    school = OrganisationFactory()

    case = make_case(consent_organisations=[school, school])

    consent = Consent.objects.get()
    assert (consent.case, consent.organisation, consent.method) == (case, school, "form")
    assert case.events.filter(kind=CaseEvent.Kind.CONSENT_GIVEN).count() == 1


def test_attachments_are_stored_with_their_detected_type(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    case = make_case(attachments=[SimpleUploadedFile("brief.pdf", PDF, "text/plain")])

    attachment = CaseAttachment.objects.get()
    assert (attachment.case, attachment.content_type) == (case, "application/pdf")
    assert attachment.original_name == "brief.pdf"


def test_one_bad_attachment_stores_nothing_at_all(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    files = [
        SimpleUploadedFile("brief.pdf", PDF, "application/pdf"),
        SimpleUploadedFile("foto.jpg", b"not really a jpeg", "image/jpeg"),
    ]

    with pytest.raises(ValidationError, match="Dit soort bestand"):
        make_case(attachments=files)

    assert not Case.objects.exists()
    assert not User.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))


def test_empty_story_is_refused():
    with pytest.raises(ValidationError):
        make_case(description="   ")

    assert not Case.objects.exists()


def test_case_entered_by_phone_records_the_channel_and_who_entered_it():
    worker = coordinator()

    case = make_case(
        channel="phone", created_by=worker, consent_organisations=[OrganisationFactory()]
    )

    assert case.channel == "phone"
    assert case.created_by == worker
    assert case.events.first().actor == worker
    assert Consent.objects.get().method == "phone"


def test_complaint_keeps_the_organisation_it_is_about_but_a_question_does_not():
    school = OrganisationFactory()

    complaint = make_case(kind="complaint", complaint_about=school)
    question = make_case(kind="question", complaint_about=school, email="b@test.example.nl")

    assert complaint.complaint_about == school
    assert question.complaint_about is None


def test_assign_to_me_makes_a_new_case_in_progress():
    worker = coordinator()
    case = make_case()

    case = services.case_assign(case=case, coordinator=worker, actor=worker)

    assert (case.assigned_to, case.status) == (worker, S.IN_PROGRESS)
    assert case.responded_at is None  # assigning is not yet a response to the parent
