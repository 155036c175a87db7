"""Password rules (ASVS 6.2): length by role, common and context words rejected."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from sipsm.accounts.models import User
from sipsm.accounts.roles import Role


def _codes(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return sorted(e.code for e in exc.error_list)
    return []


@pytest.mark.django_db
def test_it_needs_15_characters_without_a_second_factor() -> None:
    psm = User(username="psm", role=Role.VILLAGE_PSM)

    assert _codes("kopi-jahe-mang", psm) == ["password_too_short_for_role"]
    assert _codes("kopi-jahe-mangga", psm) == []


@pytest.mark.django_db
def test_it_accepts_12_characters_with_a_second_factor() -> None:
    coordinator = User(username="koord", role=Role.REGENCY_COORDINATOR)

    assert _codes("kopi-jahe-12", coordinator) == []


@pytest.mark.django_db
def test_it_rejects_passwords_built_on_the_system_name() -> None:
    psm = User(username="psm", role=Role.VILLAGE_PSM)

    assert _codes("Sipsm-Gorontalo-2026", psm) == ["password_context_word"]


@pytest.mark.django_db
def test_it_rejects_common_passwords() -> None:
    coordinator = User(username="koord", role=Role.REGENCY_COORDINATOR)

    assert "password_too_common" in _codes("password1234", coordinator)


@pytest.mark.django_db
def test_it_accepts_long_passphrases_with_spaces_and_unicode() -> None:
    psm = User(username="psm", role=Role.VILLAGE_PSM)

    assert _codes("sawah hijau di tepi danau limboto — ☀️ " * 2, psm) == []
