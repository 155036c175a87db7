"""Kemendagri administrative regions: the backbone every other record is scoped by."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sipsm.regions import codes


class RegionQuerySet(models.QuerySet["Region"]):
    def within(self, scope_code: str | None) -> RegionQuerySet:
        """Regions equal to or below `scope_code` (the whole country for `None`)."""
        if scope_code is None:
            return self
        return self.filter(codes.subtree_q("code", scope_code))

    def villages(self) -> RegionQuerySet:
        return self.filter(level=codes.Level.VILLAGE)


class Region(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        REGENCY = 2, _("Regency/city")
        DISTRICT = 3, _("District")
        VILLAGE = 4, _("Village")

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    h3_cell = models.BigIntegerField(_("H3 cell (res 9)"), null=True, blank=True, db_index=True)
    # "Keude Bakongan, Kec. Bakongan, Kab. Aceh Selatan, Aceh": computed once at load time.
    chain = models.CharField(_("full name"), max_length=255)
    # Lower-case, punctuation-free forms used by the name search: own name, and whole chain.
    name_key = models.CharField(max_length=100, db_index=True)
    search_text = models.CharField(max_length=255)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [
            models.Index(
                fields=["code"], name="region_code_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.chain

    @property
    def kind(self) -> codes.Kind:
        return codes.kind_of(self.code)

    @property
    def kind_label(self) -> str:
        return str(codes.KIND_LABELS[self.kind])

    @property
    def undotted_code(self) -> str:
        return self.code.replace(".", "")

    def is_within(self, scope_code: str | None) -> bool:
        return codes.is_within(self.code, scope_code)


class RegionRelease(models.Model):
    """What region list is loaded: the decree, the file's checksum and the counts per level."""

    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    decree = models.CharField(_("decree"), max_length=200)
    source_sha256 = models.CharField(max_length=64)
    # Comma-separated province codes when only some were loaded; empty for the whole list.
    provinces = models.CharField(_("provinces"), max_length=200, blank=True, default="")
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-loaded_at"]
        get_latest_by = "loaded_at"

    def __str__(self) -> str:
        return f"{self.decree} ({self.loaded_at:%Y-%m-%d})"
