"""What may appear in logs and stored errors."""

from __future__ import annotations

import pytest

from sipsm.notifications.masking import mask_address, scrub


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("+6281299000777", "+62812*****777"),
        ("55501234", "55****34"),
        ("12345", "***"),
        ("psm.a@example.invalid", "p***@example.invalid"),
        ("", ""),
    ],
)
def test_it_masks_addresses(address: str, masked: str) -> None:
    assert mask_address(address) == masked


def test_it_scrubs_numbers_secrets_and_tokens() -> None:
    text = "bad number +62 812-9900-0777 for bot 123:AAE-key, token abcDEF123456ghiJKL789mnoPQR"

    assert scrub(text, "AAE-key") == (
        "bad number **********777 for bot 123:[secret], token [secret]"
    )


def test_it_leaves_short_numbers_and_words_alone() -> None:
    assert scrub("HTTP 503 after 30 s: TERIMA 482913") == "HTTP 503 after 30 s: TERIMA 482913"
