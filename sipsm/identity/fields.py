"""Model fields for personal numbers: encrypted at rest, found through a keyed blind index.

    nik = EncryptedTextField(_("NIK"), blank=True)
    nik_index = BlindIndexField(source="nik", kind="nik", unique=True)

The encrypted column can only be tested for NULL; equality lookups go through the index
column, which `BlindIndexField` fills from the source field whenever the row is saved.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression

from sipsm.identity import crypto
from sipsm.identity.nik import normalize


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted with AES-GCM; the Python value is the plaintext string ("" when empty)."""

    is_secret = True
    description = "Text encrypted at rest (AES-256-GCM)"

    @property
    def cipher_context(self) -> str:
        """Associated data bound into every ciphertext: `<table>.<column>`."""
        return f"{self.model._meta.db_table}.{self.column}"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.keyring().encrypt(str(value), context=self.cipher_context)

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str:
        if value is None or value == "":
            return ""
        return crypto.keyring().decrypt(value, context=self.cipher_context)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull"}:
            raise FieldError(
                f"{self.name} is encrypted; look it up through its blind index, "
                f"not with __{lookup_name}"
            )
        return super().get_lookup(lookup_name)


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """HMAC of the normalised value of another (encrypted) field, kept in step on save."""

    def __init__(self, *args: Any, source: str, kind: str, **kwargs: Any) -> None:
        self.source = source
        self.kind = kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", not kwargs.get("unique", False))
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["kind"] = self.kind
        return name, path, args, kwargs

    def index_of(self, value: str | None) -> str | None:
        """The index this field stores for a plaintext source value."""
        return index_for(value, kind=self.kind)

    def pre_save(self, model_instance: models.Model, add: bool) -> str | None:
        value = self.index_of(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def index_for(value: str | None, *, kind: str) -> str | None:
    """The blind index a value gets (None for empty), for lookups: `nik_index=index_for(...)`."""
    if not value:
        return None
    return crypto.blind_index(normalize(value), kind=kind)
