"""Factories for the parent panel and consultations. Everything here is invented."""

from datetime import timedelta

import factory
from django.utils import timezone

from oudernetwerk import sealing
from oudernetwerk.models import Consultation, Invitation, PanelMember, Question, SealedResponse
from tests.factories.core import MunicipalityFactory, UserFactory

CHOICES = ["Goed", "Het kan beter", "Niet goed"]


class PanelMemberFactory(factory.django.DjangoModelFactory):
    """An active member of the parent panel. Pass `themes=[...]` for their themes."""

    class Meta:
        model = PanelMember
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    consent_text = "Ik wil af en toe een korte vragenlijst krijgen."

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)


class ConsultationFactory(factory.django.DjangoModelFactory):
    """An open consultation closing in two weeks, for the whole panel. Pass
    `municipalities=[...]` or `themes=[...]` to narrow who is asked."""

    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hoe ging het gesprek met school? ({n})")
    introduction = "We willen weten hoe gesprekken met school gaan."
    minutes = 5
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    status = Consultation.Status.OPEN

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.add(*extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A required multiple-choice question; pass `kind="open"` for an open one."""

    class Meta:
        model = Question

    consultation = factory.SubFactory(ConsultationFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "Hoe ging het gesprek?"
    kind = Question.Kind.CHOICE
    options = factory.LazyAttribute(
        lambda question: list(CHOICES) if question.kind == Question.Kind.CHOICE else []
    )
    required = True


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    consultation = factory.SubFactory(ConsultationFactory)
    user = factory.SubFactory(UserFactory)


def survey(**kwargs):
    """An open consultation with a required choice question and an optional open one."""
    consultation = ConsultationFactory(**kwargs)
    choice = QuestionFactory(consultation=consultation, position=1)
    open_question = QuestionFactory(
        consultation=consultation,
        position=2,
        kind=Question.Kind.OPEN,
        text="Wat kan beter?",
        required=False,
    )
    return consultation, choice, open_question


def invited_member(consultation, **kwargs) -> PanelMember:
    """A panel member with an invitation to `consultation`."""
    member = PanelMemberFactory(**kwargs)
    InvitationFactory(consultation=consultation, user=member.user)
    return member


def sealed_answers(consultation) -> list[dict]:
    """The answers waiting sealed in the pool of `consultation`, opened as the batch
    writer opens them (question pk to value)."""
    return [
        sealing.unseal(consultation_id=consultation.pk, sealed=row.sealed)
        for row in SealedResponse.objects.filter(consultation=consultation)
    ]
