"""The knowledge base: good practices, guides, regulations, templates; with versions."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Tag(models.Model):
    slug = models.SlugField(_("tag"), max_length=50, unique=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.slug


class Article(models.Model):
    class Kind(models.TextChoices):
        GOOD_PRACTICE = "good_practice", _("Good practice (praktik baik)")
        GUIDE = "guide", _("Guide")
        REGULATION = "regulation", _("Regulation")
        TEMPLATE = "template", _("Template")
        CONSULTATION = "consultation", _("Answered consultation")

    class LegalStatus(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        AMENDED = "amended", _("Amended")
        REVOKED = "revoked", _("Revoked")
        DRAFT = "draft", _("Draft")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"))
    legal_status = models.CharField(
        _("legal status"), max_length=16, choices=LegalStatus.choices, blank=True
    )
    reference = models.CharField(
        _("reference"), max_length=150, blank=True, help_text=_("e.g. Permensos No. 10 Tahun 2019")
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True)
    regions = models.ManyToManyField(
        "regions.Region", verbose_name=_("regions"), blank=True, related_name="+"
    )
    author = models.ForeignKey(
        "accounts.User", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    # The region of the unit that owns the article (NULL: national); editors are its coordinators.
    owner_region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, db_index=True)
    # Stemmed words of title, summary, body and tags: what full-text search matches.
    search_document = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")

    def __str__(self) -> str:
        return self.title


class ArticleVersion(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"))
    legal_status = models.CharField(_("legal status"), max_length=16, blank=True)
    reference = models.CharField(_("reference"), max_length=150, blank=True)
    edited_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"
