"""Casework in real Chromium: a PSM registers a street child found in their village,
assesses, plans, refers to a school with the guardian's consent; the referral is accepted and
completed, the right to education turns "met", and the supervisor (TKSK) approves closure."""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from sipsm.cases.models import Case, Referral
from sipsm.cases.tests.support import make_provider
from sipsm.core.models import AuditEvent
from sipsm.e2e.helpers import log_in, new_context, screenshot
from sipsm.people.models import WelfareCategory
from sipsm.testing import World

pytestmark = pytest.mark.browser

CHILD = "Rudi Hartono"


def _load_reference_lists() -> None:
    """The data migration's PPKS/PSKS lists: the flush after a transactional test removes them."""
    migration = importlib.import_module("sipsm.people.migrations.0002_reference_lists")
    migration.add_lists(apps, None)


def _in(form: str, field: str) -> str:
    return f'{form} [name="{field}"]'


def test_it_runs_a_street_child_case_from_finding_to_closure(
    e2e_world: World, page: Page, browser: Browser, live_server: LiveServer
) -> None:
    _load_reference_lists()
    school = make_provider(e2e_world, name="SD Negeri 3 Limboto")
    street_child = WelfareCategory.objects.ppks().get(code="anak-jalanan")
    log_in(page, e2e_world.village)

    # The PSM registers the child found in their village and opens the case.
    page.goto("/kasus/baru/")
    page.locator("#id_full_name").fill(CHILD)
    page.locator("#id_sex").select_option("M")
    page.locator("#id_age_years").fill("10")
    expect(page.locator("#id_village")).to_have_value(e2e_world.village_a.code)
    expect(page.locator("#id_case_village")).to_have_value(e2e_world.village_a.code)
    page.locator(f'input[name="ppks"][value="{street_child.pk}"]').check()
    page.locator("#id_summary").fill("Ditemukan mengamen di perempatan pasar setiap malam.")
    page.locator("#open-case").click()

    expect(page).to_have_url(re.compile(r"/kasus/\d+/$"))
    case = Case.objects.get(person__full_name=CHILD)
    assert (case.worker, case.village_id, case.is_child) == (
        e2e_world.village,
        e2e_world.village_a.code,
        True,
    )

    # Assessment: structured needs per domain and the risk level.
    page.locator("#new-assessment").click()
    expect(page).to_have_url(re.compile(r"/asesmen/$"))
    page.locator("#id_risk_level").select_option("medium")
    page.locator("#id_need_education").select_option("high")
    page.locator("#id_note_education").fill("Putus sekolah sejak kelas 3")
    page.locator("#id_need_shelter").select_option("medium")
    page.locator("#id_narrative").fill("Tidur di emperan toko bersama kakaknya.")
    page.locator("#save-assessment").click()
    expect(page.locator("#case-stage")).to_have_text(re.compile(r"\S"))
    case.refresh_from_db()
    assert (case.stage, case.risk_level) == ("assessed", "medium")

    # Plan: a goal, an action with a due date and the responsible worker, then submit.
    page.locator(_in("#goal-form", "description")).fill("Kembali bersekolah")
    page.locator(_in("#goal-form", "domain")).select_option("education")
    page.locator("#add-goal").click()
    expect(page.locator("#goals")).to_contain_text("Kembali bersekolah")
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    page.locator(_in("#task-form", "kind")).select_option("action")
    page.locator(_in("#task-form", "title")).fill("Mendaftarkan ke SD Negeri 3")
    page.locator(_in("#task-form", "due_on")).fill(due)
    page.locator(_in("#task-form", "goal")).select_option(label="Kembali bersekolah")
    page.locator("#add-task").click()
    expect(page.locator("#tasks")).to_contain_text("Mendaftarkan ke SD Negeri 3")
    page.locator("#submit-plan").click()
    expect(page.locator("#submit-plan")).to_have_count(0)
    case.refresh_from_db()
    assert case.stage == "planned"

    # The guardian's consent, then the referral to the school.
    page.locator("#consent-box summary").click()
    page.locator(_in("#consent-form", "given_by")).select_option("guardian")
    page.locator(_in("#consent-form", "guardian_name")).fill("Sulastri Hartono")
    page.locator(_in("#consent-form", "guardian_relationship")).select_option("parent")
    page.locator(_in("#consent-form", "method")).select_option("thumbprint")
    page.locator("#save-consent").click()
    expect(page.locator("#consents")).to_contain_text("Sulastri Hartono")
    page.locator("#new-referral").click()
    expect(page.locator("#consent-status")).to_contain_text(timezone.localdate().isoformat())
    page.locator("#id_provider").select_option(str(school.pk))
    page.locator("#id_service").select_option("education")
    page.locator("#id_reason").fill("Didaftarkan kembali ke kelas 4.")
    page.locator("#send-referral").click()
    expect(page).to_have_url(re.compile(rf"/kasus/{case.pk}/(#referrals)?$"))
    referral = Referral.objects.get(case=case)
    assert (referral.status, referral.consent is not None) == ("sent", True)

    # The school accepts, then the child is enrolled: the referral is completed.
    page.locator(f"#accept-{referral.pk}").click()
    complete = page.locator(f"#complete-{referral.pk}")
    expect(complete).to_be_visible()
    complete.locator('[name="outcome"]').fill("Diterima di kelas 4 SD Negeri 3.")
    complete.locator('[name="right_status"]').select_option("met")
    complete.locator('button[type="submit"]').click()
    expect(page.locator('#rights-glance li[data-right="education"]')).to_have_class("met")
    referral.refresh_from_db()
    assert referral.status == "completed"
    screenshot(page, "case-file", full_page=True)

    # The child's page shows the five rights at a glance.
    page.locator("#open-rights").click()
    expect(page.locator("#rights-cards .card")).to_have_count(5)
    expect(page.locator("#right-education")).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator("#right-health")).to_have_class(re.compile(r"\brejected\b"))

    # The PSM asks to close the case; the TKSK approves.
    page.goto(f"/kasus/{case.pk}/")
    page.locator(_in("#closure-form", "reason")).select_option("goals_met")
    page.locator(_in("#closure-form", "note")).fill("Anak bersekolah, tinggal bersama ibunya.")
    page.locator("#request-closure").click()
    expect(page.locator("#case-status")).to_have_class(re.compile(r"\bclosure_requested\b"))
    case.refresh_from_db()
    assert case.status == "closure_requested"

    supervisor_context = new_context(browser, live_server)
    supervisor = supervisor_context.new_page()
    log_in(supervisor, e2e_world.district)
    supervisor.goto("/kasus/hari-ini/")
    expect(supervisor.locator("#today-approvals")).to_contain_text(case.number)
    supervisor.goto(f"/kasus/{case.pk}/")
    decide = supervisor.locator("#decide-closure")
    decide.locator('[name="decision"]').select_option("approve")
    decide.locator('[name="note"]').fill("Tujuan rencana tercapai.")
    supervisor.locator("#decide-closure-submit").click()
    expect(supervisor.locator("#case-status")).to_have_class(re.compile(r"\bclosed\b"))
    supervisor_context.close()

    case.refresh_from_db()
    assert (case.status, case.closed_by, case.closure_reason) == (
        "closed",
        e2e_world.district,
        "goals_met",
    )
    reads = AuditEvent.objects.filter(verb="access.case.read", object_id=str(case.pk))
    assert set(reads.values_list("actor_label", flat=True)) == {"psm.a", "tksk"}
