"""Running an import: claim it, stream the file from the checkpoint, check and write chunk by
chunk, finish. Run by the background task (`sipsm.aid.tasks.run_kpm_import`) and by
`sipsm import_kpm`; both call `run_import`.

Crash safety (security-reliability.md H4): each chunk is written in the same transaction as
its checkpoint (a transaction holds a few chunks, see `_Commits`), so after a kill at any
point the database holds whole chunks only (never half a family) and `next_row` says where
to go on. Running the import again resumes from there
(`resumed_count`, `resumed_from` record it); re-running from the start would give the same
state too, because every row is an upsert on (period, KK blind index).

A worker holds an import through `claim` (a random token) and `heartbeat_at`. Another worker
may take it over when the holder is a dead process on the same host, or has not reported
for `SIPSM_AID_IMPORT_LEASE_SECONDS`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Callable, Iterator
from typing import IO

from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.aid.conf import setting
from sipsm.aid.importing.reader import RowSource
from sipsm.aid.importing.rows import ParsedRow, Problem, RowChecker
from sipsm.aid.importing.seen import SeenKeys
from sipsm.aid.importing.writer import ChunkResult, ChunkWriter, LostClaim
from sipsm.aid.models import KpmEntry, KpmImport
from sipsm.core.audit import record_event
from sipsm.core.errors import Conflict
from sipsm.people.models import Household, HouseholdMembership, Person
from sipsm.registry.tabular import UnreadableFile

log = logging.getLogger("sipsm.aid.imports")
Progress = Callable[[KpmImport], None]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _holder_is_dead(worker: str) -> bool:
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return int(pid) == os.getpid()


def may_take_over(run: KpmImport) -> bool:
    """Whether a worker may (re)start `run` now."""
    if run.status in {KpmImport.Status.QUEUED}:
        return True
    if run.status != KpmImport.Status.RUNNING:
        return False
    if not run.worker or _holder_is_dead(run.worker):
        return True
    lease = int(setting("SIPSM_AID_IMPORT_LEASE_SECONDS"))
    beat = run.heartbeat_at or run.started_at
    return beat is None or (timezone.now() - beat).total_seconds() > lease


@transaction.atomic
def claim_import(import_id: int, *, worker: str) -> tuple[KpmImport, str]:
    run = KpmImport.objects.select_for_update().get(pk=import_id)
    if not may_take_over(run):
        raise Conflict(_("This import is already running or finished."), code="busy")
    token = secrets.token_hex(16)
    resumed = run.status == KpmImport.Status.RUNNING or run.next_row > 2
    now = timezone.now()
    run.claim = token
    run.worker = worker[:120]
    run.heartbeat_at = now
    run.status = KpmImport.Status.RUNNING
    run.started_at = run.started_at or now
    fields = ["claim", "worker", "heartbeat_at", "status", "started_at"]
    if resumed:
        run.resumed_count += 1
        run.resumed_from = [*run.resumed_from, run.next_row][-50:]
        fields += ["resumed_count", "resumed_from"]
    run.save(update_fields=fields)
    record_event(
        actor=run.created_by,
        verb="aid.import.resume" if resumed else "aid.import.start",
        target=run,
        region_code=run.created_by.scope_code or "",
        data={"from_row": run.next_row, "worker": worker},
    )
    return run, token


SQLITE_CACHE_KIB = 131072


@contextlib.contextmanager
def bulk_connection() -> Iterator[None]:
    """On SQLite, a 128 MiB page cache while importing (the default 2 MiB makes every random
    blind-index insert into a large table spill pages); restored afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


@contextlib.contextmanager
def open_source(run: KpmImport) -> Iterator[IO[bytes]]:
    if run.source_path:
        with open(run.source_path, "rb") as handle:
            yield handle
    else:
        with default_storage.open(run.file.name, "rb") as handle:
            yield handle


def _scratch(run: KpmImport) -> SeenKeys:
    return SeenKeys.for_import(
        database=str(connection.settings_dict.get("NAME")),
        import_id=run.pk,
        created=run.created_at.isoformat(),
        sha=run.content_sha256,
    )


class _Chunk:
    def __init__(self) -> None:
        self.rows: list[ParsedRow] = []
        self.problems: list[Problem] = []
        self.read = 0


