"""Discussion threads per unit and topic, replies, moderation and the daily digest."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.coordination.models.scoping import audience_q


class Topic(models.TextChoices):
    GENERAL = "general", _("General")
    DISASTER = "disaster", _("Disaster response")
    ASSISTANCE = "assistance", _("Social assistance")
    CASEWORK = "casework", _("Casework")
    TRAINING = "training", _("Training")
    ORGANISATION = "organisation", _("Organisation")
    DATA = "data", _("Welfare data (DTSEN/SIKS-NG)")


class ThreadQuerySet(models.QuerySet["Thread"]):
    def visible_to(self, user: Any) -> ThreadQuerySet:
        return self.filter(audience_q(user))


class Thread(models.Model):
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        "accounts.User", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last reply"), default=timezone.now, db_index=True)
    post_count = models.PositiveIntegerField(default=0)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-is_pinned", "-last_post_at", "-id"]
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        "accounts.User", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    mentions = models.ManyToManyField("accounts.User", blank=True, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return f"{self.thread_id}#{self.pk}"


class DigestSubscription(models.Model):
    """An account that wants one e-mail a day with the new discussion in its units."""

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="discussion_digest"
    )
    daily = models.BooleanField(_("daily digest"), default=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self) -> str:
        return f"digest {self.user_id}"
