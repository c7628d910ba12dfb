from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from steunpunt import demo
from steunpunt.demo_data import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Load the invented demo region, schools, partners, themes and one user per role, "
        "then each app's own demo content (an app config's `seed_demo()`)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also run on a production-like setup (HTTPS on). Never on real data.",
        )

    def handle(self, *args, force: bool = False, **options):
        production_like = (settings.HTTPS and not settings.DEBUG) or (connection.vendor != "sqlite")
        if production_like and not force:
            raise CommandError(
                "This looks like a production database (HTTPS on, or not the embedded SQLite): "
                "the demo users have a published password and second factor. "
                "Use --force only on a throwaway database."
            )
        result = demo.seed_demo()
        extras = [
            config.seed_demo()
            for config in apps.get_app_configs()
            if callable(getattr(config, "seed_demo", None))
        ]
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {result.municipalities} municipalities, "
                f"{result.themes} themes, {result.organisations} schools and partners"
                + "".join(f", {extra}" for extra in extras)
                + "."
            )
        )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for user in result.users:
            role = user["role"] or "parent"
            extra = ""
            if user["is_staff"]:
                extra = (
                    "  second factor: run `.venv/bin/python manage.py demo_totp`"
                    if user["second_factor"]
                    else "  second factor: set up an authenticator app at first admin visit"
                )
            self.stdout.write(f"  {role:<12} {user['email']:<32}{extra}".rstrip())
        self.stdout.write(
            "Parents, buddies and partners can also sign in with a code: it appears in "
            "this console."
        )
