"""Last-mile distribution: PSMs assigned to villages, a round per village and period, and
one tick row per family and round (what the PSM saw: card received, funds credited,
goods/cash received, not received with a reason, or a problem)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def active(self) -> AssignmentQuerySet:
        return self.filter(ended_at__isnull=True)


class Assignment(models.Model):
    """A PSM accompanies the distribution in a village (until the assignment ends)."""

    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    psm = models.ForeignKey(
        "accounts.User", verbose_name=_("PSM"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["village", "psm", "id"]
        verbose_name = _("PSM assignment")
        verbose_name_plural = _("PSM assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["village", "psm"],
                condition=Q(ended_at__isnull=True),
                name="aid_assignment_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.psm} · {self.village_id}"


class Round(models.Model):
    """The distribution of one period in one village."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    period = models.ForeignKey(
        "aid.Period", verbose_name=_("period"), on_delete=models.PROTECT, related_name="rounds"
    )
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "id"]
        verbose_name = _("distribution round")
        verbose_name_plural = _("distribution rounds")
        constraints = [
            models.UniqueConstraint(fields=["period", "village"], name="aid_round_once"),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.village_id}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Mark(models.TextChoices):
    """What one tap on the checklist records."""

    CARD = "card", _("Card received")
    CREDITED = "credited", _("Funds credited")
    RECEIVED = "received", _("Goods/cash received")
    NOT_RECEIVED = "not_received", _("Not received")
    PROBLEM = "problem", _("Problem")


class Problem(models.TextChoices):
    KKS_BLOCKED = "kks_blocked", _("KKS blocked")
    PIN = "pin", _("PIN problem")
    BALANCE = "balance", _("Balance differs")
    DECEASED = "deceased", _("Deceased")
    MOVED = "moved", _("Moved away")
    DUPLICATE = "duplicate", _("Duplicate")


# Problems that say the family should not be on the list (6T: tepat sasaran).
TARGETING_PROBLEMS = frozenset({Problem.DECEASED, Problem.MOVED, Problem.DUPLICATE})


# A tick that still holds a mark (every mark can be undone, which leaves an empty tick).
MARKED = (
    Q(card_at__isnull=False)
    | Q(credited_at__isnull=False)
    | Q(received_at__isnull=False)
    | Q(not_received_at__isnull=False)
    | Q(problem_at__isnull=False)
)
# The family got its assistance: goods or cash received, or the funds credited to the card.
REACHED = Q(received_at__isnull=False) | Q(credited_at__isnull=False)


class Tick(models.Model):
    """The state of one family in one round, as the PSM recorded it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ticks")
    entry = models.ForeignKey("aid.KpmEntry", on_delete=models.CASCADE, related_name="ticks")
    card_at = models.DateTimeField(_("card received"), null=True, blank=True)
    credited_at = models.DateTimeField(_("funds credited"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    not_received_at = models.DateTimeField(_("not received"), null=True, blank=True)
    not_received_reason = models.CharField(_("reason"), max_length=200, blank=True)
    problem = models.CharField(_("problem"), max_length=12, choices=Problem.choices, blank=True)
    problem_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    photo = models.FileField(upload_to="aid/ticks/", blank=True)
    marked_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "entry"]
        verbose_name = _("distribution tick")
        verbose_name_plural = _("distribution ticks")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry"], name="aid_tick_once"),
        ]
        # The reports read ticks by the day they were marked (sipsm.aid.reporting).
        indexes = [models.Index(fields=["marked_at"], name="aid_tick_marked_idx")]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.entry_id}"

    @property
    def state(self) -> str:
        """The most telling mark, for the checklist's badge."""
        if self.problem:
            return Mark.PROBLEM
        if self.not_received_at:
            return Mark.NOT_RECEIVED
        if self.received_at:
            return Mark.RECEIVED
        if self.credited_at:
            return Mark.CREDITED
        if self.card_at:
            return Mark.CARD
        return ""

    @property
    def state_label(self) -> str:
        state = self.state
        return str(Mark(state).label) if state else ""
