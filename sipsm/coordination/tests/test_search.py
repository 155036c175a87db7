"""Full-text search of the knowledge base in Indonesian. Runs on SQLite and, with
DATABASE_URL pointing at PostgreSQL, on PostgreSQL (the same assertions)."""

from __future__ import annotations

import pytest
from django.db import connection

from sipsm.coordination.actions import knowledge as knowledge_actions
from sipsm.coordination.models import Article
from sipsm.coordination.search import query_stems, search_articles, stems
from sipsm.coordination.tests import support as s
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _titles(query: str) -> list[str]:
    return [a.title for a in search_articles(Article.objects.all(), query)]


def test_it_stems_indonesian_affixes() -> None:
    assert stems("pendampingan mendampingi didampingi") == ["damping", "damping", "damping"]
    assert query_stems("Pelatihan dan pelayanan yang melayani") == ["latih", "layan"]


def test_it_finds_a_word_in_another_form(world: World) -> None:
    s.article(world)  # "Panduan pendampingan lansia terlantar"
    s.article(world, title="Pendataan DTSEN", body="Cara memperbarui data keluarga miskin.")

    assert _titles("mendampingi") == ["Panduan pendampingan lansia terlantar"]
    assert _titles("memperbaharui data") == []
    assert _titles("diperbarui") == ["Pendataan DTSEN"]


def test_it_needs_every_word_of_the_query(world: World) -> None:
    s.article(world)

    assert _titles("pendampingan lansia") == ["Panduan pendampingan lansia terlantar"]
    assert _titles("pendampingan bencana") == []


def test_it_ranks_a_title_match_before_a_body_match(world: World) -> None:
    s.article(world, title="Catatan rapat", body="Topik: banjir bandang di hulu sungai.")
    s.article(world, title="Panduan evakuasi banjir", body="Evakuasi warga ke titik kumpul.")

    assert _titles("banjir") == ["Panduan evakuasi banjir", "Catatan rapat"]


def test_it_reindexes_an_article_when_it_changes(world: World) -> None:
    article = s.article(world)
    knowledge_actions.update_article(
        acting_user=world.regency,
        article=article,
        data=knowledge_actions.ArticleData(
            kind="guide", title="Panduan rujukan", body="Rujukan ke puskesmas terdekat."
        ),
    )

    assert _titles("lansia") == []
    assert _titles("merujuk puskesmas") == ["Panduan rujukan"]


def test_it_finds_nothing_for_an_empty_or_stopword_query(world: World) -> None:
    s.article(world)

    assert _titles("") == []
    assert _titles("yang dan di") == []


def test_it_searches_through_the_page_and_the_api(world: World, client_for: object) -> None:
    s.article(world)
    client = client_for("partner")  # type: ignore[operator]

    page = client.get("/pengetahuan/?q=didampingi")
    api = client.get("/api/v1/articles?q=didampingi").json()

    assert b"Panduan pendampingan lansia terlantar" in page.content
    assert [a["title"] for a in api["items"]] == ["Panduan pendampingan lansia terlantar"]
    assert connection.vendor in {"sqlite", "postgresql"}
