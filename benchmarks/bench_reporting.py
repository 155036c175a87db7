"""(g) Reporting at national scale: dashboards, the SPM page and province exports.

Data (synthetic, whole country, fixed seed): the full region list; N members (default
200,000) in random villages, 90 % active; M activities (default 1,000,000) by those members over
the last 12 months; 20,000 incidents (70 % answered) with 60,000 call-out assignments; and D
aid distribution records (default 5,000,000: families ticked month by month). Reporting reads
aid figures only through `sipsm.reporting.aid.AidProvider`; the distribution records live in a
scratch table `bench_distribution` read by `BenchAidProvider`, an implementation of that
protocol plugged in with the setting SIPSM_REPORTING_AID_PROVIDER (the aid app's own provider
plugs in the same way). Cases and relief are not generated: the SPM page reads its
pre-aggregated figures whatever their volume, and the baseline computes them from empty tables
(so the SPM ratio understates the gain).

sipsm: the pages as served (Django test client, whole middleware stack, templates, the
pre-aggregated tables): national and province dashboards, the SPM page of the country and of a
province, plus the equity page, the public page and the exports of a province (monthly report
PDF and XLSX, SPM PDF, 3W CSV of the year, dashboard XLSX). p50/p95 of the server time.

Baseline: the same figures computed from the raw tables without pre-aggregates: for a
dashboard (and its XLSX) the region's month, its year and the 12 months (each also giving the
regions below), with `sipsm.reporting.figures.compute`; for the SPM page and its PDF the ten
indicators of every province and regency/city in scope with `sipsm.reporting.spm.counts`; for
the monthly report of the province (page, PDF, XLSX) its month, for the equity page and the
public page the year (of the province, of the country). The 3W CSV lists activities one by
one and has no baseline. Ratio = sipsm / baseline: below 1 the pre-aggregates win.

Also reported: the time of a full rebuild of the pre-aggregates (`sipsm rebuild_aggregates`)
and of the incremental refresh of one province's month and year.

    .venv/bin/python -m benchmarks.bench_reporting            # full size
    .venv/bin/python -m benchmarks.bench_reporting --quick    # 5,000 members, small run
    BENCH_DATABASE_URL=postgres://... .venv/bin/python -m benchmarks.bench_reporting
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import secrets
import sys
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from benchmarks.timing import summarize, timed

SEED = 20261201
CHUNK = 20_000
RESULTS = Path(__file__).resolve().parent / "results"
PROVINCE = "33"  # Jawa Tengah: one of the largest provinces
TABLE = "bench_distribution"


# The aid provider over the scratch table ---------------------------------------------------


class BenchAidProvider:
    """`sipsm.reporting.aid.AidProvider` over `bench_distribution` (raw SQL)."""

    available = True

    @staticmethod
    def _where(prefix: str | None, start: dt.date, end: dt.date) -> tuple[str, list[Any]]:
        where = "ticked_on >= %s AND ticked_on <= %s"
        params: list[Any] = [start.isoformat(), end.isoformat()]
        if prefix:  # a range, which both databases answer from the index
            where += " AND village_code >= %s AND village_code < %s"
            params += [prefix, prefix + "/"]  # "/" sorts right after "."
        return where, params

    def counts(self, *, prefix: str | None, start: dt.date, end: dt.date) -> dict[str, Any]:
        from django.db import connection

        from sipsm.reporting.aid import AidCounts

        where, params = self._where(prefix, start, end)
        sql = (
            "SELECT village_code, COUNT(DISTINCT CASE WHEN received = 1 THEN family_id END), "
            "COUNT(*), SUM(CASE WHEN received = 0 THEN 1 ELSE 0 END), "
            f"COUNT(DISTINCT ticked_on) FROM {TABLE} "
            f"WHERE {where} GROUP BY village_code"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {
                village: AidCounts(
                    families_reached=reached, ticks=ticks, gaps=int(gaps or 0), work=days
                )
                for village, reached, ticks, gaps, days in cursor.fetchall()
            }

    def tick_work(
        self,
        *,
        prefix: str | None,
        start: dt.date,
        end: dt.date,
        user_id: int | None = None,
        limit: int = 200,
    ) -> list[Any]:
        from django.db import connection

        from sipsm.reporting.aid import TickWork

        where, params = self._where(prefix, start, end)
        if user_id is not None:
            where += " AND user_id = %s"
            params.append(user_id)
        sql = (
            f"SELECT user_id, village_code, ticked_on, COUNT(*) FROM {TABLE} WHERE {where} "
            "GROUP BY user_id, village_code, ticked_on ORDER BY ticked_on DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            rows = cursor.fetchall()
        return [
            TickWork(
                user_id=user,
                village_code=village,
                on=on if isinstance(on, dt.date) else dt.date.fromisoformat(on),
                ticks=n,
                label="Program Sembako",
            )
            for user, village, on, n in rows
        ]


# Scratch database ---------------------------------------------------------------------------


def prepare() -> Any:
    """The benchmarks' scratch database (benchmarks/environment.py)."""
    from benchmarks import environment

    os.environ["SIPSM_TESTING"] = "true"  # plain static files storage: no manifest needed
    return environment.prepare()


