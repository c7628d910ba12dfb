"""Match support in a person's data download (registered from
`oudernetwerk.personal_data`): for a parent, the goals of their matches, the contacts the
buddy noted (when and how; the buddy's notes are for the coordinator and stay out) and
their own answers at check-ins and closure; for a buddy, their own closures and the rest
they chose. Neither side ever gets the other side's closure."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from steunpunt import personal_data as registry
from steunpunt.personal_data import SectionData

from . import workflow
from .models import BuddyProfile, CheckIn, GoalReview, Match, MatchClosure, MatchContact

LABELS = {
    "as_parent": gettext_lazy("Met je buddy"),
    "as_buddy": gettext_lazy("Als buddy"),
    "available_from": gettext_lazy("Je wilde weer een ouder helpen vanaf"),
    "started_at": gettext_lazy("Eerste contact op"),
    "ended_at": gettext_lazy("Gestopt op"),
    "goals": gettext_lazy("Jullie doelen"),
    "contact_frequency": gettext_lazy("Hoe vaak jullie contact wilden"),
    "goals_confirmed_at": gettext_lazy("Doelen bevestigd op"),
    "contacts": gettext_lazy("Contacten die de buddy noteerde"),
    "date": gettext_lazy("Datum"),
    "how": gettext_lazy("Hoe"),
    "your_goal_answers": gettext_lazy("Jouw antwoorden over de doelen"),
    "goal": gettext_lazy("Doel"),
    "progress": gettext_lazy("Hoe het ging"),
    "asked_at": gettext_lazy("Gevraagd op"),
    "your_closure": gettext_lazy("Jouw afsluiting"),
    "what_helped": gettext_lazy("Wat hielp"),
    "would_match_again": gettext_lazy("Nog eens gekoppeld worden"),
    "asked_new_buddy": gettext_lazy("Je vroeg een nieuwe buddy"),
    "rest_until": gettext_lazy("Rust tot"),
    "answered_at": gettext_lazy("Ingevuld op"),
}


def _closure(closure: MatchClosure | None) -> dict | None:
    if closure is None:
        return None
    return {
        "what_helped": closure.what_helped,
        "would_match_again": closure.get_would_match_again_display(),
        "asked_new_buddy": closure.new_request_id is not None,
        "rest_until": closure.rest_until,
        "answered_at": closure.answered_at,
    }


def _own_goal_answers(match: Match, respondent: str) -> list[dict]:
    return [
        {
            "goal": review.goal_text,
            "progress": review.get_progress_display(),
            "asked_at": review.checkin.due_at,
        }
        for review in GoalReview.objects.filter(
            checkin__match=match, checkin__respondent=respondent
        )
        .select_related("checkin")
        .order_by("checkin__due_at", "pk")
    ]


def _as_parent(user) -> list[dict]:
    matches = (
        Match.objects.filter(
            request__parent=user, status__in=[*workflow.RUNNING, Match.Status.ENDED]
        )
        .select_related("agreement")
        .prefetch_related(
            "agreement__goals",
            Prefetch(
                "closures",
                queryset=MatchClosure.objects.filter(respondent=CheckIn.Respondent.PARENT),
                to_attr="own_closures",
            ),
        )
        .order_by("proposed_at", "pk")
    )
    data = []
    for match in matches:
        agreement = getattr(match, "agreement", None)
        data.append(
            {
                "started_at": match.started_at,
                "ended_at": match.ended_at,
                "goals": [goal.text for goal in agreement.goals.all()] if agreement else [],
                "contact_frequency": agreement.get_contact_frequency_display() if agreement else "",
                "goals_confirmed_at": agreement.confirmed_at if agreement else None,
                "contacts": [
                    {"date": contact.contact_date, "how": contact.get_how_display()}
                    for contact in MatchContact.objects.filter(match=match).order_by(
                        "contact_date", "pk"
                    )
                ],
                "your_goal_answers": _own_goal_answers(match, CheckIn.Respondent.PARENT),
                "your_closure": _closure(next(iter(match.own_closures), None)),
            }
        )
    return data


def _as_buddy(profile: BuddyProfile) -> list[dict]:
    closures = (
        MatchClosure.objects.filter(match__buddy=profile, respondent=CheckIn.Respondent.BUDDY)
        .select_related("match")
        .order_by("answered_at", "pk")
    )
    return [
        {
            "started_at": closure.match.started_at,
            "ended_at": closure.match.ended_at,
            "your_closure": _closure(closure),
        }
        for closure in closures
    ]


def export_match_support(user) -> SectionData:
    profile = BuddyProfile.objects.filter(user=user).first()
    return SectionData(
        {
            "as_parent": _as_parent(user),
            "as_buddy": _as_buddy(profile) if profile else [],
            "available_from": profile.available_from if profile else None,
        }
    )


def register() -> None:
    registry.register(
        key="buddy_match_support",
        title=gettext_lazy("Doelen, contact en afsluiting van je buddy-koppelingen"),
        collect=export_match_support,
        labels=LABELS,
        position=35,
        description=gettext_lazy(
            "De doelen die jullie opschreven, wanneer jullie contact hadden, en jouw eigen "
            "antwoorden over de doelen en over het afsluiten."
        ),
        note=gettext_lazy(
            "Wat een buddy over een contact opschrijft, is alleen voor de coördinator. "
            "Daarom staat het hier niet in. Ook de antwoorden van de ander bij het "
            "afsluiten staan hier niet in."
        ),
    )
