"""The CAP 1.2 parser reads the whole standard shape and refuses what is broken."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sipsm.incidents.bmkg.cap import (
    CapError,
    Circle,
    NamedValue,
    Resource,
    parse_cap,
    parse_circle,
    parse_polygon,
    parse_root,
)
from sipsm.incidents.bmkg.classify import type_code_for
from sipsm.incidents.bmkg.common import FeedError
from sipsm.incidents.bmkg.rss import parse_index

SAMPLES = Path(__file__).resolve().parent / "bmkg_samples"
GORONTALO = (SAMPLES / "bmkg-nowcast-cap-id-CGT20260924002.xml").read_bytes()
FULL = (SAMPLES / "synthetic-cap-circle-geocode.xml").read_bytes()
WITA = dt.timezone(dt.timedelta(hours=8))


def minimal(alert_fields: str = "", info: str = "") -> str:
    fields = alert_fields or (
        "<identifier>X-1</identifier><sender>a@example.org</sender>"
        "<sent>2026-09-24T15:07:00+08:00</sent><status>Actual</status>"
        "<msgType>Alert</msgType><scope>Public</scope>"
    )
    return f'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">{fields}{info}</alert>'


def info_block(**values: str) -> str:
    fields = {
        "category": "Met",
        "event": "Hujan",
        "urgency": "Immediate",
        "severity": "Moderate",
        "certainty": "Observed",
    }
    fields.update(values)
    return "<info>" + "".join(f"<{k}>{v}</{k}>" for k, v in fields.items() if v) + "</info>"


def test_it_reads_the_bmkg_sample() -> None:
    alert = parse_cap(GORONTALO)

    assert alert.version == "1.2"
    assert alert.key == (
        "cuaca.ekstrem@bmkg.go.id,2.49.0.1.360.0.2026.09.24.07.75.002,2026-09-24T15:07:00+08:00"
    )
    assert alert.sent == dt.datetime(2026, 9, 24, 15, 7, tzinfo=WITA)
    assert (alert.status, alert.msg_type, alert.scope) == ("Actual", "Alert", "Public")
    assert alert.province_hint == "75"
    info = alert.primary_info
    assert info is not None
    assert info.language == "id"
    assert info.is_indonesian
    assert info.categories == ("Met",)
    assert (info.urgency, info.severity, info.certainty) == ("Immediate", "Moderate", "Observed")
    assert info.event_codes == (NamedValue("OET:v1.2", "OET-194"),)
    assert info.oet_codes == ("OET-194",)
    assert info.effective == dt.datetime(2026, 9, 24, 15, 27, tzinfo=WITA)
    assert info.expires == dt.datetime(2026, 9, 24, 17, 27, tzinfo=WITA)
    assert info.contact == "06221 196"
    assert info.instruction == ""
    (area,) = info.areas
    assert area.description == "Gorontalo"
    assert [len(p.points) for p in area.polygons] == [44, 4, 4, 36]
    assert area.polygons[1].points == (
        (0.48, 122.13),
        (0.478, 122.125),
        (0.481, 122.125),
        (0.48, 122.13),
    )
    assert alert.raw == GORONTALO.decode()
    assert type_code_for(alert) == "cuaca_ekstrem"


def test_it_reads_every_cap_element_and_keeps_unknown_ones() -> None:
    alert = parse_cap(FULL)

    assert alert.source == "Stasiun Meteorologi Sultan Iskandar Muda"
    assert alert.codes == ("IDN-NOWCAST", "sipsm-test")
    assert alert.note == "Synthetic test message."
    assert alert.incidents == ("INC-2026-0001", "INC-2026-0002")
    assert alert.extras == (("{urn:example:sipsm-test}routing", "priority"),)
    english, indonesian = alert.infos
    assert english.language == "en-US"
    assert alert.primary_info is indonesian
    assert english.categories == ("Met", "Safety")
    assert english.response_types == ("Prepare", "Monitor")
    assert english.audience == "Public"
    assert english.oet_codes == ("OET-078",)  # the older value name "OET"
    assert english.effective == dt.datetime(2026, 10, 2, 3, tzinfo=dt.UTC)  # "-00:00"
    assert english.onset == dt.datetime(2026, 10, 2, 11, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert english.parameters == (NamedValue("rainfall_mm_per_hour", "50"),)
    assert english.resources == (
        Resource(
            description="Infographic",
            mime_type="image/jpeg",
            size=12345,
            uri="https://nowcasting.bmkg.go.id/infografis/CAH/2026/10/02/infografis.jpg",
            digest="da39a3ee5e6b4b0d3255bfef95601890afd80709",
        ),
    )
    banda_aceh, jantho = english.areas
    assert banda_aceh.circles == (Circle(5.545, 95.319, 1.0),)
    assert banda_aceh.geocodes == (
        NamedValue("ADM4", "1171022001"),
        NamedValue("SAME", "117102"),
        NamedValue("ADM4", "11.71.99.2999"),
    )
    assert (banda_aceh.altitude_ft, banda_aceh.ceiling_ft) == (0.0, 1000.0)
    assert banda_aceh.extras == (("{urn:example:sipsm-test}zone", "coastal"),)
    assert jantho.geocodes == (NamedValue("kode_wilayah", "11.06.15"),)
    assert alert.severity == "Severe"  # highest of the blocks
    assert alert.expires == dt.datetime(2026, 10, 2, 10, tzinfo=dt.UTC)  # latest of the blocks
    assert type_code_for(alert) == "banjir"


def test_it_reads_references_of_an_update() -> None:
    alert = parse_cap((SAMPLES / "synthetic-cap-cancel-CGT20260924004.xml").read_bytes())

    assert alert.msg_type == "Cancel"
    assert alert.infos == ()
    assert [r.key for r in alert.references] == [
        "cuaca.ekstrem@bmkg.go.id,2.49.0.1.360.0.2026.09.24.07.75.002,2026-09-24T15:07:00+08:00",
        "cuaca.ekstrem@bmkg.go.id,2.49.0.1.360.0.2026.09.24.08.75.003,2026-09-24T16:10:00+08:00",
    ]
    assert alert.references[1].sent == dt.datetime(2026, 9, 24, 16, 10, tzinfo=WITA)


def test_it_reads_cap_1_1_and_tolerates_case_order_and_very_likely() -> None:
    text = (
        '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1">'
        "<info><event>Banjir</event><category>geo</category><urgency>expected</urgency>"
        "<severity>SEVERE</severity><certainty>Very Likely</certainty></info>"
        "<scope>public</scope><msgType>update</msgType><status>actual</status>"
        "<sent>2026-09-24T08:00:00Z</sent><sender>a@example.org</sender>"
        "<identifier>X-2</identifier></alert>"
    )

    alert = parse_cap(text)

    assert alert.version == "1.1"
    assert (alert.status, alert.msg_type, alert.scope) == ("Actual", "Update", "Public")
    info = alert.infos[0]
    assert (info.categories, info.urgency, info.severity, info.certainty) == (
        ("Geo",),
        "Expected",
        "Severe",
        "Likely",
    )
    assert info.language == "en-US"  # the CAP default
    assert alert.sent == dt.datetime(2026, 9, 24, 8, tzinfo=dt.UTC)


def test_it_closes_an_open_polygon_ring_and_reads_circles() -> None:
    assert parse_polygon("1,2 1,3 2,3").points == ((1, 2), (1, 3), (2, 3), (1, 2))
    assert parse_polygon("1, 2  1,3\n2,3 1,2").points == ((1, 2), (1, 3), (2, 3), (1, 2))
    assert parse_circle("-6.2, 106.8 12.5") == Circle(-6.2, 106.8, 12.5)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1,2 1,3 1,2", "polygon: needs at least 3 distinct points, got 2"),
        ("1,2 1,x 2,3", "polygon: '1,x' is not a pair of numbers"),
        ("1,2 1 2,3", "polygon: '1' is not a 'latitude,longitude' pair"),
        ("91,2 1,3 2,3", "outside WGS 84"),
    ],
)
def test_it_refuses_a_broken_polygon(text: str, problem: str) -> None:
    with pytest.raises(CapError, match=problem):
        parse_polygon(text)


@pytest.mark.parametrize(
    ("text", "problem"),
    [("1,2", "is not 'latitude,longitude radius'"), ("1,2 -3", "negative radius")],
)
def test_it_refuses_a_broken_circle(text: str, problem: str) -> None:
    with pytest.raises(CapError, match=problem):
        parse_circle(text)


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        (GORONTALO[:1200], "not well-formed XML"),
        (b"", "not well-formed XML"),
        (b"<rss/>", "not a CAP alert: root element is 'rss'"),
        (
            minimal("<identifier>X</identifier><sender>s</sender>"),
            "alert: <sent> is required",
        ),
        (minimal().replace("Actual", "Real"), "status: 'Real' is not one of Actual, Exercise"),
        (minimal().replace("Alert", "Notice"), "msgType: 'Notice' is not one of"),
        (minimal().replace("<identifier>X-1", "<identifier>X 1"), "contains a space"),
        (minimal().replace("+08:00</sent>", "</sent>"), "sent: '2026-09-24T15:07:00' is not"),
        (minimal().replace("2026-09-24T15", "2026-02-30T15"), "is not a valid time"),
        (minimal().replace("+08:00</sent>", "+15:00</sent>"), "impossible UTC offset"),
        (minimal(info=info_block(event="")), "info #1: <event> is required"),
        (minimal(info=info_block(category="")), "at least one <category> is required"),
        (minimal(info=info_block(severity="Bad")), "info #1 severity: 'Bad' is not one of"),
        (minimal(info=info_block(expires="tomorrow")), "info #1 expires: 'tomorrow' is not"),
        (
            minimal().replace("</scope>", "</scope><references>a,b</references>"),
            "references: 'a,b' is not 'sender,identifier,sent'",
        ),
        (
            minimal(
                info=info_block().replace("</info>", "<area><circle>1,2</circle></area></info>")
            ),
            "circle",
        ),
        (
            '<!DOCTYPE alert [<!ENTITY e "x">]><alert>&e;</alert>',
            "refused XML construct",
        ),
    ],
)
def test_it_refuses_a_broken_document_with_the_reason(document: bytes | str, problem: str) -> None:
    with pytest.raises(FeedError, match=problem):
        parse_cap(document)


def test_it_reads_the_rss_index_sample() -> None:
    items = parse_index(parse_root((SAMPLES / "bmkg-nowcast-rss-id.xml").read_bytes()))

    assert len(items) == 11
    first = items[0]
    assert first.title == "Hujan Lebat disertai Petir di Gorontalo"
    assert first.link == "https://www.bmkg.go.id/alerts/nowcast/id/CGT20260924002_alert.xml"
    assert first.guid == "2.49.0.1.360.0.2026.09.24.07.75.002"
    assert first.published == dt.datetime(2026, 9, 24, 15, 7, tzinfo=WITA)
    assert first.category == "Met"
    assert {i.link.rsplit("/", 1)[1][:3] for i in items} >= {"CGT", "CAH", "CSK"}


def test_it_reads_an_atom_index() -> None:
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Alerts</title>'
        "<entry><id>urn:oid:2.49.0.1.360.0.2026.09.24.07.75.002</id><title>Hujan</title>"
        '<link rel="alternate" href="https://www.bmkg.go.id/a.xml"/>'
        "<updated>2026-09-24T15:07:00+08:00</updated><summary>Teks</summary></entry></feed>"
    )

    (item,) = parse_index(parse_root(feed))

    assert item.link == "https://www.bmkg.go.id/a.xml"
    assert item.guid == "urn:oid:2.49.0.1.360.0.2026.09.24.07.75.002"
    assert item.published == dt.datetime(2026, 9, 24, 15, 7, tzinfo=WITA)
    assert item.description == "Teks"
