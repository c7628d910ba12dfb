"""Queries compiled once per process (steunpunt/compiled.py) and the session store and
authentication backends that read with them."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from casussen.models import Case, CaseEvent
from kennisbank.selectors import _is_verified_staff
from steunpunt.auth_backends import ModelBackend
from steunpunt.compiled import CompiledQuery, prepared_get, prepared_objects
from steunpunt.models import User
from steunpunt.roles import ROLES, role_names
from steunpunt.sessions import SessionStore
from tests.factories import UserFactory, coordinator, make_case
from tests.factories.core import has_totp

pytestmark = pytest.mark.django_db

MARK = -123456789
DAY_MARK = date(1901, 2, 3)
TIME_MARK = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


def test_rows_are_those_of_the_queryset_with_the_value_in_place_of_the_mark():
    first, second = UserFactory(name="Eerste"), UserFactory(name="Tweede")
    query = CompiledQuery(lambda pk: User.objects.filter(pk=pk).values_list("name"), MARK)

    assert query.rows(first.pk) == [("Eerste",)]
    assert query.rows(second.pk) == [("Tweede",)]


def test_instances_equal_the_orms_with_their_times_converted():
    user = UserFactory()
    query = CompiledQuery(lambda pk: User.objects.filter(pk=pk), MARK)

    [found] = query.instances(User, user.pk)

    expected = User.objects.get(pk=user.pk)
    assert found == expected
    assert found.date_joined == expected.date_joined
    assert found.date_joined.tzinfo is not None
    assert not found._state.adding


def test_the_queryset_is_built_once():
    builds = []

    def build(pk):
        builds.append(pk)
        return Group.objects.filter(user__pk=pk).values_list("name")

    query = CompiledQuery(build, MARK)
    query.rows(1)
    query.rows(2)

    assert builds == [MARK]


def test_a_mark_the_query_does_not_use_is_refused():
    query = CompiledQuery(lambda pk: User.objects.filter(pk=1).values_list("name"), MARK)

    with pytest.raises(ValueError, match="is not a parameter"):
        query.rows(5)


def test_rows_of_a_values_query_are_no_instances():
    query = CompiledQuery(lambda pk: User.objects.filter(pk=pk).values_list("name"), MARK)

    with pytest.raises(TypeError):
        query.instances(User, 1)


def test_a_date_mark_takes_the_date_as_the_backend_sends_it():
    query = CompiledQuery(
        lambda day: User.objects.filter(date_joined__date__gte=day).values_list("pk"), DAY_MARK
    )
    user = UserFactory()
    joined = timezone.localdate(user.date_joined)

    assert query.rows(joined) == [(user.pk,)]
    assert query.rows(joined + timedelta(days=1)) == []


def test_an_aware_datetime_mark_is_compared_as_the_orm_compares_it():
    user = UserFactory()
    query = CompiledQuery(
        lambda moment: User.objects.filter(date_joined__lte=moment).values_list("pk"), TIME_MARK
    )

    assert query.rows(user.date_joined) == [(user.pk,)]
    assert query.rows(user.date_joined - timedelta(seconds=1)) == []


def test_sql_gives_the_statement_with_the_values_in_place():
    user = UserFactory()
    query = CompiledQuery(lambda pk: User.objects.filter(pk=pk).values_list("name"), MARK)

    sql, params = query.sql(user.pk)

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.fetchall() == [(user.name,)]


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


@postgres_only
def test_a_compiled_query_is_prepared_once_for_every_value():
    first, second = UserFactory(name="Eerste"), UserFactory(name="Tweede")
    query = CompiledQuery(lambda pk: User.objects.filter(pk=pk).values_list("name"), MARK)

    assert query.rows(first.pk) == [("Eerste",)]
    assert query.rows(second.pk) == [("Tweede",)]

    prepared = [s for s in _prepared_statements() if '"steunpunt_user"."name"' in s]
    assert len(prepared) == 1
    assert "$1" in prepared[0]


@postgres_only
def test_a_prepared_query_is_counted_and_logged_with_its_value(django_assert_num_queries):
    user = UserFactory(name="Eerste")
    query = CompiledQuery(lambda pk: User.objects.filter(pk=pk).values_list("name"), MARK)

    with django_assert_num_queries(1) as captured:
        query.rows(user.pk)

    [logged] = captured.captured_queries
    assert f"= {user.pk}" in logged["sql"]
    assert "$1" not in logged["sql"]


@postgres_only
def test_without_prepared_statements_the_connections_own_cursor_is_used():
    user = UserFactory(name="Eerste")
    query = CompiledQuery(lambda pk: User.objects.filter(pk=pk).values_list("name"), MARK)
    options = connection.settings_dict["OPTIONS"]
    kept = options.pop("prepare_threshold", None)
    try:
        assert query.rows(user.pk) == [("Eerste",)]
    finally:
        if kept is not None:
            options["prepare_threshold"] = kept

    assert not [s for s in _prepared_statements() if '"steunpunt_user"."name"' in s]


def _stored_session(**data) -> SessionStore:
    store = SessionStore()
    for key, value in data.items():
        store[key] = value
    store.save()
    return store


def test_the_session_store_reads_a_stored_session():
    key = _stored_session(step="twee").session_key

    assert SessionStore(key)["step"] == "twee"


def test_an_expired_session_is_not_read_and_loses_its_key(time_machine):
    key = _stored_session(step="twee").session_key
    time_machine.move_to(timedelta(days=30))

    store = SessionStore(key)

    assert store.get("step") is None
    assert store.session_key is None


def test_an_unknown_session_key_reads_nothing():
    store = SessionStore("onbekendesleutel12345")

    assert store.load() == {}
    assert store.session_key is None


def test_the_backend_reads_the_user_by_the_id_the_session_keeps():
    user = UserFactory()

    assert ModelBackend().get_user(str(user.pk)) == user


def test_the_backend_refuses_an_inactive_user():
    user = UserFactory(is_active=False)

    assert ModelBackend().get_user(user.pk) is None


@pytest.mark.parametrize("user_id", ["geen-getal", "999999"])
def test_the_backend_finds_nobody_for_a_bad_or_unknown_id(user_id):
    assert ModelBackend().get_user(user_id) is None


@pytest.mark.parametrize(
    "roles", [[], ["coordinator"], ["editor", "partner"], [*ROLES], ["coordinator", "bestuur"]]
)
def test_the_backend_reads_the_users_roles_with_the_user(roles, django_assert_num_queries):
    user = UserFactory(roles=roles)
    expected = frozenset(
        Group.objects.filter(user=user, name__in=ROLES).values_list("name", flat=True)
    )

    with django_assert_num_queries(1):
        found = ModelBackend().get_user(user.pk)
        names = role_names(found)

    assert names == expected == frozenset(roles) & frozenset(ROLES)


@pytest.mark.parametrize("totp", [True, False])
def test_the_backend_reads_whether_the_user_has_a_second_factor(totp, django_assert_num_queries):
    user = UserFactory(roles=["editor"], is_staff=True, totp=totp)

    found = ModelBackend().get_user(user.pk)
    with django_assert_num_queries(0):
        verified = _is_verified_staff(found)

    assert verified is totp is has_totp(user)


def test_a_user_not_read_by_the_backend_still_has_their_roles_and_second_factor():
    user = User.objects.get(pk=coordinator().pk)

    assert role_names(user) == {"coordinator"}
    assert _is_verified_staff(user) is True


def _django_permissions(user):
    fresh = User.objects.get(pk=user.pk)
    return DjangoModelBackend().get_all_permissions(fresh)


def test_the_backend_finds_the_same_permissions_as_djangos():
    user = coordinator()
    user.user_permissions.add(Permission.objects.get(codename="view_accessevent"))

    found = ModelBackend().get_all_permissions(User.objects.get(pk=user.pk))

    assert found == _django_permissions(user)
    assert "steunpunt.view_accessevent" in found
    assert "casussen.change_case" in found


def test_a_superuser_has_every_permission():
    user = UserFactory(is_superuser=True)

    found = ModelBackend().get_all_permissions(user)

    assert len(found) == Permission.objects.count()


def test_an_inactive_coordinator_has_no_permissions():
    user = coordinator()
    user.is_active = False

    assert ModelBackend().get_all_permissions(user) == set()


def test_objects_follow_select_related_as_the_orm_does():
    owner = coordinator()
    with_owner, without = make_case(), make_case()
    Case.objects.filter(pk=with_owner.pk).update(assigned_to=owner)
    with_owner.refresh_from_db()
    query = CompiledQuery(
        lambda pk: Case.objects.filter(pk=pk).select_related("assigned_to", "theme"), MARK
    )

    [found] = query.objects(with_owner.pk)
    [alone] = query.objects(without.pk)

    assert found == with_owner
    assert found.created_at == Case.objects.get(pk=with_owner.pk).created_at
    assert "assigned_to" in found._state.fields_cache
    assert found.assigned_to == owner
    assert found.assigned_to.date_joined.tzinfo is not None
    assert found.theme == with_owner.theme
    assert alone._state.fields_cache["assigned_to"] is None


def test_objects_carry_the_querysets_annotations():
    case = make_case()
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.INTERNAL_NOTE, text="Eerste")
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.INTERNAL_NOTE, text="Tweede")
    query = CompiledQuery(
        lambda pk: Case.objects.filter(pk=pk).annotate(event_count=Count("events")), MARK
    )

    [found] = query.objects(case.pk)

    expected = Case.objects.annotate(event_count=Count("events")).get(pk=case.pk)
    assert found.event_count == expected.event_count >= 2


def test_objects_refuse_a_queryset_that_prefetches():
    query = CompiledQuery(lambda: Case.objects.prefetch_related("events"))

    with pytest.raises(TypeError):
        query.objects()


def test_objects_refuse_a_values_queryset():
    query = CompiledQuery(lambda: Case.objects.values_list("pk"))

    with pytest.raises(TypeError):
        query.objects()


def test_objects_run_one_query_each_time(django_assert_num_queries):
    case = make_case()
    query = CompiledQuery(lambda pk: Case.objects.filter(pk=pk).select_related("theme"), MARK)
    query.objects(case.pk)

    with django_assert_num_queries(1):
        [found] = query.objects(case.pk)
        assert found.theme_id == case.theme_id
        found.theme  # noqa: B018 - read from the join, not a query of its own


def test_prepared_get_gives_the_object_get_gives():
    user = UserFactory(name="Eerste")

    found = prepared_get(User.objects.all(), pk=user.pk)

    assert found == User.objects.get(pk=user.pk)
    assert found.name == "Eerste"


def test_prepared_get_of_nothing_raises_does_not_exist():
    with pytest.raises(User.DoesNotExist):
        prepared_get(User.objects.all(), pk=-1)


def test_prepared_get_of_two_raises_multiple_objects_returned():
    UserFactory(name="Dubbel")
    UserFactory(name="Dubbel")

    with pytest.raises(User.MultipleObjectsReturned):
        prepared_get(User.objects.all(), name="Dubbel")


def test_prepared_get_reads_what_the_queryset_prefetches(django_assert_num_queries):
    group = Group.objects.create(name="lezers")
    user = UserFactory()
    user.groups.add(group)

    with django_assert_num_queries(2):
        found = prepared_get(User.objects.prefetch_related("groups"), pk=user.pk)
        assert list(found.groups.all()) == [group]


def test_prepared_objects_of_a_filter_no_row_matches_is_empty_without_a_query(
    django_assert_num_queries,
):
    UserFactory()

    with django_assert_num_queries(0):
        assert prepared_objects(User.objects.filter(pk__in=[])) == []
