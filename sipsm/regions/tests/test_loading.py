"""Loading the shipped region list: counts, idempotent re-runs, --force, progress, full file."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import h3.api.basic_int as h3int
import pytest

from sipsm.regions.codes import InvalidRegionCode
from sipsm.regions.loading import DATA_FILE, load_regions
from sipsm.regions.models import Region, RegionRelease
from sipsm.testing import TEST_PROVINCES

pytestmark = pytest.mark.django_db

TEST_COUNTS = {"provinces": 2, "regencies": 29, "districts": 367, "villages": 7229}


def _levels(prefix: str) -> dict[int, int]:
    rows = Region.objects.filter(code__startswith=prefix).values_list("level", flat=True)
    return dict(Counter(rows))


def test_it_has_loaded_the_test_provinces() -> None:
    assert _levels("11") == {1: 1, 2: 23, 3: 290, 4: 6500}
    assert _levels("75") == {1: 1, 2: 6, 3: 77, 4: 729}
    assert Region.objects.count() == 7627


def test_it_skips_a_second_run_and_changes_nothing() -> None:
    releases = RegionRelease.objects.count()
    before = list(Region.objects.order_by("code").values_list("code", "name", "chain"))

    result = load_regions(provinces=TEST_PROVINCES)

    assert result.skipped is True
    assert result.total == 7627
    assert result.counts == TEST_COUNTS
    assert RegionRelease.objects.count() == releases
    assert list(Region.objects.order_by("code").values_list("code", "name", "chain")) == before


def test_it_skips_a_province_that_the_last_load_covered() -> None:
    result = load_regions(provinces=["75"])

    assert result.skipped is True
    assert result.counts == {"provinces": 1, "regencies": 6, "districts": 77, "villages": 729}


def test_it_reloads_with_force() -> None:
    Region.objects.filter(code="75.01.01.1006").update(name="Renamed", chain="Renamed")
    releases = RegionRelease.objects.count()

    result = load_regions(provinces=["75"], force=True)

    assert result.skipped is False
    assert result.total == 813
    region = Region.objects.get(code="75.01.01.1006")
    assert region.name != "Renamed"
    assert region.chain == f"{region.name}, Kec. Limboto, Kab. Gorontalo, Gorontalo"
    assert RegionRelease.objects.count() == releases + 1
    release = RegionRelease.objects.latest()
    assert release.provinces == "75"
    assert release.decree == "Kepmendagri No. 300.2.2-2138 Tahun 2025"
    assert len(release.source_sha256) == 64


def test_it_reloads_when_rows_are_missing_even_without_force() -> None:
    Region.objects.filter(code="75.01.01.1006").delete()

    result = load_regions(provinces=TEST_PROVINCES)

    assert result.skipped is False
    assert Region.objects.filter(code="75.01.01.1006").exists()


def test_it_reports_progress_with_the_total() -> None:
    calls: list[tuple[int, int]] = []

    load_regions(
        provinces=["11"], force=True, progress=lambda done, total: calls.append((done, total))
    )

    assert calls == [(0, 6814), (2000, 6814), (4000, 6814), (6000, 6814), (6814, 6814)]


def test_it_refuses_a_selection_that_is_not_a_province() -> None:
    with pytest.raises(InvalidRegionCode):
        load_regions(provinces=["75.01"])


def test_it_builds_chains_search_keys_and_cells() -> None:
    village = Region.objects.get(code="11.01.01.2001")
    assert village.chain == "Keude Bakongan, Kec. Bakongan, Kab. Aceh Selatan, Aceh"
    assert village.name_key == "keude bakongan"
    assert village.search_text == "keude bakongan kec bakongan kab aceh selatan aceh"
    assert village.parent_id == "11.01.01"
    assert village.level == 4
    assert (village.lat, village.lon) == (2.931095, 97.484584)
    assert village.h3_cell == h3int.latlng_to_cell(2.931095, 97.484584, 9)
    assert Region.objects.get(code="75.71").chain == "Kota Gorontalo, Gorontalo"


def test_it_loads_a_file_given_as_plain_csv(tmp_path: Path) -> None:
    source = tmp_path / "wilayah.csv"
    source.write_text(
        "code,name,level,parent_code,lat,lon\n"
        "91,Papua,1,,-2.5,140.7\n"
        "91.03,Kabupaten Jayapura,2,91,-2.6,140.5\n"
        "91.03.01,Sentani,3,91.03,-2.568086,140.513527\n"
        "91.03.01.3007,Desa Adat Yoboi,4,91.03.01,,\n",
        encoding="utf-8",
    )

    result = load_regions(path=source)

    assert result.counts == {"provinces": 1, "regencies": 1, "districts": 1, "villages": 1}
    village = Region.objects.get(code="91.03.01.3007")
    assert village.chain == "Desa Adat Yoboi, Distrik Sentani, Kab. Jayapura, Papua"
    assert (village.lat, village.lon, village.h3_cell) == (None, None, None)
    assert village.kind_label


def test_it_loads_the_full_shipped_file() -> None:
    # Runs inside the test transaction: the other tests keep seeing only the test provinces.
    result = load_regions()

    assert result.skipped is False
    assert result.total == 91599
    assert result.counts == {
        "provinces": 38,
        "regencies": 514,
        "districts": 7285,
        "villages": 83762,
    }
    assert Region.objects.count() == 91599
    by_level = dict(Counter(Region.objects.values_list("level", flat=True)))
    assert by_level == {1: 38, 2: 514, 3: 7285, 4: 83762}
    assert Region.objects.filter(level=2, code__regex=r"^\d\d\.[7-9]\d$").count() == 98
    assert Region.objects.filter(level=4, code__regex=r"\.1\d{3}$").count() == 8496
    assert Region.objects.filter(code="12.07.28.1007").get().name == "Lubuk Pakam I,II"
    assert RegionRelease.objects.latest().provinces == ""
    # A second run of the whole file is a no-op.
    assert load_regions().skipped is True


def test_it_ships_a_gzipped_list() -> None:
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as fh:
        assert fh.readline().strip() == "code,name,level,parent_code,lat,lon"
