"""The only way views, the API and exports obtain members and units.

Each function returns the object or raises Http404, both when it does not exist and when it
lies outside the user's region scope, so an id never reveals whether a record exists.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import Capability
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.registry.models import Member, MemberQuerySet, Unit, UnitQuerySet


def members_for(user: User) -> MemberQuerySet:
    """Members the user may list: their region subtree, if their role reads member records."""
    if not user.can(Capability.VIEW_MEMBERS):
        return Member.objects.none()
    return Member.objects.visible_to(user)


def access_member(user: User, member_id: int) -> Member:
    if not user.can(Capability.VIEW_MEMBERS):
        raise Http404
    member = (
        Member.objects.select_related("home_village", "ktp_village", "user")
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        raise Http404
    if not user.covers(member.home_village_id):
        raise Http404
    return member


def log_member_read(user: User, member: Member, *, what: str) -> None:
    """Reading a member's file (personal data, decrypted) is recorded: who, which, where."""
    record_event(
        actor=user,
        verb="access.member.read",
        target=member,
        region_code=member.home_village_id,
        data={"what": what},
    )


def access_member_for(user: User, member_id: int, capability: str) -> Member:
    """A member the user can see and may act on with `capability` (403 if only seeing)."""
    member = access_member(user, member_id)
    if not user.can(capability):
        raise PermissionRefused()
    return member


def access_member_nik(user: User, member: Member, *, reason: str) -> str:
    """The full NIK, for a user allowed to reveal it, with a reason; audited and rate-limited."""
    if not user.can(Capability.REVEAL_NIK) or not user.covers(member.home_village_id):
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
        verb="member.reveal_nik",
        target=member,
        region_code=member.home_village_id,
        data={"reason": reason.strip()[:200]},
    )
    return str(member.nik)


def units_for(user: User) -> UnitQuerySet:
    if not user.can(Capability.VIEW_UNITS):
        return Unit.objects.none()
    return Unit.objects.visible_to(user)


def access_unit(user: User, unit_id: int) -> Unit:
    if not user.can(Capability.VIEW_UNITS):
        raise Http404
    unit = Unit.objects.select_related("region", "parent").filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    if not Unit.objects.visible_to(user).filter(pk=unit.pk).exists():
        raise Http404
    return unit


def access_unit_for_management(user: User, unit_id: int) -> Unit:
    """A unit whose board the user may change: inside their scope (not the units above)."""
    unit = access_unit(user, unit_id)
    if not user.can(Capability.MANAGE_UNITS):
        raise PermissionRefused()
    if unit.region_id is None:
        if user.scope_code is not None:
            raise PermissionRefused()
    elif not user.covers(unit.region_id):
        raise PermissionRefused()
    return unit
