"""Background work of the emergency response."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def check_callout(incident_id: int, wave: int) -> str:
    """When a wave's answer window ends: escalate if too few accepted."""
    from sipsm.incidents.actions.dispatch import escalate

    return escalate(incident_id=incident_id, wave=wave)
