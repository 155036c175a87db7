"""Reporting in the API, for partners' systems and the app: the same access functions, actions
and figures as the pages. A government partner reads aggregates only (dashboard, SPM, equity,
3W, completeness, approved monthly reports); the public figures need no account."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.people.models import WelfareCategory
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.registry.models import Member
from sipsm.reporting import dashboards, equity, spm_view
from sipsm.reporting.access import (
    access_activity,
    access_aggregate_region,
    access_report,
    activities_for,
)
from sipsm.reporting.actions import activities as activity_actions
from sipsm.reporting.actions import monthly as monthly_actions
from sipsm.reporting.derived import work_rows
from sipsm.reporting.exports.threew import threew_table
from sipsm.reporting.models import Activity, ActivityType, MonthlyReport
from sipsm.reporting.monthly import build_page, completeness
from sipsm.reporting.periods import BadPeriod, Period
from sipsm.reporting.permissions import (
    can_read_spm,
    can_see_activities,
    can_see_completeness,
    can_see_reports,
    is_partner,
    own_member,
    region_level,
    suppresses,
)
from sipsm.reporting.public import public_table

router = Router()


def _period(raw: str | None, *, allow_year: bool = False) -> Period:
    if not raw:
        return Period.current_month()
    try:
        period = Period.parse(raw)
    except BadPeriod as exc:
        raise ActionError(_("Give a month as YYYY-MM."), field="period") from exc
    if period.is_year and not allow_year:
        raise ActionError(_("Give a month as YYYY-MM."), field="period")
    return period


def _year(raw: int | None) -> int:
    year = raw or timezone.localdate().year
    try:
        return Period(year).year
    except BadPeriod as exc:
        raise ActionError(_("Give a year."), field="year") from exc


def _region(request: HttpRequest, code: str | None) -> Region | None:
    user = api_user(request)
    return access_aggregate_region(user, code or user.scope_code)


# The activity log ---------------------------------------------------------------------------


class ActivityIn(Schema):
    member_id: int | None = Field(None, description="Empty: yourself (a village PSM)")
    activity_type: str = Field(..., max_length=40, description="Code of the activity type")
    title: str = Field(..., min_length=1, max_length=200)
    occurred_on: dt.date
    village_code: str = Field(..., max_length=13)
    hours: Decimal = Field(..., gt=0, le=200, decimal_places=1)
    beneficiaries_female: int = Field(0, ge=0, le=100_000)
    beneficiaries_male: int = Field(0, ge=0, le=100_000)
    beneficiaries_children: int = Field(0, ge=0, le=100_000)
    beneficiaries_adults: int = Field(0, ge=0, le=100_000)
    beneficiaries_elderly: int = Field(0, ge=0, le=100_000)
    ppks: dict[str, int] = Field(default_factory=dict, description="PPKS code -> people")
    partners: str = Field("", max_length=300)
    description: str = Field("", max_length=5000)


class ActivityOut(Schema):
    id: int
    member_id: int
    member_name: str
    activity_type: str
    program_area: str
    title: str
    description: str
    occurred_on: dt.date
    village_code: str
    hours: float
    beneficiaries_female: int
    beneficiaries_male: int
    beneficiaries_children: int
    beneficiaries_adults: int
    beneficiaries_elderly: int
    ppks: dict[str, int]
    partners: list[str]
    photos: int
    withdrawn: bool

    @staticmethod
    def resolve_member_name(obj: Activity) -> str:
        return obj.member.full_name

    @staticmethod
    def resolve_activity_type(obj: Activity) -> str:
        return obj.activity_type.code

    @staticmethod
    def resolve_village_code(obj: Activity) -> str:
        return obj.village_id

    @staticmethod
    def resolve_hours(obj: Activity) -> float:
        return float(obj.hours)

    @staticmethod
    def resolve_ppks(obj: Activity) -> dict[str, int]:
        return {g.category.code: g.count for g in obj.ppks_groups.all()}

    @staticmethod
    def resolve_partners(obj: Activity) -> list[str]:
        return obj.partner_list

    @staticmethod
    def resolve_photos(obj: Activity) -> int:
        return len(obj.photos.all())

    @staticmethod
    def resolve_withdrawn(obj: Activity) -> bool:
        return obj.is_withdrawn


def _activity_data(request: HttpRequest, payload: ActivityIn) -> activity_actions.ActivityData:
    user = api_user(request)
    if payload.member_id is None:
        member = own_member(user)
        if member is None:
            raise ActionError(_("Say whose work this is (member_id)."), field="member_id")
    else:
        member = get_object_or_404(
            Member.objects.filter(user.scope_q("home_village__code")), pk=payload.member_id
        )
    activity_type = ActivityType.objects.filter(code=payload.activity_type).first()
    if activity_type is None:
        raise ActionError(_("Unknown activity type."), field="activity_type")
    try:
        village = Region.objects.filter(code=codes.normalize(payload.village_code)).first()
    except codes.InvalidRegionCode:
        village = None
    if village is None:
        raise ActionError(_("Unknown village."), field="village_code")
    categories = dict(
        WelfareCategory.objects.ppks()
        .valid_on()
        .filter(code__in=list(payload.ppks))
        .values_list("code", "pk")
    )
    if len(categories) != len(payload.ppks):
        raise ActionError(_("Unknown PPKS group."), field="ppks")
    return activity_actions.ActivityData(
        member=member,
        activity_type=activity_type,
        title=payload.title,
        occurred_on=payload.occurred_on,
        village=village,
        hours=payload.hours,
        beneficiaries_female=payload.beneficiaries_female,
        beneficiaries_male=payload.beneficiaries_male,
        beneficiaries_children=payload.beneficiaries_children,
        beneficiaries_adults=payload.beneficiaries_adults,
        beneficiaries_elderly=payload.beneficiaries_elderly,
        ppks={categories[code]: n for code, n in payload.ppks.items()},
        partners=payload.partners,
        description=payload.description,
    )


def _activities_query(request: HttpRequest) -> Any:
    return (
        activities_for(api_user(request))
        .select_related("member", "activity_type")
        .prefetch_related("ppks_groups__category", "photos")
    )


@router.get("/reporting/activities", response=list[ActivityOut], summary="Activities in your area")
@paginate(PageNumberPagination)
def list_activities(
    request: HttpRequest, period: str | None = None, region: str | None = None
) -> Any:
    user = api_user(request)
    if not can_see_activities(user):
        raise PermissionRefused(_("Partners see the aggregated figures, not the activity log."))
    queryset = _activities_query(request).current()
    if period:
        chosen = _period(period, allow_year=True)
        queryset = queryset.between(chosen.start, chosen.end)
    if region:
        try:
            code = codes.normalize(region)
        except codes.InvalidRegionCode as exc:
            raise ActionError(_("Not a region code."), field="region") from exc
        queryset = queryset.in_region(code)
    return queryset.order_by("-occurred_on", "-id")


@router.post("/reporting/activities", response={201: ActivityOut}, summary="Record an activity")
def create_activity(request: HttpRequest, payload: ActivityIn) -> Any:
    activity = activity_actions.record_activity(
        acting_user=api_user(request), data=_activity_data(request, payload)
    )
    return Status(201, _activities_query(request).get(pk=activity.pk))


@router.get("/reporting/activities/{activity_id}", response=ActivityOut, summary="One activity")
def get_activity(request: HttpRequest, activity_id: int) -> Any:
    access_activity(api_user(request), activity_id)
    return _activities_query(request).get(pk=activity_id)


class WorkOut(Schema):
    source: str
    on: dt.date
    village_code: str
    village_name: str
    member_name: str
    program_area: str
    label: str
    hours: float | None
    beneficiaries: int | None


@router.get(
    "/reporting/work", response=list[WorkOut], summary="Concrete work, typed and recorded elsewhere"
)
def list_work(request: HttpRequest, period: str | None = None, mine: bool = False) -> Any:
    user = api_user(request)
    if not can_see_activities(user):
        raise PermissionRefused(_("Partners see the aggregated figures, not the activity log."))
    chosen = _period(period)
    member = own_member(user) if mine else None
    if mine and member is None:
        return []
    return work_rows(
        prefix=user.scope_code, period=chosen, member=member, user=user if mine else None, limit=300
    )


# Monthly reports -----------------------------------------------------------------------------


class ReportOut(Schema):
    region: str
    level: int
    year: int
    month: int
    status: str
    revision: int
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None

    @staticmethod
    def resolve_region(obj: MonthlyReport) -> str:
        return obj.region_key


class ReportDetailOut(Schema):
    region: str
    name: str
    year: int
    month: int
    status: str
    deadline: dt.date
    late: bool
    frozen: bool
    figures: dict[str, Any]
    narrative: str
    events: list[dict[str, Any]]
    reporters: list[dict[str, Any]]


class CommentIn(Schema):
    comment: str = Field("", max_length=5000)


@router.get(
    "/reporting/monthly-reports", response=list[ReportOut], summary="Monthly reports of your area"
)
def list_reports(request: HttpRequest, period: str | None = None) -> Any:
    user = api_user(request)
    if not can_see_reports(user):
        raise PermissionRefused()
    chosen = _period(period)
    reports = MonthlyReport.objects.for_period(chosen.year, chosen.month).in_region(user.scope_code)
    if is_partner(user):
        reports = reports.filter(status=MonthlyReport.Status.APPROVED)
    return list(reports.order_by("level", "region_id")[:1000])


def _report_detail(request: HttpRequest, region: str, year: int, month: int) -> dict[str, Any]:
    user = api_user(request)
    period = _month(year, month)
    found, report = access_report(user, region, period)
    page = build_page(found, period, report, suppress=suppresses(user))
    partner = is_partner(user)
    return {
        "region": page.key,
        "name": page.title,
        "year": year,
        "month": month,
        "status": page.status,
        "deadline": page.deadline,
        "late": page.late,
        "frozen": page.frozen,
        "figures": page.view.as_data(),
        "narrative": "" if partner or report is None else report.narrative,
        "events": []
        if partner or report is None
        else [
            {"kind": e.kind, "by": e.author_label, "text": e.text, "at": e.at.isoformat()}
            for e in report.events.all()
        ],
        "reporters": [
            {"region": r.code, "name": r.name, "status": r.status, "late": r.late}
            for r in (page.completeness.reporters if page.completeness else [])
        ],
    }


def _month(year: int, month: int) -> Period:
    try:
        period = Period(year, month)
    except BadPeriod as exc:
        raise ActionError(_("Not a month."), field="month") from exc
    if period.is_year:
        raise ActionError(_("Not a month."), field="month")
    return period


@router.get(
    "/reporting/monthly-reports/{region}/{year}/{month}",
    response=ReportDetailOut,
    summary="A monthly report (figures live until submitted, then as submitted)",
)
def get_report(request: HttpRequest, region: str, year: int, month: int) -> Any:
    return _report_detail(request, region, year, month)


def _workflow(
    request: HttpRequest, region: str, year: int, month: int
) -> tuple[Region | None, Period]:
    period = _month(year, month)
    found, _report = access_report(api_user(request), region, period)
    return found, period


@router.post("/reporting/monthly-reports/{region}/{year}/{month}/submit", response=ReportOut)
def submit_report(request: HttpRequest, region: str, year: int, month: int) -> Any:
    found, period = _workflow(request, region, year, month)
    return monthly_actions.submit_report(acting_user=api_user(request), region=found, period=period)


@router.post("/reporting/monthly-reports/{region}/{year}/{month}/return", response=ReportOut)
def return_report(
    request: HttpRequest, region: str, year: int, month: int, payload: CommentIn
) -> Any:
    found, period = _workflow(request, region, year, month)
    return monthly_actions.return_report(
        acting_user=api_user(request), region=found, period=period, comment=payload.comment
    )


@router.post("/reporting/monthly-reports/{region}/{year}/{month}/approve", response=ReportOut)
def approve_report(
    request: HttpRequest, region: str, year: int, month: int, payload: CommentIn
) -> Any:
    found, period = _workflow(request, region, year, month)
    return monthly_actions.approve_report(
        acting_user=api_user(request), region=found, period=period, comment=payload.comment
    )


@router.get("/reporting/completeness", summary="Which units have reported for a month")
def get_completeness(
    request: HttpRequest, region: str | None = None, period: str | None = None
) -> Any:
    user = api_user(request)
    if not can_see_completeness(user):
        raise PermissionRefused()
    found = _region(request, region)
    chosen = _period(period)
    result = completeness(found.code if found is not None else None, chosen)
    return {
        "region": found.code if found is not None else "",
        "period": chosen.key,
        "deadline": result.deadline.isoformat(),
        "expected": result.expected,
        "submitted": result.submitted,
        "approved": result.approved,
        "late": result.late,
        "reporters": [
            {
                "region": r.code,
                "name": r.name,
                "status": r.status,
                "late": r.late,
                "members": r.members,
            }
            for r in result.reporters
        ],
    }


# Aggregates ----------------------------------------------------------------------------------


@router.get(
    "/reporting/dashboard", summary="Figures of a region: a month, its year, the regions below"
)
def get_dashboard(
    request: HttpRequest, region: str | None = None, period: str | None = None
) -> Any:
    found = _region(request, region)
    board = dashboards.build(found, _period(period), suppress=suppresses(api_user(request)))
    return dashboards.as_data(board)


@router.get("/reporting/spm", summary="SPM bidang sosial: the ten indicators of a region and year")
def get_spm(request: HttpRequest, region: str | None = None, year: int | None = None) -> Any:
    user = api_user(request)
    found = _region(request, region)
    code = found.code if found is not None else None
    if not can_read_spm(user, code):
        raise PermissionRefused()
    if region_level(code) > 2:
        raise ActionError(
            _("SPM indicators are set for provinces and regencies/cities."), field="region"
        )
    return spm_view.as_data(spm_view.build(found, _year(year), suppress=suppresses(user)))


@router.get(
    "/reporting/equity", summary="Coverage and service by region, with inequality over time"
)
def get_equity(request: HttpRequest, region: str | None = None, year: int | None = None) -> Any:
    found = _region(request, region)
    return equity.as_data(equity.build(found, _year(year), suppress=suppresses(api_user(request))))


@router.get("/reporting/3w", summary="Who does what where (HXL hashtags in `columns`)")
def get_threew(request: HttpRequest, region: str | None = None, period: str | None = None) -> Any:
    found = _region(request, region)
    chosen = _period(period, allow_year=True)
    title = found.chain if found is not None else "Indonesia"
    table = threew_table(
        found.code if found is not None else None,
        chosen,
        suppress=suppresses(api_user(request)),
        title=title,
    )
    return {
        "columns": [{"key": c.key, "label": str(c.label), "hxl": c.hxl} for c in table.columns],
        "rows": [dict(zip([c.key for c in table.columns], row, strict=True)) for row in table.rows],
    }


@router.get("/reporting/public", auth=None, summary="Public figures per province or regency/city")
def get_public(request: HttpRequest, province: str | None = None, year: int | None = None) -> Any:
    chosen = _year(year)
    found = None
    if province:
        try:
            code = codes.normalize(province)
        except codes.InvalidRegionCode as exc:
            raise ActionError(_("Not a province code."), field="province") from exc
        found = get_object_or_404(Region, code=code, level=Region.Level.PROVINCE)
    table = public_table(found, chosen)
    return {
        "year": table.year,
        "total": table.total.as_data(),
        "rows": [row.as_data() for row in table.rows],
        "note": "Counts under 5 are shown as <5.",
    }
