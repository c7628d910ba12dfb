"""factory_boy factories for people, roles, organisations, themes, articles, cases,
buddies, requests and matches. Everything here is invented."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.utils import timezone

from casussen import services as case_services
from casussen.models import FollowUp
from kennisbank import services as article_services
from steunpunt.models import Municipality, Organisation, Theme, User

TEST_TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    description = "Een thema om mee te testen."


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Basisschool De Proef {n}")
    kind = Organisation.Kind.SCHOOL_PO
    municipality = factory.SubFactory(MunicipalityFactory)
    contact_email = factory.Sequence(lambda n: f"school{n}@scholen.example.nl")


class UserFactory(factory.django.DjangoModelFactory):
    """A user; `roles=[...]` adds groups, `verified=True` (default) a verified address."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@test.example.nl")
    name = factory.Sequence(lambda n: f"Test Persoon {n}")
    password = factory.django.Password("een-lang-testwachtwoord")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            # The groups come from migrations; a transactional test's flush removes them,
            # so a later transactional test gets them made again (without permissions).
            self.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in extracted))

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted:
            TOTP.activate(self, TEST_TOTP_SECRET)


def coordinator(**kwargs) -> User:
    return UserFactory(roles=["coordinator"], is_staff=True, totp=True, **kwargs)


def editor(**kwargs) -> User:
    return UserFactory(roles=["editor"], is_staff=True, totp=True, **kwargs)


def privacy_officer(**kwargs) -> User:
    return UserFactory(roles=["privacy_officer"], is_staff=True, totp=True, **kwargs)


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published public article for parents, saved through the service so its rendered
    and searchable forms exist. Pass `status=...` or `visibility=...` to vary."""

    class Meta:
        model = "kennisbank.Article"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Artikel over school {n}")
    slug = factory.Sequence(lambda n: f"artikel-{n}")
    summary = "Een korte samenvatting."
    body = "## Waar gaat het over\n\nUitleg over de zorgplicht van de school."
    audience = "parents"
    visibility = "public"
    status = "published"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):

        article = model_class(*args, **kwargs)
        article_services.article_save(article=article, actor=None)
        return article

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)


def make_case(
    *, kind="question", email="ouder@test.example.nl", theme=None, signed_in=True, **kwargs
):
    """A case taken in through the intake service, as a parent's web form would: by
    default sent by the parent signed in, when the address already has an account (so
    it is confirmed). `signed_in=False` sends it as an anonymous visitor would."""

    if signed_in and "submitted_by" not in kwargs:
        kwargs["submitted_by"] = User.objects.filter(email__iexact=email).first()
    return case_services.case_submit(
        kind=kind,
        theme=theme or ThemeFactory(),
        description=kwargs.pop("description", "Mijn kind zit al twee weken thuis."),
        email=email,
        **kwargs,
    )


def make_followup(case, consent, **fields):
    """A question to the partner of a consent about the case, as a coordinator asks it:
    by default asked of the consent's organisation, answered by nobody yet, due today."""
    values = {
        "organisation": consent.organisation,
        "contact_email": "zorg@school.example.nl",
        "request": "Wilt u bellen?",
        "due_date": timezone.localdate(),
        **fields,
    }
    return FollowUp.objects.create(case=case, consent=consent, **values)


# --- Parent network (oudernetwerk) ---------------------------------------------------------


def _days(days: int):

    return timedelta(days=days)


def _now():

    return timezone.now()


def _days_ago(days: int):

    return timezone.localdate() - _days(days)


class BuddyProfileFactory(factory.django.DjangoModelFactory):
    """An approved buddy: intake held, VOG and training a year ago, speaks Dutch, one
    place. Pass `themes=[...]` and `municipalities=[...]` for the links, `status=...`
    or `vog_date=...` to vary."""

    class Meta:
        model = "oudernetwerk.BuddyProfile"
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=["buddy"])
    status = "approved"
    languages = factory.LazyFunction(lambda: ["nl"])
    age_bands = factory.LazyFunction(list)
    school_types = factory.LazyFunction(list)
    max_active_matches = 1
    introduction = "Moeder van twee, ervaring met het speciaal onderwijs."
    intake_held_at = factory.LazyFunction(lambda: _days_ago(380))
    vog_date = factory.LazyFunction(lambda: _days_ago(365))
    training_date = factory.LazyFunction(lambda: _days_ago(350))
    approved_at = factory.LazyFunction(lambda: _now() - _days(300))

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.add(*extracted)


class BuddyRequestFactory(factory.django.DjangoModelFactory):
    """An open request from a parent, in Dutch. Pass `themes=[...]` for its themes."""

    class Meta:
        model = "oudernetwerk.BuddyRequest"
        skip_postgeneration_save = True

    parent = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    language = "nl"
    hopes = "Iemand om mee te praten die weet hoe het is."
    answer_by = factory.LazyFunction(lambda: _days_ago(-14))

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)


class MatchFactory(factory.django.DjangoModelFactory):
    """A proposal (pass `status=...` for another stage) of a buddy for a request."""

    class Meta:
        model = "oudernetwerk.Match"

    request = factory.SubFactory(BuddyRequestFactory)
    buddy = factory.SubFactory(BuddyProfileFactory)
    status = "proposed"
