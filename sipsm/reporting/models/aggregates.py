"""Pre-aggregated figures, so that dashboards, the SPM page and the public page read a few rows
whatever the size of the country. Rebuilt by `sipsm rebuild_aggregates`, refreshed
incrementally by `sipsm.reporting.tasks` (see `sipsm.reporting.refresh`).

Every row is a copy of numbers computed from the records; nothing here is original data, so
the tables may be emptied and rebuilt at any time.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The additive figures of a region and period, in this order everywhere (refresh, presenting).
COUNT_COLUMNS: tuple[str, ...] = (
    "villages",
    "villages_with_psm",
    "members_active",
    "activities",
    "hours",
    "area_environment",
    "area_basic_needs",
    "area_government_programs",
    "area_capacity",
    "beneficiaries",
    "beneficiaries_female",
    "beneficiaries_male",
    "beneficiaries_children",
    "beneficiaries_adults",
    "beneficiaries_elderly",
    "incident_responses",
    "case_services",
    "trainings",
    "distribution_ticks",
    "incidents_reported",
    "incidents_answered",
    "families_reached",
    "reconciliation_gaps",
)
YEAR = 0  # `month` of the row holding a whole year


class RegionStat(models.Model):
    """The figures of one region (any level; "" is the country) for one month, or for a whole
    year (`month` = 0: distinct counts and medians over the year, not sums of months)."""

    region_code = models.CharField(_("region"), max_length=13, blank=True)
    level = models.PositiveSmallIntegerField(_("level"))
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month (0: whole year)"))
    villages = models.PositiveIntegerField(default=0)
    villages_with_psm = models.PositiveIntegerField(default=0)
    members_active = models.PositiveIntegerField(default=0)
    activities = models.PositiveIntegerField(default=0)
    hours = models.FloatField(default=0)
    area_environment = models.PositiveIntegerField(default=0)
    area_basic_needs = models.PositiveIntegerField(default=0)
    area_government_programs = models.PositiveIntegerField(default=0)
    area_capacity = models.PositiveIntegerField(default=0)
    beneficiaries = models.PositiveIntegerField(default=0)
    beneficiaries_female = models.PositiveIntegerField(default=0)
    beneficiaries_male = models.PositiveIntegerField(default=0)
    beneficiaries_children = models.PositiveIntegerField(default=0)
    beneficiaries_adults = models.PositiveIntegerField(default=0)
    beneficiaries_elderly = models.PositiveIntegerField(default=0)
    incident_responses = models.PositiveIntegerField(default=0)
    case_services = models.PositiveIntegerField(default=0)
    trainings = models.PositiveIntegerField(default=0)
    distribution_ticks = models.PositiveIntegerField(default=0)
    incidents_reported = models.PositiveIntegerField(default=0)
    incidents_answered = models.PositiveIntegerField(default=0)
    response_median_s = models.FloatField(null=True, blank=True)
    families_reached = models.PositiveIntegerField(default=0)
    reconciliation_gaps = models.PositiveIntegerField(default=0)
    ppks = models.JSONField(default=dict, blank=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["year", "month", "region_code"]
        verbose_name = _("region figures")
        verbose_name_plural = _("region figures")
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "year", "month"], name="rep_regionstat_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["year", "month", "level", "region_code"], name="rep_regionstat_level_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_code or 'ID'} {self.year}-{self.month:02d}"


class SpmStat(models.Model):
    """One SPM indicator of one province or regency for one year (numerator, denominator)."""

    region_code = models.CharField(_("region"), max_length=13)
    level = models.PositiveSmallIntegerField(_("level"))
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator"), max_length=32)
    numerator = models.PositiveIntegerField(default=0)
    denominator = models.PositiveIntegerField(default=0)
    available = models.BooleanField(default=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["year", "region_code", "indicator"]
        verbose_name = _("SPM figure")
        verbose_name_plural = _("SPM figures")
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "year", "indicator"], name="rep_spmstat_once"
            )
        ]
        indexes = [models.Index(fields=["year", "level", "region_code"], name="rep_spm_level_idx")]

    def __str__(self) -> str:
        return f"{self.region_code} {self.year} {self.indicator}"


class EquitySnapshot(models.Model):
    """Inequality of PSM coverage across the regions one level below a scope, in one month:
    coverage of a region = villages with an active PSM / villages."""

    scope_code = models.CharField(_("scope"), max_length=13, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    regions = models.PositiveIntegerField(_("regions compared"), default=0)
    mean_coverage = models.FloatField(_("mean coverage"), default=0)
    gini = models.FloatField(_("Gini"), null=True, blank=True)
    theil = models.FloatField(_("Theil"), null=True, blank=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["scope_code", "year", "month"]
        verbose_name = _("equity snapshot")
        verbose_name_plural = _("equity snapshots")
        constraints = [
            models.UniqueConstraint(fields=["scope_code", "year", "month"], name="rep_equity_once")
        ]

    def __str__(self) -> str:
        return f"{self.scope_code or 'ID'} {self.year}-{self.month:02d}"


class DirtyPeriod(models.Model):
    """A province and month whose figures changed since they were aggregated."""

    province_code = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["marked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "year", "month"], name="rep_dirty_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province_code} {self.year}-{self.month:02d}"
