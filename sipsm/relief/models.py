"""What an incident does to people and what is done for them: needs assessed per village,
affected people and households, evacuation sites (posko/pengungsian), relief handed out, and
the CAP alerts IPSM issues about the incident.

NIK and KK numbers are optional (people often flee without papers). They are stored encrypted
with a keyed blind index, so a record entered without them can be matched later
(`sipsm.relief.actions.people.match_person`).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.identity import kk as kk_rules
from sipsm.identity import nik as nik_rules
from sipsm.identity.fields import BlindIndexField, EncryptedTextField

# UU 35/2014 (perlindungan anak): a child is under 18. UU 13/1998 (lanjut usia): 60 and over.
CHILD_UNDER_YEARS = 18
ELDERLY_FROM_YEARS = 60


def age_on(birth_date: dt.date, day: dt.date) -> int:
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


class NeedCategory(models.TextChoices):
    """Kinds of need, and the same kinds for the relief that answers them."""

    FOOD = "food", _("Food")
    WATER = "water", _("Clean water")
    SHELTER = "shelter", _("Shelter")
    CLOTHING = "clothing", _("Clothing")
    HEALTH = "health", _("Health")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    VULNERABLE = "vulnerable", _("Vulnerable groups")
    OTHER = "other", _("Other")


class Need(models.Model):
    """A need assessed in one village of an incident."""

    class Priority(models.TextChoices):
        CRITICAL = "critical", _("Critical")
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PARTLY_MET = "partly_met", _("Partly met")
        MET = "met", _("Met")

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="needs"
    )
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=16, choices=NeedCategory.choices)
    people_affected = models.PositiveIntegerField(_("people affected"), default=0)
    quantity = models.DecimalField(
        _("quantity needed"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="open")
    assessed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["incident", "village_id", "category", "id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [models.Index(fields=["incident", "status"], name="relief_need_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.village_id}"


class Shelter(models.Model):
    """An aid post (posko) or evacuation site (pengungsian) opened for an incident."""

    class Kind(models.TextChoices):
        PENGUNGSIAN = "pengungsian", _("Evacuation site (pengungsian)")
        POSKO = "posko", _("Aid post (posko)")
        HUNTARA = "huntara", _("Temporary housing (huntara)")
        OTHER = "other", _("Other")

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="shelters"
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default="pengungsian")
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    manual_count = models.PositiveIntegerField(
        _("people counted on site"),
        null=True,
        blank=True,
        help_text=_("A head count, for when not everyone is registered by name."),
    )
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    is_open = models.BooleanField(_("open"), default=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["incident", "-is_open", "name", "id"]
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")

    def __str__(self) -> str:
        return self.name

    def occupancy(self, registered: int) -> int:
        """People in the site: the registered occupants, or the head count if it is higher
        (a head count includes people not yet registered by name)."""
        return max(registered, self.manual_count or 0)


class Household(models.Model):
    """A family (one Kartu Keluarga) affected by an incident."""

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="households"
    )
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    head_name = models.CharField(_("head of household"), max_length=150)
    kk = EncryptedTextField(_("KK number"), blank=True)
    kk_index = BlindIndexField(source="kk", kind="kk")
    size = models.PositiveSmallIntegerField(_("people in the household"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("same household as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["incident", "head_name", "id"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "kk_index"],
                condition=Q(kk_index__isnull=False, duplicate_of__isnull=True),
                name="relief_household_kk_once",
            )
        ]

    def __str__(self) -> str:
        return self.head_name

    @property
    def kk_masked(self) -> str:
        return kk_rules.mask(self.kk) if self.kk else "—"


class AffectedPerson(models.Model):
    """A person affected by an incident, registered by name (NIK optional)."""

    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Condition(models.TextChoices):
        SAFE = "safe", _("Safe")
        DISPLACED = "displaced", _("Displaced")
        INJURED = "injured", _("Injured")
        MISSING = "missing", _("Missing")
        DECEASED = "deceased", _("Deceased")

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="people"
    )
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    shelter = models.ForeignKey(
        Shelter,
        verbose_name=_("shelter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occupants",
    )
    full_name = models.CharField(_("name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    age_years = models.PositiveSmallIntegerField(
        _("age (years)"), null=True, blank=True, help_text=_("When the birth date is unknown.")
    )
    nik = EncryptedTextField(_("NIK"), blank=True)
    nik_index = BlindIndexField(source="nik", kind="nik")
    is_child = models.BooleanField(_("child (under 18)"), default=False)
    is_elderly = models.BooleanField(_("elderly (60 or over)"), default=False)
    has_disability = models.BooleanField(_("person with a disability"), default=False)
    is_pregnant = models.BooleanField(_("pregnant"), default=False)
    condition = models.CharField(
        _("condition"), max_length=12, choices=Condition.choices, default=Condition.SAFE
    )
    notes = models.TextField(_("notes"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("same person as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["incident", "full_name", "id"]
        verbose_name = _("affected person")
        verbose_name_plural = _("affected people")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "nik_index"],
                condition=Q(nik_index__isnull=False, duplicate_of__isnull=True),
                name="relief_person_nik_once",
            )
        ]
        indexes = [
            models.Index(fields=["incident", "condition"], name="relief_person_condition_idx")
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def nik_masked(self) -> str:
        return nik_rules.mask(self.nik) if self.nik else "—"

    def age_on(self, day: dt.date) -> int | None:
        if self.birth_date is not None:
            return age_on(self.birth_date, day)
        return self.age_years

    @property
    def is_vulnerable(self) -> bool:
        return self.is_child or self.is_elderly or self.has_disability or self.is_pregnant


class Relief(models.Model):
    """Something handed to one person or to one household."""

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="relief"
    )
    person = models.ForeignKey(
        AffectedPerson,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relief",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relief",
    )
    need = models.ForeignKey(
        Need,
        verbose_name=_("answers the need"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="relief",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NeedCategory.choices)
    description = models.CharField(_("what"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, default=1)
    unit = models.CharField(_("unit"), max_length=30, default="paket")
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    given_by = models.CharField(
        _("given by"),
        max_length=150,
        blank=True,
        help_text=_("The organisation or person who handed it out."),
    )
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["incident", "-given_on", "-id"]
        verbose_name = _("relief given")
        verbose_name_plural = _("relief given")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, household__isnull=True)
                | Q(person__isnull=True, household__isnull=False),
                name="relief_to_person_or_household",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity} {self.unit}"

    @property
    def recipient_label(self) -> str:
        if self.person_id is not None and self.person is not None:
            return self.person.full_name
        if self.household is not None:
            return str(_("Household of %(name)s") % {"name": self.household.head_name})
        return ""


class CapAlert(models.Model):
    """A CAP 1.2 message IPSM issued about an incident; the XML is kept as sent."""

    class MsgType(models.TextChoices):
        ALERT = "Alert", "Alert"
        UPDATE = "Update", "Update"
        CANCEL = "Cancel", "Cancel"

    class Status(models.TextChoices):
        ACTUAL = "Actual", _("Actual")
        EXERCISE = "Exercise", _("Exercise")
        TEST = "Test", _("Test")

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="cap_alerts"
    )
    identifier = models.CharField(max_length=200, unique=True)
    sender = models.CharField(max_length=200)
    sent = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTUAL)
    msg_type = models.CharField(max_length=8, choices=MsgType.choices, default=MsgType.ALERT)
    references = models.TextField(blank=True)
    category = models.CharField(max_length=16)
    event = models.CharField(max_length=100)
    urgency = models.CharField(max_length=16)
    severity = models.CharField(max_length=16)
    certainty = models.CharField(max_length=16)
    response_type = models.CharField(max_length=16, blank=True)
    headline = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    instruction = models.TextField(blank=True)
    expires = models.DateTimeField(null=True, blank=True)
    area_count = models.PositiveIntegerField(default=0)
    xml = models.TextField()
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["incident", "sent", "id"]
        verbose_name = _("CAP alert")
        verbose_name_plural = _("CAP alerts")

    def __str__(self) -> str:
        return self.identifier
