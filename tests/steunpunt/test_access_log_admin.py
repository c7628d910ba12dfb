"""The privacy officer's view of the access log: who may open it (nobody else), that it
is read-only for everyone, its filters, and the CSV export (itself an entry)."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from steunpunt import access_log, roles
from steunpunt.models import AccessEvent
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    coordinator,
    editor,
    make_case,
    privacy_officer,
)

pytestmark = pytest.mark.django_db

A = AccessEvent.Action
LIST = reverse("admin:steunpunt_accessevent_changelist")
EXPORT = reverse("admin:steunpunt_accessevent_export")


def _visitor(role: str):
    match role:
        case "privacy_officer":
            return privacy_officer()
        case "superuser":
            return UserFactory(is_staff=True, is_superuser=True, totp=True)
        case "coordinator":
            return coordinator()
        case "editor":
            return editor()
        case "partner":
            return UserFactory(roles=[roles.PARTNER], organisation=OrganisationFactory())
        case "buddy":
            return UserFactory(roles=[roles.BUDDY])
        case "parent":
            return make_case().parent
        case "anonymous":
            return None


def _entry(**kwargs) -> AccessEvent:
    kwargs.setdefault("action", A.VIEW)
    kwargs.setdefault("object_type", "casussen.case")
    return access_log.record(**kwargs)


@pytest.mark.parametrize(
    ("role", "may"),
    [
        ("privacy_officer", True),
        ("superuser", True),
        ("coordinator", False),
        ("editor", False),
        ("partner", False),
        ("buddy", False),
        ("parent", False),
        ("anonymous", False),
    ],
)
@pytest.mark.parametrize("url", ["list", "detail", "export"])
def test_who_may_read_the_log(client, role, may, url):
    entry = _entry(actor=coordinator())
    visitor = _visitor(role)
    if visitor is not None:
        client.force_login(visitor)
    address = {
        "list": LIST,
        "detail": reverse("admin:steunpunt_accessevent_change", args=[entry.pk]),
        "export": EXPORT,
    }[url]

    response = client.get(address)

    if may:
        assert response.status_code == 200
    else:
        # Staff without the permission get 403; everyone else is sent to sign in.
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/login/" in response["Location"]


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_coordinator_trying_to_read_the_log_is_refused_and_that_is_logged(client, url):
    worker = coordinator()
    client.force_login(worker)

    assert client.get(url).status_code == 403

    entry = AccessEvent.objects.get()
    assert (entry.actor, entry.result) == (worker, AccessEvent.Result.REFUSED)
    assert entry.object_type == "steunpunt.accessevent"


@pytest.mark.parametrize("role", ["privacy_officer", "superuser"])
def test_log_is_read_only_even_for_a_superuser(client, role):
    entry = _entry(actor=coordinator())
    client.force_login(_visitor(role))

    assert client.get(reverse("admin:steunpunt_accessevent_add")).status_code == 403
    assert (
        client.get(reverse("admin:steunpunt_accessevent_delete", args=[entry.pk])).status_code
        == 403
    )
    assert (
        client.post(
            reverse("admin:steunpunt_accessevent_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    change = reverse("admin:steunpunt_accessevent_change", args=[entry.pk])
    assert client.post(change, {"action": A.DELETE}).status_code == 403
    listing = client.get(LIST)
    assert listing.context["action_form"] is None
    assert b"delete_selected" not in listing.content
    assert not listing.context["has_add_permission"]
    entry.refresh_from_db()
    assert entry.action == A.VIEW


def test_privacy_officer_sees_only_the_logs_in_the_admin(client):
    officer = privacy_officer()
    case = make_case()
    client.force_login(officer)

    index = client.get(reverse("admin:index"))

    assert index.status_code == 200
    models = [model["object_name"] for app in index.context["app_list"] for model in app["models"]]
    # The log, and what the retention job and erasure did: never the data itself.
    assert models == ["AccessEvent", "DeletionRecord", "ErasureRequest"]
    for url in (
        reverse("admin:casussen_case_changelist"),
        reverse("admin:casussen_case_change", args=[case.pk]),
        reverse("admin:steunpunt_user_changelist"),
        reverse("admin:oudernetwerk_buddyprofile_changelist"),
        reverse("admin:casussen_signals_report"),
    ):
        assert client.get(url).status_code == 403, url


def test_coordinator_index_does_not_offer_the_log(client):
    client.force_login(coordinator())

    content = client.get(reverse("admin:index")).content.decode()

    assert LIST not in content


# --- Filters -------------------------------------------------------------------------------


@pytest.fixture
def log():
    """Three entries: a coordinator reads parent A's case, a partner reads parent B's
    follow-up, the coordinator again reads B's case a month earlier."""
    worker = coordinator(email="coordinator@steunpunt.example.nl")
    school = OrganisationFactory(name="Basisschool De Windwijzer")
    partner = UserFactory(roles=[roles.PARTNER], organisation=school)
    parent_a = UserFactory(email="ouder.a@test.example.nl")
    parent_b = UserFactory(email="ouder.b@test.example.nl")
    with time_machine.travel("2026-11-24 10:00 +01:00", tick=False):
        first = _entry(actor=worker, subject=parent_a, case_reference="OSP-2026-00001")
        second = _entry(
            actor=partner,
            subject=parent_b,
            case_reference="OSP-2026-00002",
            object_type="casussen.followup",
        )
    with time_machine.travel("2026-10-20 10:00 +02:00", tick=False):
        third = _entry(
            actor=worker, action=A.DOWNLOAD, subject=parent_b, case_reference="OSP-2026-00002"
        )
    return {"worker": worker, "partner": partner, "entries": (first, second, third)}


