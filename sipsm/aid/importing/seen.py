"""The KK and NIK numbers an import has already accepted, on disk so that memory stays flat.

A small SQLite file per import (in the temporary folder) maps each blind-index key to the
first row that used it. It is always committed before the chunk it describes, and a resumed
import first forgets every key of a row at or after its checkpoint, so the file never says
more than the database. When the file is gone (another machine resumes), the runner rebuilds
it from the rows before the checkpoint.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path

CACHE_KIB = 65536


class SeenKeys:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.existed = path.exists()
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=OFF")
        # A national list leaves two million random keys here: with SQLite's default 2 MiB
        # page cache every insert would read its page back from the file.
        self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self.db.execute("CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, row INTEGER)")

    @classmethod
    def for_import(cls, *, database: str, import_id: int, created: str, sha: str) -> SeenKeys:
        tag = hashlib.sha256(f"{database}|{import_id}|{created}|{sha}".encode()).hexdigest()
        return cls(Path(tempfile.gettempdir()) / f"sipsm-aid-import-{tag[:24]}.sqlite3")

    def forget_from(self, row: int) -> None:
        self.db.execute("DELETE FROM seen WHERE row >= ?", (row,))

    def first_rows(self, keys: Iterable[str]) -> dict[str, int]:
        wanted = list(set(keys))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 900):
            part = wanted[start : start + 900]
            marks = ",".join("?" * len(part))
            found.update(
                self.db.execute(
                    f"SELECT key, row FROM seen WHERE key IN ({marks})",  # noqa: S608
                    part,
                ).fetchall()
            )
        return found

    def remember(self, pairs: list[tuple[str, int]]) -> None:
        if not pairs:
            return
        self.db.execute("BEGIN")
        self.db.executemany("INSERT OR IGNORE INTO seen (key, row) VALUES (?, ?)", pairs)
        self.db.execute("COMMIT")

    def close(self, *, delete: bool = False) -> None:
        self.db.close()
        if delete:
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
