"""A small HTTP client for provider APIs: JSON or form bodies, a timeout, and errors sorted
into temporary (network, timeout, 408, 429, 5xx: retried) and permanent (other 4xx).

Error texts never contain the URL (a Telegram URL holds the bot token), the request, or
numbers long enough to be a phone number or chat id.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from sipsm.notifications.conf import int_setting
from sipsm.notifications.masking import scrub
from sipsm.notifications.transports import TransportError

TEMPORARY_STATUSES = frozenset({408, 425, 429})
MAX_RESPONSE_BYTES = 256 * 1024


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None


def _provider_error(body: bytes) -> str:
    """A short description of an error answer (provider error text, not our request)."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return body[:120].decode("utf-8", "replace")
    if isinstance(data, dict):
        error = data.get("error", data)
        if isinstance(error, dict):
            for key in ("message", "description", "title", "error_user_msg"):
                if isinstance(error.get(key), str):
                    return str(error[key])[:200]
        for key in ("description", "message", "error"):
            if isinstance(data.get(key), str):
                return str(data[key])[:200]
    return ""


def post(
    url: str,
    *,
    provider: str,
    json_body: Any = None,
    form: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    secrets: tuple[str, ...] = (),
    timeout: float | None = None,
) -> Answer:
    """POST and return the answer, or raise `TransportError` (permanent for a final refusal)."""
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in {"http", "https"}:
        raise TransportError(f"{provider}: the URL must be http or https", permanent=True)
    all_headers = {"Accept": "application/json", "User-Agent": "sipsm"}
    if json_body is not None:
        data = json.dumps(json_body).encode("utf-8")
        all_headers["Content-Type"] = "application/json"
    else:
        data = urllib.parse.urlencode(form or {}).encode("utf-8")
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    all_headers.update(headers or {})
    request = urllib.request.Request(url, data=data, headers=all_headers, method="POST")  # noqa: S310
    wait = timeout if timeout is not None else int_setting("SIPSM_HTTP_TIMEOUT_SECONDS")
    try:
        with urllib.request.urlopen(request, timeout=wait) as response:  # noqa: S310
            return Answer(status=response.status, body=response.read(MAX_RESPONSE_BYTES))
    except urllib.error.HTTPError as exc:
        body = exc.read(MAX_RESPONSE_BYTES) if exc.fp is not None else b""
        detail = scrub(_provider_error(body), *secrets)
        permanent = 400 <= exc.code < 500 and exc.code not in TEMPORARY_STATUSES
        text = f"{provider} answered HTTP {exc.code}" + (f": {detail}" if detail else "")
        raise TransportError(text, permanent=permanent) from None
    except TimeoutError:
        raise TransportError(f"{provider} did not answer within {wait} s") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TransportError(
            f"{provider} could not be reached: {scrub(str(reason), *secrets)}"
        ) from None


def dig(data: Any, path: str) -> str:
    """The value at a dotted path (`messages.0.id`) of decoded JSON, as text ("" if absent)."""
    current = data
    for part in [p for p in path.split(".") if p]:
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return ""
    if current is None or isinstance(current, dict | list):
        return ""
    return str(current)
