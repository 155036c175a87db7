"""Small tasks of the core app."""

from __future__ import annotations

from django_tasks import task


@task()
def ping() -> str:
    """A no-op task: `sipsm shell -c 'from sipsm.core.tasks import ping; ping.enqueue()'`
    proves that a worker picks work up."""
    return "pong"
