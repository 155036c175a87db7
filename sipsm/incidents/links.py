"""Signed, expiring links that let a PSM answer a call-out from a phone without logging in."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import salted_hmac

from sipsm.incidents.models import Assignment

SALT = "sipsm.incidents.callout"
MAX_AGE_SECONDS = 12 * 60 * 60


class _KeyedSigner(signing.TimestampSigner):
    """Django's `TimestampSigner` (the same tokens), with the derived key's HMAC state computed
    once and copied for each value: a call-out signs thousands of tokens in a row, and Django
    derives the key again on every `sign`."""

    def __init__(self) -> None:
        super().__init__(salt=SALT)
        self._keyed = salted_hmac(f"{SALT}signer", "", self.key, algorithm=self.algorithm)

    def signature(self, value: str | bytes, key: str | bytes | None = None) -> str:
        if key is not None:
            return super().signature(value, key)
        mac = self._keyed.copy()
        mac.update(value.encode() if isinstance(value, str) else value)
        return signing.b64_encode(mac.digest()).decode()


def _token(signer: signing.TimestampSigner, assignment_id: int, reply_code: str) -> str:
    """`<assignment id>-<reply code>:<timestamp>:<signature>`: short enough for an SMS."""
    return signer.sign(f"{assignment_id}-{reply_code}")


def token_for(assignment: Assignment) -> str:
    return _token(_KeyedSigner(), assignment.pk, assignment.reply_code)


def assignment_from_token(token: str) -> Assignment | None:
    """The assignment a token names, or None when forged, expired or no longer matching."""
    try:
        value = _KeyedSigner().unsign(token, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    pk, _sep, code = value.partition("-")
    if not pk.isdigit():
        return None
    return (
        Assignment.objects.select_related("incident__type", "incident__region", "member")
        .filter(pk=int(pk), reply_code=code)
        .first()
    )


def respond_url(assignment: Assignment) -> str:
    path = reverse("incidents:respond", args=[token_for(assignment)])
    return f"{settings.SIPSM_BASE_URL}{path}"


def respond_url_builder() -> Callable[[int, str], str]:
    """`respond_url` for many assignments, given as (id, reply code): the URL pattern is
    resolved and the signing key derived once."""
    marker = "TOKEN"
    template = settings.SIPSM_BASE_URL + reverse("incidents:respond", args=[marker])
    signer = _KeyedSigner()

    def build(assignment_id: int, reply_code: str) -> str:
        return template.replace(marker, _token(signer, assignment_id, reply_code))

    return build