def _serve_locally() -> None:
    """The scratch settings run with DEBUG off (as in production); let the test client in, and
    plug in the aid provider over the scratch table."""
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    # The benchmark's coordinators are MFA-exempt accounts, honoured in demo mode only (the
    # middleware's checks run either way).
    settings.SIPSM_DEMO = True
    settings.SIPSM_REPORTING_AID_PROVIDER = f"{__name__}.BenchAidProvider"


# Data --------------------------------------------------------------------------------------


def timezone_today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def _months() -> list[tuple[int, int]]:
    from sipsm.reporting.periods import Period

    month = Period.current_month()
    result = []
    for _ in range(12):
        result.append((month.year, month.month))
        month = month.previous()
    return result


def _day(rng: random.Random, year: int, month: int) -> dt.date:
    import calendar

    last = calendar.monthrange(year, month)[1]
    today = timezone_today()
    if (year, month) == (today.year, today.month):
        last = today.day
    return dt.date(year, month, rng.randint(1, last))


def create_members(n: int, villages: list[str], rng: random.Random) -> list[tuple[int, str]]:
    from django.utils import timezone

    from sipsm.registry.models import Member

    start = timezone.now() - dt.timedelta(days=400)
    made = 0
    while made < n:
        size = min(CHUNK, n - made)
        objects = []
        for index in range(size):
            active = rng.random() < 0.9
            verified = start + dt.timedelta(days=rng.randint(0, 380))
            objects.append(
                Member(
                    full_name=f"PSM {made + index}",
                    sex="F" if index % 2 else "M",
                    home_village_id=rng.choice(villages),
                    status="active" if active else "candidate",
                    stage="verified" if active else "applied",
                    literate=True,
                    verified_at=verified if active else None,
                    created_at=verified,
                    verification_token=secrets.token_urlsafe(16),
                )
            )
        Member.objects.bulk_create(objects, batch_size=2000)
        made += size
    return list(Member.objects.filter(status="active").values_list("pk", "home_village_id"))


