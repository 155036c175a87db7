"""PSM assignments, distribution rounds, checklist marks and reconciliation in the API."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.accounts.models import User
from sipsm.aid import permissions as perms
from sipsm.aid.access import (
    CHECKLIST_FILTERS,
    access_assignment,
    access_entry_in_round,
    access_period,
    access_round,
    access_round_figures,
    assignments_for,
    round_entries,
    rounds_for,
)
from sipsm.aid.actions import distribution as distribution_actions
from sipsm.aid.models import Assignment, KpmEntry, Round, Tick
from sipsm.aid.reconciliation import figures_for, with_figures
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.regions import codes
from sipsm.regions.models import Region

router = Router()


class AssignmentOut(Schema):
    id: int
    village_code: str = Field(..., alias="village_id")
    psm_username: str
    assigned_at: dt.datetime
    ended_at: dt.datetime | None

    @staticmethod
    def resolve_psm_username(obj: Assignment) -> str:
        return obj.psm.get_username()


class AssignmentIn(Schema):
    village_code: str = Field(..., max_length=20)
    username: str = Field(..., max_length=150)


class RoundOut(Schema):
    id: int
    period_id: int
    village_code: str = Field(..., alias="village_id")
    status: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None


class RoundFiguresOut(RoundOut):
    period_label: str = Field(..., alias="period.label")
    program_name: str = Field(..., alias="period.program.name")
    village_name: str = Field(..., alias="village.name")
    expected: int
    ticked: int
    received: int

    @staticmethod
    def resolve_expected(obj: Round) -> int:
        return getattr(obj, "expected", None) or 0

    @staticmethod
    def resolve_ticked(obj: Round) -> int:
        return getattr(obj, "ticked", None) or 0

    @staticmethod
    def resolve_received(obj: Round) -> int:
        return getattr(obj, "received", None) or 0


class RoundFilters(Schema):
    period_id: int | None = None
    status: str = ""
    village: str = ""


class FamilyFilters(Schema):
    show: str = Field("", description="todo | problem | received")
    q: str = Field("", max_length=60, description="part of the pengurus' name")


class OpenIn(Schema):
    region_code: str = Field(..., max_length=20)


class TickOut(Schema):
    has_photo: bool = False
    card_at: dt.datetime | None = None
    credited_at: dt.datetime | None = None
    received_at: dt.datetime | None = None
    not_received_at: dt.datetime | None = None
    not_received_reason: str = ""
    problem: str = ""
    marked_at: dt.datetime | None = None

    @staticmethod
    def resolve_has_photo(obj: Tick) -> bool:
        return bool(obj.photo)


class FamilyOut(Schema):
    entry_id: int = Field(..., alias="pk")
    pengurus_name: str
    head_name: str
    kks_masked: str
    tick: TickOut | None = None

    @staticmethod
    def resolve_tick(obj: KpmEntry) -> Tick | None:
        found: list[Tick] = getattr(obj, "round_ticks", [])
        return found[0] if found else None


class MarkIn(Schema):
    mark: str = Field(..., description="card | credited | received | not_received | problem")
    reason: str = Field("", max_length=200)
    problem: str = ""
    note: str = Field("", max_length=200)
    undo: bool = False


class BulkIn(Schema):
    mark: str
    entry_ids: list[int] = Field(..., min_length=1, max_length=500)


class IndicatorOut(Schema):
    key: str
    label: str
    value: float | None


class AnomalyOut(Schema):
    kind: str
    entry_id: int
    name: str


class FiguresOut(Schema):
    expected: int
    card: int
    credited: int
    received: int
    received_on_time: int
    not_received: int
    ticked: int
    problems: dict[str, int]
    complaints: dict[str, int]
    proposals: dict[str, int]
    indicators: list[IndicatorOut]
    anomalies: list[AnomalyOut]


def region_from_code(code: str, field: str) -> Region:
    try:
        dotted = codes.normalize(code)
    except codes.InvalidRegionCode as exc:
        raise ActionError(_("This is not a region code."), field=field) from exc
    region = Region.objects.filter(code=dotted).first()
    if region is None:
        raise ActionError(_("There is no region with this code."), field=field)
    return region


@router.get("/aid/assignments", response=list[AssignmentOut], summary="PSM assignments")
def list_assignments(request: HttpRequest) -> Any:
    user = api_user(request)
    if not (perms.is_coordinator(user) or perms.is_psm(user)):
        raise PermissionRefused()
    return assignments_for(user).active().select_related("psm").order_by("village_id", "id")


@router.post("/aid/assignments", response={201: AssignmentOut}, summary="Assign a PSM")
def create_assignment(request: HttpRequest, payload: AssignmentIn) -> Status[Assignment]:
    user = api_user(request)
    if not perms.is_coordinator(user):
        raise PermissionRefused()
    psm = User.objects.filter(username=payload.username).first()
    if psm is None:
        raise ActionError(_("No account with this username."), field="username")
    village = region_from_code(payload.village_code, "village_code")
    assignment = distribution_actions.assign_psm(acting_user=user, village=village, psm=psm)
    return Status(201, assignment)


@router.post("/aid/assignments/{assignment_id}/end", response=AssignmentOut, summary="End it")
def end_assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    user = api_user(request)
    assignment = access_assignment(user, assignment_id)
    return distribution_actions.end_assignment(acting_user=user, assignment=assignment)


@router.get(
    "/aid/rounds",
    response=list[RoundFiguresOut],
    summary="Distribution rounds with families expected, ticked and received",
)
@paginate(PageNumberPagination, page_size=50)
def list_rounds(request: HttpRequest, filters: Query[RoundFilters]) -> Any:
    rounds = rounds_for(api_user(request))
    if filters.period_id:
        rounds = rounds.filter(period_id=filters.period_id)
    if filters.status:
        rounds = rounds.filter(status=filters.status)
    if filters.village:
        rounds = rounds.filter(village_id=filters.village)
    return with_figures(rounds.select_related("period__program", "village")).order_by(
        "-period__starts_on", "village_id", "id"
    )


@router.post(
    "/aid/periods/{period_id}/rounds",
    response={201: list[RoundOut]},
    summary="Open rounds in the villages of a region that have families on the list",
)
def open_rounds(request: HttpRequest, period_id: int, payload: OpenIn) -> Status[list[Round]]:
    user = api_user(request)
    period = access_period(user, period_id)
    region = region_from_code(payload.region_code, "region_code")
    return Status(
        201, distribution_actions.open_rounds(acting_user=user, period=period, region=region)
    )


@router.get("/aid/rounds/{round_id}/families", response=list[FamilyOut], summary="The checklist")
@paginate(PageNumberPagination, page_size=50)
def round_families(request: HttpRequest, round_id: int, filters: Query[FamilyFilters]) -> Any:
    round_ = access_round(api_user(request), round_id)
    if filters.show and filters.show not in CHECKLIST_FILTERS:
        raise ActionError(_("Unknown filter."), field="show")
    ticks = Prefetch("ticks", queryset=Tick.objects.filter(round=round_), to_attr="round_ticks")
    return round_entries(round_, show=filters.show, text=filters.q).prefetch_related(ticks)


@router.post(
    "/aid/rounds/{round_id}/families/{entry_id}/marks", response=TickOut, summary="Mark a family"
)
def mark_family(request: HttpRequest, round_id: int, entry_id: int, payload: MarkIn) -> Tick:
    user = api_user(request)
    round_ = access_round(user, round_id)
    entry = access_entry_in_round(round_, entry_id)
    return distribution_actions.mark_family(
        acting_user=user,
        round_=round_,
        entry=entry,
        data=distribution_actions.TickData(**payload.model_dump()),
    )


@router.post(
    "/aid/rounds/{round_id}/families/{entry_id}/photo",
    response=TickOut,
    summary="Mark a family with a photo (multipart form: the mark's fields and `photo`)",
)
def mark_family_with_photo(
    request: HttpRequest,
    round_id: int,
    entry_id: int,
    payload: Form[MarkIn],
    photo: File[UploadedFile],
) -> Tick:
    user = api_user(request)
    round_ = access_round(user, round_id)
    entry = access_entry_in_round(round_, entry_id)
    return distribution_actions.mark_family(
        acting_user=user,
        round_=round_,
        entry=entry,
        data=distribution_actions.TickData(**payload.model_dump()),
        photo=photo,
    )


@router.post("/aid/rounds/{round_id}/marks", response=dict[str, int], summary="Bulk marking")
def mark_families(request: HttpRequest, round_id: int, payload: BulkIn) -> dict[str, int]:
    user = api_user(request)
    round_ = access_round(user, round_id)
    entries = [access_entry_in_round(round_, i) for i in dict.fromkeys(payload.entry_ids)]
    count = distribution_actions.mark_families(
        acting_user=user,
        round_=round_,
        entries=entries,
        data=distribution_actions.TickData(mark=payload.mark),
    )
    return {"marked": count}


@router.post("/aid/rounds/{round_id}/close", response=RoundOut, summary="Close a round")
def close_round(request: HttpRequest, round_id: int) -> Round:
    user = api_user(request)
    round_ = access_round(user, round_id)
    return distribution_actions.close_round(acting_user=user, round_=round_)


@router.get(
    "/aid/rounds/{round_id}/reconciliation",
    response=FiguresOut,
    summary="Reconciliation: figures, 6T indicators, anomalies",
)
def reconciliation(request: HttpRequest, round_id: int) -> dict[str, Any]:
    user = api_user(request)
    round_ = access_round_figures(user, round_id)
    f = figures_for(round_)
    names = perms.reads_village(user, round_.village_id)
    return {
        "expected": f.expected,
        "card": f.card,
        "credited": f.credited,
        "received": f.received,
        "received_on_time": f.received_on_time,
        "not_received": f.not_received,
        "ticked": f.ticked,
        "problems": f.problems,
        "complaints": f.complaints,
        "proposals": f.proposals,
        "indicators": [
            {"key": i.key, "label": str(i.label), "value": i.value} for i in f.indicators
        ],
        "anomalies": [
            {
                "kind": a.kind,
                "entry_id": a.entry_id if names else 0,
                "name": a.name if names else "",
            }
            for a in f.anomalies
        ],
    }
