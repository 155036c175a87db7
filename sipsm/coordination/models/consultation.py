"""The consultation desk: a PSM asks a supervisor or a registered consultant."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.accounts.roles import Role
from sipsm.coordination.models.discussion import Topic
from sipsm.identity.fields import EncryptedTextField


class ConsultantQuerySet(models.QuerySet["Consultant"]):
    def active(self) -> ConsultantQuerySet:
        """Profiles that answer: active, and not of a (read-only) government partner."""
        return self.filter(is_active=True, user__is_active=True).exclude(
            user__role=Role.GOVERNMENT_PARTNER
        )


class Consultant(models.Model):
    """A professional social worker (or other expert) registered to answer consultations."""

    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="consultant",
    )
    profession = models.CharField(
        _("profession"), max_length=150, help_text=_("e.g. Pekerja Sosial Profesional")
    )
    credential = models.CharField(
        _("certificate or registration number"), max_length=100, blank=True
    )
    # The area served (NULL: the whole country).
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("area served"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    registered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    registered_at = models.DateTimeField(default=timezone.now)

    objects = ConsultantQuerySet.as_manager()

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.profession})"

    def serves(self, region_code: str) -> bool:
        return self.region_id is None or (
            region_code == self.region_id or region_code.startswith(self.region_id + ".")
        )


class Consultation(models.Model):
    class Route(models.TextChoices):
        SUPERVISOR = "supervisor", _("My supervisors (TKSK, IPSM coordinators)")
        CONSULTANT = "consultant", _("A registered professional social worker")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a consultant")
        ASSIGNED = "assigned", _("Assigned")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    asker = models.ForeignKey(
        "accounts.User", verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    # Where the asker works: consultants and supervisors are matched on it.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    route = models.CharField(_("ask"), max_length=16, choices=Route.choices)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    # The texts a PSM writes can name people: encrypted at rest (security-reliability.md G1).
    # Their lengths are checked by the forms and API schemas.
    subject = EncryptedTextField(_("subject"))
    question = EncryptedTextField(_("question"))
    case_reference = EncryptedTextField(_("case number"), blank=True)
    client_details = EncryptedTextField(
        _("who it is about"),
        blank=True,
        help_text=_("Names, ages, addresses. Hidden from consultants unless you share them."),
    )
    share_identities = models.BooleanField(_("share identities with the consultant"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    assigned_to = models.ForeignKey(
        "accounts.User",
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(_("answer due"))
    created_at = models.DateTimeField(_("asked at"), default=timezone.now, db_index=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_note = EncryptedTextField(_("comment on the answer"), blank=True)
    published_article = models.ForeignKey(
        "coordination.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="consultation_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in {self.Status.OPEN, self.Status.ASSIGNED}
            and self.deadline < timezone.now()
        )


class ConsultationMessage(models.Model):
    class Kind(models.TextChoices):
        ANSWER = "answer", _("Answer")
        FOLLOW_UP = "follow_up", _("Follow-up question")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    body = EncryptedTextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.kind}"
