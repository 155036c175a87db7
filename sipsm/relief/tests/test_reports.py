"""SPM counts, the sitrep (page, PDF, API) and the HXL exports."""

from __future__ import annotations

import base64
import contextlib
import csv
import datetime as dt
import io
import re
import zlib

import pytest
from django.utils import timezone

from sipsm.incidents.actions.lifecycle import change_status
from sipsm.incidents.models import Assignment, Incident
from sipsm.relief import hxl
from sipsm.relief.actions import people as people_actions
from sipsm.relief.models import Need
from sipsm.relief.sitrep import build_sitrep, render_sitrep_pdf
from sipsm.relief.spm import spm_disaster_counts
from sipsm.relief.tests.support import (
    give,
    make_household,
    make_incident,
    make_need,
    make_person,
    make_shelter,
    nik_for,
)

pytestmark = pytest.mark.django_db


def year_of(incident: Incident) -> int:
    return timezone.localtime(incident.reported_at).year


# SPM ----------------------------------------------------------------------------------------


def test_spm_counts_follow_the_documented_definition(world, incident):
    shelter = make_shelter(world, incident)
    household = make_household(world, incident)
    fed = make_person(world, incident, full_name="Fed")  # food + water: met
    give(world, incident, "food", person=fed)
    give(world, incident, "water", person=fed)
    hungry = make_person(world, incident, full_name="Only water")  # not met
    give(world, incident, "water", person=hungry)
    displaced = make_person(world, incident, full_name="Displaced", shelter=shelter)
    give(world, incident, "food", person=displaced)
    give(world, incident, "water", person=displaced)  # no shelter relief: not met
    housed = make_person(world, incident, full_name="Housed", shelter=shelter)
    for kind in ("food", "water", "shelter"):
        give(world, incident, kind, person=housed)  # met
    injured = make_person(world, incident, full_name="Injured", condition="injured")
    give(world, incident, "food", person=injured)
    give(world, incident, "water", person=injured)  # no health care: not met
    member = make_person(world, incident, full_name="Family member", household=household)
    give(world, incident, "food", household=household)
    give(world, incident, "water", household=household)  # via the household: met
    assert member.household_id == household.pk
    make_person(world, incident, full_name="Missing", condition="missing")  # not counted
    make_person(world, incident, full_name="Dead", condition="deceased")  # not counted
    elsewhere = make_person(world, incident, full_name="Far", village=world.village_a)
    give(world, incident, "food", person=elsewhere)
    assert spm_disaster_counts(regency_code="75.01", year=year_of(incident)) == (3, 7)
    assert spm_disaster_counts(regency_code="7501", year=year_of(incident)) == (3, 7)
    assert spm_disaster_counts(regency_code="75.01", year=year_of(incident) - 1) == (0, 0)
    assert spm_disaster_counts(regency_code="75.03", year=year_of(incident)) == (0, 0)
    with pytest.raises(ValueError, match="regency"):
        spm_disaster_counts(regency_code="75", year=2026)


def test_spm_counts_a_person_once_and_skips_linked_records_and_false_alarms(world, incident):
    nik = nik_for(world)
    first = make_person(world, incident, nik=nik)
    give(world, incident, "food", person=first)
    give(world, incident, "water", person=first)
    duplicate = make_person(world, incident, full_name="Same, unnamed")
    people_actions.match_person(acting_user=world.regency, person=duplicate, nik=nik)
    second_incident = make_incident(world, title="Longsor")
    again = make_person(world, second_incident, nik=nik)  # same person, another incident
    give(world, second_incident, "food", person=again)
    year = year_of(incident)
    # One person; met in the first incident but not in the second: not met.
    assert spm_disaster_counts(regency_code="75.01", year=year) == (0, 1)
    give(world, second_incident, "water", person=again)
    assert spm_disaster_counts(regency_code="75.01", year=year) == (1, 1)
    hoax = make_incident(world, title="Hoaks", engaged=False)
    make_person(world, hoax, full_name="Nobody")
    change_status(acting_user=world.regency, incident=hoax, to_status="false_alarm")
    assert spm_disaster_counts(regency_code="75.01", year=year) == (1, 1)


# Sitrep -------------------------------------------------------------------------------------


@pytest.fixture
def busy(world, incident):
    nik = nik_for(world)
    shelter = make_shelter(world, incident, capacity=50)
    make_shelter(world, incident, name="Balai Desa", kind="posko", capacity=None)
    household = make_household(world, incident, size=5, kk="7501010101240001")
    child = make_person(
        world,
        incident,
        full_name="Anak",
        birth_date=dt.date(2018, 1, 1),
        household=household,
        shelter=shelter,
        nik=nik,
    )
    make_person(
        world,
        incident,
        full_name="Nenek",
        age_years=70,
        birth_date=None,
        sex="F",
        condition="injured",
    )
    make_person(world, incident, full_name="Pak", sex="M", condition="missing", has_disability=True)
    make_person(world, incident, full_name="Ibu", sex="F", is_pregnant=True, shelter=shelter)
    give(world, incident, "food", household=household)
    give(world, incident, "water", person=child)
    make_need(world, incident)
    make_need(world, incident, category="water", status="met")
    make_need(
        world,
        incident,
        category="health",
        priority="critical",
        description=f"Obat untuk korban NIK {nik}",
        people_affected=3,
    )
    Assignment.objects.create(incident=incident, member=world.member_b, status="on_site")
    return {"nik": nik, "kk": "7501010101240001"}


