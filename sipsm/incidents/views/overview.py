"""Overviews of incidents: the map (GeoJSON for Leaflet) and response times per region/month."""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sipsm.core.http import AuthenticatedRequest
from sipsm.incidents.access import incidents_for
from sipsm.incidents.models import Assignment, Incident
from sipsm.incidents.permissions import can_see_exact_positions, can_see_incidents
from sipsm.incidents.timing import INTERVAL_LABELS, aggregate_timings

MAX_VILLAGE_POINTS = 2000


def _feature(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": properties,
    }


@require_GET
def incident_map(request: AuthenticatedRequest) -> HttpResponse:
    if not can_see_incidents(request.user):
        raise Http404
    return render(
        request,
        "incidents/map.html",
        {
            "tiles": settings.SIPSM_MAP_TILES,
            "attribution": settings.SIPSM_MAP_ATTRIBUTION,
        },
    )


@require_GET
def incident_geojson(request: AuthenticatedRequest) -> JsonResponse:
    """Open incidents, their affected villages and, for coordinators of an active incident,
    where responders checked in. Everyone else sees responders only by village."""
    if not can_see_incidents(request.user):
        raise Http404
    incidents = list(incidents_for(request.user).open().select_related("type", "region")[:500])
    features: list[dict[str, Any]] = []
    budget = MAX_VILLAGE_POINTS
    for incident in incidents:
        point = incident.point
        if point is not None:
            features.append(
                _feature(
                    point[1],
                    point[0],
                    {
                        "kind": "incident",
                        "id": incident.pk,
                        "title": incident.title,
                        "type": str(incident.type),
                        "status": incident.get_status_display(),
                        "url": f"/kejadian/{incident.pk}/",
                    },
                )
            )
        if budget > 0:
            for area in incident.areas.select_related("village")[:budget]:
                village = area.village
                if village.lat is None or village.lon is None:
                    continue
                budget -= 1
                features.append(
                    _feature(
                        village.lon,
                        village.lat,
                        {"kind": "village", "incident": incident.pk, "name": village.name},
                    )
                )
        for shelter in incident.shelters.filter(is_open=True).select_related("village"):
            lat = shelter.lat if shelter.lat is not None else shelter.village.lat
            lon = shelter.lon if shelter.lon is not None else shelter.village.lon
            if lat is None or lon is None:
                continue
            features.append(
                _feature(
                    lon,
                    lat,
                    {
                        "kind": "shelter",
                        "incident": incident.pk,
                        "name": shelter.name,
                        "capacity": shelter.capacity,
                    },
                )
            )
        if can_see_exact_positions(request.user, incident):
            on_site = incident.assignments.filter(
                status=Assignment.Status.ON_SITE, check_in_lat__isnull=False
            ).select_related("member")
            for assignment in on_site:
                assert assignment.check_in_lat is not None
                assert assignment.check_in_lon is not None
                features.append(
                    _feature(
                        assignment.check_in_lon,
                        assignment.check_in_lat,
                        {
                            "kind": "responder",
                            "incident": incident.pk,
                            "name": assignment.member.full_name,
                        },
                    )
                )
    return JsonResponse({"type": "FeatureCollection", "features": features})


@require_GET
def incident_timings_page(request: AuthenticatedRequest) -> HttpResponse:
    if not can_see_incidents(request.user):
        raise Http404
    scope = request.user.scope_code
    group_length = {None: 2, 2: 5, 5: 8}.get(len(scope) if scope else None, 13)
    year = timezone.localdate().year
    with contextlib.suppress(ValueError):
        year = int(request.GET.get("tahun", year))
    incidents = incidents_for(request.user).filter(reported_at__year=year).select_related("region")
    rows = aggregate_timings(
        incidents.exclude(status=Incident.Status.FALSE_ALARM), group_length=group_length
    )
    return render(
        request,
        "incidents/timings.html",
        {"rows": rows, "labels": INTERVAL_LABELS, "year": year},
    )
