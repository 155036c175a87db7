"""Loading the Kemendagri region list (package data) into the Region table, idempotently."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import h3.api.basic_int as h3int
from django.db import transaction
from django.db.models import Count, Q

from sipsm.regions import codes
from sipsm.regions.models import Region, RegionRelease
from sipsm.regions.text import search_key, short_name

DATA_FILE = Path(__file__).resolve().parent / "data" / "wilayah.csv.gz"
DECREE = "Kepmendagri No. 300.2.2-2138 Tahun 2025"
H3_RESOLUTION = 9
BATCH_SIZE = 2000


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


def build_regions(rows: Iterable[dict[str, str]]) -> Iterator[Region]:
    """Turn CSV rows (parents before children) into unsaved Region objects with their chains."""
    chains: dict[str, str] = {}
    for row in rows:
        code = codes.normalize(row["code"])
        parent = row["parent_code"].strip() or None
        name = row["name"].strip()
        own = short_name(code, name)
        chain = own if parent is None else f"{own}, {chains[parent]}"
        if codes.level_of(code) < codes.Level.VILLAGE:
            chains[code] = chain
        lat, lon = _float(row["lat"]), _float(row["lon"])
        yield Region(
            code=code,
            name=name,
            level=int(row["level"]),
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


def load_regions(
    *,
    path: Path = DATA_FILE,
    provinces: Iterable[str] | None = None,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> LoadResult:
    """Upsert every region of the file (optionally only some provinces).

    A second run with the same file and the table already complete does nothing.
    """
    wanted = {codes.normalize(p) for p in provinces} if provinces else None
    checksum = _sha256(path)
    release_key = checksum if wanted is None else f"{checksum}:{','.join(sorted(wanted))}"

    with _open(path) as fh:
        rows = [r for r in csv.DictReader(fh) if wanted is None or r["code"][:2] in wanted]
    expected = Counter(int(r["level"]) for r in rows)

    latest = RegionRelease.objects.order_by("-loaded_at", "-id").first()
    if not force and latest is not None and latest.source_sha256 == release_key:
        present = _present_counts(wanted)
        if all(present[lvl] >= n for lvl, n in expected.items()):
            return LoadResult(total=len(rows), skipped=True, counts=_named(expected))

    with transaction.atomic():
        batch: list[Region] = []
        for region in build_regions(rows):
            batch.append(region)
            if len(batch) >= BATCH_SIZE:
                _upsert(batch)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            _upsert(batch)
            if progress:
                progress(len(batch))
        RegionRelease.objects.create(
            decree=DECREE, source_sha256=release_key, counts=_named(expected)
        )
    return LoadResult(total=len(rows), counts=_named(expected))


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


def _upsert(batch: list[Region]) -> None:
    Region.objects.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "level",
            "parent",
            "lat",
            "lon",
            "h3_cell",
            "chain",
            "name_key",
            "search_text",
        ],
    )
