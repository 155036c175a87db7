"""Loading the Kemendagri region list (package data) into the Region table, idempotently."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol

import h3.api.basic_int as h3int
from django.db import connection, transaction
from django.db.models import Count, Q

from sipsm.regions import codes
from sipsm.regions.models import Region, RegionRelease
from sipsm.regions.text import search_key, short_name

DATA_FILE = Path(__file__).resolve().parent / "data" / "wilayah.csv.gz"
DECREE = "Kepmendagri No. 300.2.2-2138 Tahun 2025"
H3_RESOLUTION = 9
BATCH_SIZE = 2000


class Progress(Protocol):
    def __call__(self, done: int, total: int) -> None: ...


@dataclass
class LoadResult:
    total: int = 0
    skipped: bool = False
    counts: dict[str, int] = field(default_factory=dict)


def _open(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


class RegionRow(NamedTuple):
    """The stored values of one Region, in the column order of `_upsert`."""

    code: str
    name: str
    level: int
    parent_id: str | None
    lat: float | None
    lon: float | None
    h3_cell: int | None
    chain: str
    name_key: str
    search_text: str


def region_rows(rows: Iterable[dict[str, str]]) -> Iterator[RegionRow]:
    """Turn CSV rows (parents before children) into the values stored, chains included."""
    chains: dict[str, str] = {}
    for row in rows:
        code = codes.normalize(row["code"])
        parent_text = row["parent_code"].strip()
        parent = codes.normalize(parent_text) if parent_text else None
        name = row["name"].strip()
        own = short_name(code, name)
        chain = own if parent is None else f"{own}, {chains[parent]}"
        level = code.count(".") + 1
        if level < codes.Level.VILLAGE:
            chains[code] = chain
        lat, lon = _float(row["lat"]), _float(row["lon"])
        yield RegionRow(
            code=code,
            name=name,
            level=level,
            parent_id=parent,
            lat=lat,
            lon=lon,
            h3_cell=(
                h3int.latlng_to_cell(lat, lon, H3_RESOLUTION)
                if lat is not None and lon is not None
                else None
            ),
            chain=chain[:255],
            name_key=search_key(name)[:100],
            search_text=search_key(chain)[:255],
        )


def build_regions(rows: Iterable[dict[str, str]]) -> Iterator[Region]:
    """Like `region_rows`, as unsaved Region objects."""
    for values in region_rows(rows):
        yield Region(**values._asdict())


def load_regions(
    *,
    path: Path = DATA_FILE,
    provinces: Iterable[str] | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> LoadResult:
    """Upsert every region of the file (optionally only some provinces).

    A second run with the same file and the table already complete does nothing. `progress`
    is called with `(rows done, rows in total)`: once with 0 before the first batch, then after
    every batch.
    """
    wanted = {codes.normalize(p) for p in provinces} if provinces else None
    if wanted is not None and any("." in code for code in wanted):
        raise codes.InvalidRegionCode(", ".join(sorted(c for c in wanted if "." in c)))
    checksum = _sha256(path)
    selection = "" if wanted is None else ",".join(sorted(wanted))

    with _open(path) as fh:
        rows = [r for r in csv.DictReader(fh) if wanted is None or r["code"][:2] in wanted]
    expected = Counter(int(r["level"]) for r in rows)

    if not force and _already_loaded(checksum, wanted):
        present = _present_counts(wanted)
        if all(present[lvl] >= n for lvl, n in expected.items()):
            return LoadResult(total=len(rows), skipped=True, counts=_named(expected))

    total = len(rows)
    done = 0
    if progress:
        progress(0, total)
    with transaction.atomic():
        batch: list[RegionRow] = []
        for region in region_rows(rows):
            batch.append(region)
            if len(batch) >= BATCH_SIZE:
                _upsert(batch)
                done += len(batch)
                if progress:
                    progress(done, total)
                batch = []
        if batch:
            _upsert(batch)
            done += len(batch)
            if progress:
                progress(done, total)
        RegionRelease.objects.create(
            decree=DECREE, source_sha256=checksum, provinces=selection, counts=_named(expected)
        )
    return LoadResult(total=total, counts=_named(expected))


def _already_loaded(checksum: str, wanted: set[str] | None) -> bool:
    """The latest load was of this file and covered (at least) the wanted provinces."""
    latest = RegionRelease.objects.order_by("-loaded_at", "-id").first()
    if latest is None or latest.source_sha256 != checksum:
        return False
    if not latest.provinces:
        return True
    return wanted is not None and wanted <= set(latest.provinces.split(","))


def _present_counts(wanted: set[str] | None) -> Counter[int]:
    queryset = Region.objects.all()
    if wanted is not None:
        scope = Q()
        for province in wanted:
            scope |= Q(code=province) | Q(code__startswith=province + ".")
        queryset = queryset.filter(scope)
    return Counter(dict(queryset.values_list("level").annotate(n=Count("code")).order_by()))


def _named(counts: Counter[int]) -> dict[str, int]:
    names = {1: "provinces", 2: "regencies", 3: "districts", 4: "villages"}
    return {names[lvl]: counts.get(lvl, 0) for lvl in names}


def _upsert(batch: list[RegionRow]) -> None:
    """INSERT ... ON CONFLICT (code) DO UPDATE: the statement `bulk_create(update_conflicts=True)`
    writes, without building model instances and compiling every value through the ORM.

    SQLite runs in-process, so one prepared statement executed per row (executemany) is the
    fastest; on PostgreSQL every statement is a round trip, so a batch is one multi-row VALUES.
    """
    if not batch:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(_upsert_sql(1), batch)
        else:
            cursor.execute(_upsert_sql(len(batch)), [value for row in batch for value in row])


def _upsert_sql(rows: int) -> str:
    meta = Region._meta
    quote = connection.ops.quote_name
    by_attname = {f.attname: str(f.column) for f in meta.concrete_fields}
    columns = [quote(by_attname[name]) for name in RegionRow._fields]
    key = quote(by_attname["code"])
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != key)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # Only quoted identifiers from the model's metadata go into the text; values are bound.
    return (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES {', '.join([placeholders] * rows)} "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
    )
