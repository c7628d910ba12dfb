"""Demo cases for `make run`: invented stories in every stage, entered through the same
services as real ones, so the admin, Mijn steunpunt and the partner portal show
something to try. Nothing here is about a real person."""

from datetime import timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from steunpunt.models import Organisation, Theme, User

from . import services
from .deadlines import add_working_days
from .models import Case, Consent, StandardText

PARENT = "ouder@demo.example.nl"
COORDINATOR = "coordinator@demo.example.nl"
PARTNER_SCHOOL = "Basisschool De Windwijzer Oost"

STORIES = [
    {
        "kind": "question",
        "theme": "gedrag-en-welbevinden",
        "description": (
            "Mijn zoon (groep 6) is sinds de herfstvakantie vaak buikpijn voor school. "
            "School zegt dat het goed gaat in de klas. Wat kan ik doen?"
        ),
        "email": PARENT,
        "stage": "new",
    },
    {
        "kind": "question",
        "theme": "ontwikkelingsperspectief-opp",
        "description": (
            "We hebben een gesprek over het ontwikkelingsperspectief. Wat mag ik vragen en "
            "mag ik iemand meenemen?"
        ),
        "email": PARENT,
        "stage": "waiting_for_partner",
    },
    {
        "kind": "complaint",
        "theme": "klachten-en-bezwaar",
        "description": (
            "Mijn dochter kreeg een schorsing zonder dat wij gehoord zijn. Ik wil weten of "
            "dat zo mocht."
        ),
        "email": "ouder2@demo.example.nl",
        "stage": "in_progress",
    },
    {
        "kind": "question",
        "theme": "hoogbegaafdheid",
        "description": "Welke scholen in de buurt hebben een plusklas?",
        "email": "ouder3@demo.example.nl",
        "stage": "resolved",
    },
    # A duplicate pair: the same parent asks about the same thing twice, so the admin
    # points it out and a coordinator can try merging (or linking) them.
    {
        "kind": "question",
        "theme": "thuiszitten-en-verzuim",
        "description": (
            "Mijn dochter zit al drie weken thuis. School zegt dat er geen plek is in de "
            "klas. Wie kan ons helpen?"
        ),
        "email": PARENT,
        "stage": "new",
    },
    {
        "kind": "question",
        "theme": "thuiszitten-en-verzuim",
        "description": (
            "Ik stuurde al eerder een vraag. Mijn dochter zit nog steeds thuis en we horen "
            "niets van school. Kan iemand mij bellen?"
        ),
        "email": PARENT,
        "stage": "new",
    },
    # For the work queue: a question nobody took for days, a school that is late with its
    # answer, a parent who wrote back, and a parent who was not happy.
    {
        "kind": "question",
        "theme": "thuiszitten-en-verzuim",
        "description": (
            "Mijn dochter gaat al drie weken niet naar school. De leerplichtambtenaar belde. "
            "Wie kan ons helpen?"
        ),
        "email": "ouder4@demo.example.nl",
        "stage": "new_late",
    },
    {
        "kind": "question",
        "theme": "ontwikkelingsperspectief-opp",
        "description": "School zou het OPP opsturen, maar wij hebben nog niets gezien.",
        "email": "ouder5@demo.example.nl",
        "stage": "partner_late",
    },
    {
        "kind": "question",
        "theme": "gedrag-en-welbevinden",
        "description": "Mijn zoon wordt in de pauze gepest. Wat kan school doen?",
        "email": "ouder6@demo.example.nl",
        "stage": "parent_replied",
    },
    {
        "kind": "complaint",
        "theme": "klachten-en-bezwaar",
        "description": "Niemand van school heeft ons teruggebeld over de time-outs.",
        "email": "ouder7@demo.example.nl",
        "stage": "unhappy",
    },
]

