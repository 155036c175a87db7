"""The only way views, the API and exports obtain aid rows.

Each `access_*` returns the object or raises Http404, both when it does not exist and when
the user may not read it, so an id never reveals whether a family, round, complaint or
proposal exists. `*_for` functions give the rows a user may list.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.aid import permissions as perms
from sipsm.aid.models import (
    Assignment,
    AssignmentQuerySet,
    Complaint,
    KpmEntry,
    KpmEntryQuerySet,
    KpmImport,
    Period,
    Program,
    Proposal,
    Round,
    Tick,
)
from sipsm.aid.models.distribution import MARKED
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.people.names import name_key


def access_program(user: User, program_id: int) -> Program:
    if not perms.can_see_programs(user):
        raise Http404
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def access_period(user: User, period_id: int) -> Period:
    if not perms.can_see_programs(user):
        raise Http404
    period = Period.objects.select_related("program").filter(pk=period_id).first()
    if period is None:
        raise Http404
    return period


def entries_for(user: User) -> KpmEntryQuerySet:
    if not perms.can_read_entries(user):
        return KpmEntry.objects.none()
    return KpmEntry.objects.filter(perms.village_q(user, "village__code"))


def access_entry(user: User, entry_id: int) -> KpmEntry:
    if not perms.can_read_entries(user):
        raise Http404
    entry = (
        KpmEntry.objects.select_related("period__program", "village", "household", "pengurus")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise Http404
    if not perms.reads_village(user, entry.village_id):
        raise Http404
    return entry


def reveal_identity(user: User, entry: KpmEntry, *, reason: str) -> dict[str, str]:
    """The full NIK, KK, KKS and account numbers and the mother's maiden name of a family,
    for a user who may reveal them, with a reason: audited and counted against the daily
    limit of NIK reveals (SIPSM_NIK_REVEALS_PER_DAY)."""
    if not perms.can_reveal(user, entry.village_id):
        raise PermissionRefused()
    if len(reason.strip()) < 5:
        raise ActionError(_("Give a reason (at least 5 characters)."), field="reason")
    key = f"nik-reveals:{user.pk}:{timezone.localdate().isoformat()}"
    used = int(cache.get_or_set(key, 0, timeout=24 * 3600) or 0)
    if used >= settings.SIPSM_NIK_REVEALS_PER_DAY:
        raise PermissionRefused(_("Daily limit of NIK reveals reached."), code="rate_limited")
    cache.incr(key)
    record_event(
        actor=user,
        verb="aid.entry.reveal",
        target=entry,
        region_code=entry.village_id,
        data={"reason": reason.strip()[:200]},
    )
    return {
        "nik": entry.pengurus.nik,
        "kk": entry.household.kk,
        "kks_number": entry.kks_number,
        "account_number": entry.account_number,
        "mother_maiden_name": entry.mother_maiden_name,
    }


def imports_for(user: User) -> QuerySet[KpmImport]:
    if not perms.can_import(user):
        return KpmImport.objects.none()
    return KpmImport.objects.filter(created_by=user)


def access_import(user: User, import_id: int) -> KpmImport:
    """An import of the requesting coordinator (404 for anyone else's)."""
    if not perms.can_import(user):
        raise Http404
    run = (
        KpmImport.objects.select_related("period__program", "created_by")
        .filter(pk=import_id, created_by=user)
        .first()
    )
    if run is None:
        raise Http404
    return run


def assignments_for(user: User) -> AssignmentQuerySet:
    if perms.is_coordinator(user):
        return Assignment.objects.filter(user.scope_q("village__code"))
    if perms.is_psm(user):
        return Assignment.objects.filter(psm=user)
    return Assignment.objects.none()


def access_assignment(user: User, assignment_id: int) -> Assignment:
    assignment = (
        Assignment.objects.select_related("psm", "village").filter(pk=assignment_id).first()
    )
    if assignment is None:
        raise Http404
    if not perms.can_assign(user, assignment.village_id):
        raise Http404
    return assignment


def rounds_for(user: User) -> QuerySet[Round]:
    if perms.is_partner(user):
        return Round.objects.filter(user.scope_q("village__code"))
    if not perms.can_read_entries(user):
        return Round.objects.none()
    return Round.objects.filter(perms.village_q(user, "village__code"))


def access_round(user: User, round_id: int) -> Round:
    """A round whose families the user may see (and tick)."""
    found = Round.objects.select_related("period__program", "village").filter(pk=round_id).first()
    if found is None:
        raise Http404
    if not perms.reads_village(user, found.village_id):
        raise Http404
    return found


def access_round_figures(user: User, round_id: int) -> Round:
    """A round whose reconciliation (aggregates) the user may read."""
    found = Round.objects.select_related("period__program", "village").filter(pk=round_id).first()
    if found is None:
        raise Http404
    if not perms.can_see_reconciliation(user, found.village_id):
        raise Http404
    return found


def access_entry_in_round(round_: Round, entry_id: int) -> KpmEntry:
    entry = (
        KpmEntry.objects.filter(
            pk=entry_id, period_id=round_.period_id, village_id=round_.village_id
        )
        .select_related("household")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


# The checklist's filters: families of the round with (True) or without (False) such a tick.
CHECKLIST_FILTERS = {
    "todo": (MARKED, False),  # no mark yet (no tick, or every mark undone)
    "problem": (~Q(problem=""), True),
    "received": (Q(received_at__isnull=False), True),
}


def round_entries(round_: Round, *, show: str = "", text: str = "") -> QuerySet[KpmEntry]:
    """The families of a round the caller obtained with `access_round`, for its checklist:
    optionally only those of one filter (`CHECKLIST_FILTERS`), or whose name contains `text`."""
    entries: QuerySet[KpmEntry] = KpmEntry.objects.filter(
        period_id=round_.period_id, village_id=round_.village_id
    )
    if show:
        condition, present = CHECKLIST_FILTERS[show]
        found = Exists(Tick.objects.filter(condition, round=round_, entry_id=OuterRef("pk")))
        entries = entries.filter(found if present else ~found)
    if text.strip():
        entries = entries.filter(pengurus__name_key__contains=name_key(text))
    return entries.order_by("pengurus_name", "id")


def complaints_for(user: User) -> QuerySet[Complaint]:
    if not perms.can_read_complaints(user):
        return Complaint.objects.none()
    return Complaint.objects.filter(perms.complaint_village_q(user, "village__code"))


def access_complaint(user: User, complaint_id: int) -> Complaint:
    if not perms.can_read_complaints(user):
        raise Http404
    complaint = (
        Complaint.objects.select_related("village", "program", "entry")
        .filter(pk=complaint_id)
        .first()
    )
    if complaint is None:
        raise Http404
    if perms.is_partner(user):
        if not user.covers(complaint.village_id):
            raise Http404
    elif not perms.reads_village(user, complaint.village_id):
        raise Http404
    return complaint


def proposals_for(user: User) -> QuerySet[Proposal]:
    if not perms.can_read_proposals(user):
        return Proposal.objects.none()
    return Proposal.objects.filter(perms.complaint_village_q(user, "village__code"))


def access_proposal(user: User, proposal_id: int) -> Proposal:
    if not perms.can_read_proposals(user):
        raise Http404
    proposal = (
        Proposal.objects.select_related("village", "program", "entry", "household")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise Http404
    if perms.is_partner(user):
        if not user.covers(proposal.village_id):
            raise Http404
    elif not perms.reads_village(user, proposal.village_id):
        raise Http404
    return proposal
