"""Run every benchmark on a scratch database, print a table and write JSON to results/."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--members", type=int, default=5000, help="synthetic members for (c)")
    parser.add_argument("--queries", type=int, default=200, help="queries for (b) and (c)")
    parser.add_argument("--repeats", type=int, default=2, help="forced reloads in (a)")
    parser.add_argument(
        "--quick", action="store_true", help="smaller run (1,000 members, 50 queries)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="folder for the JSON")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    if args.quick:
        args.members, args.queries, args.repeats = 1000, 50, 1
    return args


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _times(ratio: float) -> str:
    if ratio >= 1:
        return f"{ratio:.2f} ({ratio:.1f}x slower)"
    return f"{ratio:.4f} ({1 / ratio:,.1f}x faster)"


def _table(report: dict[str, Any]) -> str:
    a, b, c = report["load"], report["search"], report["nik"]
    lines = [
        ("figure", "sipsm", "baseline", "ratio sipsm/baseline"),
        (
            f"(a) load_regions, {a['rows']:,} rows, empty table",
            f"{a['first_load_s']:.2f} s",
            f"{a['baseline_raw_insert_s']:.2f} s",
            _times(a["ratio_first_load"]),
        ),
        (
            "(a) load_regions --force over loaded table",
            f"{a['forced_reload_s']:.2f} s",
            f"{a['baseline_raw_insert_s']:.2f} s",
            _times(a["ratio_forced_reload"]),
        ),
        (
            "(a) load_regions again (skipped)",
            f"{a['skipped_rerun_s']:.2f} s",
            f"{a['baseline_raw_insert_s']:.2f} s",
            _times(a["ratio_skipped_rerun"]),
        ),
        (
            f"(b) search_regions median, {b['queries']} queries",
            _ms(b["search"]["median_s"]),
            _ms(b["baseline_scan"]["median_s"]),
            _times(b["ratio_median"]),
        ),
        (
            "(b) search_regions p95",
            _ms(b["search"]["p95_s"]),
            _ms(b["baseline_scan"]["p95_s"]),
            _times(b["ratio_p95"]),
        ),
        (
            f"(c) NIK lookup median, {c['members']:,} members",
            _ms(c["blind_index"]["median_s"]),
            _ms(c["baseline_decrypt_scan"]["median_s"]),
            _times(c["ratio_median"]),
        ),
        (
            "(c) NIK lookup p95",
            _ms(c["blind_index"]["p95_s"]),
            _ms(c["baseline_decrypt_scan"]["p95_s"]),
            _times(c["ratio_p95"]),
        ),
    ]
    widths = [max(len(row[i]) for row in lines) for i in range(4)]
    out = []
    for i, row in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    from benchmarks.environment import prepare

    started = dt.datetime.now(dt.UTC)
    scratch = prepare()
    try:
        import django
        from django.db import connection

        from benchmarks import nik_lookup, region_search, regions_load

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sqlite_version()" if scratch.vendor == "sqlite" else "SHOW server_version"
            )
            (db_version,) = cursor.fetchone()
        print(f"Scratch database: {scratch.vendor} {db_version} ({scratch.database_name})")
        print("(a) loading the full region list ...", flush=True)
        load = regions_load.run(repeats=args.repeats)
        print(f"(b) {args.queries} region searches ...", flush=True)
        search = region_search.run(queries=args.queries)
        print(f"(c) {args.members:,} members, {args.queries} NIK lookups ...", flush=True)
        nik = nik_lookup.run(members=args.members, queries=args.queries)
        report: dict[str, Any] = {
            "started_at": started.isoformat(),
            "finished_at": dt.datetime.now(dt.UTC).isoformat(),
            "database": {"vendor": scratch.vendor, "version": db_version},
            "python": sys.version.split()[0],
            "django": django.get_version(),
            "machine": {"platform": platform.platform(), "processor": platform.machine()},
            "arguments": {
                "members": args.members,
                "queries": args.queries,
                "repeats": args.repeats,
            },
            "load": load,
            "search": search,
            "nik": nik,
        }
    finally:
        scratch.close(keep=args.keep)

    print()
    print(_table(report))
    print()
    print(
        f"(b) {search['same_results_as_baseline']}/{search['queries']} queries returned the same "
        f"regions as the scan; (c) {nik['same_results_as_baseline']}/{nik['queries']} lookups "
        f"found the same member ({nik['misses']} were misses)."
    )
    args.output.mkdir(parents=True, exist_ok=True)
    path = args.output / f"bench-{scratch.vendor}-{started:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"Written to {path}")
    if args.keep:
        print(f"Scratch database kept: {scratch.database_name}")
    return 0
