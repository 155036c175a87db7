"""BMKG CAP warnings become incidents for the right villages, once; Update and Cancel change or
stand down the incident they reference."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from sipsm.core.models import AuditEvent
from sipsm.incidents.bmkg.ingest import IngestOptions, ingest
from sipsm.incidents.models import Incident, IncidentArea, IncidentEvent
from sipsm.regions.models import Region

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent / "bmkg_samples"
GORONTALO_ID = SAMPLES / "bmkg-nowcast-cap-id-CGT20260924002.xml"
GORONTALO_EN = SAMPLES / "synthetic-cap-en-CGT20260924002.xml"
UPDATE = SAMPLES / "synthetic-cap-update-CGT20260924003.xml"
CANCEL = SAMPLES / "synthetic-cap-cancel-CGT20260924004.xml"
CIRCLE_GEOCODE = SAMPLES / "synthetic-cap-circle-geocode.xml"
NAMES_ONLY = SAMPLES / "synthetic-cap-names-CAH20260924001.xml"

MANANGGU = [f"75.02.05.{n}" for n in range(2001, 2010)]
DENGILO = [f"75.04.08.{n}" for n in range(2001, 2006)]
# Bolihutuo (kec. Botumoito) has its point inside the Mananggu polygon BMKG drew.
BOLIHUTUO = "75.02.06.2007"


def ingest_files(*paths: Path, **options: Any) -> Any:
    return ingest([str(p) for p in paths], options=IngestOptions(**options))


def db_state() -> tuple[Any, ...]:
    return (
        list(Incident.objects.order_by("pk").values()),
        list(
            IncidentArea.objects.order_by("pk").values_list("incident_id", "village_id", "source")
        ),
        list(IncidentEvent.objects.order_by("pk").values_list("incident_id", "verb", "note")),
        list(AuditEvent.objects.order_by("pk").values_list("verb", "object_id")),
    )


def areas(incident: Incident) -> dict[str, str]:
    return dict(incident.areas.values_list("village_id", "source"))


def test_it_maps_the_gorontalo_sample_polygons_to_the_villages_of_the_named_kecamatan() -> None:
    summary = ingest_files(GORONTALO_ID)

    assert (summary.created, summary.skipped, summary.errors) == (1, 0, 0)
    incident = Incident.objects.get()
    assert areas(incident) == dict.fromkeys([*MANANGGU, BOLIHUTUO, *DENGILO], "cap_polygon")
    assert incident.type.code == "cuaca_ekstrem"
    assert incident.status == "reported"
    assert incident.channel == "bmkg_cap"
    assert incident.severity == "moderate"
    assert incident.title == "Hujan Lebat disertai Petir di Gorontalo"
    assert incident.region_id == "75"  # kabupaten Boalemo (75.02) and Gorontalo Utara (75.04)
    assert incident.reporter_name == "BMKG"
    assert incident.description.startswith("Hujan lebat disertai petir akan terjadi")
    assert incident.description.endswith(
        "https://nowcasting.bmkg.go.id/infografis/CGT/2026/09/24/infografis.jpg\n\n"
        "Source: BMKG (Badan Meteorologi, Klimatologi, dan Geofisika)"
    )
    assert (incident.source_sender, incident.source_identifier, incident.source_sent) == (
        "cuaca.ekstrem@bmkg.go.id",
        "2.49.0.1.360.0.2026.09.24.07.75.002",
        "2026-09-24T15:07:00+08:00",
    )
    assert incident.source_payload == GORONTALO_ID.read_text(encoding="utf-8")
    assert incident.expires_at is not None
    assert incident.expires_at.isoformat() == "2026-09-24T09:27:00+00:00"
    assert incident.location_text == "Gorontalo"
    assert (incident.lat, incident.lon) in {
        (r.lat, r.lon) for r in Region.objects.filter(code__in=[*MANANGGU, *DENGILO, BOLIHUTUO])
    }


def test_it_changes_nothing_when_the_same_alert_comes_twice() -> None:
    ingest_files(GORONTALO_ID)
    before = db_state()

    summary = ingest_files(GORONTALO_ID)

    assert (summary.created, summary.duplicates) == (0, 1)
    assert db_state() == before


def test_it_makes_one_incident_of_the_indonesian_and_english_files_of_an_alert() -> None:
    ingest_files(GORONTALO_ID)
    before = db_state()

    summary = ingest_files(GORONTALO_EN)

    assert (summary.created, summary.duplicates) == (0, 1)
    assert db_state() == before


def test_it_takes_the_indonesian_text_when_that_file_comes_second() -> None:
    ingest_files(GORONTALO_EN)
    assert Incident.objects.get().title == "Heavy Rain with Thunderstorm in Gorontalo"

    summary = ingest_files(GORONTALO_ID)

    assert (summary.created, summary.updated) == (0, 1)
    incident = Incident.objects.get()
    assert incident.title == "Hujan Lebat disertai Petir di Gorontalo"
    assert incident.source_payload == GORONTALO_ID.read_text(encoding="utf-8")
    assert len(areas(incident)) == 15
    before = db_state()
    assert ingest_files(GORONTALO_ID).duplicates == 1
    assert ingest_files(GORONTALO_EN).duplicates == 1
    assert db_state() == before


def test_it_makes_one_incident_with_the_indonesian_title_from_both_languages_in_one_run() -> None:
    summary = ingest_files(GORONTALO_EN, GORONTALO_ID)

    assert (summary.created, summary.duplicates) == (1, 1)
    assert Incident.objects.get().title == "Hujan Lebat disertai Petir di Gorontalo"


def test_it_applies_an_update_to_the_referenced_incident() -> None:
    ingest_files(GORONTALO_ID)

    summary = ingest_files(UPDATE)

    assert (summary.created, summary.updated) == (0, 1)
    incident = Incident.objects.get()
    assert incident.severity == "severe"
    assert incident.title == "Hujan Lebat disertai Petir dan Angin Kencang di Gorontalo"
    assert incident.description.startswith("Hujan lebat disertai petir dan angin kencang masih")
    assert incident.expires_at is not None
    assert incident.expires_at.isoformat() == "2026-09-24T11:00:00+00:00"
    assert areas(incident) == dict.fromkeys(DENGILO, "cap_polygon")
    assert incident.status == "reported"
    assert incident.source_identifier == "2.49.0.1.360.0.2026.09.24.07.75.002"
    event = incident.events.get(verb="bmkg_update")
    assert event.note.splitlines()[0] == (
        "cuaca.ekstrem@bmkg.go.id,2.49.0.1.360.0.2026.09.24.08.75.003,2026-09-24T16:10:00+08:00"
    )
    audit = AuditEvent.objects.get(verb="incident.bmkg_update")
    assert audit.changes["severity"] == ["moderate", "severe"]
    assert audit.data["villages_removed"] == 10
    before = db_state()
    assert ingest_files(UPDATE).duplicates == 1
    assert ingest_files(GORONTALO_ID).duplicates == 1
    assert db_state() == before


def test_it_stands_the_incident_down_on_a_cancel() -> None:
    ingest_files(GORONTALO_ID, UPDATE)

    summary = ingest_files(CANCEL)

    assert (summary.cancelled, summary.created) == (1, 0)
    incident = Incident.objects.get()
    assert incident.status == "stood_down"
    assert incident.closed_at is not None
    assert list(incident.events.values_list("verb", flat=True)) == [
        "reported",
        "bmkg_update",
        "bmkg_cancel",
        "status",
    ]
    status_event = incident.events.get(verb="status")
    assert status_event.note == "Cancelled by the source: Peringatan dicabut: hujan telah reda."
    before = db_state()
    assert ingest_files(CANCEL).duplicates == 1
    assert db_state() == before


def test_it_applies_alert_update_and_cancel_of_a_directory_in_sent_order() -> None:
    # File names sort Cancel before the Alert; the messages' `sent` times decide.
    summary = ingest_files(CANCEL, UPDATE, GORONTALO_ID)

    assert (summary.created, summary.updated, summary.cancelled) == (1, 1, 1)
    assert Incident.objects.get().status == "stood_down"


def test_it_leaves_a_responding_incident_to_its_coordinator_on_a_cancel() -> None:
    from sipsm.incidents.actions.lifecycle import change_status

    ingest_files(GORONTALO_ID)
    incident = Incident.objects.get()
    change_status(acting_user=None, incident=incident, to_status="verified", callout=False)
    change_status(acting_user=None, incident=incident, to_status="responding")

    summary = ingest_files(CANCEL)

    assert (summary.cancelled, summary.skipped) == (0, 1)
    incident.refresh_from_db()
    assert incident.status == "responding"
    assert incident.events.filter(verb="bmkg_cancel").count() == 1


def test_it_creates_nothing_from_a_cancel_of_an_unknown_alert() -> None:
    summary = ingest_files(CANCEL)

    assert (summary.skipped, summary.created) == (1, 0)
    assert not Incident.objects.exists()
    assert AuditEvent.objects.get(verb="bmkg.skipped").data["reason"] == (
        "cancels no known incident"
    )


def test_it_creates_an_incident_from_an_update_of_an_unknown_alert() -> None:
    summary = ingest_files(UPDATE)

    assert summary.created == 1
    incident = Incident.objects.get()
    assert incident.source_identifier == "2.49.0.1.360.0.2026.09.24.08.75.003"
    assert areas(incident) == dict.fromkeys(DENGILO, "cap_polygon")


def test_it_maps_circle_and_geocode_areas_to_villages() -> None:
    summary = ingest_files(CIRCLE_GEOCODE)

    assert summary.created == 1
    incident = Incident.objects.get()
    found = areas(incident)
    # Village points within 1.0 km of 5.545,95.319 (Seutui at 1.07 km and Ateuk Jawo at
    # 1.15 km are outside).
    circle = {f"11.71.01.{n}" for n in (2001, 2002, 2003, 2005, 2006, 2007, 2009, 2010)}
    assert {c for c, s in found.items() if s == "cap_circle"} == circle
    kota_jantho = set(
        Region.objects.filter(code__startswith="11.06.15.").values_list("code", flat=True)
    )
    assert len(kota_jantho) == 13
    assert {c for c, s in found.items() if s == "cap_geocode"} == {"11.71.02.2001"} | kota_jantho
    assert incident.type.code == "banjir"
    assert incident.title == "Peringatan banjir di Banda Aceh"  # the Indonesian block
    assert incident.severity == "severe"  # the highest of the two blocks
    assert incident.expires_at is not None
    assert incident.expires_at.isoformat() == "2026-10-02T10:00:00+00:00"  # the latest
    assert incident.region_id == "11"
    assert incident.description == (
        "Muka air sungai naik di Banda Aceh.\n\n"
        "Pindahkan barang berharga ke tempat yang lebih tinggi.\n\n"
        "Source: BMKG (Badan Meteorologi, Klimatologi, dan Geofisika)"
    )


def test_it_uses_the_named_kecamatan_when_no_polygon_holds_a_village() -> None:
    summary = ingest_files(NAMES_ONLY)

    assert summary.created == 1
    incident = Incident.objects.get()
    districts = ["11.13.08", "11.02.07", "11.01.13", "11.06.15", "11.13.05", "11.03.05", "11.02.15"]
    expected = set(
        Region.objects.filter(level=4, parent_id__in=districts).values_list("code", flat=True)
    )
    assert set(areas(incident)) == expected
    assert set(areas(incident).values()) == {"cap_name"}
    assert incident.region_id == "11"


def test_it_creates_no_incident_from_an_exercise(tmp_path: Path) -> None:
    exercise = tmp_path / "exercise.xml"
    exercise.write_text(
        GORONTALO_ID.read_text(encoding="utf-8").replace(
            "<status>Actual</status>", "<status>Exercise</status>"
        ),
        encoding="utf-8",
    )

    summary = ingest_files(exercise)

    assert (summary.skipped, summary.created) == (1, 0)
    assert not Incident.objects.exists()
    assert AuditEvent.objects.get(verb="bmkg.skipped").data["reason"] == (
        "status Exercise, not a real event"
    )


def test_it_skips_an_expired_warning_when_fresh_only() -> None:
    summary = ingest_files(GORONTALO_ID, fresh_only=True)

    assert (summary.created, summary.skipped) == (0, 1)
    assert summary.lines == [
        f"{GORONTALO_ID}: 2.49.0.1.360.0.2026.09.24.07.75.002: skipped (expired)"
    ]


def test_it_creates_nothing_from_a_truncated_cap_file_and_logs_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "truncated.xml"
    broken.write_bytes(GORONTALO_ID.read_bytes()[:1500])
    before = db_state()

    with caplog.at_level(logging.ERROR, logger="sipsm.incidents.bmkg"):
        summary = ingest_files(broken)

    assert (summary.errors, summary.created) == (1, 0)
    assert db_state() == before
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert message.startswith(f"BMKG document rejected: {broken}: not well-formed XML")
    assert "line " in message


def test_it_creates_nothing_from_a_cap_file_with_an_invalid_time(tmp_path: Path) -> None:
    broken = tmp_path / "bad-time.xml"
    broken.write_text(
        GORONTALO_ID.read_text(encoding="utf-8").replace(
            "<expires>2026-09-24T17:27:00+08:00</expires>",
            "<expires>2026-09-24T17:27:00</expires>",
        ),
        encoding="utf-8",
    )

    summary = ingest_files(broken)

    assert summary.errors == 1
    assert summary.lines == [
        f"{broken}: info #1 expires: '2026-09-24T17:27:00' is not a time with an offset "
        "(YYYY-MM-DDThh:mm:ss±hh:mm)"
    ]
    assert not Incident.objects.exists()


def test_it_matches_a_reference_written_in_another_utc_offset(tmp_path: Path) -> None:
    ingest_files(GORONTALO_ID)
    cancel = tmp_path / "cancel-utc.xml"
    cancel.write_text(
        CANCEL.read_text(encoding="utf-8").replace(
            "2.49.0.1.360.0.2026.09.24.07.75.002,2026-09-24T15:07:00+08:00",
            "2.49.0.1.360.0.2026.09.24.07.75.002,2026-09-24T07:07:00-00:00",
        ),
        encoding="utf-8",
    )

    summary = ingest_files(cancel)

    assert summary.cancelled == 1
    assert Incident.objects.get().status == "stood_down"
