"""`ReadOnceAdmin`: a change page that looks at its object before Django's change view
reads it once on a GET, and afresh on a POST."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kennisbank.models import Article
from oudernetwerk.models import BuddyProfile, Consultation, Meetup
from tests.factories import (
    ArticleFactory,
    BuddyProfileFactory,
    ConsultationFactory,
    MunicipalityFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
)
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

pytestmark = pytest.mark.django_db


def _admin(model):
    return admin.site._registry[model]


def _request(method: str):
    request = getattr(RequestFactory(), method)("/")
    request.user = coordinator()
    return request


def _reads(queries, table: str) -> int:
    return sum(f'FROM "{table}"' in query["sql"] for query in queries)


def test_a_get_reads_the_object_once():
    profile = BuddyProfileFactory()
    model_admin, request = _admin(BuddyProfile), _request("get")

    first = model_admin.get_object(request, str(profile.pk))
    with CaptureQueriesContext(connection) as queries:
        again = model_admin.get_object(request, str(profile.pk))

    assert again is first
    assert queries.captured_queries == []


def test_a_post_reads_the_object_each_time():
    profile = BuddyProfileFactory()
    model_admin, request = _admin(BuddyProfile), _request("post")

    first = model_admin.get_object(request, str(profile.pk))
    again = model_admin.get_object(request, str(profile.pk))

    assert again is not first
    assert again == first


def test_another_request_reads_the_object_again():
    profile = BuddyProfileFactory()
    model_admin = _admin(BuddyProfile)

    first = model_admin.get_object(_request("get"), str(profile.pk))

    assert model_admin.get_object(_request("get"), str(profile.pk)) is not first


def test_an_id_that_is_no_number_is_not_found():
    assert _admin(BuddyProfile).get_object(_request("get"), "abc") is None


def test_the_related_records_the_page_shows_come_in_the_same_query():
    profile = BuddyProfileFactory()

    read = _admin(BuddyProfile).get_object(_request("get"), str(profile.pk))
    with CaptureQueriesContext(connection) as queries:
        assert read.user.email == profile.user.email

    assert queries.captured_queries == []


def test_the_meetup_page_reads_its_meetup_once(client):
    meetup = MeetupFactory()
    client.force_login(coordinator())
    url = reverse("admin:oudernetwerk_meetup_change", args=[meetup.pk])
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    reads = [q for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert _reads(reads, Meetup._meta.db_table) == 1


def _page_without_tokens(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.parametrize("model", [BuddyProfile, Consultation])
def test_the_chosen_themes_and_places_read_together_show_as_django_shows_them(
    client, monkeypatch, model
):
    themes = [ThemeFactory(), ThemeFactory(), ThemeFactory()]
    places = [MunicipalityFactory(), MunicipalityFactory()]
    make = BuddyProfileFactory if model is BuddyProfile else ConsultationFactory
    obj = make(themes=themes[:2], municipalities=places[1:])
    client.force_login(coordinator())
    url = reverse(f"admin:oudernetwerk_{model._meta.model_name}_change", args=[obj.pk])

    sent = []

    def collect(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(collect):
        ours = _page_without_tokens(client, url)
    monkeypatch.setattr(type(_admin(model)), "change_selected", ())
    django = _page_without_tokens(client, url)

    # One query for both link tables (Django reads each on its own), and the same page.
    links = [
        f"oudernetwerk_{model._meta.model_name}_{name}" for name in ("themes", "municipalities")
    ]
    reading = [sql for sql in sent if any(f'FROM "{table}"' in sql for table in links)]
    assert len(reading) == 1
    assert ours == django
    for chosen in [*themes[:2], places[1]]:
        assert f'<option value="{chosen.pk}" selected>' in ours
    assert f'<option value="{themes[2].pk}" selected>' not in ours


def test_a_reader_without_the_right_to_change_sees_the_chosen_names(client):
    reader = UserFactory(is_staff=True, totp=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_buddyprofile"))
    profile = BuddyProfileFactory(themes=[ThemeFactory(name="Pesten op school")])
    client.force_login(reader)

    response = client.get(reverse("admin:oudernetwerk_buddyprofile_change", args=[profile.pk]))

    assert response.status_code == 200
    assert "Pesten op school" in response.content.decode()


# --- change_query_compiles: the page's object by a query compiled once per process ------


@pytest.mark.parametrize("model", [Meetup, BuddyProfile, Consultation, Article])
def test_a_compiled_read_gives_what_djangos_get_object_gives(model):
    factory = {
        Meetup: MeetupFactory,
        BuddyProfile: BuddyProfileFactory,
        Consultation: ConsultationFactory,
        Article: ArticleFactory,
    }[model]
    factory()
    wanted = factory()
    model_admin = _admin(model)
    assert model_admin.change_query_compiles

    read = model_admin.get_object(_request("get"), str(wanted.pk))
    django = admin.ModelAdmin.get_object(model_admin, _request("get"), str(wanted.pk))

    assert read == django
    annotated = set(django.__dict__) - {"_state"}
    assert {name: read.__dict__.get(name) for name in annotated} == {
        name: django.__dict__[name] for name in annotated
    }


def test_an_articles_related_articles_come_with_it_by_their_titles():
    one, other, wanted = ArticleFactory(), ArticleFactory(), ArticleFactory()
    wanted.related.set([one, other])

    read = _admin(Article).get_object(_request("get"), str(wanted.pk))
    with CaptureQueriesContext(connection) as queries:
        titles = sorted(article.title for article in read.related.all())

    assert titles == sorted([one.title, other.title])
    assert queries.captured_queries == []
    assert all(article.get_deferred_fields() for article in read.related.all())


def test_a_compiled_read_counts_each_meetups_own_places():
    quiet, busy = MeetupFactory(), MeetupFactory(capacity=1)
    MeetupRegistrationFactory(meetup=busy)
    MeetupRegistrationFactory(meetup=busy, status="waiting")
    model_admin = _admin(Meetup)

    counts = [
        (meetup.registered_count, meetup.waiting_count)
        for meetup in (
            model_admin.get_object(_request("get"), str(quiet.pk)),
            model_admin.get_object(_request("get"), str(busy.pk)),
        )
    ]

    assert counts == [(0, 0), (1, 1)]


@pytest.mark.parametrize("object_id", ["abc", "", "12345678901234567890123", "-7303002", "999999"])
def test_a_compiled_read_finds_nothing_for_an_id_no_meetup_has(object_id):
    MeetupFactory()

    assert _admin(Meetup).get_object(_request("get"), object_id) is None


def test_the_meetup_page_of_an_id_no_meetup_has_goes_back_to_the_admin(client):
    client.force_login(coordinator())

    response = client.get(reverse("admin:oudernetwerk_meetup_change", args=["999999"]))

    assert response.status_code == 302
