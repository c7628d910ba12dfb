"""Demo content for policy work: invented parents of the demo panel in the pool, an
open request from the demo partner's organisation (the coordinator finds the ranked
list on it) and one earlier request with a report, so the signals report shows it."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from steunpunt.models import Municipality, Theme

from . import services
from .models import Invitation, PerspectiveRequest, PoolMember

COORDINATOR = "coordinator@demo.example.nl"
PARTNER = "partner@demo.example.nl"
MEMBERS = [
    # email, themes, municipalities, formats, moments, approved
    (
        "panel.anouk@demo.example.nl",
        ["gesprek-met-school", "passend-onderwijs-en-zorgplicht"],
        ["alkmaar"],
        ["overleg", "werkgroep"],
        ["avond"],
        True,
    ),
    (
        "panel.bilal@demo.example.nl",
        ["thuiszitten-en-verzuim"],
        ["heiloo"],
        ["overleg", "werkgroep", "interview"],
        ["overdag", "avond"],
        True,
    ),
    (
        "panel.carla@demo.example.nl",
        ["thuiszitten-en-verzuim", "jeugdhulp-en-wijkteam"],
        [],
        ["klankbord", "overleg", "werkgroep"],
        ["avond"],
        True,
    ),
    (
        "panel.dewi@demo.example.nl",
        ["overstap-naar-vo"],
        ["castricum"],
        ["interview"],
        ["overdag"],
        True,
    ),
    (
        "panel.emre@demo.example.nl",
        ["passend-onderwijs-en-zorgplicht"],
        ["alkmaar"],
        ["overleg"],
        ["avond"],
        False,
    ),
]
EXPERIENCE = (
    "Ik heb veel gesprekken met school gehad over extra ondersteuning. Ik weet hoe lang "
    "het kan duren voordat er iets verandert."
)
OPEN_REQUEST = {
    "topic": "Het nieuwe ondersteuningsplan: wat merken ouders ervan?",
    "description": (
        "We schrijven een nieuw ondersteuningsplan. We willen horen hoe ouders de "
        "gesprekken over extra ondersteuning beleven, en wat beter kan. Met uw inbreng "
        "passen we het plan aan."
    ),
    "format": "overleg",
    "moment": "avond",
    "hours": Decimal("3"),
    "parents_wanted": 2,
    "allowance": Decimal("25"),
    "themes": ["passend-onderwijs-en-zorgplicht", "gesprek-met-school"],
}
DONE_REQUEST = {
    "topic": "Aanpak thuiszitten in de regio",
    "description": "Wat helpt ouders als hun kind thuiszit? Wat werkt niet?",
    "format": "werkgroep",
    "moment": "avond",
    "hours": Decimal("6"),
    "parents_wanted": 2,
    "allowance": Decimal("40"),
    "themes": ["thuiszitten-en-verzuim"],
}
DONE_REPORT = (
    "De ouders vertelden dat ze vaak te laat horen welke hulp er is. Ze willen één "
    "vaste contactpersoon, en een plan met data. De werkgroep neemt dat mee in de "
    "nieuwe aanpak."
)


def seed() -> str:
    users = get_user_model().objects
    partner = users.filter(email=PARTNER).select_related("organisation").first()
    coordinator = users.filter(email=COORDINATOR).first()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    places = {place.slug: place for place in Municipality.objects.all()}
    if not themes or coordinator is None:
        return "no demo pool (no themes or coordinator)"
    # Demo emails would only fill the console: keep them in memory.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        transaction.atomic(),
    ):
        for email, theme_slugs, place_slugs, formats, moments, approved in MEMBERS:
            user = users.filter(email=email).first()
            if user is None or PoolMember.objects.filter(user=user).exists():
                continue
            member = services.pool_join(
                user=user,
                themes=[themes[slug] for slug in theme_slugs if slug in themes],
                municipalities=[places[slug] for slug in place_slugs if slug in places],
                formats=formats,
                moments=moments,
                experience=EXPERIENCE,
                max_per_year=4,
            )
            if approved and member.status == PoolMember.Status.APPLIED:
                PoolMember.objects.filter(pk=member.pk).update(
                    intake_held_at=timezone.localdate() - timedelta(days=30)
                )
                services.pool_approve(member=member, actor=coordinator)
        if (
            partner is not None
            and partner.organisation_id
            and not PerspectiveRequest.objects.exists()
        ):
            _seed_requests(partner, coordinator, themes)
    return (
        f"{PoolMember.objects.count()} ervaringsdeskundigen, "
        f"{PerspectiveRequest.objects.count()} requests"
    )


def _seed_requests(partner, coordinator, themes) -> None:
    today = timezone.localdate()

    def submit(spec, first_date):
        return services.request_submit(
            user=partner,
            topic=spec["topic"],
            description=spec["description"],
            format=spec["format"],
            moment=spec["moment"],
            dates=[first_date],
            hours=spec["hours"],
            parents_wanted=spec["parents_wanted"],
            allowance=spec["allowance"],
            themes=[themes[slug] for slug in spec["themes"] if slug in themes],
            municipality=None,
        )

    submit(OPEN_REQUEST, today + timedelta(days=21))
    done = submit(DONE_REQUEST, today + timedelta(days=10))
    for email in ("panel.bilal@demo.example.nl", "panel.carla@demo.example.nl"):
        member = PoolMember.objects.filter(user__email=email).first()
        if member is None:
            continue
        invitation = services.invite(perspective=done, member=member, actor=coordinator)
        services.invitation_accept(invitation=invitation, user=member.user)
    # Moved back: the meeting was three weeks ago (the services only take dates ahead).
    met = today - timedelta(days=21)
    PerspectiveRequest.objects.filter(pk=done.pk).update(
        dates=[met.isoformat()], first_date=met, last_date=met
    )
    Invitation.objects.filter(request=done).update(invited_at=timezone.now() - timedelta(days=35))
    done.refresh_from_db()
    if done.invitations.filter(status=Invitation.Status.ACCEPTED).exists():
        services.request_report(perspective=done, report=DONE_REPORT, actor=coordinator)