def _listed(client, **params) -> list[int]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return sorted(event.pk for event in response.context["cl"].result_list)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"persoon": "ouder.a@test.example.nl"}, [0]),
        ({"persoon": "OUDER.B@test.example.nl"}, [1, 2]),
        ({"persoon": "onbekend@test.example.nl"}, []),
        ({"kenmerk": "osp-2026-00002"}, [1, 2]),
        ({"medewerker": "coordinator@steunpunt.example.nl"}, [0, 2]),
        ({"vanaf": "2026-11-01"}, [0, 1]),
        ({"tot": "2026-10-31"}, [2]),
        ({"vanaf": "geen datum"}, []),
        ({"action__exact": "download"}, [2]),
        ({"actor_role__exact": "partner"}, [1]),
        ({"at__year": "2026", "at__month": "10"}, [2]),
        # An id too large for the database, or digits that are no id, find nobody
        # (were a 500 on SQLite; review of #10).
        ({"persoon": "9" * 26}, []),
        ({"medewerker": "9" * 26}, []),
        ({"persoon": "\u00b2"}, []),
        (
            {
                "persoon": "ouder.b@test.example.nl",
                "medewerker": "coordinator@steunpunt.example.nl",
            },
            [2],
        ),
    ],
)
def test_privacy_officer_filters_the_log(client, log, params, expected):
    client.force_login(privacy_officer())

    assert _listed(client, **params) == sorted(log["entries"][i].pk for i in expected)


@pytest.mark.parametrize("param", ["subject", "actor"])
def test_a_huge_id_in_a_plain_lookup_is_no_500(client, log, param):
    client.force_login(privacy_officer())

    response = client.get(LIST, {param: "9" * 26})

    # SQLite refuses the number (the admin's wrong-filter answer); PostgreSQL finds nothing.
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")
    else:
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []


def test_filter_by_person_by_id_too(client, log):
    client.force_login(privacy_officer())
    subject = log["entries"][0].subject_id

    assert _listed(client, persoon=str(subject)) == [log["entries"][0].pk]


def test_log_list_keeps_the_other_filters_in_each_filter_form(client, log):
    client.force_login(privacy_officer())

    content = client.get(LIST, {"kenmerk": "OSP-2026-00002"}).content.decode()

    assert '<input type="hidden" name="kenmerk" value="OSP-2026-00002">' in content
    assert f'href="{EXPORT}?kenmerk=OSP-2026-00002"' in content


