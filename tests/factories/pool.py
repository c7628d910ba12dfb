"""Factories for policy work: parents in the pool of ervaringsdeskundigen, partners'
requests for a parent perspective, and invitations. Everything here is invented."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from ervaringsdeskundigen.models import Invitation, PerspectiveRequest, PoolMember

from .core import OrganisationFactory, UserFactory


class PoolMemberFactory(factory.django.DjangoModelFactory):
    """An approved member, open to every format and time of day."""

    class Meta:
        model = PoolMember
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    status = PoolMember.Status.APPROVED
    formats = factory.LazyFunction(lambda: ["overleg", "werkgroep", "klankbord", "interview"])
    moments = factory.LazyFunction(lambda: ["overdag", "avond"])
    experience = "Mijn kind zat een jaar thuis; ik sprak veel met school."
    max_per_year = 4
    intake_held_at = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)


def _in_days(days: int):
    return lambda obj: timezone.localdate() + timedelta(days=days)


class PerspectiveRequestFactory(factory.django.DjangoModelFactory):
    """A request of a samenwerkingsverband, three weeks ahead, for two parents."""

    class Meta:
        model = PerspectiveRequest
        skip_postgeneration_save = True

    organisation = factory.SubFactory(
        OrganisationFactory, kind="swv", name=factory.Sequence(lambda n: f"SWV De Proef {n}")
    )
    asked_by = factory.SubFactory(
        UserFactory,
        roles=["partner"],
        organisation=factory.SelfAttribute("..organisation"),
    )
    topic = factory.Sequence(lambda n: f"Ondersteuningsplan {n}")
    description = "Hoe beleven ouders de gesprekken over extra ondersteuning?"
    format = "overleg"
    moment = "avond"
    first_date = factory.LazyAttribute(_in_days(21))
    last_date = factory.LazyAttribute(lambda obj: obj.first_date)
    dates = factory.LazyAttribute(lambda obj: [obj.first_date.isoformat()])
    hours = Decimal("3")
    parents_wanted = 2
    allowance = Decimal("25")

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class PolicyInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    request = factory.SubFactory(PerspectiveRequestFactory)
    parent = factory.SubFactory(UserFactory)
    answer_by = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
