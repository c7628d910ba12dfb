"""Factories for meetups and registrations. Everything here is invented."""

from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories.core import UserFactory


class MeetupFactory(factory.django.DjangoModelFactory):
    """A published meetup at a place, a week from now, two hours long, three places.
    Pass `kind="online"`, `status=...`, `starts_at=...` or `capacity=...` to vary."""

    class Meta:
        model = "oudernetwerk.Meetup"

    title = factory.Sequence(lambda n: f"Koffieochtend voor ouders {n}")
    description = "Praat met andere ouders. Koffie staat klaar."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda meetup: meetup.starts_at + timedelta(hours=2))
    kind = "place"
    place_name = "Buurthuis De Proef"
    address = "Proefstraat 1, Alkmaar"
    capacity = 3
    status = "published"


class MeetupRegistrationFactory(factory.django.DjangoModelFactory):
    """A parent with a place (pass `status="waiting"` for the waiting list)."""

    class Meta:
        model = "oudernetwerk.MeetupRegistration"

    meetup = factory.SubFactory(MeetupFactory)
    parent = factory.SubFactory(UserFactory)
    status = "registered"
