"""(d) CAP ingestion: a 150-polygon warning mapped to villages, against a brute-force scan.

The warning is synthetic but shaped like BMKG's largest real message (150 kecamatan polygons,
about 3,000 points, one `<area>`): for 150 districts of Jawa Tengah (province 33, drawn with a
fixed seed from the loaded list), a 20-point irregular ring of 3-7 km around the district
point, and the district names in the description as BMKG writes them.

Figures (medians of `repeats` runs, after one warm-up run):

- `map`: `parse_cap` + `map_alert` — what ingestion does before writing: one SQL query for the
  village points inside the merged polygon bounding boxes, then ray casting with the rings
  bucketed on a 0.1° grid. Target: under 1 s.
- `ingest`: the whole `ingest()` of the file into a new incident with its village areas
  (database writes included); measured on a fresh identifier each run.
- `baseline`: the brute force — every village point of the country read from the database
  and tested against every polygon by ray casting, without a bounding box or an index. With
  `baseline_sample`, only that many villages (fixed seed) are scanned and the time is scaled
  to all villages (reported as `extrapolated`); the full scan takes tens of seconds.

Both return the same villages; the run checks it (on the sample, when sampling).
"""

from __future__ import annotations

import math
import random
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.timing import summarize, timed

SEED = 20260924
PROVINCE = "33"
POLYGONS = 150
POINTS_PER_RING = 20


def _ring(lat: float, lon: float, rng: random.Random) -> list[tuple[float, float]]:
    radius_km = rng.uniform(3.0, 7.0)
    points = []
    for step in range(POINTS_PER_RING):
        angle = 2 * math.pi * step / POINTS_PER_RING
        r = radius_km * rng.uniform(0.7, 1.3) / 111.195
        points.append(
            (
                round(lat + r * math.sin(angle), 3),
                round(lon + r * math.cos(angle) / math.cos(math.radians(lat)), 3),
            )
        )
    return [*points, points[0]]


def make_alert(identifier_seq: int = 1) -> tuple[str, list[list[tuple[float, float]]]]:
    """The CAP XML of the synthetic warning and its rings."""
    from sipsm.regions.models import Region

    rng = random.Random(SEED)
    districts = list(
        Region.objects.filter(level=3, code__startswith=PROVINCE + ".", lat__isnull=False)
        .order_by("code")
        .values_list("name", "lat", "lon")
    )
    chosen = rng.sample(districts, POLYGONS)
    rings = [_ring(lat, lon, rng) for _, lat, lon in chosen]
    names = ", ".join(name.upper() for name, _, _ in chosen)
    polygons = "\n".join(
        "      <polygon>" + " ".join(f"{a:.3f},{b:.3f}" for a, b in ring) + "</polygon>"
        for ring in rings
    )
    description = (
        "Hujan lebat disertai petir akan terjadi pada 24 September 2026, 14:10 WIB "
        f"di sebagian wilayah Jawa Tengah, khususnya di {names}."
    )
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>2.49.0.1.360.0.2026.09.24.07.{PROVINCE}.{identifier_seq:03d}</identifier>
  <sender>cuaca.ekstrem@bmkg.go.id</sender>
  <sent>2026-09-24T14:00:00+07:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>id</language>
    <category>Met</category>
    <event>Hujan Lebat dan Petir</event>
    <urgency>Immediate</urgency>
    <severity>Moderate</severity>
    <certainty>Observed</certainty>
    <eventCode><valueName>OET:v1.2</valueName><value>OET-194</value></eventCode>
    <effective>2026-09-24T14:10:00+07:00</effective>
    <expires>2026-09-24T17:00:00+07:00</expires>
    <senderName>Badan Meteorologi Klimatologi dan Geofisika</senderName>
    <headline>Hujan Lebat disertai Petir di Jawa Tengah</headline>
    <description>{description}</description>
    <area>
      <areaDesc>Jawa Tengah</areaDesc>
{polygons}
    </area>
  </info>
