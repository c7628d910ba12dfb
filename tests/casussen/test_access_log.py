"""The access log for cases: every read of a case's data by someone other than its
parent is an entry (who by role, what, the parent as subject, the case reference), the
parent's own reads write nothing, and the parent sees who looked, by role and
organisation only."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casussen import services
from casussen.deadlines import add_working_days
from casussen.models import CaseView, Evaluation, Reminder
from steunpunt import access_log, roles
from steunpunt.models import AccessEvent, Organisation
from tests.factories import OrganisationFactory, UserFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

A = AccessEvent.Action
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def worker():
    return coordinator(email="k.jansen@steunpunt.example.nl", name="Karin Jansen")


@pytest.fixture
def school():
    return OrganisationFactory(name="Basisschool De Windwijzer", kind=Organisation.Kind.SCHOOL_PO)


@pytest.fixture
def case(settings, tmp_path, school):
    settings.MEDIA_ROOT = tmp_path
    return make_case(
        school=school,
        consent_organisations=[school],
        attachments=[SimpleUploadedFile("brief.pdf", PDF, "application/pdf")],
    )


@pytest.fixture
def followup(case, school, worker):
    return services.followup_create(
        case=case,
        organisation=school,
        contact_email="zorg@windwijzer.example.nl",
        request="Wilt u het ontwikkelingsperspectief met de ouder bespreken?",
        due_date=add_working_days(timezone.localdate(), 5),
        actor=worker,
    )


def _only_entry(**filters) -> AccessEvent:
    entries = list(AccessEvent.objects.filter(**filters))
    assert len(entries) == 1, entries
    return entries[0]


def _assert_case_entry(entry: AccessEvent, case, *, action, role, object_type):
    assert entry.action == action
    assert entry.actor_role == role
    assert entry.subject_id == case.parent_id
    assert entry.case_reference == case.reference
    assert entry.object_type == object_type
    assert entry.result == AccessEvent.Result.OK


# --- Every read of a case by a coordinator -------------------------------------------------


def _evaluation(case):
    return Evaluation.objects.create(case=case, invited_at=timezone.now())


@pytest.mark.parametrize(
    ("page", "object_type"),
    [
        ("casussen_case_change", "casussen.case"),
        ("casussen_case_history", "casussen.case"),
        ("casussen_followup_change", "casussen.followup"),
        ("casussen_followup_history", "casussen.followup"),
        ("casussen_evaluation_change", "casussen.evaluation"),
        ("casussen_reminder_change", "casussen.reminder"),
    ],
)
def test_admin_page_of_case_data_writes_an_entry(client, worker, case, followup, page, object_type):
    objects = {
        "casussen.case": case,
        "casussen.followup": followup,
        "casussen.evaluation": _evaluation(case),
        "casussen.reminder": Reminder.objects.create(
            key=f"test-{case.pk}", kind=Reminder.Kind.CASE_RESPOND_SOON, case=case, subject="x"
        ),
    }
    obj = objects[object_type]
    before = AccessEvent.objects.count()
    client.force_login(worker)

    response = client.get(reverse(f"admin:{page}", args=[obj.pk]))

    assert response.status_code == 200
    assert AccessEvent.objects.count() == before + 1
    entry = AccessEvent.objects.first()
    _assert_case_entry(entry, case, action=A.VIEW, role=roles.COORDINATOR, object_type=object_type)
    assert entry.actor == worker
    assert entry.object_id == str(obj.pk)


def test_case_list_writes_one_entry_without_a_subject(client, worker, case):
    make_case(email="ander@test.example.nl")
    client.force_login(worker)

    response = client.get(reverse("admin:casussen_case_changelist"))

    assert response.status_code == 200
    entry = _only_entry(object_type="casussen.case")
    assert entry.action == A.VIEW
    assert entry.object_id == ""
    assert entry.subject_id is None
    assert entry.case_reference == ""


def test_saving_a_case_writes_a_change_entry(client, worker, case):
    client.force_login(worker)
    url = reverse("admin:casussen_case_change", args=[case.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data.update(
        {
            "priority": 3,
            "signal_tags": [],
            "theme": case.theme_id,
            "school": case.school_id,
            "assigned_to": "",
        }
    )
    formsets = client.get(url).context["inline_admin_formsets"]
    for inline in formsets:
        management = inline.formset.management_form
        data[f"{management.prefix}-TOTAL_FORMS"] = management.initial["TOTAL_FORMS"]
        data[f"{management.prefix}-INITIAL_FORMS"] = management.initial["INITIAL_FORMS"]
        for row in inline.formset.forms:
            if row.instance.pk:
                data[f"{row.prefix}-id"] = row.instance.pk
                data[f"{row.prefix}-case"] = case.pk

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = _only_entry(action=A.CHANGE)
    _assert_case_entry(
        entry, case, action=A.CHANGE, role=roles.COORDINATOR, object_type="casussen.case"
    )


def test_refused_admin_page_writes_no_entry(client, case):
    client.force_login(UserFactory(roles=[roles.EDITOR], is_staff=True))

    response = client.get(reverse("admin:casussen_case_change", args=[case.pk]))

    assert response.status_code in (302, 403)
    assert not AccessEvent.objects.exists()


# --- Attachments -----------------------------------------------------------------------------


def _attachment_url(case):
    return reverse("casussen:attachment", args=[case.pk, case.attachments.get().pk])


def test_coordinator_download_of_an_attachment_writes_an_entry(client, worker, case):
    client.force_login(worker)

    response = client.get(_attachment_url(case))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    entry = _only_entry()
    _assert_case_entry(
        entry,
        case,
        action=A.DOWNLOAD,
        role=roles.COORDINATOR,
        object_type="casussen.caseattachment",
    )
    assert entry.object_id == str(case.attachments.get().pk)


def test_parent_download_of_their_own_file_writes_nothing(client, case):
    client.force_login(case.parent)

    response = client.get(_attachment_url(case))

    assert response.status_code == 200
    assert not AccessEvent.objects.exists()


def test_parent_reading_their_own_case_page_writes_nothing(client, case):
    client.force_login(case.parent)

    assert client.get(reverse("casussen:portal_case", args=[case.pk])).status_code == 200
    assert client.get(reverse("casussen:portal")).status_code == 200
    assert not AccessEvent.objects.exists()


def test_download_that_cannot_be_logged_is_not_served(client, worker, case):
    """Fail closed: without its log entry the file does not leave."""
    url = _attachment_url(case)
    client.force_login(worker)
    client.raise_request_exception = False
    with connection.cursor() as cursor:
        # The log is unavailable for this test only (rolled back afterwards).
        cursor.execute("DROP TABLE steunpunt_accessevent")

    response = client.get(url)

    assert response.status_code == 500
    assert not response.streaming
    assert PDF not in response.content


@pytest.mark.django_db(transaction=True)
def test_case_page_that_cannot_be_logged_is_not_shown_nor_marked_as_read(
    client, worker, case, monkeypatch
):
    """Fail closed, and the read mark is written with the log entry or not at all (in
    a test of its own transactions: the page's is the one that is rolled back)."""
    client.force_login(worker)
    client.raise_request_exception = False

    def unavailable(**kwargs):
        raise DatabaseError("the access log is unavailable")

    monkeypatch.setattr(access_log, "record_read", unavailable)

    response = client.get(reverse("admin:casussen_case_change", args=[case.pk]))

    assert response.status_code == 500
    assert case.description not in response.content.decode()
    assert not CaseView.objects.filter(case=case).exists()


def test_case_page_marks_the_case_as_read_with_its_log_entry(client, worker, case):
    client.force_login(worker)

    assert client.get(reverse("admin:casussen_case_change", args=[case.pk])).status_code == 200
    assert CaseView.objects.filter(user=worker, case=case).exists()
    assert AccessEvent.objects.filter(actor=worker, object_id=str(case.pk)).exists()


# --- Partners ---------------------------------------------------------------------------------


def test_partner_view_through_the_signed_link_writes_an_entry(client, followup, school):
    response = client.get(
        reverse("casussen:followup_answer", args=[services.followup_token(followup)])
    )

    assert response.status_code == 200
    entry = _only_entry(object_type="casussen.followup")
    _assert_case_entry(
        entry,
        followup.case,
        action=A.VIEW,
        role=access_log.ANONYMOUS,
        object_type="casussen.followup",
    )
    assert entry.actor is None
    assert entry.actor_organisation == "Basisschool De Windwijzer"
    assert entry.object_id == str(followup.pk)


def test_partner_view_in_the_portal_writes_an_entry(client, followup, school):
    partner = UserFactory(roles=[roles.PARTNER], organisation=school)
    client.force_login(partner)

    response = client.get(reverse("casussen:partner_followup", args=[followup.pk]))

    assert response.status_code == 200
    entry = _only_entry(object_id=str(followup.pk))
    _assert_case_entry(
        entry, followup.case, action=A.VIEW, role=roles.PARTNER, object_type="casussen.followup"
    )
    assert entry.actor == partner
    assert entry.actor_organisation == "Basisschool De Windwijzer"


def test_partner_portal_list_writes_one_entry_without_a_subject(client, followup, school):
    client.force_login(UserFactory(roles=[roles.PARTNER], organisation=school))

    assert client.get(reverse("casussen:partner")).status_code == 200

    entry = _only_entry()
    assert (entry.object_type, entry.object_id, entry.subject_id) == ("casussen.followup", "", None)


def test_cancelled_followup_behind_the_link_shows_nothing_and_writes_nothing(
    client, followup, worker
):
    services.consent_withdraw(consent=followup.consent, actor=worker)

    client.get(reverse("casussen:followup_answer", args=[services.followup_token(followup)]))

    assert not AccessEvent.objects.filter(object_type="casussen.followup").exists()


# --- The signals report -------------------------------------------------------------------


@time_machine.travel("2026-11-24 10:00 +01:00", tick=False)
@pytest.mark.parametrize(
    ("page", "action"),
    [("casussen_signals_report", A.VIEW), ("casussen_signals_report_csv", A.EXPORT)],
)
def test_signals_report_writes_an_entry(client, worker, page, action):
    client.force_login(worker)

    response = client.get(reverse(f"admin:{page}"), {"kwartaal": "2026-3"})

    assert response.status_code == 200
    entry = _only_entry()
    assert entry.action == action
    assert entry.actor_role == roles.COORDINATOR
    assert (entry.object_type, entry.object_id) == ("casussen.signals_report", "2026-Q3")
    assert entry.subject_id is None


# --- What the parent sees -----------------------------------------------------------------


def _case_page(client, case) -> str:
    client.force_login(case.parent)
    response = client.get(reverse("casussen:portal_case", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_parent_sees_who_looked_by_role_and_organisation_not_name(
    client, worker, case, followup, school
):
    client.force_login(worker)
    client.get(reverse("admin:casussen_case_change", args=[case.pk]))
    client.get(_attachment_url(case))
    client.logout()
    client.get(reverse("casussen:followup_answer", args=[services.followup_token(followup)]))

    content = _case_page(client, case)

    assert "Wie heeft je gegevens bekeken" in content
    assert "Coördinator van het steunpunt</span> heeft je vraag bekeken" in content
    assert "Coördinator van het steunpunt</span> heeft een bijlage gedownload" in content
    assert (
        "Basisschool De Windwijzer (partner)</span> heeft de vraag van het steunpunt over "
        "jouw situatie bekeken" in content
    )
    assert "Karin Jansen" not in content
    assert "k.jansen@steunpunt.example.nl" not in content


def test_parent_sees_the_newest_first_and_repeats_counted(client, worker, case):
    # Staff sessions end after 30 idle minutes, so each visit is a sign-in of its own.
    with time_machine.travel("2026-11-23 09:00 +01:00", tick=False):
        client.force_login(worker)
        client.get(_attachment_url(case))
    for hour in (9, 11, 14):
        with time_machine.travel(f"2026-11-24 {hour}:00 +01:00", tick=False):
            client.force_login(worker)
            client.get(reverse("admin:casussen_case_change", args=[case.pk]))

    content = _case_page(client, case)

    viewed = content.index("heeft je vraag bekeken")
    downloaded = content.index("heeft een bijlage gedownload")
    assert viewed < downloaded
    assert "(3 keer)" in content
    assert "24 november 2026, 14:00" in content


def test_parent_sees_only_the_reads_of_this_case(client, worker, case):
    other = make_case(email="ander@test.example.nl")
    client.force_login(worker)
    client.get(reverse("admin:casussen_case_change", args=[other.pk]))
    client.get(reverse("admin:casussen_case_changelist"))

    content = _case_page(client, case)

    assert "heeft je vraag bekeken" not in content
    assert "Nog niemand anders heeft je gegevens bij deze vraag bekeken." in content


def test_complaint_reads_say_klacht(client, worker, settings, tmp_path):
    complaint = make_case(kind="complaint", email="klager@test.example.nl")
    client.force_login(worker)
    client.get(reverse("admin:casussen_case_change", args=[complaint.pk]))

    assert "heeft je klacht bekeken" in _case_page(client, complaint)


def test_portal_points_to_the_reads(client, case):
    client.force_login(case.parent)

    content = client.get(reverse("casussen:portal")).content.decode()

    assert "wie je gegevens heeft bekeken" in content


def test_case_page_query_count_does_not_grow_with_the_reads(
    client, worker, case, django_assert_num_queries
):
    def queries_for(reads: int) -> int:
        for _ in range(reads):
            access_log.record(
                actor=worker,
                action=A.VIEW,
                obj=case,
                subject=case.parent,
                case_reference=case.reference,
            )
        client.force_login(case.parent)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("casussen:portal_case", args=[case.pk]))
        return len(queries)

    assert queries_for(1) == queries_for(20)
    # Session, user (with their roles), the case with its school and which parts of the page have
    # anything (here consents and files, no evaluation, praatplaten or shared timeline),
    # its timeline, the reads (one query), the consents, the files, the consent form's
    # choices, site settings.
    client.force_login(case.parent)
    with django_assert_num_queries(9):
        client.get(reverse("casussen:portal_case", args=[case.pk]))


def test_another_parent_never_sees_the_reads_of_a_case(client, worker, case):
    client.force_login(worker)
    client.get(reverse("admin:casussen_case_change", args=[case.pk]))
    client.force_login(make_case(email="ander@test.example.nl").parent)

    response = client.get(reverse("casussen:portal_case", args=[case.pk]))

    assert response.status_code == 404
    assert "heeft je vraag bekeken" not in response.content.decode()
