"""The notification outbox: every message to a person is a row first, then delivered.

Writing the row in the same transaction as the change that caused it means a rolled-back
change never sends anything, and a crashed worker never loses a message.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")


class MessageQuerySet(models.QuerySet["Message"]):
    def due(self) -> MessageQuerySet:
        return self.filter(status=Message.Status.QUEUED, next_attempt_at__lte=timezone.now())

    def inbox_of(self, user: models.Model) -> MessageQuerySet:
        return self.filter(channel=Channel.IN_APP, user=user)


class Message(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recipient account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("recipient member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    to = models.CharField(_("address"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    category = models.CharField(_("category"), max_length=40)
    related_type = models.CharField(max_length=64, blank=True)
    related_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=500, blank=True)
    provider_message_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due_idx"),
            models.Index(fields=["user", "channel", "read_at"], name="message_inbox_idx"),
            models.Index(fields=["related_type", "related_id"], name="message_related_idx"),
            models.Index(fields=["channel", "provider_message_id"], name="message_provider_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.to or self.user_id}: {self.subject or self.body[:40]}"
