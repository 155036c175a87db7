"""Programs (Program Sembako/BPNT, PKH, BLT, in-kind relief) and their periods."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Program(models.Model):
    class Scheme(models.TextChoices):
        SEMBAKO = "sembako", _("Program Sembako (ex-BPNT)")
        PKH = "pkh", _("PKH (Program Keluarga Harapan)")
        BLT = "blt", _("BLT (direct cash assistance)")
        IN_KIND = "in_kind", _("In-kind relief")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        E_VOUCHER = "e_voucher", _("E-voucher on the KKS card")
        CASH = "cash", _("Cash (bank or Pos)")
        IN_KIND = "in_kind", _("In kind")

    class Channel(models.TextChoices):
        KKS_EWALLET = "kks_ewallet", _("KKS e-wallet at an e-Warong")
        KKS_CASH = "kks_cash", _("KKS account, cash withdrawal")
        BANK = "bank", _("Bank transfer (Himbara)")
        POS = "pos", _("PT Pos Indonesia")
        DIRECT = "direct", _("Handed out directly")

    class Cadence(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        TAHAP = "tahap", _("Per tahap (quarterly)")
        ONCE = "once", _("Once")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    scheme = models.CharField(_("scheme"), max_length=12, choices=Scheme.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    cadence = models.CharField(_("cadence"), max_length=8, choices=Cadence.choices)
    amount = models.PositiveIntegerField(_("amount per family (Rp)"), default=0)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("aid program")
        verbose_name_plural = _("aid programs")

    def __str__(self) -> str:
        return self.name


class Period(models.Model):
    """One disbursement of a program: a month, or a tahap of several months."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="periods"
    )
    label = models.CharField(_("label"), max_length=60)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    amount = models.PositiveIntegerField(_("amount per family (Rp)"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["program", "-starts_on", "id"]
        verbose_name = _("aid period")
        verbose_name_plural = _("aid periods")
        constraints = [
            models.UniqueConstraint(fields=["program", "starts_on"], name="aid_period_once"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="aid_period_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} · {self.label}"
