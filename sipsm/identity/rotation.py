"""Key rotation: re-encrypt stored values under the primary field key, recompute blind indexes.

Rotating the encryption key (security-reliability.md G1, ASVS 11.2.2):

1. put the new key first in `SIPSM_FIELD_KEYS` (`new:...,old:...`) and restart;
2. run `sipsm rotate_field_keys`: every value of every `EncryptedTextField` whose key id is
   not the primary one is decrypted and encrypted again under the primary key;
3. when `--check` reports no value under the old key, remove it from `SIPSM_FIELD_KEYS`.

Rotating the blind-index key: change `SIPSM_BLIND_INDEX_KEY` and run the command with
`--reindex`, which recomputes every `BlindIndexField` of every row (lookups by NIK find
nothing between the restart and the end of that run).

The stored ciphertext is read with a cast to plain text, so the field never decrypts it and a
row under an unknown key is reported instead of stopping the run. Rows are handled in batches
ordered by primary key, each batch in its own transaction with its rows locked (on PostgreSQL),
so a long run can be interrupted and started again: finished batches stay rotated.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models.functions import Cast

from sipsm.identity import crypto
from sipsm.identity.fields import BlindIndexField, EncryptedTextField

DEFAULT_BATCH_SIZE = 500


@dataclass(frozen=True)
class Source:
    """A column that is encrypted, or that a blind index is computed from (or both)."""

    model: type[models.Model]
    field: models.Field[Any, Any]
    indexes: tuple[BlindIndexField, ...]

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"

    @property
    def encrypted(self) -> bool:
        return isinstance(self.field, EncryptedTextField)


@dataclass
class SourceReport:
    """What was found in (and done to) one column."""

    label: str
    encrypted: bool
    rows: int = 0
    empty: int = 0
    by_key: Counter[str] = field(default_factory=Counter)
    malformed: int = 0
    unknown_key: int = 0
    reencrypted: int = 0
    undecryptable: int = 0
    index_updates: Counter[str] = field(default_factory=Counter)

    @property
    def unreadable(self) -> int:
        """Values that cannot be decrypted with the configured keys."""
        return self.malformed + self.unknown_key + self.undecryptable

    def pending(self, primary_key_id: str) -> int:
        """Values under a configured key other than the primary one."""
        return sum(n for key_id, n in self.by_key.items() if key_id != primary_key_id) - (
            self.unknown_key
        )

    def as_data(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "empty": self.empty,
            "by_key": dict(sorted(self.by_key.items())),
            "malformed": self.malformed,
            "unknown_key": self.unknown_key,
            "undecryptable": self.undecryptable,
            "reencrypted": self.reencrypted,
            "index_updates": dict(sorted(self.index_updates.items())),
        }


@dataclass
class RotationReport:
    primary_key_id: str
    key_ids: list[str]
    check: bool
    reindex: bool
    sources: list[SourceReport] = field(default_factory=list)

    @property
    def reencrypted(self) -> int:
        return sum(s.reencrypted for s in self.sources)

    @property
    def index_updates(self) -> int:
        return sum(sum(s.index_updates.values()) for s in self.sources)

    @property
    def unreadable(self) -> int:
        return sum(s.unreadable for s in self.sources)

    @property
    def pending(self) -> int:
        return sum(s.pending(self.primary_key_id) for s in self.sources)

    def as_data(self) -> dict[str, Any]:
        """The audit payload: counts and key ids only, never a value or a key."""
        return {
            "primary_key_id": self.primary_key_id,
            "key_ids": self.key_ids,
            "reindex": self.reindex,
            "reencrypted": self.reencrypted,
            "index_updates": self.index_updates,
            "unreadable": self.unreadable,
            "columns": {s.label: s.as_data() for s in self.sources},
        }


def sources() -> list[Source]:
    """Every encrypted column and every blind-index source column of the installed models."""
    found: list[Source] = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        local = list(meta.local_concrete_fields)
        indexes_by_source: dict[str, list[BlindIndexField]] = defaultdict(list)
        for f in local:
            if isinstance(f, BlindIndexField):
                indexes_by_source[f.source].append(f)
        for f in local:
            if isinstance(f, EncryptedTextField) or f.name in indexes_by_source:
                found.append(
                    Source(model=model, field=f, indexes=tuple(indexes_by_source.get(f.name, ())))
                )
    return found


def rotate_field_keys(
    *,
    check: bool = False,
    reindex: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    using: str = DEFAULT_DB_ALIAS,
    progress: Callable[[str, int], None] | None = None,
) -> RotationReport:
    """Re-encrypt every value not under the primary key (and, with `reindex`, recompute
    every blind index). With `check`, only count and write nothing.

    `progress(label, rows)` is called after each batch of a model with the rows done so far.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    ring = crypto.keyring()
    report = RotationReport(
        primary_key_id=ring.primary_id, key_ids=list(ring.keys), check=check, reindex=reindex
    )
    by_model: dict[type[models.Model], list[Source]] = defaultdict(list)
    for source in sources():
        by_model[source.model].append(source)
    for model, model_sources in by_model.items():
        reports = [SourceReport(label=s.label, encrypted=s.encrypted) for s in model_sources]
        report.sources.extend(reports)
        done = 0
        for batch_rows in _rotate_model(
            model,
            model_sources,
            reports,
            ring=ring,
            check=check,
            reindex=reindex,
            batch_size=batch_size,
            using=using,
        ):
            done += batch_rows
            if progress is not None:
                progress(model._meta.label, done)
    return report


