"""Background work of the aid module."""

from __future__ import annotations

from django_tasks import task

from sipsm.aid.importing.runner import run_import


@task(queue_name="imports")
def run_kpm_import(import_id: int) -> str:
    """Import a confirmed KPM list (or resume one) to the end."""
    return str(run_import(import_id).status)


@task(queue_name="default")
def escalate_complaints() -> int:
    from sipsm.aid.actions.complaints import escalate_overdue_complaints

    return escalate_overdue_complaints()
