"""Coordinators create and deactivate the accounts of their area."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.accounts.models import User
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def test_it_creates_a_psm_account_linked_to_the_member_record(
    world: World, client_for: Any
) -> None:
    response = client_for("regency").post(
        "/profil/pengguna/baru/",
        {
            "username": "nur.aisyah",
            "first_name": "Nur Aisyah",
            "role": "village_psm",
            "region": world.village_a.code,
            "password": "kopi-jahe-mangga-manis",
            "member_kta": world.member_a.kta_number,
        },
    )

    assert response.status_code == 302
    account = User.objects.get(username="nur.aisyah")
    assert (account.role, account.region_id) == ("village_psm", world.village_a.code)
    world.member_a.refresh_from_db()
    assert world.member_a.user == account
    assert account.check_password("kopi-jahe-mangga-manis")


def test_it_rejects_a_short_password_for_a_psm(world: World, client_for: Any) -> None:
    response = client_for("regency").post(
        "/profil/pengguna/baru/",
        {
            "username": "x",
            "role": "village_psm",
            "region": world.village_a.code,
            "password": "pendek123",
        },
    )

    assert response.status_code == 400
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(username="x").exists()


def test_it_offers_only_roles_below_the_coordinator(world: World, client_for: Any) -> None:
    response = client_for("regency").get("/profil/pengguna/baru/")

    roles = [value for value, _label in response.context["form"].fields["role"].choices]
    assert roles == ["district_coordinator", "village_psm", "government_partner"]


def test_it_lists_only_accounts_of_the_area(world: World, client_for: Any) -> None:
    response = client_for("other_regency").get("/profil/pengguna/")

    assert [u.username for u in response.context["page_obj"]] == []


def test_it_creates_no_account_when_the_member_cannot_be_linked(
    world: World, client_for: Any
) -> None:
    response = client_for("regency").post(
        "/profil/pengguna/baru/",
        {
            "username": "tanpa.anggota",
            "role": "village_psm",
            "region": world.village_a.code,
            "password": "kopi-jahe-mangga-manis",
            "member_kta": "KTA-TIDAK-ADA",
        },
    )

    assert response.status_code == 400
    assert "member_kta" in response.context["form"].errors
    assert not User.objects.filter(username="tanpa.anggota").exists()


def test_only_account_managers_link_members(world: World) -> None:
    from sipsm.accounts.actions import link_member
    from sipsm.core.errors import PermissionRefused

    before = world.member_b.user_id

    with pytest.raises(PermissionRefused):
        link_member(
            acting_user=world.village,
            user=world.village,
            kta_number=str(world.member_b.kta_number),
        )

    world.member_b.refresh_from_db()
    assert world.member_b.user_id == before
