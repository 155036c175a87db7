"""Escalate overdue aid complaints one level (to the TKSK, then to Dinas Sosial).

sipsm escalate_aid_complaints          # run it from cron, e.g. every hour
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sipsm.aid.actions.complaints import escalate_overdue_complaints


class Command(BaseCommand):
    help = "Escalate overdue aid complaints (SP4N-LAPOR! deadlines)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = escalate_overdue_complaints()
        self.stdout.write(f"{count} complaints escalated")
