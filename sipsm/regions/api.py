"""Regions in the API: search by name or code, and one region with its chain."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.regions.search import search_regions

router = Router()


class RegionOut(Schema):
    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None
    chain: str
    lat: float | None
    lon: float | None

    @staticmethod
    def resolve_kind(obj: Region) -> str:
        return obj.kind.value

    @staticmethod
    def resolve_parent_code(obj: Region) -> str | None:
        return obj.parent_id


@router.get("", response=list[RegionOut], auth=None, summary="Search regions")
def list_regions(
    request: HttpRequest,
    q: str = "",
    level: int | None = None,
    within: str | None = None,
    parent: str | None = None,
    limit: int = 20,
) -> list[Region]:
    """Search by partial name (`q=bakong`) or code, or list the children of `parent`."""
    limit = max(1, min(limit, 100))
    if parent:
        try:
            parent_code = codes.normalize(parent)
        except codes.InvalidRegionCode:
            return []
        return list(Region.objects.filter(parent_id=parent_code).order_by("code")[:1000])
    if not q:
        return list(Region.objects.filter(level=1).order_by("code"))
    return search_regions(q, level=level, within=within, limit=limit)


@router.get("/{code}", response=RegionOut, auth=None, summary="One region")
def get_region(request: HttpRequest, code: str) -> Region:
    try:
        dotted = codes.normalize(code)
    except codes.InvalidRegionCode:
        dotted = code
    return get_object_or_404(Region, code=dotted)
