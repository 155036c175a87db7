"""SPM bidang sosial: the ten indicators, reusing casework's and relief's counts for regencies,
the province's inside-institution and provincial-disaster indicators, "no data" with a reason,
suppression for partners, drill-down for coordinators, and the ministry form export."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from sipsm.cases import spm as case_spm
from sipsm.core.models import AuditEvent
from sipsm.incidents.actions.lifecycle import set_affected_villages
from sipsm.relief.spm import spm_disaster_counts
from sipsm.relief.tests.support import give, make_incident
from sipsm.relief.tests.support import make_person as make_victim
from sipsm.reporting import spm
from sipsm.reporting.actions.aggregates import refresh_spm
from sipsm.reporting.models import SpmStat
from sipsm.reporting.spm_view import build
from sipsm.reporting.tests.support import spm_children
from sipsm.testing import World, region

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _flood_with_victims(world: World, *, fed: int, hungry: int, far: int = 0) -> None:
    incident = make_incident(world)
    for i in range(fed + hungry):
        person = make_victim(world, incident, full_name=f"Korban {i}")
        if i < fed:
            give(world, incident, "food", person=person)
            give(world, incident, "water", person=person)
    if far:
        set_affected_villages(
            acting_user=world.province,
            incident=incident,
            villages=[world.village_far],
            source="reported",
        )
    for i in range(far):
        make_victim(world, incident, full_name=f"Korban jauh {i}", village=world.village_far)


def test_there_are_ten_indicators_five_per_level_with_the_legal_basis() -> None:
    assert [i.code for i in spm.PROVINCE_INDICATORS] == [
        "prov_disabilitas",
        "prov_anak",
        "prov_lansia",
        "prov_gepeng",
        "prov_bencana",
    ]
    assert [i.code for i in spm.REGENCY_INDICATORS] == [
        "kab_disabilitas",
        "kab_anak",
        "kab_lansia",
        "kab_gepeng",
        "kab_bencana",
    ]
    assert "PP No. 2 Tahun 2018" in str(spm.LEGAL_BASIS)
    assert "Permensos No. 9 Tahun 2018" in str(spm.LEGAL_BASIS)


def test_regency_indicators_are_casework_and_relief_counts(world: World) -> None:
    spm_children(world, 6, met=5)
    _flood_with_victims(world, fed=3, hungry=4)

    refresh_spm(year=YEAR, province="75")

    stats = dict(
        SpmStat.objects.filter(region_code="75.01", year=YEAR).values_list("indicator", "numerator")
    )
    denominators = dict(
        SpmStat.objects.filter(region_code="75.01", year=YEAR).values_list(
            "indicator", "denominator"
        )
    )
    assert (
        (stats["kab_anak"], denominators["kab_anak"])
        == case_spm.counts(regency_code="75.01", year=YEAR, group="anak")
        == (5, 6)
    )
    assert (
        (stats["kab_bencana"], denominators["kab_bencana"])
        == spm_disaster_counts(regency_code="75.01", year=YEAR)
        == (3, 7)
    )
    assert SpmStat.objects.filter(region_code="75.01", year=YEAR).count() == 5
    assert SpmStat.objects.filter(region_code="75", year=YEAR).count() == 5


def test_inside_panti_shows_no_data_with_the_reason_until_cases_record_it(world: World) -> None:
    refresh_spm(year=YEAR, province="75")
    view = build(region("75"), YEAR, suppress=False)
    panti = {a.indicator.code: a for a in view.own}

    assert panti["prov_anak"].available is False
    assert "inside institutions" in panti["prov_anak"].reason

    spm_children(world, 5, met=2, setting="inside_panti")
    refresh_spm(year=YEAR, province="75")
    panti = {a.indicator.code: a for a in build(region("75"), YEAR, suppress=False).own}

    assert (
        panti["prov_anak"].numerator,
        panti["prov_anak"].denominator,
        panti["prov_anak"].percent,
    ) == (2, 5, 40.0)
    kab = {a.indicator.code: a for a in build(region("75.01"), YEAR, suppress=False).own}
    assert kab["kab_anak"].available is False  # inside-panti cases are not outside-panti ones


def test_a_provincial_disaster_is_one_whose_victims_live_in_two_regencies(world: World) -> None:
    _flood_with_victims(world, fed=2, hungry=1)
    assert spm.province_disaster_counts(province_code="75", year=YEAR) == (0, 0)

    _flood_with_victims(world, fed=5, hungry=0, far=2)

    assert spm.province_disaster_counts(province_code="75", year=YEAR) == (5, 7)


def test_partners_see_counts_under_5_hidden_and_coordinators_see_them(world: World) -> None:
    spm_children(world, 6, met=3)
    refresh_spm(year=YEAR, province="75")

    partner = {a.indicator.code: a for a in build(region("75.01"), YEAR, suppress=True).own}
    coordinator = {a.indicator.code: a for a in build(region("75.01"), YEAR, suppress=False).own}

    assert (
        partner["kab_anak"].numerator_display,
        partner["kab_anak"].denominator_display,
        partner["kab_anak"].percent,
    ) == ("<5", "6", None)
    assert (coordinator["kab_anak"].numerator_display, coordinator["kab_anak"].percent) == (
        "3",
        50.0,
    )


def test_the_province_page_sums_its_regencies(world: World, client_for) -> None:
    spm_children(world, 6, met=5)
    refresh_spm(year=YEAR)

    view = build(region("75"), YEAR, suppress=False)
    regencies = {a.indicator.code: a for a in view.regency_total}
    national = build(None, YEAR, suppress=False)

    assert (regencies["kab_anak"].numerator, regencies["kab_anak"].denominator) == (5, 6)
    assert regencies["kab_anak"].regions == len(view.rows)
    assert {a.indicator.code: a.denominator for a in national.regency_total}["kab_anak"] == 6
    assert [row.code for row in national.rows] == ["11", "75"]


def test_the_page_shows_the_ten_indicators_to_a_province_coordinator(
    world: World, client_for
) -> None:
    refresh_spm(year=YEAR)

    page = client_for("province").get(f"/spm/?wilayah=75&tahun={YEAR}")

    content = page.content.decode()
    assert page.status_code == 200
    assert content.count('data-indicator="prov_') == 5
    assert content.count('data-indicator="kab_') == 5
    assert "PP No. 2 Tahun 2018" in content


def test_a_regency_page_links_casework_s_live_spm_page(world: World, client_for) -> None:
    spm_children(world, 6, met=5)
    refresh_spm(year=YEAR, province="75")
    client = client_for("regency")

    page = client.get(f"/spm/?wilayah=75.01&tahun={YEAR}").content.decode()
    live = client.get(f"/kasus/spm/?regency=75.01&year={YEAR}")

    assert f'href="/kasus/spm/?regency=75.01&amp;year={YEAR}"' in page
    assert 'data-indicator="kab_bencana"' in page
    assert live.status_code == 200


def test_drill_down_outside_institutions_is_casework_s_own_page(world: World, client_for) -> None:
    response = client_for("regency").get(f"/spm/kab_anak/?wilayah=75.01&tahun={YEAR}")

    assert response.status_code == 302
    assert response["Location"] == f"/kasus/spm/anak/?regency=75.01&year={YEAR}"


def test_drill_down_inside_institutions_lists_readable_cases_and_logs_the_read(
    world: World, client_for
) -> None:
    spm_children(world, 2, met=1, setting="inside_panti")

    response = client_for("province").get(f"/spm/prov_anak/?wilayah=75&tahun={YEAR}")

    assert response.status_code == 200
    assert [met for _case, met in response.context["cases"]] == [True, False] or sorted(
        met for _case, met in response.context["cases"]
    ) == [False, True]
    event = AuditEvent.objects.get(verb="access.case.list")
    assert (event.actor_id, event.data["spm"]) == (world.province.pk, "prov_anak")


def test_the_export_follows_the_ministry_form(world: World, client_for) -> None:
    spm_children(world, 6, met=5)
    refresh_spm(year=YEAR)

    response = client_for("regency").get(f"/spm/ekspor.csv?wilayah=75.01&tahun={YEAR}")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "No.",
        "Basic service",
        "Indicator",
        "Target (%)",
        "People to be served",
        "People served",
        "Achievement (%)",
        "Not yet served",
        "Remarks",
    ]
    assert rows[1][3:8] == [
        "#targeted+pct",
        "#targeted+ind",
        "#reached+ind",
        "#indicator+value+pct",
        "#inneed+ind",
    ]
    anak = rows[3]
    assert anak[0] == "2"
    assert anak[3:8] == ["100", "6", "5", "83.3", "1"]
    pdf = client_for("regency").get(f"/spm/ekspor.pdf?wilayah=75.01&tahun={YEAR}")
    assert pdf.content.startswith(b"%PDF")


def test_a_district_coordinator_and_a_psm_do_not_read_spm(world: World, client_for) -> None:
    assert client_for("district").get("/spm/").status_code == 403
    assert client_for("village").get("/api/v1/reporting/spm").status_code == 403
