import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import CommandError, call_command

from casussen.models import Case
from steunpunt import demo
from steunpunt.management.commands import seed_demo
from steunpunt.models import Municipality, Organisation, SiteSettings, Theme, User
from tests.factories import BuddyProfileFactory

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

    assert Municipality.objects.count() == 6
    assert Municipality.objects.filter(name="Alkmaar").exists()
    assert 28 <= Organisation.objects.count() <= 35
    assert SiteSettings.objects.get().name == "Oudersteunpunt Noord-Kennemerland"


def test_seed_demo_is_safe_to_run_twice():
    demo.seed_demo()
    first = _counts()

    demo.seed_demo()

    assert _counts() == first


def test_seed_demo_makes_a_user_per_role_with_the_known_password():
    demo.seed_demo()

    for role in ["coordinator", "buddy", "partner", "privacy_officer"]:
        user = User.objects.get(groups__name=role)
        assert user.check_password(demo.demo_data.DEMO_PASSWORD)
    parent = User.objects.get(email="ouder@demo.example.nl")
    assert not parent.groups.exists()


def test_seed_demo_makes_two_editors_so_one_can_approve_what_the_other_offers():
    demo.seed_demo()

    editors = User.objects.filter(groups__name="editor").order_by("email")

    assert [e.email for e in editors] == ["redacteur2@demo.example.nl", "redacteur@demo.example.nl"]
    assert all(e.is_staff and e.check_password(demo.demo_data.DEMO_PASSWORD) for e in editors)


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


# --- A second run (every `make run` seeds) --------------------------------------------------


def _rows() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def _seed_twice(capsys, capture) -> str:
    with capture(execute=True):
        call_command("seed_demo", force=True)
    capsys.readouterr()
    return _second_run(capsys, capture)


def _second_run(capsys, capture) -> str:
    with capture(execute=True):
        call_command("seed_demo", force=True)
    return capsys.readouterr().out


def test_seed_demo_second_run_adds_no_rows(capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True)
    first = _rows()

    _second_run(capsys, django_capture_on_commit_callbacks)

    assert _rows() == first


def test_seed_demo_second_run_keeps_passwords(capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True)
    hashes = dict(User.objects.values_list("email", "password"))

    _second_run(capsys, django_capture_on_commit_callbacks)

    assert dict(User.objects.values_list("email", "password")) == hashes


def test_seed_demo_second_run_keeps_a_changed_password(capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True)
    parent = User.objects.get(email="ouder@demo.example.nl")
    parent.set_password("een-eigen-wachtwoord-2026")
    parent.save()

    _second_run(capsys, django_capture_on_commit_callbacks)

    parent.refresh_from_db()
    assert parent.check_password("een-eigen-wachtwoord-2026")


def test_seed_demo_second_run_keeps_the_signed_in_parent_signed_in(
    client, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True)
    client.force_login(User.objects.get(email="ouder@demo.example.nl"))
    assert client.get("/mijn/").status_code == 200

    _second_run(capsys, django_capture_on_commit_callbacks)

    assert client.get("/mijn/").status_code == 200


def test_seed_demo_second_run_keeps_edits(capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True)
    SiteSettings.objects.update(phone="072 111 2222")
    Organisation.objects.filter(name="Basisschool De Windwijzer Oost").update(phone="072 333 4444")

    _second_run(capsys, django_capture_on_commit_callbacks)

    assert SiteSettings.objects.get().phone == "072 111 2222"
    assert Organisation.objects.get(name="Basisschool De Windwijzer Oost").phone == "072 333 4444"


def test_seed_demo_second_run_reports_what_is_there(capsys, django_capture_on_commit_callbacks):
    out = _seed_twice(capsys, django_capture_on_commit_callbacks)

    assert "10 cases" in out
    assert "4 standard texts" in out
    assert "4 buddies" in out
    assert "3 meetups" in out
    assert "7 panel members" in out
    assert "31 articles" in out
    assert " 0 " not in out


def test_seed_demo_region_is_the_map_of_2026():
    demo.seed_demo()

    assert set(Municipality.objects.values_list("name", flat=True)) == {
        "Alkmaar",
        "Bergen",
        "Castricum",
        "Dijk en Waard",
        "Heiloo",
        "Uitgeest",
    }
    assert Organisation.objects.get(name="Basisschool De Rijper Walvis").municipality.name == (
        "Alkmaar"
    )
    assert Organisation.objects.get(name="Kindcentrum De Polderhaan").municipality.name == (
        "Dijk en Waard"
    )


def test_seed_demo_moves_an_old_demo_database_to_the_map_of_2026():
    demo.seed_demo()
    alkmaar = Municipality.objects.get(slug="alkmaar")
    schermer = Municipality.objects.create(name="Schermer", slug="schermer")
    schermer.neighbours.add(alkmaar)
    school = Organisation.objects.get(name="Kindcentrum De Droogmakerij")
    school.municipality = schermer
    school.save()
    both = BuddyProfileFactory(municipalities=[schermer, alkmaar])
    only_old = BuddyProfileFactory(municipalities=[schermer])

    demo.seed_demo()

    school.refresh_from_db()
    assert school.municipality == alkmaar
    assert list(both.municipalities.all()) == [alkmaar]
    assert list(only_old.municipalities.all()) == [alkmaar]
    assert not Municipality.objects.filter(slug="schermer").exists()


def test_seed_demo_cases_are_about_their_theme(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True, verbosity=0)

    themes = dict(Case.objects.values_list("description", "theme__slug"))
    assert len(themes) == 10
    for description, slug in themes.items():
        expected = {
            "buikpijn": "gedrag-en-welbevinden",
            "ontwikkelingsperspectief": "ontwikkelingsperspectief-opp",
            "schorsing": "klachten-en-bezwaar",
            "plusklas": "hoogbegaafdheid",
            "thuis": "thuiszitten-en-verzuim",
            "leerplichtambtenaar": "thuiszitten-en-verzuim",
            "OPP": "ontwikkelingsperspectief-opp",
            "gepest": "gedrag-en-welbevinden",
            "time-outs": "klachten-en-bezwaar",
        }
        [word] = [word for word in expected if word in description]
        assert slug == expected[word]
