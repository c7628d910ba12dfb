"""Every life cycle of the parent network, as data: which status may follow which, for a
buddy profile, a match, a consultation, a meetup and a meetup registration. Checked in
one place, `may_move`; the services ask it before every status change and refuse with a
message (`services.ActionRefusedError`) when it says no."""

from .models import BuddyProfile, Consultation, Match, Meetup, MeetupRegistration

P = BuddyProfile.Status
M = Match.Status
C = Consultation.Status
MS = Meetup.Status
R = MeetupRegistration.Status

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


CONSULTATION_TRANSITIONS: dict[str, frozenset[str]] = {
    C.DRAFT: frozenset({C.OPEN}),
    C.OPEN: frozenset({C.CLOSED}),
    C.CLOSED: frozenset(),
}

# Draft and published are switched in the meetup's form; calling off is for good.
MEETUP_TRANSITIONS: dict[str, frozenset[str]] = {
    MS.DRAFT: frozenset({MS.PUBLISHED, MS.CANCELLED}),
    MS.PUBLISHED: frozenset({MS.DRAFT, MS.CANCELLED}),
    MS.CANCELLED: frozenset(),
}

# Signing up again after leaving is a new registration.
REGISTRATION_TRANSITIONS: dict[str, frozenset[str]] = {
    R.REGISTERED: frozenset({R.CANCELLED}),
    R.WAITING: frozenset({R.REGISTERED, R.CANCELLED}),
    R.CANCELLED: frozenset(),
}


def may_move(transitions: dict[str, frozenset[str]], current: str, target: str) -> bool:
    return target in transitions.get(current, frozenset())


def profile_may_move(current: str, target: str) -> bool:
    return may_move(PROFILE_TRANSITIONS, current, target)


def match_may_move(current: str, target: str) -> bool:
    return may_move(MATCH_TRANSITIONS, current, target)


def consultation_may_move(current: str, target: str) -> bool:
    return may_move(CONSULTATION_TRANSITIONS, current, target)


def meetup_may_move(current: str, target: str) -> bool:
    return may_move(MEETUP_TRANSITIONS, current, target)


def registration_may_move(current: str, target: str) -> bool:
    return may_move(REGISTRATION_TRANSITIONS, current, target)
