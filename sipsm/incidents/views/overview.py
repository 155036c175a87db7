"""Overviews of incidents: the map (GeoJSON for Leaflet) and response times per region/month."""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from sipsm.core.http import AuthenticatedRequest
from sipsm.incidents.access import incidents_for
from sipsm.incidents.models import Assignment, Incident, IncidentArea
from sipsm.incidents.permissions import can_see_exact_positions, can_see_incidents
from sipsm.incidents.timing import INTERVAL_LABELS, timings_for

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
    """Open incidents, their affected villages and open shelters; for everyone who may see an
    incident, how many PSMs answered from each village; for coordinators of an active incident,
    also where each responder checked in.

    A fixed number of queries whatever the number of incidents (areas, shelters and responders
    of all incidents are read at once)."""
    if not can_see_incidents(request.user):
        raise Http404
    incidents = list(incidents_for(request.user).open().select_related("type", "region")[:500])
    ids = [incident.pk for incident in incidents]
    features: list[dict[str, Any]] = []
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
    features.extend(_village_features(ids))
    features.extend(_shelter_features(ids))
    features.extend(_responder_counts(ids))
    exact = [
        incident.pk for incident in incidents if can_see_exact_positions(request.user, incident)
    ]
    features.extend(_responder_positions(exact))
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _village_features(incident_ids: list[int]) -> list[dict[str, Any]]:
    areas = (
        IncidentArea.objects.filter(
            incident_id__in=incident_ids, village__lat__isnull=False, village__lon__isnull=False
        )
        .order_by("-incident__reported_at", "-incident_id", "village_id")
        .values_list("incident_id", "village__name", "village__lat", "village__lon")[
            :MAX_VILLAGE_POINTS
        ]
    )
    return [
        _feature(lon, lat, {"kind": "village", "incident": incident_id, "name": name})
        for incident_id, name, lat, lon in areas
        if lat is not None and lon is not None
    ]


def _shelter_features(incident_ids: list[int]) -> list[dict[str, Any]]:
    # Shelters live in sipsm.relief, which builds on incidents: reached through the relation.
    shelter_model = Incident._meta.get_field("shelters").related_model
    assert isinstance(shelter_model, type)
    shelters = (
        shelter_model._default_manager.filter(incident_id__in=incident_ids, is_open=True)
        .order_by("incident_id", "pk")
        .values_list(
            "incident_id", "name", "capacity", "lat", "lon", "village__lat", "village__lon"
        )
    )
    features = []
    for incident_id, name, capacity, lat, lon, village_lat, village_lon in shelters:
        lat, lon = (lat, lon) if lat is not None and lon is not None else (village_lat, village_lon)
        if lat is None or lon is None:
            continue
        features.append(
            _feature(
                lon,
                lat,
                {"kind": "shelter", "incident": incident_id, "name": name, "capacity": capacity},
            )
        )
    return features


def _responder_counts(incident_ids: list[int]) -> list[dict[str, Any]]:
    """Responders (accepted or on site) counted per home village: no names, no positions."""
    rows = (
        Assignment.objects.filter(
            incident_id__in=incident_ids,
            status__in=[Assignment.Status.ACCEPTED, Assignment.Status.ON_SITE],
            member__home_village__lat__isnull=False,
            member__home_village__lon__isnull=False,
        )
        .values(
            "incident_id",
            "member__home_village__name",
            "member__home_village__lat",
            "member__home_village__lon",
        )
        .annotate(
            responders=Count("pk"),
            on_site=Count("pk", filter=Q(status=Assignment.Status.ON_SITE)),
        )
        .order_by("incident_id", "member__home_village__name")
    )
    return [
        _feature(
            row["member__home_village__lon"],
            row["member__home_village__lat"],
            {
                "kind": "responders",
                "incident": row["incident_id"],
                "village": row["member__home_village__name"],
                "responders": row["responders"],
                "on_site": row["on_site"],
                "name": ngettext(
                    "%(village)s: %(n)d responder (%(on_site)d on site)",
                    "%(village)s: %(n)d responders (%(on_site)d on site)",
                    row["responders"],
                )
                % {
                    "village": row["member__home_village__name"],
                    "n": row["responders"],
                    "on_site": row["on_site"],
                },
            },
        )
        for row in rows
    ]


def _responder_positions(incident_ids: list[int]) -> list[dict[str, Any]]:
    """Where each responder checked in: only for incidents whose coordinator is asking."""
    if not incident_ids:
        return []
    on_site = Assignment.objects.filter(
        incident_id__in=incident_ids,
        status=Assignment.Status.ON_SITE,
        check_in_lat__isnull=False,
        check_in_lon__isnull=False,
    ).values_list("incident_id", "member__full_name", "check_in_lat", "check_in_lon")
    return [
        _feature(lon, lat, {"kind": "responder", "incident": incident_id, "name": name})
        for incident_id, name, lat, lon in on_site
        if lat is not None and lon is not None
    ]


@require_GET
def incident_timings_page(request: AuthenticatedRequest) -> HttpResponse:
    if not can_see_incidents(request.user):
        raise Http404
    year = timezone.localdate().year
    with contextlib.suppress(ValueError):
        year = int(request.GET.get("tahun", year))
    rows = timings_for(request.user, year=year)
    return render(
        request,
        "incidents/timings.html",
        {"rows": rows, "labels": INTERVAL_LABELS, "year": year},
    )
