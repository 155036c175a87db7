"""sipsm load_regions: load all 91,599 Kemendagri regions (idempotent, with a progress bar)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from sipsm.regions.loading import DATA_FILE, load_regions


class Command(BaseCommand):
    help = "Load the Kemendagri region list shipped with sipsm (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="CSV or CSV.gz to load")
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            help="load only this province code (repeatable); default: all",
        )
        parser.add_argument("--force", action="store_true", help="reload even if unchanged")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        bar = tqdm(
            desc="regions", unit=" rows", disable=options["no_progress"], file=self.stderr._out
        )
        try:
            result = load_regions(
                path=options["file"],
                provinces=options["provinces"],
                force=options["force"],
                progress=bar.update,
            )
        finally:
            bar.close()
        elapsed = time.monotonic() - started
        counts = ", ".join(f"{n} {name}" for name, n in result.counts.items())
        if result.skipped:
            self.stdout.write(f"Regions already loaded ({counts}); nothing to do.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Loaded {result.total} regions ({counts}) in {elapsed:.1f} s.")
            )
