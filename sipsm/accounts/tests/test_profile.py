"""The profile page issues API tokens (shown once, stored hashed) and revokes them."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from sipsm.accounts.models import ApiToken
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def test_it_shows_a_new_token_once_and_stores_only_its_hash(world: World, client_for: Any) -> None:
    client = client_for("village")

    response = client.post("/profil/", {"name": "HP Android", "days": 10})

    secret = response.context["new_secret"]
    assert secret.startswith("sipsm_")
    token = ApiToken.objects.get(user=world.village)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ApiToken.objects.values_list()))
    assert secret not in client.get("/profil/").content.decode()


def test_it_refuses_tokens_longer_than_30_days(world: World, client_for: Any) -> None:
    response = client_for("village").post("/profil/", {"name": "HP", "days": 90})

    assert response.status_code == 400
    assert ApiToken.objects.count() == 0


def test_it_revokes_a_token(world: World, client_for: Any) -> None:
    client = client_for("village")
    client.post("/profil/", {"name": "HP", "days": 10})
    token = ApiToken.objects.get(user=world.village)

    response = client.post(f"/profil/token/{token.pk}/cabut/")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.is_usable is False
