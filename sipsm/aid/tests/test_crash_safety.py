"""Crash-safe KPM imports (security-reliability.md H4): a real `sipsm import_kpm` process is
killed with SIGKILL at random points and started again until it finishes; the final state
must equal that of an uninterrupted import of the same file: same families, same members,
same row report, same counters, no duplicate NIK, no half-written family.

The test database must be visible to the child processes: on PostgreSQL it is (the data is
committed by `transactional_db`); SQLite's in-memory test database is copied to files with
the backup API, one for the uninterrupted import and one for the killed one.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from sipsm.aid.tests.files import HEADER, kpm_row, write_csv
from sipsm.aid.tests.support import make_period, make_program
from sipsm.testing import build_world

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 3000
CHUNK = 50
KILLS = 6
ROOT = Path(__file__).resolve().parents[3]


def _file(path: Path, villages: list[str]) -> None:
    rows = []
    for i in range(ROWS):
        row = kpm_row(villages[i % len(villages)], i)
        if i % 97 == 5:
            row["nik_pengurus"] = "3.27E+15"
        if i % 131 == 7:
            row["no_kk"] = kpm_row(villages[0], i - 3)["no_kk"]  # a KK of an earlier row
        rows.append(row)
    write_csv(path, iter(rows))
    assert list(rows[0]) == HEADER


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "sipsm.settings"),
            "DATABASE_URL": database_url,
            "SECRET_KEY": settings.SECRET_KEY,
            "SIPSM_FIELD_KEYS": settings.SIPSM_FIELD_KEYS,
            "SIPSM_BLIND_INDEX_KEY": settings.SIPSM_BLIND_INDEX_KEY,
            "TASKS_BACKEND": "dummy",
            "LOG_LEVEL": "WARNING",
        }
    )
    for name in ("SECRET_KEY", "SIPSM_FIELD_KEYS", "SIPSM_BLIND_INDEX_KEY"):
        env.pop(f"{name}_FILE", None)
    return env


def _command(period_id: int, path: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sipsm",
        "import_kpm",
        str(path),
        "--period",
        str(period_id),
        "--user",
        "kabupaten",
        "--chunk-size",
        str(CHUNK),
    ]


def _run_to_end(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _run_with_kills(command: list[str], env: dict[str, str], rng: random.Random) -> int:
    """Start the import and SIGKILL it at a random point (after 0-3 committed chunks and a
    random fraction of the next one), `KILLS` times; then let it finish. Returns how many
    kills hit an unfinished import."""
    kills = 0
    for _attempt in range(KILLS):
        child = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        assert child.stdout is not None
        wanted = rng.randint(0, 3)
        chunks = 0
        finished = False
        for line in child.stdout:
            chunks += line.startswith("chunk")
            finished = finished or " done:" in line
            if finished or (chunks >= wanted and line.startswith(("chunk", "import"))):
                break
        if not finished:
            time.sleep(rng.uniform(0, 0.05))
            os.kill(child.pid, signal.SIGKILL)
            kills += 1
        child.wait(timeout=120)
        if finished:
            break
    _run_to_end(command, env)
    return kills


CANONICAL = {
    "entries": (
        "SELECT e.kk_index, e.nik_index, e.village_id, e.fingerprint, e.source_row, "
        "e.pengurus_name, e.other_members, h.kk_index, h.head_name, p.nik_index, p.name_key "
        "FROM aid_kpmentry e JOIN people_household h ON h.id = e.household_id "
        "JOIN people_person p ON p.id = e.pengurus_id ORDER BY e.kk_index"
    ),
    "members": (
        "SELECT h.kk_index, p.name_key, COALESCE(p.nik_index, ''), m.relationship "
        "FROM people_householdmembership m JOIN people_household h ON h.id = m.household_id "
        "JOIN people_person p ON p.id = m.person_id ORDER BY 1, 2, 3"
    ),
    "problems": (
        'SELECT "row", "column", severity, message FROM aid_kpmimportproblem '
        'ORDER BY "row", severity, message'
    ),
    "counts": (
        "SELECT (SELECT COUNT(*) FROM people_household), (SELECT COUNT(*) FROM people_person), "
        "(SELECT COUNT(*) FROM people_householdmembership), (SELECT COUNT(*) FROM aid_kpmentry)"
    ),
    "run": (
        "SELECT status, rows_read, created_count, updated_count, unchanged_count, "
        "rejected_count, warning_count, next_row FROM aid_kpmimport"
    ),
    "duplicate_niks": (
        "SELECT nik_index FROM people_person WHERE nik_index IS NOT NULL "
        "GROUP BY nik_index HAVING COUNT(*) > 1"
    ),
    "half_families": (
        "SELECT h.id FROM people_household h LEFT JOIN aid_kpmentry e ON e.household_id = h.id "
        "WHERE e.id IS NULL OR (SELECT COUNT(*) FROM people_householdmembership m "
        "WHERE m.household_id = h.id) <> 4"
    ),
}


def _canonical(cursor: Any) -> dict[str, list[tuple[Any, ...]]]:
    state = {}
    for name, sql in CANONICAL.items():
        cursor.execute(sql)
        state[name] = [tuple(row) for row in cursor.fetchall()]
    return state


@contextmanager
def _sqlite_copy(path: Path) -> Iterator[str]:
    target = sqlite3.connect(str(path))
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    yield f"sqlite:///{path}"


def _resumed(cursor: Any) -> tuple[int, str]:
    cursor.execute("SELECT resumed_count, resumed_from FROM aid_kpmimport")
    count, rows = cursor.fetchone()
    return int(count), str(rows)


def test_it_reaches_the_same_state_after_sigkills_at_random_points(tmp_path: Path) -> None:
    world = build_world()
    period = make_period(make_program())
    villages = [world.village_a.code, world.village_b.code]
    source = tmp_path / "kpm.csv"
    _file(source, villages)
    command = _command(period.pk, source)
    rng = random.Random(os.environ.get("SIPSM_CHAOS_SEED", "5"))

    if connection.vendor == "sqlite":
        with (
            _sqlite_copy(tmp_path / "ref.sqlite3") as ref_url,
            _sqlite_copy(tmp_path / "chaos.sqlite3") as chaos_url,
        ):
            _run_to_end(command, _env(ref_url))
            kills = _run_with_kills(command, _env(chaos_url), rng)
        with sqlite3.connect(tmp_path / "ref.sqlite3") as ref:
            expected = _canonical(ref.cursor())
        with sqlite3.connect(tmp_path / "chaos.sqlite3") as chaos:
            actual = _canonical(chaos.cursor())
            resumed = _resumed(chaos.cursor())
    else:
        url = _database_url()
        _run_to_end(command, _env(url))
        with connection.cursor() as cursor:
            expected = _canonical(cursor)
            for table in (
                "aid_kpmimportproblem",
                "aid_kpmentry",
                "aid_kpmimport",
                "people_householdmembership",
                "people_person",
                "people_household",
            ):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        kills = _run_with_kills(command, _env(url), rng)
        with connection.cursor() as cursor:
            actual = _canonical(cursor)
            resumed = _resumed(cursor)

    assert kills == KILLS
    assert resumed[0] >= 1, resumed
    assert actual["duplicate_niks"] == []
    assert actual["half_families"] == []
    assert actual["run"][0][0] == "done"
    assert expected["counts"] == actual["counts"]
    assert expected["run"] == actual["run"]
    assert expected["problems"] == actual["problems"]
    assert expected["members"] == actual["members"]
    assert expected["entries"] == actual["entries"]
    assert len(actual["entries"]) == ROWS - len(
        {p[0] for p in actual["problems"] if p[2] == "error"}
    )


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"
