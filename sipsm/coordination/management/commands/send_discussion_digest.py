"""`sipsm send_discussion_digest`: queue the daily discussion digest now (from cron or a
scheduler; an account gets at most one digest in 20 hours, so extra runs are safe);
`--start` starts the daily background chain instead (sipsm.coordination.tasks)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sipsm.coordination.actions.discussion import send_daily_digests
from sipsm.coordination.tasks import start_chain


class Command(BaseCommand):
    help = "Queue the daily discussion digest for every subscribed account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--start",
            action="store_true",
            help="start the background task that sends the digest every day (replaces a "
            "running one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["start"]:
            chain = start_chain()
            self.stdout.write(_("Digest task started (chain %(chain)s).") % {"chain": chain})
            return
        sent = send_daily_digests()
        self.stdout.write(_("%(n)d digest(s) queued.") % {"n": sent})
