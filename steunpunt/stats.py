"""Small-number suppression shared by every report that counts people: the signals
report of the steunpunt and the results of a consultation of the parent panel.

A count of 1 to 4 shows as "<5" (0 stays 0), and a median, mean or share computed from
fewer than 5 people shows as "<5", so nobody can be recognised in a small group.

`unsuppressed()` is for code that applies a stricter suppression of its own after the
counting (the published signals: secondary suppression needs the counts themselves)."""

import contextlib
import contextvars

MIN_CELL = 5
SUPPRESSED = "<5"
_COUNT = object()

Value = int | float | str | None

_counted = contextvars.ContextVar("counted", default=False)


@contextlib.contextmanager
def unsuppressed():
    """Within it `suppress` passes every figure on as counted (a statistic of no cases
    is None). Only for code that suppresses the result itself before anyone sees it."""
    token = _counted.set(True)
    try:
        yield
    finally:
        _counted.reset(token)


def suppress(count: int, statistic: Value = _COUNT) -> Value:
    """What may be published about a group of `count` cases.

    Without `statistic`: the count itself, or "<5" for 1 to 4 (0 stays 0). With it (a
    median, mean or share computed from those cases): the statistic, "<5" when it rests
    on fewer than 5 cases, None when there were none."""
    if _counted.get():
        if statistic is _COUNT:
            return count
        return statistic if count else None
    if statistic is _COUNT:
        return SUPPRESSED if 0 < count < MIN_CELL else count
    if count < MIN_CELL:
        return SUPPRESSED if count else None
    return statistic
