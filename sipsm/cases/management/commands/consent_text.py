"""sipsm consent_text: show the consent text in force, or publish a new one.

sipsm consent_text                  # the version in force, its hash and text
sipsm consent_text --file teks.txt  # publish the file's text (a new version when the one in
                                    # force was already consented to)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sipsm.cases.actions.consent_texts import consent_text_in_force, revise_consent_text
from sipsm.core.errors import ActionError


class Command(BaseCommand):
    help = "Show or publish the consent text read out before a referral."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", help="a UTF-8 text file with the new consent text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["file"]:
            try:
                text = Path(options["file"]).read_text(encoding="utf-8")
                revise_consent_text(acting_user=None, text=text)
            except (OSError, ActionError) as exc:
                raise CommandError(str(exc)) from exc
        current = consent_text_in_force()
        self.stdout.write(f"Version {current.version} (SHA-256 {current.sha256})")
        self.stdout.write(current.text)
