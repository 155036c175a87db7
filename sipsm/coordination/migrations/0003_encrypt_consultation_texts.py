"""Consultation texts encrypted at rest (security-reliability.md G1); partners stop consulting.

The columns become `EncryptedTextField`s (still `text` in the database: subject and
case number were `varchar`), then every stored plaintext is encrypted in place. A value that
already is a ciphertext is left alone, so the migration can run again after an interruption.
Going back decrypts the values.

Government partners only read (D6): their consultant profiles are deactivated.
"""

from django.db import migrations
from django.db.models import TextField, Value
from django.db.models.functions import Cast

import sipsm.identity.fields
from sipsm.identity import crypto

TEXTS = {
    "Consultation": ["subject", "question", "case_reference", "client_details", "rating_note"],
    "ConsultationMessage": ["body"],
}


def _raw_rows(model, fields):
    """Rows with the stored values as plain text (the field does not decrypt them)."""
    raw = {f"_raw_{name}": Cast(name, output_field=TextField()) for name in fields}
    return model.objects.annotate(**raw).values("pk", *raw).order_by("pk").iterator()


def encrypt_texts(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        model = apps.get_model("coordination", model_name)
        for row in _raw_rows(model, fields):
            updates = {
                name: row[f"_raw_{name}"]
                for name in fields
                if row[f"_raw_{name}"] and crypto.token_key_id(row[f"_raw_{name}"]) is None
            }
            if updates:
                # The (encrypted) field encrypts the plaintext on the way in.
                model.objects.filter(pk=row["pk"]).update(**updates)


def decrypt_texts(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        model = apps.get_model("coordination", model_name)
        for row in model.objects.values("pk", *fields).order_by("pk").iterator():
            updates = {
                name: Value(row[name], output_field=TextField()) for name in fields if row[name]
            }
            if updates:
                model.objects.filter(pk=row["pk"]).update(**updates)


def deactivate_partner_consultants(apps, schema_editor):
    consultant = apps.get_model("coordination", "Consultant")
    consultant.objects.filter(user__role="government_partner").update(is_active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0002_article_search"),
    ]

    operations = [
        migrations.AlterField(
            model_name="consultation",
            name="case_reference",
            field=sipsm.identity.fields.EncryptedTextField(blank=True, verbose_name="case number"),
        ),
        migrations.AlterField(
            model_name="consultation",
            name="client_details",
            field=sipsm.identity.fields.EncryptedTextField(
                blank=True,
                help_text="Names, ages, addresses. Hidden from consultants unless you share them.",
                verbose_name="who it is about",
            ),
        ),
        migrations.AlterField(
            model_name="consultation",
            name="question",
            field=sipsm.identity.fields.EncryptedTextField(verbose_name="question"),
        ),
        migrations.AlterField(
            model_name="consultation",
            name="rating_note",
            field=sipsm.identity.fields.EncryptedTextField(
                blank=True, verbose_name="comment on the answer"
            ),
        ),
        migrations.AlterField(
            model_name="consultation",
            name="subject",
            field=sipsm.identity.fields.EncryptedTextField(verbose_name="subject"),
        ),
        migrations.AlterField(
            model_name="consultationmessage",
            name="body",
            field=sipsm.identity.fields.EncryptedTextField(verbose_name="text"),
        ),
        migrations.RunPython(encrypt_texts, decrypt_texts, elidable=False),
        migrations.RunPython(deactivate_partner_consultants, migrations.RunPython.noop),
    ]
