"""(g) KPM list import at national scale: sipsm's import against a raw bulk insert.

* **sipsm**: `sipsm import_kpm`'s code path (`sipsm.aid.importing.runner.run_import`) on a
  synthetic CSV of N families (1,000,000 by default): every row streamed, fully checked (NIK
  and KK rules, region exists, in the importer's area, duplicates in the file and in the
  period, Excel damage), NIK/KK/KKS/account/mother's name encrypted, blind indexes computed,
  and each family written with its members (household, pengurus, head, other members, their
  memberships, the KPM entry) in chunks of 2,000 with a checkpoint per chunk. It runs in a
  fresh process so that its peak RSS is its own.
* **baseline**: the very rows the import wrote to those four tables, dumped after the import
  (not timed), the tables emptied, then inserted again raw: SQLite `executemany` of the
  DB-API cursor, PostgreSQL `COPY ... FROM STDIN` of the dump, one transaction per table.
  The ratio is raw rate / sipsm rate... printed as sipsm time / baseline time like the others.
* **re-import**: the same file imported again: zero rows may change; target ≥ 3x faster.
* **XLSX**: a workbook of 100,000 families into another period: rows per second.

    .venv/bin/python -m benchmarks.bench_aid --quick
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sipsm_bench_aid \\
        .venv/bin/python -m benchmarks.bench_aid
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TABLES = ["people_household", "people_person", "people_householdmembership", "aid_kpmentry"]
RESULTS = Path(__file__).resolve().parent / "results"


# -- the child process: one import, timed, with its own peak RSS ------------------------------


def _child(import_id: int) -> None:
    import django

    django.setup()
    from sipsm.aid.importing.runner import run_import

    started = time.perf_counter()
    run = run_import(import_id)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_rss_mb": peak_kb / 1024,
                "status": run.status,
                "rows": run.rows_read,
                "created": run.created_count,
                "updated": run.updated_count,
                "unchanged": run.unchanged_count,
                "rejected": run.rejected_count,
            }
        )
    )


def _run_child(import_id: int) -> dict[str, Any]:
    from django.db import connection

    env = dict(os.environ)
    if connection.vendor == "postgresql":
        base = env["DATABASE_URL"].rsplit("/", 1)[0]
        env["DATABASE_URL"] = f"{base}/{connection.settings_dict['NAME']}"
    connection.close()
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "benchmarks.bench_aid", "--child-import", str(import_id)],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- set-up -------------------------------------------------------------------------------------


def _setup() -> tuple[Any, Any, Any, list[str]]:
    from sipsm.accounts.actions import create_account
    from sipsm.accounts.roles import Role
    from sipsm.aid.tests.support import make_period, make_program
    from sipsm.regions.loading import load_regions
    from sipsm.regions.models import Region

    load_regions()
    user = create_account(
        acting_user=None,
        username="bench.national",
        role=Role.NATIONAL_ADMIN,
        region=None,
        password="kopi-jahe-gula-aren-9",  # noqa: S106
        email="bench@example.invalid",
    )
    program = make_program()
    villages = list(
        Region.objects.filter(level=4, code__startswith="75.").values_list("code", flat=True)
    )
    return user, program, make_period(program), villages


def _state() -> tuple[int, ...]:
    from django.db import connection

    values: list[int] = []
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*), COALESCE(MAX(id), 0) FROM {table}")
            values += [int(v) for v in cursor.fetchone()]
        cursor.execute("SELECT COUNT(*) FROM aid_kpmentry WHERE updated_at > created_at")
        values.append(int(cursor.fetchone()[0]))
    return tuple(values)


# -- the raw baseline ------------------------------------------------------------------------------


def _columns(table: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _dump(folder: Path) -> dict[str, Path]:
    """Every row of the four tables, to files (pickled batches for SQLite, COPY text for
    PostgreSQL)."""
    from django.db import connection

    files: dict[str, Path] = {}
    connection.ensure_connection()
    raw = connection.connection
    for table in TABLES:
        path = folder / f"{table}.dump"
        columns = ", ".join(_columns(table))
        if connection.vendor == "postgresql":
            with (
                raw.cursor() as cursor,
                path.open("wb") as out,
                cursor.copy(f"COPY {table} ({columns}) TO STDOUT") as copy,
            ):
                for block in copy:
                    out.write(block)
        else:
            cursor = raw.cursor()
            cursor.execute(f"SELECT {columns} FROM {table} ORDER BY id")
            with path.open("wb") as out:
                while batch := cursor.fetchmany(5000):
                    pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
        files[table] = path
    return files


def _empty() -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(TABLES)} CASCADE")
        else:
            for table in reversed(TABLES):
                cursor.execute(f"DELETE FROM {table}")


def _raw_insert(files: dict[str, Path]) -> float:
    from django.db import connection

    from sipsm.aid.importing.runner import SQLITE_CACHE_KIB

    connection.ensure_connection()
    raw = connection.connection
    started = time.perf_counter()
    for table in TABLES:
        columns = _columns(table)
        names = ", ".join(columns)
        if connection.vendor == "postgresql":
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
                files[table].open("rb") as source,
            ):
                while block := source.read(1 << 20):
                    copy.write(block)
            raw.commit()
        else:
            marks = ", ".join("?" * len(columns))
            cursor = raw.cursor()
            # The same page cache as the import gives itself (runner.bulk_connection).
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
            cursor.execute("BEGIN")
            with files[table].open("rb") as source:
                while True:
                    try:
                        batch = pickle.load(source)  # noqa: S301 (our own dump)
                    except EOFError:
                        break
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)
            cursor.execute("COMMIT")
    return time.perf_counter() - started


# -- the run ---------------------------------------------------------------------------------------


def run(*, rows: int, xlsx_rows: int, folder: Path) -> dict[str, Any]:
    from django.db import connection

    from sipsm.aid.actions.imports import import_from_path
    from sipsm.aid.importing.runner import claim_import  # noqa: F401 (import check)
    from sipsm.aid.models import KpmEntry
    from sipsm.aid.tests.files import kpm_rows, write_csv, xlsx_bytes
    from sipsm.aid.tests.support import make_period

    user, program, period, villages = _setup()
    csv_path = folder / "kpm.csv"
    write_csv(csv_path, kpm_rows(villages, rows))
    size_mb = csv_path.stat().st_size / 1e6

    print(f"(g) importing {rows:,} families ({size_mb:,.0f} MB CSV) ...", flush=True)
    first_run = import_from_path(acting_user=user, period=period, path=csv_path)
    first = _run_child(first_run.pk)
    before = _state()
    print("(g) importing the same file again ...", flush=True)
    second_run = import_from_path(acting_user=user, period=period, path=csv_path)
    second = _run_child(second_run.pk)
    after = _state()
    touched = KpmEntry.objects.filter(source_import=second_run.pk).count()

    print("(g) raw bulk insert of the same rows ...", flush=True)
    files = _dump(folder)
    written = sum(before[i * 2] for i in range(len(TABLES)))
    _empty()
    raw_s = _raw_insert(files)
    restored = _state()
    for path in files.values():
        path.unlink()

    xlsx: dict[str, Any] = {}
    if xlsx_rows:
        print(f"(g) importing an XLSX of {xlsx_rows:,} families ...", flush=True)
        xlsx_path = folder / "kpm.xlsx"
        xlsx_path.write_bytes(xlsx_bytes(list(kpm_rows(villages, xlsx_rows, start=rows))))
        xlsx_period = make_period(program, start=dt.date(2026, 2, 1))
        xlsx_run = import_from_path(acting_user=user, period=xlsx_period, path=xlsx_path)
        xlsx = _run_child(xlsx_run.pk)
        xlsx["rows_per_s"] = xlsx["rows"] / xlsx["seconds"]
        xlsx["file_mb"] = xlsx_path.stat().st_size / 1e6

    rate = first["rows"] / first["seconds"]
    raw_rate = rows / raw_s
    return {
        "rows": rows,
        "csv_mb": size_mb,
        "database_rows_written": written,
        "import": {**first, "rows_per_s": rate},
        "reimport": {
            **second,
            "rows_per_s": second["rows"] / second["seconds"],
            "rows_changed": touched + (0 if before == after else 1),
            "state_unchanged": before == after,
            "speedup": first["seconds"] / second["seconds"],
        },
        "baseline_raw_insert": {
            "seconds": raw_s,
            "rows_per_s": raw_rate,
            "method": "COPY" if connection.vendor == "postgresql" else "executemany",
            "restored_same_rows": restored[:-1] == before[:-1],
        },
        "ratio_rate_import_to_raw": rate / raw_rate,
        "ratio_time_import_to_raw": first["seconds"] / raw_s,
        "xlsx": xlsx,
    }


def table(report: dict[str, Any]) -> str:
    g = report
    lines = [
        f"(g) KPM import, {g['rows']:,} families, {g['database_rows_written']:,} rows written",
        f"    sipsm: {g['import']['seconds']:.1f} s = {g['import']['rows_per_s']:,.0f} families/s, "
        f"peak RSS {g['import']['peak_rss_mb']:.0f} MB",
        f"    raw {g['baseline_raw_insert']['method']}: {g['baseline_raw_insert']['seconds']:.1f} s"
        f" = {g['baseline_raw_insert']['rows_per_s']:,.0f} families/s",
        f"    rate sipsm/raw: {g['ratio_rate_import_to_raw']:.2f} (target >= 0.50); "
        f"time ratio {g['ratio_time_import_to_raw']:.2f}",
        f"    re-import: {g['reimport']['seconds']:.1f} s, {g['reimport']['speedup']:.1f}x faster "
        f"(target >= 3), rows changed: {g['reimport']['rows_changed']}",
    ]
    if g["xlsx"]:
        x = g["xlsx"]
        lines.append(
            f"    XLSX {x['rows']:,} families ({x['file_mb']:.0f} MB): {x['seconds']:.1f} s = "
            f"{x['rows_per_s']:,.0f} families/s, peak RSS {x['peak_rss_mb']:.0f} MB"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_aid", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="20,000 rows, XLSX 5,000")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--child-import", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_import:
        _child(args.child_import)
        return 0
    if args.quick:
        args.rows, args.xlsx_rows = 20_000, 5_000
    from benchmarks import environment

    started = dt.datetime.now(dt.UTC)
    scratch = environment.prepare()
    try:
        folder = Path(tempfile.mkdtemp(prefix="sipsm-bench-aid-", dir=scratch.directory))
        report: dict[str, Any] = {
            "started_at": started.isoformat(),
            "database": scratch.vendor,
            "aid": run(rows=args.rows, xlsx_rows=args.xlsx_rows, folder=folder),
        }
    finally:
        scratch.close(keep=False)
    print()
    print(table(report["aid"]))
    args.output.mkdir(parents=True, exist_ok=True)
    path = args.output / f"bench-aid-{scratch.vendor}-{started:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"Written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
