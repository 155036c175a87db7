"""Creating accounts and moving them: roles fit the region level; only downwards, in scope."""

from __future__ import annotations

import pytest

from sipsm.accounts.actions import change_account_scope, create_account, deactivate_account
from sipsm.accounts.models import User
from sipsm.accounts.roles import Role
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.models import AuditEvent
from sipsm.testing import World, region

pytestmark = pytest.mark.django_db


def test_it_creates_a_village_account_below_a_regency_coordinator(world: World) -> None:
    user = create_account(
        acting_user=world.regency,
        username="psm.baru",
        role=Role.VILLAGE_PSM,
        region=world.village_b,
    )

    assert user.scope_code == world.village_b.code
    assert not user.has_usable_password()
    event = AuditEvent.objects.get(verb="account.create", object_id=str(user.pk))
    assert event.actor == world.regency
    assert event.changes == {"role": [None, "village_psm"], "region": [None, world.village_b.code]}


def test_it_refuses_a_role_on_the_wrong_region_level(world: World) -> None:
    with pytest.raises(ActionError) as caught:
        create_account(
            acting_user=world.regency, username="x", role=Role.VILLAGE_PSM, region=region("75.01")
        )

    assert caught.value.field == "region"
    assert not User.objects.filter(username="x").exists()


def test_it_refuses_an_account_at_or_above_the_creators_level(world: World) -> None:
    with pytest.raises(PermissionRefused):
        create_account(
            acting_user=world.regency,
            username="x",
            role=Role.REGENCY_COORDINATOR,
            region=region("75.01"),
        )


def test_it_refuses_an_account_outside_the_creators_area(world: World) -> None:
    with pytest.raises(PermissionRefused):
        create_account(
            acting_user=world.other_regency,
            username="x",
            role=Role.VILLAGE_PSM,
            region=world.village_a,
        )


def test_a_village_psm_cannot_create_accounts(world: World) -> None:
    with pytest.raises(PermissionRefused):
        create_account(
            acting_user=world.village, username="x", role=Role.VILLAGE_PSM, region=world.village_b
        )


def test_it_refuses_mfa_exemptions_outside_demo_data(world: World) -> None:
    with pytest.raises(PermissionRefused):
        create_account(
            acting_user=world.national,
            username="x",
            role=Role.VILLAGE_PSM,
            region=world.village_b,
            mfa_exempt=True,
        )


def test_it_moves_an_account_and_records_the_change(world: World) -> None:
    change_account_scope(
        acting_user=world.regency, user=world.village, role=Role.VILLAGE_PSM, region=world.village_b
    )

    world.village.refresh_from_db()
    assert world.village.region_id == world.village_b.code
    event = AuditEvent.objects.get(verb="account.change_scope")
    assert event.changes == {"region": [world.village_a.code, world.village_b.code]}


def test_it_revokes_tokens_when_an_account_is_deactivated(world: World) -> None:
    from sipsm.accounts.actions import issue_api_token

    token, _secret = issue_api_token(acting_user=world.village, name="hp", days=5)

    deactivate_account(acting_user=world.regency, user=world.village)

    token.refresh_from_db()
    assert token.revoked_at is not None
    world.village.refresh_from_db()
    assert world.village.is_active is False
