"""`sipsm send_discussion_digest`: the daily discussion digest (run it once a day, e.g. from
cron or a scheduler; an account gets at most one digest in 20 hours, so extra runs are safe)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sipsm.coordination.actions.discussion import send_daily_digests


class Command(BaseCommand):
    help = "Queue the daily discussion digest for every subscribed account."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_daily_digests()
        self.stdout.write(f"{sent} digest(s) queued")