def _accept(chunk: _Chunk, seen: SeenKeys) -> None:
    """Reject rows whose KK or NIK an earlier row of the file used; remember the others."""
    keys: list[str] = []
    for row in chunk.rows:
        keys += ["k" + row.kk_index[:32], "n" + row.nik_index[:32]]
    first = seen.first_rows(keys)
    accepted: list[ParsedRow] = []
    remember: list[tuple[str, int]] = []
    for row in chunk.rows:
        kk_key, nik_key = "k" + row.kk_index[:32], "n" + row.nik_index[:32]
        kk_first, nik_first = first.get(kk_key, row.row), first.get(nik_key, row.row)
        if kk_first < row.row:
            chunk.problems.append(
                Problem(
                    row.row,
                    "no_kk",
                    _("The same KK number is already in row %(row)d.") % {"row": kk_first},
                )
            )
            continue
        if nik_first < row.row:
            chunk.problems.append(
                Problem(
                    row.row,
                    "nik_pengurus",
                    _("The same NIK is already in row %(row)d.") % {"row": nik_first},
                )
            )
            continue
        first[kk_key] = first[nik_key] = row.row
        remember += [(kk_key, row.row), (nik_key, row.row)]
        accepted.append(row)
    seen.remember(remember)
    chunk.rows = accepted


def _rebuild_seen(run: KpmImport, seen: SeenKeys, checker: RowChecker) -> None:
    """The scratch file was lost: replay the checks of the rows before the checkpoint."""
    with open_source(run) as stream:
        source = RowSource(stream=stream, filename=run.filename)
        chunk = _Chunk()
        for number, cells, numeric in source.rows():
            if number == 1:
                continue
            if number >= run.next_row:
                break
            if not any(c.strip() for c in cells):
                continue
            parsed, _problems = checker.check(number, cells, numeric)
            if parsed is not None:
                chunk.rows.append(parsed)
            if len(chunk.rows) >= 2000:
                _accept(chunk, seen)
                chunk = _Chunk()
        _accept(chunk, seen)


def _write(
    writer: ChunkWriter, chunk: _Chunk, *, next_row: int, bytes_done: int, token: str
) -> ChunkResult:
    rows, problems = list(chunk.rows), list(chunk.problems)
    try:
        return writer.write(
            rows,
            problems,
            rows_read=chunk.read,
            next_row=next_row,
            bytes_done=bytes_done,
            claim=token,
        )
    except IntegrityError:
        # Another import registered the same family or person meanwhile: look again.
        log.info("import %s: retrying a chunk after a conflict", writer.run.pk)
        return writer.write(
            list(chunk.rows),
            list(chunk.problems),
            rows_read=chunk.read,
            next_row=next_row,
            bytes_done=bytes_done,
            claim=token,
        )


# The tables an import fills, whose planner statistics it keeps fresh (see `_Commits`).
FILLED_TABLES = (Household, Person, HouseholdMembership, KpmEntry)
FIRST_ANALYZE_ROWS = 10_000


def analyze_filled_tables() -> None:
    """PostgreSQL: refresh the planner statistics of the tables an import fills. ANALYZE reads
    a sample (about 30,000 rows a table), so it takes well under a second however large the
    tables are. Without fresh statistics the planner takes a freshly loaded table for a small
    one: with 1,000,000 entries it answered each chunk's "already on the list?" question by
    reading the whole period (0.45 s a query) instead of probing the blind-index index 2,000
    times. Autovacuum analyzes too, but only after the fact (and it may be switched off)."""
    if connection.vendor != "postgresql":
        return  # SQLite's planner without statistics already prefers the unique indexes
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in FILLED_TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


class _Commits:
    """Groups chunk writes into transactions of about `rows` rows.

    Each chunk is written (with its checkpoint) in a savepoint of the open transaction; the
    transaction commits once enough rows are in. Memory stays at one chunk, while the
    database commits, and on SQLite checkpoints its write-ahead log, ten times less often
    (every commit rewrites the index pages a chunk touched, and a national list touches
    pages all over its random blind-index keys). A crash loses at most the rows since the
    last commit: the committed checkpoint says where to go on.

    After a commit, once the rows committed have doubled since the last time (10,000,
    20,000, 40,000, ...), and after the last one, the planner statistics are refreshed
    (`analyze_filled_tables`), so they stay within a factor of two of the truth however large
    the list grows.
    """

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.pending = 0
        self.committed = 0
        self.analyze_at = FIRST_ANALYZE_ROWS
        self.stack = contextlib.ExitStack()

    @contextlib.contextmanager
    def chunk(self, rows: int) -> Iterator[None]:
        """Around the writing of one chunk of `rows` rows (an exception leaves the
        transaction open for `abandon`)."""
        if self.pending == 0:
            self.stack.enter_context(transaction.atomic())
        yield
        self.pending += max(1, rows)
        if self.pending >= self.rows:
            self.commit()

    def commit(self, *, last: bool = False) -> None:
        """Commit the open transaction; `last`: the import is complete, so refresh the
        statistics for the next import and the pages that read the list."""
        self.committed += self.pending
        self.pending = 0
        self.stack.close()
        if last or self.committed >= self.analyze_at:
            self.analyze_at = 2 * self.committed
            analyze_filled_tables()

    def abandon(self, exc: BaseException) -> None:
        """Roll the open transaction back (an exception is on its way up)."""
        self.pending = 0
        self.stack.__exit__(type(exc), exc, exc.__traceback__)


