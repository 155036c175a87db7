"""Import a KPM list file from this server's disk into a period, or resume an import.

    sipsm import_kpm --period 3 --user kab.gorontalo daftar-kpm.csv
    sipsm import_kpm --resume 12

Running the first form again with the same file resumes the unfinished import of that file
(or, when it finished, imports it again, which changes nothing). Progress is printed after
every chunk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sipsm.accounts.models import User
from sipsm.aid.actions.imports import import_from_path
from sipsm.aid.importing.runner import run_import
from sipsm.aid.models import KpmImport, Period
from sipsm.core.errors import ActionError


class Command(BaseCommand):
    help = "Import (or resume importing) a KPM list into a period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="CSV or XLSX file")
        parser.add_argument("--period", type=int, help="id of the period")
        parser.add_argument("--user", help="username of the importing coordinator")
        parser.add_argument("--resume", type=int, help="id of an import to resume")
        parser.add_argument("--chunk-size", type=int, help="rows per transaction and checkpoint")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["resume"]:
            run = KpmImport.objects.filter(pk=options["resume"]).first()
            if run is None:
                raise CommandError("No such import.")
        else:
            if not (options["file"] and options["period"] and options["user"]):
                raise CommandError("Give a file, --period and --user (or --resume).")
            user = User.objects.filter(username=options["user"], is_active=True).first()
            period = Period.objects.filter(pk=options["period"]).first()
            if user is None or period is None:
                raise CommandError("Unknown user or period.")
            try:
                run = import_from_path(
                    acting_user=user, period=period, path=Path(options["file"]).resolve()
                )
            except ActionError as exc:
                raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"import {run.pk} from row {run.next_row}", ending="\n")
        self.stdout.flush()

        def progress(current: KpmImport) -> None:
            done = KpmImport.objects.get(pk=current.pk)
            self.stdout.write(f"chunk {done.chunks_done} next_row {done.next_row}")
            self.stdout.flush()

        try:
            finished = run_import(run.pk, progress=progress, chunk_size=options["chunk_size"])
        except ActionError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            f"import {finished.pk} {finished.status}: {finished.rows_read} rows, "
            f"{finished.created_count} new, {finished.updated_count} changed, "
            f"{finished.unchanged_count} unchanged, {finished.rejected_count} rejected"
        )
        if finished.file_error:
            raise CommandError(finished.file_error)
