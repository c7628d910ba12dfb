"""A quick bulk seed of cases for the scale tests (a few hundred) and for measuring by
hand (100,000 on PostgreSQL):

    DATABASE_URL=postgres://... .venv/bin/python manage.py shell -c \
        "from tests.casussen.scale_seed import seed; seed(cases=100_000, users=5_000)"

Invented data only. Dates spread over three years; every fifth case is resolved."""

import random
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from casussen.models import Case, CaseEvent
from kennisbank.models import Article
from steunpunt.models import Municipality, Organisation, Theme, User

WORDS = [
    "mijn",
    "kind",
    "zit",
    "thuis",
    "school",
    "passend",
    "onderwijs",
    "zorgplicht",
    "leerplicht",
    "ondersteuning",
    "gesprek",
    "mentor",
    "intern",
    "begeleider",
    "rugzak",
    "dyslexie",
    "autisme",
    "adhd",
    "overstap",
    "plaatsing",
    "wachtlijst",
    "jeugdzorg",
    "gemeente",
    "vervoer",
    "toetsing",
    "advies",
    "klas",
    "leraar",
    "pesten",
    "thuiszitter",
]


@contextmanager
def _keep_dates():
    fields = [Case._meta.get_field("created_at"), CaseEvent._meta.get_field("created_at")]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def seed(*, cases: int = 100_000, users: int = 5_000, events_per_case: int = 4, seed_value=12):
    rng = random.Random(seed_value)
    now = timezone.now()
    municipalities = [
        Municipality.objects.get_or_create(
            name=f"Schaalgemeente {i}", defaults={"slug": f"schaalgemeente-{i}"}
        )[0]
        for i in range(30)
    ]
    themes = [
        Theme.objects.get_or_create(name=f"Schaalthema {i}", defaults={"slug": f"schaalthema-{i}"})[
            0
        ]
        for i in range(12)
    ]
    schools = list(Organisation.objects.filter(name__startswith="Schaalschool"))
    if not schools:
        schools = Organisation.objects.bulk_create(
            Organisation(
                name=f"Schaalschool {i}",
                kind=Organisation.Kind.SCHOOL_PO,
                municipality=municipalities[i % len(municipalities)],
                contact_email=f"schaalschool{i}@scholen.example.nl",
            )
            for i in range(300)
        )
    start = User.objects.count()
    User.objects.bulk_create(
        (
            User(email=f"schaal{start + i}@test.example.nl", name=f"Schaal Ouder {start + i}")
            for i in range(users)
        ),
        batch_size=2_000,
    )
    parents = list(User.objects.filter(email__startswith="schaal").values_list("pk", flat=True))
    coordinators = Group.objects.get(name="coordinator")
    owners = parents[:20]
    coordinators.user_set.add(*owners)
    first = Case.objects.count()
    statuses = list(Case.Status.values)
    batch: list[Case] = []
    with _keep_dates():
        for i in range(cases):
            created = now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
            status = rng.choice(statuses)
            resolved = created + timedelta(days=rng.randrange(1, 60)) if i % 5 == 0 else None
            batch.append(
                Case(
                    reference=f"OSP-S{first + i:07d}",
                    kind=rng.choice(Case.Kind.values),
                    channel=rng.choice(Case.Channel.values),
                    theme=rng.choice(themes),
                    description=" ".join(rng.choice(WORDS) for _ in range(40)),
                    school=rng.choice(schools),
                    parent_id=rng.choice(parents),
                    assigned_to_id=rng.choice(owners) if i % 3 else None,
                    status=status,
                    respond_by=(created + timedelta(days=7)).date(),
                    resolve_by=(created + timedelta(days=42)).date(),
                    responded_at=created + timedelta(days=rng.randrange(0, 10)),
                    resolved_at=resolved,
                    resolution=Case.Resolution.values[0] if resolved else "",
                    created_at=created,
                    confirmed_at=created,
                )
            )
            if len(batch) == 5_000:
                _flush(batch, events_per_case, rng)
                batch = []
        if batch:
            _flush(batch, events_per_case, rng)


def _flush(batch: list[Case], events_per_case: int, rng) -> None:
    created = Case.objects.bulk_create(batch)
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case=case,
            kind=CaseEvent.Kind.MESSAGE_TO_PARENT,
            text="Dank voor je bericht. We bellen je deze week.",
            created_at=case.created_at + timedelta(hours=n),
        )
        for case in created
        for n in range(events_per_case)
    )


def seed_articles(*, articles: int = 5_000, seed_value=12) -> None:
    """Published public articles with a stored search vector, as article_save makes it
    (PostgreSQL only)."""
    rng = random.Random(seed_value)
    first = Article.objects.count()
    Article.objects.bulk_create(
        (
            Article(
                title=f"Schaalartikel {first + i} over " + " ".join(rng.sample(WORDS, 3)),
                slug=f"schaalartikel-{first + i}",
                summary=" ".join(rng.choice(WORDS) for _ in range(20)),
                body="x",
                body_text=" ".join(rng.choice(WORDS) for _ in range(600)),
                status=Article.Status.PUBLISHED,
                visibility=Article.Visibility.PUBLIC,
                audience="parents",
            )
            for i in range(articles)
        ),
        batch_size=1_000,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE kennisbank_article SET search_vector = "
            "setweight(to_tsvector('dutch_unaccent', title), 'A') || "
            "setweight(to_tsvector('dutch_unaccent', summary), 'B') || "
            "setweight(to_tsvector('dutch_unaccent', body_text), 'C') "
            "WHERE search_vector IS NULL"
        )
