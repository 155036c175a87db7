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
    batch_size: int = 2000,
) -> int:
    """Insert `rows` (tuples in the order of `columns`, database-ready) into `model`'s table."""
    quote = connection.ops.quote_name
    # Table and column names come from the model and are quoted; values are parameters.
    sql = "INSERT INTO {table} ({columns}) VALUES ({values})".format(  # noqa: S608
        table=quote(model._meta.db_table),
        columns=", ".join(quote(c) for c in columns),
        values=", ".join(["%s"] * len(columns)),
    )
    written = 0
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written
