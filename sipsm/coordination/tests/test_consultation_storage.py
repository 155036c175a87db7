"""Consultation texts are encrypted at rest (security-reliability.md G1), also rows written
before they were, by migration 0003."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection

from sipsm.coordination.actions import consultation as consultation_actions
from sipsm.coordination.models import Consultation, ConsultationMessage
from sipsm.coordination.tests import support as s
from sipsm.identity import crypto
from sipsm.testing import World

pytestmark = pytest.mark.django_db

migration = importlib.import_module("sipsm.coordination.migrations.0003_encrypt_consultation_texts")
TEXTS = ["subject", "question", "case_reference", "client_details", "rating_note"]


def _raw(table: str, columns: list[str], pk: int) -> dict[str, str]:
    with connection.cursor() as cursor:
        sql = f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s"  # noqa: S608 (constants)
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    return dict(zip(columns, row, strict=True))


def _answered_and_rated(world: World) -> Consultation:
    consultation = s.consultation(world, stage="answered")
    consultation_actions.rate(
        acting_user=world.village, consultation=consultation, rating=5, note="Pak Wati membantu"
    )
    consultation.refresh_from_db()
    return consultation


def test_it_stores_every_consultation_text_as_ciphertext(world: World) -> None:
    consultation = _answered_and_rated(world)
    message = consultation.messages.get()

    stored = _raw("coordination_consultation", TEXTS, consultation.pk)
    stored_body = _raw("coordination_consultationmessage", ["body"], message.pk)["body"]

    encrypted = {name: crypto.token_key_id(value) is not None for name, value in stored.items()}
    assert encrypted == dict.fromkeys(TEXTS, True)
    assert crypto.token_key_id(stored_body) is not None
    dump = repr(stored) + stored_body
    for plain in ["Budi", "Wati", "KS-2025-0042", "putus sekolah", "asesmen"]:
        assert plain not in dump
    assert (consultation.case_reference, consultation.rating_note) == (
        "KS-2025-0042",
        "Pak Wati membantu",
    )


def test_the_migration_encrypts_rows_stored_in_plain_text_once(world: World) -> None:
    consultation = _answered_and_rated(world)
    message = consultation.messages.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE coordination_consultation SET question = %s, case_reference = %s WHERE id = %s",
            ["Budi tidur di pasar.", "KS-2025-0042", consultation.pk],
        )
        cursor.execute(
            "UPDATE coordination_consultationmessage SET body = %s WHERE id = %s",
            ["Rujuk Budi ke panti.", message.pk],
        )
    already = _raw("coordination_consultation", ["subject"], consultation.pk)["subject"]

    migration.encrypt_texts(apps, None)
    migration.encrypt_texts(apps, None)  # again, after an interruption: nothing changes

    stored = _raw("coordination_consultation", ["question", "subject"], consultation.pk)
    assert crypto.token_key_id(stored["question"]) is not None
    assert stored["subject"] == already  # a ciphertext is not encrypted twice
    consultation.refresh_from_db()
    assert (consultation.question, consultation.case_reference) == (
        "Budi tidur di pasar.",
        "KS-2025-0042",
    )
    assert ConsultationMessage.objects.get(pk=message.pk).body == "Rujuk Budi ke panti."


def test_the_migration_decrypts_when_going_back(world: World) -> None:
    consultation = _answered_and_rated(world)

    migration.decrypt_texts(apps, None)

    stored = _raw("coordination_consultation", ["question", "case_reference"], consultation.pk)
    assert stored["case_reference"] == "KS-2025-0042"
    assert stored["question"].startswith("Saya mendampingi Budi Santoso")
