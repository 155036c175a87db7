"""AES-GCM field encryption: key configuration, round trip, and what must fail to decrypt."""

from __future__ import annotations

import base64

import pytest

from sipsm.identity.crypto import (
    DecryptionError,
    KeyringError,
    parse_keyring,
    token_key_id,
)

# Fixed test keys (random ones would give pytest-xdist workers different test ids).
KEY_A = base64.urlsafe_b64encode(bytes(range(32))).decode().rstrip("=")
KEY_B = base64.urlsafe_b64encode(bytes(range(32, 64))).decode().rstrip("=")
CONTEXT = "registry_member.nik"
NIK = "7501014403900001"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "no keys configured"),
        (" , ", "no keys configured"),
        (KEY_A, "each key must be written as id:base64key"),
        (f":{KEY_A}", "each key must be written as id:base64key"),
        (f"k$1:{KEY_A}", "each key must be written as id:base64key"),
        ("k1:not base64!", "key 'k1' is not base64url"),
        ("k1:", "key 'k1' is not base64url"),
        ("k1:" + base64.urlsafe_b64encode(b"x" * 16).decode(), "key 'k1' must be 32 bytes, not 16"),
        (f"k1:{KEY_A},k1:{KEY_B}", "key id 'k1' appears twice"),
    ],
)
def test_it_rejects_a_malformed_key_configuration(spec: str, message: str) -> None:
    with pytest.raises(KeyringError) as excinfo:
        parse_keyring(spec)
    assert str(excinfo.value) == message


def test_it_uses_the_first_key_to_encrypt_and_all_to_decrypt() -> None:
    ring = parse_keyring(f" k2:{KEY_B} , k1:{KEY_A} ")

    assert ring.primary_id == "k2"
    assert list(ring.keys) == ["k2", "k1"]
    old_token = parse_keyring(f"k1:{KEY_A}").encrypt(NIK, context=CONTEXT)
    assert ring.decrypt(old_token, context=CONTEXT) == NIK
    assert token_key_id(ring.encrypt(NIK, context=CONTEXT)) == "k2"


def test_it_round_trips_with_a_fresh_nonce_each_time() -> None:
    ring = parse_keyring(f"k1:{KEY_A}")

    first = ring.encrypt(NIK, context=CONTEXT)
    second = ring.encrypt(NIK, context=CONTEXT)

    assert first.startswith("v1$k1$")
    assert second.startswith("v1$k1$")
    assert first != second
    assert NIK not in first
    assert ring.decrypt(first, context=CONTEXT) == NIK
    assert ring.decrypt(second, context=CONTEXT) == NIK


def test_it_round_trips_non_ascii_text() -> None:
    ring = parse_keyring(f"k1:{KEY_A}")
    assert ring.decrypt(ring.encrypt("Ma’u — ñ", context="t.c"), context="t.c") == "Ma’u — ñ"


def test_it_refuses_a_ciphertext_moved_to_another_column() -> None:
    ring = parse_keyring(f"k1:{KEY_A}")
    token = ring.encrypt(NIK, context="registry_member.nik")

    with pytest.raises(DecryptionError) as excinfo:
        ring.decrypt(token, context="registry_member.kk")
    assert str(excinfo.value) == "ciphertext does not authenticate"
    with pytest.raises(DecryptionError):
        ring.decrypt(token, context="registry_familymember.nik")


def test_it_refuses_a_ciphertext_under_a_key_id_that_is_not_configured() -> None:
    token = parse_keyring(f"gone:{KEY_A}").encrypt(NIK, context=CONTEXT)

    with pytest.raises(DecryptionError) as excinfo:
        parse_keyring(f"k1:{KEY_A}").decrypt(token, context=CONTEXT)
    assert str(excinfo.value) == "key 'gone' is not configured"


def test_it_refuses_a_ciphertext_when_the_key_behind_an_id_changed() -> None:
    token = parse_keyring(f"k1:{KEY_A}").encrypt(NIK, context=CONTEXT)

    with pytest.raises(DecryptionError) as excinfo:
        parse_keyring(f"k1:{KEY_B}").decrypt(token, context=CONTEXT)
    assert str(excinfo.value) == "ciphertext does not authenticate"


def test_it_refuses_a_tampered_ciphertext() -> None:
    ring = parse_keyring(f"k1:{KEY_A}")
    token = ring.encrypt(NIK, context=CONTEXT)
    # Not the last character: in unpadded base64 its low bits may be padding, and changing
    # them would not change a single byte.
    target = token[-5]
    tampered = token[:-5] + ("A" if target != "A" else "B") + token[-4:]

    with pytest.raises(DecryptionError):
        ring.decrypt(tampered, context=CONTEXT)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (NIK, "not a sipsm ciphertext"),
        ("v1$k1", "not a sipsm ciphertext"),
        ("v2$k1$AAAA", "unknown ciphertext version 'v2'"),
        ("v1$k1$!!!!", "ciphertext does not authenticate"),
        ("v1$k1$", "ciphertext does not authenticate"),
    ],
)
def test_it_refuses_text_that_is_not_a_ciphertext(token: str, message: str) -> None:
    with pytest.raises(DecryptionError) as excinfo:
        parse_keyring(f"k1:{KEY_A}").decrypt(token, context=CONTEXT)
    assert str(excinfo.value) == message


@pytest.mark.parametrize(
    ("token", "key_id"),
    [("v1$k2$AAAA", "k2"), ("v1$$AAAA", None), ("v2$k2$AAAA", None), (NIK, None), ("", None)],
)
def test_it_reads_the_key_id_of_a_stored_value(token: str, key_id: str | None) -> None:
    assert token_key_id(token) == key_id
