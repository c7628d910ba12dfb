"""Retention of cases (finding 4): a closed case is anonymised when its term has passed,
with what the signals report needs kept; a legal hold keeps it as it is."""

from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from casussen import services
from casussen.models import Case, CaseEvent, Consent, FollowUp, Reminder, SignalTag
from casussen.reports import Quarter, signals_report
from steunpunt import retention
from steunpunt.models import DeletionRecord, Municipality
from steunpunt.tasks import run_retention
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    coordinator,
    make_case,
)

pytestmark = pytest.mark.django_db

S = Case.Status
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CLOSED_ON = datetime(2024, 3, 12, 10, 0, tzinfo=AMSTERDAM)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def closed_case(*, email="ouder@test.example.nl", when=CLOSED_ON, **kwargs) -> Case:
    """A question asked, answered with a message, a reply, a follow-up and an
    evaluation comment, then closed at `when`."""
    me = coordinator(email=f"coordinator-{email}")
    with time_machine.travel(when - timedelta(days=20), tick=False):
        case = make_case(email=email, phone="06 12345678", contact_times="'s ochtends", **kwargs)
        services.case_assign(case=case, coordinator=me, actor=me)
        services.case_message_to_parent(case=case, actor=me, text="Welke school is het?")
        services.parent_reply(case=case, parent=case.parent, text="De Linde, groep 5.")
        consent = case.consents.first()
        if consent:
            followup = services.followup_create(
                case=case,
                organisation=consent.organisation,
                contact_email="intern@linde.example.nl",
                request="Kunt u de ouder bellen over groep 5?",
                due_date=date(2024, 3, 1),
                actor=me,
            )
            services.followup_answer(
                followup=followup, answer="Gebeld, afspraak gemaakt.", via="link"
            )
        case = services.case_transition(
            case=case, to_status=S.RESOLVED, actor=me, resolution=Case.Resolution.ANSWERED
        )
    with time_machine.travel(when, tick=False):
        # The evaluation closes the case.
        services.evaluation_submit(
            evaluation=case.evaluation,
            satisfaction=4,
            topics={"child_centred": "agree"},
            comment="Fijn dat juf Marieke meedacht.",
        )
    case.refresh_from_db()
    assert case.closed_at == when
    return case


def run(**kwargs):
    return {result.name: result for result in retention.run(**kwargs)}


def two_years_after(moment: datetime, days: int) -> datetime:
    return moment.replace(year=moment.year + 2) + timedelta(days=days)


