"""Reads of the register: filtered member lists and counts for dashboards."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from sipsm.accounts.models import User
from sipsm.accounts.roles import Capability
from sipsm.identity.fields import index_for
from sipsm.identity.nik import normalize as normalize_nik
from sipsm.regions import codes
from sipsm.registry.access import members_for
from sipsm.registry.models import Member, MemberQuerySet


def filter_members(queryset: MemberQuerySet, filters: dict[str, Any]) -> MemberQuerySet:
    """Apply list filters.

    `q` matches names and KTA numbers. `nik` finds a member through the NIK's blind index; it
    comes only from POST bodies, so that a NIK never travels in a URL (ASVS 14.2.1).
    """
    nik = normalize_nik(filters.get("nik") or "")
    if nik:
        queryset = queryset.filter(nik_index=index_for(nik, kind="nik"))
    query = (filters.get("q") or "").strip()
    if query:
        queryset = queryset.filter(Q(full_name__icontains=query) | Q(kta_number__iexact=query))
    for name in ("status", "stage", "availability"):
        if filters.get(name):
            queryset = queryset.filter(**{name: filters[name]})
    skill = filters.get("skill")
    if skill:
        queryset = queryset.filter(skills=skill)
    region = (filters.get("region") or "").strip()
    if region:
        try:
            code = codes.normalize(region)
        except codes.InvalidRegionCode:
            return queryset.none()
        queryset = queryset.filter(
            Q(home_village_id=code) | Q(home_village__code__startswith=code + ".")
        )
    return queryset


def member_counts_for(user: User) -> dict[str, int]:
    """Members by status in the user's area (aggregates only, so partners may see them)."""
    if not user.can(Capability.VIEW_AGGREGATES):
        return {}
    queryset = Member.objects.filter(user.scope_q("home_village__code"))
    rows = queryset.values("status").annotate(n=Count("id")).order_by()
    counts = dict.fromkeys(Member.Status.values, 0)
    for row in rows:
        counts[row["status"]] = row["n"]
    counts["awaiting_recommendation"] = queryset.filter(
        status=Member.Status.CANDIDATE, stage=Member.Stage.APPLIED
    ).count()
    counts["awaiting_verification"] = queryset.filter(
        status=Member.Status.CANDIDATE, stage=Member.Stage.RECOMMENDED
    ).count()
    return counts


def visible_members(user: User, filters: dict[str, Any]) -> MemberQuerySet:
    return filter_members(members_for(user), filters).select_related("home_village")
