"""sipsm load_regions: load all 91,599 Kemendagri regions (idempotent, with a progress bar)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from sipsm.regions.codes import InvalidRegionCode
from sipsm.regions.loading import DATA_FILE, load_regions

_SINGULAR = {
    "provinces": "province",
    "regencies": "regency",
    "districts": "district",
    "villages": "village",
}


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
        bars: list[tqdm] = []  # made on the first call, when the total is known

        def progress(done: int, total: int) -> None:
            if not bars:
                bars.append(
                    tqdm(
                        total=total,
                        desc="regions",
                        unit=" rows",
                        disable=options["no_progress"],
                        file=self.stderr._out,
                    )
                )
            bars[0].update(done - bars[0].n)

        try:
            result = load_regions(
                path=options["file"],
                provinces=options["provinces"],
                force=options["force"],
                progress=progress,
            )
        except InvalidRegionCode as exc:
            raise CommandError(f"--province takes a province code (2 digits), not {exc}") from exc
        finally:
            for bar in bars:
                bar.close()
        elapsed = time.monotonic() - started
        counts = ", ".join(
            f"{n} {name if n != 1 else _SINGULAR[name]}" for name, n in result.counts.items()
        )
        if result.skipped:
            self.stdout.write(f"Regions already loaded ({counts}); nothing to do.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Loaded {result.total} regions ({counts}) in {elapsed:.1f} s.")
            )
