"""Beneficiary families (KPM) on a program's list for one period, and the list imports.

A `KpmEntry` is one row of the guideline list (domain.md §4.2) for one period: it points to
the shared family record (`people.Household`, found by its KK blind index) and to the
pengurus (`people.Person`, found by NIK blind index), and keeps the list's own values (names
as listed, KKS and account numbers, DTKS/DTSEN ids, PKH number, desil). The KK and NIK blind
indexes are copied onto the entry: the pair (period, KK index) is the key every import
upserts on, so importing a file again, or resuming a killed import, never duplicates a family.

KKS number, account number and the mother's maiden name are encrypted (AES-GCM, as
`sipsm.identity.fields`); the KKS number has a blind index to find a card.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.identity.fields import BlindIndexField, EncryptedTextField, index_for


def mask_digits(value: str, *, keep: int = 4) -> str:
    """`5264221234567890` -> `************7890`."""
    digits = "".join(c for c in value if c.isalnum())
    if not digits:
        return "—"
    return "*" * max(0, len(digits) - keep) + digits[-keep:]


def mask_text(value: str) -> str:
    """`Siti Aminah` -> `S*** A***`: enough to recognise, not to use."""
    if not value.strip():
        return "—"
    return " ".join(w[0] + "***" for w in value.split())


class KpmEntryQuerySet(models.QuerySet["KpmEntry"]):
    def in_villages(self, codes: list[str]) -> KpmEntryQuerySet:
        return self.filter(village_id__in=codes)

    def with_nik(self, raw_nik: str) -> KpmEntryQuerySet:
        return self.filter(nik_index=index_for(raw_nik, kind="nik"))

    def with_kk(self, raw_kk: str) -> KpmEntryQuerySet:
        return self.filter(kk_index=index_for(raw_kk, kind="kk"))


class KpmEntry(models.Model):
    # The composite indexes below serve these foreign keys; no index of their own.
    program = models.ForeignKey(
        "aid.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    period = models.ForeignKey(
        "aid.Period",
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="entries",
        db_index=False,
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("family"),
        on_delete=models.PROTECT,
        related_name="aid_entries",
    )
    pengurus = models.ForeignKey(
        "people.Person",
        verbose_name=_("pengurus"),
        on_delete=models.PROTECT,
        related_name="aid_entries",
    )
    kk_index = models.CharField(max_length=64)
    nik_index = models.CharField(max_length=64)
    pengurus_name = models.CharField(_("pengurus (as listed)"), max_length=150)
    head_name = models.CharField(_("head of the family (as listed)"), max_length=150, blank=True)
    other_members = models.TextField(_("other family members (as listed)"), blank=True)
    kks_number = EncryptedTextField(_("KKS number"), blank=True)
    kks_index = BlindIndexField(source="kks_number", kind="kks")
    account_number = EncryptedTextField(_("account number"), blank=True)
    mother_maiden_name = EncryptedTextField(_("mother's maiden name"), blank=True)
    membership_status = models.CharField(_("membership status"), max_length=60, blank=True)
    dtks_id = models.CharField(_("DTKS/DTSEN id"), max_length=40, blank=True)
    dtks_member_id = models.CharField(_("DTKS id of the pengurus"), max_length=40, blank=True)
    pkh_number = models.CharField(_("PKH participant number"), max_length=40, blank=True)
    pkh_status = models.CharField(_("PKH status"), max_length=60, blank=True)
    desil = models.PositiveSmallIntegerField(_("desil"), null=True, blank=True)
    # Keyed hash of the row's normalised values: an import skips a row that did not change.
    fingerprint = models.CharField(max_length=32)
    source_import = models.ForeignKey(
        "aid.KpmImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    source_row = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = KpmEntryQuerySet.as_manager()

    class Meta:
        ordering = ["village", "pengurus_name", "id"]
        verbose_name = _("KPM (beneficiary family)")
        verbose_name_plural = _("KPM (beneficiary families)")
        constraints = [
            models.UniqueConstraint(fields=["period", "kk_index"], name="aid_kpm_family_once"),
        ]
        indexes = [
            models.Index(fields=["period", "nik_index"], name="aid_kpm_period_nik_idx"),
            models.Index(fields=["nik_index", "program"], name="aid_kpm_nik_idx"),
            models.Index(fields=["period", "village"], name="aid_kpm_period_village_idx"),
        ]

    def __str__(self) -> str:
        return self.pengurus_name

    @property
    def kks_masked(self) -> str:
        return mask_digits(self.kks_number)

    @property
    def account_masked(self) -> str:
        return mask_digits(self.account_number)

    @property
    def mother_masked(self) -> str:
        return mask_text(self.mother_maiden_name)


class KpmImport(models.Model):
    """One import of a KPM list file into a period: mapping, progress and checkpoint.

    Rows are written in chunks, each in one transaction together with this row's checkpoint
    (`next_row`, the counters) and the chunk's problems; a killed import resumes after the
    last committed chunk.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting for the column check")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    program = models.ForeignKey("aid.Program", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        "aid.Period", verbose_name=_("period"), on_delete=models.PROTECT, related_name="imports"
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    filename = models.CharField(_("file"), max_length=200)
    file = models.FileField(upload_to="aid/imports/", blank=True)
    source_path = models.CharField(max_length=500, blank=True)
    content_sha256 = models.CharField(max_length=64, db_index=True)
    size_bytes = models.BigIntegerField(default=0)
    header = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    file_error = models.TextField(blank=True)
    next_row = models.PositiveIntegerField(default=2)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    created_count = models.PositiveIntegerField(_("new families"), default=0)
    updated_count = models.PositiveIntegerField(_("changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected rows"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    bytes_done = models.BigIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    resumed_count = models.PositiveIntegerField(_("resumed"), default=0)
    resumed_from = models.JSONField(default=list)
    worker = models.CharField(max_length=120, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("KPM list import")
        verbose_name_plural = _("KPM list imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.size_bytes:
            return 0
        return min(99, int(100 * self.bytes_done / self.size_bytes))


class KpmImportProblem(models.Model):
    class Severity(models.TextChoices):
        ERROR = "error", _("Error")
        WARNING = "warning", _("Warning")

    kpm_import = models.ForeignKey(KpmImport, on_delete=models.CASCADE, related_name="problems")
    row = models.PositiveIntegerField()
    column = models.CharField(max_length=60, blank=True)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    message = models.CharField(max_length=300)

    class Meta:
        ordering = ["kpm_import", "row", "id"]
        indexes = [models.Index(fields=["kpm_import", "row"], name="aid_import_problem_row_idx")]

    def __str__(self) -> str:
        return f"{self.row}: {self.message}"
