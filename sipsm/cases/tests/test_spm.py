"""SPM indicators outside institutions at regency level: numerator and denominator per year
from case data, suppression under 5, drill-down to the cases the user may read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sipsm.cases import spm
from sipsm.cases.actions import work as work_actions
from sipsm.cases.tests.support import assess, make_case
from sipsm.people.tests.support import make_person
from sipsm.testing import World

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _neglected_children(world: World, n: int, *, met: int) -> list[int]:
    ids = []
    for i in range(n):
        person = make_person(world, full_name=f"Anak {i}", birth_date=dt.date(2015, 2, i + 1))
        case = assess(
            world, make_case(world, person=person, groups=("anak-telantar",)), spm_group="anak"
        )
        if i < met:
            work_actions.record_basic_needs_met(
                acting_user=world.village, case=case, met_on=timezone.localdate()
            )
        ids.append(case.pk)
    return ids


def test_it_counts_people_assessed_and_met_in_the_regency_and_year(world: World) -> None:
    _neglected_children(world, 6, met=5)
    person = make_person(world, full_name="Anak 0", birth_date=dt.date(2015, 2, 1))
    twice = make_case(world, person=person)
    assess(world, twice, spm_group="anak")  # the same person with two cases counts once

    assert spm.counts(regency_code=world.village_a.code[:5], year=YEAR, group="anak") == (5, 7)
    assert spm.counts(regency_code=world.village_a.code[:5], year=YEAR - 1, group="anak") == (0, 0)
    assert spm.counts(regency_code="75.03", year=YEAR, group="anak") == (0, 0)
    assert spm.counts(regency_code=world.village_a.code[:5], year=YEAR, group="gepeng") == (0, 0)


def test_it_suppresses_counts_under_5(world: World) -> None:
    _neglected_children(world, 6, met=2)

    (anak,) = [i for i in spm.indicators(regency_code="75.01", year=YEAR) if i.group == "anak"]

    assert (str(anak.numerator), str(anak.denominator), anak.percent) == ("<5", "6", None)


def test_it_gives_the_percentage_when_both_counts_show(world: World) -> None:
    _neglected_children(world, 8, met=6)

    (anak,) = [i for i in spm.indicators(regency_code="75.01", year=YEAR) if i.group == "anak"]

    assert (anak.numerator.value, anak.denominator.value, anak.percent) == (6, 8, 75.0)


def test_it_drills_down_to_the_cases_the_user_may_read(world: World, client_for) -> None:
    mine = _neglected_children(world, 2, met=1)
    other = make_person(
        world, actor=world.other_village, village=world.village_b, full_name="Beni", sex="M"
    )
    theirs = assess(
        world,
        make_case(world, person=other, actor=world.other_village, village=world.village_b),
        spm_group="anak",
        actor=world.other_village,
    )
    query = f"?regency=75.01&year={YEAR}"

    regency_rows = client_for("regency").get(f"/kasus/spm/anak/{query}").context["rows"]
    api = client_for("regency").get(f"/api/v1/spm/outside-institutions/anak/cases{query}")
    partner = client_for("partner").get(f"/kasus/spm/anak/{query}")

    assert sorted(c.pk for c, _met in regency_rows) == sorted([*mine, theirs.pk])
    assert sorted(c["id"] for c in api.json()) == sorted([*mine, theirs.pk])
    assert partner.status_code == 403


def test_it_shows_a_partner_the_indicators(world: World, client_for) -> None:
    _neglected_children(world, 5, met=5)

    body = (
        client_for("partner")
        .get(f"/api/v1/spm/outside-institutions?regency=75.01&year={YEAR}")
        .json()
    )

    anak = next(i for i in body["indicators"] if i["group"] == "anak")
    assert (anak["numerator"]["value"], anak["denominator"]["value"], anak["percent"]) == (
        5,
        5,
        100.0,
    )
    assert (
        client_for("other_regency")
        .get(f"/api/v1/spm/outside-institutions?regency=75.01&year={YEAR}")
        .status_code
        == 403
    )
