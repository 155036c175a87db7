"""Session limits: idle and absolute timeouts; scope changes apply on the next request."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from sipsm.accounts.actions import change_account_scope
from sipsm.testing import World, region

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)


def _signed_in(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.personas()[persona])
    return client


def test_it_ends_an_idle_coordinator_session_after_30_minutes(world: World) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(world, "regency")
        assert client.get("/anggota/").status_code == 200
        clock.shift(dt.timedelta(minutes=31))

        response = client.get("/anggota/")

    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/")


def test_it_keeps_an_active_coordinator_signed_in(world: World) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(world, "regency")
        for _ in range(5):
            clock.shift(dt.timedelta(minutes=20))
            assert client.get("/anggota/").status_code == 200


def test_it_ends_every_session_after_12_hours(world: World) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(world, "village")
        client.get("/anggota/")
        for _ in range(25):
            clock.shift(dt.timedelta(minutes=29))
            client.get("/anggota/")

        response = client.get("/anggota/")

    assert response.status_code == 302


def test_it_gives_a_village_psm_a_longer_idle_time(world: World) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(world, "village")
        client.get("/anggota/")
        clock.shift(dt.timedelta(hours=2))

        response = client.get("/anggota/")

    assert response.status_code == 200


def test_it_answers_an_expired_api_session_with_401(world: World) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(world, "regency")
        client.get("/api/v1/me")
        clock.shift(dt.timedelta(hours=1))

        response = client.get("/api/v1/me")

    assert response.status_code == 401


def test_it_applies_a_scope_change_on_the_next_request(world: World, client_for: Any) -> None:
    client = client_for("other_regency")
    assert client.get(f"/anggota/{world.member_a.pk}/").status_code == 404

    change_account_scope(
        acting_user=world.national,
        user=world.other_regency,
        role=world.other_regency.role,
        region=region("75.01"),
    )

    assert client.get(f"/anggota/{world.member_a.pk}/").status_code == 200


def test_it_signs_out_a_deactivated_account(world: World, client_for: Any) -> None:
    from sipsm.accounts.actions import deactivate_account

    client = client_for("district")
    deactivate_account(acting_user=world.regency, user=world.district)

    response = client.get("/anggota/")

    assert response.status_code == 302


def test_background_polling_does_not_keep_an_idle_session_alive(world: World) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(world, "regency")
        assert client.get("/anggota/").status_code == 200
        for _ in range(3):
            clock.shift(dt.timedelta(minutes=9))
            polled = client.get("/pesan/jumlah/", headers={"X-Sipsm-Background": "1"})
            assert polled.status_code == 200
        clock.shift(dt.timedelta(minutes=4))

        response = client.get("/anggota/")

    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/")
