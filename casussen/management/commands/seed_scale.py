"""Fill a throwaway PostgreSQL database with a region at scale, for `make bench`.

Invented data only: every address ends in `@schaal.example.nl`, every story is built from
a small word bank. Runs the demo seed first (themes, schools, one user per role, the
demo parent), then adds the bulk in batches with `bulk_create`. Refuses to run twice.
"""

import random
import sys
import time
from contextlib import contextmanager
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from casussen.models import Case, CaseEvent, Consent, FollowUp, ReferenceCounter, SignalTag
from kennisbank import search_index
from kennisbank.models import Article
from kennisbank.rendering import html_to_text, render_markdown, search_index_text
from oudernetwerk.models import BuddyProfile, BuddyRequest, SchoolType
from steunpunt import demo
from steunpunt.models import AgeBand, Municipality, Organisation, Theme

MARKER_DOMAIN = "schaal.example.nl"
DEMO_PARENT = "ouder@demo.example.nl"

# The word bank: short pieces of the domain, combined into stories and articles.
SUBJECTS = [
    "Mijn zoon",
    "Mijn dochter",
    "Ons kind",
    "Onze jongste",
    "Mijn pleegkind",
    "Onze oudste",
]
SITUATIONS = [
    "zit al weken thuis zonder onderwijs",
    "krijgt op school geen extra ondersteuning",
    "heeft dyslexie en haalt de toetsen niet",
    "wordt gepest in de klas",
    "mag niet mee op schoolreis",
    "heeft autisme en raakt overprikkeld",
    "wacht op een plek in het speciaal onderwijs",
    "is geschorst na een incident",
    "heeft een ontwikkelingsperspectief dat niet klopt",
    "krijgt geen vervoer naar school",
]
WISHES = [
    "Wij willen graag een gesprek met de intern begeleider.",
    "Wat zijn onze rechten bij het samenwerkingsverband?",
    "Wie kan ons helpen met het groeidocument?",
    "Kan iemand mee naar het overleg op school?",
    "De leerplichtambtenaar reageert niet op onze mail.",
    "Wij zoeken een school die past bij zijn ondersteuningsbehoefte.",
    "Is thuiszitten zonder onderwijs eigenlijk toegestaan?",
    "Wij hebben een klacht over hoe de school dit heeft aangepakt.",
]
TOPICS = [
    "zorgplicht",
    "thuiszitten",
    "passend onderwijs",
    "ontwikkelingsperspectief",
    "leerlingenvervoer",
    "dyslexie",
    "samenwerkingsverband",
    "groeidocument",
    "toelaatbaarheidsverklaring",
    "ondersteuningsplan",
    "leerplicht",
    "vrijstelling",
    "schorsing",
    "verwijdering",
    "klachtenregeling",
    "medezeggenschap",
    "jeugdhulp",
    "hoogbegaafdheid",
]
SENTENCES = [
    "De school moet samen met u zoeken naar een passende plek voor uw kind.",
    "Vraag altijd om een gesprek als u het niet eens bent met een besluit.",
    "Leg afspraken vast in een kort verslag en stuur dat naar school.",
    "Het samenwerkingsverband kan meedenken als school en ouders er samen niet uitkomen.",
    "U hebt recht op inzage in het dossier van uw kind.",
    "Een ontwikkelingsperspectief wordt elk jaar met u besproken.",
    "De leerplichtambtenaar let erop dat elk kind naar school gaat.",
    "Bij een schorsing moet de school u direct informeren.",
    "Neem gerust iemand mee naar het gesprek, bijvoorbeeld een oudersteunpunt.",
    "Een klacht dient u eerst in bij de school zelf.",
    "Soms helpt het om eerst met de mentor te praten.",
    "De gemeente regelt het leerlingenvervoer als uw kind ver moet reizen.",
]
TITLE_ENDINGS = [
    "wat u moet weten",
    "zo werkt het",
    "uw rechten",
    "vragen en antwoorden",
    "stap voor stap",
]
PARTNER_REQUESTS = [
    "Kunt u laten weten welke ondersteuning de school biedt?",
    "Graag een afspraak voor een overleg met de ouders.",
    "Wilt u het ontwikkelingsperspectief naar ons sturen?",
    "Is er al een besluit over de toelaatbaarheidsverklaring?",
]


def _progress(label: str, done: int, total: int, started: float) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    rate = done / max(time.perf_counter() - started, 1e-6)
    sys.stderr.write(
        f"\r{label:<12} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:,.0f}/s)"
    )
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


