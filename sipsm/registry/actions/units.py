"""IPSM units along the region tree, their boards (pengurus) and board positions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import Capability
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.registry.models import BoardPosition, BoardTerm, Member, Unit

_LEVEL_WORD = {
    codes.Kind.PROVINSI: "Provinsi",
    codes.Kind.KABUPATEN: "",
    codes.Kind.KOTA: "",
    codes.Kind.KECAMATAN: "Kecamatan",
    codes.Kind.DISTRIK: "Distrik",
    codes.Kind.DESA: "Desa",
    codes.Kind.DESA_ADAT: "Desa Adat",
    codes.Kind.KELURAHAN: "Kelurahan",
}


def unit_name(region: Region | None) -> str:
    if region is None:
        return "IPSM Nasional"
    word = _LEVEL_WORD[region.kind]
    return f"IPSM {word} {region.name}".replace("  ", " ")


def _check_may_manage(acting_user: User | None, region: Region | None) -> None:
    if acting_user is None:
        return
    if not acting_user.can(Capability.MANAGE_UNITS):
        raise PermissionRefused()
    if region is None and acting_user.scope_code is not None:
        raise PermissionRefused()
    if region is not None and not acting_user.covers(region.code):
        raise PermissionRefused(_("The region is outside your area."))


@transaction.atomic
def ensure_unit(*, acting_user: User | None, region: Region | None) -> Unit:
    """The unit of a region, creating it (and any missing units above it) when needed."""
    existing = Unit.objects.filter(region=region).first() if region else None
    if region is None:
        existing = Unit.objects.filter(level=Unit.Level.NATIONAL).first()
    if existing is not None:
        return existing
    _check_may_manage(acting_user, region)
    parent = None
    if region is not None:
        parent_region = region.parent
        parent = ensure_unit(acting_user=None, region=parent_region)
    unit = Unit.objects.create(
        level=region.level if region else Unit.Level.NATIONAL,
        region=region,
        parent=parent,
        name=unit_name(region),
    )
    record_event(
        actor=acting_user,
        verb="unit.create",
        target=unit,
        region_code=region.code if region else "",
    )
    return unit


@transaction.atomic
def create_board_term(
    *,
    acting_user: User | None,
    unit: Unit,
    start_year: int,
    end_year: int,
    sk_number: str = "",
    sk_date: dt.date | None = None,
) -> BoardTerm:
    _check_may_manage(acting_user, unit.region)
    if end_year < start_year:
        raise ActionError(_("The term must end after it starts."), field="end_year")
    if end_year - start_year > 10:
        raise ActionError(_("A term lasts at most 10 years."), field="end_year")
    overlapping = unit.board_terms.filter(start_year__lte=end_year, end_year__gte=start_year)
    if overlapping.exists():
        raise Conflict(_("This term overlaps another board term of the unit."), field="start_year")
    term = BoardTerm.objects.create(
        unit=unit, start_year=start_year, end_year=end_year, sk_number=sk_number, sk_date=sk_date
    )
    record_event(
        actor=acting_user,
        verb="board.create_term",
        target=term,
        region_code=unit.region_id or "",
        data={"years": f"{start_year}-{end_year}", "sk_number": sk_number},
    )
    return term


@transaction.atomic
def add_board_position(
    *,
    acting_user: User | None,
    term: BoardTerm,
    position: str,
    member: Member | None = None,
    holder_name: str = "",
    title: str = "",
) -> BoardPosition:
    _check_may_manage(acting_user, term.unit.region)
    if member is None and not holder_name.strip():
        raise ActionError(_("Choose a member or write the holder's name."), field="member")
    if (
        member is not None
        and term.unit.region_id
        and not codes.is_within(member.home_village_id, term.unit.region_id)
    ):
        raise ActionError(_("The member does not belong to this unit's area."), field="member")
    from sipsm.registry.models import POSITION_ORDER, Position

    single = {Position.KETUA, Position.SEKRETARIS, Position.BENDAHARA}
    if position in single and term.positions.filter(position=position).exists():
        raise Conflict(_("This position is already filled in this term."), field="position")
    board_position = BoardPosition.objects.create(
        term=term,
        position=position,
        member=member,
        holder_name=holder_name.strip() if member is None else "",
        title=title.strip(),
        sort_order=POSITION_ORDER.get(position, 99),
    )
    record_event(
        actor=acting_user,
        verb="board.add_position",
        target=board_position,
        region_code=term.unit.region_id or "",
        data={"position": position, "member": member.pk if member else None},
    )
    return board_position


@transaction.atomic
def remove_board_position(*, acting_user: User, board_position: BoardPosition) -> None:
    _check_may_manage(acting_user, board_position.term.unit.region)
    record_event(
        actor=acting_user,
        verb="board.remove_position",
        target=board_position,
        region_code=board_position.term.unit.region_id or "",
        data={"position": board_position.position, "holder": board_position.holder},
    )
    board_position.delete()
