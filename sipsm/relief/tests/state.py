"""The state of the relief tables that the permission matrix watches
(sipsm/core/tests/test_permission_matrix.py): a refused request must leave it unchanged."""

from __future__ import annotations

from typing import Any

from sipsm.relief.models import AffectedPerson, CapAlert, Household, Need, Relief, Shelter


def snapshot() -> tuple[Any, ...]:
    return (
        tuple(Need.objects.order_by("pk").values_list("pk", "status", "category", "village_id")),
        tuple(
            AffectedPerson.objects.order_by("pk").values_list(
                "pk", "full_name", "condition", "nik_index", "duplicate_of_id", "shelter_id"
            )
        ),
        tuple(Household.objects.order_by("pk").values_list("pk", "head_name", "kk_index", "size")),
        tuple(
            Shelter.objects.order_by("pk").values_list(
                "pk", "name", "is_open", "manual_count", "capacity"
            )
        ),
        Relief.objects.count(),
        CapAlert.objects.count(),
    )
