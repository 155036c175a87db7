"""Incidents and call-outs in the API, with the same access rules and actions as the pages."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.incidents.access import access_incident, access_incident_for_management, incidents_for
from sipsm.incidents.actions import dispatch, lifecycle
from sipsm.incidents.actions.lifecycle import IncidentReport
from sipsm.incidents.links import assignment_from_token
from sipsm.incidents.models import Assignment, Channel, Incident, IncidentType, Severity
from sipsm.incidents.permissions import (
    can_report,
    can_see_exact_positions,
    can_see_incidents,
    can_see_responders,
)
from sipsm.incidents.timing import incident_timings, timings_for
from sipsm.regions import codes
from sipsm.regions.models import Region

router = Router()


class IncidentTypeOut(Schema):
    code: str
    name: str
    name_en: str
    category: str
    callout_size: int
    accept_window_minutes: int


class IncidentOut(Schema):
    id: int
    tracking_code: str
    type: str
    title: str
    description: str
    severity: str
    status: str
    channel: str
    region_code: str
    region_name: str
    lat: float | None
    lon: float | None
    reported_at: dt.datetime
    verified_at: dt.datetime | None
    first_alert_at: dt.datetime | None
    first_accept_at: dt.datetime | None
    first_on_site_at: dt.datetime | None
    closed_at: dt.datetime | None
    affected_villages: int
    responders: int
    on_site: int

    @staticmethod
    def resolve_type(obj: Incident) -> str:
        return obj.type.code

    @staticmethod
    def resolve_region_code(obj: Incident) -> str:
        return obj.region_id

    @staticmethod
    def resolve_region_name(obj: Incident) -> str:
        return obj.region.chain

    @staticmethod
    def resolve_affected_villages(obj: Incident) -> int:
        return _counted(obj, "area_count")

    @staticmethod
    def resolve_responders(obj: Incident) -> int:
        return _counted(obj, "responders")

    @staticmethod
    def resolve_on_site(obj: Incident) -> int:
        return _counted(obj, "on_site")


def _counted(obj: Incident, name: str) -> int:
    """A count from `IncidentQuerySet.with_counts()`, or one query for a lone incident."""
    value = getattr(obj, name, None)
    if value is None:
        counted = Incident.objects.with_counts().filter(pk=obj.pk).values(name).first()
        value = counted[name] if counted else 0
    return int(value)


class IncidentIn(Schema):
    type: str
    title: str
    village_code: str
    description: str = ""
    severity: Severity = Severity.UNKNOWN
    lat: float | None = None
    lon: float | None = None
    location_text: str = ""


class StatusIn(Schema):
    status: Incident.Status
    note: str = ""
    callout: bool = True


class AssignmentOut(Schema):
    id: int
    member_id: int
    member_name: str
    village_code: str
    wave: int
    rank: int
    distance_km: float | None
    status: str
    alerted_at: dt.datetime
    responded_at: dt.datetime | None
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    position: list[float] | None


class TimingOut(Schema):
    label: str
    seconds: float | None


class AnswerIn(Schema):
    accept: bool


class CheckInIn(Schema):
    lat: float | None = None
    lon: float | None = None


class RegionTimingOut(Schema):
    region_code: str
    region_name: str
    month: str
    incidents: int
    report_to_verified: float | None
    verified_to_alert: float | None
    alert_to_accept: float | None
    accept_to_on_site: float | None


class IncidentFilters(Schema):
    status: str = ""
    type: str = ""


@router.get("/incident-types", response=list[IncidentTypeOut], summary="Incident types")
def list_types(request: HttpRequest) -> list[IncidentType]:
    return list(IncidentType.objects.all())


@router.get("/incidents", response=list[IncidentOut], summary="Incidents in your area")
@paginate(PageNumberPagination, page_size=50)
def list_incidents(request: HttpRequest, filters: Query[IncidentFilters]) -> Any:
    user = api_user(request)
    if not can_see_incidents(user):
        raise PermissionRefused()
    incidents = incidents_for(user).select_related("type", "region").with_counts()
    if filters.status == "open":
        incidents = incidents.open()
    elif filters.status:
        incidents = incidents.filter(status=filters.status)
    if filters.type:
        incidents = incidents.filter(type__code=filters.type)
    return incidents.order_by("-reported_at", "-id")


@router.get("/incidents/{incident_id}", response=IncidentOut, summary="One incident")
def get_incident(request: HttpRequest, incident_id: int) -> Incident:
    incident = access_incident(api_user(request), incident_id)
    return Incident.objects.with_counts().select_related("type", "region").get(pk=incident.pk)


@router.post("/incidents", response={201: IncidentOut}, summary="Report an incident")
def create_incident(request: HttpRequest, payload: IncidentIn) -> Status[Incident]:
    user = api_user(request)
    if not can_report(user):
        raise PermissionRefused()
    kind = IncidentType.objects.filter(code=payload.type).first()
    if kind is None:
        raise ActionError("unknown incident type", field="type")
    try:
        code = codes.normalize(payload.village_code)
    except codes.InvalidRegionCode as exc:
        raise ActionError("not a region code", field="village_code") from exc
    village = Region.objects.filter(code=code, level=Region.Level.VILLAGE).first()
    if village is None:
        raise ActionError("no such village", field="village_code")
    incident = lifecycle.report_incident(
        acting_user=user,
        report=IncidentReport(
            type=kind,
            title=payload.title,
            region=village,
            channel=Channel.MEMBER,
            description=payload.description,
            severity=payload.severity,
            lat=payload.lat,
            lon=payload.lon,
            location_text=payload.location_text,
            reporter_name=user.get_full_name() or user.get_username(),
        ),
    )
    return Status(201, incident)


@router.post("/incidents/{incident_id}/status", response=IncidentOut, summary="Change status")
def change_status(request: HttpRequest, incident_id: int, payload: StatusIn) -> Incident:
    user = api_user(request)
    incident = access_incident_for_management(user, incident_id)
    return lifecycle.change_status(
        acting_user=user,
        incident=incident,
        to_status=payload.status,
        note=payload.note,
        callout=payload.callout,
    )


@router.post("/incidents/{incident_id}/callout", response=dict[str, int], summary="Alert more PSMs")
def callout(request: HttpRequest, incident_id: int) -> dict[str, int]:
    user = api_user(request)
    incident = access_incident_for_management(user, incident_id)
    wave, alerted = dispatch.alert_next_wave(acting_user=user, incident=incident)
    return {"wave": wave, "alerted": alerted}


@router.get(
    "/incidents/{incident_id}/assignments",
    response=list[AssignmentOut],
    summary="The call-out board",
)
def assignments(request: HttpRequest, incident_id: int) -> list[dict[str, Any]]:
    user = api_user(request)
    incident = access_incident(user, incident_id)
    if not can_see_responders(user, incident):
        # Partners read the counts in the incident itself (`responders`, `on_site`).
        raise PermissionRefused()
    exact = can_see_exact_positions(user, incident)
    rows = incident.assignments.select_related("member").order_by("wave", "rank")
    return [
        {
            "id": a.pk,
            "member_id": a.member_id,
            "member_name": a.member.full_name,
            "village_code": a.member.home_village_id,
            "wave": a.wave,
            "rank": a.rank,
            "distance_km": a.distance_km,
            "status": a.status,
            "alerted_at": a.alerted_at,
            "responded_at": a.responded_at,
            "checked_in_at": a.checked_in_at,
            "checked_out_at": a.checked_out_at,
            "position": [a.check_in_lat, a.check_in_lon]
            if exact and a.check_in_lat is not None and a.check_in_lon is not None
            else None,
        }
        for a in rows
    ]


@router.get("/incidents/{incident_id}/timings", response=list[TimingOut], summary="Response times")
def timings(request: HttpRequest, incident_id: int) -> list[dict[str, Any]]:
    incident = access_incident(api_user(request), incident_id)
    return [{"label": str(t.label), "seconds": t.seconds} for t in incident_timings(incident)]


@router.post(
    "/callouts/{token}/answer",
    response=dict[str, str],
    auth=None,
    summary="Answer a call-out with the token from the alert (no login)",
)
def answer(request: HttpRequest, token: str, payload: AnswerIn) -> dict[str, str]:
    assignment = assignment_from_token(token)
    if assignment is None:
        raise Http404
    result = dispatch.respond_to_alert(assignment=assignment, accept=payload.accept, via="api")
    return {"status": result.status}


def _assignment_for(token: str) -> Assignment:
    assignment = assignment_from_token(token)
    if assignment is None:
        raise Http404
    return assignment


@router.post(
    "/callouts/{token}/check-in",
    response=dict[str, str],
    auth=None,
    summary="Arrived on site (the token from the alert; position optional)",
)
def check_in(request: HttpRequest, token: str, payload: CheckInIn) -> dict[str, str]:
    assignment = dispatch.check_in(
        assignment=_assignment_for(token), lat=payload.lat, lon=payload.lon
    )
    return {"status": assignment.status}


@router.post(
    "/callouts/{token}/check-out",
    response=dict[str, str],
    auth=None,
    summary="Left the site (the token from the alert)",
)
def check_out(request: HttpRequest, token: str) -> dict[str, str]:
    assignment = dispatch.check_out(assignment=_assignment_for(token))
    return {"status": assignment.status}


@router.get(
    "/incident-timings",
    response=list[RegionTimingOut],
    summary="Median response times (seconds) per region and month of a year",
)
def region_timings(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    user = api_user(request)
    if not can_see_incidents(user):
        raise PermissionRefused()
    rows = timings_for(user, year=year or timezone.localdate().year)
    return [
        {
            "region_code": row.region_code,
            "region_name": row.region_name,
            "month": row.month,
            "incidents": row.incidents,
            "report_to_verified": row.medians[0],
            "verified_to_alert": row.medians[1],
            "alert_to_accept": row.medians[2],
            "accept_to_on_site": row.medians[3],
        }
        for row in rows
    ]
