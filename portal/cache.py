"""The shared cache (CACHE_URL) fails open: while its Redis is unreachable, reads miss and writes are dropped.

Everything the portal caches is also in the database (the dashboard's boxes) or only a brake (allauth's login
and sign-up rate limits), so an outage must cost speed or a brake, never a page: sign-in used to answer 500 on
every attempt while the cache was down. While it lasts the rate limits do not count (fail open,
docs/DECISIONS.md "Hardening (issue 15)"). `add` answers True so allauth's rate-limit lock is "taken" and the
login goes on instead of being refused as limited.

After a failure the cache is not tried again for RETRY_AFTER_SECONDS (in this process): a Redis that hangs
instead of refusing costs each operation its socket timeout, and a sign-in makes about 20 of them (it took 20 s
with a 1 s timeout). Each failed attempt writes one WARNING line; the first success after it writes "cache
reachable again". `ping` bypasses all this for the readiness probe (portal.health).
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# Cache location -> monotonic time until which it is not tried. Per process, shared by its threads (Django
# builds one cache object per thread).
_down_until: dict[str, float] = {}


def _fail_open(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            location = self._location
            if time.monotonic() < _down_until.get(location, 0.0):
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except (RedisError, OSError):
                _down_until[location] = time.monotonic() + RETRY_AFTER_SECONDS
                logger.warning(
                    "cache unreachable (%s): served without it, tried again in %s s; "
                    "login rate limits are not counted meanwhile",
                    method.__name__,
                    RETRY_AFTER_SECONDS,
                    exc_info=True,
                )
                return fallback(*args, **kwargs)
            if _down_until.pop(location, None) is not None:
                logger.warning("cache reachable again: login rate limits are counted again")
            return result

        return wrapper

    return decorate


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache whose operations degrade instead of raising when Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)

    def ping(self):
        """A round trip to Redis that raises when it is unreachable (the readiness probe's cache check)."""
        client = self._cache.get_client(write=True)  # type: ignore[attr-defined]  # Django's, not in django-stubs
        return client.ping()

    get = _fail_open(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _fail_open(lambda keys, version=None: {})(RedisCache.get_many)
    has_key = _fail_open(lambda key, version=None: False)(RedisCache.has_key)
    add = _fail_open(lambda *args, **kwargs: True)(RedisCache.add)
    set = _fail_open(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _fail_open(lambda *args, **kwargs: [])(RedisCache.set_many)
    touch = _fail_open(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _fail_open(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _fail_open(lambda *args, **kwargs: None)(RedisCache.delete_many)
