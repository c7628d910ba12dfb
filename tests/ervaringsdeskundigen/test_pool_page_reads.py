"""/meedenken/ reads the parent's membership through a query compiled once per process,
and writes the empty join form's fields once per process (`as_cached_crispy_field`)."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.urls import reverse

from ervaringsdeskundigen.forms import PoolJoinForm
from ervaringsdeskundigen.views import _member_of
from tests.factories import PoolMemberFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

POOL = reverse("ervaringsdeskundigen:pool")


def test_the_member_is_the_users_own():
    member = PoolMemberFactory()
    PoolMemberFactory()

    found = _member_of(member.user)

    assert found == member
    assert found.status == member.status
    assert found.created_at == member.created_at


def test_someone_who_never_joined_has_no_member():
    assert _member_of(UserFactory()) is None


def test_the_empty_join_form_is_crispys_own(client):
    ThemeFactory(name="Thuiszitten")
    client.force_login(UserFactory())

    pages = [client.get(POOL).content.decode() for _ in range(2)]

    form = PoolJoinForm()
    for name in ("themes", "municipalities", "formats", "privacy"):
        assert str(as_crispy_field(form[name])) in pages[1]
    assert pages[0] == pages[1].replace(_token(pages[1]), _token(pages[0]))
    assert "Thuiszitten" in pages[1]


def test_a_new_theme_is_in_the_form_at_once(client):
    client.force_login(UserFactory())
    client.get(POOL)

    ThemeFactory(name="Passend onderwijs")

    assert "Passend onderwijs" in client.get(POOL).content.decode()


def _token(page: str) -> str:
    start = page.index('name="csrfmiddlewaretoken" value="') + len(
        'name="csrfmiddlewaretoken" value="'
    )
    return page[start : page.index('"', start)]