def create_activities(
    n: int, members: list[tuple[int, str]], user_id: int, rng: random.Random
) -> None:
    from django.utils import timezone

    from sipsm.core.bulkinsert import db_datetime, insert_rows
    from sipsm.reporting.models import Activity, ActivityType

    types = list(ActivityType.objects.values_list("pk", "program_area"))
    months = _months()
    now = db_datetime(timezone.now())
    columns = [
        "member_id", "recorded_by_id", "activity_type_id", "program_area", "title", "description",
        "occurred_on", "village_id", "hours", "beneficiaries_female", "beneficiaries_male",
        "beneficiaries_children", "beneficiaries_adults", "beneficiaries_elderly", "partners",
        "withdrawn_reason", "created_at", "updated_at",
    ]  # fmt: skip

    def rows() -> Any:
        for _ in range(n):
            member, village = rng.choice(members)
            kind, area = rng.choice(types)
            year, month = rng.choice(months)
            female, male = rng.randint(0, 15), rng.randint(0, 15)
            children = rng.randint(0, female + male)
            elderly = rng.randint(0, female + male - children)
            yield (
                member, user_id, kind, area, "Kegiatan", "", _day(rng, year, month).isoformat(),
                village, f"{rng.randint(2, 16) / 2:.1f}", female, male, children,
                female + male - children - elderly, elderly, "", "", now, now,
            )  # fmt: skip

    insert_rows(Activity, columns, rows(), batch_size=2000)


def create_incidents(n: int, members: list[tuple[int, str]], rng: random.Random) -> None:
    from django.utils import timezone

    from sipsm.incidents.models import Assignment, Incident, IncidentType

    kind = IncidentType.objects.get(code="banjir")
    months = _months()
    incidents = []
    for index in range(n):
        year, month = rng.choice(months)
        day = _day(rng, year, month)
        reported = timezone.make_aware(
            dt.datetime.combine(day, dt.time(rng.randint(0, 23), rng.randint(0, 59)))
        )
        answered = rng.random() < 0.7
        _member, village = rng.choice(members)
        incidents.append(
            Incident(
                type=kind,
                title=f"Banjir {index}",
                channel="member",
                region_id=village,
                status="closed" if answered else "reported",
                reported_at=reported,
                verified_at=reported + dt.timedelta(minutes=5) if answered else None,
                first_alert_at=reported + dt.timedelta(minutes=6) if answered else None,
                first_accept_at=reported + dt.timedelta(minutes=rng.randint(8, 90))
                if answered
                else None,
            )
        )
    Incident.objects.bulk_create(incidents, batch_size=2000)
    assignments = []
    answered_ids = list(
        Incident.objects.filter(first_accept_at__isnull=False).values_list("pk", "first_accept_at")
    )
    for pk, accepted in answered_ids:
        assert accepted is not None
        for rank, (member, _village) in enumerate(rng.sample(members, 3)):
            assignments.append(
                Assignment(
                    incident_id=pk,
                    member_id=member,
                    rank=rank,
                    status="done" if rank == 0 else "accepted",
                    responded_at=accepted,
                    checked_in_at=accepted + dt.timedelta(minutes=30) if rank == 0 else None,
                    checked_out_at=accepted + dt.timedelta(hours=4) if rank == 0 else None,
                )
            )
    Assignment.objects.bulk_create(assignments, batch_size=2000)


