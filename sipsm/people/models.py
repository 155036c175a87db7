"""People and households shared by every module that serves people (casework, aid, relief).

A `Person` is someone the system serves: a child found on the street, an elderly woman on a
beneficiary list. The NIK is optional (many people in need have no papers) and is stored
encrypted with a keyed blind index, as are the address and phone; the name stays in clear
text so that people can be searched and duplicates found (`sipsm.people.duplicates`).

A `Household` is a family card (Kartu Keluarga). The KK number is optional, encrypted and
blind-indexed. `HouseholdMembership` links a person to a household with the relationship of
the KK ("status hubungan dalam keluarga"); a person is on one current KK at a time, and
earlier memberships stay as history.

The PPKS and PSKS lists (domain.md §2) are versioned reference data (`ReferenceList`,
`WelfareCategory`); `PpksMembership` records that a person belongs to a PPKS group from a
date (and until a date).

Records are never deleted when two of them turn out to be the same person: the duplicate
points to the survivor (`merged_into`) and everything that referred to it is moved over by
`sipsm.people.actions.persons.merge_persons`, so both histories stay readable.

Other modules reuse these models: refer to `people.Person` / `people.Household` with a
foreign key, look people up with `Person.objects.with_nik(...)`, and create them with the
actions in `sipsm.people.actions` (bulk importers set `name_key` with
`sipsm.people.names.name_key`; the blind indexes are filled on save and on bulk_create).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.identity import kk as kk_rules
from sipsm.identity import nik as nik_rules
from sipsm.identity.fields import BlindIndexField, EncryptedTextField, index_for

if TYPE_CHECKING:
    from sipsm.accounts.models import User

# UU 35/2014 (perlindungan anak): a child is under 18. UU 13/1998 (lanjut usia): 60 and over.
CHILD_UNDER_YEARS = 18
ELDERLY_FROM_YEARS = 60


def age_between(birth_date: dt.date, day: dt.date) -> int:
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


class LegalBasis(models.TextChoices):
    """The lawful basis of processing personal data (UU 27/2022 Pasal 20 ayat 2)."""

    CONSENT = "consent", _("Explicit consent (Pasal 20(2)a)")
    CONTRACT = "contract", _("Performing a contract (Pasal 20(2)b)")
    LEGAL_OBLIGATION = "legal_obligation", _("A legal obligation (Pasal 20(2)c)")
    VITAL_INTEREST = "vital_interest", _("Vital interests of the person (Pasal 20(2)d)")
    PUBLIC_TASK = "public_task", _("A task in the public interest or public service (Pasal 20(2)e)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Other legitimate interests (Pasal 20(2)f)")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class PersonQuerySet(models.QuerySet["Person"]):
    def current(self) -> PersonQuerySet:
        """Records that were not merged into another one."""
        return self.filter(merged_into__isnull=True)

    def in_scope_of(self, user: User) -> PersonQuerySet:
        """People living in the user's region (every role's region rule; roles are checked
        by `sipsm.people.access`)."""
        return self.filter(user.scope_q("village__code"))

    def with_nik(self, raw_nik: str) -> PersonQuerySet:
        return self.filter(nik_index=index_for(raw_nik, kind="nik"))


class Person(models.Model):
    full_name = models.CharField(_("name"), max_length=150)
    # Lower-case, spelling-normalised name for search and duplicate detection (names.name_key).
    name_key = models.CharField(max_length=150, db_index=True, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True, db_index=True)
    # When only an age is known: the birth year it implies (so that the age keeps counting).
    estimated_birth_year = models.PositiveSmallIntegerField(
        _("estimated year of birth"), null=True, blank=True, db_index=True
    )
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    nik = EncryptedTextField(_("NIK"), blank=True)
    nik_index = BlindIndexField(source="nik", kind="nik")
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    address = EncryptedTextField(_("address"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)
    # Registered with a NIK that another record, outside the registering user's area, holds:
    # kept as a pending duplicate for a coordinator over both to review and merge.
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("same NIK as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pending_duplicates",
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=20,
        choices=LegalBasis.choices,
        default=LegalBasis.PUBLIC_TASK,
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["nik_index"],
                condition=Q(
                    nik_index__isnull=False,
                    merged_into__isnull=True,
                    duplicate_of__isnull=True,
                ),
                name="people_person_nik_once",
            ),
        ]
        indexes = [
            models.Index(fields=["village", "name_key"], name="people_person_village_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def nik_masked(self) -> str:
        return nik_rules.mask(self.nik) if self.nik else "—"

    def age_on(self, day: dt.date) -> int | None:
        if self.birth_date is not None:
            return age_between(self.birth_date, day)
        if self.estimated_birth_year is not None:
            return day.year - self.estimated_birth_year
        return None

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def age_is_estimated(self) -> bool:
        return self.birth_date is None and self.estimated_birth_year is not None

    def is_child_on(self, day: dt.date) -> bool | None:
        age = self.age_on(day)
        return None if age is None else age < CHILD_UNDER_YEARS

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class HouseholdQuerySet(models.QuerySet["Household"]):
    def current(self) -> HouseholdQuerySet:
        return self.filter(merged_into__isnull=True)

    def in_scope_of(self, user: User) -> HouseholdQuerySet:
        return self.filter(user.scope_q("village__code"))

    def with_kk(self, raw_kk: str) -> HouseholdQuerySet:
        return self.filter(kk_index=index_for(raw_kk, kind="kk"))


class Household(models.Model):
    """A family as on one Kartu Keluarga (KK number optional)."""

    head_name = models.CharField(_("head of the family"), max_length=150)
    kk = EncryptedTextField(_("KK number"), blank=True)
    kk_index = BlindIndexField(source="kk", kind="kk")
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    address = EncryptedTextField(_("address"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["head_name", "id"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(
                fields=["kk_index"],
                condition=Q(kk_index__isnull=False, merged_into__isnull=True),
                name="people_household_kk_once",
            ),
        ]

    def __str__(self) -> str:
        return self.head_name

    @property
    def kk_masked(self) -> str:
        return kk_rules.mask(self.kk) if self.kk else "—"


class Relationship(models.TextChoices):
    """Status hubungan dalam keluarga, as printed on the KK."""

    HEAD = "kepala_keluarga", _("Head of the family (kepala keluarga)")
    SPOUSE = "suami_istri", _("Husband/wife (suami/istri)")
    CHILD = "anak", _("Child (anak)")
    CHILD_IN_LAW = "menantu", _("Son/daughter-in-law (menantu)")
    GRANDCHILD = "cucu", _("Grandchild (cucu)")
    PARENT = "orang_tua", _("Parent (orang tua)")
    PARENT_IN_LAW = "mertua", _("Parent-in-law (mertua)")
    OTHER_RELATIVE = "famili_lain", _("Other relative (famili lain)")
    HOUSEHOLD_HELP = "pembantu", _("Household help (pembantu)")
    OTHER = "lainnya", _("Other (lainnya)")


class HouseholdMembership(models.Model):
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    since = models.DateField(_("since"), default=timezone.localdate)
    until = models.DateField(_("until"), null=True, blank=True)
    # Why someone left a family card can tell of violence or abandonment: kept encrypted.
    end_reason = EncryptedTextField(_("reason it ended"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["household", "until", "id"]
        verbose_name = _("household membership")
        verbose_name_plural = _("household memberships")
        constraints = [
            # One person is on exactly one KK at a time (domain.md §5.2).
            models.UniqueConstraint(
                fields=["person"], condition=Q(until__isnull=True), name="people_one_current_kk"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_relationship_display()}"

    @property
    def is_current(self) -> bool:
        return self.until is None


class ReferenceList(models.Model):
    """One version of the PPKS or PSKS list, with the rule that set it."""

    class Kind(models.TextChoices):
        PPKS = "ppks", _("PPKS (people in need of social welfare services)")
        PSKS = "psks", _("PSKS (social welfare potentials and resources)")

    kind = models.CharField(_("list"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    legal_basis = models.TextField(_("legal basis"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["kind", "-valid_from"]
        verbose_name = _("reference list")
        verbose_name_plural = _("reference lists")
        constraints = [
            models.UniqueConstraint(fields=["kind", "valid_from"], name="people_reflist_version"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class WelfareCategoryQuerySet(models.QuerySet["WelfareCategory"]):
    def valid_on(self, day: dt.date | None = None) -> WelfareCategoryQuerySet:
        day = day or timezone.localdate()
        return self.filter(
            Q(reference_list__valid_until__isnull=True) | Q(reference_list__valid_until__gte=day),
            reference_list__valid_from__lte=day,
        )

    def ppks(self) -> WelfareCategoryQuerySet:
        return self.filter(reference_list__kind=ReferenceList.Kind.PPKS)

    def psks(self) -> WelfareCategoryQuerySet:
        return self.filter(reference_list__kind=ReferenceList.Kind.PSKS)


class WelfareCategory(models.Model):
    """One entry of a PPKS or PSKS list version (e.g. PPKS no. 4, Anak Jalanan)."""

    class SpmGroup(models.TextChoices):
        """The four groups of the SPM rehabilitation services (PP 2/2018 Pasal 10)."""

        DISABILITY = "disabilitas", _("Neglected persons with disabilities")
        CHILD = "anak", _("Neglected children")
        ELDERLY = "lansia", _("Neglected elderly")
        HOMELESS = "gepeng", _("Homeless people and beggars (gelandangan dan pengemis)")

    reference_list = models.ForeignKey(
        ReferenceList, verbose_name=_("list"), on_delete=models.PROTECT, related_name="entries"
    )
    number = models.PositiveSmallIntegerField(_("number in the list"))
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=150)
    abbreviation = models.CharField(_("abbreviation"), max_length=12, blank=True)
    for_children = models.BooleanField(_("only children"), default=False)
    # Membership reveals health, criminal or sexual history: shown to coordinators only.
    sensitive = models.BooleanField(_("sensitive"), default=False)
    spm_group = models.CharField(
        _("SPM group"), max_length=12, choices=SpmGroup.choices, blank=True
    )

    objects = WelfareCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["reference_list", "number"]
        verbose_name = _("welfare category")
        verbose_name_plural = _("welfare categories")
        constraints = [
            models.UniqueConstraint(
                fields=["reference_list", "number"], name="people_category_number"
            ),
            models.UniqueConstraint(fields=["reference_list", "code"], name="people_category_code"),
        ]

    def __str__(self) -> str:
        return self.name


class PpksMembership(models.Model):
    """A person belongs to a PPKS group from `since` (until `until`, when it ended)."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered")
        CASE = "case", _("Case")
        IMPORT = "import", _("Import")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="ppks"
    )
    category = models.ForeignKey(
        WelfareCategory,
        verbose_name=_("PPKS group"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.MANUAL
    )
    # A note on why someone is in a group is a narrative about them: kept encrypted.
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person", "until", "-since", "id"]
        verbose_name = _("PPKS membership")
        verbose_name_plural = _("PPKS memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "category"],
                condition=Q(until__isnull=True),
                name="people_ppks_once_open",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="people_ppks_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.category}"

    @property
    def is_current(self) -> bool:
        return self.until is None or self.until >= timezone.localdate()


class PpksImport(models.Model):
    """One upload of a PPKS list: the row report, and what was saved (all rows or none)."""

    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    filename = models.CharField(_("file"), max_length=200)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    people_created = models.PositiveIntegerField(_("people registered"), default=0)
    memberships_created = models.PositiveIntegerField(_("PPKS memberships recorded"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    committed = models.BooleanField(_("saved"), default=False)
    file_error = models.TextField(_("file error"), blank=True)
    problems = models.JSONField(default=list)
    warnings = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("PPKS import")
        verbose_name_plural = _("PPKS imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"