def _rotate_model(
    model: type[models.Model],
    model_sources: list[Source],
    reports: list[SourceReport],
    *,
    ring: crypto.Keyring,
    check: bool,
    reindex: bool,
    batch_size: int,
    using: str,
) -> Iterator[int]:
    manager = model._base_manager.db_manager(using)
    # Encrypted columns are read as plain text (no decryption by the field); index columns too.
    selected: dict[str, Any] = {}
    columns: list[tuple[str, list[str]]] = []
    for i, source in enumerate(model_sources):
        value_name = f"_sipsm_value_{i}"
        selected[value_name] = (
            Cast(source.field.attname, output_field=models.TextField())
            if source.encrypted
            else models.F(source.field.attname)
        )
        index_names = []
        for j, index in enumerate(source.indexes):
            index_name = f"_sipsm_index_{i}_{j}"
            selected[index_name] = models.F(index.attname)
            index_names.append(index_name)
        columns.append((value_name, index_names))

    last_pk: Any = None
    while True:
        with transaction.atomic(using=using):
            queryset = manager.order_by("pk")
            if last_pk is not None:
                queryset = queryset.filter(pk__gt=last_pk)
            if not check:
                queryset = queryset.select_for_update()
            rows = list(queryset.annotate(**selected).values("pk", *selected.keys())[:batch_size])
            if not rows:
                return
            for row in rows:
                updates: dict[str, Any] = {}
                for source, source_report, (value_name, index_names) in zip(
                    model_sources, reports, columns, strict=True
                ):
                    updates.update(
                        _handle_value(
                            source,
                            source_report,
                            row[value_name],
                            [row[name] for name in index_names],
                            ring=ring,
                            check=check,
                            reindex=reindex,
                        )
                    )
                if updates and not check:
                    manager.filter(pk=row["pk"]).update(**updates)
            last_pk = rows[-1]["pk"]
        yield len(rows)


def _handle_value(
    source: Source,
    report: SourceReport,
    stored: Any,
    current_indexes: list[str | None],
    *,
    ring: crypto.Keyring,
    check: bool,
    reindex: bool,
) -> dict[str, Any]:
    """Count one stored value and return the column updates it needs (plaintext for the
    encrypted column, which the field encrypts under the primary key on write)."""
    report.rows += 1
    if stored is None or stored == "":
        report.empty += 1
        plaintext: str | None = None
        rewrite = False
    elif not source.encrypted:
        plaintext = str(stored)
        rewrite = False
    else:
        key_id = crypto.token_key_id(stored)
        if key_id is None:
            report.malformed += 1
            return {}
        report.by_key[key_id] += 1
        if key_id not in ring.keys:
            report.unknown_key += 1
            return {}
        rewrite = key_id != ring.primary_id
        if check or not (rewrite or reindex):
            return {}
        assert isinstance(source.field, EncryptedTextField)
        try:
            plaintext = ring.decrypt(stored, context=source.field.cipher_context)
        except crypto.DecryptionError:
            report.undecryptable += 1
            return {}
    if check:
        return {}
    updates: dict[str, Any] = {}
    if rewrite:
        updates[source.field.attname] = plaintext
        report.reencrypted += 1
    if rewrite or reindex:
        for index, current in zip(source.indexes, current_indexes, strict=True):
            new = index.index_of(plaintext)
            if new != current:
                updates[index.attname] = new
                report.index_updates[f"{source.model._meta.label}.{index.name}"] += 1
    return updates
