"""Authentication of /api/v1/: bearer tokens for machines (expiring, revocable, only for
coordinators who have MFA), the session for the browser, no-store answers, the OpenAPI file."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sipsm.accounts.actions import deactivate_account, issue_api_token, revoke_api_token
from sipsm.accounts.models import ApiToken, User
from sipsm.accounts.roles import Role
from sipsm.registry.tests.files import register_counts
from sipsm.testing import World, make_user

pytestmark = pytest.mark.django_db

UNAUTHORIZED = {"detail": "Unauthorized"}


def bearer(user: User) -> tuple[ApiToken, dict[str, str]]:
    token, secret = issue_api_token(acting_user=user, name="sync", days=7)
    return token, {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_it_answers_a_valid_token(world: World) -> None:
    token, headers = bearer(world.regency)

    response = Client().get("/api/v1/me", **headers)

    assert response.status_code == 200
    assert response.json() == {
        "username": "kabupaten",
        "role": "regency_coordinator",
        "scope_code": "75.01",
        "scope_label": str(world.regency.region),
        "capabilities": [
            "accounts.manage_users",
            "audit.view",
            "registry.edit_member",
            "registry.export_members",
            "registry.import_members",
            "registry.manage_units",
            "registry.recommend_member",
            "registry.register_member",
            "registry.reveal_nik",
            "registry.verify_member",
            "registry.view_members",
            "registry.view_units",
            "reports.view_aggregates",
        ],
    }
    assert response["Cache-Control"] == "no-store"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_answers_401_without_credentials_or_with_an_unknown_token(world: World) -> None:
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer sipsm_not-a-real-token"}):
        response = Client().get("/api/v1/members", **headers)

        assert response.status_code == 401
        assert response.json() == UNAUTHORIZED
        assert response["Cache-Control"] == "no-store"


def test_it_refuses_an_expired_token(world: World) -> None:
    token, headers = bearer(world.regency)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    response = Client().get("/api/v1/me", **headers)

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_it_refuses_a_revoked_token(world: World) -> None:
    token, headers = bearer(world.regency)
    assert Client().get("/api/v1/me", **headers).status_code == 200

    revoke_api_token(acting_user=world.regency, token=token)
    response = Client().get("/api/v1/me", **headers)

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_it_refuses_the_token_of_a_deactivated_account(world: World) -> None:
    _token, headers = bearer(world.village)

    deactivate_account(acting_user=world.regency, user=world.village)
    response = Client().get("/api/v1/me", **headers)

    assert response.status_code == 401


def test_a_coordinator_without_mfa_cannot_use_a_token(world: World) -> None:
    coordinator = make_user(
        "tksk.tanpa.mfa", Role.DISTRICT_COORDINATOR, world.district.region_id, mfa=False
    )
    _token, headers = bearer(coordinator)
    before = register_counts()

    me = Client().get("/api/v1/me", **headers)
    post = Client().post(
        "/api/v1/members",
        data=json.dumps(
            {"full_name": "Rina Hasan", "sex": "F", "home_village_code": world.village_a.code}
        ),
        content_type="application/json",
        **headers,
    )

    assert (me.status_code, post.status_code) == (401, 401)
    assert register_counts() == before


def test_a_coordinator_without_mfa_cannot_use_the_session(world: World) -> None:
    coordinator = make_user(
        "tksk.tanpa.mfa", Role.DISTRICT_COORDINATOR, world.district.region_id, mfa=False
    )
    client = Client()
    client.force_login(coordinator)

    response = client.get("/api/v1/members")

    assert response.status_code == 403
    assert response.json() == {"detail": "two-factor authentication must be set up first"}


def test_a_village_psm_needs_no_mfa_for_a_token(world: World) -> None:
    psm = make_user("psm.baru", Role.VILLAGE_PSM, world.village_b.code, mfa=False)
    _token, headers = bearer(psm)

    response = Client().get("/api/v1/me", **headers)

    assert response.status_code == 200
    assert response.json()["scope_code"] == world.village_b.code


@pytest.mark.parametrize("persona", ["national", "regency", "village", "partner"])
def test_it_answers_the_browser_session(world: World, client_for: Any, persona: str) -> None:
    response = client_for(persona).get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["username"] == world.personas()[persona].username
    assert response["Cache-Control"] == "no-store"


def test_a_session_write_needs_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.regency)
    payload = json.dumps(
        {"full_name": "Rina Hasan", "sex": "F", "home_village_code": world.village_a.code}
    )
    before = register_counts()

    refused = client.post("/api/v1/members", data=payload, content_type="application/json")

    assert refused.status_code == 403
    assert register_counts() == before
    client.get("/anggota/")  # sets the CSRF cookie
    accepted = client.post(
        "/api/v1/members",
        data=payload,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert accepted.status_code == 201


def test_a_token_write_needs_no_csrf_token(world: World) -> None:
    _token, headers = bearer(world.regency)

    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/members",
        data=json.dumps(
            {"full_name": "Rina Hasan", "sex": "F", "home_village_code": world.village_a.code}
        ),
        content_type="application/json",
        **headers,
    )

    assert response.status_code == 201


def test_the_openapi_file_lists_the_paths_and_both_authentications(world: World) -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert {
        "/api/v1/units",
        "/api/v1/units/{unit_id}",
        "/api/v1/units/{unit_id}/boards",
        "/api/v1/members",
        "/api/v1/members/{member_id}",
        "/api/v1/members/{member_id}/eligibility",
        "/api/v1/members/{member_id}/recommend",
        "/api/v1/members/{member_id}/reject",
        "/api/v1/members/{member_id}/verify",
        "/api/v1/members/{member_id}/permanent-kta",
        "/api/v1/skills",
        "/api/v1/me",
        "/api/v1/regions",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/members"]) == {"get", "post"}
    assert set(schema["paths"]["/api/v1/members/{member_id}"]) == {"get", "put"}
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert "201" in schema["paths"]["/api/v1/members"]["post"]["responses"]
    assert "nik" not in schema["components"]["schemas"]["MemberOut"]["properties"]
