"""What the browser tests do again and again: open a browser context, log in (with the TOTP
step), compute authenticator codes, save screenshots for the README."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, FloatRect, Locator, Page, ViewportSize
from pytest_django.live_server_helper import LiveServer

from sipsm.accounts.models import User
from sipsm.testing import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
# As the machine notes require: without the background-networking flags Chromium keeps
# trying to reach Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP: ViewportSize = {"width": 1024, "height": 768}
PHONE: ViewportSize = {"width": 360, "height": 740}
TIMEOUT_MS = 15_000
TOTP_PERIOD = 30
TOTP_MARGIN_SECONDS = 4
SCREENSHOT_COLOURS = 64


def new_context(
    browser: Browser, live_server: LiveServer, *, phone: bool = False
) -> BrowserContext:
    """A fresh, logged-out browser in the default language (Bahasa Indonesia), Jakarta time."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport=PHONE if phone else DESKTOP,
        device_scale_factor=1,
        is_mobile=phone,
        has_touch=phone,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for `secret`; never one about to expire."""
    left = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if left < TOTP_MARGIN_SECONDS:
        time.sleep(left + 0.1)
    code: str = format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))
    return code


def current_totp_code(user: User) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return totp_code(str(decrypt(authenticator.data["secret"])))


def submit_password(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/akun/login/")
    page.locator('input[name="login"]').fill(username)
    page.locator('input[name="password"]').fill(password)
    page.locator('input[name="password"]').press("Enter")
    page.wait_for_load_state()


def log_in(page: Page, user: User) -> None:
    """Log in through the allauth pages, typing the TOTP code when the account has one."""
    submit_password(page, user.get_username())
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        page.wait_for_url("**/akun/2fa/authenticate/")
        code = page.locator('input[name="code"]')
        code.press_sequentially(current_totp_code(user))
        code.press("Enter")
        page.wait_for_url(lambda url: "/akun/2fa/authenticate/" not in url)
        page.wait_for_load_state()


def screenshot(
    page: Page, name: str, *, full_page: bool = False, until: Locator | None = None
) -> None:
    """Save `name`.png into the folder SIPSM_SCREENSHOTS names (nothing when it is unset).

    `until` cuts a full-page picture just below that element. The picture is stored with a
    small palette so that the README's screenshots stay small.
    """
    folder = os.environ.get("SIPSM_SCREENSHOTS", "")
    if not folder:
        return
    clip: FloatRect | None = None
    if until is not None:
        box = until.bounding_box()
        viewport = page.viewport_size
        assert box is not None
        assert viewport is not None
        clip = {"x": 0, "y": 0, "width": viewport["width"], "height": box["y"] + box["height"] + 16}
    png = page.screenshot(full_page=full_page or clip is not None, clip=clip)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=SCREENSHOT_COLOURS, method=Image.Quantize.MEDIANCUT)
    Path(folder).mkdir(parents=True, exist_ok=True)
    small.save(Path(folder) / f"{name}.png", optimize=True)
