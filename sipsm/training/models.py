"""Capacity building: the training catalogue, sessions, enrolment and certificates."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.coordination.models.scoping import audience_q


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Course(models.Model):
    """A training in the catalogue, with the skills it grants."""

    class Category(models.TextChoices):
        BIMTEK_DASAR = "bimtek_dasar", _("Basic technical training (Bimtek dasar PSM)")
        FIRST_AID = "first_aid", _("First aid")
        PSYCHOLOGICAL_FIRST_AID = "pfa", _("Psychological first aid")
        DISASTER = "disaster", _("Disaster response")
        CHILD_PROTECTION = "child_protection", _("Child protection")
        DATA = "data", _("Data collection (SIKS-NG/DTSEN)")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    skills = models.ManyToManyField(
        "registry.Skill", verbose_name=_("skills granted"), blank=True, related_name="+"
    )
    grants_bimtek_dasar = models.BooleanField(
        _("counts as Bimtek dasar"),
        default=False,
        help_text=_("Completing it records the member's Bimtek dasar date (Permensos 10/2019)."),
    )
    hours = models.PositiveSmallIntegerField(_("hours"), default=8)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (0–100)"), default=70)
    is_active = models.BooleanField(_("offered"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="course_pass_mark_max")
        ]

    def __str__(self) -> str:
        return self.title


class TrainingSessionQuerySet(models.QuerySet["TrainingSession"]):
    def visible_to(self, user: Any) -> TrainingSessionQuerySet:
        return self.filter(audience_q(user))


class TrainingSession(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open for enrolment")
        CLOSED = "closed", _("Enrolment closed")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions"
    )
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("online link"), blank=True)
    trainers = models.CharField(_("trainers"), max_length=300, blank=True)
    quota = models.PositiveIntegerField(_("places"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="session_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course.title} ({self.starts_on:%d-%m-%Y})"


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="enrolments"
    )
    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    enrolled_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    # The participant's QR ticket, scanned by the organiser at the venue.
    ticket_token = models.CharField(max_length=32, unique=True, default=new_token)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    certificate_number = models.CharField(
        _("certificate no."), max_length=40, unique=True, null=True, blank=True
    )
    certificate_token = models.CharField(max_length=32, unique=True, null=True, blank=True)
    certified_at = models.DateTimeField(_("certified at"), null=True, blank=True)

    class Meta:
        ordering = ["enrolled_at", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"],
                condition=~Q(status="cancelled"),
                name="enrolment_once_per_session",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="enrolment_score_max"
            ),
        ]
        indexes = [models.Index(fields=["session", "status"], name="enrolment_session_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.session_id}"
