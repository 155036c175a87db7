"""The equity view: coverage ranked worst first, inequality (Gini, Theil) and its monthly
snapshots, villages without a PSM, children's rights never below regency level, the map."""

from __future__ import annotations

import math

import pytest
from django.utils import timezone

from sipsm.cases.tests.support import make_case
from sipsm.regions.models import Region
from sipsm.reporting.equity import build
from sipsm.reporting.inequality import gini, theil
from sipsm.reporting.models import EquitySnapshot
from sipsm.reporting.periods import Period
from sipsm.reporting.tests.support import refresh
from sipsm.testing import World, region

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.mark.parametrize(
    ("values", "expected_gini", "expected_theil"),
    [
        ([0.5, 0.5, 0.5], 0.0, 0.0),
        ([0.0, 0.0, 1.0], 2 / 3, math.log(3)),
        ([1, 2, 3, 4], 0.25, None),
        ([], None, None),
        ([0.0, 0.0], None, None),
    ],
)
def test_gini_and_theil(
    values: list[float], expected_gini: float | None, expected_theil: float | None
) -> None:
    assert gini(values) == (pytest.approx(expected_gini) if expected_gini is not None else None)
    if expected_theil is not None or not values or not sum(values):
        assert theil(values) == (
            pytest.approx(expected_theil) if expected_theil is not None else None
        )


def test_it_ranks_regencies_by_coverage_and_measures_inequality(world: World) -> None:
    refresh()
    view = build(region("75"), YEAR, suppress=False)

    covered = {row.code: row.view.coverage for row in view.rows}
    villages_7501 = Region.objects.filter(level=4, code__startswith="75.01.").count()
    assert covered["75.01"] == round(100 * 2 / villages_7501, 1)
    assert covered["75.71"] == 0.0
    assert [row.code for row in view.rows][-2:] == sorted(
        ["75.01", "75.03"], key=lambda c: covered[c]
    )
    shares = [row.view.coverage / 100 for row in view.rows if row.view.coverage is not None]
    assert view.gini == pytest.approx(gini(shares))
    assert view.gini is not None
    assert view.gini > 0.5


def test_the_trend_comes_from_the_monthly_snapshots(world: World) -> None:
    month = Period.current_month()
    refresh(month.previous(), spm=False)
    refresh(month, spm=False)

    view = build(region("75"), YEAR, suppress=False)

    expected = EquitySnapshot.objects.filter(scope_code="75", month__gt=0).order_by("year", "month")
    assert [(t.year, t.month) for t in view.trend] == [(t.year, t.month) for t in expected]
    assert len(view.trend) == 2
    assert "<svg" in view.charts["gini"]


def test_a_regency_lists_villages_without_an_active_psm(world: World) -> None:
    refresh()

    view = build(region("75.01"), YEAR, suppress=False)

    listed = {code for code, _name in view.villages_without}
    assert world.village_a.code not in listed
    assert world.village_b.code not in listed
    assert (
        view.villages_without_total
        == Region.objects.filter(level=4, code__startswith="75.01.").count() - 2
    )
    assert view.shows_child_rights is False


def test_childrens_rights_show_for_regencies_but_not_for_districts(
    world: World, client_for
) -> None:
    for _ in range(5):
        make_case(world)
    refresh()

    province = build(region("75"), YEAR, suppress=True)
    regency = client_for("regency").get("/kesetaraan/?wilayah=75.01").content.decode()

    unmet = {row.code: row.unmet_rights for row in province.rows}
    assert unmet["75.01"] == "25"  # five children, none of the five rights met yet
    assert unmet["75.03"] == "<5"
    assert "Children&#x27;s rights not met" not in regency
    assert "shown for regencies/cities and above only" in regency


def test_the_map_data_has_a_point_per_region_with_its_coverage(world: World, client_for) -> None:
    refresh()

    data = client_for("province").get("/kesetaraan/peta.geojson?wilayah=75").json()

    by_code = {f["properties"]["code"]: f for f in data["features"]}
    assert set(by_code) == set(Region.objects.filter(parent_id="75").values_list("code", flat=True))
    assert by_code["75.71"]["properties"]["coverage"] == 0.0
    assert by_code["75.01"]["geometry"]["type"] == "Point"
