"""Test set-up shared by every app: a test database with real regions, fast hashing, personas."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from sipsm.testing import TEST_PROVINCES, World, build_world


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load the regions of the test provinces once into the test database."""
    from sipsm.regions.loading import load_regions

    with django_db_blocker.unblock():
        load_regions(provinces=TEST_PROVINCES)


@pytest.fixture(autouse=True)
def _fast_and_hermetic(settings: Any) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests assert the English source strings; Indonesian rendering has its own tests.
    settings.LANGUAGE_CODE = "en"
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "notifications", "imports"],
        }
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: Any, tmp_path: Any, settings: Any) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


@pytest.fixture
def client_for(world: World) -> Any:
    """`client_for("regency")` is a Django test client logged in as that persona."""

    def make(persona: str) -> Client:
        client = Client()
        client.force_login(world.personas()[persona])
        return client

    return make
