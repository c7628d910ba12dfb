"""Every meetup email renders as a Dutch triple; the online link only goes out in the
reminder; the demo meetups are made once."""

import pytest
from django.apps import apps

from oudernetwerk import services
from oudernetwerk.demo import MEETUPS, seed_meetups
from oudernetwerk.models import Meetup
from steunpunt import demo
from steunpunt.models import User
from steunpunt.outbox import render_email
from tests.factories.meetups import MeetupFactory

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "meetup_registered": {},
    "meetup_waiting": {"place": 3},
    "meetup_promoted": {},
    "meetup_cancelled": {"reason": "De zaal is dicht.", "was_waiting": False},
    "meetup_day_before": {},
    "meetup_changed": {"was_waiting": True},
}


def _context(meetup, site_settings, **extra):
    return {
        "site_settings": site_settings,
        "meetup": meetup,
        "location": services.meetup_location(meetup),
        "meetup_url": services.meetup_url(meetup),
        **extra,
    }


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_meetup_email_renders_as_a_triple(site_settings, name):
    meetup = MeetupFactory(title="Koffieochtend")

    subject, text, html = render_email(
        template=f"oudernetwerk/email/{name}",
        context=_context(meetup, site_settings, **TEMPLATES[name]),
    )

    assert "Koffieochtend" in subject
    assert "\n" not in subject
    assert text.startswith("Hallo,")
    assert site_settings.name in text
    assert "Buurthuis De Proef" in text
    assert "<html" in html
    assert "Hallo," in html


@pytest.mark.parametrize("name", TEMPLATES)
def test_online_link_goes_out_only_in_the_reminder(site_settings, name):
    meetup = MeetupFactory(kind="online", online_url="https://meet.example.nl/geheim")

    _subject, text, html = render_email(
        template=f"oudernetwerk/email/{name}",
        context=_context(meetup, site_settings, **TEMPLATES[name]),
    )

    has_link = "https://meet.example.nl/geheim" in text
    assert has_link == (name == "meetup_day_before")
    assert ("https://meet.example.nl/geheim" in html) == has_link


def test_demo_meetups_are_made_once_and_are_upcoming():
    demo.seed_demo()

    assert seed_meetups() == len(MEETUPS)
    assert seed_meetups() == 0

    meetups = list(Meetup.objects.all())
    assert len(meetups) == 3
    assert all(m.status == "published" and not m.has_started for m in meetups)
    assert {m.kind for m in meetups} == {"place", "online"}
    for meetup in meetups:
        meetup.full_clean()


def test_demo_meetups_need_the_demo_coordinator():
    assert seed_meetups() == 0
    assert not Meetup.objects.exists()


def test_demo_small_meetup_is_full_so_the_demo_parent_waits_as_place_two():
    demo.seed_demo()
    apps.get_app_config("oudernetwerk").seed_demo()
    meetup = Meetup.objects.get(title="Ouders van kinderen op het SO en VSO")
    assert meetup.registrations.filter(status="registered").count() == meetup.capacity == 2
    assert meetup.registrations.filter(status="waiting").count() == 1

    registration = services.meetup_register(
        meetup=meetup, parent=User.objects.get(email="ouder@demo.example.nl")
    )

    assert registration.status == "waiting"
    assert services.waiting_place(registration) == 2
