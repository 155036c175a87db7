"""The activity log (kerja nyata): what a PSM did, where, for how long and for whom.

Only work that is not recorded anywhere else is typed here. Incident responses, case
services and follow-ups, trainings attended and aid distribution ticks are read from their own
records (`sipsm.reporting.derived`) and appear next to these rows without being copied.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.regions import codes

USER = settings.AUTH_USER_MODEL


class ProgramArea(models.TextChoices):
    """The four program areas IPSM names for its members' concrete work."""

    ENVIRONMENT = "environment", _("Environment")
    BASIC_NEEDS = "basic_needs", _("Basic needs and poverty alleviation")
    GOVERNMENT_PROGRAMS = "government_programs", _("Support to government programs")
    CAPACITY = "capacity", _("Capacity building of social workers")


class AgeGroup(models.TextChoices):
    CHILDREN = "children", _("Children (under 18)")
    ADULTS = "adults", _("Adults (18–59)")
    ELDERLY = "elderly", _("Elderly (60 and over)")


class ActivityType(models.Model):
    """Reference list of activity types, each in one program area."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    program_area = models.CharField(_("program area"), max_length=24, choices=ProgramArea.choices)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["program_area", "sort_order", "code"]
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "id").startswith("en") else self.name


class ActivityQuerySet(models.QuerySet["Activity"]):
    def current(self) -> ActivityQuerySet:
        """Activities that were not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def in_region(self, code: str | None) -> ActivityQuerySet:
        if code is None:
            return self
        return self.filter(codes.subtree_q("village_id", code))

    def between(self, start: dt.date, end: dt.date) -> ActivityQuerySet:
        return self.filter(occurred_on__gte=start, occurred_on__lte=end)


class Activity(models.Model):
    member = models.ForeignKey(
        "registry.Member", verbose_name=_("PSM"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    activity_type = models.ForeignKey(
        ActivityType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the type when the activity is recorded (grouping without a join).
    program_area = models.CharField(_("program area"), max_length=24, choices=ProgramArea.choices)
    title = models.CharField(_("what was done"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    occurred_on = models.DateField(_("date"))
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    beneficiaries_female = models.PositiveIntegerField(_("women and girls"), default=0)
    beneficiaries_male = models.PositiveIntegerField(_("men and boys"), default=0)
    beneficiaries_children = models.PositiveIntegerField(_("children (under 18)"), default=0)
    beneficiaries_adults = models.PositiveIntegerField(_("adults (18–59)"), default=0)
    beneficiaries_elderly = models.PositiveIntegerField(_("elderly (60 and over)"), default=0)
    partners = models.CharField(
        _("partners"),
        max_length=300,
        blank=True,
        help_text=_("Organisations that took part, separated by commas."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason withdrawn"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["occurred_on", "village"], name="rep_activity_date_idx"),
            models.Index(fields=["village", "occurred_on"], name="rep_activity_village_idx"),
            models.Index(fields=["member", "occurred_on"], name="rep_activity_member_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=200), name="rep_activity_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} {self.title}"

    @property
    def beneficiaries(self) -> int:
        return self.beneficiaries_female + self.beneficiaries_male

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def partner_list(self) -> list[str]:
        return [p.strip() for p in self.partners.split(",") if p.strip()]


class ActivityBeneficiaryGroup(models.Model):
    """How many of the activity's beneficiaries belong to one PPKS group."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="ppks_groups")
    category = models.ForeignKey(
        "people.WelfareCategory",
        verbose_name=_("PPKS group"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        ordering = ["activity", "category__number"]
        verbose_name = _("beneficiaries of a PPKS group")
        verbose_name_plural = _("beneficiaries by PPKS group")
        constraints = [
            models.UniqueConstraint(fields=["activity", "category"], name="rep_ppks_group_once")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.category_id}: {self.count}"


class ActivityPhoto(models.Model):
    """A photo of the activity, re-encoded without metadata (`sipsm.core.images`)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="activities/")
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")

    def __str__(self) -> str:
        return f"{self.activity_id} photo {self.pk}"
