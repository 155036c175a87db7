"""Region search: partial names ranked best first, codes dotted or not, level and scope filters."""

from __future__ import annotations

import pytest

from sipsm.regions.search import search_regions

pytestmark = pytest.mark.django_db


def _codes(query: str, **kwargs: object) -> list[str]:
    return [r.code for r in search_regions(query, **kwargs)]  # type: ignore[arg-type]


def test_it_finds_keude_bakongan_by_part_of_its_name() -> None:
    results = search_regions("bakong")

    village = next(r for r in results if r.code == "11.01.01.2001")
    assert village.chain == "Keude Bakongan, Kec. Bakongan, Kab. Aceh Selatan, Aceh"
    assert village.name == "Keude Bakongan"


def test_it_ranks_names_starting_with_the_query_before_names_containing_it() -> None:
    assert _codes("bakong")[:9] == [
        # own name starts with "bakong"
        "11.01.01",  # Kec. Bakongan
        "11.01.15",  # Kec. Bakongan Timur
        # a later word of the own name starts with it; shorter names first
        "11.03.02.2009",  # Paya Bakong
        "11.05.06.2002",  # Alue Bakong
        "11.08.20",  # Kec. Paya Bakong
        "11.04.02.2013",  # Wihni Bakong
        "11.14.04.2020",  # Kuala Bakong
        "11.01.01.2001",  # Keude Bakongan
        "11.08.20.2025",  # Keude Paya Bakong
    ]


def test_it_puts_an_exact_name_first() -> None:
    assert _codes("Bakongan")[:3] == ["11.01.01", "11.01.15", "11.01.01.2001"]


def test_it_ignores_case_accents_and_punctuation() -> None:
    assert _codes("BAKONGAN") == _codes("bakongan")
    assert _codes("Bakongan!") == _codes("bakongan")


def test_it_needs_every_word_somewhere_in_the_full_name() -> None:
    assert _codes("keude bakong") == ["11.01.01.2001", "11.08.20.2025"]
    assert _codes("keude bakong selatan") == ["11.01.01.2001"]


def test_it_finds_regions_by_name_of_a_unit_above() -> None:
    results = search_regions("limboto", level=4, limit=100)

    assert len(results) == 24  # 14 in Limboto, 10 in Limboto Barat
    assert {r.code[:8] for r in results} == {"75.01.01", "75.01.17"}


@pytest.mark.parametrize("query", ["11.01.01", "110101", "11 01 01", " 11.01.01 "])
def test_it_finds_a_code_dotted_or_undotted(query: str) -> None:
    assert _codes(query) == [
        "11.01.01",
        "11.01.01.2001",
        "11.01.01.2002",
        "11.01.01.2003",
        "11.01.01.2004",
        "11.01.01.2015",
        "11.01.01.2016",
        "11.01.01.2017",
    ]


def test_it_finds_one_village_by_its_full_code() -> None:
    assert _codes("1101012001") == ["11.01.01.2001"]
    assert _codes("11.01.01.2001") == ["11.01.01.2001"]


def test_it_completes_a_partly_typed_code() -> None:
    assert _codes("11010", limit=3) == ["11.01.01", "11.01.01.2001", "11.01.01.2002"]
    assert _codes("7571", level=3) == [
        "75.71.01",
        "75.71.02",
        "75.71.03",
        "75.71.04",
        "75.71.05",
        "75.71.06",
        "75.71.07",
        "75.71.08",
        "75.71.09",
    ]


@pytest.mark.parametrize("query", ["11010120011", "99.99", "12345678901234"])
def test_it_finds_nothing_for_an_impossible_or_unknown_code(query: str) -> None:
    assert _codes(query) == []


def test_it_filters_by_level() -> None:
    assert _codes("bakong", level=3) == ["11.01.01", "11.01.15", "11.08.20"]
    assert _codes("aceh", level=1) == ["11"]
    assert {r.level for r in search_regions("bakong", level=4)} == {4}


def test_it_limits_to_a_region_dotted_or_undotted() -> None:
    within = _codes("bakong", within="11.01")

    assert within[:3] == ["11.01.01", "11.01.15", "11.01.01.2001"]
    assert len(within) == 16
    assert all(code.startswith("11.01.") for code in within)
    assert _codes("bakong", within="1101") == within
    assert _codes("bakong", within="75") == []
    assert _codes("bakong", within="not-a-code") == []


def test_it_respects_the_limit() -> None:
    assert len(search_regions("bakong", limit=5)) == 5
    assert len(search_regions("bakong")) == 20


@pytest.mark.parametrize("query", ["", " ", "a", "-", "1"])
def test_it_finds_nothing_for_a_query_too_short(query: str) -> None:
    assert _codes(query) == []