@contextmanager
def _keep_given_dates(*models):
    """bulk_create would overwrite `auto_now_add` / `auto_now` dates with now."""
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                saved.append((field, field.auto_now_add, field.auto_now))
                field.auto_now_add = field.auto_now = False
    try:
        yield
    finally:
        for field, add, now in saved:
            field.auto_now_add, field.auto_now = add, now


class Command(BaseCommand):
    help = (
        "Fill a throwaway PostgreSQL database with invented data at regional scale "
        "(100k cases by default), for `make bench`. Refuses to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000)
        parser.add_argument("--events-per-case", type=float, default=4.4)
        parser.add_argument("--users", type=int, default=36_000)
        parser.add_argument("--followups", type=int, default=20_000)
        parser.add_argument("--buddies", type=int, default=10_000)
        parser.add_argument("--articles", type=int, default=5_000)
        parser.add_argument("--demo-cases", type=int, default=20)
        parser.add_argument("--batch-size", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=12)
        parser.add_argument(
            "--small",
            action="store_true",
            help="Allow SQLite (for tiny sizes in tests only).",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql" and not options["small"]:
            raise CommandError(
                "seed_scale expects PostgreSQL (DATABASE_URL=postgres://...). "
                "At this size SQLite says nothing about production; use --small for tiny runs."
            )
        user_model = get_user_model()
        if user_model.objects.filter(email__endswith="@" + MARKER_DOMAIN).exists():
            raise CommandError(
                "This database was seeded at scale already. Drop it and migrate again to reseed."
            )
        self.rng = random.Random(options["seed"])  # noqa: S311 - invented data, not secrets
        self.batch = options["batch_size"]
        self.now = timezone.now()
        self.today = timezone.localdate()
        started = time.perf_counter()

        demo.seed_demo()
        for config in apps.get_app_configs():
            if callable(getattr(config, "seed_demo", None)):
                config.seed_demo()

        with _keep_given_dates(user_model, Case, CaseEvent, FollowUp, Article, BuddyProfile):
            users = self._users(options["users"])
            buddies = self._buddies(users[: options["buddies"]])
            parents = users[options["buddies"] :] or users
            cases = self._cases(options["cases"], parents)
            demo_parent = user_model.objects.filter(email=DEMO_PARENT).first()
            if demo_parent is not None and options["demo_cases"]:
                cases += self._cases(options["demo_cases"], [demo_parent], label="demo parent")
            self._events(cases, options["events_per_case"])
            self._followups(cases, options["followups"])
            self._requests(parents, max(20, len(buddies) // 5))
            self._articles(options["articles"])
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(cases)} cases, {len(users)} users, {len(buddies)} buddies, "
                f"{options['followups']} follow-ups, {options['articles']} articles "
                f"in {time.perf_counter() - started:.0f} s."
            )
        )

    # The parts -----------------------------------------------------------------------

    def _bulk(self, model, rows: list, label: str) -> list:
        made = []
        started = time.perf_counter()
        for start in range(0, len(rows), self.batch):
            with transaction.atomic():
                made += model.objects.bulk_create(rows[start : start + self.batch])
            _progress(label, min(start + self.batch, len(rows)), len(rows), started)
        if not rows:
            _progress(label, 0, 0, started)
        return made

    def _users(self, count: int) -> list:
        user_model = get_user_model()
        rows = [
            user_model(
                email=f"persoon{n:06d}@{MARKER_DOMAIN}",
                password="!",  # noqa: S106 - unusable: nobody signs in as these
                date_joined=self.now - timedelta(days=self.rng.randint(0, 5 * 365)),
            )
            for n in range(count)
        ]
        return self._bulk(user_model, rows, "users")

    def _buddies(self, people: list) -> list:
        rng = self.rng
        themes = list(Theme.objects.all())
        places = list(Municipality.objects.all())
        statuses = ["approved"] * 16 + ["paused", "applied", "rejected"]
        languages = [["nl"]] * 6 + [["nl", "en"], ["nl", "ar"], ["nl", "tr"], ["pl", "en"]]
        rows = [
            BuddyProfile(
                user=person,
                status=rng.choice(statuses),
                languages=rng.choice(languages),
                age_bands=rng.sample(AgeBand.values, rng.randint(0, 3)),
                school_types=rng.sample(SchoolType.values, rng.randint(0, 2)),
                max_active_matches=rng.randint(1, 3),
                introduction=rng.choice(SENTENCES),
                intake_held_at=self.today - timedelta(days=rng.randint(30, 1500)),
                vog_date=self.today - timedelta(days=rng.randint(0, 4 * 365)),
                approved_at=self.now - timedelta(days=rng.randint(0, 1400)),
                created_at=self.now - timedelta(days=rng.randint(0, 1500)),
                updated_at=self.now,
            )
            for person in people
        ]
        profiles = self._bulk(BuddyProfile, rows, "buddies")
        theme_links = BuddyProfile.themes.through
        place_links = BuddyProfile.municipalities.through
        if themes:
            self._bulk(
                theme_links,
                [
                    theme_links(buddyprofile_id=p.pk, theme_id=t.pk)
                    for p in profiles
                    for t in rng.sample(themes, min(len(themes), rng.randint(1, 3)))
                ],
                "buddy themes",
            )
        if places:
            self._bulk(
                place_links,
                [
                    place_links(buddyprofile_id=p.pk, municipality_id=m.pk)
                    for p in profiles
                    for m in rng.sample(places, min(len(places), rng.randint(1, 3)))
                ],
                "buddy places",
            )
        return profiles

    def _story(self) -> str:
        rng = self.rng
        parts = [f"{rng.choice(SUBJECTS)} {rng.choice(SITUATIONS)}."]
        parts += rng.sample(WISHES, rng.randint(1, 3))
        return " ".join(parts)

    def _cases(self, count: int, parents: list, label: str = "cases") -> list:
        rng = self.rng
        themes = list(Theme.objects.all())
        schools = list(Organisation.objects.all()) or [None]
        coordinators = list(get_user_model().objects.filter(is_staff=True)) or [None]
        prefix = settings.CASE_REFERENCE_PREFIX
        counters: dict[int, int] = {c.year: c.last_number for c in ReferenceCounter.objects.all()}
        statuses = [s for s, _label in Case.Status.choices]
        weights = [10, 20, 8, 6, 30, 26]
        rows = []
        for _n in range(count):
            created = self.now - timedelta(
                days=rng.randint(0, 4 * 365), seconds=rng.randint(0, 86_400)
            )
            year = timezone.localdate(created).year
            counters[year] = counters.get(year, 0) + 1
            status = rng.choices(statuses, weights)[0]
            done = status in (Case.Status.RESOLVED, Case.Status.CLOSED)
            resolved = created + timedelta(days=rng.randint(1, 60)) if done else None
            rows.append(
                Case(
                    reference=f"{prefix}-{year}-{counters[year]:05d}",
                    kind=rng.choice([Case.Kind.QUESTION] * 4 + [Case.Kind.COMPLAINT]),
                    channel=rng.choice(Case.Channel.values),
                    theme=rng.choice(themes),
                    description=self._story(),
                    age_band=rng.choice(AgeBand.values),
                    school=rng.choice(schools),
                    parent=rng.choice(parents),
                    status=status,
                    priority=rng.choice([2, 2, 2, 3, 4]),
                    assigned_to=rng.choice(coordinators),
                    respond_by=timezone.localdate(created) + timedelta(days=5),
                    resolve_by=timezone.localdate(created) + timedelta(days=30),
                    responded_at=created + timedelta(days=1) if status != "new" else None,
                    resolved_at=resolved,
                    closed_at=resolved if status == Case.Status.CLOSED else None,
                    resolution=Case.Resolution.ANSWERED if done else "",
                    created_at=created,
                    updated_at=resolved or created,
                    confirmed_at=created,
                )
            )
        cases = self._bulk(Case, rows, label)
        for year, last in counters.items():
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last_number": last})
        tags = list(SignalTag.objects.all())
        if tags:
            through = Case.signal_tags.through
            self._bulk(
                through,
                [
                    through(case_id=case.pk, signaltag_id=tag.pk)
                    for case in cases
                    for tag in rng.sample(tags, min(len(tags), rng.choice([0, 0, 1, 1, 2])))
                ],
                "signals",
            )
        return cases

    def _events(self, cases: list, per_case: float) -> None:
        rng = self.rng
        kinds = [
            CaseEvent.Kind.STATUS_CHANGED,
            CaseEvent.Kind.ASSIGNED,
            CaseEvent.Kind.MESSAGE_TO_PARENT,
            CaseEvent.Kind.MESSAGE_FROM_PARENT,
            CaseEvent.Kind.INTERNAL_NOTE,
        ]
        total = int(len(cases) * per_case)
        started = time.perf_counter()
        done = 0
        rows: list = []
        for n, case in enumerate(cases):
            # Spread the remainder: about per_case events each, the first one "submitted".
            count = int(per_case * (n + 1)) - int(per_case * n)
            for m in range(count):
                kind = CaseEvent.Kind.SUBMITTED if m == 0 else rng.choice(kinds)
                rows.append(
                    CaseEvent(
                        case_id=case.pk,
                        kind=kind,
                        text="" if m == 0 else rng.choice(SENTENCES + WISHES),
                        is_internal=kind == CaseEvent.Kind.INTERNAL_NOTE,
                        created_at=case.created_at + timedelta(hours=m * 20),
                    )
                )
            if len(rows) >= self.batch:
                with transaction.atomic():
                    CaseEvent.objects.bulk_create(rows)
                done += len(rows)
                rows = []
                _progress("events", min(done, total), total, started)
        if rows:
            with transaction.atomic():
                CaseEvent.objects.bulk_create(rows)
            done += len(rows)
        _progress("events", total, total, started)

    def _followups(self, cases: list, count: int) -> None:
        rng = self.rng
        organisations = list(Organisation.objects.all())
        if not organisations or not cases:
            return
        open_cases = [c for c in cases if c.status not in ("resolved", "closed")] or cases
        chosen = [open_cases[n % len(open_cases)] for n in range(count)]
        consents = self._bulk(
            Consent,
            [
                Consent(
                    case_id=case.pk,
                    organisation=rng.choice(organisations),
                    purpose="Contact met school over de ondersteuning",
                    method=Consent.Method.values[0],
                    given_at=self.now - timedelta(days=rng.randint(1, 60)),
                )
                for case in dict.fromkeys(chosen)
            ],
            "consents",
        )
        by_case = {consent.case_id: consent for consent in consents}
        rows = [
            FollowUp(
                case_id=case.pk,
                consent=by_case[case.pk],
                organisation_id=by_case[case.pk].organisation_id,
                contact_email=f"contact{n % 500:03d}@{MARKER_DOMAIN}",
                request=rng.choice(PARTNER_REQUESTS),
                # Due dates around today: some overdue, some due soon, some later.
                due_date=self.today + timedelta(days=rng.randint(-10, 10)),
                link_nonce=f"{rng.getrandbits(64):016x}",
                created_at=self.now - timedelta(days=rng.randint(11, 40)),
            )
            for n, case in enumerate(chosen)
        ]
        self._bulk(FollowUp, rows, "follow-ups")

    def _requests(self, parents: list, count: int) -> None:
        rng = self.rng
        places = list(Municipality.objects.all())
        themes = list(Theme.objects.all())
        if not places:
            return
        made = self._bulk(
            BuddyRequest,
            [
                BuddyRequest(
                    parent=rng.choice(parents),
                    municipality=rng.choice(places),
                    age_band=rng.choice(AgeBand.values),
                    school_type=rng.choice(SchoolType.values),
                    language="nl",
                    hopes=rng.choice(WISHES),
                    answer_by=self.today + timedelta(days=rng.randint(0, 14)),
                )
                for _n in range(count)
            ],
            "requests",
        )
        through = BuddyRequest.themes.through
        if themes:
            self._bulk(
                through,
                [
                    through(buddyrequest_id=ask.pk, theme_id=t.pk)
                    for ask in made
                    for t in rng.sample(themes, min(len(themes), 2))
                ],
                "request themes",
            )

    def _article_text(self, topic: str) -> tuple[str, str, str]:
        rng = self.rng
        others = rng.sample(TOPICS, 3)
        title = f"{topic.capitalize()}: {rng.choice(TITLE_ENDINGS)}"
        summary = " ".join(rng.sample(SENTENCES, 2))
        body = "\n\n".join(
            f"## {heading.capitalize()}\n\n" + " ".join(rng.sample(SENTENCES, 4))
            for heading in [topic, *others]
        )
        return title, summary, body

    def _articles(self, count: int) -> None:
        rng = self.rng
        themes = list(Theme.objects.all())
        rows = []
        for n in range(count):
            title, summary, body = self._article_text(rng.choice(TOPICS))
            html = render_markdown(body)
            text = html_to_text(html)
            rows.append(
                Article(
                    title=title,
                    slug=f"schaal-{n:05d}",
                    summary=summary,
                    body=body,
                    body_html=html,
                    body_text=text,
                    search_text=search_index_text(" ".join([title, summary, text])),
                    status=Article.Status.PUBLISHED,
                    published_at=self.now - timedelta(days=rng.randint(0, 900)),
                    review_by=self.today + timedelta(days=rng.randint(-30, 365)),
                    view_count=rng.randint(0, 5000),
                    created_at=self.now - timedelta(days=rng.randint(0, 900)),
                    updated_at=self.now - timedelta(days=rng.randint(0, 300)),
                )
            )
        made = self._bulk(Article, rows, "articles")
        if themes:
            through = Article.themes.through
            self._bulk(
                through,
                [through(article_id=a.pk, theme_id=rng.choice(themes).pk) for a in made],
                "article themes",
            )
        search_index.index_articles(article_ids=[article.pk for article in made])
