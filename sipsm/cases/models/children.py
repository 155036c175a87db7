"""The rights of a child in a case, and referrals from the public (intakes).

Each update of a right is a new `RightRecord` (status, date, evidence, structured details), so
the history stays; the current status of a right is its latest record. The five rights are
the ones the IPSM article names for street children, usable for every child case.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.identity.fields import EncryptedTextField
from sipsm.people.models import LegalBasis

USER = settings.AUTH_USER_MODEL


class ChildRight(models.TextChoices):
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing and care")
    TALENTS = "talents", _("Talents and interests")
    CIVIL_REGISTRATION = "civil_registration", _("Civil registration")


class RightStatus(models.TextChoices):
    NOT_MET = "not_met", _("Not met")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")


class RightRecord(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="rights")
    right = models.CharField(_("right"), max_length=20, choices=ChildRight.choices)
    status = models.CharField(_("status"), max_length=12, choices=RightStatus.choices)
    as_of = models.DateField(_("as of"), default=timezone.localdate)
    evidence = EncryptedTextField(_("evidence"), blank=True)
    # Structured facts per right (see `sipsm.cases.rights.DETAILS`) as JSON, encrypted: they
    # name the school, the LKS, the child's activities. Read them through `facts`.
    details = EncryptedTextField(_("details"), blank=True)
    referral = models.ForeignKey(
        "cases.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "right", "-as_of", "-id"]
        verbose_name = _("child's right")
        verbose_name_plural = _("children's rights")
        indexes = [models.Index(fields=["case", "right", "as_of"], name="cases_right_latest_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.right}: {self.status}"

    @property
    def facts(self) -> dict[str, Any]:
        loaded = json.loads(self.details) if self.details else {}
        return loaded if isinstance(loaded, dict) else {}

    @staticmethod
    def facts_text(facts: dict[str, Any]) -> str:
        """The stored form of a right's facts ("" when there are none)."""
        return json.dumps(facts, sort_keys=True, ensure_ascii=False) if facts else ""


class Intake(models.Model):
    """Someone in need reported through the public form, waiting for a PSM or coordinator."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CASE_OPENED = "case_opened", _("Case opened")
        DISMISSED = "dismissed", _("Dismissed")

    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        "people.WelfareCategory",
        verbose_name=_("what kind of need"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    about_name = EncryptedTextField(_("name of the person (if known)"), blank=True)
    about_sex = models.CharField(_("sex"), max_length=1, blank=True)
    about_age = models.PositiveSmallIntegerField(_("approximate age"), null=True, blank=True)
    description = EncryptedTextField(_("what you saw"))
    location_text = EncryptedTextField(_("where exactly"), blank=True)
    reporter_name = EncryptedTextField(_("your name"), blank=True)
    reporter_phone = EncryptedTextField(_("your phone"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="new")
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    handled_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    dismiss_reason = EncryptedTextField(_("reason"), blank=True)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=20,
        choices=LegalBasis.choices,
        default=LegalBasis.PUBLIC_TASK,
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("public referral")
        verbose_name_plural = _("public referrals")
        indexes = [models.Index(fields=["village", "status"], name="cases_intake_village_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.village_id}"
