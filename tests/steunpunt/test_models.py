import pytest
from django.db import IntegrityError

from steunpunt.models import Organisation, SiteSettings, User
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_user_email_is_stored_lowercase():
    user = User.objects.create_user("Ouder@Test.Example.NL")

    assert user.email == "ouder@test.example.nl"


def test_user_without_password_cannot_use_one():
    user = User.objects.create_user("ouder@test.example.nl")

    assert not user.has_usable_password()


def test_user_email_is_unique_regardless_of_case():
    UserFactory(email="ouder@test.example.nl")

    with pytest.raises(IntegrityError):
        User.objects.create(email="OUDER@test.example.nl")


def test_superuser_is_staff():
    user = User.objects.create_superuser("beheer@test.example.nl", "een-lang-wachtwoord")

    assert user.is_staff
    assert user.is_superuser


def test_site_settings_is_a_single_row():
    SiteSettings.objects.create(name="Eerste")
    SiteSettings(name="Tweede").save()

    assert SiteSettings.objects.count() == 1
    assert SiteSettings.objects.get().name == "Tweede"


@pytest.mark.parametrize(
    ("kind", "is_school"),
    [
        (Organisation.Kind.SCHOOL_PO, True),
        (Organisation.Kind.SCHOOL_VSO, True),
        (Organisation.Kind.WIJKTEAM, False),
        (Organisation.Kind.SAMENWERKINGSVERBAND, False),
    ],
)
def test_organisation_knows_whether_it_is_a_school(kind, is_school):
    assert OrganisationFactory(kind=kind).is_school is is_school
