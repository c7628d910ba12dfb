import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from steunpunt import access_log, roles
from steunpunt.models import AccessEvent, Organisation
from tests.factories import OrganisationFactory, UserFactory, coordinator

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's"
)


def _request(user, address="192.0.2.10"):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    request.user = user
    return request


def test_record_takes_actor_role_and_pseudonymised_origin_from_request():
    staff = coordinator()
    parent = UserFactory()

    event = access_log.record(
        request=_request(staff), action=AccessEvent.Action.VIEW, obj=parent, subject=parent
    )

    assert event.actor == staff
    assert event.actor_role == roles.COORDINATOR
    assert event.object_type == "steunpunt.user"
    assert event.object_id == str(parent.pk)
    assert event.subject_id == parent.pk
    assert len(event.origin) == 16
    assert "192.0.2.10" not in event.origin


def test_same_origin_gives_same_pseudonym_and_another_origin_another():
    staff = coordinator()
    one = access_log.pseudonymised_origin(_request(staff, "192.0.2.10"))
    assert one == access_log.pseudonymised_origin(_request(staff, "192.0.2.10"))
    assert one != access_log.pseudonymised_origin(_request(staff, "192.0.2.11"))


def test_partner_entry_names_organisation_not_person():
    school = OrganisationFactory(name="De Windwijzer", kind=Organisation.Kind.SCHOOL_PO)
    partner = UserFactory(roles=[roles.PARTNER], organisation=school)

    event = access_log.record(actor=partner, action=AccessEvent.Action.VIEW, object_type="x")

    assert event.actor_role == roles.PARTNER
    assert event.actor_organisation == "De Windwijzer"


def test_job_without_request_is_system():
    event = access_log.record(action=AccessEvent.Action.DELETE, object_type="casussen.case")
    assert event.actor_role == access_log.SYSTEM


@needs_postgres
def test_database_refuses_update_of_an_entry():
    event = access_log.record(action=AccessEvent.Action.VIEW, object_type="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(action=AccessEvent.Action.DELETE)
    event.refresh_from_db()
    assert event.action == AccessEvent.Action.VIEW


@needs_postgres
def test_database_refuses_delete_outside_the_retention_job():
    event = access_log.record(action=AccessEvent.Action.VIEW, object_type="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).delete()
    assert AccessEvent.objects.filter(pk=event.pk).exists()


@needs_postgres
def test_database_allows_delete_inside_the_retention_job():
    event = access_log.record(action=AccessEvent.Action.VIEW, object_type="x")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL steunpunt.retention = 'on'")
        AccessEvent.objects.filter(pk=event.pk).delete()
    assert not AccessEvent.objects.filter(pk=event.pk).exists()


def test_privacy_officer_role_can_view_the_log_only():
    officer = UserFactory(roles=[roles.PRIVACY_OFFICER])
    assert officer.has_perm("steunpunt.view_accessevent")
    assert not officer.has_perm("steunpunt.change_accessevent")
    assert not officer.has_perm("steunpunt.delete_accessevent")
    assert not officer.has_perm("casussen.view_case")


def test_a_read_about_two_people_writes_both_entries_in_one_insert(django_assert_num_queries):
    staff = coordinator()
    parent, buddy = UserFactory(), UserFactory()
    request = _request(staff)
    request.user = staff
    # The reader's role is read before, as the page has done by then.
    roles.role_names(staff)

    with django_assert_num_queries(1):
        events = access_log.record_read(
            request=request, obj=parent, subjects=[parent, buddy.pk, staff, parent]
        )

    stored = list(AccessEvent.objects.order_by("pk"))
    assert [event.pk for event in events] == [event.pk for event in stored]
    # One entry per other person, in the order given; none for the reader themself.
    assert [event.subject_id for event in stored] == [parent.pk, buddy.pk]
    for event in stored:
        assert event.actor == staff
        assert event.actor_role == roles.COORDINATOR
        assert event.action == AccessEvent.Action.VIEW
        assert event.object_type == "steunpunt.user"
        assert event.object_id == str(parent.pk)
        assert event.origin == access_log.pseudonymised_origin(request)


def test_the_insert_compiled_once_writes_the_columns_save_writes():
    """The kept INSERT names the same columns as Django's own `save` of an entry."""
    staff = coordinator()
    with CaptureQueriesContext(connection) as saved:
        AccessEvent(actor=staff, actor_role="x", action="view", object_type="x").save()

    event = access_log.record(request=_request(staff), action="view", object_type="x")

    columns = saved.captured_queries[-1]["sql"].split(")", 1)[0]
    assert access_log._insert_sql(connection.alias, 1).startswith(columns)
    stored = AccessEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.actor_role, stored.object_type, stored.origin) == (
        staff.pk,
        roles.COORDINATOR,
        "x",
        access_log.pseudonymised_origin(_request(staff)),
    )
    assert stored.at == event.at


def test_a_read_of_only_the_readers_own_data_writes_nothing(django_assert_num_queries):
    parent = UserFactory()
    request = _request(parent)

    with django_assert_num_queries(0):
        events = access_log.record_read(request=request, obj=parent, subjects=[parent])

    assert events == []
    assert not AccessEvent.objects.exists()


def test_an_entry_that_cannot_be_written_raises(monkeypatch):
    """Fail closed: the caller gets the database's error, not a page without its entry."""
    staff = coordinator()
    monkeypatch.setitem(
        access_log._INSERTS, (connection.alias, 1), "INSERT INTO no_such_table VALUES (%s)"
    )

    with pytest.raises(DatabaseError), transaction.atomic():
        access_log.record_read(request=_request(staff), object_type="casussen.case")

    assert not AccessEvent.objects.exists()
