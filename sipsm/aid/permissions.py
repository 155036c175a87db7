"""Who may see and do what in the aid module.

- Programs and periods are visible to every signed-in user; national and province
  coordinators define them.
- KPM lists hold personal data: coordinators read the families of their region; a village
  PSM reads only the families of the villages they are assigned to (`Assignment`); a
  government partner reads none (aggregates only).
- Coordinators import lists (rows outside their region are refused), assign PSMs to the
  villages they cover, open and close distribution rounds there.
- The assigned PSMs and the coordinators covering the village tick families in a round.
- Complaints: PSMs file them for their villages, coordinators for their region, anyone on the
  public form; coordinators covering the village verify, answer, reject and close them; a
  government partner (Dinas Sosial) of the region reads them.
- Proposals (usulan): PSMs and coordinators draft and submit them for their villages; Dinas
  Sosial verifies and ratifies (a government partner, or a coordinator of a regency or
  above, covering the village).
- Reconciliation figures are aggregates: readers of the village and government partners.
- Full NIK, KK, KKS and account numbers and the mother's maiden name: only for users who may
  reveal NIKs, with a reason (audited, limited per day).
"""

from __future__ import annotations

from django.db.models import Q

from sipsm.accounts.models import User
from sipsm.accounts.roles import COORDINATORS, REGENCY_AND_ABOVE, Capability, Role

PROGRAM_MANAGERS = frozenset({Role.NATIONAL_ADMIN, Role.PROVINCE_COORDINATOR})
VERIFIERS = REGENCY_AND_ABOVE | {Role.GOVERNMENT_PARTNER}


def is_coordinator(user: User) -> bool:
    return user.is_active and user.role in COORDINATORS


def is_psm(user: User) -> bool:
    return user.is_active and user.role == Role.VILLAGE_PSM


def assigned_villages(user: User) -> list[str]:
    from sipsm.aid.models import Assignment

    if not is_psm(user):
        return []
    return list(Assignment.objects.active().filter(psm=user).values_list("village_id", flat=True))


def village_q(user: User, field: str) -> Q:
    """Rows whose village (`field`, a region code path) the user may read family data of."""
    if is_coordinator(user):
        return user.scope_q(field)
    if is_psm(user):
        return Q(**{f"{field}__in": assigned_villages(user)})
    return Q(pk__in=[])


def reads_village(user: User, village_code: str) -> bool:
    if is_coordinator(user):
        return user.covers(village_code)
    if is_psm(user):
        return village_code in assigned_villages(user)
    return False


def can_see_programs(user: User) -> bool:
    return user.is_active


def can_manage_programs(user: User) -> bool:
    return user.is_active and user.role in PROGRAM_MANAGERS


def can_read_entries(user: User) -> bool:
    return is_coordinator(user) or is_psm(user)


def can_import(user: User) -> bool:
    return is_coordinator(user)


def can_export_list(user: User) -> bool:
    return is_coordinator(user)


def can_reveal(user: User, village_code: str) -> bool:
    return user.can(Capability.REVEAL_NIK) and user.covers(village_code)


def can_see_identities(user: User) -> bool:
    return user.can(Capability.REVEAL_NIK)


def can_assign(user: User, village_code: str) -> bool:
    return is_coordinator(user) and user.covers(village_code)


def can_manage_rounds(user: User, village_code: str) -> bool:
    return is_coordinator(user) and user.covers(village_code)


def can_tick(user: User, village_code: str) -> bool:
    return reads_village(user, village_code)


def can_file_complaint(user: User, village_code: str) -> bool:
    return reads_village(user, village_code)


def can_read_complaints(user: User) -> bool:
    return is_coordinator(user) or is_psm(user) or is_partner(user)


def complaint_village_q(user: User, field: str) -> Q:
    if is_partner(user):
        return user.scope_q(field)
    return village_q(user, field)


def can_handle_complaint(user: User, village_code: str) -> bool:
    return is_coordinator(user) and user.covers(village_code)


def is_partner(user: User) -> bool:
    return user.is_active and user.role == Role.GOVERNMENT_PARTNER


def can_draft_proposal(user: User, village_code: str) -> bool:
    return reads_village(user, village_code)


def can_read_proposals(user: User) -> bool:
    return can_read_complaints(user)


def can_verify_proposal(user: User, village_code: str) -> bool:
    return user.is_active and user.role in VERIFIERS and user.covers(village_code)


def can_export_proposals(user: User) -> bool:
    return user.is_active and user.role in VERIFIERS


def can_see_reconciliation(user: User, village_code: str) -> bool:
    if is_partner(user):
        return user.covers(village_code)
    return reads_village(user, village_code)
