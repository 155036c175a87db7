"""Coordination in the API: the same access functions and actions as the pages.

(django-ninja; no `from __future__ import annotations` in the api modules.)
"""

from sipsm.coordination.api import (
    announcements,
    attachments,
    consultation,
    discussion,
    knowledge,
    meetings,
)
from sipsm.coordination.api.base import router

__all__ = [
    "announcements",
    "attachments",
    "consultation",
    "discussion",
    "knowledge",
    "meetings",
    "router",
]
