"""API router of this app (django-ninja; no `from __future__ import annotations` here)."""

from ninja import Router

router = Router()
