"""`sipsm ingest_bmkg <file|directory|URL> ...`: BMKG CAP warnings, nowcast RSS indexes and
InaTEWS earthquake feeds into incidents (see sipsm.incidents.bmkg)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sipsm.incidents.bmkg.fetch import Fetcher
from sipsm.incidents.bmkg.ingest import IngestOptions, ingest
from sipsm.incidents.bmkg.tasks import configured_feeds, start_polling


class Command(BaseCommand):
    help = (
        "Ingest BMKG alerts: CAP 1.2 files, nowcast RSS indexes (CAP links followed for URLs) "
        "and InaTEWS earthquake JSON, from files, directories (.xml/.json) or http(s) URLs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("targets", nargs="*", help="files, directories or http(s) URLs")
        parser.add_argument(
            "--feeds", action="store_true", help="also fetch the configured BMKG feeds now"
        )
        parser.add_argument(
            "--fresh-only",
            action="store_true",
            help="skip expired warnings and earthquakes older than --max-quake-age hours",
        )
        parser.add_argument("--max-quake-age", type=float, default=24.0, metavar="HOURS")
        parser.add_argument(
            "--no-follow", action="store_true", help="do not fetch the CAP files an index links"
        )
        parser.add_argument(
            "--start-polling",
            action="store_true",
            help="start the periodic poll_bmkg task (replaces a running chain)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        targets: list[str] = list(options["targets"])
        if options["feeds"]:
            targets.extend(configured_feeds())
        if options["start_polling"]:
            chain = start_polling()
            self.stdout.write(_("BMKG polling started (chain %(chain)s).") % {"chain": chain})
            if not targets:
                return
        if not targets:
            raise CommandError(_("Give at least one file, directory or http(s) URL."))
        summary = ingest(
            targets,
            options=IngestOptions(
                fresh_only=options["fresh_only"],
                follow_links=not options["no_follow"],
                max_quake_age=dt.timedelta(hours=options["max_quake_age"]),
            ),
            fetcher=Fetcher(conditional=False, wait_for_budget=True),
        )
        if options["verbosity"] >= 1:
            for line in summary.lines:
                self.stdout.write(line)
        self.stdout.write(
            _(
                "created %(created)d, updated %(updated)d, cancelled %(cancelled)d, "
                "duplicates %(duplicates)d, skipped %(skipped)d, errors %(errors)d"
            )
            % summary.counts()
        )
        if summary.deferred:
            self.stdout.write(
                _("%(n)d URL(s) not fetched: request budget used up.") % {"n": summary.deferred}
            )
        if summary.errors:
            raise CommandError(
                _("%(n)d document(s) could not be ingested; see the messages above.")
                % {"n": summary.errors}
            )
