"""Load the invented demo region: safe to run twice, never real personal data.

Later apps extend the demo with their own content through their own seed functions.
"""

import time
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.contrib.auth.models import Group
from django.db import transaction

from . import demo_data
from .models import Municipality, Organisation, SiteSettings, Theme, User

# A fixed, published secret so a newcomer can sign in to the demo admin with
# `manage.py demo_totp`. Only ever given to the demo coordinator account.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPDEMOOSPAAAAAAAAA"  # noqa: S105 - published demo secret
DEMO_TOTP_EMAIL = "coordinator@demo.example.nl"


@dataclass
class SeedResult:
    """What the demo region holds after seeding, and how many rows this run made."""

    municipalities: int = 0
    themes: int = 0
    organisations: int = 0
    users: list[dict] = field(default_factory=list)
    made: int = 0


@transaction.atomic
def seed_demo() -> SeedResult:
    """Make what is missing and leave what is there alone: a second run writes nothing,
    so no password is reset, nobody is signed out and edits in the admin stay."""
    result = SeedResult()
    _, made = SiteSettings.objects.get_or_create(pk=1, defaults=demo_data.SITE)
    result.made += made

    municipalities, new = {}, set()
    for item in demo_data.MUNICIPALITIES:
        municipality, made = Municipality.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"]}
        )
        municipalities[item["slug"]] = municipality
        if made:
            new.add(item["slug"])
    for item in demo_data.MUNICIPALITIES:
        if item["slug"] in new:
            municipalities[item["slug"]].neighbours.add(
                *[municipalities[slug] for slug in item["neighbours"]]
            )
    result.made += len(new)
    result.made += _retire_merged_municipalities(municipalities)
    result.municipalities = len(municipalities)

    themes = {}
    for position, item in enumerate(demo_data.THEMES, start=1):
        theme, made = Theme.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "description": item["description"],
                "position": position * 10,
            },
        )
        themes[item["slug"]] = theme
        result.made += made
    result.themes = len(themes)

    organisations = {}
    for item in demo_data.ORGANISATIONS:
        organisation, made = Organisation.objects.get_or_create(
            name=item["name"],
            defaults={
                "municipality": municipalities.get(item["municipality"]),
                "kind": item["kind"],
                "contact_email": item["contact_email"],
                # The demo's addresses are general ones (info@), fine to show parents.
                "public_email": item["contact_email"],
                "phone": item["phone"],
                "website": item["website"],
                "opening_hours": item["opening_hours"],
                "description": item["description"],
            },
        )
        if made:
            organisation.themes.set([themes[slug] for slug in item["themes"]])
        organisations[item["name"]] = organisation
        result.made += made
    result.organisations = len(organisations)

    for item in demo_data.DEMO_USERS:
        user, made = _seed_user(item, organisations)
        result.made += made
        has_totp = False
        if user.email == DEMO_TOTP_EMAIL:
            _ensure_demo_totp(user)
            has_totp = True
        result.users.append({**item, "second_factor": has_totp})
    return result


def _retire_merged_municipalities(municipalities: dict[str, Municipality]) -> int:
    """A demo database seeded with the map before the mergers: whatever points at a
    merged municipality (a school, a buddy's area, a meetup) moves to the one it is part
    of now, and the old one goes. Generic over the relations, so the core needs to know
    no app. Returns how many went (0 on every later run)."""
    retired = 0
    for old in Municipality.objects.filter(slug__in=demo_data.MERGED):
        new = municipalities[demo_data.MERGED[old.slug]]
        for relation in Municipality._meta.related_objects:
            if relation.related_model is Municipality:
                continue  # the neighbours of the old one go with it
            if relation.many_to_many:
                through = relation.through.objects
                target = relation.field.m2m_reverse_field_name()
                source = relation.field.m2m_field_name()
                both = through.filter(**{target: new}).values(source)
                through.filter(**{target: old, f"{source}__in": both}).delete()
                through.filter(**{target: old}).update(**{target: new})
            else:
                manager = relation.related_model._base_manager
                manager.filter(**{relation.field.name: old}).update(**{relation.field.name: new})
        old.delete()
        retired += 1
    return retired


def _seed_user(item: dict, organisations: dict[str, Organisation]) -> tuple[User, bool]:
    """The demo user, made with the published password if missing. An existing one keeps
    its password (changing it would sign the user out everywhere) and everything else."""
    user = User.objects.filter(email__iexact=item["email"]).first()
    if user is not None:
        return user, False
    user = User(
        email=item["email"],
        name=item["name"],
        is_staff=item["is_staff"],
        is_active=True,
        organisation=organisations.get(item["organisation"]) if item["organisation"] else None,
    )
    user.set_password(demo_data.DEMO_PASSWORD)
    user.save()
    if item["role"]:
        user.groups.add(Group.objects.get(name=item["role"]))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, True


def _ensure_demo_totp(user: User) -> None:
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing and decrypt(existing.data["secret"]) == DEMO_TOTP_SECRET:
        return
    if existing:
        existing.delete()
    TOTP.activate(user, DEMO_TOTP_SECRET)


def current_demo_totp_code() -> str:
    """The code an authenticator app would show now for the demo coordinator."""
    counter = int(time.time()) // 30
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
