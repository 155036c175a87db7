"""`sipsm rebuild_aggregates [--from YYYY-MM] [--to YYYY-MM]`: recompute every pre-aggregated
figure (regions per month and year, SPM, inequality snapshots) from the records."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sipsm.reporting.actions.aggregates import rebuild
from sipsm.reporting.periods import BadPeriod, Period


class Command(BaseCommand):
    help = "Recompute the pre-aggregated reporting figures from the records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from", dest="first", help="first month, YYYY-MM (default: the first with data)"
        )
        parser.add_argument("--to", dest="last", help="last month, YYYY-MM (default: this month)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            first = Period.parse(options["first"]) if options["first"] else None
            last = Period.parse(options["last"]) if options["last"] else None
        except BadPeriod as exc:
            raise CommandError(f"not a month: {exc}") from exc
        started = time.perf_counter()

        def progress(month: Period) -> None:
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {month.key}")

        rows = rebuild(acting_user=None, first=first, last=last, progress=progress)
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"{rows} rows written in {seconds:.1f} s"))
