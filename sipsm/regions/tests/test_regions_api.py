"""The public region API: /api/v1/regions?q=, /api/v1/regions/{code}, children of a parent."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

KEUDE_BAKONGAN = {
    "code": "11.01.01.2001",
    "name": "Keude Bakongan",
    "level": 4,
    "kind": "desa",
    "parent_code": "11.01.01",
    "chain": "Keude Bakongan, Kec. Bakongan, Kab. Aceh Selatan, Aceh",
    "lat": 2.931095,
    "lon": 97.484584,
}


def _codes(client: Client, **params: object) -> list[str]:
    response = client.get("/api/v1/regions", params)
    assert response.status_code == 200
    return [r["code"] for r in response.json()]


def test_it_searches_by_name(client: Client) -> None:
    response = client.get("/api/v1/regions", {"q": "keude bakong"})

    assert response.status_code == 200
    assert response.json()[0] == KEUDE_BAKONGAN
    assert [r["code"] for r in response.json()] == ["11.01.01.2001", "11.08.20.2025"]


def test_it_searches_by_code_dotted_or_undotted(client: Client) -> None:
    assert _codes(client, q="11.01.01", limit=3) == ["11.01.01", "11.01.01.2001", "11.01.01.2002"]
    assert _codes(client, q="110101", limit=3) == ["11.01.01", "11.01.01.2001", "11.01.01.2002"]


def test_it_filters_by_level_and_scope(client: Client) -> None:
    assert _codes(client, q="bakong", level=3) == ["11.01.01", "11.01.15", "11.08.20"]
    assert _codes(client, q="bakong", within="11.08", level=3) == ["11.08.20"]


def test_it_caps_the_limit(client: Client) -> None:
    assert len(_codes(client, q="aceh", limit=1000)) == 100
    assert len(_codes(client, q="aceh", limit=0)) == 1


def test_it_lists_the_provinces_without_a_query(client: Client) -> None:
    response = client.get("/api/v1/regions")

    assert [(r["code"], r["kind"], r["parent_code"]) for r in response.json()] == [
        ("11", "provinsi", None),
        ("75", "provinsi", None),
    ]


def test_it_lists_the_children_of_a_parent(client: Client) -> None:
    expected = ["75.01", "75.02", "75.03", "75.04", "75.05", "75.71"]
    assert _codes(client, parent="75") == expected
    assert [r["kind"] for r in client.get("/api/v1/regions", {"parent": "75"}).json()] == [
        "kabupaten",
        "kabupaten",
        "kabupaten",
        "kabupaten",
        "kabupaten",
        "kota",
    ]
    assert _codes(client, parent="110101") == [
        "11.01.01.2001",
        "11.01.01.2002",
        "11.01.01.2003",
        "11.01.01.2004",
        "11.01.01.2015",
        "11.01.01.2016",
        "11.01.01.2017",
    ]


@pytest.mark.parametrize("parent", ["abc", "99", "11.01.01.2001"])
def test_it_lists_nothing_under_a_bad_or_childless_parent(client: Client, parent: str) -> None:
    assert _codes(client, parent=parent) == []


@pytest.mark.parametrize("code", ["11.01.01.2001", "1101012001"])
def test_it_returns_one_region(client: Client, code: str) -> None:
    response = client.get(f"/api/v1/regions/{code}")

    assert response.status_code == 200
    assert response.json() == KEUDE_BAKONGAN


@pytest.mark.parametrize("code", ["99", "11.99", "abc", "11.1"])
def test_it_answers_404_for_an_unknown_or_bad_code(client: Client, code: str) -> None:
    response = client.get(f"/api/v1/regions/{code}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_it_rejects_a_level_that_is_not_a_number(client: Client) -> None:
    assert client.get("/api/v1/regions", {"q": "aceh", "level": "x"}).status_code == 422
