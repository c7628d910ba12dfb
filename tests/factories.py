"""factory_boy factories shared by the whole suite. Everything here is invented."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group

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
            self.groups.add(*Group.objects.filter(name__in=extracted))

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
        from kennisbank import services

        article = model_class(*args, **kwargs)
        services.article_save(article=article, actor=None)
        return article

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)


def make_case(*, kind="question", email="ouder@test.example.nl", theme=None, **kwargs):
    """A case taken in through the intake service, as a parent's web form would."""
    from casussen import services

    return services.case_submit(
        kind=kind,
        theme=theme or ThemeFactory(),
        description=kwargs.pop("description", "Mijn kind zit al twee weken thuis."),
        email=email,
        **kwargs,
    )
