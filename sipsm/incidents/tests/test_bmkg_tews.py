"""InaTEWS earthquake feeds: the affected-area rule, incidents for strong or felt events,
skips for the others, one incident per event across feeds and revisions."""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path
from typing import Any

import pytest

from sipsm.core.models import AuditEvent
from sipsm.incidents.bmkg.ingest import IngestOptions, ingest
from sipsm.incidents.bmkg.tews import (
    TewsError,
    assess,
    felt_radius_km,
    parse_tews_json,
    predicted_mmi,
    quake_from_record,
)
from sipsm.incidents.models import Incident, IncidentArea, IncidentEvent
from sipsm.regions.models import Region

SAMPLES = Path(__file__).resolve().parent / "bmkg_samples"
AUTOGEMPA = SAMPLES / "bmkg-tews-autogempa.json"
TERKINI = SAMPLES / "synthetic-tews-gempaterkini.json"
DIRASAKAN = SAMPLES / "synthetic-tews-gempadirasakan.json"
REVISED = SAMPLES / "synthetic-tews-autogempa-revised.json"


def ingest_files(*paths: Path) -> Any:
    return ingest([str(p) for p in paths], options=IngestOptions())


def db_state() -> tuple[Any, ...]:
    return (
        list(Incident.objects.order_by("pk").values()),
        list(
            IncidentArea.objects.order_by("pk").values_list("incident_id", "village_id", "source")
        ),
        list(IncidentEvent.objects.order_by("pk").values_list("incident_id", "verb", "note")),
        list(AuditEvent.objects.order_by("pk").values_list("verb", "object_id", "data")),
    )


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Spherical law of cosines, independent of the code under test."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    cos = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0088 * math.acos(min(1.0, cos))


def villages_within(lat: float, lon: float, radius: float) -> set[str]:
    return {
        r.code
        for r in Region.objects.filter(level=4, lat__isnull=False)
        if km(lat, lon, r.lat, r.lon) <= radius  # type: ignore[arg-type]
    }


# -- the rule -----------------------------------------------------------------------------


def test_it_predicts_intensity_with_allen_wald_worden_2012() -> None:
    # 2.085 + 1.428*5 - 1.402*ln(sqrt(10² + 1.833²)) = 5.97
    assert predicted_mmi(5.0, 0.0, 10.0) == pytest.approx(5.973, abs=0.001)
    # Beyond 50 km the extra term applies: M7 at 100 km epicentral, 10 km deep.
    r_m = -0.209 + 2.042 * math.exp(2.0)
    hypo = math.hypot(100.0, 10.0)
    expected = (
        2.085 + 1.428 * 7 - 1.402 * math.log(math.hypot(hypo, r_m)) + 0.078 * math.log(hypo / 50)
    )
    assert predicted_mmi(7.0, 100.0, 10.0) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("magnitude", "depth", "radius"),
    [(5.0, 10.0, 17.6), (6.0, 10.0, 55.6), (7.0, 10.0, 165.9), (5.0, 100.0, 0.0), (8.5, 10, 300)],
)
def test_it_derives_the_felt_radius_from_magnitude_and_depth(
    magnitude: float, depth: float, radius: float
) -> None:
    assert felt_radius_km(magnitude, depth) == radius
    if 0 < radius < 300:
        assert predicted_mmi(magnitude, radius, depth) == pytest.approx(5.0, abs=0.01)


def record(**overrides: str) -> dict[str, str]:
    values = {
        "DateTime": "2026-10-05T02:10:11+00:00",
        "Coordinates": "0.62,122.95",
        "Magnitude": "4.2",
        "Kedalaman": "10 km",
        "Potensi": "Tidak berpotensi tsunami",
    }
    values.update(overrides)
    return values


def test_it_ignores_a_small_quake_unless_felt_strongly_or_tsunamigenic() -> None:
    small = quake_from_record(record(), position=1)
    assert assess(small, min_magnitude=5.0) == (False, 0.0, 4.8, "magnitude 4.2 below 5.0")

    felt = quake_from_record(record(Dirasakan="V Kota Gorontalo, IV Limboto"), position=1)
    assert felt.felt_mmi == 5
    assert assess(felt, min_magnitude=5.0)[:2] == (True, 10.0)

    tsunami = quake_from_record(record(Potensi="Berpotensi TSUNAMI"), position=1)
    assert tsunami.tsunami_potential
    assert assess(tsunami, min_magnitude=5.0)[:2] == (True, 100.0)

    deep = quake_from_record(record(Magnitude="5.1", Kedalaman="120 km"), position=1)
    verdict = assess(deep, min_magnitude=5.0)
    assert not verdict.qualifies
    assert verdict.reason == "predicted intensity 2.7 below MMI 5 at 120 km depth"


