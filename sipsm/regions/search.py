"""Finding regions by partial name ("bakong") or by code, best matches first."""

from __future__ import annotations

import re

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Length

from sipsm.regions import codes
from sipsm.regions.models import Region, RegionQuerySet
from sipsm.regions.text import search_key

_CODE_LIKE = re.compile(r"^[\d.\s]+$")
MIN_QUERY = 2


def search_regions(
    query: str,
    *,
    level: int | None = None,
    within: str | None = None,
    limit: int = 20,
) -> list[Region]:
    """Regions whose full name contains every word of `query`, ranked:

    own name equal to the query, own name starting with it, a word of the own name starting
    with the first query word, the own name containing it, then matches found only in the
    names above (district, regency); shorter names first within a rank.
    """
    base: RegionQuerySet = Region.objects.all()
    if level is not None:
        base = base.filter(level=level)
    if within:
        try:
            base = base.within(codes.normalize(within))
        except codes.InvalidRegionCode:
            return []

    text = query.strip()
    if _CODE_LIKE.match(text) and sum(ch.isdigit() for ch in text) >= 2:
        # A (partial) code, dotted or not: "11.01.01", "110101", "11010" -> 11.01.0...
        try:
            prefix = codes.dotted_prefix(text)
        except codes.InvalidRegionCode:
            return []
        return list(base.filter(code__startswith=prefix).order_by("code")[:limit])

    key = search_key(text)
    if len(key) < MIN_QUERY:
        return []
    words = key.split()
    matches = base
    for word in words:
        matches = matches.filter(search_text__contains=word)
    first = words[0]
    ranked = matches.annotate(
        rank=Case(
            When(name_key=key, then=Value(0)),
            When(name_key__startswith=key, then=Value(1)),
            When(name_key__startswith=first, then=Value(2)),
            When(name_key__contains=" " + first, then=Value(3)),
            When(name_key__contains=first, then=Value(4)),
            default=Value(5),
            output_field=IntegerField(),
        ),
        name_length=Length("name"),
    ).order_by("rank", "name_length", "code")
    return list(ranked[:limit])
