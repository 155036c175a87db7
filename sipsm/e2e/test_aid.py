"""Non-cash social assistance in real Chromium: the regency coordinator imports a KPM list with
some bad rows, reads the error report, fixes the file and imports it again; the village PSM
ticks families on a phone-sized checklist; a complaint from the public is answered and the
answer shows on its tracking page; the reconciliation page shows the right numbers."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from sipsm.aid.models import Complaint, KpmEntry, KpmImport, Tick
from sipsm.aid.tests.files import csv_bytes, kpm_row
from sipsm.aid.tests.support import build_aid_world, open_round
from sipsm.e2e.helpers import log_in, new_context, screenshot
from sipsm.testing import World

pytestmark = pytest.mark.browser
FAMILIES = 6
FILL_SECONDS = 3.5


def _rows(world: World, *, broken: bool) -> list[dict[str, str]]:
    code = world.village_a.code
    rows = [kpm_row(code, i) for i in range(FAMILIES)]
    if broken:
        rows[1] = kpm_row(code, 1, nik_pengurus="3.27E+15")
        rows[4] = kpm_row(code, 4, no_kk="75010")
    return rows


def _import(page: Page, period_id: int, content: bytes, name: str) -> None:
    page.goto(f"/bansos/periode/{period_id}/impor/")
    page.locator("#id_file").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    page.locator("#upload").click()
    expect(page.locator("#start-import")).to_be_visible()
    page.locator("#start-import").click()
    expect(page.locator("#import-status")).to_have_text(re.compile(r"\S"))
    expect(page.locator("#error-report")).to_be_visible()


def test_it_runs_a_distribution_month_from_list_to_reconciliation(
    e2e_world: World, page: Page, browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    world = e2e_world
    aid = build_aid_world(world)
    period = aid.period

    # 1. The coordinator imports a list with two bad rows and reads the error report.
    log_in(page, world.regency)
    _import(page, period.pk, csv_bytes(_rows(world, broken=True)), "kpm-januari.csv")
    expect(page.locator("#rows-created")).to_have_text("4")
    expect(page.locator("#rows-rejected")).to_have_text("2")
    expect(page.locator("#import-errors li")).to_have_count(2)
    screenshot(page, "aid-import-report", full_page=True)
    with page.expect_download() as download_info:
        page.locator("#error-report").click()
    download = download_info.value
    report = Path(download.path()).read_text(encoding="utf-8-sig")
    lines = list(csv.reader(io.StringIO(report)))
    assert lines[0] == ["baris", "kolom", "jenis", "pesan"]
    assert [(line[0], line[1], line[2]) for line in lines[1:]] == [
        ("3", "nik_pengurus", "galat"),
        ("6", "no_kk", "galat"),
    ]

    # 2. Fixed and imported again: the two families are added, the others stay unchanged.
    _import(page, period.pk, csv_bytes(_rows(world, broken=False)), "kpm-januari-perbaikan.csv")
    expect(page.locator("#rows-created")).to_have_text("2")
    expect(page.locator("#rows-unchanged")).to_have_text("4")
    expect(page.locator("#rows-rejected")).to_have_text("0")
    assert KpmEntry.objects.filter(period=period).count() == FAMILIES
    assert list(KpmImport.objects.order_by("id").values_list("status", flat=True)) == [
        "done",
        "done",
    ]

    # 3. The PSM ticks families on a phone, one small request per tap.
    round_ = open_round(aid)
    entries = list(KpmEntry.objects.filter(period=period).order_by("pengurus_name", "id"))
    phone_context = new_context(browser, live_server, phone=True)
    phone = phone_context.new_page()
    log_in(phone, world.village)
    phone.goto(f"/bansos/putaran/{round_.pk}/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the checklist scrolls sideways on a phone ({width}px)"
    first, second, third = entries[0], entries[1], entries[2]
    row = phone.locator(f"#kpm-{first.pk}")
    with phone.expect_response(re.compile(rf"/kpm/{first.pk}/$")) as tapped:
        row.locator('button[data-mark="received"]').click()
    assert len(tapped.value.body()) < 6000
    expect(phone.locator(f"#kpm-{first.pk} .badge.received")).to_be_visible()
    phone.locator(f"#kpm-{second.pk} button[data-mark='card']").click()
    expect(phone.locator(f"#kpm-{second.pk} .badge.card")).to_be_visible()
    phone.locator(f"#kpm-{third.pk} summary").click()
    phone.locator(f"#kpm-{third.pk} input[name='reason']").fill("Sedang merantau")
    phone.locator(f"#kpm-{third.pk} button[data-mark='not_received']").click()
    expect(phone.locator(f"#kpm-{third.pk} .badge.not_received")).to_be_visible()
    for entry in entries[3:5]:
        phone.locator(f"#kpm-{entry.pk} input[name='entries']").check()
    phone.locator("#bulk-mark").click()
    expect(phone.locator(f"#kpm-{entries[4].pk} .badge.received")).to_be_visible()
    screenshot(phone, "aid-checklist-phone", full_page=True)
    assert Tick.objects.filter(round=round_, received_at__isnull=False).count() == 3

    # 4. A member of the public complains; the TKSK answers; the answer is on the tracking page.
    public_context = new_context(browser, live_server, phone=True)
    public = public_context.new_page()
    public.goto("/pengaduan-bansos/")
    served = time.monotonic()
    public.locator("#id_category").select_option("levy")
    public.locator("#id_village_q").press_sequentially(world.village_a.name[:6], delay=20)
    public.locator(
        f'#id_village_q ~ .ac-results button[data-code="{world.village_a.code}"]'
    ).click()
    expect(public.locator("#id_village")).to_have_value(world.village_a.code)
    public.locator("#id_description").fill("Di e-Warong kami dipotong Rp20.000 per orang.")
    expect(public.locator("#id_website")).not_to_be_in_viewport()
    left = FILL_SECONDS - (time.monotonic() - served)
    if left > 0:
        public.wait_for_timeout(left * 1000)
    public.locator("#send-complaint").click()
    expect(public).to_have_url(re.compile(r"/pengaduan-bansos/cek/BS[A-Z0-9]+/$"))
    code = public.locator("#tracking-code").inner_text()
    complaint = Complaint.objects.get(tracking_code=code)
    assert (complaint.channel, complaint.category) == ("public", "levy")

    tksk = browser.new_context(base_url=live_server.url, locale="id-ID").new_page()
    log_in(tksk, world.district)
    tksk.goto(f"/bansos/pengaduan/{complaint.pk}/")
    tksk.locator("#verify").click()
    tksk.locator("#id_answer").fill("Sudah ditegur; potongan dikembalikan ke KPM.")
    tksk.locator("#answer").click()
    expect(tksk.locator("#complaint-answer")).to_contain_text("potongan dikembalikan")
    public.goto(f"/pengaduan-bansos/cek/{code}/")
    expect(public.locator("#public-answer")).to_contain_text("potongan dikembalikan ke KPM")

    # 5. The coordinator closes the round; the reconciliation shows the numbers.
    page.goto(f"/bansos/putaran/{round_.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("form[action$='/tutup/'] button").click()
    expect(page).to_have_url(re.compile(r"/rekonsiliasi/$"))
    expect(page.locator("#fig-expected")).to_have_text(str(FAMILIES))
    expect(page.locator("#fig-received")).to_have_text("3")
    expect(page.locator("#fig-not-received")).to_have_text("1")
    expect(page.locator("#fig-complaints")).to_have_text("1")
    # Five families have a mark (three received, one card, one not received); one has none.
    expect(page.locator("#fig-unticked")).to_have_text(str(FAMILIES - 5))
    expect(page.locator("#anomalies li[data-kind='no_mark']")).to_have_count(FAMILIES - 5)
    expect(page.locator("#t6-harga td")).to_have_text(f"{(FAMILIES - 1) / FAMILIES * 100:.1f}%")
    screenshot(page, "aid-reconciliation", full_page=True)
    phone_context.close()
    public_context.close()
