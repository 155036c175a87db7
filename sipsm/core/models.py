"""The audit trail: one append-only table written by every action and by sensitive reads."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def within_region(self, region_code: str | None) -> AuditEventQuerySet:
        if not region_code:
            return self
        return self.filter(
            models.Q(region_code=region_code) | models.Q(region_code__startswith=region_code + ".")
        )


class AuditEvent(models.Model):
    """Who did what to which object, and when.

    `changes` maps field names to `[old, new]`; secret fields (encrypted identity numbers)
    are recorded as changed without their values.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    actor_role = models.CharField(_("actor role"), max_length=32, blank=True)
    verb = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    region_code = models.CharField(_("region"), max_length=13, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.object_label}"

    def summary(self) -> dict[str, Any]:
        return {"verb": self.verb, "object": self.object_label, "changes": self.changes}
