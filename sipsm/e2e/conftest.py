"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Run them with `make browser-test`. Chromium comes from Debian (`apt-get install chromium`),
never from `playwright install`. Without /usr/bin/chromium the tests are skipped, unless
SIPSM_REQUIRE_BROWSER is set (.ci/run sets it), in which case they fail.

The live server needs a transactional database, which is emptied after every test: each test
therefore loads the Gorontalo regions (province 75), the skill vocabulary and the personas
itself. `SIPSM_SCREENSHOTS=docs/screenshots make browser-test` refreshes the README pictures.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from sipsm.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, new_context
from sipsm.regions.loading import load_regions
from sipsm.testing import World, build_world


def _browser_required() -> bool:
    return os.environ.get("SIPSM_REQUIRE_BROWSER", "").lower() not in {"", "0", "false", "no"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} is missing: install Debian's Chromium "
            "(apt-get install -y chromium) to run the browser tests"
        )
        if _browser_required():
            pytest.fail(f"{message}; SIPSM_REQUIRE_BROWSER is set", pytrace=False)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread while the test code keeps
    # calling the ORM synchronously, which Django refuses inside a running loop otherwise.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    ctx = new_context(browser, live_server)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def phone_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A cheap Android phone's screen (360×740)."""
    ctx = new_context(browser, live_server, phone=True)
    yield ctx.new_page()
    ctx.close()


def _load_skill_vocabulary() -> None:
    """The data migration's vocabulary: the flush after a transactional test removes it."""
    migration = importlib.import_module("sipsm.registry.migrations.0002_skill_vocabulary")
    migration.add_skills(apps, None)


@pytest.fixture
def e2e_world(live_server: LiveServer, settings: Any, tmp_path: Path) -> World:
    """Regions of Gorontalo, the skills and the personas, in the live server's database."""
    settings.MEDIA_ROOT = tmp_path / "media"
    load_regions(provinces=["75"], force=True)
    _load_skill_vocabulary()
    return build_world()
