"""Who may do what in reporting (the rules; access.py applies them to requests).

- The activity log is kept by village PSMs (for themselves, through the member record linked to
  their account) and by coordinators (for a member of their area). It is read in one's own
  area by PSMs and coordinators. Government partners never see it: they get aggregates.
- A monthly report belongs to a unit's region and month. It is prepared and submitted by the
  accounts of that region's own level (the village PSMs of a village, the TKSK of a district,
  the regency, province and national coordinators); it is reviewed (returned for correction,
  approved) by a coordinator above it whose area holds it. The national report has nobody
  above it: submitting it approves it.
- Reports are read in one's area. A government partner reads approved reports of their area,
  as aggregates only (no activity list, counts of people under 5 hidden).
- Dashboards, the equity view and the 3W export: everyone signed in, for a region of their own
  area; partners see aggregates with counts of people under 5 hidden, and child-related counts
  never below regency/city level (security-reliability.md D6).
- SPM: the readers of `sipsm.cases.permissions.spm_reader` (regency coordinators and above,
  government partners); drill-down to records for coordinators only.
"""

from __future__ import annotations

from sipsm.accounts.models import User
from sipsm.accounts.roles import COORDINATORS, Role
from sipsm.cases.permissions import can_drill_down, spm_reader
from sipsm.regions import codes
from sipsm.registry.models import Member

LOGGERS = COORDINATORS | {Role.VILLAGE_PSM}
ROLE_FOR_LEVEL = {
    0: Role.NATIONAL_ADMIN,
    1: Role.PROVINCE_COORDINATOR,
    2: Role.REGENCY_COORDINATOR,
    3: Role.DISTRICT_COORDINATOR,
    4: Role.VILLAGE_PSM,
}


def region_level(region_code: str | None) -> int:
    return 0 if not region_code else int(codes.level_of(region_code))


def is_partner(user: User) -> bool:
    return user.role == Role.GOVERNMENT_PARTNER


def own_member(user: User) -> Member | None:
    """The active member record linked to a village PSM's account."""
    if not user.is_active or user.role != Role.VILLAGE_PSM:
        return None
    return Member.objects.active().filter(user=user).select_related("home_village").first()


# The activity log ----------------------------------------------------------------------------


def can_see_activities(user: User) -> bool:
    return user.is_active and user.role in LOGGERS


def can_log_activity(user: User) -> bool:
    if not user.is_active:
        return False
    if user.role in COORDINATORS:
        return True
    return user.role == Role.VILLAGE_PSM and own_member(user) is not None


def can_log_for(user: User, member: Member) -> bool:
    """Whether the user may record work of `member` (themselves, or a member of their area)."""
    if not user.is_active or member.status != Member.Status.ACTIVE:
        return False
    if member.user_id == user.pk and user.role in LOGGERS:
        return True
    return user.role in COORDINATORS and user.covers(member.home_village_id)


def can_log_in(user: User, village_code: str) -> bool:
    """Where the user may say work happened: their area; a village PSM also in the other
    villages of their district (work with neighbours)."""
    if user.role == Role.VILLAGE_PSM and user.scope_code:
        return codes.is_within(village_code, codes.parent_of(user.scope_code))
    return user.covers(village_code)


def can_edit_activity(
    user: User, recorded_by_id: int, member_user_id: int | None, village: str
) -> bool:
    if not user.is_active or user.role not in LOGGERS:
        return False
    if user.pk in (recorded_by_id, member_user_id):
        return True
    return user.role in COORDINATORS and user.covers(village)


def can_export_activities(user: User) -> bool:
    return user.is_active and user.role in COORDINATORS


# Monthly reports -----------------------------------------------------------------------------


def can_see_reports(user: User) -> bool:
    return user.is_active and (user.role in LOGGERS or is_partner(user))


def can_read_report(user: User, region_code: str | None) -> bool:
    return can_see_reports(user) and user.covers(region_code)


def can_prepare(user: User, region_code: str | None) -> bool:
    """The accounts of the report's own level and region prepare and submit it."""
    if not user.is_active:
        return False
    return user.role == ROLE_FOR_LEVEL[region_level(region_code)] and (
        user.scope_code == region_code
    )


def can_review(user: User, region_code: str | None) -> bool:
    """A coordinator above the report's region, whose area holds it."""
    if not user.is_active or user.role not in COORDINATORS or region_code is None:
        return False
    return user.covers(region_code) and user.scope_code != region_code


def can_comment(user: User, region_code: str | None) -> bool:
    return can_prepare(user, region_code) or can_review(user, region_code)


def can_see_completeness(user: User) -> bool:
    return user.is_active and (user.role in COORDINATORS or is_partner(user))


# Aggregates ----------------------------------------------------------------------------------


def can_see_aggregates_of(user: User, region_code: str | None) -> bool:
    return user.is_active and user.role in ROLE_SET and user.covers(region_code)


ROLE_SET = frozenset(Role)


def suppresses(user: User) -> bool:
    """Counts of people under 5 are hidden for partners (and the public)."""
    return is_partner(user)


def can_read_spm(user: User, region_code: str | None) -> bool:
    return spm_reader(user) and user.covers(region_code)


def can_drill_down_spm(user: User, region_code: str | None) -> bool:
    return can_read_spm(user, region_code) and can_drill_down(user)


def can_recompute_spm(user: User, region_code: str | None) -> bool:
    return can_drill_down_spm(user, region_code)
