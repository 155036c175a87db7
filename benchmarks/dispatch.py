"""(d) Nearest-20 PSMs among a million, and (e) the alert fan-out of one large incident.

(d) N synthetic members (default 1,000,000) are placed at the points of randomly chosen villages
of the whole country, jittered by up to ~2 km, 90 % of them active and available; their dispatch
cells (H3 resolution 7 and 5) are computed as sipsm does. Queries are village points chosen at
random (so query density follows where people live, as incidents do).

sipsm: `nearest_members(lat, lon, limit=20)` over `dispatchable()` (active, available, not
engaged elsewhere): growing H3 rings, then great-circle distance.
Baseline: the same filter, every member's point read and measured (a brute-force scan), on a few
queries only (each reads all N rows). Both must return the same 20 members.

(e) One verified incident whose call-out size is raised to 10,000: `alert_wave` finds the 10,000
nearest members, writes 10,000 assignments and their messages (SMS, as members have phones)
into the outbox in one transaction. Baseline: a raw `executemany` of the same number of
assignment and message rows.
"""

from __future__ import annotations

import random
import secrets
from typing import Any

from benchmarks.timing import summarize, timed

SEED = 20261128
CHUNK = 20_000


def _villages() -> list[tuple[str, float, float]]:
    from sipsm.regions.models import Region

    return [
        (code, lat, lon)
        for code, lat, lon in Region.objects.filter(level=4, lat__isnull=False).values_list(
            "code", "lat", "lon"
        )
    ]


def create_members(n: int, rng: random.Random) -> float:
    """Insert n synthetic members in chunks; returns seconds spent."""
    import h3.api.basic_int as h3int
    from django.db import connection

    from sipsm.core.bulkinsert import insert_rows
    from sipsm.registry.models import Member

    villages = _villages()
    created = 0
    fields = [f for f in Member._meta.concrete_fields if not f.primary_key]

    def chunk(size: int) -> None:
        objects = []
        for index in range(size):
            code, vlat, vlon = rng.choice(villages)
            lat = vlat + rng.uniform(-0.02, 0.02)
            lon = vlon + rng.uniform(-0.02, 0.02)
            active = rng.random() < 0.9
            objects.append(
                Member(
                    full_name=f"PSM {created + index}",
                    sex="F" if index % 2 else "M",
                    home_village_id=code,
                    phone=f"+62812{(created + index) % 100_000_000:08d}",
                    status="active" if active else "candidate",
                    availability="available",
                    literate=True,
                    home_lat=lat,
                    home_lon=lon,
                    dispatch_lat=lat,
                    dispatch_lon=lon,
                    dispatch_h3_r7=h3int.latlng_to_cell(lat, lon, 7),
                    dispatch_h3_r5=h3int.latlng_to_cell(lat, lon, 5),
                    verification_token=secrets.token_urlsafe(16),
                )
            )
        # COPY on PostgreSQL (a 2,000-row INSERT of every column is slow to send), multi-row
        # INSERTs on SQLite; the values are what `bulk_create` would send.
        insert_rows(
            Member,
            [f.column for f in fields],
            (
                tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields)
                for obj in objects
            ),
            batch_size=2000,
        )

    def everything() -> None:
        nonlocal created
        while created < n:
            size = min(CHUNK, n - created)
            chunk(size)
            created += size

    seconds, _ = timed(everything)
    # A production database keeps planner statistics and (PostgreSQL) the visibility map up to
    # date: autovacuum vacuums and analyses a table after a bulk insert. Do what it would do,
    # so that index-only scans are possible as they would be in production.

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE registry_member")
        cursor.execute("ANALYZE")
    return seconds


