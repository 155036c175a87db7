"""Full-text search of the knowledge base, in Indonesian, behind one function.

Words are stemmed in Python with Sastrawi (the Nazief-Adriani stemmer), both when an article
is indexed and when a query is read, so that "mendampingi" finds "pendampingan" (both become
"damping"). The stems are stored in `Article.search_document`; then

- on PostgreSQL, `to_tsvector('simple', search_document)` is matched with a 'simple'
  `SearchQuery` of the stemmed query and ranked with `ts_rank` (a GIN index on that expression
  is created by migration 0002 on PostgreSQL only);
- on SQLite, an FTS5 table (`coordination_article_fts`, created by the same migration on
  SQLite only) holds the stems; it is matched and ranked with bm25.

Every query word must match (AND), on both databases.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, QuerySet, Value, When

from sipsm.coordination.models import Article

FTS_TABLE = "coordination_article_fts"
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
MAX_QUERY_WORDS = 12
# Function words that carry no meaning for search (they are left out of documents and queries).
STOPWORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "pada",
        "atau",
        "ini",
        "itu",
        "dalam",
        "oleh",
        "bagi",
        "agar",
        "juga",
        "akan",
        "ada",
        "adalah",
        "sebagai",
        "karena",
        "tidak",
        "sudah",
        "telah",
        "saat",
        "para",
        "the",
        "of",
        "and",
    ]
)


@lru_cache(maxsize=1)
def _stemmer() -> object:
    from Sastrawi.Stemmer.StemmerFactory import (  # type: ignore[import-untyped]
        StemmerFactory,
    )

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=20000)
def stem_word(word: str) -> str:
    """The Indonesian stem of one lower-case word ("pendampingan" -> "damping")."""
    if word.isdigit() or len(word) <= 3:
        return word
    stem: str = _stemmer().stem(word)  # type: ignore[attr-defined]
    return stem.replace(" ", "") or word


def stems(text: str) -> list[str]:
    return [stem_word(w) for w in WORD.findall(text.lower()) if w not in STOPWORDS]


def document_for(*parts: str) -> str:
    return " ".join(s for part in parts for s in stems(part))


def index_article(article: Article) -> None:
    """Recompute the article's stemmed document and (on SQLite) its FTS row."""
    tags = " ".join(article.tags.values_list("slug", flat=True))
    document = document_for(article.title, article.title, article.summary, article.body, tags)
    Article.objects.filter(pk=article.pk).update(search_document=document)
    article.search_document = document
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article.pk])  # noqa: S608
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, document) VALUES (%s, %s)",  # noqa: S608
                [article.pk, document],
            )


def unindex_article(article_id: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article_id])  # noqa: S608


def query_stems(query: str) -> list[str]:
    seen: list[str] = []
    for stem in stems(query):
        if stem not in seen:
            seen.append(stem)
    return seen[:MAX_QUERY_WORDS]


def search_articles(articles: QuerySet[Article], query: str) -> QuerySet[Article]:
    """`articles` that match every word of `query` in any of its forms, best first."""
    words = query_stems(query)
    if not words:
        return articles.none()
    if connection.vendor == "postgresql":
        search = SearchQuery(" ".join(words), config="simple", search_type="plain")
        vector = SearchVector("search_document", config="simple")
        return (
            articles.annotate(search_vector=vector, rank=SearchRank(vector, search))
            .filter(search_vector=search)
            .order_by(F("rank").desc(), "-updated_at", "-id")
        )
    match = " ".join('"' + w.replace('"', "") + '"' for w in words)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
            f"ORDER BY bm25({FTS_TABLE}) LIMIT 1000",
            [match],
        )
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return articles.none()
    order = Case(
        *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    return articles.filter(pk__in=ids).annotate(rank_order=order).order_by("rank_order")
