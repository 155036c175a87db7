"""The public region pages: search page, htmx result fragment, a region's page, 404s."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CHAIN = "Keude Bakongan, Kec. Bakongan, Kab. Aceh Selatan, Aceh"


def test_it_shows_the_search_page_with_the_provinces(client: Client) -> None:
    response = client.get("/wilayah/")

    assert response.status_code == 200
    assert [p.code for p in response.context["provinces"]] == ["11", "75"]
    assert response.context["results"] == []
    body = response.content.decode()
    assert '<a href="/wilayah/11/">Aceh</a>' in body
    assert '<a href="/wilayah/75/">Gorontalo</a>' in body


def test_it_shows_results_on_the_search_page(client: Client) -> None:
    response = client.get("/wilayah/", {"q": "keude bakong", "level": "4"})

    assert response.status_code == 200
    assert [r.code for r in response.context["results"]] == ["11.01.01.2001", "11.08.20.2025"]
    assert response.context["level"] == 4
    body = response.content.decode()
    assert f'<a href="/wilayah/11.01.01.2001/">{CHAIN}</a>' in body
    assert '<option value="4" selected>' in body


def test_it_returns_only_list_items_to_htmx(client: Client) -> None:
    response = client.get("/wilayah/cari/", {"q": "keude bakong"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("<li>")
    assert body.count("<li>") == 2
    assert "<html" not in body
    assert f'<a href="/wilayah/11.01.01.2001/">{CHAIN}</a>' in body


def test_it_returns_pick_buttons_for_the_autocomplete_widget(client: Client) -> None:
    response = client.get(
        "/wilayah/cari/",
        {"home_village__q": "keude bakongan", "pick": "1", "level": "4"},
        headers={"HX-Request": "true"},
    )

    body = response.content.decode()
    assert body.startswith(
        f'<li><button type="button" data-ac-pick data-code="11.01.01.2001" data-label="{CHAIN}">'
    )
    assert body.count("<li>") == 1


def test_it_says_when_nothing_is_found(client: Client) -> None:
    response = client.get("/wilayah/cari/", {"q": "zzzzzz"}, headers={"HX-Request": "true"})

    assert response.content.decode().startswith('<li class="muted">')
    assert response.content.decode().count("<li") == 1


def test_it_renders_the_full_page_without_htmx(client: Client) -> None:
    response = client.get("/wilayah/cari/", {"q": "keude bakong"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body
    assert f'<a href="/wilayah/11.01.01.2001/">{CHAIN}</a>' in body


def test_it_shows_a_region_with_its_ancestors_and_children(client: Client) -> None:
    response = client.get("/wilayah/11.01.01/")

    assert response.status_code == 200
    assert response.context["region"].code == "11.01.01"
    assert [a.code for a in response.context["ancestors"]] == ["11", "11.01"]
    assert [c.code for c in response.context["children"]] == [
        "11.01.01.2001",
        "11.01.01.2002",
        "11.01.01.2003",
        "11.01.01.2004",
        "11.01.01.2015",
        "11.01.01.2016",
        "11.01.01.2017",
    ]
    body = response.content.decode()
    assert "<h1>Bakongan</h1>" in body
    assert "11.01.01 <span" in body
    assert "(110101)" in body
    assert '<a href="/wilayah/11.01.01.2001/">Keude Bakongan</a>' in body


def test_it_accepts_an_undotted_code_in_the_address(client: Client) -> None:
    response = client.get("/wilayah/1101012001/")

    assert response.status_code == 200
    assert response.context["region"].code == "11.01.01.2001"
    assert list(response.context["children"]) == []


@pytest.mark.parametrize("code", ["99.99", "12", "not-a-code", "1101012999"])
def test_it_answers_404_for_an_unknown_code(client: Client, code: str) -> None:
    assert client.get(f"/wilayah/{code}/").status_code == 404


def test_it_is_the_same_for_a_logged_in_coordinator(client_for: Any) -> None:
    response = client_for("regency").get("/wilayah/75.01/")

    assert response.status_code == 200
    assert response.context["region"].chain == "Kab. Gorontalo, Gorontalo"
