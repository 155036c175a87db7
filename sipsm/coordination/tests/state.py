"""The state of the coordination tables that the permission matrix watches
(sipsm/core/tests/test_permission_matrix.py): a refused request must leave it unchanged."""

from __future__ import annotations

from typing import Any

from sipsm.coordination.models import (
    ActionItem,
    Announcement,
    Article,
    Attachment,
    Consultant,
    Consultation,
    Meeting,
    Post,
    Thread,
)


def snapshot() -> tuple[Any, ...]:
    return (
        Announcement.objects.count(),
        Attachment.objects.count(),
        tuple(
            Thread.objects.order_by("pk").values_list("pk", "is_pinned", "is_locked", "is_hidden")
        ),
        tuple(Post.objects.order_by("pk").values_list("pk", "is_hidden")),
        tuple(Consultation.objects.order_by("pk").values_list("pk", "status", "assigned_to_id")),
        tuple(Consultant.objects.order_by("pk").values_list("pk", "is_active")),
        tuple(Article.objects.order_by("pk").values_list("pk", "version")),
        tuple(Meeting.objects.order_by("pk").values_list("pk", "status")),
        tuple(ActionItem.objects.order_by("pk").values_list("pk", "status", "progress")),
    )
