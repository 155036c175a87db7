"""The notification outbox: every message to a person is a row first, then delivered.

Writing the row in the same transaction as the change that caused it means a rolled-back
change never sends anything, and a crashed worker never loses a message.

Delivery claims rows ("sending", with a lease) in a short transaction and talks to the
provider outside any transaction; a claim whose lease ran out (the worker died) is taken
over by the next run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.identity.fields import BlindIndexField, EncryptedTextField

if TYPE_CHECKING:
    from sipsm.accounts.models import User


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")


class MessageQuerySet(models.QuerySet["Message"]):
    def due(self) -> MessageQuerySet:
        return self.filter(status=Message.Status.QUEUED, next_attempt_at__lte=timezone.now())

    def inbox_of(self, user: User) -> MessageQuerySet:
        return self.filter(channel=Channel.IN_APP, user=user)

    def unread(self) -> MessageQuerySet:
        return self.filter(read_at__isnull=True)


class Message(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
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
    # Email address, phone number in E.164, or Telegram chat id, by channel.
    to = models.CharField(_("address"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    category = models.CharField(_("category"), max_length=40)
    related_type = models.CharField(max_length=64, blank=True)
    related_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # The delivery run that holds the message while sending, and since when.
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    provider_message_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due_idx"),
            models.Index(fields=["status", "claimed_at"], name="message_claim_idx"),
            models.Index(fields=["claim_token"], name="message_claim_token_idx"),
            models.Index(fields=["user", "channel", "read_at"], name="message_inbox_idx"),
            models.Index(fields=["related_type", "related_id"], name="message_related_idx"),
            models.Index(fields=["channel", "provider_message_id"], name="message_provider_idx"),
        ]

    def __str__(self) -> str:
        from sipsm.notifications.masking import mask_address

        return f"{self.channel} → {mask_address(self.to) or self.user_id}: {self.subject}"


class TelegramLink(models.Model):
    """A Telegram chat whose user proved a phone number by sharing their own contact.

    Telegram never tells a bot a user's phone number otherwise, so this is how call-outs
    reach a member on Telegram (`Message.to` is the chat id) and how a `TERIMA` sent from
    Telegram is matched to the member's phone.
    """

    chat_id = models.CharField(_("chat"), max_length=32, unique=True)
    phone = EncryptedTextField(_("phone"))
    phone_index = BlindIndexField(source="phone", kind="phone", unique=True)
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)

    class Meta:
        verbose_name = _("Telegram link")
        verbose_name_plural = _("Telegram links")

    def __str__(self) -> str:
        from sipsm.notifications.masking import mask_address

        return f"telegram {mask_address(self.chat_id)}"


class InboundMessage(models.Model):
    """A message received through a gateway webhook, kept only to ignore provider retries.

    The text and the sender are not stored: the incident or answer it caused is the record.
    """

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    provider_message_id = models.CharField(max_length=200)
    command = models.CharField(max_length=16, blank=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "provider_message_id"],
                condition=~Q(provider_message_id=""),
                name="inbound_unique_provider_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.provider_message_id}"
