"""Demo buddies and one open request for `make run`, and a parent panel with one running
and one finished consultation: invented people, entered through the same services as
real ones, so the admin shows a ranking and results to try. Nothing here is about a
real person."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from steunpunt.models import Municipality, Theme

from . import services
from .demo_support import seed_quiet_match
from .models import (
    BuddyProfile,
    BuddyRequest,
    CheckIn,
    Consultation,
    Match,
    Meetup,
    PanelMember,
    Question,
)

COORDINATOR = "coordinator@demo.example.nl"
PARENT = "ouder@demo.example.nl"

BUDDIES = [
    {
        "email": "buddy@demo.example.nl",
        "name": "Yasmina Demo-El Idrissi",
        "themes": ["thuiszitten-en-verzuim", "gesprek-met-school", "jeugdhulp-en-wijkteam"],
        "age_bands": ["8-12", "12-16"],
        "school_types": ["regulier", "thuiszitten"],
        "municipalities": ["alkmaar", "heiloo"],
        "languages": ["nl", "ar"],
        "max_active_matches": 2,
        "vog_days_ago": 400,
        "introduction": (
            "Ik ben moeder van twee zoons. Mijn oudste zat een jaar thuis voordat er een "
            "passende plek was. Ik weet hoe eenzaam dat voelt, en wat wél hielp."
        ),
    },
    {
        "email": "buddy.marieke@demo.example.nl",
        "name": "Marieke Demo-Jansen",
        "themes": ["tlv-en-speciaal-onderwijs", "passend-onderwijs-en-zorgplicht"],
        "age_bands": ["4-8", "8-12"],
        "school_types": ["sbo", "so"],
        "municipalities": ["bergen", "castricum"],
        "languages": ["nl", "en"],
        "max_active_matches": 1,
        "vog_days_ago": 200,
        "introduction": (
            "Mijn dochter ging van de basisschool naar het SBO en later naar het SO. Ik help "
            "graag met de papieren en met het gesprek op school."
        ),
    },
    {
        "email": "buddy.ahmet@demo.example.nl",
        "name": "Ahmet Demo-Yilmaz",
        "themes": ["overstap-naar-vo", "gedrag-en-welbevinden"],
        "age_bands": ["12-16"],
        "school_types": ["regulier", "vso"],
        "municipalities": ["dijk-en-waard", "alkmaar"],
        "languages": ["nl", "tr"],
        "max_active_matches": 2,
        # Runs out in three weeks: the VOG filter and warning have something to show.
        "vog_days_ago": 3 * 365 - 21,
        "introduction": (
            "Vader van een zoon met ADHD die nu op het VSO zit. Ik denk mee, praat Nederlands "
            "en Turks, en ga mee naar gesprekken als je dat wilt."
        ),
    },
    {
        "email": "buddy.ewa@demo.example.nl",
        "name": "Ewa Demo-Kowalska",
        "themes": ["thuiszitten-en-verzuim", "gedrag-en-welbevinden"],
        "age_bands": ["8-12", "12-16", "16-18"],
        "school_types": ["thuiszitten", "vso"],
        "municipalities": ["uitgeest", "castricum", "heiloo"],
        "languages": ["nl", "pl", "en"],
        "max_active_matches": 3,
        "vog_days_ago": 30,
        "introduction": (
            "Ik heb een dochter die lang niet naar school kon. Nu gaat het beter. Ik luister "
            "vooral, en vertel wat ons heeft geholpen."
        ),
    },
]

REQUEST = {
    "themes": ["thuiszitten-en-verzuim", "gesprek-met-school"],
    "age_band": "8-12",
    "school_type": "regulier",
    "municipality": "alkmaar",
    "language": "nl",
    "hopes": (
        "Mijn zoon gaat al een paar weken niet naar school. Ik wil graag praten met iemand "
        "die dit ook heeft meegemaakt, en tips voor het gesprek met school."
    ),
    "urgency": "soon",
}


def seed_network() -> int:
    """Make the demo buddies and request once; a second run changes nothing. Returns the
    number of buddies made."""
    users = get_user_model().objects
    coordinator = users.filter(email=COORDINATOR).first()
    parent = users.filter(email=PARENT).first()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    if coordinator is None or not themes or not municipalities:
        return 0
    made = 0
    # Demo emails would only fill the console: keep them in memory.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        transaction.atomic(),
    ):
        for item in BUDDIES:
            made += _seed_buddy(item, themes, municipalities, coordinator)
        if parent is not None and not BuddyRequest.objects.filter(parent=parent).exists():
            buddy_request = services.request_create(
                parent=parent,
                themes=[themes[slug] for slug in REQUEST["themes"] if slug in themes],
                age_band=REQUEST["age_band"],
                school_type=REQUEST["school_type"],
                municipality=municipalities[REQUEST["municipality"]],
                language=REQUEST["language"],
                hopes=REQUEST["hopes"],
                urgency=REQUEST["urgency"],
            )
            # The demo buddy finds this request as a proposal in the buddy portal.
            demo_buddy = BuddyProfile.objects.filter(user__email=BUDDIES[0]["email"]).first()
            if demo_buddy is not None:
                match = services.match_propose(
                    request=buddy_request, buddy=demo_buddy, actor=coordinator
                )
                # Proposed days ago: the buddy has less than a day left to answer, so the
                # work queue shows it.
                Match.objects.filter(pk=match.pk).update(
                    answer_by=timezone.now() + timedelta(hours=20)
                )
        _seed_worrying_checkin(themes, municipalities, coordinator)
        seed_quiet_match(
            buddy_email=BUDDIES[3]["email"],
            themes=themes,
            municipalities=municipalities,
            coordinator=coordinator,
        )
    return made


WORRIED_PARENT = "ouder2@demo.example.nl"


def _seed_worrying_checkin(themes: dict, municipalities: dict, coordinator) -> None:
    """A running match whose parent said at the first check-in that it is not going
    well: the work queue's "Zorgelijke check-ins"."""
    users = get_user_model().objects
    parent = users.filter(email__iexact=WORRIED_PARENT).first() or users.create_user(
        WORRIED_PARENT, name="Demo-ouder Twee"
    )
    buddy = BuddyProfile.objects.filter(user__email=BUDDIES[1]["email"]).first()
    if buddy is None or BuddyRequest.objects.filter(parent=parent).exists():
        return
    buddy_request = services.request_create(
        parent=parent,
        themes=[themes[slug] for slug in ["gesprek-met-school"] if slug in themes],
        municipality=municipalities["alkmaar"],
        hopes="Iemand die met mij meedenkt over gesprekken met school.",
    )
    match = services.match_propose(request=buddy_request, buddy=buddy, actor=coordinator)
    match = services.match_accept(match=match, actor=buddy.user)
    checkin = CheckIn.objects.create(
        match=match, respondent=CheckIn.Respondent.PARENT, round=1, due_at=timezone.now()
    )
    services.checkin_answer(
        checkin=checkin,
        actor=parent,
        mood=CheckIn.Mood.BAD,
        note="We hebben elkaar nog niet gesproken.",
        wants_help=False,
    )


