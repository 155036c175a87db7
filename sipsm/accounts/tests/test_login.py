"""Logging in: throttled per account without locking out a whole (CGNAT) network, audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sipsm.accounts.roles import Role
from sipsm.core.models import AuditEvent
from sipsm.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str) -> Any:
    return client.post("/akun/login/", {"login": username, "password": password})


def test_it_logs_in_a_psm_and_records_it() -> None:
    user = make_user("psm.x", Role.VILLAGE_PSM, "75.01.01.1001")
    client = Client()

    response = _login(client, "psm.x", PASSWORD)

    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="auth.login")
    assert event.actor == user
    assert event.ip_address == "127.0.0.1"


def test_it_records_a_failed_login_without_the_password() -> None:
    make_user("psm.x", Role.VILLAGE_PSM, "75.01.01.1001")

    _login(Client(), "psm.x", "not-the-password-at-all")

    event = AuditEvent.objects.get(verb="auth.login_failed")
    assert event.data == {"login": "psm.x"}
    assert "not-the-password" not in str(event.changes) + str(event.data)


def test_it_stops_guessing_one_account_after_five_failures() -> None:
    make_user("psm.x", Role.VILLAGE_PSM, "75.01.01.1001")
    client = Client()
    for _ in range(5):
        assert _login(client, "psm.x", "wrong-password-guess").status_code == 200

    response = _login(client, "psm.x", PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_lets_others_on_the_same_network_log_in_meanwhile() -> None:
    make_user("psm.x", Role.VILLAGE_PSM, "75.01.01.1001")
    make_user("psm.y", Role.VILLAGE_PSM, "75.01.01.1002")
    attacker = Client()
    for _ in range(5):
        _login(attacker, "psm.x", "wrong-password-guess")
    neighbour = Client()  # same 127.0.0.1, as behind a carrier-grade NAT

    response = _login(neighbour, "psm.y", PASSWORD)

    assert response.status_code == 302
    assert neighbour.session["_auth_user_id"]


def test_it_does_not_reveal_whether_an_account_exists() -> None:
    make_user("psm.x", Role.VILLAGE_PSM, "75.01.01.1001")

    known = _login(Client(), "psm.x", "wrong-password-guess")
    unknown = _login(Client(), "nobody.here", "wrong-password-guess")

    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_it_rotates_the_session_key_on_login() -> None:
    make_user("psm.x", Role.VILLAGE_PSM, "75.01.01.1001")
    client = Client()
    client.get("/akun/login/")
    client.session.save()
    before = client.session.session_key

    _login(client, "psm.x", PASSWORD)

    assert client.session.session_key != before


def test_it_has_no_public_sign_up() -> None:
    response = Client().get("/akun/signup/")

    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
