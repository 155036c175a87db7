"""Fixed-window rate limits kept in the cache (shared across web processes via CACHE_URL)."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def hit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit; False when `key` has used up `limit` hits in the current window."""
    window = int(time.time() // window_seconds)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    cache_key = f"rl:{scope}:{digest}:{window}"
    if cache.add(cache_key, 1, timeout=window_seconds + 5):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=window_seconds + 5)
        count = 1
    return count <= limit
