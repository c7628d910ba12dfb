import pytest

from tests.factories import UserFactory
from tijdlijn.demo import PARENT, seed_timeline
from tijdlijn.models import Entry

pytestmark = pytest.mark.django_db


def test_the_demo_parent_gets_a_timeline_once():
    parent = UserFactory(email=PARENT)

    first = seed_timeline()
    Entry.objects.filter(owner=parent).first().delete()
    second = seed_timeline()

    assert first == 4
    # A second run adds nothing to a timeline the parent changed.
    assert second == 3


def test_no_demo_timeline_without_the_demo_parent():
    assert seed_timeline() == 0
    assert not Entry.objects.exists()
