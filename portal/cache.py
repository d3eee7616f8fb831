"""The shared cache (CACHE_URL) fails open: while its Redis is unreachable, reads miss and writes are dropped.

Everything the portal caches is also in the database (the dashboard's boxes) or only a brake (allauth's login
and sign-up rate limits), so an outage must cost speed or a brake, never a page: sign-in used to answer 500 on
every attempt while the cache was down. Each failure writes a WARNING log line naming the operation; while it
lasts the rate limits do not count (fail open, docs/DECISIONS.md "Hardening (issue 15)"). `add` answers True
so allauth's rate-limit lock is "taken" and the login goes on instead of being refused as limited.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _fail_open(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError):
                logger.warning(
                    "cache unreachable (%s): served without it; login rate limits are not counted meanwhile",
                    method.__name__,
                    exc_info=True,
                )
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache whose operations degrade instead of raising when Redis is unreachable."""

    get = _fail_open(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _fail_open(lambda keys, version=None: {})(RedisCache.get_many)
    has_key = _fail_open(lambda key, version=None: False)(RedisCache.has_key)
    add = _fail_open(lambda *args, **kwargs: True)(RedisCache.add)
    set = _fail_open(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _fail_open(lambda *args, **kwargs: [])(RedisCache.set_many)
    touch = _fail_open(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _fail_open(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _fail_open(lambda *args, **kwargs: None)(RedisCache.delete_many)
