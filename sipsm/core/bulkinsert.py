"""Inserting many rows at once without the ORM's per-field work.

`bulk_create` prepares every field of every row in Python (about 100 µs a row); for a call-out
that alerts ten thousand PSMs that is most of the time. Here the caller gives values that are
already what the database stores (strings, numbers, booleans, and datetimes passed through
`db_datetime`), and one `executemany` per batch writes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def db_datetime(value: dt.datetime) -> Any:
    """A timezone-aware datetime in the form this database stores."""
    return connection.ops.adapt_datetimefield_value(value)


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch_size: int = 1000,
) -> int:
    """Insert `rows` (tuples in the order of `columns`, database-ready) into `model`'s table.

    PostgreSQL gets the rows through COPY (one stream, no SQL to parse per row); SQLite gets
    statements that carry many rows each (`VALUES (...), (...), ...`).
    """
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        return _copy_rows(model, columns, rows)
    head = "INSERT INTO {table} ({columns}) VALUES ".format(  # noqa: S608
        table=quote(model._meta.db_table),
        columns=", ".join(quote(c) for c in columns),
    )
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # SQLite allows 32,766 parameters in one statement.
    per_statement = max(1, min(batch_size, 30_000 // max(1, len(columns))))
    written = 0
    batch: list[Any] = []
    count = 0
    with connection.cursor() as cursor:
        for row in rows:
            batch.extend(row)
            count += 1
            if count >= per_statement:
                cursor.execute(head + ", ".join([one] * count), batch)
                written += count
                batch, count = [], 0
        if count:
            cursor.execute(head + ", ".join([one] * count), batch)
            written += count
    return written


def _copy_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    quote = connection.ops.quote_name
    statement = "COPY {table} ({columns}) FROM STDIN".format(
        table=quote(model._meta.db_table), columns=", ".join(quote(c) for c in columns)
    )
    written = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
    return written
