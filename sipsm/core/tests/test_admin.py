"""The Django admin may look at members and relief rows but not change them: changes go
through the actions (permission check, audit event)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sipsm.accounts.models import User
from sipsm.accounts.roles import Role
from sipsm.registry.models import Member
from sipsm.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world: World, settings: Any) -> Client:
    settings.SIPSM_DEMO = True
    user = User.objects.create_user(
        username="staf",
        password="x-unused-9731",
        role=Role.NATIONAL_ADMIN,
        is_staff=True,
        is_superuser=True,
        mfa_exempt=True,
    )
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_shows_a_member_read_only(world: World, staff: Client) -> None:
    member = world.member_a
    url = f"/admin/registry/member/{member.pk}/change/"

    page = staff.get(url)
    refused = staff.post(url, {"full_name": "Diubah", "status": Member.Status.INACTIVE})

    assert page.status_code == 200
    assert b'name="full_name"' not in page.content
    assert refused.status_code == 403
    member.refresh_from_db()
    assert (member.full_name, member.status) == (world.member_a.full_name, world.member_a.status)


@pytest.mark.parametrize(
    "path",
    ["/admin/registry/member/add/", "/admin/registry/unit/add/", "/admin/relief/need/add/"],
)
def test_the_admin_cannot_add_rows_that_actions_own(staff: Client, path: str) -> None:
    assert staff.get(path).status_code == 403
