"""Monthly reports of units: generated from the records, reviewed one level up.

A report belongs to a region (the unit bound to it; no region: the national unit) and a
month. It has no row until someone acts on it: before that its page shows the figures live.
When it is submitted the figures are frozen into `figures`, so that what the reviewer
approves is what was sent; a report returned for correction shows live figures again until it
is submitted anew.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.regions import codes

USER = settings.AUTH_USER_MODEL


class MonthlyReportQuerySet(models.QuerySet["MonthlyReport"]):
    def for_period(self, year: int, month: int) -> MonthlyReportQuerySet:
        return self.filter(year=year, month=month)

    def in_region(self, code: str | None) -> MonthlyReportQuerySet:
        if code is None:
            return self
        return self.filter(codes.subtree_q("region_id", code))


class MonthlyReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned for correction")
        APPROVED = "approved", _("Approved")

    EDITABLE = ("draft", "returned")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(_("level"))
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    narrative = models.TextField(_("problems and follow-up"), blank=True)
    figures = models.JSONField(_("figures as submitted"), default=dict, blank=True)
    revision = models.PositiveSmallIntegerField(_("submissions"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-month", "level", "region_id"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "month"], name="rep_monthly_once_per_region"
            ),
            models.UniqueConstraint(
                fields=["year", "month"],
                condition=Q(region__isnull=True),
                name="rep_monthly_once_national",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12), name="rep_monthly_month_range"
            ),
        ]
        indexes = [models.Index(fields=["year", "month", "level"], name="rep_monthly_period_idx")]

    def __str__(self) -> str:
        return f"{self.region_id or 'nasional'} {self.year}-{self.month:02d}"

    @property
    def region_key(self) -> str:
        """The region as written in URLs ("nasional" for the national unit)."""
        return self.region_id or "nasional"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class ReportEvent(models.Model):
    """The report's history: comments, submissions, returns and approvals."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        NARRATIVE = "narrative", _("Notes saved")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        APPROVED = "approved", _("Approved")

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    author_label = models.CharField(_("by"), max_length=150, blank=True)
    text = models.TextField(_("text"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "at", "id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report} {self.kind}"
