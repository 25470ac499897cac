"""Fixed-window rate limits on the shared cache (Redis in production, local memory on a laptop).

Limits are checked before the work and counted whether or not the work succeeds, and an account
key is counted for any submitted e-mail, existing or not, so a 429 reveals nothing about accounts.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .errors import RateLimited


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds)


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address NUM_PROXIES hops back in X-Forwarded-For behind proxies."""
    proxies = settings.NUM_PROXIES
    if proxies > 0:
        forwarded = [p.strip() for p in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def _key(scope: str, ident: str, window: int) -> tuple[str, int]:
    now = int(time.time())
    bucket = now // window
    digest = hashlib.sha256(ident.lower().encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{bucket}", window - (now % window)


def hit(scope: str, ident: str) -> None:
    """Count one attempt; raise RateLimited once the scope's limit for ``ident`` is passed."""
    limit, window = parse_rate(settings.RATE_LIMITS[scope])
    key, remaining = _key(scope, ident, window)
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        raise RateLimited(
            "Too many attempts. Wait a little and try again.", retry_after=max(remaining, 1)
        )


def check(
    request: HttpRequest,
    *,
    ip_scope: str,
    account_scope: str | None = None,
    account: str | None = None,
) -> None:
    hit(ip_scope, client_ip(request))
    if account_scope and account:
        hit(account_scope, account.strip())
