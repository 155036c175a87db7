"""End-to-end journeys in real Chromium: log in with TOTP, find a village, register a
candidate, move them to active, open the KTA and verify it on the public QR page."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, Page, Response, expect
from pytest_django.live_server_helper import LiveServer

from sipsm.accounts.roles import Role
from sipsm.e2e.helpers import log_in, new_context, screenshot, submit_password, totp_code
from sipsm.regions.models import Region
from sipsm.registry.models import Member, Skill
from sipsm.testing import PASSWORD, World, make_user, synthetic_nik

pytestmark = pytest.mark.browser

HOME_VILLAGE = "75.01.01.1003"  # Hunggaluwa, Kec. Limboto, Kab. Gorontalo (the regency's own)
CANDIDATE_NAME = "Yulianti Mohamad"
CANDIDATE_BIRTH = dt.date(1990, 7, 21)
SIXTEEN_DIGITS = re.compile(r"\d{16}")


def _id(text: str) -> str:
    """A project string as the default language (Bahasa Indonesia) shows it."""
    with translation.override("id"):
        return gettext(text)


def _path(url: str) -> str:
    """The path and query of `url`, as the application's links write them."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _pick_village(page: Page, field: str, typed: str, code: str) -> None:
    """Use the region autocomplete: type part of the name, click the result with `code`."""
    page.locator(f"#id_{field}_q").press_sequentially(typed, delay=20)
    option = page.locator(f'#id_{field}_q ~ .ac-results button[data-code="{code}"]')
    option.click()
    expect(page.locator(f"#id_{field}")).to_have_value(code)