def create_distribution(n: int, villages: list[str], rng: random.Random) -> None:
    """n ticks: families (each in one village) ticked once a month over 12 months."""
    from django.db import connection

    from sipsm.core.bulkinsert import insert_rows

    id_type = (
        "bigserial PRIMARY KEY" if connection.vendor == "postgresql" else "integer PRIMARY KEY"
    )
    date_type = "date" if connection.vendor == "postgresql" else "text"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {TABLE} (id {id_type}, village_code varchar(13) NOT NULL, "
            f"family_id integer NOT NULL, user_id integer NULL, ticked_on {date_type} NOT NULL, "
            "received smallint NOT NULL)"
        )
    months = _months()
    families = max(1, n // len(months))
    family_village = [rng.choice(villages) for _ in range(families)]

    def rows() -> Any:
        for index in range(n):
            family = index % families
            year, month = months[index // families % len(months)]
            yield (
                family_village[family],
                family,
                None,
                _day(rng, year, month).isoformat(),
                int(rng.random() < 0.95),
            )

    table: Any = SimpleNamespace(_meta=SimpleNamespace(db_table=TABLE))  # what insert_rows reads
    insert_rows(
        table,
        ["village_code", "family_id", "user_id", "ticked_on", "received"],
        rows(),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX {TABLE}_date_idx ON {TABLE} (ticked_on, village_code)")
        cursor.execute(f"CREATE INDEX {TABLE}_village_idx ON {TABLE} (village_code, ticked_on)")


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# Timing ------------------------------------------------------------------------------------


def _users() -> dict[str, Any]:
    from sipsm.accounts.models import User
    from sipsm.accounts.roles import Role

    return {
        "national": User.objects.create(
            username="bench.nasional", role=Role.NATIONAL_ADMIN, mfa_exempt=True
        ),
        "province": User.objects.create(
            username="bench.provinsi",
            role=Role.PROVINCE_COORDINATOR,
            region_id=PROVINCE,
            mfa_exempt=True,
        ),
    }


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _pages(samples: int, users: dict[str, Any]) -> dict[str, Any]:
    from sipsm.reporting.periods import Period

    month = Period.current_month()
    year = month.year
    national, province = _client(users["national"]), _client(users["province"])
    pages = {
        "national_dashboard": (national, "/dasbor/?wilayah="),
        "province_dashboard": (province, f"/dasbor/?wilayah={PROVINCE}"),
        "national_spm": (national, f"/spm/?wilayah=&tahun={year}"),
        "province_spm": (province, f"/spm/?wilayah={PROVINCE}&tahun={year}"),
        "province_equity": (province, f"/kesetaraan/?wilayah={PROVINCE}&tahun={year}"),
        "public": (national, "/transparansi/"),
        "province_report_page": (
            province,
            f"/laporan-bulanan/{PROVINCE}/{month.year}/{month.month}/",
        ),
    }
    exports = {
        "export_monthly_pdf": (
            province,
            f"/laporan-bulanan/{PROVINCE}/{month.year}/{month.month}/laporan.pdf",
        ),
        "export_monthly_xlsx": (
            province,
            f"/laporan-bulanan/{PROVINCE}/{month.year}/{month.month}/laporan.xlsx",
        ),
        "export_spm_pdf": (province, f"/spm/ekspor.pdf?wilayah={PROVINCE}&tahun={year}"),
        "export_3w_year_csv": (province, f"/kerja-nyata/3w.csv?wilayah={PROVINCE}&periode={year}"),
        "export_dashboard_xlsx": (province, f"/dasbor/ekspor.xlsx?wilayah={PROVINCE}"),
        "export_equity_xlsx": (
            province,
            f"/kesetaraan/ekspor.xlsx?wilayah={PROVINCE}&tahun={year}",
        ),
    }
    result: dict[str, Any] = {}
    for name, (client, path) in {**pages, **exports}.items():
        client.get(path, secure=True)  # warm-up (templates, first connection use)
        times = []
        size = 0
        for _ in range(samples if name in pages else max(3, samples // 5)):
            seconds, response = timed(partial(client.get, path, secure=True))
            assert response.status_code == 200, (path, response.status_code)
            times.append(seconds)
            size = len(response.content)
        result[name] = {"path": path, "bytes": size, **summarize(times).as_data()}
    return result


def _baseline_dashboard(code: str | None) -> None:
    from sipsm.reporting import figures as fig
    from sipsm.reporting.periods import Period

    month = Period.current_month()
    for period in [month.year_period(), *month.year_period().months()]:
        if period.start <= timezone_today():
            fig.compute(code, period)


def _baseline_spm(code: str | None) -> None:
    from sipsm.regions.models import Region
    from sipsm.reporting import figures as fig
    from sipsm.reporting import spm

    year = timezone_today().year
    for region, level in (
        Region.objects.filter(level__in=[1, 2])
        .filter(fig.within("code", code))
        .values_list("code", "level")
    ):
        for indicator in spm.INDICATORS:
            if indicator.level == level:
                spm.counts(indicator, region_code=region, year=year)


def _baseline_figures(code: str | None, period: Any) -> None:
    from sipsm.reporting import figures as fig

    fig.compute(code, period)


def _baseline_3w(code: str, period: Any) -> None:
    """The 3W CSV counted entirely from the records: without the area's aggregate row the
    export asks the aid provider for the distribution work (rolled back afterwards)."""
    from django.db import transaction

    from sipsm.reporting.exports.tables import csv_bytes
    from sipsm.reporting.exports.threew import threew_table
    from sipsm.reporting.models import RegionStat

    with transaction.atomic():
        RegionStat.objects.filter(region_code=code, year=period.year, month=period.month).delete()
        csv_bytes([threew_table(code, period, suppress=False, title=code)])
        transaction.set_rollback(True)


# What each page or export would compute from the raw tables without the pre-aggregates.
def _baseline_functions() -> dict[str, Any]:
    from sipsm.reporting.periods import Period

    month = Period.current_month()
    year = month.year_period()
    return {
        "national_dashboard": partial(_baseline_dashboard, None),
        "province_dashboard": partial(_baseline_dashboard, PROVINCE),
        "national_spm": partial(_baseline_spm, None),
        "province_spm": partial(_baseline_spm, PROVINCE),
        "province_equity": partial(_baseline_figures, PROVINCE, year),
        "public": partial(_baseline_figures, None, year),
        "province_report_page": partial(_baseline_figures, PROVINCE, month),
        "export_monthly_pdf": partial(_baseline_figures, PROVINCE, month),
        "export_monthly_xlsx": partial(_baseline_figures, PROVINCE, month),
        "export_spm_pdf": partial(_baseline_spm, PROVINCE),
        "export_3w_year_csv": partial(_baseline_3w, PROVINCE, year),
        "export_dashboard_xlsx": partial(_baseline_dashboard, PROVINCE),
        "export_equity_xlsx": partial(_baseline_figures, PROVINCE, year),
    }


def _baselines(samples: int) -> dict[str, Any]:
    """Each distinct baseline is timed once and shared by the pages that need it."""
    result: dict[str, Any] = {}
    measured: dict[tuple[Any, ...], Any] = {}
    for name, func in _baseline_functions().items():
        key = (func.func, *func.args)
        if key not in measured:
            measured[key] = summarize([timed(func)[0] for _ in range(samples)]).as_data()
        result[name] = measured[key]
    return result


def run(
    *,
    members: int,
    activities: int,
    distributions: int,
    incidents: int,
    samples: int,
    baseline_samples: int,
) -> dict[str, Any]:
    """Build the dataset in the current (scratch) database, rebuild the pre-aggregates, time."""
    from sipsm.regions.loading import load_regions
    from sipsm.regions.models import Region
    from sipsm.reporting.actions.aggregates import rebuild, refresh_period, refresh_spm
    from sipsm.reporting.periods import Period

    _serve_locally()
    rng = random.Random(SEED)
    report: dict[str, Any] = {
        "members": members,
        "activities": activities,
        "distribution_records": distributions,
        "incidents": incidents,
    }
    if not Region.objects.exists():
        print("  loading the region list ...", flush=True)
        load_regions()
    villages = list(Region.objects.filter(level=4).values_list("code", flat=True))
    users = _users()
    print(f"  {members:,} members ...", flush=True)
    report["create_members_s"], active = timed(lambda: create_members(members, villages, rng))
    print(f"  {activities:,} activities ...", flush=True)
    report["create_activities_s"], _ = timed(
        lambda: create_activities(activities, active, users["national"].pk, rng)
    )
    print(f"  {incidents:,} incidents ...", flush=True)
    report["create_incidents_s"], _ = timed(lambda: create_incidents(incidents, active, rng))
    print(f"  {distributions:,} distribution records ...", flush=True)
    report["create_distribution_s"], _ = timed(
        lambda: create_distribution(distributions, villages, rng)
    )
    _analyze()
    print("  rebuilding the pre-aggregates ...", flush=True)
    first = Period(*_months()[-1])
    report["rebuild_s"], report["rebuild_rows"] = timed(
        lambda: rebuild(acting_user=None, first=first)
    )
    _analyze()
    month = Period.current_month()

    def incremental() -> None:
        refresh_period(period=month, province=PROVINCE)
        refresh_period(period=month.year_period(), province=PROVINCE)
        refresh_spm(year=month.year, province=PROVINCE)

    report["incremental_refresh_province_s"] = summarize(
        [timed(incremental)[0] for _ in range(3)]
    ).as_data()
    print("  timing the pages ...", flush=True)
    report["pages"] = _pages(samples, users)
    print("  timing the baseline (the same figures from the raw tables) ...", flush=True)
    report["baseline"] = _baselines(baseline_samples)
    report["ratios"] = {
        name: {
            "median": report["pages"][name]["median_s"] / base["median_s"],
            "p95": report["pages"][name]["p95_s"] / base["p95_s"],
        }
        for name, base in report["baseline"].items()
    }
    return report


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def table(report: dict[str, Any]) -> str:
    lines = [("figure", "sipsm p50", "sipsm p95", "baseline p50", "ratio p50 (p95)")]
    for name, page in report["pages"].items():
        base = report["baseline"].get(name)
        ratio = report["ratios"].get(name)
        lines.append(
            (
                f"(g) {name}",
                _ms(page["median_s"]),
                _ms(page["p95_s"]),
                _ms(base["median_s"]) if base else "",
                f"{ratio['median']:.4f} ({ratio['p95']:.4f})" if ratio else "",
            )
        )
    lines.append(("(g) rebuild of all pre-aggregates", f"{report['rebuild_s']:.1f} s", "", "", ""))
    refresh = report["incremental_refresh_province_s"]
    lines.append(
        (
            "(g) incremental refresh, one province",
            _ms(refresh["median_s"]),
            _ms(refresh["p95_s"]),
            "",
            "",
        )
    )
    widths = [max(len(row[i]) for row in lines) for i in range(5)]
    out = []
    for index, row in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
        if index == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_reporting", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--distributions", type=int, default=5_000_000)
    parser.add_argument("--incidents", type=int, default=20_000)
    parser.add_argument("--samples", type=int, default=30, help="requests per page")
    parser.add_argument("--baseline-samples", type=int, default=3)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="5,000 members, 25,000 activities, 100,000 distribution records",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    if args.quick:
        args.members, args.activities, args.distributions, args.incidents = (
            5000,
            25_000,
            100_000,
            1000,
        )
        args.samples, args.baseline_samples = 10, 2
    return args


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    started = dt.datetime.now(dt.UTC)
    scratch = prepare()
    try:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sqlite_version()" if scratch.vendor == "sqlite" else "SHOW server_version"
            )
            (version,) = cursor.fetchone()
        print(f"Scratch database: {scratch.vendor} {version} ({scratch.database_name})", flush=True)
        report = run(
            members=args.members,
            activities=args.activities,
            distributions=args.distributions,
            incidents=args.incidents,
            samples=args.samples,
            baseline_samples=args.baseline_samples,
        )
        print()
        print(table(report))
        args.output.mkdir(parents=True, exist_ok=True)
        stamp = started.strftime("%Y%m%dT%H%M%SZ")
        path = args.output / f"reporting-{scratch.vendor}-{stamp}.json"
        path.write_text(
            json.dumps(
                {
                    "started": started.isoformat(),
                    "database": f"{scratch.vendor} {version}",
                    "python": platform.python_version(),
                    "machine": platform.machine(),
                    "arguments": {k: str(v) for k, v in vars(args).items()},
                    "reporting": report,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
        print(f"\nFull report: {path}")
    finally:
        scratch.close(keep=args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