def test_it_reads_time_and_place_from_the_indonesian_fields_when_needed() -> None:
    quake = quake_from_record(
        {
            "Tanggal": "23 Sep 2026",
            "Jam": "19:16:56 WIB",
            "Lintang": "8.51 LS",
            "Bujur": "123.27 BT",
            "Magnitude": "1.8",
            "Kedalaman": "12 km",
        },
        position=1,
    )
    assert quake.time.isoformat() == "2026-09-23T19:16:56+07:00"
    assert (quake.lat, quake.lon) == (-8.51, 123.27)
    assert quake.identifier == "20260923T121656Z_-8.51_123.27"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"Infogempa": {"gempa": {"DateTime": "2026-09-23T12:16:56+00:00"', "not valid JSON"),
        ('{"gempa": []}', "not an InaTEWS feed: no Infogempa object"),
        ('{"Infogempa": {"gempa": [1]}}', "gempa #1 is not an object"),
        (json.dumps({"Infogempa": {"gempa": record(Magnitude="")}}), "gempa #1 Magnitude"),
        (json.dumps({"Infogempa": {"gempa": record(DateTime="2026-10-05 02:10")}}), "DateTime"),
        (json.dumps({"Infogempa": {"gempa": record(Coordinates="91.0,10.0")}}), "out of range"),
    ],
)
def test_it_rejects_a_broken_feed_with_the_reason(text: str, problem: str) -> None:
    with pytest.raises(TewsError, match=problem):
        parse_tews_json(text)


# -- ingestion ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_records_the_autogempa_sample_as_skipped_once() -> None:
    summary = ingest_files(AUTOGEMPA)

    assert (summary.created, summary.skipped, summary.errors) == (0, 1, 0)
    assert not Incident.objects.exists()
    skipped = AuditEvent.objects.get(verb="bmkg.skipped")
    assert skipped.data == {
        "key": "inatews@bmkg.go.id,20260923T121656Z_-8.51_123.27,2026-09-23T12:16:56+00:00",
        "reason": "magnitude 1.8 below 5.0",
        "origin": str(AUTOGEMPA),
    }
    before = db_state()
    assert ingest_files(AUTOGEMPA).skipped == 1
    assert db_state() == before


@pytest.mark.django_db
def test_it_creates_incidents_for_strong_events_near_villages_from_the_latest_list() -> None:
    summary = ingest_files(TERKINI)

    assert (summary.created, summary.skipped, summary.errors) == (2, 13, 0)
    quake = Incident.objects.get(type__code="gempa_bumi")
    radius = felt_radius_km(5.6, 10.0)
    assert radius == 36.0
    expected = villages_within(0.62, 122.95, radius)
    assert len(expected) > 50
    found = dict(quake.areas.values_list("village_id", "source"))
    assert found == dict.fromkeys(expected, "quake_radius")
    assert (quake.magnitude, quake.depth_km, quake.lat, quake.lon) == (5.6, 10.0, 0.62, 122.95)
    assert quake.status == "reported"
    assert quake.channel == "bmkg_quake"
    assert quake.severity == "severe"  # predicted MMI 6.8 at the epicentre
    assert quake.title == "Earthquake M5.6: 12 km BaratLaut KAB-GORONTALO"
    assert quake.reporter_name == "BMKG"
    assert quake.source_identifier == "20261005T021011Z_0.62_122.95"
    assert quake.description.endswith(
        "Source: BMKG (Badan Meteorologi, Klimatologi, dan Geofisika)"
    )
    assert f"Villages within {radius:g} km of the epicentre" in quake.description
    assert quake.region_id == "75"

    tsunami = Incident.objects.get(type__code="tsunami")
    assert tsunami.severity == "extreme"
    assert tsunami.title.startswith("Earthquake M7.1, may cause a tsunami")
    assert set(tsunami.areas.values_list("village_id", flat=True)) == villages_within(
        4.60, 95.20, felt_radius_km(7.1, 20.0)
    )
    reasons = sorted(e.data["reason"] for e in AuditEvent.objects.filter(verb="bmkg.skipped"))
    assert reasons == [
        "no loaded village within 14.8 km",  # Mentawai
        "no loaded village within 16.3 km",  # Jayapura
        "no loaded village within 24.9 km",  # Halmahera
        "no loaded village within 25.6 km",  # Maluku Tengah
        "no loaded village within 25.6 km",  # south of Jember, at sea
        "no loaded village within 36 km",  # Sorong
        "no loaded village within 68.5 km",  # Bali
        "predicted intensity 2.7 below MMI 5 at 120 km depth",
        "predicted intensity 2.9 below MMI 5 at 150 km depth",
        "predicted intensity 3.4 below MMI 5 at 60 km depth",
        "predicted intensity 3.6 below MMI 5 at 80 km depth",
        "predicted intensity 4.5 below MMI 5 at 30 km depth",
        "predicted intensity 4.9 below MMI 5 at 25 km depth",
    ]