def test_the_sitrep_counts(world, incident, busy):
    report = build_sitrep(incident)
    assert report.people == 4
    assert {c: n for c, _l, n in report.by_condition} == {
        "safe": 0,
        "displaced": 2,
        "injured": 1,
        "missing": 1,
        "deceased": 0,
    }
    assert dict(report.vulnerable) == {
        "Children (under 18)": 1,
        "Elderly (60 or over)": 1,
        "People with disabilities": 1,
        "Pregnant women": 1,
    }
    assert report.any_vulnerable == 4
    assert report.households == 1
    assert report.household_people == 5
    assert report.unregistered_household_members == 4
    assert report.open_shelters == 2
    assert report.occupancy == 2
    assert report.capacity == 50
    responders = {code: n for code, _l, n in report.responders}
    assert responders["accepted"] == 1
    assert responders["on_site"] == 1
    assert report.need_totals == {"open": 2, "partly_met": 0, "met": 1}
    assert [g.category for g in report.gaps] == ["Health", "Food"]  # by priority
    assert report.relief_entries == 2
    assert report.people_reached == 1
    assert (report.basic_met, report.basic_needing) == (0, 3)
    assert busy["nik"] not in str(report.as_dict())


def _pdf_text(data: bytes) -> str:
    """The PDF with its content streams decoded (ReportLab writes ASCII85 + Flate)."""
    chunks = [data]
    for stream in re.findall(rb"(?<!end)stream\r?\n(.*?)endstream", data, re.S):
        raw = stream.strip()
        if raw.endswith(b"~>"):
            with contextlib.suppress(ValueError):
                raw = base64.a85decode(raw[:-2])
        try:
            chunks.append(zlib.decompress(raw))
        except zlib.error:
            chunks.append(raw)
    return b"\n".join(chunks).decode("latin-1")


def test_the_sitrep_pdf_has_the_counts_and_no_nik(world, incident, busy, client_for):
    response = client_for("partner").get(f"/kejadian/{incident.pk}/sitrep.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert "Situation report" in text
    assert "Masjid Al-Huda" in text
    nik, kk = busy["nik"], busy["kk"]
    for secret in (nik, kk, nik[:6], nik[-10:]):
        assert secret not in text
    assert "REDACTED" in text
    direct = render_sitrep_pdf(build_sitrep(incident))
    assert direct.startswith(b"%PDF")


def test_the_sitrep_page_and_api(world, incident, busy, client_for):
    page = client_for("partner").get(f"/kejadian/{incident.pk}/sitrep/")
    assert page.status_code == 200
    assert busy["nik"] not in page.content.decode()
    assert "Masjid Al-Huda" in page.content.decode()
    api = client_for("district").get(f"/api/v1/incidents/{incident.pk}/sitrep")
    assert api.status_code == 200
    body = api.json()
    assert body["people"]["total"] == 4
    assert body["shelters"]["occupancy"] == 2
    assert body["basic_needs"] == {"met": 0, "needing": 3}
    assert busy["nik"] not in api.content.decode()


# HXL ----------------------------------------------------------------------------------------


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_incidents_hxl_has_a_tag_row_and_the_counts(world, incident, busy, client_for):
    response = client_for("regency").get("/kejadian/hxl/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    header, tags, data = rows[0], rows[1], rows[2:]
    assert header == [name for name, _tag in hxl.INCIDENT_COLUMNS]
    assert tags == [tag for _name, tag in hxl.INCIDENT_COLUMNS]
    assert all(tag.startswith("#") for tag in tags)
    for required in (
        "#event +id",
        "#event +type",
        "#adm1 +code",
        "#adm2 +code",
        "#adm3 +code",
        "#adm4 +code",
        "#date +reported",
        "#affected +ind",
        "#status",
    ):
        assert required in tags
    row = dict(zip(tags, data[0], strict=True))
    assert row["#event +id"] == incident.tracking_code
    assert row["#event +type"] == "banjir"
    assert row["#adm1 +code"] == "75"
    assert row["#adm2 +code"] == "75.01"
    assert row["#adm4 +code"] == world.village_a.code
    assert row["#adm4 +name"] == world.village_a.name
    assert row["#affected +ind"] == "4"
    assert row["#affected +hh"] == "1"
    assert row["#affected +missing"] == "1"
    assert len(data) == 1
    # An outsider's export does not list the incident.
    assert len(_rows(client_for("other_regency").get("/kejadian/hxl/"))) == 2


def test_needs_hxl_is_formula_safe_and_redacts_numbers(world, incident, client_for):
    make_need(world, incident, description='=HYPERLINK("http://evil","x")', unit="+kg")
    make_need(world, incident, category="water", description="NIK 7501014107900001 perlu air")
    for path in (f"/kejadian/{incident.pk}/kebutuhan/hxl/", "/kejadian/hxl/kebutuhan/"):
        rows = _rows(client_for("village").get(path))
        tags = rows[1]
        assert tags == [tag for _name, tag in hxl.NEED_COLUMNS]
        for required in ("#sector +code", "#affected +ind", "#status", "#adm4 +code"):
            assert required in tags
        by_tag = [dict(zip(tags, row, strict=True)) for row in rows[2:]]
        assert by_tag[0]["#description"].startswith("'=")
        assert by_tag[0]["#need +unit"] == "'+kg"
        assert by_tag[0]["#sector +code"] == "food"
        assert by_tag[0]["#need +num"] == "200"
        assert "7501014107900001" not in by_tag[1]["#description"]
        for row in rows[2:]:
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_needs_hxl_gap_filter(world, incident, client_for):
    make_need(world, incident)
    make_need(world, incident, status=Need.Status.MET)
    rows = _rows(client_for("regency").get("/kejadian/hxl/kebutuhan/?status=gap"))
    assert len(rows) == 3
    api = client_for("regency").get("/api/v1/hxl/needs")
    assert api.status_code == 200
    assert len(_rows(api)) == 4
