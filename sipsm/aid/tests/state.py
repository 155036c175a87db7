"""The state of the aid tables that the permission matrix watches
(sipsm/core/tests/test_permission_matrix.py): a refused request must leave it unchanged."""

from __future__ import annotations

from typing import Any

from sipsm.aid.models import (
    Assignment,
    Complaint,
    KpmEntry,
    KpmImport,
    Period,
    Program,
    Proposal,
    Round,
    Tick,
)


def snapshot() -> tuple[Any, ...]:
    return (
        Program.objects.count(),
        Period.objects.count(),
        tuple(KpmImport.objects.order_by("pk").values_list("pk", "status", "mapping")),
        KpmEntry.objects.count(),
        tuple(Assignment.objects.order_by("pk").values_list("pk", "ended_at")),
        tuple(Round.objects.order_by("pk").values_list("pk", "status")),
        tuple(Tick.objects.order_by("pk").values_list("pk", "card_at", "received_at", "problem")),
        tuple(Complaint.objects.order_by("pk").values_list("pk", "status", "escalation_level")),
        tuple(Proposal.objects.order_by("pk").values_list("pk", "status", "evidence_number")),
    )
