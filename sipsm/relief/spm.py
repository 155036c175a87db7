"""Whose basic needs were met: for the sitrep and for the SPM disaster indicator.

A registered person's *basic needs are met* when they received relief of every basic kind
that applies to them, handed to them or to their household, at any time:

- everyone: food and clean water (`BASIC_FOR_EVERYONE`);
- displaced people (condition "displaced", or staying in a shelter): also shelter;
- injured people: also health care.

Permensos 9/2018 names meeting refugees' basic needs as the core of the disaster service, but
its annex with the service elements was not available (domain.md §3.2, §9): change the three
tuples below when it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from sipsm.incidents.models import Incident
from sipsm.regions import codes
from sipsm.relief.models import AffectedPerson, NeedCategory, Relief

BASIC_FOR_EVERYONE = (NeedCategory.FOOD, NeedCategory.WATER)
BASIC_IF_DISPLACED = (NeedCategory.SHELTER,)
BASIC_IF_INJURED = (NeedCategory.HEALTH,)
# Victims who need the service: alive and found. The dead and the missing are counted in the
# sitrep but cannot receive food or shelter.
NEEDING_CONDITIONS = (
    AffectedPerson.Condition.SAFE,
    AffectedPerson.Condition.DISPLACED,
    AffectedPerson.Condition.INJURED,
)


def basic_kinds_for(person: AffectedPerson) -> set[str]:
    kinds: set[str] = set(BASIC_FOR_EVERYONE)
    if person.condition == AffectedPerson.Condition.DISPLACED or person.shelter_id is not None:
        kinds.update(BASIC_IF_DISPLACED)
    if person.condition == AffectedPerson.Condition.INJURED:
        kinds.update(BASIC_IF_INJURED)
    return kinds


def kinds_received(people: Iterable[AffectedPerson]) -> dict[int, set[str]]:
    """Relief kinds each person received, directly or through their household."""
    people = list(people)
    person_ids = [p.pk for p in people]
    household_ids = {p.household_id for p in people if p.household_id is not None}
    received: dict[int, set[str]] = defaultdict(set)
    for person_id, kind in Relief.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "kind"
    ):
        received[person_id].add(kind)
    by_household: dict[int, set[str]] = defaultdict(set)
    for household_id, kind in Relief.objects.filter(household_id__in=household_ids).values_list(
        "household_id", "kind"
    ):
        by_household[household_id].add(kind)
    for person in people:
        if person.household_id is not None:
            received[person.pk] |= by_household.get(person.household_id, set())
    return received


def needing_people(queryset: QuerySet[AffectedPerson]) -> QuerySet[AffectedPerson]:
    """Surviving records (not linked into another) of people who need the service."""
    return queryset.filter(duplicate_of__isnull=True, condition__in=NEEDING_CONDITIONS)


def met_flags(people: list[AffectedPerson]) -> dict[int, bool]:
    received = kinds_received(people)
    return {p.pk: basic_kinds_for(p) <= received.get(p.pk, set()) for p in people}


def incident_basic_needs(incident: Incident) -> tuple[int, int]:
    """(people whose basic needs were met, people who need them) in one incident."""
    people = list(
        needing_people(AffectedPerson.objects.filter(incident=incident)).only(
            "pk", "condition", "shelter_id", "household_id"
        )
    )
    flags = met_flags(people)
    return sum(flags.values()), len(people)


def spm_disaster_counts(*, regency_code: str, year: int) -> tuple[int, int]:
    """SPM bidang sosial, kabupaten/kota, service (e): "% korban bencana alam dan sosial yang
    terpenuhi kebutuhan dasarnya pada saat dan setelah tanggap darurat bencana daerah
    kabupaten/kota" (PP 2/2018 Pasal 10; Permensos 9/2018; domain.md §3.2). Unit: jiwa.

    Returns (numerator, denominator); the indicator is numerator / denominator x 100.

    Denominator, "populasi korban bencana ... yang membutuhkan perlindungan dan jaminan sosial
    pada saat dan setelah tanggap darurat": people registered as affected, living in a village
    of the regency/city, by incidents reported in `year` (local time; false alarms excluded),
    who are alive and found (safe, displaced or injured).

    Numerator, "jumlah korban ... yang terpenuhi kebutuhan dasarnya": those of them who
    received, directly or through their household, every basic kind of relief that applies
    to them (module docstring: food and water; shelter if displaced or in a shelter; health
    care if injured).

    One person counts once (jiwa): records linked as duplicates are skipped, and records of
    the same NIK (blind index) across incidents of the year count as one person, met only if
    met in each record. People without a NIK count per record. Household members who are not
    registered by name are not counted (the sitrep shows them separately).
    """
    regency = codes.normalize(regency_code)
    if codes.level_of(regency) != codes.Level.REGENCY:
        raise ValueError(f"{regency_code!r} is not a regency/city code")
    people = list(
        needing_people(
            AffectedPerson.objects.filter(
                village__code__startswith=regency + ".",
                incident__reported_at__year=year,
            ).exclude(incident__status=Incident.Status.FALSE_ALARM)
        ).only("pk", "condition", "shelter_id", "household_id", "nik_index")
    )
    flags = met_flags(people)
    persons: dict[str, bool] = {}
    for person in people:
        key = f"nik:{person.nik_index}" if person.nik_index else f"record:{person.pk}"
        persons[key] = persons.get(key, True) and flags[person.pk]
    return sum(persons.values()), len(persons)