@pytest.mark.django_db
def test_it_changes_nothing_when_the_same_lists_come_twice() -> None:
    ingest_files(TERKINI, DIRASAKAN, REVISED)
    before = db_state()

    summary = ingest_files(TERKINI, DIRASAKAN, REVISED)

    assert (summary.created, summary.updated) == (0, 0)
    assert db_state() == before


@pytest.mark.django_db
def test_it_completes_a_known_event_from_a_felt_report_and_counts_a_strongly_felt_small_one() -> (
    None
):
    ingest_files(TERKINI)

    summary = ingest_files(DIRASAKAN)

    assert (summary.created, summary.updated, summary.skipped) == (1, 1, 3)
    gorontalo = Incident.objects.get(source_identifier="20261005T021011Z_0.62_122.95")
    assert "Felt (MMI): IV Kota Gorontalo, III Limboto" in gorontalo.description
    assert json.loads(gorontalo.source_payload)["Dirasakan"] == "IV Kota Gorontalo, III Limboto"
    assert json.loads(gorontalo.source_payload)["Potensi"] == "Tidak berpotensi tsunami"
    banda_aceh = Incident.objects.get(source_identifier="20261004T233000Z_5.55_95.32")
    assert banda_aceh.magnitude == 4.2
    assert set(banda_aceh.areas.values_list("village_id", flat=True)) == villages_within(
        5.55, 95.32, 10.0
    )
    assert Incident.objects.count() == 3


@pytest.mark.django_db
def test_it_updates_the_incident_of_a_revised_event_instead_of_making_another() -> None:
    ingest_files(TERKINI)

    summary = ingest_files(REVISED)

    assert (summary.created, summary.updated) == (0, 1)
    quake = Incident.objects.get(type__code="gempa_bumi")
    assert (quake.magnitude, quake.depth_km, quake.lat, quake.lon) == (5.4, 12.0, 0.66, 122.98)
    assert quake.source_identifier == "20261005T021011Z_0.62_122.95"
    assert set(quake.areas.values_list("village_id", flat=True)) == villages_within(
        0.66, 122.98, felt_radius_km(5.4, 12.0)
    )
    assert "https://data.bmkg.go.id/DataMKG/TEWS/20261005091031.mmi.jpg" in quake.description
    assert quake.events.filter(verb="bmkg_revision").count() == 1


@pytest.mark.django_db
def test_it_creates_nothing_from_a_broken_json_feed_and_logs_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "gempaterkini.json"
    broken.write_bytes(TERKINI.read_bytes()[:700])
    invalid = tmp_path / "gempadirasakan.json"
    document = json.loads(DIRASAKAN.read_text(encoding="utf-8"))
    del document["Infogempa"]["gempa"][3]["Kedalaman"]
    invalid.write_text(json.dumps(document), encoding="utf-8")
    before = db_state()

    with caplog.at_level(logging.ERROR, logger="sipsm.incidents.bmkg"):
        summary = ingest_files(broken, invalid)

    assert (summary.errors, summary.created) == (2, 0)
    assert db_state() == before
    assert [r.getMessage() for r in caplog.records] == [
        f"BMKG document rejected: {broken}: not valid JSON (truncated or broken): "
        "Unterminated string starting at: line 1 column 690 (char 689)",
        f"BMKG document rejected: {invalid}: gempa #4: no Kedalaman (depth)",
    ]


@pytest.mark.django_db
def test_it_reads_the_xml_variant_of_the_feeds(tmp_path: Path) -> None:
    feed = tmp_path / "autogempa.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Infogempa><gempa>'
        "<Tanggal>05 Okt 2026</Tanggal><Jam>09:10:11 WIB</Jam>"
        "<DateTime>2026-10-05T02:10:11+00:00</DateTime>"
        "<point><coordinates>0.62,122.95</coordinates></point>"
        "<Lintang>0.62 LU</Lintang><Bujur>122.95 BT</Bujur><Magnitude>5.6</Magnitude>"
        "<Kedalaman>10 km</Kedalaman><Wilayah>12 km BaratLaut KAB-GORONTALO</Wilayah>"
        "<Potensi>Tidak berpotensi tsunami</Potensi></gempa></Infogempa>",
        encoding="utf-8",
    )

    summary = ingest_files(feed)

    assert summary.created == 1
    assert Incident.objects.get().source_identifier == "20261005T021011Z_0.62_122.95"
    assert ingest_files(TERKINI).created == 1  # only the Aceh event is new
