"""Roles, the region level each role is scoped to, and what each role may do."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    PROVINCE_COORDINATOR = "province_coordinator", _("Province coordinator")
    REGENCY_COORDINATOR = "regency_coordinator", _("Regency/city coordinator")
    DISTRICT_COORDINATOR = "district_coordinator", _("District coordinator (TKSK)")
    VILLAGE_PSM = "village_psm", _("Village PSM")
    GOVERNMENT_PARTNER = "government_partner", _("Government partner")


# The region level (1 province ... 4 village) an account of this role is bound to;
# None means the whole country. A government partner may be bound to any level.
ROLE_REGION_LEVEL: dict[str, int | None] = {
    Role.NATIONAL_ADMIN: None,
    Role.PROVINCE_COORDINATOR: 1,
    Role.REGENCY_COORDINATOR: 2,
    Role.DISTRICT_COORDINATOR: 3,
    Role.VILLAGE_PSM: 4,
}

MFA_ROLES = frozenset(
    {
        Role.NATIONAL_ADMIN,
        Role.PROVINCE_COORDINATOR,
        Role.REGENCY_COORDINATOR,
        Role.DISTRICT_COORDINATOR,
    }
)

COORDINATORS = MFA_ROLES
MEMBER_READERS = COORDINATORS | {Role.VILLAGE_PSM}
REGENCY_AND_ABOVE = frozenset(
    {Role.NATIONAL_ADMIN, Role.PROVINCE_COORDINATOR, Role.REGENCY_COORDINATOR}
)


class Capability(models.TextChoices):
    VIEW_MEMBERS = "registry.view_members", _("See member records")
    REGISTER_MEMBER = "registry.register_member", _("Register candidates")
    RECOMMEND_MEMBER = "registry.recommend_member", _("Recommend candidates (village unit)")
    VERIFY_MEMBER = "registry.verify_member", _("Verify members and issue temporary KTA")
    ISSUE_PERMANENT_KTA = "registry.issue_permanent_kta", _("Issue permanent KTA")
    EDIT_MEMBER = "registry.edit_member", _("Edit member records")
    IMPORT_MEMBERS = "registry.import_members", _("Import members")
    EXPORT_MEMBERS = "registry.export_members", _("Export members")
    REVEAL_NIK = "registry.reveal_nik", _("Reveal a full NIK (with a reason)")
    MANAGE_UNITS = "registry.manage_units", _("Manage units and boards")
    VIEW_UNITS = "registry.view_units", _("See units and boards")
    VIEW_AGGREGATES = "reports.view_aggregates", _("See aggregated reports")
    MANAGE_USERS = "accounts.manage_users", _("Create and disable accounts")
    VIEW_AUDIT = "audit.view", _("Read the audit trail")


_ALL = frozenset(Capability)
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.NATIONAL_ADMIN: _ALL,
    Role.PROVINCE_COORDINATOR: _ALL - {Capability.ISSUE_PERMANENT_KTA},
    Role.REGENCY_COORDINATOR: _ALL - {Capability.ISSUE_PERMANENT_KTA},
    Role.DISTRICT_COORDINATOR: frozenset(
        {
            Capability.VIEW_MEMBERS,
            Capability.REGISTER_MEMBER,
            Capability.RECOMMEND_MEMBER,
            Capability.EDIT_MEMBER,
            Capability.VIEW_UNITS,
            Capability.VIEW_AGGREGATES,
        }
    ),
    Role.VILLAGE_PSM: frozenset(
        {
            Capability.VIEW_MEMBERS,
            Capability.REGISTER_MEMBER,
            Capability.RECOMMEND_MEMBER,
            Capability.VIEW_UNITS,
            Capability.VIEW_AGGREGATES,
        }
    ),
    Role.GOVERNMENT_PARTNER: frozenset({Capability.VIEW_UNITS, Capability.VIEW_AGGREGATES}),
}


def role_allows(role: str, capability: str) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, frozenset())
