"""Writing knowledge-base articles; every change is a new version, and is re-indexed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.coordination.actions.common import require_text, save_attachments
from sipsm.coordination.models import Article, ArticleVersion, Tag
from sipsm.coordination.permissions import can_edit_article, can_write_article
from sipsm.coordination.search import index_article
from sipsm.coordination.uploads import CheckedFile
from sipsm.core.audit import changes_between, record_event, snapshot
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.regions.models import Region

MAX_TAGS = 12
_VERSIONED = ["title", "summary", "body", "legal_status", "reference"]


@dataclass
class ArticleData:
    kind: str
    title: str
    body: str
    summary: str = ""
    legal_status: str = ""
    reference: str = ""
    tags: list[str] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    files: list[CheckedFile] = field(default_factory=list)
    note: str = ""


def clean_tags(raw: list[str]) -> list[str]:
    tags: list[str] = []
    for value in raw:
        slug = slugify(value)[:50]
        if slug and slug not in tags:
            tags.append(slug)
    if len(tags) > MAX_TAGS:
        raise ActionError(_("Use at most %(n)d tags.") % {"n": MAX_TAGS}, field="tags")
    return tags


def _check(data: ArticleData) -> None:
    if data.kind not in Article.Kind.values:
        raise ActionError(_("Choose a kind."), field="kind")
    if data.kind == Article.Kind.REGULATION:
        if data.legal_status not in Article.LegalStatus.values:
            raise ActionError(_("Give the regulation's legal status."), field="legal_status")
    elif data.legal_status:
        raise ActionError(_("Only regulations have a legal status."), field="legal_status")
    require_text(data.title, "title", _("Write a title."))
    require_text(data.body, "body", _("Write the text."))


def _apply(article: Article, data: ArticleData) -> None:
    article.title = data.title.strip()
    article.summary = data.summary.strip()
    article.body = data.body.strip()
    article.legal_status = data.legal_status
    article.reference = data.reference.strip()


def _set_relations(article: Article, data: ArticleData) -> None:
    tags = [Tag.objects.get_or_create(slug=slug)[0] for slug in clean_tags(data.tags)]
    article.tags.set(tags)
    article.regions.set(data.regions)


def _version(article: Article, acting_user: User, note: str) -> ArticleVersion:
    return ArticleVersion.objects.create(
        article=article,
        number=article.version,
        title=article.title,
        summary=article.summary,
        body=article.body,
        legal_status=article.legal_status,
        reference=article.reference,
        edited_by=acting_user,
        edited_at=article.updated_at,
        note=note.strip()[:300],
    )


@transaction.atomic
def add_article(*, acting_user: User, data: ArticleData, owner_region: Region | None) -> Article:
    """Create an article (the caller has checked who may); version 1, indexed, audited."""
    _check(data)
    article = Article(kind=data.kind, author=acting_user, owner_region=owner_region)
    _apply(article, data)
    article.save()
    _set_relations(article, data)
    save_attachments(acting_user, data.files, article=article)
    _version(article, acting_user, data.note or _("First version"))
    index_article(article)
    record_event(
        actor=acting_user,
        verb="article.create",
        target=article,
        region_code=owner_region.code if owner_region else "",
        data={"kind": article.kind, "tags": clean_tags(data.tags)},
    )
    return article


@transaction.atomic
def create_article(*, acting_user: User, data: ArticleData) -> Article:
    if not can_write_article(acting_user, data.kind):
        raise PermissionRefused()
    if data.kind == Article.Kind.CONSULTATION:
        raise ActionError(
            _("Answered consultations are published from the consultation."), field="kind"
        )
    return add_article(acting_user=acting_user, data=data, owner_region=acting_user.region)


@transaction.atomic
def update_article(*, acting_user: User, article: Article, data: ArticleData) -> Article:
    if not can_edit_article(acting_user, article):
        raise PermissionRefused()
    article = Article.objects.select_for_update().get(pk=article.pk)
    if data.kind != article.kind:
        raise ActionError(_("The kind of an article does not change."), field="kind")
    _check(data)
    before = snapshot(article, _VERSIONED)
    _apply(article, data)
    changes = changes_between(article, before, snapshot(article, _VERSIONED))
    article.version += 1
    article.updated_at = timezone.now()
    article.save()
    _set_relations(article, data)
    attached = save_attachments(acting_user, data.files, article=article)
    _version(article, acting_user, data.note)
    index_article(article)
    record_event(
        actor=acting_user,
        verb="article.update",
        target=article,
        region_code=article.owner_region_id or "",
        changes={k: "changed" if k == "body" else v for k, v in changes.items()},
        data={"version": article.version, "attachments": attached},
    )
    return article
