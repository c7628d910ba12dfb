"""The "Meldingen" page: a coordinator chooses per kind at once or in the digest, and
the digest's time; nobody else reaches it, and nobody sees another's choices."""

from datetime import time

import pytest
from django.urls import reverse

from steunpunt.models import NotificationKind, NotificationPreference
from tests.factories import UserFactory, coordinator, editor, privacy_officer

pytestmark = pytest.mark.django_db

URL = reverse("admin:steunpunt_notification_settings")


def choices(**overrides) -> dict:
    data = dict.fromkeys(NotificationKind.values, "immediate")
    data["digest_time"] = "08:00"
    data.update(overrides)
    return data


def test_a_coordinator_sees_the_defaults(client):
    client.force_login(coordinator())

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for label in NotificationKind.labels:
        assert str(label) in html
    assert 'value="08:00" selected' in html


def test_a_coordinator_saves_their_choices(client):
    anna = coordinator()
    client.force_login(anna)

    response = client.post(URL, choices(parent_reply="digest", digest_time="17:30"))

    assert response["Location"] == URL
    preference = NotificationPreference.objects.get(user=anna)
    assert preference.parent_reply == "digest"
    assert preference.new_question == "immediate"
    assert preference.digest_time == time(17, 30)


def test_the_page_shows_only_the_signed_in_coordinators_choices(client):
    bert = coordinator()
    NotificationPreference.objects.create(user=bert, parent_reply="digest", digest_time=time(6))
    client.force_login(coordinator())

    html = client.get(URL).content.decode()

    assert 'value="06:00" selected' not in html
    assert 'value="digest" selected' not in html


def test_a_wrong_choice_is_a_dutch_error_and_keeps_the_rest(client):
    anna = coordinator()
    client.force_login(anna)

    response = client.post(URL, choices(new_question="nooit", digest_time="03:00"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Kies meteen of in de samenvatting." in html
    assert "Kies een tijd uit de lijst." in html
    assert not NotificationPreference.objects.filter(user=anna).exists()


@pytest.mark.parametrize("make_user", [editor, privacy_officer])
def test_other_staff_cannot_open_or_post_the_page(client, make_user):
    user = make_user()
    client.force_login(user)

    assert client.get(URL).status_code == 403
    assert client.post(URL, choices()).status_code == 403
    assert not NotificationPreference.objects.exists()


def test_parent_and_anonymous_cannot_open_the_page(client):
    assert client.get(URL)["Location"].startswith(reverse("admin:login"))
    client.force_login(UserFactory())
    assert client.get(URL, follow=True).status_code == 403


def test_the_admin_index_links_to_the_page_for_coordinators_only(client):
    client.force_login(coordinator())
    assert URL in client.get(reverse("admin:index")).content.decode()
    client.force_login(editor())
    assert URL not in client.get(reverse("admin:index")).content.decode()
