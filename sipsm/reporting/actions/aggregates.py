"""Writing the pre-aggregated tables: region figures per month and year, SPM figures, and the
inequality snapshots. Everything here is recomputed from the records (`sipsm.reporting.figures`,
`sipsm.reporting.spm`); the tables can be dropped and rebuilt at any time.

- `refresh_period`: one period (a month, or a whole year) for the whole country or one
  province; the national row is then the sum of the province rows.
- `mark_dirty` / `refresh_dirty`: the incremental path. Actions that change figures mark the
  province and month; a task refreshes the marked months and their years.
- `refresh_spm`: the ten SPM indicators of a year.
- `rebuild`: everything from the first month with data to now (`sipsm rebuild_aggregates`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone

from sipsm.core.audit import record_event
from sipsm.core.bulkinsert import db_datetime, insert_rows
from sipsm.regions import codes
from sipsm.reporting import figures as fig
from sipsm.reporting import spm
from sipsm.reporting.inequality import gini, theil
from sipsm.reporting.models import (
    COUNT_COLUMNS,
    DirtyPeriod,
    EquitySnapshot,
    RegionStat,
    SpmStat,
)
from sipsm.reporting.periods import FIRST_YEAR, Period, months_between

if TYPE_CHECKING:
    from sipsm.accounts.models import User

log = logging.getLogger("sipsm.reporting")
STAT_COLUMNS = [
    "region_code",
    "level",
    "year",
    "month",
    *COUNT_COLUMNS,
    "response_median_s",
    "ppks",
    "refreshed_at",
]


def _db_row(code: str, figures: fig.Figures, period: Period, now: object) -> list[object]:
    values: list[object] = [code, fig.level_of(code), period.year, period.month]
    for name, value in zip(COUNT_COLUMNS, figures.values, strict=True):
        values.append(round(value, 1) if name == "hours" else round(value))
    values.append(figures.response_median_s)
    values.append(json.dumps(dict(sorted(figures.ppks.items()))))
    values.append(now)
    return values


def _stat_figures(stat: RegionStat) -> fig.Figures:
    figures = fig.Figures()
    figures.values = [float(getattr(stat, name)) for name in COUNT_COLUMNS]
    figures.ppks = dict(stat.ppks or {})
    figures.response_median_s = stat.response_median_s
    return figures


def _national_median(period: Period) -> float | None:
    contributions: fig.Contributions = {}
    times = fig.count_incidents(contributions, None, period)
    rows: fig.Contributions = {"": fig.Figures()}
    fig.set_medians(rows, times)
    return rows[""].response_median_s


def _coverage(stat_figures: fig.Figures) -> float | None:
    villages = stat_figures["villages"]
    if villages <= 0:
        return None
    return stat_figures["villages_with_psm"] / villages


def _snapshots(rows: fig.Contributions, period: Period, scopes: Iterable[str]) -> int:
    """Equity snapshots of `scopes` (national, provinces, regencies) from the rows below them."""
    children: dict[str, list[float]] = {scope: [] for scope in scopes}
    for code, figures in rows.items():
        if not code or fig.level_of(code) > 3:
            continue
        parent = fig.parent_code(code)
        if parent in children:
            share = _coverage(figures)
            if share is not None:
                children[parent].append(share)
    EquitySnapshot.objects.filter(
        scope_code__in=list(children), year=period.year, month=period.month
    ).delete()
    EquitySnapshot.objects.bulk_create(
        [
            EquitySnapshot(
                scope_code=scope,
                year=period.year,
                month=period.month,
                regions=len(values),
                mean_coverage=sum(values) / len(values) if values else 0.0,
                gini=gini(values),
                theil=theil(values),
            )
            for scope, values in children.items()
        ],
        batch_size=1000,
    )
    return len(children)


@transaction.atomic
def refresh_period(*, period: Period, province: str | None = None) -> int:
    """Recompute and store the figures of `period` for the country or one province (then the
    national row and snapshot from the province rows). Returns the rows written."""
    if province is not None and codes.level_of(province) != codes.Level.PROVINCE:
        raise ValueError(f"{province!r} is not a province code")
    rows = fig.compute(province, period)
    now = db_datetime(timezone.now())
    stale = RegionStat.objects.filter(year=period.year, month=period.month)
    if province is not None:
        stale = stale.filter(fig.within("region_code", province))
    stale.delete()
    written = insert_rows(
        RegionStat,
        STAT_COLUMNS,
        (_db_row(code, figures, period, now) for code, figures in rows.items()),
    )
    scopes = [code for code in rows if code and fig.level_of(code) <= 2]
    if province is None:
        scopes.append("")
    else:
        national = fig.Figures()
        provinces = RegionStat.objects.filter(year=period.year, month=period.month, level=1)
        for stat in provinces:
            national.add(_stat_figures(stat))
            rows[stat.region_code] = _stat_figures(stat)
        national.response_median_s = _national_median(period)
        RegionStat.objects.filter(region_code="", year=period.year, month=period.month).delete()
        written += insert_rows(RegionStat, STAT_COLUMNS, [_db_row("", national, period, now)])
        rows[""] = national
        scopes.append("")
    _snapshots(rows, period, scopes)
    return written


def _spm_regions(province: str | None) -> list[tuple[str, int]]:
    from sipsm.regions.models import Region

    regions = Region.objects.filter(level__in=[1, 2]).filter(fig.within("code", province))
    return list(regions.order_by("code").values_list("code", "level"))


@transaction.atomic
def refresh_spm(*, year: int, province: str | None = None) -> int:
    """Recompute the ten SPM indicators of `year` for the provinces and regencies/cities of the
    country (or of one province). Returns the rows written."""
    records = []
    for code, level in _spm_regions(province):
        for indicator in spm.INDICATORS:
            if indicator.level != level:
                continue
            numerator, denominator = spm.counts(indicator, region_code=code, year=year)
            records.append(
                SpmStat(
                    region_code=code,
                    level=level,
                    year=year,
                    indicator=indicator.code,
                    numerator=numerator,
                    denominator=denominator,
                    available=denominator > 0,
                )
            )
    stale = SpmStat.objects.filter(year=year).filter(fig.within("region_code", province))
    stale.delete()
    SpmStat.objects.bulk_create(records, batch_size=1000)
    return len(records)


# Incremental refresh ------------------------------------------------------------------------


def mark_dirty(*, region_code: str, day: dt.date) -> None:
    """Note that figures of the province of `region_code` changed in the month of `day`; a
    task refreshes it (`refresh_dirty`), after the current transaction commits."""
    province = codes.province_of(region_code)
    try:
        with transaction.atomic():
            DirtyPeriod.objects.get_or_create(
                province_code=province, year=day.year, month=day.month
            )
    except IntegrityError:  # marked concurrently: nothing to add
        pass
    from sipsm.reporting.tasks import refresh_dirty_task

    transaction.on_commit(refresh_dirty_task.enqueue)


def refresh_dirty() -> int:
    """Refresh every marked province and month (and the year it is in, and the SPM figures of
    that year). Marks made while this runs stay for the next run. Returns periods refreshed."""
    marks = list(DirtyPeriod.objects.order_by("pk"))
    done = 0
    years: set[tuple[str, int]] = set()
    for mark in marks:
        try:
            refresh_period(period=Period(mark.year, mark.month), province=mark.province_code)
        except IntegrityError:
            # Another worker wrote the same rows at the same time; the mark stays for later.
            log.warning("refresh of %s %d-%02d collided", mark.province_code, mark.year, mark.month)
            continue
        years.add((mark.province_code, mark.year))
        DirtyPeriod.objects.filter(pk=mark.pk, marked_at=mark.marked_at).delete()
        done += 1
    for province, year in sorted(years):
        try:
            refresh_period(period=Period(year), province=province)
            refresh_spm(year=year, province=province)
        except IntegrityError:
            log.warning("refresh of %s %d collided", province, year)
    return done


def refresh_current(*, today: dt.date | None = None) -> int:
    """The periodic refresh: this month, this year, and this year's SPM figures, nationally.
    Catches what other modules changed (incidents, cases, trainings, aid)."""
    today = today or timezone.localdate()
    month = Period(today.year, today.month)
    written = refresh_period(period=month)
    written += refresh_period(period=month.year_period())
    written += refresh_spm(year=today.year)
    return written


# Full rebuild --------------------------------------------------------------------------------


def first_month_with_data() -> Period:
    """The earliest month any source has a record in (at least the current year)."""
    from sipsm.incidents.models import Incident
    from sipsm.registry.models import Member
    from sipsm.reporting.models import Activity

    today = timezone.localdate()
    candidates: list[dt.date] = [dt.date(today.year, 1, 1)]
    first_activity = Activity.objects.aggregate(first=Min("occurred_on"))["first"]
    if first_activity is not None:
        candidates.append(first_activity)
    for value in (
        Incident.objects.aggregate(first=Min("reported_at"))["first"],
        Member.objects.aggregate(first=Min("created_at"))["first"],
    ):
        if value is not None:
            candidates.append(timezone.localtime(value).date())
    first = max(min(candidates), dt.date(FIRST_YEAR, 1, 1))
    return Period(first.year, first.month)


def rebuild(
    *,
    acting_user: User | None,
    first: Period | None = None,
    last: Period | None = None,
    progress: object = None,
) -> int:
    """Rebuild every table from `first` to `last` (default: the first month with data to this
    month). Each period is its own transaction. Returns the rows written."""
    first = first or first_month_with_data()
    last = last or Period.current_month()
    written = 0
    years: list[int] = []
    for month in months_between(first, last):
        written += refresh_period(period=month)
        if callable(progress):
            progress(month)
        if month.month == 12 or month == Period(last.year, last.month or 12):
            written += refresh_period(period=month.year_period())
            years.append(month.year)
    for year in years:
        written += refresh_spm(year=year)
    record_event(
        actor=acting_user,
        verb="reporting.aggregates.rebuild",
        data={"from": first.key, "to": last.key, "rows": written},
    )
    return written


@transaction.atomic
def recompute_spm(*, acting_user: User, year: int, region_code: str | None) -> int:
    """A reader asks for the SPM figures of a region and year to be recomputed now."""
    province = codes.province_of(region_code) if region_code else None
    written = refresh_spm(year=year, province=province)
    record_event(
        actor=acting_user,
        verb="reporting.spm.recompute",
        region_code=region_code or "",
        data={"year": year, "rows": written},
    )
    return written