def run_import(
    import_id: int,
    *,
    worker: str | None = None,
    progress: Progress | None = None,
    chunk_size: int | None = None,
    commit_rows: int | None = None,
) -> KpmImport:
    """Import (or go on importing) `import_id` to the end; returns the finished import."""
    run, token = claim_import(import_id, worker=worker or worker_name())
    size = max(1, chunk_size or int(setting("SIPSM_AID_IMPORT_CHUNK")))
    commits = _Commits(max(size, commit_rows or int(setting("SIPSM_AID_IMPORT_COMMIT_ROWS"))))
    mapping = {str(k): int(v) for k, v in run.mapping.items()}
    checker = RowChecker(run.created_by, mapping)
    writer = ChunkWriter(run)
    seen = _scratch(run)
    try:
        if run.next_row > 2 and not seen.existed:
            _rebuild_seen(run, seen, checker)
        seen.forget_from(run.next_row)
        with bulk_connection(), open_source(run) as stream:
            source = RowSource(stream=stream, filename=run.filename, size=run.size_bytes)
            chunk = _Chunk()
            start = last = run.next_row - 1
            for number, cells, numeric in source.rows():
                if number <= start:
                    continue
                last = number
                if not any(c.strip() for c in cells):
                    continue
                chunk.read += 1
                parsed, problems = checker.check(number, cells, numeric)
                if problems:
                    chunk.problems.extend(problems)
                if parsed is not None:
                    chunk.rows.append(parsed)
                if chunk.read >= size:
                    _accept(chunk, seen)
                    with commits.chunk(chunk.read):
                        _write(
                            writer,
                            chunk,
                            next_row=number + 1,
                            bytes_done=source.progress_bytes(number),
                            token=token,
                        )
                    chunk = _Chunk()
                    if progress is not None:
                        progress(run)
            _accept(chunk, seen)
            with commits.chunk(chunk.read):
                _write(writer, chunk, next_row=last + 1, bytes_done=run.size_bytes, token=token)
            commits.commit(last=True)
        finished = _finish(run.pk, token, error="")
        seen.close(delete=True)
        return finished
    except UnreadableFile as exc:
        # The rows before the damage stay (as when a worker dies there); the import fails.
        commits.commit()
        seen.close(delete=True)
        return _finish(run.pk, token, error=str(exc))
    except LostClaim as exc:
        commits.abandon(exc)
        seen.close()
        log.warning("import %s was taken over by another worker", run.pk)
        return KpmImport.objects.get(pk=run.pk)
    except BaseException as exc:
        commits.abandon(exc)
        seen.close()
        raise


@transaction.atomic
def _finish(import_id: int, token: str, *, error: str) -> KpmImport:
    run = KpmImport.objects.select_for_update().select_related("created_by").get(pk=import_id)
    if run.claim != token:
        return run
    run.status = KpmImport.Status.FAILED if error else KpmImport.Status.DONE
    run.file_error = error
    run.finished_at = timezone.now()
    run.heartbeat_at = run.finished_at
    run.claim = ""
    if not error:
        run.bytes_done = run.size_bytes
    run.save(
        update_fields=["status", "file_error", "finished_at", "heartbeat_at", "claim", "bytes_done"]
    )
    record_event(
        actor=run.created_by,
        verb="aid.import.finish",
        target=run,
        region_code=run.created_by.scope_code or "",
        data={
            "rows": run.rows_read,
            "created": run.created_count,
            "updated": run.updated_count,
            "unchanged": run.unchanged_count,
            "rejected": run.rejected_count,
            "resumed": run.resumed_count,
            "error": error[:200],
        },
    )
    return run
