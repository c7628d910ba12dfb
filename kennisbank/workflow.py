"""The review workflow of an article, as data: action -> (allowed from, to)."""

from .models import Article, ArticleEvent

S = Article.Status
A = ArticleEvent.Action

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({S.DRAFT}), S.IN_REVIEW),
    "reject": (frozenset({S.IN_REVIEW}), S.DRAFT),
    "publish": (frozenset({S.IN_REVIEW}), S.PUBLISHED),
    "unpublish": (frozenset({S.PUBLISHED}), S.DRAFT),
    "archive": (frozenset({S.DRAFT, S.PUBLISHED}), S.ARCHIVED),
    "restore": (frozenset({S.ARCHIVED}), S.DRAFT),
}

# The history entry each action leaves.
EVENTS = {
    "submit": A.SUBMITTED,
    "reject": A.REJECTED,
    "publish": A.PUBLISHED,
    "unpublish": A.UNPUBLISHED,
    "archive": A.ARCHIVED,
    "restore": A.RESTORED,
}


def allowed_actions(status: str) -> list[str]:
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]
