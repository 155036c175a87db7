"""Accounts: one role and one region scope per user; hashed, expiring API tokens."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.accounts.roles import MFA_ROLES, Role, role_allows
from sipsm.regions import codes


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region scope"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Rows in this region and below are visible. Empty: the whole country."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    mfa_exempt = models.BooleanField(
        _("MFA exempt (demo only)"),
        default=False,
        help_text=_("Only for demonstration accounts created by seed_demo."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    @property
    def scope_code(self) -> str | None:
        """The region code this account sees (None: the whole country)."""
        if self.role == Role.NATIONAL_ADMIN:
            return None
        return self.region_id

    @property
    def requires_mfa(self) -> bool:
        exempt = self.mfa_exempt and bool(getattr(settings, "SIPSM_DEMO", False))
        return (self.role in MFA_ROLES or self.is_superuser) and not exempt

    def can(self, capability: str) -> bool:
        return self.is_active and role_allows(self.role, capability)

    def covers(self, region_code: str | None) -> bool:
        """Whether `region_code` lies inside this account's scope."""
        if self.scope_code is None:
            return True
        if not region_code:
            return False
        return codes.is_within(region_code, self.scope_code)

    def scope_q(self, field: str) -> Q:
        """A filter keeping rows whose `field` (a region code) is inside this account's scope."""
        scope = self.scope_code
        if scope is None:
            return Q()
        return codes.subtree_q(field, scope)

    def scope_label(self) -> str:
        if self.scope_code is None:
            return str(_("Nasional"))
        return str(self.region) if self.region is not None else ""


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A machine's credential for the API. Only a SHA-256 of the secret is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
