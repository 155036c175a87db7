"""Aggregates over cases for people who may not read them (government partners) and for
overviews: every count under 5 is suppressed (shown as "<5"), so that no child can be picked
out of a small number (UU 11/2012 Pasal 19, UU PDP; security-reliability.md §4).

Suppression is complementary: within each column of a table the rows add up to the total,
so a single hidden cell could be recomputed from the total and the cells shown. A column with
exactly one hidden cell therefore also hides its next smallest cell (or, when there is none,
the total): hidden cells are only ever known together, never one by one.

A government partner gets children's figures for a regency/city or above, never per
district or village (security-reliability.md D6): a smaller region is taken as its regency,
and the rows one level down are listed only below a province (or the country).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import Role
from sipsm.cases.models import Case, ChildRight, RightRecord, RightStatus
from sipsm.regions.models import Region

SMALL_CELL = 5
# The length of a region code one level below a region of this level (None: the country).
_CHILD_CODE_LENGTH: dict[int | None, int] = {None: 2, 1: 5, 2: 8, 3: 13, 4: 13}


@dataclass(frozen=True)
class Count:
    value: int
    hidden: bool = False

    def __str__(self) -> str:
        return f"<{SMALL_CELL}" if self.hidden else str(self.value)

    def as_json(self) -> int | None:
        return None if self.hidden else self.value


def suppressed(n: int) -> Count:
    """A count as aggregate views show it: under 5 it is hidden."""
    if n < SMALL_CELL:
        return Count(0, hidden=True)
    return Count(n)


@dataclass
class RightsRow:
    code: str
    name: str
    children: Count
    met: dict[str, Count] = field(default_factory=dict)

    def cells(self) -> list[Count]:
        return [self.met[right.value] for right in ChildRight]


@dataclass
class RightsTable:
    region: Region | None
    total: RightsRow
    rows: list[RightsRow]


def _met_by_child(region_code: str | None) -> tuple[dict[int, str], dict[int, set[str]]]:
    """For every child with a case in the region: their village, and the rights met (a right
    is met when its latest record in one of the child's cases says so)."""
    cases = Case.objects.filter(is_child=True).in_region(region_code)
    village_of: dict[int, str] = {}
    person_of: dict[int, int] = {}
    for case_id, person_id, village_id in cases.values_list("pk", "person_id", "village_id"):
        village_of.setdefault(person_id, village_id)
        person_of[case_id] = person_id
    latest: dict[tuple[int, str], tuple[object, int, str]] = {}
    records = RightRecord.objects.filter(case__in=cases).values_list(
        "case_id", "right", "status", "as_of", "pk"
    )
    for case_id, right, status, as_of, pk in records:
        key = (case_id, right)
        seen = latest.get(key)
        if seen is None or (as_of, pk) > (seen[0], seen[1]):
            latest[key] = (as_of, pk, status)
    met: dict[int, set[str]] = defaultdict(set)
    for (case_id, right), (_as_of, _pk, status) in latest.items():
        if status == RightStatus.MET:
            met[person_of[case_id]].add(right)
    return village_of, met


def protect_column(total: int, cells: list[int]) -> tuple[bool, list[bool]]:
    """Which cells of one column (and whether its total) to hide: primary suppression of
    counts under 5, then complementary suppression: a lone hidden cell would be the total
    less the cells shown, so the next smallest cell is hidden with it (or, when there is
    none, the total)."""
    hidden = [n < SMALL_CELL for n in cells]
    if total < SMALL_CELL:
        return True, [True] * len(cells)
    if sum(hidden) != 1:
        return False, hidden
    shown = [i for i, h in enumerate(hidden) if not h]
    if not shown:
        return True, hidden
    hidden[min(shown, key=lambda i: (cells[i], i))] = True
    return False, hidden


def _count(n: int, hidden: bool) -> Count:
    return Count(0, hidden=True) if hidden else Count(n)


def _table(
    rows: list[tuple[str, str, list[int]]],
    total: tuple[str, str, list[int]],
    met: dict[int, set[str]],
) -> tuple[RightsRow, list[RightsRow]]:
    """The rows and the total with suppression applied column by column."""

    def values(children: list[int]) -> dict[str, int]:
        numbers = {"children": len(children)}
        for right in ChildRight:
            numbers[right.value] = sum(1 for c in children if right.value in met.get(c, ()))
        return numbers

    raw_rows = [values(children) for _code, _name, children in rows]
    raw_total = values(total[2])
    columns = ["children", *(right.value for right in ChildRight)]
    hide_total: dict[str, bool] = {}
    hide_cells: dict[str, list[bool]] = {}
    for column in columns:
        hide_total[column], hide_cells[column] = protect_column(
            raw_total[column], [r[column] for r in raw_rows]
        )

    def build(code: str, name: str, numbers: dict[str, int], hide: dict[str, bool]) -> RightsRow:
        return RightsRow(
            code=code,
            name=name,
            children=_count(numbers["children"], hide["children"]),
            met={r.value: _count(numbers[r.value], hide[r.value]) for r in ChildRight},
        )

    built = [
        build(code, name, numbers, {c: hide_cells[c][i] for c in columns})
        for i, ((code, name, _children), numbers) in enumerate(zip(rows, raw_rows, strict=True))
    ]
    return build(total[0], total[1], raw_total, hide_total), built


def figures_region(user: User, region: Region | None) -> tuple[Region | None, bool]:
    """The region whose children's figures the user gets for `region`, and whether its
    rows one level down are listed: a government partner never gets below a regency."""
    if user.role != Role.GOVERNMENT_PARTNER:
        return region, True
    if region is not None and region.level > Region.Level.REGENCY:
        region = Region.objects.get(code=region.code[:5])
    return region, region is None or region.level < Region.Level.REGENCY


def child_rights_table(region: Region | None, *, with_rows: bool = True) -> RightsTable:
    """Children with a case in `region` (the country for None) and how many have each right
    met, in total and (`with_rows`) for every region one level down (all of them, so that a
    row's presence reveals nothing)."""
    code = region.code if region is not None else None
    village_of, met = _met_by_child(code)
    length = _CHILD_CODE_LENGTH[region.level if region is not None else None]
    groups: dict[str, list[int]] = defaultdict(list)
    for person_id, village in village_of.items():
        groups[village[:length]].append(person_id)
    below = (
        Region.objects.filter(level=Region.Level.PROVINCE)
        if region is None
        else Region.objects.filter(parent_id=region.code)
    )
    rows = (
        [(c, name, groups.get(c, [])) for c, name in below.values_list("code", "name")]
        if with_rows
        else []
    )
    total_name = region.name if region is not None else _("Indonesia")
    total, built = _table(rows, (code or "", total_name, list(village_of)), met)
    return RightsTable(region=region, total=total, rows=built)