</alert>
"""
    return xml, rings


def _map(xml: str) -> set[str]:
    from sipsm.incidents.bmkg.cap import parse_cap
    from sipsm.incidents.bmkg.mapping import map_alert

    return set(map_alert(parse_cap(xml)).villages)


def _brute_force(
    rings: list[list[tuple[float, float]]], sample: int | None
) -> tuple[set[str], set[str], int]:
    """(villages inside, villages scanned, number of villages in the country)."""
    from sipsm.incidents.bmkg.geo import point_in_ring
    from sipsm.regions.models import Region

    rows = list(Region.objects.filter(level=4, lat__isnull=False).values_list("code", "lat", "lon"))
    total = len(rows)
    if sample is not None and sample < total:
        rows = random.Random(SEED).sample(rows, sample)
    found = {
        code for code, lat, lon in rows if any(point_in_ring(lat, lon, ring) for ring in rings)
    }
    return found, {code for code, _, _ in rows}, total


def run(*, repeats: int = 5, baseline_sample: int | None = None) -> dict[str, Any]:
    from sipsm.incidents.bmkg.ingest import IngestOptions, ingest
    from sipsm.regions.loading import load_regions
    from sipsm.regions.models import Region

    if not Region.objects.filter(code__startswith=PROVINCE + ".", level=4).exists():
        load_regions()
    xml, rings = make_alert()
    _map(xml)  # warm-up (imports, query plan, caches)
    map_samples = []
    villages: set[str] = set()
    for _ in range(repeats):
        seconds, villages = timed(lambda: _map(xml))
        map_samples.append(seconds)

    ingest_samples = []
    with tempfile.TemporaryDirectory(prefix="sipsm-bench-cap-") as folder:
        for attempt in range(repeats):
            path = Path(folder) / f"alert-{attempt}.xml"
            path.write_text(make_alert(identifier_seq=100 + attempt)[0], encoding="utf-8")
            seconds, summary = timed(lambda p=path: ingest([str(p)], options=IngestOptions()))
            assert summary.created == 1, summary.lines
            ingest_samples.append(seconds)

    baseline_seconds, (scan_found, scanned_codes, total) = timed(
        lambda: _brute_force(rings, baseline_sample)
    )
    scanned = len(scanned_codes)
    extrapolated = baseline_seconds * total / scanned
    agree = scan_found == villages & scanned_codes
    map_summary = summarize(map_samples)
    return {
        "polygons": len(rings),
        "points": sum(len(r) for r in rings),
        "villages_found": len(villages),
        "villages_in_country": total,
        "map": map_summary.as_data(),
        "ingest": summarize(ingest_samples).as_data(),
        "baseline_scan": {
            "villages_scanned": scanned,
            "measured_s": baseline_seconds,
            "extrapolated_s": extrapolated,
            "sampled": scanned < total,
        },
        "same_villages_as_baseline": agree,
        "ratio_median": map_summary.median / extrapolated,
        "target_met": map_summary.median < 1.0,
    }


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_cap", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--baseline-sample", type=int, default=None, help="villages scanned by the brute force"
    )
    args = parser.parse_args()
    from benchmarks.environment import prepare

    scratch = prepare()
    try:
        report = run(repeats=args.repeats, baseline_sample=args.baseline_sample)
    finally:
        scratch.close(keep=False)
    base = report["baseline_scan"]
    print(
        f"(d) CAP {report['polygons']} polygons / {report['points']} points -> "
        f"{report['villages_found']} villages\n"
        f"    map (parse + villages) median {report['map']['median_s'] * 1000:.1f} ms, "
        f"p95 {report['map']['p95_s'] * 1000:.1f} ms\n"
        f"    full ingest median {report['ingest']['median_s'] * 1000:.1f} ms\n"
        f"    brute force {base['extrapolated_s']:.2f} s"
        + (f" (extrapolated from {base['villages_scanned']:,} villages)" if base["sampled"] else "")
        + f"\n    ratio {report['ratio_median']:.5f} ({1 / report['ratio_median']:,.0f}x faster), "
        f"same villages: {report['same_villages_as_baseline']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
