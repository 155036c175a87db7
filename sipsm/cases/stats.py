"""Aggregates over cases for people who may not read them (government partners) and for
overviews: every count under 5 is suppressed (shown as "<5"), so that no child can be picked
out of a small number (UU 11/2012 Pasal 19, UU PDP; security-reliability.md §4).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

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


def _row(code: str, name: str, children: list[int], met: dict[int, set[str]]) -> RightsRow:
    return RightsRow(
        code=code,
        name=name,
        children=suppressed(len(children)),
        met={
            right.value: suppressed(sum(1 for c in children if right.value in met.get(c, ())))
            for right in ChildRight
        },
    )


def child_rights_table(region: Region | None) -> RightsTable:
    """Children with a case in `region` (the country for None) and how many have each right
    met, in total and for every region one level down (all of them, so that a row's presence
    reveals nothing)."""
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
    rows = [_row(c, name, groups.get(c, []), met) for c, name in below.values_list("code", "name")]
    total_name = region.name if region is not None else _("Indonesia")
    total = _row(code or "", total_name, list(village_of), met)
    return RightsTable(region=region, total=total, rows=rows)
