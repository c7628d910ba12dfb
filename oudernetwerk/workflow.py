"""The life cycles of a buddy profile and of a match, as data: which status may follow
which. Checked in one place, `services._move`, `services._move_match`."""

from .models import BuddyProfile, Match

P = BuddyProfile.Status
M = Match.Status

PROFILE_TRANSITIONS: dict[str, frozenset[str]] = {
    P.APPLIED: frozenset({P.APPROVED, P.REJECTED}),
    P.APPROVED: frozenset({P.PAUSED, P.REJECTED}),
    P.PAUSED: frozenset({P.APPROVED, P.REJECTED}),
    P.REJECTED: frozenset(),
}

MATCH_TRANSITIONS: dict[str, frozenset[str]] = {
    M.PROPOSED: frozenset({M.ACCEPTED, M.DECLINED, M.EXPIRED}),
    M.ACCEPTED: frozenset({M.ACTIVE, M.ENDED}),
    M.ACTIVE: frozenset({M.ENDED}),
    M.DECLINED: frozenset(),
    M.EXPIRED: frozenset(),
    M.ENDED: frozenset(),
}

# A match in one of these takes one of the buddy's places, and is the request's one
# open match (see the `match_one_open_per_request` constraint).
OCCUPYING = frozenset({M.PROPOSED, M.ACCEPTED, M.ACTIVE})
# Parent and buddy know each other: contact details are shared, check-ins go out.
RUNNING = frozenset({M.ACCEPTED, M.ACTIVE})
# The buddy said no, or did not answer: never proposed for this request again.
REFUSED = frozenset({M.DECLINED, M.EXPIRED})


def profile_may_move(current: str, target: str) -> bool:
    return target in PROFILE_TRANSITIONS.get(current, frozenset())


def match_may_move(current: str, target: str) -> bool:
    return target in MATCH_TRANSITIONS.get(current, frozenset())
