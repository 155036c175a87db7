"""The figures of regions and periods, computed from the records (no pre-aggregates).

`compute(prefix, period)` reads every source once for the whole area (a handful of grouped
queries, whatever its size), keys what it finds by the region where it happened, and adds it
up the region tree, so that one call gives the figures of the area and of every region in it.
Monthly reports of villages and districts use it directly; `sipsm.reporting.refresh` stores
its results for the dashboards.

Where each record counts:
- activities: their village; incident responses: the incident's village, or the PSM's home
  village when the incident is located at a higher level; case work: the case's village;
  trainings and active PSMs: the PSM's home village; incidents: their location, at whatever
  level it is; aid: the village of the distribution.
- work per program area: activities in their area, incident responses and case work in basic
  needs, trainings attended in capacity building, aid distribution work (`AidCounts.work`) in
  support to government programs.
- beneficiaries: those recorded on activities, plus the distinct people who received case
  work in the period (their sex and age group at the end of the period).
- active PSMs in a past period: members active today whose verification (or, if none,
  registration) came before the end of the period.
- response time of an incident: from its report to the first PSM's acceptance; the median is
  over the incidents reported in the period, at each level.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Count, F, Q, Sum
from django.db.models.functions import Coalesce

from sipsm.regions import codes
from sipsm.reporting.aid import aid_provider
from sipsm.reporting.models import COUNT_COLUMNS, Activity, ActivityBeneficiaryGroup
from sipsm.reporting.periods import Period

INDEX = {name: i for i, name in enumerate(COUNT_COLUMNS)}
RESPONDED = ("accepted", "on_site", "done")
CASE_NOTE_KINDS = ("visit", "contact")
CHILD_UNDER = 18
ELDERLY_FROM = 60
MAX_ON_SITE_HOURS = 24.0


@dataclass
class Figures:
    values: list[float] = field(default_factory=lambda: [0.0] * len(COUNT_COLUMNS))
    ppks: dict[str, int] = field(default_factory=dict)
    response_median_s: float | None = None

    def __getitem__(self, name: str) -> float:
        return self.values[INDEX[name]]

    def get(self, name: str) -> int:
        return round(self.values[INDEX[name]])

    def bump(self, name: str, amount: float = 1) -> None:
        self.values[INDEX[name]] += amount

    def add(self, other: Figures) -> None:
        mine = self.values
        for i, value in enumerate(other.values):
            if value:
                mine[i] += value
        for code, n in other.ppks.items():
            self.ppks[code] = self.ppks.get(code, 0) + n

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: (round(self.values[i], 1) if name == "hours" else round(self.values[i]))
            for i, name in enumerate(COUNT_COLUMNS)
        }
        data["response_median_s"] = self.response_median_s
        data["ppks"] = dict(sorted(self.ppks.items()))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figures:
        figures = cls()
        for i, name in enumerate(COUNT_COLUMNS):
            figures.values[i] = float(data.get(name) or 0)
        figures.ppks = {str(k): int(v) for k, v in (data.get("ppks") or {}).items()}
        median = data.get("response_median_s")
        figures.response_median_s = float(median) if median is not None else None
        return figures


Contributions = dict[str, Figures]


def level_of(code: str) -> int:
    return 0 if not code else code.count(".") + 1


def parent_code(code: str) -> str:
    return code.rsplit(".", 1)[0] if "." in code else ""


def chain(code: str) -> list[str]:
    """ "" (the country) and every region from the province down to `code`."""
    if not code:
        return [""]
    parts = code.split(".")
    return [""] + [".".join(parts[: i + 1]) for i in range(len(parts))]


def within(field_name: str, prefix: str | None) -> Q:
    return codes.subtree_q(field_name, prefix)


def _at(contributions: Contributions, code: str) -> Figures:
    found = contributions.get(code)
    if found is None:
        found = contributions[code] = Figures()
    return found


def _age_group(birth_date: Any, birth_year: int | None, period: Period) -> str:
    end = period.end
    if birth_date is not None:
        had_birthday = (end.month, end.day) >= (birth_date.month, birth_date.day)
        age = end.year - birth_date.year - (0 if had_birthday else 1)
    elif birth_year is not None:
        age = end.year - birth_year
    else:
        return ""
    if age < CHILD_UNDER:
        return "beneficiaries_children"
    if age >= ELDERLY_FROM:
        return "beneficiaries_elderly"
    return "beneficiaries_adults"


def _activities(c: Contributions, prefix: str | None, period: Period) -> None:
    rows = (
        Activity.objects.current()
        .in_region(prefix)
        .between(period.start, period.end)
        .values("village_id", "program_area")
        .annotate(
            n=Count("id"),
            hours=Sum("hours"),
            female=Sum("beneficiaries_female"),
            male=Sum("beneficiaries_male"),
            children=Sum("beneficiaries_children"),
            adults=Sum("beneficiaries_adults"),
            elderly=Sum("beneficiaries_elderly"),
        )
        .order_by()
    )
    for row in rows:
        target = _at(c, row["village_id"])
        target.bump("activities", row["n"])
        target.bump(f"area_{row['program_area']}", row["n"])
        target.bump("hours", float(row["hours"] or 0))
        target.bump("beneficiaries", (row["female"] or 0) + (row["male"] or 0))
        target.bump("beneficiaries_female", row["female"] or 0)
        target.bump("beneficiaries_male", row["male"] or 0)
        target.bump("beneficiaries_children", row["children"] or 0)
        target.bump("beneficiaries_adults", row["adults"] or 0)
        target.bump("beneficiaries_elderly", row["elderly"] or 0)
    groups = (
        ActivityBeneficiaryGroup.objects.filter(
            activity__withdrawn_at__isnull=True,
            activity__occurred_on__gte=period.start,
            activity__occurred_on__lte=period.end,
        )
        .filter(within("activity__village__code", prefix))
        .values("activity__village_id", "category__code")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in groups:
        ppks = _at(c, row["activity__village_id"]).ppks
        ppks[row["category__code"]] = ppks.get(row["category__code"], 0) + (row["n"] or 0)


def responses_queryset(prefix: str | None, period: Period) -> Any:
    """Incident responses of the period (accepted, on site or done) with their place."""
    from django.db.models import Case, When

    from sipsm.incidents.models import Assignment

    return (
        Assignment.objects.filter(status__in=RESPONDED)
        .annotate(
            at=Coalesce("checked_in_at", "responded_at"),
            place=Case(
                When(incident__region__level=4, then=F("incident__region_id")),
                default=F("member__home_village_id"),
                output_field=CharField(),
            ),
        )
        .filter(at__gte=period.start_at(), at__lt=period.end_at())
        .filter(within("place", prefix))
    )


def _responses(c: Contributions, prefix: str | None, period: Period) -> None:
    rows = responses_queryset(prefix, period).values_list(
        "place", "checked_in_at", "checked_out_at"
    )
    for place, checked_in, checked_out in rows.iterator(chunk_size=5000):
        target = _at(c, place)
        target.bump("incident_responses")
        target.bump("area_basic_needs")
        if checked_in is not None and checked_out is not None:
            hours = (checked_out - checked_in).total_seconds() / 3600
            target.bump("hours", min(max(hours, 0.0), MAX_ON_SITE_HOURS))


def case_work_querysets(prefix: str | None, period: Period) -> list[Any]:
    """Services given, follow-ups done and visits/contacts recorded in the period."""
    from sipsm.cases.models import CaseNote, CaseTask, Service

    where = within("case__village__code", prefix)
    return [
        Service.objects.filter(where, delivered_on__gte=period.start, delivered_on__lte=period.end),
        CaseTask.objects.filter(
            where,
            kind=CaseTask.Kind.FOLLOW_UP,
            status=CaseTask.Status.DONE,
            completed_at__gte=period.start_at(),
            completed_at__lt=period.end_at(),
        ),
        CaseNote.objects.filter(
            where, kind__in=CASE_NOTE_KINDS, on__gte=period.start, on__lte=period.end
        ),
    ]


def _case_work(c: Contributions, prefix: str | None, period: Period) -> None:
    people: dict[str, dict[int, tuple[str, Any, int | None]]] = defaultdict(dict)
    for queryset in case_work_querysets(prefix, period):
        rows = queryset.values_list(
            "case__village_id",
            "case__person_id",
            "case__person__sex",
            "case__person__birth_date",
            "case__person__estimated_birth_year",
        )
        for village, person, sex, birth_date, birth_year in rows.iterator(chunk_size=5000):
            target = _at(c, village)
            target.bump("case_services")
            target.bump("area_basic_needs")
            people[village][person] = (sex, birth_date, birth_year)
    for village, persons in people.items():
        target = _at(c, village)
        for sex, birth_date, birth_year in persons.values():
            target.bump("beneficiaries")
            if sex == "F":
                target.bump("beneficiaries_female")
            elif sex == "M":
                target.bump("beneficiaries_male")
            group = _age_group(birth_date, birth_year, period)
            if group:
                target.bump(group)


def trainings_queryset(prefix: str | None, period: Period) -> Any:
    from sipsm.training.models import Enrolment

    return (
        Enrolment.objects.filter(
            checked_in_at__gte=period.start_at(), checked_in_at__lt=period.end_at()
        )
        .exclude(status=Enrolment.Status.CANCELLED)
        .filter(within("member__home_village__code", prefix))
    )


def _trainings(c: Contributions, prefix: str | None, period: Period) -> None:
    rows = (
        trainings_queryset(prefix, period)
        .values("member__home_village_id")
        .annotate(n=Count("id"), hours=Sum("session__course__hours"))
        .order_by()
    )
    for row in rows:
        target = _at(c, row["member__home_village_id"])
        target.bump("trainings", row["n"])
        target.bump("area_capacity", row["n"])
        target.bump("hours", float(row["hours"] or 0))


def active_members_q(period: Period) -> Q:
    end = period.end_at()
    return Q(status="active") & (
        Q(verified_at__lt=end) | Q(verified_at__isnull=True, created_at__lt=end)
    )


def _members(c: Contributions, prefix: str | None, period: Period) -> None:
    from sipsm.registry.models import Member

    rows = (
        Member.objects.filter(active_members_q(period))
        .filter(within("home_village__code", prefix))
        .values("home_village_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        target = _at(c, row["home_village_id"])
        target.bump("members_active", row["n"])
        target.bump("villages_with_psm")


def _villages(c: Contributions, prefix: str | None) -> None:
    from sipsm.regions.models import Region

    if prefix and level_of(prefix) == 4:
        return  # set on the village row itself (see `compute`)
    rows = (
        Region.objects.filter(level=4)
        .filter(within("code", prefix))
        .values("parent_id")
        .annotate(n=Count("code"))
        .order_by()
    )
    for row in rows:
        _at(c, row["parent_id"]).bump("villages", row["n"])


def count_incidents(
    c: Contributions, prefix: str | None, period: Period
) -> list[tuple[str, float]]:
    from sipsm.incidents.models import Incident

    rows = (
        Incident.objects.exclude(status=Incident.Status.FALSE_ALARM)
        .filter(reported_at__gte=period.start_at(), reported_at__lt=period.end_at())
        .filter(within("region__code", prefix))
        .values_list("region_id", "reported_at", "first_accept_at")
    )
    times: list[tuple[str, float]] = []
    for region, reported_at, first_accept_at in rows.iterator(chunk_size=5000):
        target = _at(c, region)
        target.bump("incidents_reported")
        if first_accept_at is not None:
            target.bump("incidents_answered")
            times.append((region, max(0.0, (first_accept_at - reported_at).total_seconds())))
    return times


def _aid(c: Contributions, prefix: str | None, period: Period) -> None:
    for village, counts in (
        aid_provider().counts(prefix=prefix, start=period.start, end=period.end).items()
    ):
        target = _at(c, village)
        target.bump("families_reached", counts.families_reached)
        target.bump("distribution_ticks", counts.ticks)
        target.bump("reconciliation_gaps", counts.gaps)
        target.bump("area_government_programs", counts.work)


def collect(prefix: str | None, period: Period) -> tuple[Contributions, list[tuple[str, float]]]:
    """What every source contributes, keyed by the region where it happened."""
    contributions: Contributions = {}
    _activities(contributions, prefix, period)
    _responses(contributions, prefix, period)
    _case_work(contributions, prefix, period)
    _trainings(contributions, prefix, period)
    _members(contributions, prefix, period)
    _villages(contributions, prefix)
    _aid(contributions, prefix, period)
    times = count_incidents(contributions, prefix, period)
    return contributions, times


def roll_up(contributions: Contributions) -> Contributions:
    """Add every region's figures into each region above it (village rows count 1 village)."""
    rows: Contributions = dict(contributions)
    for level in (4, 3, 2, 1):
        for code in [c for c in rows if level_of(c) == level]:
            _at(rows, parent_code(code)).add(rows[code])
    # Districts counted their villages from the region list; a village row is one village.
    for code, figures in rows.items():
        if level_of(code) == 4:
            figures.values[INDEX["villages"]] = 1
    return rows


def set_medians(rows: Contributions, times: Iterable[tuple[str, float]]) -> None:
    by_region: dict[str, list[float]] = defaultdict(list)
    for region, seconds in times:
        for code in chain(region):
            by_region[code].append(seconds)
    for code, values in by_region.items():
        if code in rows:
            rows[code].response_median_s = statistics.median(values)


def compute(prefix: str | None, period: Period) -> Contributions:
    """The figures of `prefix` (None: the country) and of every region inside it."""
    contributions, times = collect(prefix, period)
    if prefix and level_of(prefix) == 4:
        _at(contributions, prefix)
    rows = roll_up(contributions)
    set_medians(rows, times)
    if prefix:
        rows = {
            code: f for code, f in rows.items() if code == prefix or code.startswith(prefix + ".")
        }
        rows.setdefault(prefix, Figures())
        if level_of(prefix) == 4:
            rows[prefix].values[INDEX["villages"]] = 1
    return rows


def region_figures(code: str | None, period: Period) -> Figures:
    """The figures of one region (None: the country) from the records."""
    rows = compute(code, period)
    return rows.get(code or "", Figures())
