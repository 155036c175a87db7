"""A scratch database for the benchmarks, set up before Django reads its settings.

By default a temporary SQLite file; with BENCH_DATABASE_URL (e.g.
`postgres://postgres@127.0.0.1:5432/sipsm_bench`) a fresh `test_<name>` database is created on
that server with Django's test-database machinery and dropped at the end. Keys and secrets are
random for each run, so nothing of a developer's data or keys is touched.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Scratch:
    directory: Path
    database_url: str
    vendor: str = ""
    database_name: str = ""
    created_test_db: bool = False

    def close(self, *, keep: bool) -> None:
        if self.created_test_db and not keep:
            from django.db import connection

            connection.creation.destroy_test_db(self.database_name, verbosity=0)
        if not keep:
            shutil.rmtree(self.directory, ignore_errors=True)


def prepare() -> Scratch:
    """Point Django at a scratch database, set it up, and migrate it."""
    directory = Path(tempfile.mkdtemp(prefix="sipsm-bench-"))
    url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    database_url = url or f"sqlite:///{(directory / 'bench.sqlite3').as_posix()}"
    for name in ("SECRET_KEY", "SIPSM_FIELD_KEYS", "SIPSM_BLIND_INDEX_KEY"):
        os.environ.pop(f"{name}_FILE", None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "sipsm.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "false",  # no query log kept in memory while timing
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SIPSM_FIELD_KEYS": "bench:" + secrets.token_urlsafe(32),
            "SIPSM_BLIND_INDEX_KEY": secrets.token_urlsafe(32),
            "SIPSM_VAR_DIR": str(directory),
            "SIPSM_DEMO": "true",  # scratch accounts may sign in without a second factor
            "STATIC_ROOT": str(directory / "static"),
            "MEDIA_ROOT": str(directory / "media"),
            "TASKS_BACKEND": "dummy",
            "LOG_LEVEL": "WARNING",
        }
    )

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    scratch = Scratch(directory=directory, database_url=database_url, vendor=connection.vendor)
    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0, interactive=False)
        scratch.database_name = str(directory / "bench.sqlite3")
    else:
        scratch.database_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
        scratch.created_test_db = True
    return scratch
