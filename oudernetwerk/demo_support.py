"""Demo data for match support: a running match with two goals, confirmed, whose last
contact was six weeks ago while they agreed on every two weeks, so the work queue shows
"Koppelingen zonder contact". Called from `demo.seed_network`; a second run changes
nothing."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .models import BuddyProfile, BuddyRequest, Match, MatchAgreement, MatchContact

QUIET_PARENT = "ouder3@demo.example.nl"


def seed_quiet_match(*, buddy_email: str, themes: dict, municipalities: dict, coordinator):
    users = get_user_model().objects
    parent = users.filter(email__iexact=QUIET_PARENT).first() or users.create_user(
        QUIET_PARENT, name="Demo-ouder Drie"
    )
    buddy = BuddyProfile.objects.filter(user__email=buddy_email).first()
    if buddy is None or BuddyRequest.objects.filter(parent=parent).exists():
        return
    buddy_request = services.request_create(
        parent=parent,
        themes=[themes[slug] for slug in ["thuiszitten-en-verzuim"] if slug in themes],
        municipality=municipalities["castricum"],
        hopes="Iemand die weet hoe het is als je kind thuis zit.",
    )
    match = services.match_propose(request=buddy_request, buddy=buddy, actor=coordinator)
    match = services.match_accept(match=match, actor=buddy.user)
    match = services.match_start(match=match, actor=buddy.user)
    services.agreement_save(
        match=match,
        actor=parent,
        goals=["Weten wat ik op school kan vragen", "Een plan voor de terugkeer naar school"],
        contact_frequency=MatchAgreement.Frequency.FORTNIGHTLY,
    )
    services.agreement_confirm(match=match, actor=buddy.user, version=1)
    services.contact_log(
        match=match, actor=buddy.user, contact_date=timezone.localdate(), how="visit"
    )
    # Two months of match, the last contact six weeks ago.
    now = timezone.now()
    Match.objects.filter(pk=match.pk).update(
        proposed_at=now - timedelta(days=62),
        answered_at=now - timedelta(days=61),
        started_at=now - timedelta(days=60),
    )
    MatchContact.objects.filter(match=match).update(
        contact_date=timezone.localdate() - timedelta(days=42)
    )
