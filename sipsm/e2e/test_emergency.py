"""The emergency response in real Chromium, as the issue's "Done when" describes it.

A member of the public reports a flood at /lapor/ on a phone and gets a tracking code; the
regency coordinator (password + TOTP) verifies it, which starts the call-out; the nearest PSM
opens the one-tap link of the SMS on a phone, accepts and checks in; the coordinator's board
(htmx polling) shows it; the coordinator closes the incident and downloads the sitrep PDF.
The incident map draws the incident with Leaflet (map tiles are never fetched from the
internet) and shows responders' exact positions to coordinators only.
"""

from __future__ import annotations

import importlib
import io
import re
import time

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Route,
    expect,
)
from pytest_django.live_server_helper import LiveServer

from sipsm.accounts.models import User
from sipsm.core.phones import normalize_phone
from sipsm.core.spam import MIN_SECONDS_TO_FILL
from sipsm.e2e.helpers import log_in, new_context, screenshot
from sipsm.incidents.actions import dispatch, lifecycle
from sipsm.incidents.actions.lifecycle import IncidentReport
from sipsm.incidents.models import Assignment, Channel, Incident, IncidentType
from sipsm.notifications.models import Channel as MessageChannel
from sipsm.notifications.models import Message
from sipsm.regions.models import Region
from sipsm.testing import World

pytestmark = pytest.mark.browser

REPORTER_NAME = "Ramli Datau"
REPORTER_PHONE = "0813 5566 7788"
TITLE = "Banjir setinggi 1 m di RT 02 Kayubulan"
# The public form refuses what comes back sooner than MIN_SECONDS_TO_FILL after it was
# served (anti-spam); the test waits that long, and a little more.
FILL_SECONDS = MIN_SECONDS_TO_FILL + 0.5
# The live board polls every 10 s (hx-trigger="every 10s"): one poll plus some slack.
BOARD_POLL_MS = 16_000
ONE_TAP_PATH = re.compile(r"/tugas/[^/\s]+/")


def _empty_tile() -> bytes:
    """A transparent 256×256 PNG: what the offline map gets for every tile."""
    out = io.BytesIO()
    Image.new("RGBA", (256, 256), (0, 0, 0, 0)).save(out, format="PNG")
    return out.getvalue()


EMPTY_TILE = _empty_tile()


def _id(text: str) -> str:
    """A project string as the default language (Bahasa Indonesia) shows it."""
    with translation.override("id"):
        return gettext(text)


def _status(status: str) -> str:
    with translation.override("id"):
        return str(Incident.Status(status).label)


def _assignment_status(status: str) -> str:
    with translation.override("id"):
        return str(Assignment.Status(status).label)


def _type_name(kind: IncidentType) -> str:
    with translation.override("id"):
        return str(kind)


@pytest.fixture
def incident_types(e2e_world: World) -> None:
    """The data migration's incident types (with their skills): the flush after a
    transactional test removes them, so load them again after the skill vocabulary."""
    migration = importlib.import_module("sipsm.incidents.migrations.0002_incident_types")
    migration.add_types(apps, None)


