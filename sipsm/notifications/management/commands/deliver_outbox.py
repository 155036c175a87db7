"""`sipsm deliver_outbox`: send every due message now (cron fallback, or after an outage)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sipsm.notifications.tasks import deliver_due, schedule_followup


class Command(BaseCommand):
    help = "Send every due message of the notification outbox once."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = deliver_due()
        schedule_followup()
        self.stdout.write(f"{sent} message(s) sent")
