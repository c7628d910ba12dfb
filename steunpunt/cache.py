"""The shared cache on Redis, carrying on when Redis is down (issue #17).

The cache holds only counters and marks (rate limits, used second-factor codes), never
the truth. While Redis is away every call answers as if the cache were empty: a read
misses, an `add` succeeds, a write is dropped. So the public forms (rate-limited on the
cache) keep storing questions instead of failing, at the cost of no rate limit for as
long as the outage lasts. Each failure is logged with the operation only (a key may be
derived from an address).

One mark fails closed instead: allauth remembers a used second-factor code with `add`,
and a code it cannot mark counts as used. So while Redis is down nobody signs in with
the second factor (staff sessions already open carry on, they live in the database),
and no code can be replayed."""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DOWN = (RedisError, OSError)
# Keys whose `add` answers "already there" while the cache is down.
FAIL_CLOSED_PREFIXES = ("allauth.mfa.totp.used",)


def _down(operation: str, error: Exception) -> None:
    logger.warning(
        "Cache unavailable for %s (%s); carrying on without it", operation, type(error).__name__
    )


class ResilientRedisCache(RedisCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout=timeout, version=version)
        except DOWN as error:
            _down("add", error)
            return not str(key).startswith(FAIL_CLOSED_PREFIXES)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version=version)
        except DOWN as error:
            _down("get", error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout=timeout, version=version)
        except DOWN as error:
            _down("set", error)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout=timeout, version=version)
        except DOWN as error:
            _down("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version=version)
        except DOWN as error:
            _down("delete", error)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version=version)
        except DOWN as error:
            _down("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version=version)
        except DOWN as error:
            _down("has_key", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version=version)
        except DOWN as error:
            _down("incr", error)
            # As for a key that is not there: the caller adds it again.
            raise ValueError("cache unavailable") from error

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout=timeout, version=version)
        except DOWN as error:
            _down("set_many", error)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version=version)
        except DOWN as error:
            _down("delete_many", error)
