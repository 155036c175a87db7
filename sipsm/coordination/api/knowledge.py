"""The knowledge base in the API: full-text search (Indonesian), articles and versions."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.coordination.access import access_article
from sipsm.coordination.actions import knowledge as knowledge_actions
from sipsm.coordination.api.base import AttachmentOut, region_or_none, require, router
from sipsm.coordination.models import Article
from sipsm.coordination.permissions import can_participate, can_read
from sipsm.coordination.views.knowledge import find_articles


class ArticleOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    body: str
    legal_status: str
    reference: str
    tags: list[str]
    region_codes: list[str]
    author: str
    version: int
    updated_at: dt.datetime
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_tags(obj: Article) -> list[str]:
        return [t.slug for t in obj.tags.all()]

    @staticmethod
    def resolve_region_codes(obj: Article) -> list[str]:
        return [r.code for r in obj.regions.all()]

    @staticmethod
    def resolve_author(obj: Article) -> str:
        return obj.author.get_username()

    @staticmethod
    def resolve_attachments(obj: Article) -> list[Any]:
        return list(obj.attachments.all())


class ArticleIn(Schema):
    kind: Article.Kind
    title: str = Field(..., min_length=1, max_length=200)
    summary: str = Field("", max_length=2000)
    body: str = Field(..., min_length=1, max_length=100000)
    legal_status: str = Field("", max_length=16)
    reference: str = Field("", max_length=150)
    tags: list[str] = Field(default_factory=list, max_length=12)
    region_codes: list[str] = Field(default_factory=list, max_length=20)
    note: str = Field("", max_length=300)


class VersionOut(Schema):
    number: int
    title: str
    summary: str
    body: str
    legal_status: str
    reference: str
    edited_by: str
    edited_at: dt.datetime
    note: str


class ArticleFilters(Schema):
    q: str = Field("", max_length=200, description="Indonesian full-text search")
    kind: str = ""
    tag: str = ""
    region: str = ""


def _data(payload: ArticleIn) -> knowledge_actions.ArticleData:
    regions = [region_or_none(code, "region_codes") for code in payload.region_codes]
    return knowledge_actions.ArticleData(
        kind=payload.kind,
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        legal_status=payload.legal_status,
        reference=payload.reference,
        tags=payload.tags,
        regions=[r for r in regions if r is not None],
        note=payload.note,
    )


@router.get("/articles", response=list[ArticleOut], summary="Search the knowledge base")
@paginate(PageNumberPagination, page_size=25)
def list_articles(request: HttpRequest, filters: Query[ArticleFilters]) -> Any:
    user = api_user(request)
    require(can_read(user))
    return (
        find_articles(user, filters.model_dump())
        .select_related("author")
        .prefetch_related("tags", "regions", "attachments")
    )


@router.post("/articles", response={201: ArticleOut}, summary="Write an article")
def create_article(request: HttpRequest, payload: ArticleIn) -> Status[Article]:
    user = api_user(request)
    require(can_participate(user))
    return Status(201, knowledge_actions.create_article(acting_user=user, data=_data(payload)))


@router.get("/articles/{article_id}", response=ArticleOut, summary="One article")
def get_article(request: HttpRequest, article_id: int) -> Article:
    return access_article(api_user(request), article_id)


@router.put("/articles/{article_id}", response=ArticleOut, summary="Save a new version")
def update_article(request: HttpRequest, article_id: int, payload: ArticleIn) -> Article:
    user = api_user(request)
    article = access_article(user, article_id)
    return knowledge_actions.update_article(acting_user=user, article=article, data=_data(payload))


@router.get("/articles/{article_id}/versions", response=list[VersionOut], summary="Version history")
def article_versions(request: HttpRequest, article_id: int) -> list[dict[str, Any]]:
    article = access_article(api_user(request), article_id)
    return [
        {
            "number": v.number,
            "title": v.title,
            "summary": v.summary,
            "body": v.body,
            "legal_status": v.legal_status,
            "reference": v.reference,
            "edited_by": v.edited_by.get_username(),
            "edited_at": v.edited_at,
            "note": v.note,
        }
        for v in article.versions.select_related("edited_by").order_by("-number")
    ]
