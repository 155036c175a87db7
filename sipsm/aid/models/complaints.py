"""Complaints (pengaduan) and usul sanggah about aid, from a PSM, a coordinator or the public.

Lifecycle modelled on SP4N-LAPOR!: received → verified (within 3 working days) → answered
(within 5 days of verification) → closed; or rejected when it cannot be verified. Overdue
complaints escalate to the TKSK of the district, then to Dinas Sosial of the regency
(`sipsm escalate_aid_complaints`). The complainant follows it with the tracking code.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.identity.fields import EncryptedTextField

# No letters or digits that are easy to confuse on a phone (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_tracking_code() -> str:
    return "BS" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class Complaint(models.Model):
    class Kind(models.TextChoices):
        PENGADUAN = "pengaduan", _("Complaint (pengaduan)")
        USUL_SANGGAH = "usul_sanggah", _("Proposal or objection about a recipient (usul sanggah)")

    class Category(models.TextChoices):
        NOT_RECEIVED = "not_received", _("Aid not received")
        WRONG_TARGET = "wrong_target", _("Wrong target")
        DATA_MISMATCH = "data_mismatch", _("Data mismatch")
        CARD = "card", _("Card problem")
        LEVY = "levy", _("Illegal levy (pungli)")
        QUALITY = "quality", _("Goods of poor quality")
        OTHER = "other", _("Other")

    class Channel(models.TextChoices):
        PSM = "psm", _("PSM")
        COORDINATOR = "coordinator", _("Coordinator")
        PUBLIC = "public", _("Public (no account)")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        VERIFIED = "verified", _("Verified")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Could not be verified")

    class Level(models.IntegerChoices):
        NONE = 0, _("Not escalated")
        TKSK = 1, _("TKSK (district)")
        DINSOS = 2, _("Dinas Sosial (regency)")

    tracking_code = models.CharField(
        _("tracking code"), max_length=12, unique=True, default=new_tracking_code, editable=False
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.PENGADUAN)
    category = models.CharField(_("category"), max_length=14, choices=Category.choices)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    program = models.ForeignKey(
        "aid.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    entry = models.ForeignKey(
        "aid.KpmEntry",
        verbose_name=_("family on the list"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    about_name = models.CharField(_("about (name of the family)"), max_length=150, blank=True)
    description = models.TextField(_("what happened"))
    complainant_name = models.CharField(_("complainant"), max_length=150, blank=True)
    complainant_phone = EncryptedTextField(_("complainant's phone"), blank=True)
    filed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    verify_due_at = models.DateTimeField(_("verify by"))
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    respond_due_at = models.DateTimeField(_("answer by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalated to"), choices=Level.choices, default=Level.NONE
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("aid complaint")
        verbose_name_plural = _("aid complaints")
        indexes = [
            models.Index(fields=["status", "verify_due_at"], name="aid_complaint_due_idx"),
            models.Index(fields=["village", "status"], name="aid_complaint_village_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} · {self.get_category_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.RECEIVED, self.Status.VERIFIED}

    def overdue_on(self, now: object = None) -> bool:
        moment = now or timezone.now()
        if self.status == self.Status.RECEIVED:
            return self.verify_due_at < moment  # type: ignore[operator]
        if self.status == self.Status.VERIFIED and self.respond_due_at is not None:
            return self.respond_due_at < moment  # type: ignore[operator]
        return False

    @property
    def is_overdue(self) -> bool:
        return self.overdue_on()
