"""The directory of service providers, consent to refer, and referrals.

A referral (`Referral`) goes from a case to a provider for one service and follows
sent -> accepted / rejected -> completed; the sender may revoke it while it is sent or
accepted. It needs a recorded, not withdrawn consent (`Consent`) of the person or, for a
child, of a parent or guardian (UU PDP Pasal 25); without one, only a supervisor can send it,
recording an override with a reason (the alternative legal basis, e.g. vital interests).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.identity.fields import EncryptedTextField
from sipsm.regions import codes

USER = settings.AUTH_USER_MODEL


class ProviderService(models.TextChoices):
    """What a provider offers and what a referral asks for."""

    EDUCATION = "education", _("Education (school enrolment)")
    HEALTH = "health", _("Health care")
    HOUSING_CARE = "housing_care", _("Housing and care (LKS, panti)")
    TALENTS = "talents", _("Talent and interest programmes")
    CIVIL_REGISTRATION = "civil_registration", _("Civil registration (akta, KIA, KK, NIK)")
    PROTECTION = "protection", _("Protection from violence and exploitation")
    LEGAL_AID = "legal_aid", _("Legal aid")
    REHABILITATION = "rehabilitation", _("Social rehabilitation")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support and counselling")
    DISABILITY = "disability", _("Disability services and assistive devices")
    ASSISTANCE = "assistance", _("Social assistance (bansos)")
    LIVELIHOOD = "livelihood", _("Livelihood and skills")


class ProviderQuerySet(models.QuerySet["ServiceProvider"]):
    def active(self) -> ProviderQuerySet:
        return self.filter(active=True)

    def covering(self, village_code: str) -> ProviderQuerySet:
        """Providers whose coverage includes the village (or a region above it)."""
        return self.filter(coverage__code__in=codes.ancestors(village_code)).distinct()

    def offering(self, service: str) -> ProviderQuerySet:
        # JSON containment is not available on SQLite; the list is short, match its text.
        return self.filter(services__icontains=f'"{service}"')


class ServiceProvider(models.Model):
    class Kind(models.TextChoices):
        LKS = "lks", _("Social welfare institution (LKS)")
        SCHOOL = "school", _("School")
        PUSKESMAS = "puskesmas", _("Community health centre (puskesmas)")
        HOSPITAL = "hospital", _("Hospital")
        PANTI = "panti", _("Residential care (panti)")
        DINSOS = "dinas_sosial", _("Dinas Sosial")
        UPTD_PPA = "uptd_ppa", _("UPTD PPA (women and child protection)")
        DISDUKCAPIL = "disdukcapil", _("Disdukcapil (civil registration)")
        LEGAL_AID = "legal_aid", _("Legal aid (LBH)")
        POLICE = "police", _("Police (unit PPA)")
        VILLAGE_OFFICE = "village_office", _("Village office")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    psks = models.ForeignKey(
        "people.WelfareCategory",
        verbose_name=_("PSKS type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("located in"), on_delete=models.PROTECT, related_name="+"
    )
    coverage = models.ManyToManyField(
        "regions.Region", verbose_name=_("serves"), related_name="+", blank=True
    )
    services = models.JSONField(_("services"), default=list)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")

    def __str__(self) -> str:
        return self.name

    def service_labels(self) -> list[str]:
        labels = dict(ProviderService.choices)
        return [str(labels.get(code, code)) for code in self.services]


def text_hash(text: str) -> str:
    """SHA-256 of a consent text as stored (UTF-8), in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ConsentText(models.Model):
    """One version of the text read to the person or guardian before they consent.

    A version that a consent points to never changes: revising it makes a new version
    (`sipsm.cases.actions.consent_texts.revise_consent_text`). The hash lets anyone check
    that a printed or stored text is the one consented to."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text = models.TextField(_("text"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")

    def __str__(self) -> str:
        return f"v{self.version} ({self.sha256[:12]})"


class Consent(models.Model):
    class GivenBy(models.TextChoices):
        PERSON = "person", _("The person")
        GUARDIAN = "guardian", _("Parent or guardian")

    class GuardianRelationship(models.TextChoices):
        PARENT = "parent", _("Parent")
        GRANDPARENT = "grandparent", _("Grandparent")
        SIBLING = "sibling", _("Adult sibling")
        RELATIVE = "relative", _("Other relative")
        LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian (wali)")
        INSTITUTION = "institution", _("Head of the LKS/panti caring for the child")
        OTHER = "other", _("Other")

    class Method(models.TextChoices):
        WRITTEN = "written", _("Signed form")
        THUMBPRINT = "thumbprint", _("Thumbprint on the form")
        VERBAL = "verbal", _("Spoken, with a witness")
        ELECTRONIC = "electronic", _("Electronic")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(_("given by"), max_length=10, choices=GivenBy.choices)
    guardian_name = EncryptedTextField(_("name of the parent or guardian"), blank=True)
    guardian_relationship = models.CharField(
        _("relationship to the person"),
        max_length=16,
        choices=GuardianRelationship.choices,
        blank=True,
    )
    method = models.CharField(_("how"), max_length=12, choices=Method.choices)
    consent_text = models.ForeignKey(
        ConsentText,
        verbose_name=_("consent text"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    # The hash of the text as it was when consent was given (proof, UU PDP Pasal 22 and 24).
    text_hash = models.CharField(_("SHA-256 of the text"), max_length=64)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_note = EncryptedTextField(_("withdrawal note"), blank=True)

    class Meta:
        ordering = ["case", "-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.case} consent {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class Referral(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        COMPLETED = "completed", _("Completed")
        REVOKED = "revoked", _("Revoked")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    provider = models.ForeignKey(
        ServiceProvider, verbose_name=_("to"), on_delete=models.PROTECT, related_name="referrals"
    )
    service = models.CharField(_("service"), max_length=20, choices=ProviderService.choices)
    reason = EncryptedTextField(_("reason for the referral"), blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="sent")
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    override_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_reason = EncryptedTextField(_("reason to refer without consent"), blank=True)
    sent_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response_note = EncryptedTextField(_("provider's answer"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = EncryptedTextField(_("why it was revoked"), blank=True)

    class Meta:
        ordering = ["case", "-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["provider", "status"], name="cases_referral_prov_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent__isnull=False) | Q(override_by__isnull=False),
                name="cases_referral_consent_or_override",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.provider_id}"

    @property
    def is_live(self) -> bool:
        return self.status in {self.Status.SENT, self.Status.ACCEPTED}