# Standard texts a coordinator can pick in the case's message forms (invented).
STANDARD_TEXTS = [
    {
        "title": "Eerste reactie",
        "purpose": StandardText.Purpose.PARENT_MESSAGE,
        "status": "",
        "body": (
            "Beste {voornaam},\n\nDank je voor je bericht. Ik ben je coördinator bij het "
            "oudersteunpunt. Ik bel je deze week om samen te kijken wat nodig is. Je kenmerk "
            "is {kenmerk}.\n\nWe ronden je vraag uiterlijk {termijn} af."
        ),
    },
    {
        "title": "Wacht op informatie van de ouder",
        "purpose": StandardText.Purpose.PARENT_MESSAGE,
        "status": "",
        "body": (
            "Beste {voornaam},\n\nOm je goed te helpen, wil ik nog iets weten. Wil je mij "
            "laten weten ...?\n\nZolang we op je antwoord wachten, staat je termijn stil."
        ),
    },
    {
        "title": "Vraag om een gesprek met de ouder",
        "purpose": StandardText.Purpose.FOLLOWUP_REQUEST,
        "status": "",
        "body": (
            "Wilt u de ouder uitnodigen voor een gesprek? De ouder heeft toestemming gegeven "
            "om contact op te nemen met {organisatie}. Wilt u uiterlijk {termijn} laten "
            "weten wanneer het gesprek is? Ons kenmerk is {kenmerk}."
        ),
    },
    {
        "title": "Afronden: vraag beantwoord",
        "purpose": StandardText.Purpose.STATUS_CHANGE,
        "status": Case.Status.RESOLVED,
        "body": (
            "Beste {voornaam}, we hebben je vraag beantwoord. Is er nog iets? Stuur ons dan "
            "een bericht. Je krijgt van ons een korte vragenlijst: hoe vond je onze hulp?"
        ),
    },
]


def seed_standard_texts() -> int:
    """Make the demo standard texts that are missing (by title); returns how many."""
    made = 0
    for item in STANDARD_TEXTS:
        _text, created = StandardText.objects.get_or_create(title=item["title"], defaults={**item})
        made += created
    return made


def seed_cases() -> int:
    """Make the demo cases once; a second run changes nothing."""
    if Case.objects.exists():
        return 0
    coordinator = User.objects.filter(email=COORDINATOR).first()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    school = Organisation.objects.filter(name=PARTNER_SCHOOL).first()
    if coordinator is None or school is None or any(s["theme"] not in themes for s in STORIES):
        return 0
    # Demo emails would only fill the console: keep them in memory.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        transaction.atomic(),
    ):
        for story in STORIES:
            _seed_case(story, themes, school, coordinator)
    return len(STORIES)


def _seed_case(story: dict, themes: dict[str, Theme], school: Organisation, coordinator) -> Case:
    # The demo parents asked while signed in, so their cases are confirmed.
    case = services.case_submit(
        submitted_by=User.objects.filter(email__iexact=story["email"]).first(),
        kind=story["kind"],
        theme=themes[story["theme"]],
        description=story["description"],
        email=story["email"],
        school=school,
        complaint_about=school if story["kind"] == "complaint" else None,
    )
    if story["stage"] == "new":
        return case
    if story["stage"] == "new_late":
        # Came in five days ago and nobody took it: its first response is late.
        received = timezone.now() - timedelta(days=5)
        respond_by, resolve_by = services.compute_deadlines(
            kind=case.kind, theme=case.theme, start=timezone.localdate(received)
        )
        Case.objects.filter(pk=case.pk).update(
            created_at=received, respond_by=respond_by, resolve_by=resolve_by
        )
        return case
    case = services.case_assign(case=case, coordinator=coordinator, actor=coordinator)
    services.case_message_to_parent(
        case=case,
        actor=coordinator,
        text="Dank je voor je bericht. Ik bel je deze week om samen te kijken wat nodig is.",
    )
    if story["stage"] in ("waiting_for_partner", "partner_late"):
        services.consent_give(
            case=case, organisation=school, method=Consent.Method.PHONE, actor=coordinator
        )
        services.followup_create(
            case=case,
            organisation=school,
            request=(
                "Wilt u de ouder uitnodigen voor het gesprek over het ontwikkelingsperspectief "
                "en laten weten wie er bij zijn?"
            ),
            due_date=add_working_days(timezone.localdate(), 5),
            actor=coordinator,
        )
    if story["stage"] == "partner_late":
        # The school's answer was due two days ago.
        case.followups.update(due_date=timezone.localdate() - timedelta(days=2))
    if story["stage"] == "parent_replied":
        services.parent_reply(
            case=case,
            parent=case.parent,
            text="Dank je. Morgen na 15 uur kan ik goed bellen.",
        )
    if story["stage"] == "unhappy":
        case = services.case_transition(
            case=case,
            to_status=Case.Status.RESOLVED,
            actor=coordinator,
            resolution=Case.Resolution.NOT_UPHELD,
            note="Besproken met school en ouder.",
        )
        services.evaluation_submit(
            evaluation=case.evaluation,
            satisfaction=2,
            topics={"connects": "disagree", "supports_parents": "disagree", "result": "disagree"},
            comment="We voelden ons niet gehoord.",
        )
    if story["stage"] == "resolved":
        services.case_transition(
            case=case,
            to_status=Case.Status.RESOLVED,
            actor=coordinator,
            resolution=Case.Resolution.ANSWERED,
            note="Lijst met scholen gemaild.",
        )
    case.refresh_from_db()
    return case
