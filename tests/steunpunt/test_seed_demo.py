import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from steunpunt import demo
from steunpunt.management.commands import seed_demo
from steunpunt.models import Municipality, Organisation, SiteSettings, Theme, User

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "municipalities": Municipality.objects.count(),
        "themes": Theme.objects.count(),
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "emails": EmailAddress.objects.count(),
    }


def test_seed_demo_builds_the_example_region():
    demo.seed_demo()

    assert Municipality.objects.count() == 9
    assert Municipality.objects.filter(name="Alkmaar").exists()
    assert 28 <= Organisation.objects.count() <= 35
    assert SiteSettings.objects.get().name == "Oudersteunpunt Noord-Kennemerland"


def test_seed_demo_is_safe_to_run_twice():
    demo.seed_demo()
    first = _counts()

    demo.seed_demo()

    assert _counts() == first


def test_seed_demo_makes_one_user_per_role_with_the_known_password():
    demo.seed_demo()

    for role in ["coordinator", "editor", "buddy", "partner"]:
        user = User.objects.get(groups__name=role)
        assert user.check_password(demo.demo_data.DEMO_PASSWORD)
    parent = User.objects.get(email="ouder@demo.example.nl")
    assert not parent.groups.exists()


def test_seed_demo_neighbours_are_symmetric():
    demo.seed_demo()

    for municipality in Municipality.objects.prefetch_related("neighbours"):
        for neighbour in municipality.neighbours.all():
            assert municipality in neighbour.neighbours.all()


def test_seed_demo_uses_no_real_addresses():
    demo.seed_demo()

    emails = list(User.objects.values_list("email", flat=True))
    emails += list(Organisation.objects.values_list("contact_email", flat=True))
    assert all(email.endswith(".example.nl") for email in emails)


def test_seed_demo_coordinator_has_the_published_second_factor():
    demo.seed_demo()
    demo.seed_demo()

    coordinator = User.objects.get(email=demo.DEMO_TOTP_EMAIL)
    assert coordinator.authenticator_set.count() == 1


def test_seed_demo_partner_belongs_to_a_school():
    demo.seed_demo()

    partner = User.objects.get(groups__name="partner")
    assert partner.organisation.is_school


def test_seed_demo_command_refuses_a_database_server_without_force(monkeypatch):

    monkeypatch.setattr(seed_demo.connection, "vendor", "postgresql")

    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")

    assert not User.objects.exists()


def test_seed_demo_command_refuses_production_like_settings(settings):
    settings.HTTPS = True
    settings.DEBUG = False

    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")

    assert not User.objects.exists()


def test_seed_demo_command_prints_the_logins(capsys):
    # --force: on CI this test also runs on PostgreSQL, which the command guards.
    call_command("seed_demo", force=True)

    out = capsys.readouterr().out
    assert "coordinator@demo.example.nl" in out
    assert demo.demo_data.DEMO_PASSWORD in out
