"""Coordination and capacity building in real Chromium (issue 6, "Done when"):

- a province coordinator posts an urgent announcement; a village PSM sees it unread, then read;
- the PSM asks a consultation, a consultant answers, it is published anonymised and found by a
  search for another form of a word in it;
- a PSM enrols in a training, is checked in by the QR ticket, passes, the QR read from the
  certificate PDF opens the public verification page that confirms it, and the member's
  skills now include the training's skills.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from sipsm.coordination.actions import consultation as consultation_actions
from sipsm.coordination.models import Announcement, Article, Consultation
from sipsm.e2e.helpers import log_in, new_context, screenshot
from sipsm.notifications.models import Message
from sipsm.registry.models import Member
from sipsm.testing import World, region
from sipsm.training.actions import catalogue as catalogue_actions
from sipsm.training.models import Course, Enrolment
from sipsm.training.tests.qr_reading import qr_text_in_pdf

pytestmark = pytest.mark.browser


def _id(text: str) -> str:
    """A project string as the default language (Bahasa Indonesia) shows it."""
    with translation.override("id"):
        return gettext(text)


def _link_psm_account(world: World) -> None:
    Member.objects.filter(pk=world.member_a.pk).update(user=world.village)


def _load_catalogue() -> None:
    """The training migration's catalogue: the flush after a transactional test removes it."""
    migration = importlib.import_module("sipsm.training.migrations.0002_catalogue")
    migration.add_courses(apps, None)


def _second_browser(browser: Browser, live_server: LiveServer) -> tuple[BrowserContext, Page]:
    context = new_context(browser, live_server)
    return context, context.new_page()


def test_it_shows_an_urgent_province_announcement_unread_then_read(
    e2e_world: World, page: Page, browser: Browser, live_server: LiveServer
) -> None:
    log_in(page, e2e_world.province)
    page.goto("/pengumuman/baru/")
    page.locator("#id_title").fill("Siaga banjir Limboto")
    page.locator("#id_body").fill("Semua PSM siaga: debit Sungai Bionga naik.")
    page.locator("#id_priority").select_option("urgent")
    page.locator("#save").click()
    expect(page.locator("#announcement-priority")).to_be_visible()
    announcement = Announcement.objects.get()
    assert announcement.region_id == "75"
    assert Message.objects.filter(
        related_id=str(announcement.pk), channel="sms", member=e2e_world.member_a
    ).exists()

    psm_context, psm = _second_browser(browser, live_server)
    log_in(psm, e2e_world.village)
    psm.goto("/pengumuman/")
    item = psm.locator(f'#announcement-list li[data-id="{announcement.pk}"]')
    expect(item.locator(".unread-flag")).to_be_visible()
    expect(psm.locator("#unread-count")).to_contain_text("1")
    screenshot(psm, "announcement-unread")

    item.get_by_role("link", name="Siaga banjir Limboto").click()
    expect(psm.locator("#announcement-body")).to_contain_text("Sungai Bionga")
    psm.goto("/pengumuman/")
    expect(item.locator(".read-flag")).to_be_visible()
    expect(item.locator(".unread-flag")).to_have_count(0)
    expect(psm.locator("#unread-count")).to_contain_text("0")
    psm_context.close()

    page.goto(f"/pengumuman/{announcement.pk}/pembaca/")
    expect(page.locator("main table")).to_contain_text(e2e_world.village.username)


