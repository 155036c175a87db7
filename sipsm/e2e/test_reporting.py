"""Concrete work and monthly reporting in real Chromium, as issue 7's "Done when" describes it.

In one month: the PSM of Kayubulan (member_a) answered a flood call-out, whose victims got
relief. The PSM logs an activity on the phone-sized form; the village's monthly report shows it
next to the incident response; the PSM submits it to the district; the TKSK returns it for
correction; the PSM corrects the activity and submits again; the TKSK approves. The regency
coordinator's dashboard and SPM page show the new figures, and the report's PDF and XLSX
download and open.

Aid distribution reaches reporting only through `sipsm.reporting.aid.AidProvider`. The aid
app's provider (`sipsm.aid.reporting.provider`) is not in the tree yet, so this test plugs in a
stand-in through the documented setting: the PSM ticks 15 families of Program Sembako in
Kayubulan this month, and the report, the figures and the exports show them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from sipsm.e2e.helpers import log_in, new_context, screenshot
from sipsm.incidents.actions.dispatch import check_in, check_out, respond_to_alert
from sipsm.incidents.actions.lifecycle import IncidentReport, change_status, report_incident
from sipsm.incidents.models import Assignment, IncidentType
from sipsm.registry.models import Member
from sipsm.relief.actions import people as people_actions
from sipsm.relief.actions import relief as relief_actions
from sipsm.reporting.actions.aggregates import refresh_current
from sipsm.reporting.aid import AidCounts, TickWork, _load
from sipsm.reporting.models import Activity, ActivityType, MonthlyReport
from sipsm.reporting.periods import Period
from sipsm.testing import World

pytestmark = pytest.mark.browser

TITLE = "Kerja bakti membersihkan saluran air"


@pytest.fixture
def reference_data(e2e_world: World) -> None:
    """Reference lists of the data migrations, which the flush after a transactional test
    removes: incident types, PPKS lists and activity types."""
    for module, function in (
        ("sipsm.incidents.migrations.0002_incident_types", "add_types"),
        ("sipsm.people.migrations.0002_reference_lists", "add_lists"),
        ("sipsm.reporting.migrations.0002_activity_types", "add_types"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


class MonthOfTicks:
    """A stand-in for the aid app's provider: `ticks` families of Program Sembako ticked today
    in Kayubulan by the account `user_id`, 3 of them not received (reconciliation gaps)."""

    available = True
    village = "75.01.01.1001"
    user_id: int | None = None
    ticks = 0

    @classmethod
    def _today_in(cls, prefix: str | None, start: dt.date, end: dt.date) -> bool:
        inside = prefix is None or cls.village == prefix or cls.village.startswith(prefix + ".")
        return bool(cls.ticks) and inside and start <= timezone.localdate() <= end

    def counts(self, *, prefix: str | None, start: dt.date, end: dt.date) -> dict[str, AidCounts]:
        if not self._today_in(prefix, start, end):
            return {}
        return {
            self.village: AidCounts(
                families_reached=self.ticks - 3, ticks=self.ticks, gaps=3, work=1
            )
        }

    def tick_work(
        self,
        *,
        prefix: str | None,
        start: dt.date,
        end: dt.date,
        user_id: int | None = None,
        limit: int = 200,
    ) -> list[TickWork]:
        if not self._today_in(prefix, start, end) or user_id not in (None, self.user_id):
            return []
        return [
            TickWork(
                user_id=self.user_id,
                village_code=self.village,
                on=timezone.localdate(),
                ticks=self.ticks,
                label="Program Sembako",
            )
        ]


@pytest.fixture
def aid_ticks(settings: Any, e2e_world: World) -> Iterator[type[MonthOfTicks]]:
    settings.SIPSM_REPORTING_AID_PROVIDER = f"{__name__}.MonthOfTicks"
    MonthOfTicks.user_id, MonthOfTicks.ticks = e2e_world.village.pk, 0
    _load.cache_clear()
    yield MonthOfTicks
    MonthOfTicks.ticks = 0
    _load.cache_clear()


def _flood_answered_with_relief(world: World) -> None:
    """This month's flood in village_a: member_a accepted, was on site and checked out; six
    victims were registered, five of them got food and water."""
    Member.objects.filter(pk=world.member_a.pk).update(user=world.village)
    incident = report_incident(
        acting_user=world.village,
        report=IncidentReport(
            type=IncidentType.objects.get(code="banjir"),
            title="Banjir di RT 02 Kayubulan",
            region=world.village_a,
            channel="member",
        ),
    )
    change_status(acting_user=world.regency, incident=incident, to_status="verified")
    assignment = Assignment.objects.get(incident=incident, member=world.member_a)
    respond_to_alert(assignment=assignment, accept=True, via="link")
    check_in(assignment=assignment)
    check_out(assignment=assignment)
    for i in range(6):
        person = people_actions.register_person(
            acting_user=world.regency,
            incident=incident,
            data=people_actions.PersonData(
                village=world.village_a, full_name=f"Warga Terdampak {i}", sex="F"
            ),
        )
        if i < 5:
            for kind in ("food", "water"):
                relief_actions.give_relief(
                    acting_user=world.regency,
                    incident=incident,
                    data=relief_actions.ReliefData(kind=kind, quantity=Decimal(1), unit="paket"),
                    person=person,
                )


def _card(page: Page, card: str) -> str:
    return page.locator(f"#{card} .n").first.inner_text().strip()


def _spm_cells(page: Page, indicator: str) -> list[str]:
    row = page.locator(f'tr[data-indicator="{indicator}"]').first
    return [c.strip() for c in row.locator("td").all_inner_texts()]


def test_an_activity_goes_into_the_village_report_up_to_approval(
    e2e_world: World,
    reference_data: None,
    aid_ticks: type[MonthOfTicks],
    browser: Browser,
    live_server: LiveServer,
    page: Page,
) -> None:
    world = e2e_world
    month = Period.current_month()
    report_path = f"/laporan-bulanan/{world.village_a.code}/{month.year}/{month.month}/"
    refresh_current()  # the figures as the periodic refresh left them, before this month's work

    # The regency coordinator's dashboard and SPM page before.
    coordinator = new_context(browser, live_server).new_page()
    log_in(coordinator, world.regency)
    coordinator.goto("/dasbor/?wilayah=75.01")
    assert _card(coordinator, "card-activities") == "0"
    assert _card(coordinator, "card-responses") == "0"
    assert _card(coordinator, "card-ticks") == "0"
    coordinator.goto(f"/spm/?wilayah=75.01&tahun={month.year}")
    expect(coordinator.locator('tr[data-indicator="kab_bencana"] td.no-data')).to_be_visible()

    _flood_answered_with_relief(world)
    aid_ticks.ticks = 15  # the PSM ticked 15 families of this month's Program Sembako

    # 1. The PSM logs an activity on a phone-sized screen.
    psm = new_context(browser, live_server, phone=True).new_page()
    log_in(psm, world.village)
    psm.goto("/kerja-nyata/")
    psm.locator("#log-activity").click()
    psm.locator("#id_activity_type").select_option(
        str(ActivityType.objects.get(code="kerja-bakti").pk)
    )
    psm.locator("#id_title").fill(TITLE)
    psm.locator("#id_occurred_on").fill(timezone.localdate().isoformat())
    expect(psm.locator("#id_village")).to_have_value(world.village_a.code)
    psm.locator("#id_hours").fill("3")
    psm.locator("#id_beneficiaries_female").fill("12")
    psm.locator("#id_beneficiaries_male").fill("8")
    psm.locator("#id_beneficiaries_children").fill("5")
    psm.locator("#id_beneficiaries_adults").fill("12")
    psm.locator("#id_beneficiaries_elderly").fill("3")
    psm.locator("#id_partners").fill("Karang Taruna")
    width = psm.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the activity form scrolls sideways on a phone ({width}px)"
    screenshot(psm, "activity-form", full_page=True)
    psm.locator("#save-activity").click()
    expect(psm.locator("h1")).to_have_text(TITLE)
    activity = Activity.objects.get()
    assert (activity.member_id, activity.village_id, activity.beneficiaries) == (
        world.member_a.pk,
        world.village_a.code,
        20,
    )

    # 2. The village's monthly report holds the activity, the incident response and the ticks.
    psm.goto("/laporan-bulanan/")
    psm.locator("#own-report").click()
    expect(psm).to_have_url(f"{live_server.url}{report_path}")
    work = psm.locator("#report-work tbody tr")
    expect(work).to_have_count(3)
    expect(psm.locator('#report-work tr[data-source="activity"]')).to_contain_text(TITLE)
    expect(psm.locator('#report-work tr[data-source="incident"]')).to_contain_text(
        "Banjir di RT 02 Kayubulan"
    )
    assert _card(psm, "card-activities") == "1"
    expect(psm.locator('#report-work tr[data-source="distribution"]')).to_contain_text(
        "Program Sembako: 15"
    )
    assert _card(psm, "card-responses") == "1"
    assert _card(psm, "card-ticks") == "15"
    psm.locator("#id_narrative").fill("Saluran tersumbat sampah plastik.")
    psm.locator("#save-notes").click()
    psm.locator("#submit-report").click()
    expect(psm.locator("#report-status .pill")).to_have_class("pill submitted")
    assert MonthlyReport.objects.get().status == "submitted"

    # 3. The TKSK returns it for correction.
    tksk = new_context(browser, live_server).new_page()
    log_in(tksk, world.district)
    tksk.goto(report_path)
    tksk.locator("#id_return_comment").fill("Jam kerja kerja bakti seharusnya 4 jam.")
    tksk.locator("#return-report").click()
    expect(tksk.locator("#report-status .pill")).to_have_class("pill returned")

    # 4. The PSM corrects the activity and submits again.
    psm.goto(report_path)
    expect(psm.locator("#report-events")).to_contain_text("Jam kerja kerja bakti seharusnya 4 jam.")
    psm.goto(f"/kerja-nyata/{activity.pk}/")
    psm.locator("#edit-activity").click()
    psm.locator("#id_hours").fill("4")
    psm.locator("#save-activity").click()
    expect(psm.locator("h1")).to_have_text(TITLE)
    activity.refresh_from_db()
    assert activity.hours == Decimal("4.0")
    psm.goto(report_path)
    psm.locator("#submit-report").click()
    expect(psm.locator("#report-status .pill")).to_have_class("pill submitted")

    # 5. The TKSK approves.
    tksk.goto(report_path)
    tksk.locator("#approve-report").click()
    expect(tksk.locator("#report-status .pill")).to_have_class("pill approved")
    report = MonthlyReport.objects.get()
    figures = report.figures
    assert (
        report.status,
        report.revision,
        figures["activities"],
        figures["incident_responses"],
        figures["distribution_ticks"],
    ) == ("approved", 2, 1, 1, 15)
    assert figures["hours"] >= 4  # the corrected activity, and the time on site

    # 6. The regency coordinator's dashboard and SPM page show the month's work.
    coordinator.goto("/dasbor/?wilayah=75.01")
    assert _card(coordinator, "card-activities") == "1"
    assert _card(coordinator, "card-responses") == "1"
    assert _card(coordinator, "card-ticks") == "15"
    screenshot(coordinator, "regency-dashboard", full_page=True)
    coordinator.goto(f"/spm/?wilayah=75.01&tahun={month.year}")
    assert _spm_cells(coordinator, "kab_bencana")[1:4] == [
        "5",
        "6",
        "83,3",
    ]  # Indonesian decimal comma

    # 7. The report downloads as PDF and XLSX, and both open.
    tksk.goto(report_path)
    with tksk.expect_download() as pdf_download:
        tksk.locator("#download-pdf").click()
    with tksk.expect_download() as xlsx_download:
        tksk.locator("#download-xlsx").click()
    pdf = pdf_download.value.path().read_bytes()
    xlsx = xlsx_download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    book = load_workbook(io.BytesIO(xlsx))
    by_area = [row[1] for row in book.worksheets[1].iter_rows(min_row=4, values_only=True)]
    # environment (the activity), basic needs (the incident response), government programs
    # (the distribution ticks), capacity
    assert by_area[:4] == [1, 1, 1, 0]
    detail = book.worksheets[4]  # title, header, HXL hashtags, then one row per piece of work
    assert len(list(detail.iter_rows(min_row=4, values_only=True))) == 3
