"""Who may see and change people and households.

- People and households are read and registered by the PSMs and coordinators whose region
  covers the person's village (a government partner sees none: aggregates only).
- Merging two records of the same person needs a coordinator who covers both villages.
- Importing a PPKS list, exporting one, and reading PPKS groups marked sensitive (HIV,
  trafficking, prostitution, prison, drugs, violence) are for coordinators.
- Full NIK/KK numbers in an export need the right to reveal NIKs and a stated reason.
- The legal basis of a record (UU PDP Pasal 20) is public task unless a coordinator sets
  another one.
"""

from __future__ import annotations

from sipsm.accounts.models import User
from sipsm.accounts.roles import COORDINATORS, Capability, Role

READERS = COORDINATORS | {Role.VILLAGE_PSM}


def can_read_people(user: User) -> bool:
    return user.is_active and user.role in READERS


def can_register_in(user: User, village_code: str) -> bool:
    return can_read_people(user) and user.covers(village_code)


def can_merge(user: User, *village_codes: str) -> bool:
    return (
        user.is_active
        and user.role in COORDINATORS
        and all(user.covers(code) for code in village_codes)
    )


def can_import(user: User) -> bool:
    return user.is_active and user.role in COORDINATORS


def can_export(user: User) -> bool:
    return user.is_active and user.role in COORDINATORS


def can_see_identities(user: User) -> bool:
    """Full NIK and KK numbers in exports (with a reason, audited)."""
    return user.can(Capability.REVEAL_NIK)


def can_see_sensitive_groups(user: User) -> bool:
    return user.is_active and user.role in COORDINATORS


def can_set_legal_basis(user: User) -> bool:
    """Choosing the legal basis of a record (UU PDP Pasal 20) other than the default."""
    return user.is_active and user.role in COORDINATORS
