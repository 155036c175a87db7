"""The API schema and docs are public in development only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sipsm.testing import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_in_production_only_signed_in_users_see_the_api_docs(
    path: str, settings: Any, world: World
) -> None:
    settings.SIPSM_PUBLIC_API_DOCS = False
    signed_in = Client()
    signed_in.force_login(world.village)

    assert Client().get(path).status_code == 404
    assert signed_in.get(path).status_code == 200


def test_in_development_the_schema_is_public(settings: Any) -> None:
    settings.SIPSM_PUBLIC_API_DOCS = True

    assert Client().get("/api/v1/openapi.json").status_code == 200
