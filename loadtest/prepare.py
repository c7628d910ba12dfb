"""Accounts and addresses the simulated users need, written to one JSON file for the
locustfile: coordinators with a password and an authenticator app of their own, the
signed links of open partner follow-ups, and what visitors read and search.

Run by `loadtest/run.py` on the fresh load-test database after migrate and the seed.
Invented data only: every address made here ends in `@load.test`."""

import argparse
import json
import os
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.db import transaction

from casussen import workflow
from casussen.models import Case, FollowUp
from casussen.services.links import followup_token
from kennisbank.models import Article
from steunpunt import roles
from steunpunt.models import Organisation, Theme, User

DOMAIN = "load.test"
# Words parents search for (from the seeded articles' themes) and some that find nothing.
SEARCHES = [
    "thuiszitten",
    "passend onderwijs",
    "dyslexie",
    "pesten",
    "ontwikkelingsperspectief",
    "leerplicht",
    "schorsing",
    "vervoer",
    "groeidocument",
    "samenwerkingsverband",
    "zorgplicht",
    "xyzzy",
]


@transaction.atomic
def _coordinators(count: int) -> list[dict]:
    group = Group.objects.get(name=roles.COORDINATOR)
    accounts = []
    for number in range(count):
        email = f"lt-coordinator-{number}@{DOMAIN}"
        password = secrets.token_urlsafe(16)
        user = User.objects.create_user(
            email=email, password=password, name=f"Coördinator {number}", is_staff=True
        )
        user.groups.add(group)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        accounts.append({"email": email, "password": password, "totp_secret": secret})
    return accounts


def _partner_links(limit: int) -> list[dict]:
    pending = (
        FollowUp.objects.filter(
            status__in=[FollowUp.Status.OPEN, FollowUp.Status.OVERDUE],
            case__status__in=workflow.OPEN,
            consent__withdrawn_at__isnull=True,
        )
        .select_related("case")
        .order_by("pk")[:limit]
    )
    return [{"followup": f.pk, "token": followup_token(f)} for f in pending]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--coordinators", type=int, required=True)
    parser.add_argument("--followups", type=int, default=2000)
    args = parser.parse_args()
    schools = Organisation.objects.filter(is_active=True, kind__in=Organisation.SCHOOL_KINDS)
    fixtures = {
        "domain": DOMAIN,
        "coordinators": _coordinators(args.coordinators),
        "partner_links": _partner_links(args.followups),
        "articles": list(
            Article.objects.filter(
                status=Article.Status.PUBLISHED, visibility=Article.Visibility.PUBLIC
            )
            .order_by("pk")
            .values_list("slug", flat=True)[:500]
        ),
        "searches": SEARCHES,
        "themes": list(Theme.objects.filter(is_active=True).values_list("pk", flat=True)),
        "schools": list(schools.values_list("pk", flat=True)[:200]),
        "open_cases": list(
            Case.objects.filter(status__in=workflow.OPEN)
            .order_by("-created_at")
            .values_list("pk", flat=True)[:2000]
        ),
    }
    args.out.write_text(json.dumps(fixtures, indent=1), encoding="utf-8")
    print(
        f"prepared {len(fixtures['coordinators'])} coordinators, "
        f"{len(fixtures['partner_links'])} partner links, "
        f"{len(fixtures['articles'])} articles, {len(fixtures['open_cases'])} open cases"
    )


if __name__ == "__main__":
    main()
