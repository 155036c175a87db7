"""Needs, people, households, shelters, relief, sitrep, HXL and CAP in the API: the same access
functions and actions as the pages. NIK and KK numbers are only ever sent out masked."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.accounts.roles import Capability
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.identity.fields import index_for
from sipsm.identity.nik import normalize
from sipsm.incidents.access import incidents_for
from sipsm.incidents.models import Incident
from sipsm.incidents.permissions import can_see_incidents
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.relief import hxl
from sipsm.relief.access import (
    access_cap_alert,
    access_household,
    access_incident_for_alerts,
    access_incident_for_entries,
    access_incident_for_shelters,
    access_need,
    access_people_incident,
    access_person,
    access_relief_incident,
    access_shelter,
    log_nik_lookup,
    require_entries,
)
from sipsm.relief.actions import cap as cap_actions
from sipsm.relief.actions import needs as need_actions
from sipsm.relief.actions import people as people_actions
from sipsm.relief.actions import relief as relief_actions
from sipsm.relief.actions import shelters as shelter_actions
from sipsm.relief.models import AffectedPerson, CapAlert, Household, Need, Relief, Shelter
from sipsm.relief.permissions import can_manage_shelters
from sipsm.relief.sitrep import build_sitrep
from sipsm.relief.spm import spm_disaster_counts
from sipsm.relief.views.people import VULNERABLE_FILTERS
from sipsm.relief.views.shelters import with_registered

router = Router()


# Schemas ------------------------------------------------------------------------------------


class NeedOut(Schema):
    id: int
    village_code: str = Field(..., alias="village_id")
    category: str
    people_affected: int
    quantity: Decimal | None
    unit: str
    description: str
    priority: str
    status: str
    assessed_by: str | None
    assessed_at: dt.datetime

    @staticmethod
    def resolve_assessed_by(obj: Need) -> str | None:
        return obj.assessed_by.get_username() if obj.assessed_by else None


class NeedIn(Schema):
    village_code: str = Field(..., max_length=20)
    category: str
    people_affected: int = Field(0, ge=0)
    quantity: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    unit: str = Field("", max_length=30)
    description: str = Field("", max_length=4000)
    priority: str = Need.Priority.MEDIUM
    status: str = Need.Status.OPEN


class PersonOut(Schema):
    id: int
    village_code: str = Field(..., alias="village_id")
    full_name: str
    sex: str
    birth_date: dt.date | None
    age_years: int | None
    nik_masked: str
    is_child: bool
    is_elderly: bool
    has_disability: bool
    is_pregnant: bool
    condition: str
    household_id: int | None
    shelter_id: int | None
    duplicate_of_id: int | None
    notes: str


class PersonIn(Schema):
    village_code: str = Field(..., max_length=20)
    full_name: str = Field(..., min_length=1, max_length=150)
    sex: str = Field("", pattern="^(M|F|)$")
    birth_date: dt.date | None = None
    age_years: int | None = Field(None, ge=0, le=130)
    nik: str = Field(
        "", max_length=32, description="Optional. On PUT, empty keeps the NIK already recorded."
    )
    is_child: bool = False
    is_elderly: bool = False
    has_disability: bool = False
    is_pregnant: bool = False
    condition: str = AffectedPerson.Condition.SAFE
    household_id: int | None = None
    shelter_id: int | None = None
    notes: str = Field("", max_length=2000)


class NikIn(Schema):
    nik: str = Field(..., max_length=32)


class KkIn(Schema):
    kk: str = Field(..., max_length=32)


class HouseholdOut(Schema):
    id: int
    village_code: str = Field(..., alias="village_id")
    head_name: str
    kk_masked: str
    size: int | None
    address: str
    duplicate_of_id: int | None


class HouseholdIn(Schema):
    village_code: str = Field(..., max_length=20)
    head_name: str = Field(..., min_length=1, max_length=150)
    kk: str = Field("", max_length=32)
    size: int | None = Field(None, ge=1, le=60)
    address: str = Field("", max_length=255)


class ShelterOut(Schema):
    id: int
    name: str
    kind: str
    village_code: str = Field(..., alias="village_id")
    address: str
    lat: float | None
    lon: float | None
    capacity: int | None
    manual_count: int | None
    registered: int
    occupancy: int
    is_open: bool
    opened_at: dt.datetime
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_registered(obj: Shelter) -> int:
        return int(getattr(obj, "registered", 0))

    @staticmethod
    def resolve_occupancy(obj: Shelter) -> int:
        return obj.occupancy(int(getattr(obj, "registered", 0))) if obj.is_open else 0


class ShelterIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    village_code: str = Field(..., max_length=20)
    kind: str = Shelter.Kind.PENGUNGSIAN
    address: str = Field("", max_length=255)
    lat: float | None = Field(None, ge=-11.5, le=6.5)
    lon: float | None = Field(None, ge=94.5, le=141.5)
    capacity: int | None = Field(None, ge=0)


class CountIn(Schema):
    manual_count: int | None = Field(None, ge=0)


class ReliefOut(Schema):
    id: int
    person_id: int | None
    household_id: int | None
    need_id: int | None
    kind: str
    description: str
    quantity: Decimal
    unit: str
    given_on: dt.date
    given_by: str
    recorded_at: dt.datetime


class ReliefIn(Schema):
    person_id: int | None = None
    household_id: int | None = None
    need_id: int | None = None
    kind: str
    description: str = Field("", max_length=200)
    quantity: Decimal = Field(Decimal(1), gt=0, max_digits=12, decimal_places=2)
    unit: str = Field("paket", max_length=30)
    given_on: dt.date | None = None
    given_by: str = Field("", max_length=150)


class CapAlertOut(Schema):
    id: int
    identifier: str
    sender: str
    sent: dt.datetime
    status: str
    msg_type: str
    headline: str
    urgency: str
    severity: str
    certainty: str
    area_count: int


class CapAlertIn(Schema):
    headline: str = Field(..., min_length=1, max_length=160)
    description: str = Field("", max_length=4000)
    instruction: str = Field("", max_length=4000)
    urgency: str = "Immediate"
    severity: str = ""
    certainty: str = ""
    response_type: str = ""
    msg_type: str = CapAlert.MsgType.ALERT
    status: str = CapAlert.Status.ACTUAL
    expires_hours: int | None = Field(None, ge=1, le=14 * 24)


class PeopleFilters(Schema):
    q: str = ""
    condition: str = ""
    vulnerable: str = ""
    village: str = ""
    shelter_id: int | None = None


class SpmOut(Schema):
    regency_code: str
    year: int
    numerator: int
    denominator: int
    percent: float | None


# Helpers ------------------------------------------------------------------------------------


def _village(code: str, field: str = "village_code") -> Region:
    try:
        dotted = codes.normalize(code)
    except codes.InvalidRegionCode as exc:
        raise ActionError(_("This is not a region code."), field=field) from exc
    region = Region.objects.filter(code=dotted, level=Region.Level.VILLAGE).first()
    if region is None:
        raise ActionError(_("There is no village with this code."), field=field)
    return region


def _in_incident(model: Any, pk: int | None, incident: Incident, field: str) -> Any:
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, incident=incident).first()
    if found is None:
        raise ActionError(_("Not found in this incident."), field=field)
    return found


def _need_data(payload: NeedIn) -> need_actions.NeedData:
    return need_actions.NeedData(
        village=_village(payload.village_code),
        category=payload.category,
        people_affected=payload.people_affected,
        quantity=payload.quantity,
        unit=payload.unit,
        description=payload.description,
        priority=payload.priority,
        status=payload.status,
    )


def _person_data(payload: PersonIn, incident: Incident) -> people_actions.PersonData:
    return people_actions.PersonData(
        village=_village(payload.village_code),
        full_name=payload.full_name,
        sex=payload.sex,
        birth_date=payload.birth_date,
        age_years=payload.age_years,
        nik=payload.nik,
        is_child=payload.is_child,
        is_elderly=payload.is_elderly,
        has_disability=payload.has_disability,
        is_pregnant=payload.is_pregnant,
        condition=payload.condition,
        household=_in_incident(Household, payload.household_id, incident, "household_id"),
        shelter=_in_incident(Shelter, payload.shelter_id, incident, "shelter_id"),
        notes=payload.notes,
    )


def _household_data(payload: HouseholdIn) -> people_actions.HouseholdData:
    return people_actions.HouseholdData(
        village=_village(payload.village_code),
        head_name=payload.head_name,
        kk=payload.kk,
        size=payload.size,
        address=payload.address,
    )


def _shelter_data(payload: ShelterIn) -> shelter_actions.ShelterData:
    return shelter_actions.ShelterData(
        name=payload.name,
        village=_village(payload.village_code),
        kind=payload.kind,
        address=payload.address,
        lat=payload.lat,
        lon=payload.lon,
        capacity=payload.capacity,
    )


def _shelter_out(shelter: Shelter) -> Shelter:
    return with_registered(Shelter.objects.filter(pk=shelter.pk)).get()  # type: ignore[no-any-return]


# Needs --------------------------------------------------------------------------------------


@router.get("/incidents/{incident_id}/needs", response=list[NeedOut], summary="Needs")
@paginate(PageNumberPagination, page_size=100)
def list_needs(request: HttpRequest, incident_id: int, status: str = "") -> QuerySet[Need]:
    incident = access_relief_incident(api_user(request), incident_id)
    needs = Need.objects.filter(incident=incident).select_related("assessed_by")
    if status:
        needs = needs.filter(status=status)
    return needs.order_by("id")


@router.post("/incidents/{incident_id}/needs", response={201: NeedOut}, summary="Record a need")
def create_need(request: HttpRequest, incident_id: int, payload: NeedIn) -> Status[Need]:
    user = api_user(request)
    incident = access_incident_for_entries(user, incident_id)
    need = need_actions.record_need(acting_user=user, incident=incident, data=_need_data(payload))
    return Status(201, need)


@router.get("/incidents/{incident_id}/needs/{need_id}", response=NeedOut, summary="One need")
def get_need(request: HttpRequest, incident_id: int, need_id: int) -> Need:
    user = api_user(request)
    return access_need(user, access_relief_incident(user, incident_id), need_id)


@router.put("/incidents/{incident_id}/needs/{need_id}", response=NeedOut, summary="Re-assess")
def update_need(request: HttpRequest, incident_id: int, need_id: int, payload: NeedIn) -> Need:
    user = api_user(request)
    incident = access_relief_incident(user, incident_id)
    need = access_need(user, incident, need_id)
    require_entries(user, incident)
    return need_actions.update_need(acting_user=user, need=need, data=_need_data(payload))


# People -------------------------------------------------------------------------------------


@router.get("/incidents/{incident_id}/people", response=list[PersonOut], summary="People")
@paginate(PageNumberPagination, page_size=100)
def list_people(
    request: HttpRequest, incident_id: int, filters: Query[PeopleFilters]
) -> QuerySet[AffectedPerson]:
    incident = access_people_incident(api_user(request), incident_id)
    people = AffectedPerson.objects.filter(incident=incident, duplicate_of__isnull=True)
    if filters.q:
        people = people.filter(full_name__icontains=filters.q)
    if filters.condition:
        people = people.filter(condition=filters.condition)
    if filters.vulnerable in VULNERABLE_FILTERS:
        people = people.filter(VULNERABLE_FILTERS[filters.vulnerable])
    if filters.village:
        people = people.filter(village_id=filters.village)
    if filters.shelter_id is not None:
        people = people.filter(shelter_id=filters.shelter_id)
    return people.order_by("full_name", "id")


class NikSearchIn(Schema):
    nik: str = Field(..., min_length=16, max_length=24)


@router.post(
    "/incidents/{incident_id}/people/find-by-nik",
    response=list[PersonOut],
    summary="Find affected people by NIK (in the body, never in the URL)",
)
def find_people_by_nik(
    request: HttpRequest, incident_id: int, payload: NikSearchIn
) -> list[AffectedPerson]:
    user = api_user(request)
    incident = access_people_incident(user, incident_id)
    digits = normalize(payload.nik)
    if not digits.isdigit() or len(digits) != 16:
        raise ActionError(_("A NIK has 16 digits."), field="nik", code="invalid")
    found = list(
        AffectedPerson.objects.filter(
            incident=incident,
            duplicate_of__isnull=True,
            nik_index=index_for(digits, kind="nik"),
        )
        .select_related("village", "shelter", "household")
        .order_by("full_name", "id")
    )
    log_nik_lookup(user, incident, [person.pk for person in found])
    return found


@router.post(
    "/incidents/{incident_id}/people", response={201: PersonOut}, summary="Register a person"
)
def create_person(
    request: HttpRequest, incident_id: int, payload: PersonIn
) -> Status[AffectedPerson]:
    user = api_user(request)
    incident = access_people_incident(user, incident_id)
    require_entries(user, incident)
    person = people_actions.register_person(
        acting_user=user, incident=incident, data=_person_data(payload, incident)
    )
    return Status(201, person)


@router.get("/incidents/{incident_id}/people/{person_id}", response=PersonOut, summary="One person")
def get_person(request: HttpRequest, incident_id: int, person_id: int) -> AffectedPerson:
    user = api_user(request)
    return access_person(user, access_people_incident(user, incident_id), person_id)


@router.put(
    "/incidents/{incident_id}/people/{person_id}", response=PersonOut, summary="Update a person"
)
def update_person(
    request: HttpRequest, incident_id: int, person_id: int, payload: PersonIn
) -> AffectedPerson:
    user = api_user(request)
    incident = access_people_incident(user, incident_id)
    person = access_person(user, incident, person_id)
    require_entries(user, incident)
    return people_actions.update_person(
        acting_user=user, person=person, data=_person_data(payload, incident)
    )


@router.post(
    "/incidents/{incident_id}/people/{person_id}/nik",
    response=PersonOut,
    summary="Add a NIK and link the records of the same person",
)
def person_nik(
    request: HttpRequest, incident_id: int, person_id: int, payload: NikIn
) -> AffectedPerson:
    user = api_user(request)
    incident = access_people_incident(user, incident_id)
    person = access_person(user, incident, person_id)
    require_entries(user, incident)
    return people_actions.match_person(acting_user=user, person=person, nik=payload.nik)


# Households ---------------------------------------------------------------------------------


@router.get(
    "/incidents/{incident_id}/households", response=list[HouseholdOut], summary="Households"
)
@paginate(PageNumberPagination, page_size=100)
def list_households(request: HttpRequest, incident_id: int) -> QuerySet[Household]:
    incident = access_people_incident(api_user(request), incident_id)
    return Household.objects.filter(incident=incident, duplicate_of__isnull=True).order_by("id")


@router.post(
    "/incidents/{incident_id}/households",
    response={201: HouseholdOut},
    summary="Register a household",
)
def create_household(
    request: HttpRequest, incident_id: int, payload: HouseholdIn
) -> Status[Household]:
    user = api_user(request)
    incident = access_people_incident(user, incident_id)
    require_entries(user, incident)
    household = people_actions.register_household(
        acting_user=user, incident=incident, data=_household_data(payload)
    )
    return Status(201, household)


@router.get(
    "/incidents/{incident_id}/households/{household_id}",
    response=HouseholdOut,
    summary="One household",
)
def get_household(request: HttpRequest, incident_id: int, household_id: int) -> Household:
    user = api_user(request)
    return access_household(user, access_people_incident(user, incident_id), household_id)


@router.put(
    "/incidents/{incident_id}/households/{household_id}",
    response=HouseholdOut,
    summary="Update a household",
)
def update_household(
    request: HttpRequest, incident_id: int, household_id: int, payload: HouseholdIn
) -> Household:
    user = api_user(request)
    incident = access_people_incident(user, incident_id)
    household = access_household(user, incident, household_id)
    require_entries(user, incident)
    return people_actions.update_household(
        acting_user=user, household=household, data=_household_data(payload)
    )


@router.post(
    "/incidents/{incident_id}/households/{household_id}/kk",
    response=HouseholdOut,
    summary="Add a KK number and link the records of the same household",
)
def household_kk(
    request: HttpRequest, incident_id: int, household_id: int, payload: KkIn
) -> Household:
    user = api_user(request)
    incident = access_people_incident(user, incident_id)
    household = access_household(user, incident, household_id)
    require_entries(user, incident)
    return people_actions.match_household(acting_user=user, household=household, kk=payload.kk)


# Shelters -----------------------------------------------------------------------------------


@router.get("/incidents/{incident_id}/shelters", response=list[ShelterOut], summary="Shelters")
def list_shelters(request: HttpRequest, incident_id: int) -> list[Shelter]:
    incident = access_relief_incident(api_user(request), incident_id)
    return list(with_registered(Shelter.objects.filter(incident=incident).order_by("id")))


@router.post(
    "/incidents/{incident_id}/shelters", response={201: ShelterOut}, summary="Open a shelter"
)
def create_shelter(request: HttpRequest, incident_id: int, payload: ShelterIn) -> Status[Shelter]:
    user = api_user(request)
    incident = access_incident_for_shelters(user, incident_id)
    shelter = shelter_actions.open_shelter(
        acting_user=user, incident=incident, data=_shelter_data(payload)
    )
    return Status(201, _shelter_out(shelter))


@router.get(
    "/incidents/{incident_id}/shelters/{shelter_id}", response=ShelterOut, summary="One shelter"
)
def get_shelter(request: HttpRequest, incident_id: int, shelter_id: int) -> Shelter:
    user = api_user(request)
    shelter = access_shelter(user, access_relief_incident(user, incident_id), shelter_id)
    return _shelter_out(shelter)


def _managed_shelter(request: HttpRequest, incident_id: int, shelter_id: int) -> Any:
    user = api_user(request)
    incident = access_relief_incident(user, incident_id)
    shelter = access_shelter(user, incident, shelter_id)
    if not can_manage_shelters(user, incident):
        raise PermissionRefused()
    return user, shelter


@router.put(
    "/incidents/{incident_id}/shelters/{shelter_id}",
    response=ShelterOut,
    summary="Update a shelter",
)
def update_shelter(
    request: HttpRequest, incident_id: int, shelter_id: int, payload: ShelterIn
) -> Shelter:
    user, shelter = _managed_shelter(request, incident_id, shelter_id)
    shelter = shelter_actions.update_shelter(
        acting_user=user, shelter=shelter, data=_shelter_data(payload)
    )
    return _shelter_out(shelter)


@router.post(
    "/incidents/{incident_id}/shelters/{shelter_id}/count",
    response=ShelterOut,
    summary="Record the head count",
)
def shelter_count(
    request: HttpRequest, incident_id: int, shelter_id: int, payload: CountIn
) -> Shelter:
    user, shelter = _managed_shelter(request, incident_id, shelter_id)
    shelter = shelter_actions.record_head_count(
        acting_user=user, shelter=shelter, count=payload.manual_count
    )
    return _shelter_out(shelter)


@router.post(
    "/incidents/{incident_id}/shelters/{shelter_id}/close",
    response=ShelterOut,
    summary="Close a shelter",
)
def close_shelter(request: HttpRequest, incident_id: int, shelter_id: int) -> Shelter:
    user, shelter = _managed_shelter(request, incident_id, shelter_id)
    return _shelter_out(shelter_actions.close_shelter(acting_user=user, shelter=shelter))


@router.post(
    "/incidents/{incident_id}/shelters/{shelter_id}/reopen",
    response=ShelterOut,
    summary="Reopen a shelter",
)
def reopen_shelter(request: HttpRequest, incident_id: int, shelter_id: int) -> Shelter:
    user, shelter = _managed_shelter(request, incident_id, shelter_id)
    return _shelter_out(shelter_actions.reopen_shelter(acting_user=user, shelter=shelter))


# Relief -------------------------------------------------------------------------------------


@router.get("/incidents/{incident_id}/relief", response=list[ReliefOut], summary="Relief given")
@paginate(PageNumberPagination, page_size=100)
def list_relief(request: HttpRequest, incident_id: int, kind: str = "") -> QuerySet[Relief]:
    incident = access_people_incident(api_user(request), incident_id)
    relief = Relief.objects.filter(incident=incident)
    if kind:
        relief = relief.filter(kind=kind)
    return relief.order_by("id")


@router.post(
    "/incidents/{incident_id}/relief", response={201: ReliefOut}, summary="Record relief given"
)
def create_relief(request: HttpRequest, incident_id: int, payload: ReliefIn) -> Status[Relief]:
    user = api_user(request)
    incident = access_people_incident(user, incident_id)
    require_entries(user, incident)
    relief = relief_actions.give_relief(
        acting_user=user,
        incident=incident,
        data=relief_actions.ReliefData(
            kind=payload.kind,
            quantity=payload.quantity,
            unit=payload.unit,
            description=payload.description,
            given_on=payload.given_on,
            given_by=payload.given_by,
            need=_in_incident(Need, payload.need_id, incident, "need_id"),
        ),
        person=_in_incident(AffectedPerson, payload.person_id, incident, "person_id"),
        household=_in_incident(Household, payload.household_id, incident, "household_id"),
    )
    return Status(201, relief)


# Reports ------------------------------------------------------------------------------------


@router.get("/incidents/{incident_id}/sitrep", response=dict[str, Any], summary="Sitrep counts")
def sitrep(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    incident = access_relief_incident(api_user(request), incident_id)
    return build_sitrep(incident).as_dict()


@router.get("/incidents/{incident_id}/cap-alerts", response=list[CapAlertOut], summary="CAP alerts")
def list_cap_alerts(request: HttpRequest, incident_id: int) -> list[CapAlert]:
    incident = access_relief_incident(api_user(request), incident_id)
    return list(CapAlert.objects.filter(incident=incident).order_by("sent", "id"))


@router.post(
    "/incidents/{incident_id}/cap-alerts",
    response={201: CapAlertOut},
    summary="Issue a CAP 1.2 alert, update or cancellation",
)
def create_cap_alert(
    request: HttpRequest, incident_id: int, payload: CapAlertIn
) -> Status[CapAlert]:
    user = api_user(request)
    incident = access_incident_for_alerts(user, incident_id)
    alert = cap_actions.issue_cap_alert(
        acting_user=user,
        incident=incident,
        data=cap_actions.AlertData(
            headline=payload.headline,
            description=payload.description,
            instruction=payload.instruction,
            urgency=payload.urgency,
            severity=payload.severity,
            certainty=payload.certainty,
            response_type=payload.response_type,
            msg_type=payload.msg_type,
            status=payload.status,
            expires=timezone.now() + dt.timedelta(hours=payload.expires_hours)
            if payload.expires_hours
            else None,
        ),
    )
    return Status(201, alert)


@router.get(
    "/incidents/{incident_id}/cap-alerts/{alert_id}/xml",
    summary="The CAP 1.2 XML document",
    response={200: None},
)
def cap_alert_xml(request: HttpRequest, incident_id: int, alert_id: int) -> HttpResponse:
    user = api_user(request)
    alert = access_cap_alert(user, access_relief_incident(user, incident_id), alert_id)
    return HttpResponse(alert.xml, content_type="application/cap+xml; charset=utf-8")


@router.get("/hxl/incidents", summary="Incidents as HXL-tagged CSV", response={200: None})
def hxl_incidents(request: HttpRequest) -> StreamingHttpResponse:
    user = api_user(request)
    if not can_see_incidents(user):
        raise PermissionRefused()
    lines = hxl.incidents_csv(incidents_for(user).order_by("-reported_at", "-id"))
    return StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")


@router.get("/hxl/needs", summary="Needs as HXL-tagged CSV", response={200: None})
def hxl_needs(request: HttpRequest) -> StreamingHttpResponse:
    user = api_user(request)
    if not can_see_incidents(user):
        raise PermissionRefused()
    needs = Need.objects.filter(incident__in=incidents_for(user).values("pk"))
    return StreamingHttpResponse(hxl.needs_csv(needs), content_type="text/csv; charset=utf-8")


@router.get("/spm/disaster", response=SpmOut, summary="SPM disaster indicator of a regency")
def spm_disaster(request: HttpRequest, regency: str, year: int) -> dict[str, Any]:
    """Victims whose basic needs were met ÷ victims needing protection (jiwa), for a
    regency/city the caller's scope covers (see `sipsm.relief.spm.spm_disaster_counts`)."""
    user = api_user(request)
    try:
        code = codes.normalize(regency)
    except codes.InvalidRegionCode as exc:
        raise ActionError(_("This is not a region code."), field="regency") from exc
    if codes.level_of(code) != codes.Level.REGENCY:
        raise ActionError(_("Give a regency/city code."), field="regency")
    if not Region.objects.filter(code=code).exists():
        raise Http404
    if not user.can(Capability.VIEW_AGGREGATES) or not user.covers(code):
        raise PermissionRefused()
    numerator, denominator = spm_disaster_counts(regency_code=code, year=year)
    return {
        "regency_code": code,
        "year": year,
        "numerator": numerator,
        "denominator": denominator,
        "percent": round(100 * numerator / denominator, 2) if denominator else None,
    }
