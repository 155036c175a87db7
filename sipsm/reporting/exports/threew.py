"""3W (who does what where) for humanitarian coordination, HXL-tagged (hxlstandard.org):
one row per village, kind of work and period, with the number of activities, the PSMs who
did them and the people reached. "Who" is the IPSM unit of the regency/city (no PSM is named).
Counts of people under 5 are left empty for partners."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import connection
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from sipsm.cases.stats import SMALL_CELL
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.reporting import figures as fig
from sipsm.reporting.aid import aid_provider
from sipsm.reporting.derived import SOURCE_AREAS, SOURCE_LABELS, Source
from sipsm.reporting.exports.tables import Column, Table
from sipsm.reporting.models import Activity, ActivityType, ProgramArea, RegionStat
from sipsm.reporting.periods import Period

COLUMNS = [
    Column("organisasi", _l("Organisation"), "#org+name"),
    Column("sektor", _l("Program area"), "#sector+code"),
    Column("sektor_nama", _l("Program area (name)"), "#sector+name"),
    Column("kegiatan", _l("Activity code"), "#activity+code"),
    Column("kegiatan_nama", _l("Activity"), "#activity+name"),
    Column("kode_provinsi", _l("Province code"), "#adm1+code"),
    Column("provinsi", _l("Province"), "#adm1+name"),
    Column("kode_kabupaten_kota", _l("Regency/city code"), "#adm2+code"),
    Column("kabupaten_kota", _l("Regency/city"), "#adm2+name"),
    Column("kode_kecamatan", _l("District code"), "#adm3+code"),
    Column("kecamatan", _l("District"), "#adm3+name"),
    Column("kode_desa", _l("Village code"), "#adm4+code"),
    Column("desa", _l("Village"), "#adm4+name"),
    Column("mulai", _l("From"), "#date+start"),
    Column("sampai", _l("To"), "#date+end"),
    Column("jumlah_kegiatan", _l("Activities"), "#activity+num", True),
    Column("jumlah_psm", _l("PSMs"), "#contributors+num", True),
    Column("penerima_manfaat", _l("People reached"), "#reached+ind", True),
    Column("status", _l("Status"), "#status"),
]


def _people(value: int, suppress: bool) -> Any:
    if suppress and value < SMALL_CELL:
        return ""
    return value


Grouped = dict[tuple[str, str, str, str], list[int]]


def _grouped(prefix: str | None, period: Period) -> tuple[Grouped, dt.datetime | None]:
    """(village, area, activity code, activity name) -> [activities, PSMs, people reached],
    and when the distribution figures among them were refreshed (see `_distribution`)."""
    result: Grouped = defaultdict(lambda: [0, 0, 0])
    # (area, code, name) of the work recorded elsewhere, translated once per export.
    kind = {
        source: (area, source, str(SOURCE_LABELS[source])) for source, area in SOURCE_AREAS.items()
    }
    # Grouped by type id (no join); the few types are named from one small read.
    types = {
        pk: (code, name)
        for pk, code, name in ActivityType.objects.values_list("pk", "code", "name")
    }
    manual = (
        Activity.objects.current()
        .in_region(prefix)
        .between(period.start, period.end)
        .values_list("village_id", "program_area", "activity_type_id")
        .annotate(
            n=Count("id"),
            psm=Count("member", distinct=True),
            people=Sum(F("beneficiaries_female") + F("beneficiaries_male")),
        )
        .order_by()
    )
    # Tens of thousands of groups of plain integers: read from the cursor, without the ORM's
    # per-value converters (a fifth of the export's time on PostgreSQL).
    sql, params = manual.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for village, area, type_id, n, psm, people in cursor.fetchall():
            result[(village, area, *types[type_id])] = [n, psm, people or 0]
    responses = (
        fig.responses_queryset(prefix, period)
        .values("place")
        .annotate(n=Count("id"), psm=Count("member", distinct=True))
        .order_by()
    )
    for r in responses:
        result[(r["place"], *kind[Source.INCIDENT])] = [r["n"], r["psm"], 0]
    trainings = (
        fig.trainings_queryset(prefix, period)
        .values("member__home_village_id")
        .annotate(n=Count("id"), psm=Count("member", distinct=True))
        .order_by()
    )
    for r in trainings:
        result[(r["member__home_village_id"], *kind[Source.TRAINING])] = [r["n"], r["psm"], 0]
    for queryset in fig.case_work_querysets(prefix, period):
        rows = (
            queryset.values("case__village_id")
            .annotate(n=Count("id"), people=Count("case__person", distinct=True))
            .order_by()
        )
        for r in rows:
            entry = result[(r["case__village_id"], *kind[Source.CASE])]
            entry[0] += r["n"]
            entry[2] += r["people"]
    distribution, refreshed_at = _distribution(prefix, period)
    for village, ticks, reached in distribution:
        result[(village, *kind[Source.DISTRIBUTION])] = [ticks, 0, reached]
    return result, refreshed_at


def _distribution(
    prefix: str | None, period: Period
) -> tuple[list[tuple[str, int, int]], dt.datetime | None]:
    """(village, families ticked, families reached) of the distribution work, and when those
    figures were refreshed (None: counted now).

    Read from the pre-aggregated village figures when the period has been aggregated for the
    area: the same figures the dashboards show, and a read of a few thousand rows, where
    counting a province's year of ticks would read half a million. Otherwise (no aggregates
    yet) the aid module counts them now."""
    stats = RegionStat.objects.filter(year=period.year, month=period.month)
    area = stats.filter(region_code=prefix or "").values_list("refreshed_at", flat=True).first()
    if area is not None:
        villages = (
            stats.filter(codes.subtree_q("region_code", prefix), level=4, distribution_ticks__gt=0)
            .values_list("region_code", "distribution_ticks", "families_reached")
            .order_by()
        )
        return list(villages), area
    counts = aid_provider().counts(prefix=prefix, start=period.start, end=period.end)
    return [(v, c.ticks, c.families_reached) for v, c in counts.items() if c.ticks], None


def threew_table(prefix: str | None, period: Period, *, suppress: bool, title: str) -> Table:
    grouped, refreshed_at = _grouped(prefix, period)
    villages = {key[0] for key in grouped}
    needed = {village[:i] for village in villages for i in (2, 5, 8)} | villages
    # The names of the area's regions in one range read (a province has thousands of villages;
    # a list of their codes would be a statement with thousands of parameters).
    regions = Region.objects.within(prefix)
    names = {
        code: name
        for code, name in regions.values_list("code", "name").iterator(chunk_size=5000)
        if code in needed
    }
    # The regions above the area (its province when it is a regency, ...): a few codes.
    above = needed - names.keys()
    names.update(Region.objects.filter(code__in=sorted(above)).values_list("code", "name"))
    table = Table(
        _("3W: who does what where, %(region)s, %(period)s")
        % {"region": title, "period": period.label},
        COLUMNS,
    )
    if refreshed_at is not None:
        table.notes.append(
            _("Distribution work: the pre-aggregated figures, refreshed %(time)s.")
            % {"time": f"{timezone.localtime(refreshed_at):%Y-%m-%d %H:%M}"}
        )
    status = str(
        _("ongoing") if period.contains(period.end) and period.end >= _today() else _("completed")
    )
    area_names = {area.value: str(area.label) for area in ProgramArea}
    start, end = period.start.isoformat(), period.end.isoformat()
    places: dict[str, list[str]] = {}  # village -> who and where (one village has many rows)
    for (village, area, code, name), (n, psm, people) in sorted(grouped.items()):
        place = places.get(village)
        if place is None:
            regency, district = village[:5], village[:8]
            place = places[village] = [
                f"IPSM {names.get(regency, regency)}",
                village[:2],
                names.get(village[:2], ""),
                regency,
                names.get(regency, ""),
                district,
                names.get(district, ""),
                village,
                names.get(village, ""),
            ]
        table.rows.append(
            [
                place[0],
                area,
                area_names[area],
                code,
                name,
                *place[1:],
                start,
                end,
                n,
                psm or "",
                _people(people, suppress),
                status,
            ]
        )
    return table


def _today() -> Any:
    return timezone.localdate()
