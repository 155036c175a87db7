"""A case: one person in need accompanied by one responsible worker, from identification to
closure, with its assessments, plan (goals and tasks), services, notes, approvals, transfers
and explicit shares.

Narratives (how the person was found, assessments, notes, task results, reasons, decision
notes) are stored encrypted (`EncryptedTextField`); only codes, dates and statuses are in
clear text. Every case records its legal basis of processing (UU PDP Pasal 20).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.identity.fields import EncryptedTextField
from sipsm.people.models import LegalBasis, WelfareCategory

USER = settings.AUTH_USER_MODEL


class Risk(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class NeedDomain(models.TextChoices):
    """The domains an assessment looks at (structured needs)."""

    BASIC = "basic", _("Basic needs (food, clothing)")
    SHELTER = "shelter", _("Housing and care")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial wellbeing")
    FAMILY = "family", _("Family relations")
    PROTECTION = "protection", _("Safety and protection")
    CIVIL_REGISTRATION = "civil_registration", _("Civil registration documents")
    LIVELIHOOD = "livelihood", _("Livelihood")
    DISABILITY = "disability", _("Disability support")


class NeedLevel(models.TextChoices):
    NONE = "none", _("No need")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class SpmSetting(models.TextChoices):
    OUTSIDE_PANTI = "outside_panti", _("Outside institutions (di luar panti)")
    INSIDE_PANTI = "inside_panti", _("Inside institutions (di dalam panti)")


STAGE_ORDER = ["identified", "assessed", "planned", "in_service"]


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.exclude(status=Case.Status.CLOSED)

    def in_region(self, code: str | None) -> CaseQuerySet:
        if code is None:
            return self
        return self.filter(Q(village_id=code) | Q(village__code__startswith=code + "."))


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSURE_REQUESTED = "closure_requested", _("Closure awaiting approval")
        CLOSED = "closed", _("Closed")

    class Stage(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        ASSESSED = "assessed", _("Assessed")
        PLANNED = "planned", _("Planned")
        IN_SERVICE = "in_service", _("Receiving services")

    class Source(models.TextChoices):
        PSM = "psm", _("Found by a PSM")
        COORDINATOR = "coordinator", _("Identified by a coordinator")
        PUBLIC = "public", _("Referral from the public")

    class ClosureReason(models.TextChoices):
        GOALS_MET = "goals_met", _("Goals of the plan met")
        REFERRED = "referred", _("Taken over by another service")
        MOVED = "moved", _("Moved away")
        DIED = "died", _("Died")
        DECLINED = "declined", _("Services declined")
        LOST_CONTACT = "lost_contact", _("Contact lost")
        NOT_ELIGIBLE = "not_eligible", _("Not in need of services")
        OTHER = "other", _("Other")

    number = models.CharField(_("case number"), max_length=24, unique=True)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases"
    )
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        USER, verbose_name=_("responsible worker"), on_delete=models.PROTECT, related_name="+"
    )
    supervisor = models.ForeignKey(
        USER,
        verbose_name=_("named supervisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A TKSK or professional social worker; the coordinators above also supervise."),
    )
    source = models.CharField(_("identified by"), max_length=12, choices=Source.choices)
    intake = models.ForeignKey(
        "cases.Intake",
        verbose_name=_("public referral"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    is_child = models.BooleanField(_("child case"), default=False)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=20,
        choices=LegalBasis.choices,
        default=LegalBasis.PUBLIC_TASK,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.IDENTIFIED
    )
    risk_level = models.CharField(_("risk level"), max_length=8, choices=Risk.choices, blank=True)
    summary = EncryptedTextField(_("how the person was found"), blank=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    closure_reason = models.CharField(
        _("closure reason"), max_length=16, choices=ClosureReason.choices, blank=True
    )
    closure_note = EncryptedTextField(_("closure note"), blank=True)
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["village", "status"], name="cases_case_village_idx"),
            models.Index(fields=["worker", "status"], name="cases_case_worker_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def stage_at_least(self, stage: str) -> bool:
        return STAGE_ORDER.index(self.stage) >= STAGE_ORDER.index(stage)


class CaseSequence(models.Model):
    """Last case serial per regency and year: KS-7501-2025-00001."""

    regency_code = models.CharField(max_length=5)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["regency_code", "year"], name="cases_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.regency_code}/{self.year}: {self.last}"


class Assessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    risk_level = models.CharField(_("risk level"), max_length=8, choices=Risk.choices)
    narrative = EncryptedTextField(_("assessment"), blank=True)
    spm_group = models.CharField(
        _("SPM group"), max_length=12, choices=WelfareCategory.SpmGroup.choices, blank=True
    )
    spm_setting = models.CharField(
        _("SPM service setting"), max_length=16, choices=SpmSetting.choices, blank=True
    )
    assessed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "-assessed_on", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["spm_group", "assessed_on"], name="cases_assess_spm_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.assessed_on}"


class AssessmentNeed(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="needs")
    domain = models.CharField(_("domain"), max_length=20, choices=NeedDomain.choices)
    level = models.CharField(_("need"), max_length=8, choices=NeedLevel.choices)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="cases_need_once")
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.level}"


class Goal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("domain"), max_length=20, choices=NeedDomain.choices, blank=True)
    description = EncryptedTextField(_("goal"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"{self.case} goal {self.pk}"


class CaseTask(models.Model):
    """An action of the case plan or a follow-up, due on a day, for one responsible user."""

    class Kind(models.TextChoices):
        ACTION = "action", _("Plan action")
        FOLLOW_UP = "follow_up", _("Follow-up")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    title = EncryptedTextField(_("what to do"))
    due_on = models.DateField(_("due on"))
    responsible = models.ForeignKey(
        USER, verbose_name=_("responsible"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    result = EncryptedTextField(_("result"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["responsible", "status", "due_on"], name="cases_task_todo_idx"),
            models.Index(fields=["status", "due_on"], name="cases_task_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} task {self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()


class ServiceKind(models.TextChoices):
    """Services given inside a case (the SPM service elements outside institutions)."""

    FOOD = "food", _("Meals (permakanan)")
    CLOTHING = "clothing", _("Clothing (sandang)")
    ASSISTIVE = "assistive", _("Assistive devices (alat bantu)")
    HEALTH_SUPPLIES = "health_supplies", _("Health supplies")
    GUIDANCE = "guidance", _("Physical, mental-spiritual and social guidance")
    FAMILY_GUIDANCE = "family_guidance", _("Social guidance to family and community")
    CIVIL_REGISTRATION = "civil_registration", _("Civil registration (NIK, akta, KIA)")
    EDUCATION_ACCESS = "education_access", _("Access to education")
    HEALTH_ACCESS = "health_access", _("Access to basic health care")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    REUNIFICATION = "reunification", _("Reunification and reintegration")
    SHELTER = "shelter", _("Temporary shelter")
    COUNSELLING = "counselling", _("Counselling")
    ASSISTANCE = "assistance", _("Social assistance")
    OTHER = "other", _("Other")


class Service(models.Model):
    """A service or intervention given to the person."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices)
    delivered_on = models.DateField(_("given on"), default=timezone.localdate)
    provider = models.ForeignKey(
        "cases.ServiceProvider",
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = EncryptedTextField(_("description"), blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "-delivered_on", "-id"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"


class CaseNote(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        VISIT = "visit", _("Home visit")
        CONTACT = "contact", _("Contact (phone, message)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.NOTE)
    on = models.DateField(_("date"), default=timezone.localdate)
    text = EncryptedTextField(_("text"))
    written_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "-on", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.case} note {self.pk}"


class Approval(models.Model):
    """A supervisor's approval asked for: reviewing a high-risk case, or closing a case."""

    class Kind(models.TextChoices):
        HIGH_RISK = "high_risk", _("High-risk case review")
        CLOSURE = "closure", _("Closure")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned to the worker")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="pending")
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = EncryptedTextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["case", "-requested_at", "-id"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"], condition=Q(status="pending"), name="cases_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} {self.status}"


class Transfer(models.Model):
    """Handing a case to another worker (and village); it takes effect when they accept."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting acceptance")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    to_worker = models.ForeignKey(
        USER, verbose_name=_("new worker"), on_delete=models.PROTECT, related_name="+"
    )
    to_village = models.ForeignKey(
        "regions.Region", verbose_name=_("new village"), on_delete=models.PROTECT, related_name="+"
    )
    reason = EncryptedTextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="pending")
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["case", "-requested_at", "-id"]
        verbose_name = _("case transfer")
        verbose_name_plural = _("case transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="cases_one_pending_transfer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_worker_id}"


class Share(models.Model):
    """A case shared with one more user (read only), with the reason; revocable."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(
        USER, verbose_name=_("shared with"), on_delete=models.CASCADE, related_name="+"
    )
    reason = EncryptedTextField(_("reason"))
    shared_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case", "-shared_at", "-id"]
        verbose_name = _("case share")
        verbose_name_plural = _("case shares")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(revoked_at__isnull=True),
                name="cases_one_active_share",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} ↔ {self.user_id}"


class BasicNeedsMet(models.Model):
    """The basic needs of the person were met (an SPM numerator event; see `cases.spm`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="basic_needs_met")
    spm_group = models.CharField(
        _("SPM group"), max_length=12, choices=WelfareCategory.SpmGroup.choices
    )
    spm_setting = models.CharField(_("setting"), max_length=16, choices=SpmSetting.choices)
    met_on = models.DateField(_("met on"))
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "-met_on", "-id"]
        verbose_name = _("basic needs met")
        verbose_name_plural = _("basic needs met")
        indexes = [models.Index(fields=["spm_group", "met_on"], name="cases_bnm_spm_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.spm_group} {self.met_on}"
