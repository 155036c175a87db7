"""(b) Region name search (`search_regions`) vs a brute-force scan of every row in Python.

About 200 realistic queries are drawn with a fixed seed from the loaded list itself: word
prefixes of 3-8 letters ("bakong"), a word plus the start of the next ("keude bakong"), a word
plus the regency ("limboto gorontalo"), whole names, and codes dotted, undotted and partly typed.

The baseline holds all 91,599 rows in memory (loaded once, not timed: the best case for a scan)
and applies the same rules as `search_regions` (every word in the full name; the same ranking
and tie-breaks; code prefix for code-like queries), so both return the same 20 regions; the
run counts how many queries agree.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from benchmarks.timing import summarize, timed

SEED = 20250515
LIMIT = 20
_CODE_LIKE = re.compile(r"^[\d.\s]+$")


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    name_key: str
    search_text: str


def make_queries(rows: list[Row], n: int, rng: random.Random) -> list[str]:
    named = [r for r in rows if len(r.name_key) >= 4]
    queries: list[str] = []
    while len(queries) < n:
        row = rng.choice(named)
        words = row.name_key.split()
        pick = rng.random()
        if pick < 0.45:
            word = rng.choice(words)
            queries.append(word[: rng.randint(3, max(3, min(8, len(word))))])
        elif pick < 0.60 and len(words) >= 2:
            queries.append(f"{words[0]} {words[1][: rng.randint(3, max(3, len(words[1])))]}")
        elif pick < 0.75:
            regency = row.search_text.split(" kab ")[-1].split(" kota ")[-1].split()[0]
            queries.append(f"{words[0]} {regency}")
        elif pick < 0.88:
            queries.append(row.name if rng.random() < 0.5 else row.name.upper())
        else:
            digits = row.code.replace(".", "")
            style = rng.random()
            if style < 0.4:
                queries.append(row.code)
            elif style < 0.7:
                queries.append(digits)
            else:
                queries.append(digits[: rng.randint(4, len(digits))] if len(digits) > 4 else digits)
    return queries


def brute_force(rows: list[Row], query: str) -> list[str]:
    """The rules of sipsm.regions.search.search_regions, applied to every row in Python."""
    from sipsm.regions import codes
    from sipsm.regions.search import MIN_QUERY
    from sipsm.regions.text import search_key

    text = query.strip()
    if _CODE_LIKE.match(text) and sum(ch.isdigit() for ch in text) >= 2:
        try:
            prefix = codes.dotted_prefix(text)
        except codes.InvalidRegionCode:
            return []
        return sorted(r.code for r in rows if r.code.startswith(prefix))[:LIMIT]
    key = search_key(text)
    if len(key) < MIN_QUERY:
        return []
    words = key.split()
    first = words[0]
    found: list[tuple[int, int, str]] = []
    for r in rows:
        if all(w in r.search_text for w in words):
            nk = r.name_key
            if nk == key:
                rank = 0
            elif nk.startswith(key):
                rank = 1
            elif nk.startswith(first):
                rank = 2
            elif " " + first in nk:
                rank = 3
            elif first in nk:
                rank = 4
            else:
                rank = 5
            found.append((rank, len(r.name), r.code))
    found.sort()
    return [code for _, _, code in found[:LIMIT]]


def run(*, queries: int) -> dict[str, Any]:
    from sipsm.regions.models import Region
    from sipsm.regions.search import search_regions

    rows = [
        Row(*values)
        for values in Region.objects.order_by("code").values_list(
            "code", "name", "name_key", "search_text"
        )
    ]
    rng = random.Random(SEED)
    sample = make_queries(rows, queries, rng)
    for q in sample[:10]:  # warm caches and connections
        search_regions(q, limit=LIMIT)

    ours: list[float] = []
    theirs: list[float] = []
    agree = 0
    hits = 0
    for q in sample:
        t_ours, found = timed(lambda q=q: [r.code for r in search_regions(q, limit=LIMIT)])
        t_theirs, scanned = timed(lambda q=q: brute_force(rows, q))
        ours.append(t_ours)
        theirs.append(t_theirs)
        agree += found == scanned
        hits += bool(found)
    s_ours, s_theirs = summarize(ours), summarize(theirs)
    return {
        "rows": len(rows),
        "queries": len(sample),
        "queries_with_results": hits,
        "same_results_as_baseline": agree,
        "examples": sample[:12],
        "search": s_ours.as_data(),
        "baseline_scan": s_theirs.as_data(),
        "ratio_median": s_ours.median / s_theirs.median,
        "ratio_p95": s_ours.p95 / s_theirs.p95,
    }