def _seed_buddy(item: dict, themes: dict, municipalities: dict, coordinator) -> int:
    users = get_user_model().objects
    user = users.filter(email__iexact=item["email"]).first()
    if user is None:
        user = users.create_user(item["email"], name=item["name"])
    if BuddyProfile.objects.filter(user=user).exists():
        return 0
    profile = services.buddy_apply(
        user=user,
        themes=[themes[slug] for slug in item["themes"] if slug in themes],
        municipalities=[municipalities[slug] for slug in item["municipalities"]],
        languages=item["languages"],
        age_bands=item["age_bands"],
        school_types=item["school_types"],
        max_active_matches=item["max_active_matches"],
        introduction=item["introduction"],
    )
    today = timezone.localdate()
    services.buddy_screen(
        profile=profile,
        actor=coordinator,
        intake_held_at=today - timedelta(days=item["vog_days_ago"] + 14),
        vog_date=today - timedelta(days=item["vog_days_ago"]),
        training_date=today - timedelta(days=max(item["vog_days_ago"] - 14, 1)),
    )
    services.buddy_approve(profile=profile, actor=coordinator)
    return 1


# --- Parent panel and consultations ---------------------------------------------------------

PANEL = [
    ("panel.anouk@demo.example.nl", "Anouk Demo-de Vries", "alkmaar", ["gesprek-met-school"]),
    ("panel.bilal@demo.example.nl", "Bilal Demo-Amrani", "heiloo", []),
    ("panel.carla@demo.example.nl", "Carla Demo-Smit", "bergen", ["thuiszitten-en-verzuim"]),
    ("panel.dewi@demo.example.nl", "Dewi Demo-Pranoto", "castricum", ["overstap-naar-vo"]),
    ("panel.emre@demo.example.nl", "Emre Demo-Kaya", "alkmaar", []),
    ("panel.femke@demo.example.nl", "Femke Demo-Bakker", "uitgeest", ["gesprek-met-school"]),
]

