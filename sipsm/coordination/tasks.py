"""Background tasks of coordination (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from sipsm.coordination.actions.discussion import send_daily_digests


@task()
def send_discussion_digests() -> int:
    """The daily digest, for a scheduler that enqueues tasks rather than running commands."""
    return send_daily_digests()
