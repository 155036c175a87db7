"""The training-needs view (read only): where capacity is missing.

- villages without an active PSM who has Bimtek dasar (one NOT EXISTS query, paginated);
- per district, the skills of the vocabulary that no active PSM there has.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr

from sipsm.regions.models import Region, RegionQuerySet
from sipsm.registry.models import Member, Skill

DISTRICT_CODE_LENGTH = 8  # "75.01.01"


def villages_without_bimtek(scope: str | None) -> RegionQuerySet:
    trained = Member.objects.active().filter(
        home_village_id=OuterRef("code"), bimtek_dasar_date__isnull=False
    )
    return (
        Region.objects.villages()
        .within(scope)
        .annotate(has_trained=Exists(trained))
        .filter(has_trained=False)
        .order_by("code")
    )


@dataclass(frozen=True)
class DistrictGap:
    district: Region
    active_members: int
    missing: list[Skill]


def districts(scope: str | None) -> RegionQuerySet:
    return Region.objects.filter(level=Region.Level.DISTRICT).within(scope).order_by("code")


def skill_gaps(page_of_districts: list[Region]) -> list[DistrictGap]:
    """For each district of the page: active PSMs and the skills none of them has (three
    queries for the whole page)."""
    if not page_of_districts:
        return []
    codes = [d.code for d in page_of_districts]
    area = Q()
    for code in codes:
        area |= Q(home_village__code__startswith=code + ".")
    active = Member.objects.active().filter(area)
    counts = dict(
        active.annotate(district=Substr("home_village_id", 1, DISTRICT_CODE_LENGTH))
        .values("district")
        .annotate(n=Count("id"))
        .values_list("district", "n")
    )
    present: dict[str, set[int]] = {code: set() for code in codes}
    pairs = (
        active.filter(skills__isnull=False)
        .annotate(district=Substr("home_village_id", 1, DISTRICT_CODE_LENGTH))
        .values_list("district", "skills")
        .distinct()
    )
    for district, skill_id in pairs:
        present.setdefault(str(district), set()).add(int(skill_id))
    skills = list(Skill.objects.order_by("name"))
    return [
        DistrictGap(
            district=d,
            active_members=counts.get(d.code, 0),
            missing=[s for s in skills if s.pk not in present.get(d.code, set())],
        )
        for d in page_of_districts
    ]
