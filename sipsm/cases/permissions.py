"""Who may see and do what in casework (security-reliability.md §3.7, §4).

A case file is narrower than geography: it is visible to
- its responsible worker,
- its supervisors: the coordinators whose region covers the case's village (TKSK of the
  district, regency, province, national) and the named supervisor, if any,
- the users it is explicitly shared with (read only, until the share is revoked),
- the worker a transfer is waiting on (to decide whether to accept it).
Another PSM of the same village does not see it, and a government partner never sees a
case: partners get aggregates (with counts under 5 suppressed) only.

The worker and the supervisors work on a case; only a supervisor other than the worker
approves (high-risk review, closure) and overrides missing consent.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q

from sipsm.accounts.models import User
from sipsm.accounts.roles import COORDINATORS, REGENCY_AND_ABOVE, Role
from sipsm.cases.models import Case, ServiceProvider, Share, Transfer

CASE_ROLES = COORDINATORS | {Role.VILLAGE_PSM}
DEFAULT_APPROVALS = {"high_risk": True, "closure": True}


def approval_required(kind: str) -> bool:
    """Whether a supervisor must approve `kind` ("high_risk", "closure"); configured with the
    setting SIPSM_CASE_APPROVALS (a dict), both on by default."""
    configured = getattr(settings, "SIPSM_CASE_APPROVALS", {}) or {}
    return bool({**DEFAULT_APPROVALS, **configured}.get(kind, False))


def is_case_worker_role(user: User) -> bool:
    return user.is_active and user.role in CASE_ROLES


def visibility_q(user: User) -> Q:
    """Cases the user may read, as a filter."""
    if not user.is_active or user.role not in CASE_ROLES:
        return Q(pk__in=[])
    shared = Share.objects.filter(user=user, revoked_at__isnull=True).values("case_id")
    offered = Transfer.objects.filter(to_worker=user, status=Transfer.Status.PENDING).values(
        "case_id"
    )
    visible = Q(worker=user) | Q(supervisor=user) | Q(pk__in=shared) | Q(pk__in=offered)
    if user.role in COORDINATORS:
        visible |= user.scope_q("village__code")
    return visible


def supervises(user: User, case: Case) -> bool:
    """The user is in the case's supervisor chain (which may include its worker)."""
    if not user.is_active:
        return False
    if case.supervisor_id == user.pk:
        return True
    return user.role in COORDINATORS and user.covers(case.village_id)


def can_read_case(user: User, case: Case) -> bool:
    if not user.is_active:
        return False
    if user.role not in CASE_ROLES:
        return False
    if case.worker_id == user.pk:
        return True
    if supervises(user, case):
        return True
    if Share.objects.filter(case=case, user=user, revoked_at__isnull=True).exists():
        return True
    return Transfer.objects.filter(
        case=case, to_worker=user, status=Transfer.Status.PENDING
    ).exists()


def can_work_on(user: User, case: Case) -> bool:
    """Record assessments, plans, services, referrals, notes; request closure."""
    if not user.is_active or user.role not in CASE_ROLES:
        return False
    return case.worker_id == user.pk or supervises(user, case)


def can_approve(user: User, case: Case) -> bool:
    """Decide approvals and override missing consent: a supervisor who is not the worker."""
    return case.worker_id != user.pk and supervises(user, case)


def can_open_case_in(user: User, village_code: str) -> bool:
    return is_case_worker_role(user) and user.covers(village_code)


def can_be_worker(user: User, village_code: str) -> bool:
    """A user who can be made responsible for a case in the village."""
    return is_case_worker_role(user) and user.covers(village_code)


def can_share_with(user: User) -> bool:
    """Cases are shared with people who work on cases, never with a government partner."""
    return is_case_worker_role(user)


def can_manage_providers(user: User) -> bool:
    return user.is_active and user.role in COORDINATORS


def can_edit_provider(user: User, provider: ServiceProvider) -> bool:
    return can_manage_providers(user) and user.covers(provider.region_id)


def can_see_directory(user: User) -> bool:
    return user.is_active


def can_see_aggregates(user: User) -> bool:
    """Counts over children and cases (small counts suppressed): everyone signed in."""
    return user.is_active


def spm_reader(user: User) -> bool:
    """Coordinators of a regency or above, and government partners, read SPM indicators."""
    return user.is_active and user.role in REGENCY_AND_ABOVE | {Role.GOVERNMENT_PARTNER}


def can_see_spm(user: User, regency_code: str) -> bool:
    """SPM indicators of a regency: for an SPM reader whose region covers it."""
    return spm_reader(user) and user.covers(regency_code)


def can_drill_down(user: User) -> bool:
    """Lists of the cases behind an aggregate (each still filtered by case visibility)."""
    return is_case_worker_role(user)


def can_triage_intakes(user: User, village_code: str | None = None) -> bool:
    if not is_case_worker_role(user):
        return False
    return village_code is None or user.covers(village_code)


def can_export_cases(user: User) -> bool:
    return user.is_active and user.role in COORDINATORS
