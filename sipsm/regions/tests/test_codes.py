"""Kemendagri code helpers: dotted/undotted forms, levels, kinds, BPS look-alikes, nesting."""

from __future__ import annotations

import pytest
from django.utils import translation

from sipsm.regions import codes
from sipsm.regions.codes import InvalidRegionCode, Kind, Level


@pytest.mark.parametrize(
    ("raw", "dotted"),
    [
        ("11", "11"),
        ("1101", "11.01"),
        ("110101", "11.01.01"),
        ("1101012001", "11.01.01.2001"),
        ("11.01.01.2001", "11.01.01.2001"),
        (" 11.01 ", "11.01"),
        ("11 01 01", "11.01.01"),
        ("11-01-01-2001", "11.01.01.2001"),
        ("11/01", "11.01"),
    ],
)
def test_it_normalises_dotted_and_undotted_codes(raw: str, dotted: str) -> None:
    assert codes.normalize(raw) == dotted
    assert codes.undotted(raw) == dotted.replace(".", "")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "1",
        "111",
        "11010",
        "11010120011",
        "11.1",
        "11.01.01.201",
        "11.01.01.20011",
        "abc",
        "11.ab",
        "１１",
        "11.01.01.2001.1",
    ],
)
def test_it_rejects_text_that_is_not_a_region_code(raw: str) -> None:
    with pytest.raises(InvalidRegionCode):
        codes.normalize(raw)


@pytest.mark.parametrize(
    ("raw", "prefix"),
    [
        ("11", "11"),
        ("110", "11.0"),
        ("11010", "11.01.0"),
        ("1101012", "11.01.01.2"),
        ("11.01.0", "11.01.0"),
    ],
)
def test_it_turns_a_partly_typed_code_into_a_dotted_prefix(raw: str, prefix: str) -> None:
    assert codes.dotted_prefix(raw) == prefix


@pytest.mark.parametrize("raw", ["abc", "11010120011", "11a"])
def test_it_rejects_a_prefix_that_cannot_start_a_code(raw: str) -> None:
    with pytest.raises(InvalidRegionCode):
        codes.dotted_prefix(raw)


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("11", Level.PROVINCE, None),
        ("11.01", Level.REGENCY, "11"),
        ("1101", Level.REGENCY, "11"),
        ("11.01.01", Level.DISTRICT, "11.01"),
        ("1101012001", Level.VILLAGE, "11.01.01"),
    ],
)
def test_it_tells_the_level_and_parent(code: str, level: Level, parent: str | None) -> None:
    assert codes.level_of(code) is level
    assert codes.parent_of(code) == parent
    assert codes.province_of(code) == "11"


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("75", Kind.PROVINSI),
        ("75.01", Kind.KABUPATEN),
        ("75.69", Kind.KABUPATEN),
        ("75.71", Kind.KOTA),
        ("31.75", Kind.KOTA),
        ("75.01.01", Kind.KECAMATAN),
        ("90.01.01", Kind.KECAMATAN),
        ("91.03.01", Kind.DISTRIK),
        ("96.01.01", Kind.DISTRIK),
        ("97.01.01", Kind.KECAMATAN),
        ("75.01.01.1006", Kind.KELURAHAN),
        ("75.01.01.2001", Kind.DESA),
        ("91.03.01.3007", Kind.DESA_ADAT),
        ("9103013007", Kind.DESA_ADAT),
    ],
)
def test_it_tells_the_kind_of_unit(code: str, kind: Kind) -> None:
    assert codes.kind_of(code) is kind


def test_it_labels_every_kind() -> None:
    with translation.override("en"):
        labels = {kind: str(label) for kind, label in codes.KIND_LABELS.items()}
    assert labels == {
        Kind.PROVINSI: "Province",
        Kind.KABUPATEN: "Regency (kabupaten)",
        Kind.KOTA: "City (kota)",
        Kind.KECAMATAN: "District (kecamatan)",
        Kind.DISTRIK: "District (distrik)",
        Kind.KELURAHAN: "Kelurahan",
        Kind.DESA: "Village (desa)",
        Kind.DESA_ADAT: "Customary village (desa adat)",
    }


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("1101010001", True),  # BPS: district 010, village 001
        ("1101010012", True),
        ("1101012001", False),
        ("11.01.01.1006", False),
        ("9103013007", False),
        ("110101", False),
        ("not a code", False),
    ],
)
def test_it_detects_a_bps_village_code(code: str, expected: bool) -> None:
    assert codes.looks_like_bps_village(code) is expected


def test_it_lists_the_ancestors_from_the_province_down() -> None:
    assert codes.ancestors("1101012001") == ["11", "11.01", "11.01.01", "11.01.01.2001"]
    assert codes.ancestors("11") == ["11"]


@pytest.mark.parametrize(
    ("code", "scope", "expected"),
    [
        ("75.01.01.2001", None, True),
        ("75.01.01.2001", "75", True),
        ("75.01.01.2001", "75.01", True),
        ("75.01", "75.01", True),
        ("75.01", "75.01.01", False),
        ("75.02.01", "75.01", False),
        ("75.10", "75.1", False),
        ("11.01", "75", False),
    ],
)
def test_it_tells_whether_a_code_lies_within_a_scope(
    code: str, scope: str | None, expected: bool
) -> None:
    assert codes.is_within(code, scope) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["75", "75.01", "75.01.01", "11"])
def test_subtree_filter_matches_the_code_and_everything_below_it_only(scope: str) -> None:
    from sipsm.regions.models import Region

    every = list(Region.objects.values_list("code", flat=True))
    found = set(
        Region.objects.filter(codes.subtree_q("code", scope)).values_list("code", flat=True)
    )

    assert found
    assert found == {code for code in every if code == scope or code.startswith(scope + ".")}