def _watch_errors(page: Page) -> list[str]:
    """JavaScript errors and console errors of `page`, collected as they happen."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        url = message.location.get("url", "")
        # The browser asks for /favicon.ico by itself; the site declares no icon.
        if message.type == "error" and not url.endswith("/favicon.ico"):
            problems.append(f"console: {message.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    return problems


def _keep_offline(context: BrowserContext, live_server: LiveServer) -> list[str]:
    """Answer every request outside the live server (map tiles) with an empty tile."""
    outside: list[str] = []

    def is_outside(url: str) -> bool:
        return not url.startswith(live_server.url)

    def answer(route: Route, request: Request) -> None:
        outside.append(request.url)
        route.fulfill(status=200, content_type="image/png", body=EMPTY_TILE)

    context.route(is_outside, answer)
    return outside


def _one_tap_path(incident: Incident, assignment: Assignment) -> str:
    """The answer link of the call-out SMS the PSM received (from the outbox)."""
    sms = Message.objects.get(
        channel=MessageChannel.SMS,
        category="callout",
        member_id=assignment.member_id,
        related_type="incidents.incident",
        related_id=str(incident.pk),
    )
    found = ONE_TAP_PATH.search(sms.body)
    assert found is not None, f"no one-tap link in the SMS: {sms.body!r}"
    assert sms.link.endswith(found.group(0))
    return found.group(0)


def _change_status(page: Page, status: str, *, note: str = "") -> None:
    form = page.locator('form[action$="/status/"]')
    form.locator("#st").select_option(status)
    if note:
        form.locator("#note").fill(note)
    form.locator('button[type="submit"]').click()
    expect(page.locator("#incident-status")).to_have_text(_status(status))


def test_a_public_report_is_verified_called_out_answered_closed_and_reported(
    e2e_world: World,
    incident_types: None,
    browser: Browser,
    live_server: LiveServer,
    page: Page,
    phone_page: Page,
) -> None:
    world = e2e_world
    village = world.village_a
    flood = IncidentType.objects.get(code="banjir")
    coordinator_errors = _watch_errors(page)

    # 1. A member of the public reports the flood from a phone, without an account.
    public = phone_page
    public_errors = _watch_errors(public)
    public.goto(reverse("incidents:public_report"))
    served = time.monotonic()
    public.locator("#id_type").select_option(label=_type_name(flood))
    public.locator("#id_title").fill(TITLE)
    public.locator("#id_village_q").press_sequentially(village.name[:6], delay=20)
    public.locator(f'#id_village_q ~ .ac-results button[data-code="{village.code}"]').click()
    expect(public.locator("#id_village")).to_have_value(village.code)
    public.locator("#id_description").fill("Air masuk rumah warga, dua lansia perlu dievakuasi.")
    public.locator("#id_location_text").fill("RT 02 / RW 01, dekat masjid")
    public.locator("#id_reporter_name").fill(REPORTER_NAME)
    public.locator("#id_reporter_phone").fill(REPORTER_PHONE)
    # The honeypot is off screen: a person leaves it empty, a simple bot fills it.
    expect(public.locator("#id_website")).not_to_be_in_viewport()
    expect(public.locator("#id_website")).to_have_value("")
    width = public.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the report form scrolls sideways on a phone ({width}px)"
    screenshot(public, "public-report", full_page=True)
    left = FILL_SECONDS - (time.monotonic() - served)
    if left > 0:
        public.wait_for_timeout(left * 1000)
    public.locator('main form[method="post"] button[type="submit"]').click()

    expect(public).to_have_url(re.compile(r"/lapor/cek/[A-Z0-9]+/$"))
    code = public.locator("#tracking-code").inner_text()
    incident = Incident.objects.get(tracking_code=code)
    assert incident.status == Incident.Status.REPORTED
    assert incident.channel == Channel.PUBLIC
    assert incident.region_id == village.code
    assert incident.type == flood
    assert incident.title == TITLE
    assert incident.reporter_name == REPORTER_NAME
    assert incident.reporter_phone == normalize_phone(REPORTER_PHONE)
    assert list(incident.areas.values_list("village_id", flat=True)) == [village.code]
    expect(public.locator("#public-status")).to_have_text(_status("reported"))
    assert Message.objects.filter(
        user=world.regency, category="new_report", related_id=str(incident.pk)
    ).exists(), "the regency coordinator is not told of the new report"

    # 2. The regency coordinator finds the report in the incident list and verifies it.
    log_in(page, world.regency)
    page.goto(reverse("incidents:list"))
    page.locator(f'a[href="{reverse("incidents:detail", args=[incident.pk])}"]').click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.locator("#incident-status")).to_have_text(_status("reported"))
    expect(page.locator("#callout")).to_be_checked()
    _change_status(page, "verified")

    # The call-out reached the active PSMs within the flood's first radius, nearest first
    # (the candidate is not active; the PSM of the neighbouring regency is close enough).
    incident.refresh_from_db()
    assert incident.verified_at is not None
    assert incident.first_alert_at is not None
    alerted = list(incident.assignments.order_by("rank"))
    assert [a.member_id for a in alerted] == [
        world.member_a.pk,
        world.member_b.pk,
        world.member_far.pk,
    ]
    assert all(a.status == Assignment.Status.ALERTED for a in alerted)
    distances = [a.distance_km if a.distance_km is not None else -1.0 for a in alerted]
    assert all(0 <= d <= flood.search_radius_km for d in distances)
    assert distances == sorted(distances)
    assert distances[0] < 0.1  # member A lives in the reported village
    nearest = alerted[0]
    rows = page.locator("#board-table tbody tr")
    expect(rows).to_have_count(len(alerted))
    expect(rows.first).to_contain_text(world.member_a.full_name)
    row = rows.filter(has_text=world.member_a.full_name)
    expect(row.locator(".pill")).to_have_text(_assignment_status("alerted"))

    # 3. The nearest PSM opens the SMS link on a phone (not logged in) and accepts.
    one_tap = _one_tap_path(incident, nearest)
    responder_context = new_context(browser, live_server, phone=True)
    responder = responder_context.new_page()
    responder_errors = _watch_errors(responder)
    responder.goto(one_tap)
    expect(responder.locator("h1")).to_contain_text(TITLE)
    expect(responder.locator("header .account")).not_to_contain_text(world.regency.username)
    expect(responder.locator("#assignment-status")).to_have_text(_assignment_status("alerted"))
    width = responder.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the call-out page scrolls sideways on a phone ({width}px)"
    screenshot(responder, "callout-phone")
    responder.locator('button[name="action"][value="accept"]').tap()
    expect(responder.locator("#assignment-status")).to_have_text(_assignment_status("accepted"))
    nearest.refresh_from_db()
    assert nearest.status == Assignment.Status.ACCEPTED

    # The coordinator's page is not reloaded: the board's own polling brings the news.
    expect(page.locator("#count-accepted")).to_have_text("1", timeout=BOARD_POLL_MS)
    expect(row.locator(".pill")).to_have_text(_assignment_status("accepted"))

    # 4. On site: the PSM checks in, the board follows.
    responder.locator('button[name="action"][value="check_in"]').tap()
    expect(responder.locator("#assignment-status")).to_have_text(_assignment_status("on_site"))
    expect(page.locator("#count-on-site")).to_have_text("1", timeout=BOARD_POLL_MS)
    expect(page.locator("#count-accepted")).to_have_text("0")
    expect(row.locator(".pill")).to_have_text(_assignment_status("on_site"))
    screenshot(page, "incident-board", until=page.locator("#board-table"))
    incident.refresh_from_db()
    assert incident.status == Incident.Status.RESPONDING
    assert incident.first_accept_at is not None
    assert incident.first_on_site_at is not None

    # The public tracking page follows the status and never shows who reported.
    public.reload()
    expect(public.locator("#public-status")).to_have_text(_status("responding"))

    # 5. The coordinator closes the incident; the unanswered alert is withdrawn.
    page.reload()
    _change_status(page, "closed", note="Air surut, warga kembali ke rumah.")
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED
    assert incident.closed_at is not None
    others = incident.assignments.exclude(pk=nearest.pk).values_list("status", flat=True)
    assert set(others) == {Assignment.Status.CANCELLED}
    responder.reload()
    expect(responder.locator(".msg.warning")).to_have_text(
        _id("This incident is closed. Thank you.")
    )
    expect(responder.locator('button[name="action"]')).to_have_count(0)

    public.reload()
    expect(public.locator("#public-status")).to_have_text(_status("closed"))
    expect(public.locator("#tracking-code")).to_have_text(code)
    public_html = public.content()
    public_text = public.locator("body").inner_text()
    for secret in (REPORTER_NAME, REPORTER_PHONE, normalize_phone(REPORTER_PHONE), "5566"):
        assert secret not in public_html, f"the tracking page shows {secret!r}"
    assert world.member_a.full_name not in public_text

    # 6. The sitrep: the HTML page, then the PDF as a download.
    sitrep_pdf = reverse("relief:sitrep_pdf", args=[incident.pk])
    page.goto(reverse("relief:sitrep", args=[incident.pk]))
    expect(page.locator("h1")).to_have_text(_id("Situation report"))
    with page.expect_download() as download_info:
        page.locator(f'main a[href="{sitrep_pdf}"]').first.click()
    download = download_info.value
    assert download.failure() is None
    assert re.fullmatch(rf"sitrep-{code}-\d{{8}}-\d{{4}}\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    response = page.request.get(sitrep_pdf)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")

    assert coordinator_errors == []
    assert public_errors == []
    assert responder_errors == []
    responder_context.close()


def _flood_with_a_responder_on_site(world: World, village: Region) -> Incident:
    """A verified flood near `village` with member A on site (through the actions)."""
    assert village.lat is not None
    assert village.lon is not None
    coordinator: User = world.regency
    incident = lifecycle.report_incident(
        acting_user=coordinator,
        report=IncidentReport(
            type=IncidentType.objects.get(code="banjir"),
            title="Banjir di tepi Danau Limboto",
            region=village,
            channel=Channel.STAFF,
            lat=village.lat + 0.01,
            lon=village.lon + 0.01,
        ),
    )
    incident = lifecycle.change_status(
        acting_user=coordinator, incident=incident, to_status=Incident.Status.VERIFIED
    )
    assignment = incident.assignments.get(member=world.member_a)
    dispatch.respond_to_alert(assignment=assignment, accept=True, via="test")
    dispatch.check_in(assignment=assignment, lat=village.lat - 0.01, lon=village.lon + 0.005)
    return incident


def _open_map(page: Page, markers: int) -> None:
    page.goto(reverse("incidents:map"))
    expect(page.locator("#map.leaflet-container")).to_be_visible()
    expect(page.locator("#map path.leaflet-interactive")).to_have_count(markers)


def test_the_incident_map_draws_the_incident_and_hides_positions_from_others(
    e2e_world: World, incident_types: None, browser: Browser, live_server: LiveServer
) -> None:
    world = e2e_world
    incident = _flood_with_a_responder_on_site(world, world.village_a)
    incident_colour = "#b00020"
    responder_colour = "#0b6e4f"

    # The coordinator: the incident, its village and the responder's exact position.
    context = new_context(browser, live_server)
    tiles = _keep_offline(context, live_server)
    page = context.new_page()
    errors = _watch_errors(page)
    log_in(page, world.regency)
    # The incident, its village, the responders counted at their home village, and where the
    # responder checked in.
    _open_map(page, markers=4)
    assert page.evaluate("typeof window.L") == "object"
    expect(
        page.locator(f'#map path.leaflet-interactive[stroke="{responder_colour}"]')
    ).to_have_count(1)
    page.locator(f'#map path.leaflet-interactive[stroke="{incident_colour}"]').click()
    link = page.locator(".leaflet-popup-content a")
    expect(link).to_have_text(incident.title)
    expect(link).to_have_attribute("href", reverse("incidents:detail", args=[incident.pk]))
    # The popup fades in (Leaflet's opacity transition): picture it once it is opaque.
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert tiles, "the map asked for no tiles"
    assert all(not url.startswith(live_server.url) for url in tiles)
    screenshot(page, "incident-map")
    assert errors == []
    context.close()

    # The village PSM of the same village sees the incident, but no responder position.
    context = new_context(browser, live_server)
    _keep_offline(context, live_server)
    page = context.new_page()
    errors = _watch_errors(page)
    log_in(page, world.village)
    _open_map(page, markers=3)
    expect(
        page.locator(f'#map path.leaflet-interactive[stroke="{responder_colour}"]')
    ).to_have_count(0)
    data = page.request.get(reverse("incidents:map_data")).json()
    kinds = sorted(feature["properties"]["kind"] for feature in data["features"])
    assert kinds == ["incident", "responders", "village"]
    assert world.member_a.full_name not in str(data)
    # Only a count at the responder's home village.
    page.locator('#map path.leaflet-interactive[stroke="#3c8d2f"]').click()
    expect(page.locator(".leaflet-popup-content")).to_contain_text(
        f"{world.member_a.home_village.name}: 1 "
    )
    assert errors == []
    context.close()
