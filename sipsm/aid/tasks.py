"""Background work of the aid module."""

from __future__ import annotations

from django_tasks import task

from sipsm.aid.importing.runner import run_import
from sipsm.core.errors import Conflict


@task(queue_name="imports")
def run_kpm_import(import_id: int) -> str:
    """Import a confirmed KPM list (or resume one) to the end. A task for an import that
    another worker is running, or that is already finished, has nothing to do."""
    try:
        return str(run_import(import_id).status)
    except Conflict as exc:
        if exc.code != "busy":
            raise
        return "skipped"


@task(queue_name="default")
def escalate_complaints() -> int:
    from sipsm.aid.actions.complaints import escalate_overdue_complaints

    return escalate_overdue_complaints()
