"""Announcements from a unit to every unit below it, with read receipts."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.coordination.models.scoping import audience_q


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    IMPORTANT = "important", _("Important")
    URGENT = "urgent", _("Urgent")


class AnnouncementQuerySet(models.QuerySet["Announcement"]):
    def visible_to(self, user: Any) -> AnnouncementQuerySet:
        return self.filter(audience_q(user))

    def with_read_flag(self, user: Any) -> AnnouncementQuerySet:
        return self.annotate(
            is_read=Exists(AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user=user))
        )

    def unread_by(self, user: Any) -> AnnouncementQuerySet:
        return self.visible_to(user).exclude(reads__user=user)


class Announcement(models.Model):
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("from unit"), on_delete=models.PROTECT, related_name="+"
    )
    # The unit's region, copied so that audience filters need no join (NULL: national).
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    priority = models.CharField(
        _("priority"), max_length=16, choices=Priority.choices, default=Priority.NORMAL
    )
    author = models.ForeignKey(
        "accounts.User", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)
    expires_on = models.DateField(_("shown until"), null=True, blank=True)
    audience_size = models.PositiveIntegerField(_("accounts reached"), default=0)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.title


class AnnouncementRead(models.Model):
    """A read receipt: one per announcement and account."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["read_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="announcement_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id} read by {self.user_id}"
