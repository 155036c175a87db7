"""(a) Loading the full region list with `load_regions` vs a raw executemany INSERT.

The baseline inserts exactly the rows `load_regions` writes (same values, computed beforehand
and not timed) into a scratch table with only a primary key, in one transaction, with the
DB-API `executemany`. It is the floor for getting 91,599 rows into this database; the ratio
shows what the command adds on top (reading and hashing the file, building the chains, search
keys and H3 cells, upserting in batches, the table's indexes, the release record).
"""

from __future__ import annotations

import csv
import statistics
from typing import Any

from benchmarks.timing import timed

SCRATCH_TABLE = "bench_region_raw"
COLUMNS = (
    "code",
    "name",
    "level",
    "parent_code",
    "lat",
    "lon",
    "h3_cell",
    "chain",
    "name_key",
    "search_text",
)


def _rows() -> list[tuple[Any, ...]]:
    from sipsm.regions.loading import DATA_FILE, _open, region_rows

    with _open(DATA_FILE) as fh:
        return [tuple(row) for row in region_rows(csv.DictReader(fh))]


def _raw_insert(rows: list[tuple[Any, ...]]) -> None:
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH_TABLE}")
        cursor.execute(
            f"CREATE TABLE {SCRATCH_TABLE} ("
            "code varchar(13) PRIMARY KEY, name varchar(100) NOT NULL, level smallint NOT NULL, "
            "parent_code varchar(13) NULL, lat double precision NULL, "
            "lon double precision NULL, h3_cell bigint NULL, chain varchar(255) NOT NULL, "
            "name_key varchar(100) NOT NULL, search_text varchar(255) NOT NULL)"
        )
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {SCRATCH_TABLE} ({', '.join(COLUMNS)}) VALUES ({placeholders})"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def run(*, repeats: int) -> dict[str, Any]:
    from django.db import connection

    from sipsm.regions.loading import load_regions
    from sipsm.regions.models import Region

    rows = _rows()

    first, result = timed(load_regions)
    assert not result.skipped
    assert Region.objects.count() == len(rows) == 91599
    forced = [timed(lambda: load_regions(force=True))[0] for _ in range(repeats)]
    skipped, again = timed(load_regions)
    assert again.skipped

    raw = [timed(lambda: _raw_insert(rows))[0] for _ in range(max(3, repeats))]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {SCRATCH_TABLE}")
        (raw_count,) = cursor.fetchone()
        cursor.execute(f"DROP TABLE {SCRATCH_TABLE}")
    assert raw_count == len(rows)

    baseline = statistics.median(raw)
    reload = statistics.median(forced)
    return {
        "rows": len(rows),
        "baseline_raw_insert_s": baseline,
        "baseline_runs_s": raw,
        "first_load_s": first,
        "forced_reload_s": reload,
        "forced_reload_runs_s": forced,
        "skipped_rerun_s": skipped,
        "ratio_first_load": first / baseline,
        "ratio_forced_reload": reload / baseline,
        "ratio_skipped_rerun": skipped / baseline,
    }
