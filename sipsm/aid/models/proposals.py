"""Data update proposals (usulan) from the village to the welfare data (DTKS/DTSEN).

draft → evidence of the village meeting (musdes/muskel) or an SPTJM → submitted (put into the
monthly cycle by the cut-off day) → verified by Dinas Sosial → ratified; a verifier may
reject a proposal with a reason. Verified and ratified proposals are exported in the layout
operators type into SIKS-NG.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.identity import kk as kk_rules
from sipsm.identity import nik as nik_rules
from sipsm.identity.fields import BlindIndexField, EncryptedTextField


class Proposal(models.Model):
    class Kind(models.TextChoices):
        NEW_FAMILY = "new_family", _("New family")
        DECEASED = "deceased", _("Deceased")
        MOVED = "moved", _("Moved away")
        INELIGIBLE = "ineligible", _("No longer eligible")
        CORRECTION = "correction", _("Data correction")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified by Dinas Sosial")
        RATIFIED = "ratified", _("Ratified")
        REJECTED = "rejected", _("Rejected")

    class Evidence(models.TextChoices):
        MUSDES = "musdes", _("Village meeting (musdes)")
        MUSKEL = "muskel", _("Kelurahan meeting (muskel)")
        SPTJM = "sptjm", _("SPTJM (statement of absolute responsibility)")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    program = models.ForeignKey(
        "aid.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entry = models.ForeignKey(
        "aid.KpmEntry",
        verbose_name=_("family on the list"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("family"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    head_name = models.CharField(_("head of the family"), max_length=150, blank=True)
    kk = EncryptedTextField(_("KK number"), blank=True)
    kk_index = BlindIndexField(source="kk", kind="kk")
    nik = EncryptedTextField(_("NIK"), blank=True)
    nik_index = BlindIndexField(source="nik", kind="nik")
    address = EncryptedTextField(_("address"), blank=True)
    field_name = models.CharField(_("field to correct"), max_length=60, blank=True)
    new_value = models.CharField(_("correct value"), max_length=200, blank=True)
    reason = models.TextField(_("reason"))
    evidence_kind = models.CharField(
        _("evidence"), max_length=8, choices=Evidence.choices, blank=True
    )
    evidence_number = models.CharField(_("berita acara / SPTJM number"), max_length=100, blank=True)
    evidence_date = models.DateField(_("date of the meeting or statement"), null=True, blank=True)
    evidence_file = models.FileField(upload_to="aid/evidence/", blank=True)
    cycle = models.CharField(_("monthly cycle"), max_length=7, blank=True, db_index=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ratified_at = models.DateTimeField(null=True, blank=True)
    ratified_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("data update proposal (usulan)")
        verbose_name_plural = _("data update proposals (usulan)")
        indexes = [models.Index(fields=["village", "status"], name="aid_proposal_village_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.head_name or self.pk}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_kind and self.evidence_number and self.evidence_date)

    @property
    def nik_masked(self) -> str:
        return nik_rules.mask(self.nik) if self.nik else "—"

    @property
    def kk_masked(self) -> str:
        return kk_rules.mask(self.kk) if self.kk else "—"
