"""Security headers on HTML, JSON and error responses (ASVS 3.4)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = ["/", "/wilayah/", "/api/v1/regions?q=limboto", "/tidak-ada/", "/anggota/999999/"]


@pytest.mark.parametrize("path", PATHS)
def test_it_sends_the_security_headers(path: str, world: Any, client_for: Any) -> None:
    response = client_for("regency").get(path)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "object-src 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy


def test_it_marks_api_answers_and_signed_in_pages_no_store(world: Any, client_for: Any) -> None:
    client = client_for("regency")

    assert client.get("/api/v1/me")["Cache-Control"] == "no-store"
    assert client.get("/anggota/")["Cache-Control"] == "no-store"


def test_it_lets_public_pages_be_cached() -> None:
    response = Client().get("/wilayah/")

    assert "Cache-Control" not in response
