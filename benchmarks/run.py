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
        "--dispatch-members", type=int, default=1_000_000, help="synthetic members for (d)"
    )
    parser.add_argument("--fanout", type=int, default=10_000, help="alerts in (e)")
    parser.add_argument(
        "--only",
        choices=["regions", "dispatch"],
        help="run only the region/NIK figures (a-c) or only the dispatch figures (d-e)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="smaller run (1,000 members, 50 queries)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="folder for the JSON")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    if args.quick:
        args.members, args.queries, args.repeats = 1000, 50, 1
        args.dispatch_members, args.fanout = 20_000, 2_000
    return args


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _times(ratio: float) -> str:
    if ratio >= 1:
        return f"{ratio:.2f} ({ratio:.1f}x slower)"
    return f"{ratio:.4f} ({1 / ratio:,.1f}x faster)"


def _table(report: dict[str, Any]) -> str:
    lines = [("figure", "sipsm", "baseline", "ratio sipsm/baseline")]
    if "load" in report:
        lines += _region_lines(report)
    if "nearest" in report:
        d, e = report["nearest"], report["fanout"]
        lines += [
            (
                f"(d) nearest-20 median, {d['members']:,} members, {d['queries']} queries",
                _ms(d["nearest"]["median_s"]),
                _ms(d["baseline_brute_force"]["median_s"]),
                _times(d["ratio_median"]),
            ),
            (
                "(d) nearest-20 p95",
                _ms(d["nearest"]["p95_s"]),
                _ms(d["baseline_brute_force"]["p95_s"]),
                _times(d["ratio_p95"]),
            ),
            ("(d) nearest-20 p99", _ms(d["nearest"]["p99_s"]), "", ""),
            (
                f"(e) fan-out: {e['alerted']:,} alerts, {e['messages']:,} outbox rows",
                f"{e['fanout_s']:.2f} s",
                f"{e['baseline_raw_insert_s']:.2f} s",
                _times(e["ratio"]) if e["ratio"] else "",
            ),
        ]
    if "cap" in report:
        cap = report["cap"]
        lines += [
            (
                f"(f) CAP {cap['polygons']} polygons -> {cap['villages_found']:,} villages, median",
                _ms(cap["map"]["median_s"]),
                f"{cap['baseline_scan']['extrapolated_s']:.2f} s",
                _times(cap["ratio_median"]),
            ),
            (
                "(f) CAP full ingest (incident + areas), median",
                _ms(cap["ingest"]["median_s"]),
                "",
                "",
            ),
        ]
    widths = [max(len(row[i]) for row in lines) for i in range(4)]
    out = []
    for i, row in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _region_lines(report: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    a, b, c = report["load"], report["search"], report["nik"]
    return [
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
        figures: dict[str, Any] = {}
        if args.only == "dispatch":
            from sipsm.regions.loading import load_regions

            load_regions()
        else:
            print("(a) loading the full region list ...", flush=True)
            figures["load"] = regions_load.run(repeats=args.repeats)
            print(f"(b) {args.queries} region searches ...", flush=True)
            figures["search"] = region_search.run(queries=args.queries)
            print(f"(c) {args.members:,} members, {args.queries} NIK lookups ...", flush=True)
            figures["nik"] = nik_lookup.run(members=args.members, queries=args.queries)
        if args.only != "regions":
            from benchmarks import dispatch

            print(f"(d) {args.dispatch_members:,} members, nearest-20 ...", flush=True)
            figures["nearest"] = dispatch.run_nearest(
                members=args.dispatch_members, queries=args.queries, baseline_queries=5
            )
            print(f"(e) fan-out of {args.fanout:,} alerts ...", flush=True)
            figures["fanout"] = dispatch.run_fanout(size=args.fanout)
            from benchmarks import bench_cap

            print("(f) CAP ingestion: a 150-polygon warning ...", flush=True)
            figures["cap"] = bench_cap.run(
                repeats=3 if args.quick else 5, baseline_sample=5000 if args.quick else None
            )
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
                "dispatch_members": args.dispatch_members,
                "fanout": args.fanout,
            },
            **figures,
        }
    finally:
        scratch.close(keep=args.keep)

    print()
    print(_table(report))
    print()
    if "search" in report:
        search, nik = report["search"], report["nik"]
        print(
            f"(b) {search['same_results_as_baseline']}/{search['queries']} queries returned the "
            f"same regions as the scan; (c) {nik['same_results_as_baseline']}/{nik['queries']} "
            f"lookups found the same member ({nik['misses']} were misses)."
        )
    if "nearest" in report:
        near = report["nearest"]
        print(
            f"(d) {near['same_results_as_baseline']}/{near['baseline_queries']} queries returned "
            "the same 20 members as the brute-force scan."
        )
    args.output.mkdir(parents=True, exist_ok=True)
    path = args.output / f"bench-{scratch.vendor}-{started:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"Written to {path}")
    if args.keep:
        print(f"Scratch database kept: {scratch.database_name}")
    return 0
