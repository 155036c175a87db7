"""SPM bidang sosial at regency/city level: the four rehabilitation services outside
institutions (PP 2/2018 Pasal 10; Permensos 9/2018; domain.md §3.2), from case data.

Each indicator is a percentage, target 100 %, counted over one budget year (January to
December): numerator / denominator × 100, unit jiwa (people, not cases).

- `disabilitas`: % penyandang disabilitas telantar yang terpenuhi kebutuhan dasarnya di luar
  panti;
- `anak`: % anak telantar yang terpenuhi kebutuhan dasarnya di luar panti;
- `lansia`: % lanjut usia telantar yang terpenuhi kebutuhan dasarnya di luar panti;
- `gepeng`: % gelandangan dan pengemis yang terpenuhi kebutuhan dasarnya di luar panti.

Denominator ("populasi ... yang membutuhkan rehabilitasi sosial dasar di luar panti, per
asesmen"): the people with a case in a village of the regency that was open at some time in
the year, and that has an assessment dated on or before 31 December of the year placing the
person in the group with services outside institutions.

Numerator ("jumlah ... yang terpenuhi kebutuhan dasarnya"): those of them for whom a worker
recorded, during the year, that their basic needs were met outside institutions
(`BasicNeedsMet`, recorded on a case of the regency for the same group).

A person counts once per indicator however many cases they have (records merged as the same
person count once, since their cases point to the surviving record). The village is the
case's village at the time of counting (a case transferred to another regency counts
there). The service elements that make up "basic needs" (permakanan up to 7 days, sandang,
alat bantu, health supplies, guidance, adminduk, access to education and health, family
tracing, reunification, referral) are recorded as services; whether they add up to "met"
is the worker's judgement, as in the SPM reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from sipsm.cases.models import Assessment, BasicNeedsMet, Case, CaseQuerySet, SpmSetting
from sipsm.cases.stats import Count, suppressed
from sipsm.people.models import WelfareCategory
from sipsm.regions import codes

GROUPS = WelfareCategory.SpmGroup


@dataclass(frozen=True)
class Indicator:
    group: str
    label: str
    numerator: Count
    denominator: Count

    @property
    def percent(self) -> float | None:
        """None when a count is suppressed (a percentage would reveal it) or there is none."""
        if self.numerator.hidden or self.denominator.hidden or not self.denominator.value:
            return None
        return round(100 * self.numerator.value / self.denominator.value, 1)


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def regency_cases(regency_code: str) -> CaseQuerySet:
    regency = codes.normalize(regency_code)
    if codes.level_of(regency) != codes.Level.REGENCY:
        raise ValueError(f"{regency_code!r} is not a regency/city code")
    return Case.objects.filter(village__code__startswith=regency + ".")


def denominator_cases(*, regency_code: str, year: int, group: str) -> CaseQuerySet:
    """Cases that put a person in the denominator (see the module docstring)."""
    start, end = _year_bounds(year)
    assessed = Assessment.objects.filter(
        spm_group=group, spm_setting=SpmSetting.OUTSIDE_PANTI, assessed_on__lte=end
    ).values("case_id")
    return (
        regency_cases(regency_code)
        .filter(pk__in=assessed, opened_at__date__lte=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__date__gte=start))
    )


def met_cases(*, regency_code: str, year: int, group: str) -> CaseQuerySet:
    start, end = _year_bounds(year)
    met = BasicNeedsMet.objects.filter(
        spm_group=group,
        spm_setting=SpmSetting.OUTSIDE_PANTI,
        met_on__gte=start,
        met_on__lte=end,
    ).values("case_id")
    return denominator_cases(regency_code=regency_code, year=year, group=group).filter(pk__in=met)


def counts(*, regency_code: str, year: int, group: str) -> tuple[int, int]:
    """(numerator, denominator) in people, unsuppressed (for reports the user may drill into
    and for tests; pages and the API show `indicators`)."""
    denominator = (
        denominator_cases(regency_code=regency_code, year=year, group=group)
        .values("person_id")
        .distinct()
        .count()
    )
    numerator = (
        met_cases(regency_code=regency_code, year=year, group=group)
        .values("person_id")
        .distinct()
        .count()
    )
    return numerator, denominator


def indicators(*, regency_code: str, year: int) -> list[Indicator]:
    """The four indicators of a regency and year, counts under 5 suppressed."""
    result = []
    for group in GROUPS:
        numerator, denominator = counts(regency_code=regency_code, year=year, group=group.value)
        result.append(
            Indicator(
                group=group.value,
                label=str(group.label),
                numerator=suppressed(numerator),
                denominator=suppressed(denominator),
            )
        )
    return result