def test_a_case_closed_3_years_ago_keeps_nothing_personal_after_the_nightly_run(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    """Finding 4, reproduced: before the fix every beat task ran and the story stayed."""
    settings.MEDIA_ROOT = tmp_path
    school = OrganisationFactory(name="Basisschool De Linde")
    case = closed_case(
        school=school,
        consent_organisations=[school],
        attachments=[SimpleUploadedFile("brief.pdf", PDF, "application/pdf")],
        school_other="",
    )
    stored = Path(tmp_path, case.attachments.get().file.name)
    assert stored.exists()
    parent = case.parent

    with (
        time_machine.travel(CLOSED_ON.replace(year=2027), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_retention()

    case.refresh_from_db()
    assert case.anonymised_at is not None
    assert (case.description, case.phone, case.contact_times, case.parent) == ("", "", "", None)
    assert not case.attachments.exists()
    assert not stored.exists()
    assert set(case.events.values_list("text", flat=True)) == {""}
    assert not case.events.filter(actor=parent).exists()
    followup = FollowUp.objects.get(case=case)
    assert (followup.request, followup.answer, followup.contact_email) == ("", "", "")
    assert set(Consent.objects.filter(case=case).values_list("purpose", flat=True)) == {""}
    assert all(
        (r.body, r.html, r.recipients) == ("", "", []) for r in Reminder.objects.filter(case=case)
    )
    assert Reminder.objects.filter(case=case).exists()
    case.evaluation.refresh_from_db()
    assert case.evaluation.comment == ""
    # What the signals report counts stays.
    assert (case.theme_id, case.school, case.kind, case.resolution) == (
        case.theme_id,
        school,
        "question",
        "answered",
    )
    assert (case.evaluation.satisfaction, case.evaluation.topics) == (4, {"child_centred": "agree"})


def test_a_case_is_kept_the_day_before_its_term_and_anonymised_the_day_after():
    case = closed_case()

    with time_machine.travel(two_years_after(CLOSED_ON, -1), tick=False):
        assert run()["casussen.cases"].count == 0
    case.refresh_from_db()
    assert case.description
    assert case.parent is not None

    with time_machine.travel(two_years_after(CLOSED_ON, 1), tick=False):
        assert run()["casussen.cases"].count == 1
    case.refresh_from_db()
    assert case.description == ""
    assert case.parent is None


def test_an_open_case_is_never_anonymised_however_old():
    with time_machine.travel(CLOSED_ON, tick=False):
        case = make_case()

    with time_machine.travel(CLOSED_ON.replace(year=2030), tick=False):
        run()

    case.refresh_from_db()
    assert case.description
    assert case.anonymised_at is None


def test_the_term_comes_from_the_settings(settings):
    settings.RETENTION = {**settings.RETENTION, "cases": {**settings.RETENTION["cases"]}}
    settings.RETENTION["cases"]["months"] = 36
    case = closed_case()

    with time_machine.travel(two_years_after(CLOSED_ON, 1), tick=False):
        run()

    case.refresh_from_db()
    assert case.anonymised_at is None


def test_a_case_on_legal_hold_is_skipped_and_listed():
    case = closed_case()
    services.case_place_legal_hold(
        case=case, actor=coordinator(), reason="Klacht bij de klachtencommissie"
    )

    with time_machine.travel(two_years_after(CLOSED_ON, 1), tick=False):
        result = run()["casussen.cases"]

    assert (result.count, result.held) == (0, [case.reference])
    case.refresh_from_db()
    assert case.description
    assert case.anonymised_at is None
    record = DeletionRecord.objects.get(kind="casussen.cases")
    assert (record.count, record.held) == (0, 1)


def test_lifting_the_hold_lets_the_next_run_anonymise():
    me = coordinator()
    case = closed_case()
    services.case_place_legal_hold(case=case, actor=me, reason="Procedure")
    services.case_lift_legal_hold(case=case, actor=me, reason="Procedure afgerond")

    with time_machine.travel(two_years_after(CLOSED_ON, 1), tick=False):
        assert run()["casussen.cases"].count == 1


def test_legal_hold_and_lifting_are_internal_timeline_events():
    me = coordinator()
    case = make_case()

    services.case_place_legal_hold(case=case, actor=me, reason="Klacht in procedure")
    services.case_lift_legal_hold(case=case, actor=me)

    events = case.events.filter(
        kind__in=[CaseEvent.Kind.LEGAL_HOLD_PLACED, CaseEvent.Kind.LEGAL_HOLD_LIFTED]
    )
    assert [(e.kind, e.actor, e.is_internal) for e in events] == [
        (CaseEvent.Kind.LEGAL_HOLD_PLACED, me, True),
        (CaseEvent.Kind.LEGAL_HOLD_LIFTED, me, True),
    ]


def test_a_legal_hold_needs_a_reason():
    case = make_case()

    with pytest.raises(services.ValidationError):
        services.case_place_legal_hold(case=case, actor=coordinator(), reason="  ")

    case.refresh_from_db()
    assert not case.on_legal_hold


def test_reminder_bodies_are_emptied_30_days_after_sending():
    sent = datetime(2026, 10, 1, 10, 0, tzinfo=AMSTERDAM)
    case = make_case()
    reminder = Reminder.objects.create(
        key="test-reminder",
        kind=Reminder.Kind.CASE_RESPOND_SOON,
        case=case,
        recipients=["coordinator@test.example.nl"],
        subject="Eerste reactie bijna te laat",
        body="Mijn kind zit al twee weken thuis.",
        html="<p>Mijn kind zit al twee weken thuis.</p>",
        sent_at=sent,
    )
    unsent = Reminder.objects.create(
        key="test-unsent", kind=Reminder.Kind.CASE_RESPOND_SOON, case=case, body="Nog niet weg"
    )

    with time_machine.travel(sent + timedelta(days=29), tick=False):
        run(only=["casussen.reminder_bodies"])
    reminder.refresh_from_db()
    assert reminder.body

    with time_machine.travel(sent + timedelta(days=31), tick=False):
        assert run(only=["casussen.reminder_bodies"])["casussen.reminder_bodies"].count == 1
    reminder.refresh_from_db()
    assert (reminder.body, reminder.html, reminder.recipients) == ("", "", [])
    assert reminder.subject
    assert reminder.sent_at == sent
    unsent.refresh_from_db()
    assert unsent.body == "Nog niet weg"


def test_recipients_of_a_reminder_cancelled_before_delivery_go_after_30_days():
    cancelled = datetime(2026, 10, 1, 10, 0, tzinfo=AMSTERDAM)
    reminder = Reminder.objects.create(
        key="test-cancelled",
        kind=Reminder.Kind.CASE_RESPOND_SOON,
        case=make_case(),
        recipients=["coordinator@test.example.nl"],
        template="casussen/email/case_respond_soon",
        cancelled_at=cancelled,
    )

    with time_machine.travel(cancelled + timedelta(days=31), tick=False):
        assert run(only=["casussen.reminder_bodies"])["casussen.reminder_bodies"].count == 1
        assert run(only=["casussen.reminder_bodies"])["casussen.reminder_bodies"].count == 0

    reminder.refresh_from_db()
    assert (reminder.recipients, reminder.cancelled_at) == ([], cancelled)


def test_anonymisation_leaves_the_signals_report_unchanged():
    municipality = Municipality.objects.create(name="Proefdorp", slug="proefdorp")
    school = OrganisationFactory(kind="school_sbo", municipality=municipality)
    tag = SignalTag.objects.create(name="Thuiszitten", slug="thuiszitten")
    cases = [closed_case(email=f"ouder{n}@test.example.nl", school=school) for n in range(6)]
    for case in cases:
        case.signal_tags.add(tag)
    quarter = Quarter.containing(date(2024, 2, 21))
    before = list(signals_report(quarter=quarter).csv_rows())

    with time_machine.travel(CLOSED_ON.replace(year=2027), tick=False):
        assert run()["casussen.cases"].count == 6

    assert Case.objects.filter(anonymised_at__isnull=False).count() == 6
    assert list(signals_report(quarter=quarter).csv_rows()) == before
    assert any(6 in row or "6" in row for row in before)


def test_an_anonymised_case_leaves_the_parent_portal(client):
    case = closed_case()
    parent = case.parent
    client.force_login(parent)

    with time_machine.travel(CLOSED_ON.replace(year=2027), tick=False):
        run(only=["casussen.cases"])

    assert client.get(reverse("casussen:portal_case", args=[case.pk])).status_code == 404


# --- Legal hold in the admin -------------------------------------------------------------


def test_coordinator_places_a_legal_hold_from_the_case_page_of_a_closed_case(client):
    me = coordinator()
    case = closed_case()
    client.force_login(me)
    page = client.get(reverse("admin:casussen_case_change", args=[case.pk])).content.decode()
    url = reverse("admin:casussen_case_legal_hold", args=[case.pk])
    assert url in page

    response = client.post(url, {"reason": "Klacht bij de commissie"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.legal_hold_reason, case.legal_hold_by) == ("Klacht bij de commissie", me)
    page = client.get(reverse("admin:casussen_case_change", args=[case.pk])).content.decode()
    assert "Klacht bij de commissie" in page
    assert reverse("admin:casussen_case_lift_legal_hold", args=[case.pk]) in page


def test_legal_hold_form_without_reason_keeps_the_case_free(client):
    client.force_login(coordinator())
    case = make_case()

    response = client.post(
        reverse("admin:casussen_case_legal_hold", args=[case.pk]), {"reason": " "}
    )

    assert response.status_code == 400
    assert "Schrijf op waarom" in response.content.decode()
    case.refresh_from_db()
    assert not case.on_legal_hold


def test_case_list_shows_and_filters_legal_holds(client):
    client.force_login(coordinator())
    held = make_case(email="a@test.example.nl")
    free = make_case(email="b@test.example.nl")
    services.case_place_legal_hold(case=held, actor=coordinator(), reason="Procedure")

    response = client.get(reverse("admin:casussen_case_changelist"), {"blokkade": "ja"})

    assert list(response.context["cl"].result_list) == [held]
    assert free.reference not in response.content.decode()


def test_case_list_names_a_hold_in_words_and_leaves_the_others_empty(client):
    client.force_login(coordinator())
    held = make_case(email="a@test.example.nl")
    make_case(email="b@test.example.nl")
    services.case_place_legal_hold(case=held, actor=coordinator(), reason="Procedure")

    page = client.get(reverse("admin:casussen_case_changelist")).content.decode()

    assert page.count('<strong class="case-held">juridische blokkade</strong>') == 1
    assert "icon-no.svg" not in page


@pytest.mark.parametrize("role", ["editor", "buddy", "partner", "parent", "privacy_officer"])
def test_only_coordinators_place_a_legal_hold(client, role):
    user = UserFactory(
        roles=[] if role == "parent" else [role],
        is_staff=role in ("editor", "privacy_officer"),
        totp=True,
    )
    client.force_login(user)
    case = make_case()

    response = client.post(
        reverse("admin:casussen_case_legal_hold", args=[case.pk]), {"reason": "x"}
    )

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login/" in response["Location"] or "/accounts/" in response["Location"]
    case.refresh_from_db()
    assert not case.on_legal_hold


def test_the_command_lists_held_cases_by_reference_and_nothing_personal():

    case = closed_case(email="geheim.ouder@test.example.nl")
    services.case_place_legal_hold(case=case, actor=coordinator(), reason="Klacht in procedure")
    out = StringIO()

    with time_machine.travel(two_years_after(CLOSED_ON, 1), tick=False):
        call_command("retention", stdout=out)

    text = out.getvalue()
    assert f"legal hold, skipped: {case.reference}" in text
    assert "geheim" not in text
    assert "Klacht in procedure" not in text