def test_it_loads_the_stylesheet_and_scripts(e2e_world: World, page: Page) -> None:
    problems: list[str] = []

    def note_failure(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    page.on("response", note_failure)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto("/wilayah/")

    assert problems == []
    assert page.evaluate("typeof window.htmx") == "object"
    display = page.evaluate("getComputedStyle(document.querySelector('header.top')).display")
    assert display == "flex", "sipsm.css is not applied"


def test_it_logs_a_regency_coordinator_in_with_a_totp_code(e2e_world: World, page: Page) -> None:
    page.goto("/akun/login/")
    screenshot(page, "login")

    log_in(page, e2e_world.regency)

    assert _path(page.url) == "/"
    expect(page.locator("header .account")).to_contain_text(e2e_world.regency.username)
    page.goto("/anggota/")
    expect(page).to_have_url(re.compile(r"/anggota/$"))


def test_it_refuses_a_wrong_totp_code(e2e_world: World, page: Page) -> None:
    submit_password(page, e2e_world.regency.username)
    page.wait_for_url("**/akun/2fa/authenticate/")
    page.locator('input[name="code"]').fill("000000")
    page.locator('input[name="code"]').press("Enter")

    expect(page).to_have_url(re.compile(r"/akun/2fa/authenticate/$"))
    expect(page.locator("main")).to_contain_text(_id("Incorrect code."))
    # The half-finished login gives no access: the member list sends back to the code.
    page.goto("/anggota/")
    expect(page).to_have_url(re.compile(r"/akun/2fa/authenticate/$"))
    expect(page.locator("#member-table")).to_have_count(0)
    expect(page.locator("header .account")).not_to_contain_text(e2e_world.regency.username)


def test_it_sends_a_coordinator_without_an_authenticator_to_the_mfa_setup(
    e2e_world: World, page: Page
) -> None:
    coordinator = make_user("tksk.baru", Role.DISTRICT_COORDINATOR, "75.01.02", mfa=False)
    setup_path = reverse("mfa_activate_totp")
    # allauth (MFA_REAUTHENTICATION_REQUIRED) asks for the password once more first.
    reauthenticate = f"{reverse('account_reauthenticate')}?{urlencode({'next': setup_path})}"

    log_in(page, coordinator)

    assert _path(page.url) in {setup_path, reauthenticate}
    page.goto("/anggota/")
    assert _path(page.url) in {setup_path, reauthenticate}
    expect(page.locator("#member-table")).to_have_count(0)
    if _path(page.url) == reauthenticate:
        password = page.locator('input[name="password"]')
        password.fill(PASSWORD)
        password.press("Enter")
        page.wait_for_url(lambda url: _path(url) == setup_path)
    screenshot(page, "mfa-setup")

    secret = page.locator("#authenticator_secret").input_value()
    code = page.locator('input[name="code"]')
    code.fill(totp_code(secret))
    code.press("Enter")
    page.wait_for_url(lambda url: setup_path not in url)

    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    page.goto("/anggota/")
    expect(page).to_have_url(re.compile(r"/anggota/$"))
    expect(page.locator("#member-table")).to_be_visible()


def test_it_finds_a_village_by_part_of_its_name(e2e_world: World, page: Page) -> None:
    village = Region.objects.get(code=HOME_VILLAGE)
    page.goto("/wilayah/")  # public: nobody is logged in

    page.locator("#level").select_option("4")
    page.locator("#q").press_sequentially("hunggal", delay=20)
    results = page.locator("#region-results li a")
    expect(results).to_have_count(1)
    expect(results).to_have_text(village.chain)
    assert village.chain == "Hunggaluwa, Kec. Limboto, Kab. Gorontalo, Gorontalo"
    screenshot(page, "region-search")

    results.click()
    expect(page).to_have_url(re.compile(r"/wilayah/75\.01\.01\.1003/$"))
    expect(page.locator("h1")).to_have_text("Hunggaluwa")


def test_it_registers_verifies_and_publicly_verifies_a_member(
    e2e_world: World, page: Page, browser: Browser, live_server: LiveServer
) -> None:
    home = Region.objects.get(code=HOME_VILLAGE)
    nik = synthetic_nik(home, sex="F", birth=CANDIDATE_BIRTH)
    first_aid = Skill.objects.get(code="first_aid")
    log_in(page, e2e_world.regency)

    # Register the candidate, picking both villages with the autocomplete.
    page.goto("/anggota/")
    page.locator(f'a[href="{reverse("registry:member_create")}"]').first.click()
    expect(page).to_have_url(re.compile(r"/anggota/baru/$"))
    page.locator("#id_full_name").fill(CANDIDATE_NAME)
    page.locator("#id_nik").fill(nik)
    page.locator("#id_sex").select_option("F")
    page.locator("#id_birth_place").fill("Limboto")
    page.locator("#id_birth_date").fill(CANDIDATE_BIRTH.isoformat())
    page.locator("#id_phone").fill("0812 4455 6677")
    _pick_village(page, "home_village", "Hunggal", HOME_VILLAGE)
    _pick_village(page, "ktp_village", "Hunggal", HOME_VILLAGE)
    page.locator("#id_education").select_option("sma")
    page.locator("#id_literate").check()
    page.locator(f'input[name="skills"][value="{first_aid.pk}"]').check()
    page.locator("#id_bimtek_dasar_date").fill("2024-05-02")
    page.locator("#id_bimtek_dasar_organizer").fill("Dinas Sosial Kabupaten Gorontalo")
    page.locator("#id_commitment_declared").check()
    page.locator("#id_good_conduct_evidence").fill("Surat keterangan kepala desa")
    page.locator('main form[method="post"] button[type="submit"]').click()

    expect(page).to_have_url(re.compile(r"/anggota/\d+/$"))
    member = Member.objects.get(full_name=CANDIDATE_NAME)
    assert page.url.endswith(f"/anggota/{member.pk}/")
    assert (member.status, member.stage) == (Member.Status.CANDIDATE, Member.Stage.APPLIED)
    assert member.nik == nik
    assert member.phone == "+6281244556677"
    assert (member.home_village_id, member.ktp_village_id) == (HOME_VILLAGE, HOME_VILLAGE)
    assert [s.code for s in member.skills.all()] == ["first_aid"]
    expect(page.locator("ul.checklist li")).to_have_count(7)
    expect(page.locator("ul.checklist li.met")).to_have_count(7)
    expect(page.locator("main")).not_to_contain_text(nik)

    # Recommend (village unit step) and verify (regency step): the coordinator does both.
    page.locator('form[action$="/rekomendasi/"] button[type="submit"]').click()
    expect(page.locator('form[action$="/verifikasi/"]')).to_be_visible()
    member.refresh_from_db()
    assert member.stage == Member.Stage.RECOMMENDED
    page.locator('form[action$="/verifikasi/"] button[type="submit"]').click()
    expect(page.locator("h1 .pill")).to_have_class(re.compile(r"\bactive\b"))
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE
    assert member.kta_temporary is True
    assert member.kta_number is not None
    assert re.fullmatch(r"IPSM-7501-S\d{5}", member.kta_number)
    expect(page.locator("dl.facts")).to_contain_text(f"{member.kta_number} {_id('temporary')}")
    screenshot(page, "member-detail", until=page.locator("ul.checklist"))

    # The card: number and QR code; the QR opens the public verification page.
    page.locator(f'a[href="{reverse("registry:member_card", args=[member.pk])}"]').click()
    expect(page.locator("#kta-number")).to_have_text(member.kta_number)
    expect(page.locator("#kta-card .qr svg")).to_be_visible()
    verify_path = reverse("registry:verify_card", args=[member.verification_token])
    verify_url = page.locator("#verify-link").get_attribute("href")
    assert verify_url == live_server.url + verify_path
    expect(page.locator("#kta-card")).not_to_contain_text(nik)
    screenshot(page, "kta-card")

    public = new_context(browser, live_server)
    visitor = public.new_page()
    response = visitor.goto(verify_url)
    assert response is not None
    assert response.status == 200
    expect(visitor.locator("header .account")).not_to_contain_text(e2e_world.regency.username)
    expect(visitor.locator("#verify-status")).to_have_text(_id("VALID: active member of IPSM"))
    expect(visitor.locator("#verify-result")).not_to_have_class(re.compile(r"\bbad\b"))
    expect(visitor.locator("#verify-name")).to_have_text(member.masked_name)
    assert member.masked_name != CANDIDATE_NAME
    html = visitor.content()
    assert nik not in html
    assert member.nik_masked not in html
    assert CANDIDATE_NAME not in html
    assert SIXTEEN_DIGITS.search(visitor.locator("body").inner_text()) is None
    screenshot(visitor, "public-verification")
    public.close()


def test_it_shows_the_public_page_as_not_valid_for_an_inactive_member(
    e2e_world: World, page: Page
) -> None:
    member = e2e_world.member_b
    member.status = Member.Status.INACTIVE
    member.save(update_fields=["status"])

    page.goto(reverse("registry:verify_card", args=[member.verification_token]))

    expect(page.locator("#verify-status")).to_have_text(
        _id("NOT VALID: this card belongs to a member who is not active")
    )
    expect(page.locator("#verify-result")).to_have_class(re.compile(r"\bbad\b"))


def test_it_shows_a_village_psm_on_a_phone_only_their_village(
    e2e_world: World, phone_page: Page
) -> None:
    page = phone_page
    log_in(page, e2e_world.village)

    page.goto("/anggota/")
    names = page.locator("#member-table tbody tr td:first-child a")
    expect(names).to_have_count(2)
    assert sorted(names.all_inner_texts()) == sorted(
        [e2e_world.member_a.full_name, e2e_world.candidate_a.full_name]
    )
    expect(page.locator("#member-table")).not_to_contain_text(e2e_world.member_b.full_name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a phone ({width}px)"
    screenshot(page, "member-list-phone", until=page.locator("#member-table"))

    for other in (e2e_world.member_b, e2e_world.member_far):
        for name in ("registry:member_detail", "registry:member_card"):
            response = page.goto(reverse(name, args=[other.pk]))
            assert response is not None
            assert response.status == 404, f"{name} of member {other.pk}"
            expect(page.locator("body")).not_to_contain_text(other.full_name)

    response = page.goto(reverse("registry:member_detail", args=[e2e_world.member_a.pk]))
    assert response is not None
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text(e2e_world.member_a.full_name)


def test_it_shows_a_coordinator_the_members_of_the_regency(e2e_world: World, page: Page) -> None:
    log_in(page, e2e_world.regency)

    page.goto("/anggota/")

    names = page.locator("#member-table tbody tr td:first-child a")
    expect(names).to_have_count(3)
    assert sorted(names.all_inner_texts()) == sorted(
        [
            e2e_world.member_a.full_name,
            e2e_world.member_b.full_name,
            e2e_world.candidate_a.full_name,
        ]
    )
    screenshot(page, "member-list")
