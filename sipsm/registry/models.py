"""IPSM units and boards, and the register of PSM members."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sipsm.identity import nik as nik_rules
from sipsm.identity.fields import BlindIndexField, EncryptedTextField


def new_verification_token() -> str:
    return secrets.token_urlsafe(16)


class Skill(models.Model):
    """Controlled vocabulary of skills (dispatch matches on these codes)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "id").startswith("en") else self.name


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, user: models.Model) -> UnitQuerySet:
        scope = getattr(user, "scope_code", None)
        if scope is None:
            return self
        # A unit is visible when it lies in the user's area, or is one of the units above it.
        ancestors = [scope[:i] for i in (2, 5, 8) if len(scope) > i] + [scope]
        return self.filter(
            Q(region_id=scope)
            | Q(region__code__startswith=scope + ".")
            | Q(region_id__in=ancestors)
            | Q(region__isnull=True)
        )


class Unit(models.Model):
    """An IPSM unit: national, or bound to one province/regency/district/village."""

    class Level(models.IntegerChoices):
        NATIONAL = 0, _("National")
        PROVINCE = 1, _("Province")
        REGENCY = 2, _("Regency/city")
        DISTRICT = 3, _("District")
        VILLAGE = 4, _("Village")

    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    region = models.OneToOneField(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ipsm_unit",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("secretariat address"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["level", "region_id"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["level"], condition=Q(level=0), name="unit_single_national"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def region_code(self) -> str | None:
        return self.region_id

    def current_term(self) -> BoardTerm | None:
        year = timezone.localdate().year
        return (
            self.board_terms.filter(start_year__lte=year, end_year__gte=year)
            .order_by("-start_year")
            .first()
        )


class BoardTerm(models.Model):
    """A board (pengurus) of a unit for a term such as 2022–2027."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="board_terms"
    )
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    sk_number = models.CharField(_("decree (SK) number"), max_length=100, blank=True)
    sk_date = models.DateField(_("decree date"), null=True, blank=True)

    class Meta:
        ordering = ["unit", "-start_year"]
        verbose_name = _("board term")
        verbose_name_plural = _("board terms")
        constraints = [
            models.UniqueConstraint(fields=["unit", "start_year"], name="board_term_unique_start"),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="board_term_years_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.start_year}–{self.end_year}"

    @property
    def label(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class Position(models.TextChoices):
    KETUA = "ketua", _("Chair (Ketua)")
    WAKIL_KETUA = "wakil_ketua", _("Vice chair (Wakil Ketua)")
    SEKRETARIS = "sekretaris", _("Secretary (Sekretaris)")
    WAKIL_SEKRETARIS = "wakil_sekretaris", _("Vice secretary (Wakil Sekretaris)")
    BENDAHARA = "bendahara", _("Treasurer (Bendahara)")
    WAKIL_BENDAHARA = "wakil_bendahara", _("Vice treasurer (Wakil Bendahara)")
    KOORDINATOR_BIDANG = "koordinator_bidang", _("Division coordinator (Koordinator Bidang)")
    ANGGOTA = "anggota", _("Board member (Anggota)")


POSITION_ORDER = {value: index for index, value in enumerate(Position.values)}


class BoardPosition(models.Model):
    term = models.ForeignKey(
        BoardTerm, verbose_name=_("term"), on_delete=models.CASCADE, related_name="positions"
    )
    position = models.CharField(_("position"), max_length=32, choices=Position.choices)
    title = models.CharField(
        _("title"), max_length=150, blank=True, help_text=_("e.g. Bidang Kebencanaan")
    )
    member = models.ForeignKey(
        "Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_positions",
    )
    holder_name = models.CharField(_("holder (if not a member)"), max_length=150, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["term", "sort_order", "id"]
        verbose_name = _("board position")
        verbose_name_plural = _("board positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(holder_name=""),
                name="board_position_has_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()}: {self.holder}"

    @property
    def holder(self) -> str:
        return self.member.full_name if self.member_id and self.member else self.holder_name


class MemberQuerySet(models.QuerySet["Member"]):
    def visible_to(self, user: models.Model) -> MemberQuerySet:
        scope_q = getattr(user, "scope_q", None)
        if scope_q is None:
            return self.none()
        return self.filter(scope_q("home_village__code"))

    def active(self) -> MemberQuerySet:
        return self.filter(status=Member.Status.ACTIVE)

    def with_nik(self, raw_nik: str) -> MemberQuerySet:
        from sipsm.identity.fields import index_for

        return self.filter(nik_index=index_for(raw_nik, kind="nik"))


class Member(models.Model):
    """A PSM: a community social worker registered with IPSM."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        DECEASED = "deceased", _("Deceased")

    class Stage(models.TextChoices):
        APPLIED = "applied", _("Applied")
        RECOMMENDED = "recommended", _("Recommended by village unit")
        VERIFIED = "verified", _("Verified by regency")
        REJECTED = "rejected", _("Rejected")

    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Education(models.TextChoices):
        NONE = "none", _("No formal schooling")
        SD = "sd", _("Primary (SD)")
        SMP = "smp", _("Junior secondary (SMP)")
        SMA = "sma", _("Senior secondary (SMA/SMK)")
        DIPLOMA = "diploma", _("Diploma (D1–D3)")
        BACHELOR = "s1", _("Bachelor (D4/S1)")
        MASTER = "s2", _("Master (S2)")
        DOCTORATE = "s3", _("Doctorate (S3)")

    class SkIssuer(models.TextChoices):
        VILLAGE = "desa_kelurahan", _("Village/kelurahan head")
        DINSOS = "dinas_sosial", _("Dinas Sosial")
        OTHER = "other", _("Other")

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available")
        LIMITED = "limited", _("Limited")
        UNAVAILABLE = "unavailable", _("Not available")

    nik = EncryptedTextField(_("NIK"), blank=True)
    nik_index = BlindIndexField(source="nik", kind="nik", unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    home_village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("home village"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ktp_village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village on the ID card (KTP)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    home_lat = models.FloatField(_("home latitude"), null=True, blank=True)
    home_lon = models.FloatField(_("home longitude"), null=True, blank=True)
    home_h3 = models.BigIntegerField(_("home H3 cell (res 9)"), null=True, blank=True)
    # Where dispatch measures from: the home point, or the village point when there is none.
    dispatch_lat = models.FloatField(null=True, blank=True, editable=False)
    dispatch_lon = models.FloatField(null=True, blank=True, editable=False)
    dispatch_h3_r7 = models.BigIntegerField(null=True, blank=True, editable=False)
    dispatch_h3_r5 = models.BigIntegerField(null=True, blank=True, editable=False)
    education = models.CharField(
        _("education"), max_length=16, choices=Education.choices, blank=True
    )
    literate = models.BooleanField(_("can read and write"), default=False)
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True)
    bimtek_dasar_date = models.DateField(
        _("basic technical training (Bimtek dasar) date"), null=True, blank=True
    )
    bimtek_dasar_organizer = models.CharField(
        _("Bimtek dasar organiser"), max_length=150, blank=True
    )
    commitment_declared = models.BooleanField(
        _("declared ability, care and commitment as a social volunteer"), default=False
    )
    good_conduct_evidence = models.CharField(
        _("evidence of good conduct"),
        max_length=150,
        blank=True,
        help_text=_("e.g. letter from the village head or SKCK number"),
    )
    sk_number = models.CharField(_("SK number"), max_length=100, blank=True)
    sk_issuer = models.CharField(
        _("SK issued by"), max_length=20, choices=SkIssuer.choices, blank=True
    )
    sk_date = models.DateField(_("SK date"), null=True, blank=True)
    kta_number = models.CharField(
        _("member card (KTA) number"), max_length=32, null=True, blank=True, unique=True
    )
    kta_temporary = models.BooleanField(_("temporary KTA"), default=True)
    kta_issued_at = models.DateTimeField(_("KTA issued at"), null=True, blank=True)
    verification_token = models.CharField(
        max_length=32, unique=True, default=new_verification_token, editable=False
    )
    photo = models.FileField(_("photo"), upload_to="members/", blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CANDIDATE
    )
    stage = models.CharField(
        _("registration stage"), max_length=16, choices=Stage.choices, default=Stage.APPLIED
    )
    availability = models.CharField(
        _("availability"),
        max_length=16,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    recommended_at = models.DateTimeField(_("recommended at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("member (PSM)")
        verbose_name_plural = _("members (PSM)")
        indexes = [
            models.Index(fields=["home_village", "status"], name="member_village_status_idx"),
            models.Index(fields=["status", "availability"], name="member_status_avail_idx"),
            models.Index(fields=["home_h3"], name="member_home_h3_idx"),
            # The nearest-PSM search (sipsm.incidents.nearest) reads only these indexes: the
            # dispatch point and the id ride along, so no table row is visited.
            models.Index(
                fields=[
                    "dispatch_h3_r7",
                    "status",
                    "availability",
                    "dispatch_lat",
                    "dispatch_lon",
                    "id",
                ],
                name="member_dispatch_r7_cover",
            ),
            models.Index(
                fields=[
                    "dispatch_h3_r5",
                    "status",
                    "availability",
                    "dispatch_lat",
                    "dispatch_lon",
                    "id",
                ],
                name="member_dispatch_r5_cover",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def nik_masked(self) -> str:
        return nik_rules.mask(self.nik) if self.nik else "—"

    @property
    def masked_name(self) -> str:
        return mask_name(self.full_name)

    def age_on(self, day: dt.date) -> int | None:
        if self.birth_date is None:
            return None
        had_birthday = (day.month, day.day) >= (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - (0 if had_birthday else 1)

    @property
    def regency_code(self) -> str:
        return self.home_village_id[:5]

    @property
    def has_card(self) -> bool:
        return bool(self.kta_number)


class KtaSequence(models.Model):
    """Last KTA serial used per regency and kind (temporary or permanent)."""

    regency_code = models.CharField(max_length=5)
    temporary = models.BooleanField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["regency_code", "temporary"], name="kta_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.regency_code} {'S' if self.temporary else 'P'} {self.last}"


def mask_name(full_name: str) -> str:
    """`Siti Nurhaliza Putri` -> `Siti N******** P****`: enough to compare with a card."""
    words = full_name.split()
    if not words:
        return ""
    return " ".join([words[0]] + [w[0] + "*" * (len(w) - 1) for w in words[1:]])


class MemberImport(models.Model):
    """One upload of a member file: what was in it, what was saved, and the row report."""

    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    filename = models.CharField(_("file"), max_length=200)
    mode = models.CharField(_("mode"), max_length=20)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("saved"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    committed = models.BooleanField(_("saved"), default=False)
    file_error = models.TextField(_("file error"), blank=True)
    problems = models.JSONField(default=list)
    warnings = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"
