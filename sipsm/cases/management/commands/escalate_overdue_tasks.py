"""`sipsm escalate_overdue_tasks`: escalate open case tasks past their due day to a
supervisor (see sipsm.cases.actions.escalation); `--start` starts the hourly background
chain instead (sipsm.cases.tasks)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sipsm.cases.actions.escalation import escalate_overdue_tasks
from sipsm.cases.tasks import start_chain


class Command(BaseCommand):
    help = "Escalate overdue case tasks to supervisors (run daily or hourly, e.g. from cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--start",
            action="store_true",
            help="start the background task that escalates every hour (replaces a running one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["start"]:
            chain = start_chain()
            self.stdout.write(_("Escalation task started (chain %(chain)s).") % {"chain": chain})
            return
        count = escalate_overdue_tasks()
        self.stdout.write(_("%(n)d overdue tasks escalated.") % {"n": count})
