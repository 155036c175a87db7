"""Writing one chunk of checked rows: families with their members, the KPM entries, the
chunk's problems and the import's checkpoint, all in one transaction.

Every row is upserted on (period, KK blind index): an entry whose row fingerprint did not
change is left alone, a changed one is updated, a new one is inserted together with what it
needs in the people register: the family (`people.Household`, found by KK blind index or
registered), the pengurus (`people.Person`, found by NIK blind index or registered) and the
other members named on the list, each on the family card. Rows go in through
`sipsm.core.bulkinsert.insert_rows` (COPY on PostgreSQL, multi-row VALUES on SQLite) with ids
taken beforehand from the table's sequence, so no row is read back.

The checkpoint is only written while this worker still holds the import (`claim`); a worker
that lost it rolls the chunk back.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.aid.importing.rows import ParsedRow, Problem
from sipsm.aid.models import KpmEntry, KpmImport, KpmImportProblem
from sipsm.core.bulkinsert import db_datetime, insert_rows
from sipsm.identity import crypto
from sipsm.people.models import Household, HouseholdMembership, Person, Relationship
from sipsm.people.names import name_key

HOUSEHOLD_COLUMNS = [
    "id",
    "head_name",
    "kk",
    "kk_index",
    "village_id",
    "address",
    "merged_into_id",
    "created_by_id",
    "created_at",
    "updated_at",
]
PERSON_COLUMNS = [
    "id",
    "full_name",
    "name_key",
    "sex",
    "birth_date",
    "estimated_birth_year",
    "birth_place",
    "nik",
    "nik_index",
    "village_id",
    "address",
    "phone",
    "merged_into_id",
    "merged_at",
    "created_by_id",
    "created_at",
    "updated_at",
]
MEMBERSHIP_COLUMNS = [
    "id",
    "household_id",
    "person_id",
    "relationship",
    "since",
    "until",
    "end_reason",
    "recorded_by_id",
]
ENTRY_COLUMNS = [
    "id",
    "program_id",
    "period_id",
    "village_id",
    "household_id",
    "pengurus_id",
    "kk_index",
    "nik_index",
    "pengurus_name",
    "head_name",
    "other_members",
    "kks_number",
    "kks_index",
    "account_number",
    "mother_maiden_name",
    "membership_status",
    "dtks_id",
    "dtks_member_id",
    "pkh_number",
    "pkh_status",
    "desil",
    "fingerprint",
    "source_import_id",
    "source_row",
    "created_at",
    "updated_at",
]
# The columns an update of a changed entry sets (all but id, program, period, created_at).
UPDATE_COLUMNS = [
    c for c in ENTRY_COLUMNS if c not in {"id", "program_id", "period_id", "created_at"}
]
PROBLEM_COLUMNS = ["kpm_import_id", "row", "column", "severity", "message"]


class LostClaim(RuntimeError):
    """Another worker took the import over; this chunk is rolled back."""


@dataclass
class ChunkResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected_rows: set[int] = field(default_factory=set)
    warnings: int = 0


def complete_columns(
    model: type[models.Model], given: list[str]
) -> tuple[list[str], tuple[Any, ...]]:
    """`given` plus every other column of the table, with the value its field's default puts
    there (the people register grows fields; an insert must still fill them)."""
    columns = list(given)
    extra: list[Any] = []
    for model_field in model._meta.concrete_fields:
        if model_field.column in given:
            continue
        value = model_field.get_default() if model_field.has_default() else None
        columns.append(model_field.column)
        extra.append(model_field.get_db_prep_save(value, connection) if value is not None else None)
    return columns, tuple(extra)


def _context(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).cipher_context)  # type: ignore[union-attr]


def _select(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


def _select_in(template: str, fixed: list[Any], keys: Sequence[Any]) -> list[tuple[Any, ...]]:
    """`template` with `{marks}` standing for one placeholder per key (none: no query)."""
    if not keys:
        return []
    sql = template.format(marks=", ".join(["%s"] * len(keys)))
    return _select(sql, [*fixed, *keys])


def _indexed_by(index: str) -> str:
    """On SQLite, `INDEXED BY index ` (with its trailing space), else nothing.

    Without statistics (the import runs ANALYZE on PostgreSQL only) SQLite takes
    `merged_into_id IS NULL` (or `duplicate_of_id IS NULL`) for a selective equality and,
    once the IN list is longer than a few keys, walks that foreign-key index instead of the
    partial unique index on the blind index: every unmerged record of the register, once per
    chunk, so the import slowed down as the register grew. PostgreSQL plans from its statistics
    and needs no hint.
    """
    return f"INDEXED BY {index} " if connection.vendor == "sqlite" else ""


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys of `model`'s table (call inside the writing transaction)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        rows = _select(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [int(r[0]) for r in rows]
    quoted = connection.ops.quote_name(table)
    (highest,) = _select(f"SELECT MAX(id) FROM {quoted}", [])[0]  # noqa: S608
    sequence = _select("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
    start = max(int(highest or 0), int(sequence[0][0]) if sequence else 0) + 1
    return list(range(start, start + count))


class ChunkWriter:
    def __init__(self, run: KpmImport) -> None:
        self.run = run
        self.keyring = crypto.keyring()
        self.aead = AESGCM(self.keyring.keys[self.keyring.primary_id])
        self.prefix = f"{crypto.PREFIX}${self.keyring.primary_id}$"
        self.ctx_kk = _context(Household, "kk")
        self.ctx_household_address = _context(Household, "address")
        self.ctx_nik = _context(Person, "nik")
        self.ctx_kks = _context(KpmEntry, "kks_number")
        self.ctx_account = _context(KpmEntry, "account_number")
        self.ctx_mother = _context(KpmEntry, "mother_maiden_name")
        self.household_columns, self.household_extra = complete_columns(
            Household, HOUSEHOLD_COLUMNS
        )
        self.person_columns, self.person_extra = complete_columns(Person, PERSON_COLUMNS)
        self.membership_columns, self.membership_extra = complete_columns(
            HouseholdMembership, MEMBERSHIP_COLUMNS
        )
        self.entry_columns, self.entry_extra = complete_columns(KpmEntry, ENTRY_COLUMNS)

    def _enc(self, value: str, context: str) -> str:
        """`Keyring.encrypt` with the cipher prepared once: the same `v1$<id>$...` tokens."""
        if not value:
            return ""
        nonce = os.urandom(crypto.NONCE_BYTES)
        sealed = self.aead.encrypt(nonce, value.encode("utf-8"), context.encode("utf-8"))
        token = base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")
        return f"{self.prefix}{token}"

    def write(
        self,
        rows: list[ParsedRow],
        problems: list[Problem],
        *,
        rows_read: int,
        next_row: int,
        bytes_done: int,
        claim: str,
    ) -> ChunkResult:
        with transaction.atomic():
            result = self._write_rows(rows, problems)
            self._write_problems(problems, result)
            self._checkpoint(
                result, rows_read=rows_read, next_row=next_row, bytes_done=bytes_done, claim=claim
            )
        return result

    # -- the rows ------------------------------------------------------------------------

    def _write_rows(self, rows: list[ParsedRow], problems: list[Problem]) -> ChunkResult:
        result = ChunkResult()
        if not rows:
            return result
        run = self.run
        period_id = run.period_id
        kk_keys = [r.kk_index for r in rows]
        existing = {
            row[0]: row[1:]
            for row in _select_in(
                "SELECT kk_index, id, nik_index, fingerprint, household_id, pengurus_id "
                "FROM aid_kpmentry WHERE period_id = %s AND kk_index IN ({marks})",
                [period_id],
                kk_keys,
            )
        }
        nik_owner = dict(
            _select_in(
                "SELECT nik_index, kk_index FROM aid_kpmentry "
                "WHERE period_id = %s AND nik_index IN ({marks})",
                [period_id],
                [r.nik_index for r in rows],
            )
        )
        todo: list[ParsedRow] = []
        for row in rows:
            owner = nik_owner.get(row.nik_index)
            if owner is not None and owner != row.kk_index:
                problems.append(
                    Problem(
                        row.row,
                        "nik_pengurus",
                        _("This NIK is already on the list of this period for another family."),
                    )
                )
                continue
            found = existing.get(row.kk_index)
            if found is not None and found[2] == row.fingerprint:
                result.unchanged += 1
                continue
            todo.append(row)
        if not todo:
            return result

        new_family_kks = [r.kk_index for r in todo if r.kk_index not in existing]
        households = dict(
            _select_in(
                "SELECT kk_index, id FROM people_household "  # noqa: S608 (constant hint)
                + _indexed_by("people_household_kk_once")
                + "WHERE merged_into_id IS NULL AND kk_index IN ({marks})",
                [],
                new_family_kks,
            )
        )
        # The register's holder of each NIK: not merged, not a pending duplicate (the
        # conditions of the partial unique index people_person_nik_once, so that the lookup
        # can be an index search).
        persons = dict(
            _select_in(
                "SELECT nik_index, id FROM people_person "  # noqa: S608 (constant hint)
                + _indexed_by("people_person_nik_once")
                + "WHERE merged_into_id IS NULL AND duplicate_of_id IS NULL "
                "AND nik_index IN ({marks})",
                [],
                [r.nik_index for r in todo],
            )
        )
        person_home = dict(
            _select_in(
                "SELECT person_id, household_id FROM people_householdmembership "
                "WHERE until IS NULL AND person_id IN ({marks})",
                [],
                list(persons.values()),
            )
        )
        known_households = [existing[r.kk_index][3] for r in todo if r.kk_index in existing]
        known_households += [households[k] for k in new_family_kks if k in households]
        members: dict[int, set[str]] = {}
        for household_id, key in _select_in(
            "SELECT m.household_id, p.name_key FROM people_householdmembership m "
            "JOIN people_person p ON p.id = m.person_id "
            "WHERE m.until IS NULL AND m.household_id IN ({marks})",
            [],
            known_households,
        ):
            members.setdefault(household_id, set()).add(key)

        now = timezone.now()
        stamp = db_datetime(now)
        adapt_date = connection.ops.adapt_datefield_value
        today = adapt_date(timezone.localdate())
        user_id = run.created_by_id
        new_households: list[tuple[Any, ...]] = []
        new_persons: list[tuple[Any, ...]] = []
        new_memberships: list[tuple[Any, ...]] = []
        new_entries: list[tuple[Any, ...]] = []
        updates: list[list[Any]] = []

        # Count what must be created first, then take the ids in one go per table.
        plans = []
        person_count = household_count = 0
        for row in todo:
            found = existing.get(row.kk_index)
            household_id = found[3] if found else households.get(row.kk_index)
            is_new_household = household_id is None
            household_count += is_new_household
            pengurus_id = persons.get(row.nik_index)
            person_count += pengurus_id is None
            have = members.get(household_id, set()) if household_id else set()
            pengurus_key = name_key(row.pengurus_name)
            head_key = name_key(row.head_name) if row.head_name else pengurus_key
            extra: list[tuple[str, str, str]] = []
            taken = have | {pengurus_key}
            if head_key not in taken:
                extra.append((row.head_name, head_key, Relationship.HEAD.value))
                taken.add(head_key)
            for member in row.members:
                key = name_key(member)
                if key and key not in taken:
                    extra.append((member, key, Relationship.OTHER.value))
                    taken.add(key)
            person_count += len(extra)
            plans.append((row, found, household_id, pengurus_id, pengurus_key, head_key, extra))
        household_ids = iter(allocate_ids(Household, household_count))
        person_ids = iter(allocate_ids(Person, person_count))
        entry_ids = iter(allocate_ids(KpmEntry, sum(1 for p in plans if p[1] is None)))
        membership_plan: list[tuple[int, int, str]] = []

        for row, found, household_id, pengurus_id, pengurus_key, head_key, extra in plans:
            if household_id is None:
                household_id = next(household_ids)
                new_households.append(
                    (
                        household_id,
                        row.head_name or row.pengurus_name,
                        self._enc(row.kk, self.ctx_kk),
                        row.kk_index,
                        row.village,
                        self._enc(row.address, self.ctx_household_address),
                        None,
                        user_id,
                        stamp,
                        stamp,
                    )
                )
            if pengurus_id is None:
                pengurus_id = next(person_ids)
                new_persons.append(
                    (
                        pengurus_id,
                        row.pengurus_name,
                        pengurus_key,
                        row.sex,
                        adapt_date(row.birth_date),
                        None,
                        row.birth_place,
                        self._enc(row.nik, self.ctx_nik),
                        row.nik_index,
                        row.village,
                        "",
                        "",
                        None,
                        None,
                        user_id,
                        stamp,
                        stamp,
                    )
                )
                membership_plan.append(
                    (household_id, pengurus_id, self._pengurus_role(pengurus_key, head_key))
                )
            else:
                home = person_home.get(pengurus_id)
                if home is None:
                    membership_plan.append(
                        (household_id, pengurus_id, self._pengurus_role(pengurus_key, head_key))
                    )
                elif home != household_id:
                    problems.append(
                        Problem(
                            row.row,
                            "nik_pengurus",
                            _(
                                "The pengurus is on another family card in the people "
                                "register; the entry is kept, the card is not changed."
                            ),
                            error=False,
                        )
                    )
            for full_name, key, relationship in extra:
                person_id = next(person_ids)
                new_persons.append(
                    (
                        person_id,
                        full_name,
                        key,
                        "",
                        None,
                        None,
                        "",
                        "",
                        None,
                        row.village,
                        "",
                        "",
                        None,
                        None,
                        user_id,
                        stamp,
                        stamp,
                    )
                )
                membership_plan.append((household_id, person_id, relationship))
            values = self._entry_values(row, household_id, pengurus_id, stamp)
            if found is None:
                new_entries.append(
                    (next(entry_ids), run.program_id, run.period_id, *values[:-1], stamp, stamp)
                )
                result.created += 1
            else:
                updates.append([*values, found[0]])
                result.updated += 1

        membership_ids = iter(allocate_ids(HouseholdMembership, len(membership_plan)))
        for household_id, person_id, relationship in membership_plan:
            new_memberships.append(
                (
                    next(membership_ids),
                    household_id,
                    person_id,
                    relationship,
                    today,
                    None,
                    "",
                    user_id,
                )
            )
        insert_rows(
            Household,
            self.household_columns,
            [(*row, *self.household_extra) for row in new_households],
            batch_size=2000,
        )
        insert_rows(
            Person,
            self.person_columns,
            [(*row, *self.person_extra) for row in new_persons],
            batch_size=2000,
        )
        insert_rows(
            HouseholdMembership,
            self.membership_columns,
            [(*row, *self.membership_extra) for row in new_memberships],
            batch_size=2000,
        )
        insert_rows(
            KpmEntry,
            self.entry_columns,
            [(*row, *self.entry_extra) for row in new_entries],
            batch_size=2000,
        )
        if updates:
            assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in UPDATE_COLUMNS)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE aid_kpmentry SET {assignments} WHERE id = %s",  # noqa: S608
                    updates,
                )
        return result

    @staticmethod
    def _pengurus_role(pengurus_key: str, head_key: str) -> str:
        return Relationship.HEAD.value if pengurus_key == head_key else Relationship.OTHER.value

    def _entry_values(
        self, row: ParsedRow, household_id: int, pengurus_id: int, stamp: Any
    ) -> list[Any]:
        """Values of UPDATE_COLUMNS, in order (the last one, updated_at, is `stamp`)."""
        return [
            row.village,
            household_id,
            pengurus_id,
            row.kk_index,
            row.nik_index,
            row.pengurus_name,
            row.head_name,
            "; ".join(row.members),
            self._enc(row.kks, self.ctx_kks),
            row.kks_index,
            self._enc(row.account, self.ctx_account),
            self._enc(row.mother, self.ctx_mother),
            row.membership_status,
            row.dtks_id,
            row.dtks_member_id,
            row.pkh_number,
            row.pkh_status,
            row.desil,
            row.fingerprint,
            self.run.pk,
            row.row,
            stamp,
        ]

    # -- problems and checkpoint ------------------------------------------------------------

    def _write_problems(self, problems: list[Problem], result: ChunkResult) -> None:
        if not problems:
            return
        problems.sort(key=lambda p: (p.row, not p.error))
        rows = []
        for problem in problems:
            if problem.error:
                result.rejected_rows.add(problem.row)
            else:
                result.warnings += 1
            rows.append(
                (
                    self.run.pk,
                    problem.row,
                    problem.column[:60],
                    KpmImportProblem.Severity.ERROR.value
                    if problem.error
                    else KpmImportProblem.Severity.WARNING.value,
                    problem.message[:300],
                )
            )
        insert_rows(KpmImportProblem, PROBLEM_COLUMNS, rows, batch_size=2000)

    def _checkpoint(
        self, result: ChunkResult, *, rows_read: int, next_row: int, bytes_done: int, claim: str
    ) -> None:
        now = timezone.now()
        changed = KpmImport.objects.filter(pk=self.run.pk, claim=claim).update(
            next_row=next_row,
            rows_read=models.F("rows_read") + rows_read,
            created_count=models.F("created_count") + result.created,
            updated_count=models.F("updated_count") + result.updated,
            unchanged_count=models.F("unchanged_count") + result.unchanged,
            rejected_count=models.F("rejected_count") + len(result.rejected_rows),
            warning_count=models.F("warning_count") + result.warnings,
            bytes_done=bytes_done,
            chunks_done=models.F("chunks_done") + 1,
            heartbeat_at=now,
        )
        if changed != 1:
            raise LostClaim(self.run.pk)
