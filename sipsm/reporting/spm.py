"""SPM bidang sosial: the ten indicators (domain.md §3.2), computed from case, incident and
relief records, per province or regency/city and budget year.

All ten are percentages, target 100 %, counted over one budget year (January to December),
unit jiwa: numerator (people whose basic needs were met) / denominator (people in the region
who need the service, per assessment) x 100.

Regency/city (outside institutions, and disasters of the regency): the four rehabilitation
indicators are `sipsm.cases.spm.counts` and the disaster indicator is
`sipsm.relief.spm.spm_disaster_counts`, unchanged.

Province (inside institutions, and disasters of the province), which those modules do not
cover, follow the same rules with the differences below:
- the four "di dalam panti" indicators count cases in a village of the province with an
  assessment placing the person in the group with the setting "inside institutions", and
  `BasicNeedsMet` records with that setting. Services in a panti are mostly recorded by the
  province's own institutions (UPT), not by PSMs: when no case of the province has such an
  assessment in the year, the indicator shows "no data" with that reason instead of 0 %.
- the disaster indicator counts the victims of provincial disasters: incidents located at
  province level, or whose registered victims live in more than one regency/city of the
  province (a disaster beyond one regency's reach). Victims and "basic needs met" are those
  of `sipsm.relief.spm` (`needing_people`, `met_flags`); a person (same NIK) counts once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sipsm.cases import spm as case_spm
from sipsm.cases.models import Assessment, BasicNeedsMet, Case, CaseQuerySet, SpmSetting
from sipsm.cases.stats import SMALL_CELL
from sipsm.people.models import WelfareCategory
from sipsm.regions import codes

LEGAL_BASIS = _(
    "PP No. 2 Tahun 2018 tentang Standar Pelayanan Minimal, Pasal 10; Permensos No. 9 Tahun "
    "2018 tentang Standar Teknis Pelayanan Dasar pada SPM Bidang Sosial; Permendagri No. 59 "
    "Tahun 2021 tentang Penerapan SPM."
)
GROUPS = WelfareCategory.SpmGroup


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    level: int  # 1 province, 2 regency/city
    group: str  # an SPM group, or "bencana"
    service: str | Promise  # the basic service type (jenis pelayanan dasar)
    name: str | Promise  # the indicator as named in SIPD
    numerator: str | Promise
    denominator: str | Promise

    @property
    def setting(self) -> str:
        return SpmSetting.INSIDE_PANTI if self.level == 1 else SpmSetting.OUTSIDE_PANTI


def _rehab(level: int, group: str, who: str | Promise) -> IndicatorDef:
    where = (
        _("inside institutions (di dalam panti)")
        if level == 1
        else _("outside institutions (di luar panti)")
    )
    prefix = "prov" if level == 1 else "kab"
    return IndicatorDef(
        code=f"{prefix}_{group}",
        level=level,
        group=group,
        service=_("Basic social rehabilitation of %(who)s %(where)s")
        % {"who": who, "where": where},
        name=_("%% of %(who)s whose basic needs were met %(where)s") % {"who": who, "where": where},
        numerator=_("People of the group whose basic needs were met %(where)s in the year")
        % {"where": where},
        denominator=_("People of the group in the region needing the service (per assessment)"),
    )


def _disaster(level: int) -> IndicatorDef:
    scope = _("of the province") if level == 1 else _("of the regency/city")
    return IndicatorDef(
        code="prov_bencana" if level == 1 else "kab_bencana",
        level=level,
        group="bencana",
        service=_("Social protection and security during and after a disaster emergency %(scope)s")
        % {"scope": scope},
        name=_(
            "%% of victims of natural and social disasters whose basic needs were met during "
            "and after the emergency %(scope)s"
        )
        % {"scope": scope},
        numerator=_("Victims whose basic needs were met in the budget year"),
        denominator=_(
            "Victims needing protection and social security during and after the emergency"
        ),
    )


WHO = {
    GROUPS.DISABILITY.value: _("neglected persons with disabilities"),
    GROUPS.CHILD.value: _("neglected children"),
    GROUPS.ELDERLY.value: _("neglected elderly"),
    GROUPS.HOMELESS.value: _("homeless people and beggars"),
}
INDICATORS: list[IndicatorDef] = [
    *[_rehab(1, group, who) for group, who in WHO.items()],
    _disaster(1),
    *[_rehab(2, group, who) for group, who in WHO.items()],
    _disaster(2),
]
BY_CODE = {i.code: i for i in INDICATORS}
PROVINCE_INDICATORS = [i for i in INDICATORS if i.level == 1]
REGENCY_INDICATORS = [i for i in INDICATORS if i.level == 2]

NO_PANTI_DATA = _(
    "No data: no case in this province has an assessment placing the person in this group "
    "with services inside institutions. Services in panti are recorded by the province's own "
    "institutions (UPT), not by PSMs."
)
NO_DISASTER_DATA = _(
    "No data: no victim of a provincial disaster (one located at province level or affecting "
    "more than one regency/city) was registered in this year."
)
NO_ASSESSED = _("No data: nobody in the region was assessed as needing this service in the year.")
NO_VICTIMS = _("No data: no disaster victim who needs the service was registered in this year.")


def no_data_reason(indicator: IndicatorDef) -> str | Promise:
    if indicator.level == 1:
        return NO_DISASTER_DATA if indicator.group == "bencana" else NO_PANTI_DATA
    return NO_VICTIMS if indicator.group == "bencana" else NO_ASSESSED


# Province, inside institutions -------------------------------------------------------------


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def province_cases(province_code: str) -> CaseQuerySet:
    province = codes.normalize(province_code)
    if codes.level_of(province) != codes.Level.PROVINCE:
        raise ValueError(f"{province_code!r} is not a province code")
    return Case.objects.filter(village__code__startswith=province + ".")


def inside_panti_denominator_cases(*, province_code: str, year: int, group: str) -> CaseQuerySet:
    start, end = _bounds(year)
    assessed = Assessment.objects.filter(
        spm_group=group, spm_setting=SpmSetting.INSIDE_PANTI, assessed_on__lte=end
    ).values("case_id")
    return (
        province_cases(province_code)
        .filter(pk__in=assessed, opened_at__date__lte=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__date__gte=start))
    )


def inside_panti_met_cases(*, province_code: str, year: int, group: str) -> CaseQuerySet:
    start, end = _bounds(year)
    met = BasicNeedsMet.objects.filter(
        spm_group=group, spm_setting=SpmSetting.INSIDE_PANTI, met_on__gte=start, met_on__lte=end
    ).values("case_id")
    denominator = inside_panti_denominator_cases(
        province_code=province_code, year=year, group=group
    )
    return denominator.filter(pk__in=met)


def inside_panti_counts(*, province_code: str, year: int, group: str) -> tuple[int, int]:
    denominator = (
        inside_panti_denominator_cases(province_code=province_code, year=year, group=group)
        .values("person_id")
        .distinct()
        .count()
    )
    numerator = (
        inside_panti_met_cases(province_code=province_code, year=year, group=group)
        .values("person_id")
        .distinct()
        .count()
    )
    return numerator, denominator


# Province, disasters -----------------------------------------------------------------------


def provincial_incident_ids(*, province_code: str, year: int) -> list[int]:
    """Incidents of the year that are provincial disasters (see the module docstring)."""
    from sipsm.incidents.models import Incident
    from sipsm.relief.models import AffectedPerson

    province = codes.normalize(province_code)
    at_province = Incident.objects.filter(region_id=province, reported_at__year=year).exclude(
        status=Incident.Status.FALSE_ALARM
    )
    ids = set(at_province.values_list("pk", flat=True))
    spread = (
        AffectedPerson.objects.filter(
            village__code__startswith=province + ".", incident__reported_at__year=year
        )
        .exclude(incident__status=Incident.Status.FALSE_ALARM)
        .values("incident_id")
        .annotate(regencies=Count("village__parent__parent_id", distinct=True))
        .filter(regencies__gt=1)
        .values_list("incident_id", flat=True)
    )
    ids.update(spread)
    return sorted(ids)


def province_disaster_counts(*, province_code: str, year: int) -> tuple[int, int]:
    from sipsm.relief.models import AffectedPerson
    from sipsm.relief.spm import met_flags, needing_people

    province = codes.normalize(province_code)
    incidents = provincial_incident_ids(province_code=province, year=year)
    people = list(
        needing_people(
            AffectedPerson.objects.filter(
                incident_id__in=incidents, village__code__startswith=province + "."
            )
        ).only("pk", "condition", "shelter_id", "household_id", "nik_index")
    )
    flags = met_flags(people)
    persons: dict[str, bool] = {}
    for person in people:
        key = f"nik:{person.nik_index}" if person.nik_index else f"record:{person.pk}"
        persons[key] = persons.get(key, True) and flags[person.pk]
    return sum(persons.values()), len(persons)


# All ten -----------------------------------------------------------------------------------


def counts(indicator: IndicatorDef, *, region_code: str, year: int) -> tuple[int, int]:
    """(numerator, denominator) of an indicator for its region (a province for the provincial
    indicators, a regency/city for the others), unsuppressed."""
    if indicator.level == 2:
        if indicator.group == "bencana":
            from sipsm.relief.spm import spm_disaster_counts

            return spm_disaster_counts(regency_code=region_code, year=year)
        return case_spm.counts(regency_code=region_code, year=year, group=indicator.group)
    if indicator.group == "bencana":
        return province_disaster_counts(province_code=region_code, year=year)
    return inside_panti_counts(province_code=region_code, year=year, group=indicator.group)


@dataclass(frozen=True)
class Achievement:
    """An indicator's figures as a page shows them (counts under 5 hidden when `suppressed`)."""

    indicator: IndicatorDef
    region_code: str
    numerator: int
    denominator: int
    suppressed: bool
    regions: int = 1  # regions summed (a national or provincial total of regency figures)

    @property
    def available(self) -> bool:
        return self.denominator > 0

    @property
    def hidden(self) -> bool:
        return self.suppressed and (self.numerator < SMALL_CELL or self.denominator < SMALL_CELL)

    def show(self, value: int) -> str:
        if self.suppressed and value < SMALL_CELL:
            return f"<{SMALL_CELL}"
        return str(value)

    @property
    def numerator_display(self) -> str:
        return self.show(self.numerator) if self.available else "—"

    @property
    def denominator_display(self) -> str:
        return self.show(self.denominator) if self.available else "—"

    @property
    def percent(self) -> float | None:
        if not self.available or self.hidden:
            return None
        return round(100 * self.numerator / self.denominator, 1)

    @property
    def gap(self) -> int | None:
        """People still to be served to reach the 100 % target."""
        if not self.available or self.hidden:
            return None
        return self.denominator - self.numerator

    @property
    def reason(self) -> str:
        return "" if self.available else str(no_data_reason(self.indicator))
