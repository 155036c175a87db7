"""Region pages: search (also the autocomplete endpoint) and a region's page. Public data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.regions.search import search_regions


def _query(request: HttpRequest) -> str:
    if request.GET.get("q"):
        return request.GET["q"]
    for key in request.GET:
        if key.endswith("__q"):
            return request.GET.get(key, "")
    return ""


def _level(request: HttpRequest) -> int | None:
    raw = request.GET.get("level", "")
    return int(raw) if raw in {"1", "2", "3", "4"} else None


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    results = search_regions(query, level=_level(request), limit=50) if query else []
    provinces = Region.objects.filter(level=1).order_by("code")
    return render(
        request,
        "regions/index.html",
        {"query": query, "results": results, "provinces": provinces, "level": _level(request)},
    )


@login_not_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Autocomplete results as an HTML fragment (htmx) or a full page."""
    query = _query(request)
    within = request.GET.get("within") or None
    results = search_regions(query, level=_level(request), within=within, limit=15)
    template = "regions/_results.html"
    if not getattr(request, "htmx", False):
        template = "regions/index.html"
    return render(
        request,
        template,
        {
            "query": query,
            "results": results,
            "pick": request.GET.get("pick") == "1",
            "level": _level(request),
        },
    )


@login_not_required
@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        dotted = codes.normalize(code)
    except codes.InvalidRegionCode:
        dotted = code
    region = get_object_or_404(Region.objects.select_related("parent"), code=dotted)
    children = region.children.order_by("code")
    ancestors = Region.objects.filter(code__in=codes.ancestors(region.code)[:-1]).order_by("code")
    return render(
        request,
        "regions/detail.html",
        {"region": region, "children": children, "ancestors": ancestors},
    )
