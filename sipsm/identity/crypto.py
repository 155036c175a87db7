"""Field encryption (AES-256-GCM) and the keyed blind index used to find encrypted values.

Keys come from the environment, never from SECRET_KEY:

* `SIPSM_FIELD_KEYS` = `id1:key1,id2:key2` (base64url, 32 bytes each). The first key encrypts;
  every listed key decrypts, so keys rotate by putting a new key first, running
  `sipsm rotate_field_keys`, then removing the old one.
* `SIPSM_BLIND_INDEX_KEY` keys an HMAC-SHA-256 of the normalised number. A NIK has little
  entropy (region, birth date, serial), so an unkeyed hash could be brute-forced offline.

A ciphertext is stored as `v1$<key id>$<base64url(nonce || ciphertext+tag)>`; the column
name is bound in as associated data, so a value copied into another column fails to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "v1"
NONCE_BYTES = 12
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


class KeyringError(ValueError):
    """The key configuration is malformed."""


class DecryptionError(ValueError):
    """A stored value cannot be decrypted with the configured keys."""


def _b64decode(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    return base64.urlsafe_b64decode(padded.encode("ascii"))


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class Keyring:
    primary_id: str
    keys: dict[str, bytes]

    def encrypt(self, plaintext: str, *, context: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.primary_id]).encrypt(
            nonce, plaintext.encode("utf-8"), context.encode("utf-8")
        )
        return f"{PREFIX}${self.primary_id}${_b64encode(nonce + sealed)}"

    def decrypt(self, token: str, *, context: str) -> str:
        try:
            prefix, key_id, body = token.split("$", 2)
        except ValueError as exc:
            raise DecryptionError("not a sipsm ciphertext") from exc
        if prefix != PREFIX:
            raise DecryptionError(f"unknown ciphertext version {prefix!r}")
        key = self.keys.get(key_id)
        if key is None:
            raise DecryptionError(f"key {key_id!r} is not configured")
        try:
            raw = _b64decode(body)
            plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise DecryptionError("ciphertext does not authenticate") from exc
        return plain.decode("utf-8")

    @staticmethod
    def key_id_of(token: str) -> str:
        key_id = token_key_id(token)
        if key_id is None:
            raise DecryptionError("not a sipsm ciphertext")
        return key_id

    def raw_keys(self) -> list[str]:
        return [_b64encode(k) for k in self.keys.values()]


def token_key_id(token: str) -> str | None:
    """The key id of a stored ciphertext (`v1$<id>$...`), or None when it is not one."""
    parts = token.split("$", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1]:
        return None
    return parts[1]


def parse_keyring(spec: str) -> Keyring:
    keys: dict[str, bytes] = {}
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        key_id, sep, encoded = part.partition(":")
        if not sep or not key_id or "$" in key_id:
            raise KeyringError("each key must be written as id:base64key")
        try:
            if not _BASE64URL.match(encoded):
                raise ValueError(encoded)
            key = _b64decode(encoded)
        except (binascii.Error, ValueError) as exc:
            raise KeyringError(f"key {key_id!r} is not base64url") from exc
        if len(key) != 32:
            raise KeyringError(f"key {key_id!r} must be 32 bytes, not {len(key)}")
        if key_id in keys:
            raise KeyringError(f"key id {key_id!r} appears twice")
        keys[key_id] = key
    if not keys:
        raise KeyringError("no keys configured")
    return Keyring(primary_id=next(iter(keys)), keys=keys)


@lru_cache(maxsize=1)
def _cached(spec: str) -> Keyring:
    return parse_keyring(spec)


def keyring() -> Keyring:
    return _cached(settings.SIPSM_FIELD_KEYS)


def reset_keyring_cache(**kwargs: Any) -> None:
    _cached.cache_clear()


def blind_index(normalized: str, *, kind: str) -> str:
    """Keyed HMAC of an already normalised value; equal inputs give equal indexes."""
    key = settings.SIPSM_BLIND_INDEX_KEY.encode("utf-8")
    message = f"{kind}:{normalized}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def new_key() -> str:
    """A fresh 32-byte key in the form SIPSM_FIELD_KEYS expects (without the id)."""
    return _b64encode(os.urandom(32))