SCHOOL_TALK = {
    "title": "Hoe ging het gesprek met school?",
    "introduction": (
        "Veel ouders hebben gesprekken met school over de ondersteuning van hun kind. We "
        "willen weten hoe die gesprekken gaan, zodat we ouders beter kunnen voorbereiden."
    ),
    "questions": [
        ("Voelde je je gehoord in het laatste gesprek?", ["Ja", "Een beetje", "Nee"]),
        ("Wist je van tevoren wat je kon vragen?", ["Ja", "Nee", "Weet ik niet meer"]),
        ("Wat had je geholpen bij het gesprek?", None),
    ],
}

YOUTH_CARE = {
    "title": "Ervaringen met het wijkteam",
    "introduction": "Hoe snel kreeg je hulp van het wijkteam, en paste die hulp?",
    "questions": [
        ("Hoe lang duurde het voor je hulp kreeg?", ["Binnen 2 weken", "2 tot 6 weken", "Langer"]),
        ("Paste de hulp bij je kind?", ["Ja", "Deels", "Nee"]),
        ("Wat wil je nog kwijt?", None),
    ],
    "answers": [
        ("Binnen 2 weken", "Ja", "Fijn dat het snel ging."),
        ("2 tot 6 weken", "Deels", "Meer uitleg over de wachttijd."),
        ("Langer", "Nee", ""),
        ("2 tot 6 weken", "Ja", "Goed contact met de hulpverlener."),
        ("Langer", "Deels", "Ik moest vaak zelf bellen."),
        ("2 tot 6 weken", "Ja", ""),
    ],
    "summary": (
        "Zes ouders vertelden ons over het wijkteam. De meesten kregen binnen 6 weken hulp. "
        "Wie langer wachtte, wist vaak niet waarom.\n\nWe vragen de gemeenten om ouders "
        "bij de aanmelding te vertellen hoe lang het duurt, en wie ze kunnen bellen."
    ),
}


def seed_panel() -> int:
    """Make the demo panel members, a running consultation the demo parent is invited
    to, and a finished one with answers and a shared summary. A second run changes
    nothing. Returns the number of panel members made."""
    users = get_user_model().objects
    coordinator = users.filter(email=COORDINATOR).first()
    parent = users.filter(email=PARENT).first()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    if coordinator is None or not municipalities:
        return 0
    made = 0
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        transaction.atomic(),
    ):
        members = []
        for email, name, municipality, theme_slugs in PANEL:
            user = users.filter(email__iexact=email).first() or users.create_user(email, name=name)
            members.append(user)
            made += _seed_member(user, municipalities.get(municipality), theme_slugs, themes)
        if parent is not None:
            made += _seed_member(parent, municipalities.get("alkmaar"), [], themes)
            # The demo parent answered the finished one, so their page shows its summary.
            members.insert(0, parent)
        if not Consultation.objects.filter(title=YOUTH_CARE["title"]).exists():
            _seed_finished(coordinator, members)
        if not Consultation.objects.filter(title=SCHOOL_TALK["title"]).exists():
            consultation = _seed_consultation(SCHOOL_TALK, coordinator, days=21)
            services.consultation_invite(consultation=consultation, actor=coordinator)
        if not Consultation.objects.filter(title=TRANSPORT["title"]).exists():
            # Its last day was yesterday and nobody closed it yet: on the work queue.
            consultation = _seed_consultation(TRANSPORT, coordinator, days=7)
            Consultation.objects.filter(pk=consultation.pk).update(
                closes_on=timezone.localdate() - timedelta(days=1)
            )
    return made


TRANSPORT = {
    "title": "Leerlingenvervoer: hoe gaat het? (demo)",
    "introduction": "We willen weten hoe het vervoer naar school gaat.",
    "questions": [
        ("Hoe gaat het vervoer naar school?", ["Goed", "Het kan beter", "Niet goed"]),
    ],
}


def _seed_member(user, municipality, theme_slugs: list[str], themes: dict) -> int:
    if municipality is None or PanelMember.objects.filter(user=user).exists():
        return 0
    services.panel_join(
        user=user,
        municipality=municipality,
        themes=[themes[slug] for slug in theme_slugs if slug in themes],
        consent=True,
    )
    return 1


