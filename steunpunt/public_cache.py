"""Rendered parts of public pages, made once and shown until what they show changes.

The kennisbank index, its search results, a published article and the wegwijzer look the
same for every visitor who may see the same things (the same visibilities, the same
language, the same filters). Such a part is cached per process (`public_pages`, see
settings) under a key that holds a *version* of its namespace ("kennisbank",
"wegwijzer"). The version lives in the shared default cache; every change of what the
parts show replaces it (the apps connect their models' signals to `bump`), so every
process renders anew from the next request on. Never for anything personal: a caller
caches only what is the same for everyone with the same key parts.

A bump happens at once (the changing transaction itself sees it) and again after the
commit: a process that rendered between the two from the old rows stored its part under
the version that the second bump retires.
"""

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache, caches
from django.db import transaction
from django.utils.translation import get_language

# The version never expires by itself: a lost one (a cache flush) is simply a new one.
_VERSION_KEY = "public-version:{namespace}"
DEFAULT_TIMEOUT = 60 * 60


def version(namespace: str) -> str:
    key = _VERSION_KEY.format(namespace=namespace)
    current = cache.get(key)
    if current is None:
        current = uuid.uuid4().hex
        if not cache.add(key, current, None):  # another process was first: use theirs
            current = cache.get(key) or current
    return current


def _replace(namespace: str) -> None:
    cache.set(_VERSION_KEY.format(namespace=namespace), uuid.uuid4().hex, None)


def bump(namespace: str) -> None:
    """What the parts of `namespace` show has changed (or is about to, on commit)."""
    _replace(namespace)
    transaction.on_commit(lambda: _replace(namespace))


def cached(
    namespace: str,
    parts: tuple,
    build: Callable[[], Any],
    *,
    timeout: int = DEFAULT_TIMEOUT,
) -> Any:
    """`build()`'s result for these key parts and the current version of `namespace`.

    `parts` must hold everything the result depends on besides the namespace's data
    (the visibilities, the filters, the page); the language is added here."""
    digest = hashlib.sha256(repr((get_language() or "", *parts)).encode()).hexdigest()
    key = f"{namespace}:{version(namespace)}:{digest}"
    store = caches["public_pages"]
    result = store.get(key)
    if result is None:
        result = build()
        store.set(key, result, timeout)
    return result
