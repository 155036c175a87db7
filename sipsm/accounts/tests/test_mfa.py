"""Coordinators and admins must use a second factor; village PSMs may log in with a password."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client

from sipsm.accounts.roles import Role
from sipsm.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str) -> Any:
    return client.post("/akun/login/", {"login": username, "password": PASSWORD})


def _current_code(user: Any) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = authenticator.wrap().instance.data["secret"]
    from allauth.mfa.utils import decrypt

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(decrypt(secret), counter))


def test_it_sends_a_coordinator_without_totp_to_the_setup_page() -> None:
    make_user("koord", Role.REGENCY_COORDINATOR, "75.01", mfa=False)
    client = Client()
    _login(client, "koord")

    response = client.get("/anggota/")

    assert response.status_code == 302
    assert response["Location"] == "/akun/2fa/totp/activate/"


def test_it_refuses_the_api_to_a_coordinator_without_totp() -> None:
    make_user("koord", Role.REGENCY_COORDINATOR, "75.01", mfa=False)
    client = Client()
    _login(client, "koord")

    response = client.get("/api/v1/members")

    assert response.status_code == 403
    assert response.json() == {"detail": "two-factor authentication must be set up first"}


def test_it_lets_a_village_psm_work_with_a_password_only(world: Any) -> None:
    client = Client()
    _login(client, "psm.a")

    response = client.get("/anggota/")

    assert response.status_code == 200


def test_it_asks_a_coordinator_with_totp_for_the_code() -> None:
    user = make_user("koord", Role.REGENCY_COORDINATOR, "75.01")
    client = Client()

    response = _login(client, "koord")

    assert response.status_code == 302
    assert response["Location"] == "/akun/2fa/authenticate/"
    assert client.get("/anggota/").status_code == 302  # not signed in yet

    response = client.post("/akun/2fa/authenticate/", {"code": _current_code(user)})

    assert response.status_code == 302
    assert client.get("/anggota/").status_code == 200


def test_it_rejects_a_wrong_code() -> None:
    make_user("koord", Role.REGENCY_COORDINATOR, "75.01")
    client = Client()
    _login(client, "koord")

    response = client.post("/akun/2fa/authenticate/", {"code": "000000"})

    assert response.status_code == 200
    assert client.get("/anggota/").status_code == 302


def test_it_rejects_a_reused_code() -> None:
    user = make_user("koord", Role.REGENCY_COORDINATOR, "75.01")
    code = _current_code(user)
    first = Client()
    _login(first, "koord")
    first.post("/akun/2fa/authenticate/", {"code": code})
    second = Client()
    _login(second, "koord")

    response = second.post("/akun/2fa/authenticate/", {"code": code})

    assert response.status_code == 200
    assert second.get("/anggota/").status_code == 302
