"""The knowledge base: search and filters, read, write, edit, version history."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sipsm.accounts.models import User
from sipsm.coordination.access import access_article
from sipsm.coordination.actions import knowledge as knowledge_actions
from sipsm.coordination.forms import ArticleFilterForm, ArticleForm
from sipsm.coordination.models import Article, ArticleVersion
from sipsm.coordination.permissions import can_edit_article, can_participate, can_read
from sipsm.coordination.search import search_articles
from sipsm.coordination.views.common import PAGE_SIZE, form_error
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.regions import codes


def find_articles(user: User, filters: dict[str, str]) -> QuerySet[Article]:
    """Articles matching the filters; with a search text, best match first."""
    if not can_read(user):
        return Article.objects.none()
    articles = Article.objects.all()
    if filters.get("kind") in Article.Kind.values:
        articles = articles.filter(kind=filters["kind"])
    if filters.get("tag"):
        articles = articles.filter(tags__slug=filters["tag"])
    region = (filters.get("region") or "").strip()
    if region:
        try:
            region = codes.normalize(region)
        except codes.InvalidRegionCode:
            return Article.objects.none()
        # Articles about this region, a region above it, or one inside it.
        articles = articles.filter(regions__code__in=codes.ancestors(region)) | articles.filter(
            regions__code__startswith=region + "."
        )
        articles = articles.distinct()
    query = (filters.get("q") or "").strip()
    if query:
        return search_articles(articles, query)
    return articles.order_by("-updated_at", "-id")


@require_GET
def article_list(request: AuthenticatedRequest) -> HttpResponse:
    if not can_read(request.user):
        raise Http404
    form = ArticleFilterForm(request.GET or None)
    filters = {k: str(v or "") for k, v in form.cleaned_data.items()} if form.is_valid() else {}
    articles = find_articles(request.user, filters).select_related("author")
    page = Paginator(articles.prefetch_related("tags"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/knowledge/list.html",
        {
            "form": form,
            "page_obj": page,
            "query": filters.get("q", ""),
            "can_write": can_participate(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def article_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_participate(request.user):
        raise PermissionRefused()
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = knowledge_actions.create_article(
                acting_user=request.user, data=form.to_data()
            )
        except ActionError as exc:  # incl. a kind reserved to coordinators
            form_error(form, exc)
        else:
            messages.success(request, _("Article saved."))
            return redirect("coordination:article_detail", article.pk)
    return render(
        request,
        "coordination/form.html",
        {"form": form, "title": _("New knowledge article")},
        status=400 if form.errors else 200,
    )


@require_GET
def article_detail(request: AuthenticatedRequest, article_id: int) -> HttpResponse:
    article = access_article(request.user, article_id)
    return render(
        request,
        "coordination/knowledge/detail.html",
        {
            "article": article,
            "tags": list(article.tags.all()),
            "regions": list(article.regions.all()),
            "attachments": list(article.attachments.all()),
            "versions": list(article.versions.select_related("edited_by")),
            "can_edit": can_edit_article(request.user, article),
        },
    )


@require_http_methods(["GET", "POST"])
def article_edit(request: AuthenticatedRequest, article_id: int) -> HttpResponse:
    article = access_article(request.user, article_id)
    if not can_edit_article(request.user, article):
        raise PermissionRefused()
    region = article.regions.first()
    initial = {
        "kind": article.kind,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "legal_status": article.legal_status,
        "reference": article.reference,
        "tags": ", ".join(article.tags.values_list("slug", flat=True)),
        "regions": region,
    }
    form = ArticleForm(request.POST or None, request.FILES or None, initial=initial)
    if article.kind == Article.Kind.CONSULTATION:
        form.fields["kind"].choices = Article.Kind.choices  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            knowledge_actions.update_article(
                acting_user=request.user, article=article, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("New version saved."))
            return redirect("coordination:article_detail", article.pk)
    return render(
        request,
        "coordination/form.html",
        {"form": form, "article": article, "title": _("Edit: %(t)s") % {"t": article.title}},
        status=400 if form.errors else 200,
    )


@require_GET
def article_version(request: AuthenticatedRequest, article_id: int, number: int) -> HttpResponse:
    article = access_article(request.user, article_id)
    version = (
        ArticleVersion.objects.select_related("edited_by")
        .filter(article=article, number=number)
        .first()
    )
    if version is None:
        raise Http404
    return render(
        request,
        "coordination/knowledge/version.html",
        {"article": article, "version": version},
    )
