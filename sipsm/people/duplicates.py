"""Finding records of the same person.

Two records are the same person when:

- they carry the same NIK (found through the blind index; certain), or
- the names are alike (`names.similarity` >= 0.85) and the birth dates agree (the same date,
  or, when one of them is only an estimated age, birth years at most one year apart), or
- the names are somewhat alike (>= 0.8: one name is the other with words left out, as with a
  nickname) and the birth dates agree and both live in the same district.

Candidates are looked up by birth date (or estimated birth year) in the same province, so
the same child registered in two villages, or in two districts, is found; the village only
raises the score. People move (a street child sleeps in one village and is registered again
in the next), so a different village never rules a match out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sipsm.identity.fields import index_for
from sipsm.people.actions.persons import PersonData
from sipsm.people.models import Person, PersonQuerySet
from sipsm.people.names import similarity

LIKELY = 0.85
POSSIBLE = 0.8
MAX_CANDIDATES = 2000


@dataclass(frozen=True)
class Probe:
    """What is known of a person being registered (or of a stored record)."""

    full_name: str
    village_code: str
    birth_date: dt.date | None = None
    estimated_birth_year: int | None = None
    nik: str = ""

    @classmethod
    def of(cls, person: Person) -> Probe:
        return cls(
            full_name=person.full_name,
            village_code=person.village_id,
            birth_date=person.birth_date,
            estimated_birth_year=person.estimated_birth_year,
            nik=person.nik,
        )

    @classmethod
    def of_data(cls, data: PersonData) -> Probe:
        """A person about to be registered."""
        estimated = None
        if data.birth_date is None and data.age_years is not None:
            estimated = timezone.localdate().year - data.age_years
        return cls(
            full_name=data.full_name,
            village_code=data.village.code,
            birth_date=data.birth_date,
            estimated_birth_year=estimated,
            nik=data.nik,
        )

    @property
    def birth_year(self) -> int | None:
        return self.birth_date.year if self.birth_date else self.estimated_birth_year


@dataclass
class Match:
    person: Person
    score: float
    reasons: list[str | Promise] = field(default_factory=list)
    same_nik: bool = False

    @property
    def reason_text(self) -> str:
        return "; ".join(str(r) for r in self.reasons)


def _births_agree(probe: Probe, person: Person) -> tuple[bool, str | Promise]:
    if probe.birth_date is not None and person.birth_date is not None:
        return probe.birth_date == person.birth_date, _("same date of birth")
    other = person.birth_date.year if person.birth_date else person.estimated_birth_year
    if probe.birth_year is None or other is None:
        return False, ""
    return abs(probe.birth_year - other) <= 1, _("similar age")


def _candidates(probe: Probe, among: PersonQuerySet) -> PersonQuerySet:
    province = probe.village_code[:2]
    by_birth = Q()
    year = probe.birth_year
    if probe.birth_date is not None:
        by_birth |= Q(birth_date=probe.birth_date)
    if year is not None:
        years = [year - 1, year, year + 1]
        by_birth |= Q(estimated_birth_year__in=years)
        if probe.birth_date is None:
            by_birth |= Q(birth_date__year__in=years)
        else:
            by_birth |= Q(birth_date__isnull=True, estimated_birth_year__in=years)
    if not by_birth:
        return among.none()
    return among.current().filter(by_birth, village__code__startswith=province + ".")


def score(probe: Probe, person: Person) -> Match | None:
    """The match between a probe and one stored record, or None when they differ."""
    if probe.nik and person.nik_index and person.nik_index == index_for(probe.nik, kind="nik"):
        return Match(person=person, score=1.0, reasons=[_("same NIK")], same_nik=True)
    if probe.nik and person.nik:
        return None  # two different NIKs: two people (or a typo to correct first)
    agree, birth_reason = _births_agree(probe, person)
    if not agree:
        return None
    name_score = similarity(probe.full_name, person.full_name)
    same_village = probe.village_code == person.village_id
    same_district = probe.village_code[:8] == person.village_id[:8]
    if name_score < POSSIBLE or (name_score < LIKELY and not same_district):
        return None
    reasons: list[str | Promise] = [
        _("similar name (%(score)d%%)") % {"score": round(name_score * 100)},
        birth_reason,
    ]
    if same_village:
        reasons.append(_("same village"))
    elif same_district:
        reasons.append(_("same district"))
    else:
        reasons.append(_("another village"))
    bonus = 0.05 if same_village else 0.02 if same_district else 0.0
    return Match(
        person=person, score=min(0.99, round(name_score * 0.9 + bonus, 3)), reasons=reasons
    )


def find_matches(
    probe: Probe, *, among: PersonQuerySet | None = None, exclude_id: int | None = None
) -> list[Match]:
    """Records (current, not merged) that are likely the person described, best first."""
    among = among if among is not None else Person.objects.all()
    found: dict[int, Match] = {}
    if probe.nik:
        for person in among.current().filter(nik_index=index_for(probe.nik, kind="nik")):
            found[person.pk] = Match(person, 1.0, [_("same NIK")], same_nik=True)
    people = _candidates(probe, among).select_related("village")
    if exclude_id is not None:
        people = people.exclude(pk=exclude_id)
    for person in people[:MAX_CANDIDATES]:
        if person.pk in found or person.pk == exclude_id:
            continue
        match = score(probe, person)
        if match is not None:
            found[person.pk] = match
    found.pop(exclude_id or 0, None)
    return sorted(found.values(), key=lambda m: (-m.score, m.person.pk))


def duplicates_of(person: Person, *, among: PersonQuerySet | None = None) -> list[Match]:
    return find_matches(Probe.of(person), among=among, exclude_id=person.pk)


@dataclass(frozen=True)
class Pair:
    first: Person
    second: Person
    match: Match


def duplicate_pairs(among: PersonQuerySet, *, limit: int = 100) -> list[Pair]:
    """Pairs of likely duplicates among `among` (e.g. everyone in a coordinator's area):
    people sharing a birth date or an estimated birth year are compared with each other."""
    current = among.current()
    dates = (
        current.filter(birth_date__isnull=False)
        .values("birth_date")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("birth_date", flat=True)[:500]
    )
    years = (
        current.filter(birth_date__isnull=True, estimated_birth_year__isnull=False)
        .values("estimated_birth_year")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("estimated_birth_year", flat=True)[:200]
    )
    groups: dict[object, list[Person]] = defaultdict(list)
    people = current.filter(
        Q(birth_date__in=list(dates))
        | Q(birth_date__isnull=True, estimated_birth_year__in=list(years))
    ).select_related("village")
    for person in people.order_by("pk")[:MAX_CANDIDATES]:
        groups[person.birth_date or person.estimated_birth_year].append(person)
    pairs: list[Pair] = []
    # Records registered with a NIK held by another record (see `duplicate_of`).
    for flagged in current.filter(duplicate_of__in=current).select_related(
        "duplicate_of__village", "village"
    )[:limit]:
        twin = flagged.duplicate_of
        assert twin is not None
        pairs.append(Pair(twin, flagged, Match(flagged, 1.0, [_("same NIK")], same_nik=True)))
    seen = {(p.first.pk, p.second.pk) for p in pairs}
    for group in groups.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                if (first.pk, second.pk) in seen or (second.pk, first.pk) in seen:
                    continue
                match = score(Probe.of(first), second)
                if match is not None:
                    pairs.append(Pair(first, second, match))
    pairs.sort(key=lambda p: (-p.match.score, p.first.pk, p.second.pk))
    return pairs[:limit]
