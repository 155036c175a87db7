"""The state of the training tables that the permission matrix watches
(sipsm/core/tests/test_permission_matrix.py): a refused request must leave it unchanged."""

from __future__ import annotations

from typing import Any

from sipsm.training.models import Course, Enrolment, TrainingSession


def snapshot() -> tuple[Any, ...]:
    return (
        tuple(Course.objects.order_by("pk").values_list("pk", "code", "pass_mark")),
        tuple(TrainingSession.objects.order_by("pk").values_list("pk", "status")),
        tuple(
            Enrolment.objects.order_by("pk").values_list(
                "pk", "status", "checked_in_at", "score", "certificate_number"
            )
        ),
    )
