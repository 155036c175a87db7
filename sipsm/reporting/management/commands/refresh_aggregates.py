"""`sipsm refresh_aggregates`: refresh what changed (marked months), or the current month and
year (`--current`), or start the periodic refresh chain in the task worker (`--start`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sipsm.reporting.actions.aggregates import refresh_current, refresh_dirty
from sipsm.reporting.tasks import interval_seconds, start_chain


class Command(BaseCommand):
    help = "Refresh the pre-aggregated reporting figures incrementally."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--current", action="store_true", help="refresh this month and year nationally"
        )
        parser.add_argument(
            "--start", action="store_true", help="start the periodic refresh task chain"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["start"]:
            chain = start_chain()
            self.stdout.write(f"refresh chain {chain} started, every {interval_seconds()} s")
            return
        if options["current"]:
            rows = refresh_current()
            self.stdout.write(self.style.SUCCESS(f"{rows} rows written"))
            return
        periods = refresh_dirty()
        self.stdout.write(self.style.SUCCESS(f"{periods} changed months refreshed"))
