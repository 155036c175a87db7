"""Files attached to announcements, posts, articles, meetings and progress updates."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random name: the original file name is kept in the row, never on disk."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"coordination/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class Attachment(models.Model):
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    announcement = models.ForeignKey(
        "coordination.Announcement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    post = models.ForeignKey(
        "coordination.Post",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    article = models.ForeignKey(
        "coordination.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    meeting = models.ForeignKey(
        "coordination.Meeting",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    action_update = models.ForeignKey(
        "coordination.ActionUpdate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename
