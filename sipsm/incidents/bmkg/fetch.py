"""Fetching BMKG feeds politely: at most N requests a minute, conditional GET, size limits.

BMKG's terms ask for at most 60 requests per minute per IP. Every request takes a slot from a
sliding one-minute window kept in the cache (shared by the processes that share the cache).
When the window is full the poller stops for this run (the next run continues), and the
command waits for a slot.

With `conditional=True` the ETag / Last-Modified of each URL are remembered in the cache
(after the body was ingested, see `remember`) and sent back as If-None-Match /
If-Modified-Since; a 304 answer costs one request and no work.
"""

from __future__ import annotations

import hashlib
import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache

from sipsm.incidents.bmkg.common import BudgetExhausted, FetchError

WINDOW_SECONDS = 60.0
VALIDATORS_TTL = 7 * 24 * 60 * 60
_RATE_KEY = "sipsm:bmkg:requests"
_VALIDATORS_KEY = "sipsm:bmkg:validators:"


def setting(name: str, default: object) -> object:
    return getattr(settings, name, default)


def is_url(target: str) -> bool:
    return urlsplit(target).scheme.lower() in {"http", "https"}


@dataclass(frozen=True)
class FetchResult:
    url: str
    body: bytes
    not_modified: bool = False
    etag: str = ""
    last_modified: str = ""


class RequestBudget:
    """A sliding one-minute window of request times, in the cache."""

    def __init__(
        self,
        *,
        per_minute: int,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.sleep = sleep

    def _recent(self, now: float) -> list[float]:
        stamps: list[float] = cache.get(_RATE_KEY) or []
        return [s for s in stamps if now - s < WINDOW_SECONDS]

    def take(self, *, wait: bool) -> None:
        while True:
            now = self.clock()
            recent = self._recent(now)
            if len(recent) < self.per_minute:
                recent.append(now)
                cache.set(_RATE_KEY, recent, timeout=int(WINDOW_SECONDS) + 5)
                return
            if not wait:
                raise BudgetExhausted(
                    f"request budget of {self.per_minute} a minute used up; "
                    "the rest waits for the next run"
                )
            self.sleep(max(0.05, WINDOW_SECONDS - (now - min(recent))))


class _NoRedirectToOtherSchemes(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not is_url(newurl):
            raise FetchError(f"refused redirect to {newurl!r}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _NoRedirectToOtherSchemes(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


class Fetcher:
    def __init__(
        self,
        *,
        conditional: bool = False,
        wait_for_budget: bool = True,
        budget: RequestBudget | None = None,
    ) -> None:
        self.conditional = conditional
        self.wait_for_budget = wait_for_budget
        self.budget = budget or RequestBudget(
            per_minute=int(str(setting("SIPSM_BMKG_MAX_REQUESTS_PER_MINUTE", 60)))
        )
        self.timeout = float(str(setting("SIPSM_BMKG_TIMEOUT_SECONDS", 20)))
        self.max_bytes = int(str(setting("SIPSM_BMKG_MAX_BYTES", 5 * 1024 * 1024)))
        self.user_agent = str(
            setting("SIPSM_BMKG_USER_AGENT", "sipsm/0.1 (+IPSM information system)")
        )
        self.requests = 0
        self._opener = _opener()

    @staticmethod
    def _validators_key(url: str) -> str:
        return _VALIDATORS_KEY + hashlib.sha256(url.encode()).hexdigest()

    def get(self, url: str) -> FetchResult:
        if not is_url(url):
            raise FetchError("only http and https URLs are fetched")
        headers = {
            "User-Agent": self.user_agent,
            "Accept": "application/xml, application/json, */*",
        }
        if self.conditional:
            known: dict[str, str] = cache.get(self._validators_key(url)) or {}
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
        self.budget.take(wait=self.wait_for_budget)
        self.requests += 1
        request = urllib.request.Request(url, headers=headers, method="GET")  # noqa: S310 (scheme checked)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = response.read(self.max_bytes + 1)
                etag = response.headers.get("ETag", "") or ""
                last_modified = response.headers.get("Last-Modified", "") or ""
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return FetchResult(url=url, body=b"", not_modified=True)
            raise FetchError(f"HTTP {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise FetchError(str(exc)) from exc
        if len(body) > self.max_bytes:
            raise FetchError(f"larger than {self.max_bytes} bytes")
        return FetchResult(url=url, body=body, etag=etag, last_modified=last_modified)

    def remember(self, result: FetchResult) -> None:
        """Keep the validators of a body that was ingested, for the next conditional GET."""
        if not self.conditional or result.not_modified:
            return
        if result.etag or result.last_modified:
            cache.set(
                self._validators_key(result.url),
                {"etag": result.etag, "last_modified": result.last_modified},
                timeout=VALIDATORS_TTL,
            )