# --- Export --------------------------------------------------------------------------------


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_export_has_the_filtered_entries_with_ids_only(client, log):
    officer = privacy_officer()
    client.force_login(officer)

    response = client.get(EXPORT, {"persoon": "ouder.b@test.example.nl"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = _rows(response)
    assert header == [
        "wanneer",
        "wie (id)",
        "rol",
        "organisatie",
        "wat",
        "soort gegevens",
        "id",
        "over wie (id)",
        "kenmerk",
        "resultaat",
        "herkomst (versleuteld)",
    ]
    second = log["entries"][1]
    assert [row[1] for row in rows] == [str(log["partner"].pk), str(log["worker"].pk)]
    assert rows[0][:5] == [
        "24-11-2026 10:00:00",
        str(log["partner"].pk),
        "partner",
        "Basisschool De Windwijzer",
        "view",
    ]
    assert rows[1][4] == "download"
    assert {row[7] for row in rows} == {str(second.subject_id)}
    assert {row[8] for row in rows} == {"OSP-2026-00002"}
    text = response.content.decode()
    assert "@" not in text


def test_export_is_itself_logged(client, log):
    officer = privacy_officer()
    client.force_login(officer)

    client.get(EXPORT, {"persoon": "ouder.b@test.example.nl", "kenmerk": "OSP-2026-00002"})

    entry = AccessEvent.objects.get(action=A.EXPORT)
    assert entry.actor == officer
    assert entry.actor_role == roles.PRIVACY_OFFICER
    assert entry.object_type == "steunpunt.accessevent"
    assert entry.subject_id == log["entries"][1].subject_id
    assert entry.case_reference == "OSP-2026-00002"


def test_export_cells_cannot_run_as_formulas(client):
    school = OrganisationFactory(name='=HYPERLINK("http://evil.example")')
    _entry(actor=UserFactory(roles=[roles.PARTNER], organisation=school))
    client.force_login(privacy_officer())

    _header, *rows = _rows(client.get(EXPORT))

    assert rows[0][3] == '\'=HYPERLINK("http://evil.example")'


def test_export_with_a_bad_filter_goes_back_to_the_list(client, log):
    client.force_login(privacy_officer())

    response = client.get(EXPORT, {"at__gte": "no-date"})

    assert response.status_code == 302
    assert not AccessEvent.objects.filter(action=A.EXPORT).exists()


# --- The users admin ------------------------------------------------------------------------


def test_user_admin_page_of_someone_else_writes_an_entry(client):
    worker = coordinator()
    parent = UserFactory()
    client.force_login(worker)

    assert client.get(reverse("admin:steunpunt_user_change", args=[parent.pk])).status_code == 200

    entry = AccessEvent.objects.get()
    assert (entry.actor, entry.actor_role, entry.action) == (worker, roles.COORDINATOR, A.VIEW)
    assert entry.subject_id == parent.pk
    assert (entry.object_type, entry.object_id) == ("steunpunt.user", str(parent.pk))


def test_own_user_admin_page_writes_nothing(client):
    worker = coordinator()
    client.force_login(worker)

    assert client.get(reverse("admin:steunpunt_user_change", args=[worker.pk])).status_code == 200
    assert not AccessEvent.objects.exists()


def test_entries_hold_no_personal_data_beyond_ids(client):
    worker = coordinator(email="k.jansen@steunpunt.example.nl", name="Karin Jansen")
    parent = UserFactory(email="ouder@test.example.nl", name="Sanne de Vries")
    client.force_login(worker)
    client.get(reverse("admin:steunpunt_user_change", args=[parent.pk]))

    entry = AccessEvent.objects.values().get()
    text = " ".join(str(value) for value in entry.values())
    for personal in ("k.jansen", "Karin", "ouder@test", "Sanne", "127.0.0.1"):
        assert personal not in text
    assert entry["at"] <= timezone.now() + timedelta(seconds=1)


def test_list_names_roles_and_data_in_dutch(client):
    officer = privacy_officer()
    case = make_case()
    _entry(actor=coordinator(), object_id=str(case.pk), subject=case.parent)
    _entry(actor=None, object_type="casussen.followup", object_id="3")
    client.force_login(officer)

    page = client.get(LIST).content.decode()

    assert "coördinator</td>" in page
    assert "systeem</td>" in page
    assert f"vraag of klacht #{case.pk}" in page
    assert "casussen.case #" not in page
    assert ">privacy_officer<" not in page
    assert ">system<" not in page


@pytest.mark.parametrize(
    ("object_type", "object_id", "shown"),
    [
        ("session", "password+mfa", "inloggen: wachtwoord + tweede stap"),
        ("mfa.added", "totp", "tweede stap ingesteld: app voor inlogcodes"),
        ("role.added", "coordinator", "rol gekregen: coördinator"),
        ("casussen.signals_report", "2026-Q4", "signalenrapport: 2026-Q4"),
        ("steunpunt.personal_data", "", "gegevens downloaden"),
        ("casussen.case", "12", "vraag of klacht #12"),
    ],
)
def test_the_log_names_what_was_read_in_dutch(client, object_type, object_id, shown):
    _entry(object_type=object_type, object_id=object_id)
    client.force_login(privacy_officer())

    page = client.get(LIST).content.decode()

    assert shown in page
    assert f"{object_type} #" not in page


def test_role_filter_offers_every_written_role_without_reading_the_log(client):
    client.force_login(privacy_officer())
    _entry(actor=coordinator(), object_id="1")

    with CaptureQueriesContext(connection) as queries:
        page = client.get(LIST).content.decode()

    assert "actor_role__exact=coordinator" in page
    assert "actor_role__exact=partner" in page  # no entry by a partner yet, still offered
    roles_read = [
        q["sql"]
        for q in queries.captured_queries
        if "DISTINCT" in q["sql"].upper() and "actor_role" in q["sql"]
    ]
    assert roles_read == []