def run_nearest(*, members: int, queries: int, baseline_queries: int) -> dict[str, Any]:
    from sipsm.incidents.nearest import brute_force_nearest, dispatchable, nearest_members

    rng = random.Random(SEED)
    create_s = create_members(members, rng)
    villages = _villages()
    points = [(lat, lon) for _code, lat, lon in rng.sample(villages, queries)]
    queryset = dispatchable()
    for lat, lon in points[:5]:
        nearest_members(lat=lat, lon=lon, limit=20, queryset=queryset)
    ours: list[float] = []
    results = []
    for lat, lon in points:
        seconds, found = timed(
            lambda lat=lat, lon=lon: nearest_members(lat=lat, lon=lon, limit=20, queryset=queryset)
        )
        ours.append(seconds)
        results.append(found)
    theirs: list[float] = []
    agree = 0
    for index, (lat, lon) in enumerate(points[:baseline_queries]):
        seconds, found = timed(
            lambda lat=lat, lon=lon: brute_force_nearest(
                lat=lat, lon=lon, limit=20, queryset=queryset
            )
        )
        theirs.append(seconds)
        agree += [c.member_id for c in found] == [c.member_id for c in results[index]]
    s_ours, s_theirs = summarize(ours), summarize(theirs)
    ordered = sorted(ours)
    p99 = ordered[max(0, min(len(ordered) - 1, round(0.99 * len(ordered)) - 1))]
    return {
        "members": members,
        "create_members_s": create_s,
        "queries": queries,
        "nearest": {**s_ours.as_data(), "p99_s": p99},
        "baseline_queries": len(theirs),
        "baseline_brute_force": s_theirs.as_data(),
        "same_results_as_baseline": agree,
        "ratio_median": s_ours.median / s_theirs.median,
        "ratio_p95": s_ours.p95 / s_theirs.p95,
    }


def run_fanout(*, size: int) -> dict[str, Any]:
    """Alert `size` members for one incident, timed from the call to the committed outbox."""
    from django.db import connection, transaction

    from sipsm.incidents.actions import dispatch
    from sipsm.incidents.actions.lifecycle import IncidentReport, change_status, report_incident
    from sipsm.incidents.models import Assignment, IncidentType
    from sipsm.notifications.models import Message
    from sipsm.regions.models import Region

    village = Region.objects.filter(level=4, lat__isnull=False, code__startswith="32.73").first()
    if village is None:
        village = Region.objects.filter(level=4, lat__isnull=False).first()
    assert village is not None
    kind = IncidentType.objects.get(code="banjir")
    kind.skills.clear()
    kind.callout_size = size
    kind.save()
    incident = report_incident(
        acting_user=None,
        report=IncidentReport(type=kind, title="Banjir besar", region=village, channel="public"),
    )
    change_status(acting_user=None, incident=incident, to_status="verified", callout=False)

    def alert() -> int:
        with transaction.atomic():
            return dispatch.alert_wave(incident=incident, wave=1, radius_km=2000)

    seconds, alerted = timed(alert)
    messages = Message.objects.filter(related_id=str(incident.pk)).count()

    def rows_of(model: Any, queryset: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
        columns = [f.column for f in model._meta.concrete_fields]
        attnames = [f.attname for f in model._meta.concrete_fields]
        values = [
            tuple(
                field.get_db_prep_save(value, connection)
                for field, value in zip(model._meta.concrete_fields, row, strict=True)
            )
            for row in queryset.values_list(*attnames)
        ]
        return columns, values

    assignments = rows_of(Assignment, Assignment.objects.filter(incident=incident))
    outbox = rows_of(Message, Message.objects.filter(related_id=str(incident.pk)))
    quote = connection.ops.quote_name

    def raw() -> None:
        """The same rows sipsm wrote, inserted again with executemany into empty copies."""
        with transaction.atomic(), connection.cursor() as cursor:
            for name, (columns, values) in (("bench_a", assignments), ("bench_m", outbox)):
                source = Assignment._meta.db_table if name == "bench_a" else Message._meta.db_table
                cursor.execute(f"CREATE TEMPORARY TABLE {name} AS SELECT * FROM {source} WHERE 1=0")
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {name} ({', '.join(quote(c) for c in columns)}) "
                    f"VALUES ({placeholders})",
                    values,
                )
                cursor.execute(f"DROP TABLE {name}")

    try:
        raw_s, _ = timed(raw)
    except Exception as exc:
        raw_s = float("nan")
        error = str(exc)
    else:
        error = ""
    return {
        "alerted": alerted,
        "messages": messages,
        "fanout_s": seconds,
        "baseline_raw_insert_s": raw_s,
        "ratio": seconds / raw_s if raw_s == raw_s and raw_s > 0 else None,
        "baseline_error": error,
    }