def _seed_consultation(item: dict, coordinator, *, days: int) -> Consultation:
    consultation = Consultation.objects.create(
        title=item["title"],
        introduction=item["introduction"],
        minutes=5,
        closes_on=timezone.localdate() + timedelta(days=days),
        created_by=coordinator,
    )
    for position, (text, options) in enumerate(item["questions"], start=1):
        Question.objects.create(
            consultation=consultation,
            position=position,
            text=text,
            kind=Question.Kind.CHOICE if options else Question.Kind.OPEN,
            options=options or [],
            required=bool(options),
        )
    return services.consultation_open(consultation=consultation, actor=coordinator)


def _seed_finished(coordinator, members: list) -> None:
    consultation = _seed_consultation(YOUTH_CARE, coordinator, days=7)
    services.consultation_invite(consultation=consultation, actor=coordinator)
    questions = list(consultation.questions.all())
    for user, values in zip(members, YOUTH_CARE["answers"], strict=False):
        services.consultation_answer(
            consultation=consultation,
            user=user,
            answers={question.pk: value for question, value in zip(questions, values, strict=True)},
        )
    services.consultation_close(consultation=consultation, actor=coordinator)
    services.consultation_publish_summary(
        consultation=consultation, actor=coordinator, summary=YOUTH_CARE["summary"]
    )


# --- Meetups ----------------------------------------------------------------------------------

MEETUPS = [
    {
        "title": "Koffieochtend: als je kind thuiszit",
        "theme": "thuiszitten-en-verzuim",
        "days_ahead": 6,
        "hour": 10,
        "hours": 2,
        "kind": "place",
        "place_name": "Buurthuis De Demo",
        "address": "Demostraat 1, Alkmaar",
        "municipality": "alkmaar",
        "capacity": 12,
        "description": (
            "Praat met andere ouders van een kind dat (even) niet naar school gaat. Een "
            "coördinator van het steunpunt is erbij. Koffie en thee staan klaar."
        ),
    },
    {
        "title": "Online avond: het gesprek met school voorbereiden",
        "theme": "gesprek-met-school",
        "days_ahead": 13,
        "hour": 20,
        "hours": 1,
        "kind": "online",
        "online_url": "https://meet.demo.example.nl/ontmoeting-gesprek-met-school",
        "capacity": 15,
        "description": (
            "Hoe bereid je een gesprek met school voor? We delen tips en oefenen samen. Je "
            "camera mag uit blijven."
        ),
    },
    {
        "title": "Ouders van kinderen op het SO en VSO",
        "theme": "tlv-en-speciaal-onderwijs",
        "days_ahead": 20,
        "hour": 19,
        "hours": 2,
        "kind": "place",
        "place_name": "Bibliotheek Demo",
        "address": "Voorbeeldplein 3, Heiloo",
        "municipality": "heiloo",
        # Full, with one parent waiting: the demo parent who signs up is "plek 2" on the
        # waiting list, and a parent leaving gives the place to the first in line.
        "capacity": 2,
        "registered": ["panel.anouk@demo.example.nl", "panel.bilal@demo.example.nl"],
        "waiting": ["panel.carla@demo.example.nl"],
        "description": "Een kleine groep: ervaringen uitwisselen over het speciaal onderwijs.",
    },
]


def seed_meetups() -> int:
    """Make the demo meetups once (by title), with the panel's parents signed up where
    the item says so; a second run changes nothing. Returns the number made."""
    users = get_user_model().objects
    coordinator = users.filter(email=COORDINATOR).first()
    if coordinator is None:
        return 0
    made = 0
    # Demo emails would only fill the console: keep them in memory.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        transaction.atomic(),
    ):
        for item in MEETUPS:
            if not Meetup.objects.filter(title=item["title"]).exists():
                _seed_meetup(item, coordinator)
                made += 1
    return made


def _seed_meetup(item: dict, coordinator) -> Meetup:
    users = get_user_model().objects
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    starts_at = timezone.make_aware(
        datetime.combine(
            timezone.localdate() + timedelta(days=item["days_ahead"]), time(item["hour"])
        )
    )
    meetup = Meetup.objects.create(
        title=item["title"],
        theme=themes.get(item["theme"]),
        description=item["description"],
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=item["hours"]),
        kind=item["kind"],
        place_name=item.get("place_name", ""),
        address=item.get("address", ""),
        online_url=item.get("online_url", ""),
        municipality=municipalities.get(item.get("municipality", "")),
        capacity=item["capacity"],
        created_by=coordinator,
    )
    # Through the service, in order: the places first, then the waiting list.
    for email in item.get("registered", []) + item.get("waiting", []):
        parent = users.filter(email__iexact=email).first()
        if parent is not None:
            services.meetup_register(meetup=meetup, parent=parent)
    return meetup
