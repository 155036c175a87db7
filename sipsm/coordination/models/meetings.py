"""Meetings of units, their decisions, and the action items that follow them up."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.coordination.models.scoping import audience_q


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        return self.filter(audience_q(user))


class Meeting(models.Model):
    class Kind(models.TextChoices):
        MUNAS = "munas", _("National congress (Munas)")
        MUKERNAS = "mukernas", _("National working meeting (Mukernas)")
        MUSWIL = "muswil", _("Regional congress (Musda/Muswil)")
        RAKOR = "rakor", _("Coordination meeting (Rakor)")
        MONTHLY = "monthly", _("Monthly meeting")
        OTHER = "other", _("Other meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    name = models.CharField(_("name"), max_length=150)
    affiliation = models.CharField(_("unit or institution"), max_length=150, blank=True)
    member = models.ForeignKey(
        "registry.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    present = models.BooleanField(_("present"), default=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        RECOMMENDATION = "recommendation", _("Recommendation")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("no."))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.number}"


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def visible_to(self, user: Any) -> ActionItemQuerySet:
        return self.filter(audience_q(user))

    def open(self) -> ActionItemQuerySet:
        return self.exclude(status__in=[ActionItem.Status.DONE, ActionItem.Status.CANCELLED])

    def overdue(self) -> ActionItemQuerySet:
        return self.open().filter(due_date__lt=timezone.localdate())


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="action_items")
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("assigned unit"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        "accounts.User",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["status", "due_date"], name="action_item_due_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.status not in {self.Status.DONE, self.Status.CANCELLED}
            and self.due_date < timezone.localdate()
        )


class ActionUpdate(models.Model):
    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("progress note"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    status = models.CharField(_("status"), max_length=16, choices=ActionItem.Status.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.progress}%"
