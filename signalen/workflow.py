"""The life of a publication, as data: action -> (allowed from, to).

A coordinator prepares a concept and offers it for approval; an editor or another
coordinator (never who prepared or offered it) approves it, which publishes it, or
sends it back. A published one is never changed: it can only be withdrawn."""

from .models import Publication

S = Publication.Status

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({S.DRAFT}), S.IN_REVIEW),
    "reject": (frozenset({S.IN_REVIEW}), S.DRAFT),
    "approve": (frozenset({S.IN_REVIEW}), S.PUBLISHED),
    "withdraw": (frozenset({S.PUBLISHED}), S.WITHDRAWN),
}


def allowed_actions(status: str) -> list[str]:
    return [action for action, (sources, _target) in TRANSITIONS.items() if status in sources]