def test_it_answers_a_consultation_and_publishes_it_anonymised_for_search(
    e2e_world: World, page: Page, browser: Browser, live_server: LiveServer
) -> None:
    _link_psm_account(e2e_world)
    consultation_actions.register_consultant(
        acting_user=e2e_world.national,
        user=e2e_world.other_regency,
        profession="Pekerja Sosial Profesional",
        region=region("75.01"),
    )

    log_in(page, e2e_world.village)
    page.goto("/konsultasi/baru/")
    page.locator('input[name="route"][value="consultant"]').check()
    page.locator("#id_topic").select_option("casework")
    page.locator("#id_subject").fill("Anak putus sekolah")
    page.locator("#id_question").fill(
        "Bagaimana pendampingan yang tepat untuk Budi Santoso yang berhenti sekolah?"
    )
    page.locator("#id_case_reference").fill("KS-2025-0042")
    page.locator("#id_client_details").fill("Budi Santoso, 12 tahun")
    page.locator("#save").click()  # preview: what the consultant will see
    expect(page.locator("#preview-question")).to_contain_text("[")
    expect(page.locator("#consultation-preview")).not_to_contain_text("Budi")
    expect(page.locator("#consultation-preview")).not_to_contain_text("KS-2025-0042")
    page.locator("#send").click()
    expect(page.locator("#consultation-status")).to_be_visible()
    consultation = Consultation.objects.get()

    consultant_context, consultant = _second_browser(browser, live_server)
    log_in(consultant, e2e_world.other_regency)
    consultant.goto("/konsultasi/")
    consultant.locator("#queue").get_by_role("link", name="Anak putus sekolah").click()
    expect(consultant.locator("#identities-hidden")).to_be_visible()
    expect(consultant.locator("main")).not_to_contain_text("Budi")
    expect(consultant.locator("main")).not_to_contain_text("KS-2025-0042")
    expect(consultant.locator("main")).not_to_contain_text("Nur Aisyah")
    screenshot(consultant, "consultation-consultant")
    consultant.locator("#take").click()
    consultant.locator("#answer-form textarea").fill(
        "Lakukan kunjungan rumah, asesmen keluarga, lalu rujuk ke sekolah terdekat."
    )
    consultant.locator("#send-answer").click()
    expect(consultant.locator("#consultation-status")).to_contain_text(_id("Answered"))
    consultant.locator("#publish").click()
    expect(consultant.locator("#id_body")).not_to_contain_text("Budi")
    consultant.locator("#save").click()
    expect(consultant.locator("#article-title")).to_be_visible()
    article = Article.objects.get(kind=Article.Kind.CONSULTATION)
    assert "Budi" not in article.body
    assert "pendampingan" in article.body
    consultant_context.close()

    page.goto("/pengetahuan/")
    page.locator("#id_q").fill("mendampingi")  # the article says "pendampingan"
    page.locator("#search").click()
    result = page.locator("#article-list")
    expect(result.get_by_role("link", name=article.title)).to_be_visible()
    consultation.refresh_from_db()
    assert consultation.published_article == article


def test_it_enrols_checks_in_by_qr_passes_and_verifies_the_certificate(
    e2e_world: World, page: Page, browser: Browser, live_server: LiveServer
) -> None:
    _load_catalogue()
    _link_psm_account(e2e_world)
    course = Course.objects.get(code="tanggap-darurat-bencana")
    session = catalogue_actions.schedule_session(
        acting_user=e2e_world.regency,
        course=course,
        data=catalogue_actions.SessionData(
            starts_on=dt.date(2025, 7, 1),
            ends_on=dt.date(2025, 7, 3),
            quota=30,
            place="Aula Dinas Sosial",
            region=region("75.01"),
        ),
    )

    log_in(page, e2e_world.village)
    page.goto(f"/pelatihan/sesi/{session.pk}/")
    page.locator("#enrol").click()
    expect(page.locator("#own-enrolment")).to_be_visible()
    page.goto("/pelatihan/saya/")
    ticket = page.locator(".enrolment .qr.ticket svg")
    expect(ticket).to_be_visible()
    screenshot(page, "training-ticket")
    ticket_url = page.locator(".ticket-link").get_attribute("href")
    assert ticket_url is not None
    assert "/pelatihan/tiket/" in ticket_url

    organiser_context, organiser = _second_browser(browser, live_server)
    log_in(organiser, e2e_world.regency)
    organiser.goto(ticket_url)  # what scanning the QR opens
    expect(organiser.locator("#ticket-name")).to_have_text("Nur Aisyah Hulopi")
    organiser.locator("#check-in").click()
    expect(organiser.locator("#ticket-status")).to_contain_text(
        _id("Checked in at %(t)s").split("%(t)s")[0].strip()
    )
    organiser.goto(f"/pelatihan/sesi/{session.pk}/")
    row = organiser.locator(f'#participants tr[data-member="{e2e_world.member_a.pk}"]')
    row.locator('input[name="score"]').fill("82")
    row.locator('input[name="score"]').press("Enter")
    expect(row.get_by_role("link", name=_id("certificate"))).to_be_visible()
    organiser_context.close()

    page.goto("/pelatihan/saya/")
    expect(page.locator("#my-skills")).to_contain_text("Evakuasi")
    expect(page.locator("#my-skills")).to_contain_text("Tanggap darurat bencana")
    pdf = page.request.get(page.locator(".certificate-pdf").get_attribute("href") or "")
    assert pdf.ok
    assert pdf.body().startswith(b"%PDF-")
    verify_url = qr_text_in_pdf(pdf.body())  # what scanning the certificate's QR opens
    link = page.locator(".certificate-verify").get_attribute("href") or ""
    assert verify_url.startswith(live_server.url)
    assert verify_url.endswith(link)

    public_context, public = _second_browser(browser, live_server)
    public.goto(verify_url)
    expect(public.locator("#verify-status")).to_be_visible()
    expect(public.locator("#verify-course")).to_have_text(course.title)
    expect(public.locator("#verify-name")).to_have_text(re.compile(r"^Nur A\*+ H\*+$"))
    screenshot(public, "certificate-verify")
    public_context.close()

    enrolment = Enrolment.objects.get()
    assert enrolment.passed is True
    skills = set(Member.objects.get(pk=e2e_world.member_a.pk).skills.values_list("code", flat=True))
    assert set(course.skills.values_list("code", flat=True)) <= skills
