import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory

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
