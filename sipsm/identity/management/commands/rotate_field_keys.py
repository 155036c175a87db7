"""sipsm rotate_field_keys: re-encrypt personal numbers under the first key of SIPSM_FIELD_KEYS.

sipsm rotate_field_keys --check     # counts per column and key id, writes nothing
sipsm rotate_field_keys             # re-encrypt what is not under the primary key
sipsm rotate_field_keys --reindex   # also recompute every blind index (new index key)
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sipsm.core.audit import record_event
from sipsm.identity.crypto import DecryptionError, KeyringError
from sipsm.identity.rotation import DEFAULT_BATCH_SIZE, RotationReport, rotate_field_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field value under the primary key of SIPSM_FIELD_KEYS "
        "and recompute the blind indexes that depend on it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="only report how many values each key encrypts; write nothing",
        )
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="recompute every blind index (after changing SIPSM_BLIND_INDEX_KEY)",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"rows per transaction (default {DEFAULT_BATCH_SIZE})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            report = rotate_field_keys(
                check=options["check"],
                reindex=options["reindex"],
                batch_size=options["batch_size"],
            )
        except (KeyringError, DecryptionError) as exc:
            raise CommandError(str(exc)) from exc
        self._print(report)
        if report.check:
            return
        record_event(actor=None, verb="keys.rotate", data=report.as_data())
        if report.unreadable:
            raise CommandError(
                f"{report.unreadable} value(s) could not be decrypted with the configured keys "
                "and were left as they are; keep the old keys until they are fixed."
            )

    def _print(self, report: RotationReport) -> None:
        self.stdout.write(
            f"Primary key: {report.primary_key_id} (configured: {', '.join(report.key_ids)})"
        )
        for source in report.sources:
            keys = ", ".join(f"{key_id}={n}" for key_id, n in sorted(source.by_key.items()))
            line = f"{source.label}: {source.rows} rows, {source.empty} empty"
            if source.encrypted:
                line += f"; by key: {keys or '-'}"
                if report.check:
                    line += f"; to re-encrypt: {source.pending(report.primary_key_id)}"
                else:
                    line += f"; re-encrypted: {source.reencrypted}"
            if source.unreadable:
                line += (
                    f"; unreadable: {source.unreadable} (unknown key {source.unknown_key}, "
                    f"not a ciphertext {source.malformed}, "
                    f"failed to decrypt {source.undecryptable})"
                )
            self.stdout.write(line)
            for index_name, n in sorted(source.index_updates.items()):
                self.stdout.write(f"  {index_name}: {n} index values updated")
        if report.check:
            self.stdout.write(
                f"Check only, nothing written: {report.pending} value(s) to re-encrypt under "
                f"{report.primary_key_id}, {report.unreadable} unreadable."
            )
            return
        style = self.style.WARNING if report.unreadable else self.style.SUCCESS
        self.stdout.write(
            style(
                f"Re-encrypted {report.reencrypted} value(s) under {report.primary_key_id}, "
                f"updated {report.index_updates} blind index value(s), "
                f"{report.unreadable} unreadable."
            )
        )
