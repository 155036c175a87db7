"""The provider directory, public referrals and the aggregates (children's rights per
region, SPM indicators) in the API; mounted on the casework router (sipsm.cases.api)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.accounts.models import User
from sipsm.cases import api_schemas as s
from sipsm.cases import spm
from sipsm.cases.access import (
    access_intake,
    access_provider,
    access_provider_for_edit,
    intakes_for,
    log_case_read,
    providers_for,
    visible_cases,
)
from sipsm.cases.actions import intake as intake_actions
from sipsm.cases.actions import providers as provider_actions
from sipsm.cases.models import Case
from sipsm.cases.permissions import (
    can_drill_down,
    can_manage_providers,
    can_see_aggregates,
    can_see_spm,
    is_case_worker_role,
)
from sipsm.cases.stats import Count, RightsRow, child_rights_table, figures_region
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.people.models import WelfareCategory
from sipsm.regions import codes
from sipsm.regions.models import Region

router = Router()


def _worker_user(request: HttpRequest) -> User:
    user = api_user(request)
    if not is_case_worker_role(user):
        raise PermissionRefused(_("Case files are for case workers; partners see aggregates."))
    return user


# The provider directory ------------------------------------------------------------------


def _provider_data(user: User, payload: s.ProviderIn) -> provider_actions.ProviderData:
    regions: list[Region] = []
    for raw in [payload.region_code, *payload.coverage]:
        try:
            code = codes.normalize(raw)
        except codes.InvalidRegionCode as exc:
            raise ActionError(_("This is not a region code."), field="coverage") from exc
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise ActionError(
                _("Region %(code)s does not exist.") % {"code": code}, field="coverage"
            )
        regions.append(region)
    psks = (
        WelfareCategory.objects.psks().filter(code=payload.psks).first() if payload.psks else None
    )
    if payload.psks and psks is None:
        raise ActionError(_("Unknown PSKS type."), field="psks")
    return provider_actions.ProviderData(
        name=payload.name,
        kind=payload.kind,
        region=regions[0],
        coverage=regions[1:],
        services=payload.services,
        psks=psks,
        address=payload.address,
        phone=payload.phone,
        email=payload.email,
        contact_name=payload.contact_name,
        active=payload.active,
    )


@router.get("/providers", response=list[s.ProviderOut], summary="Service providers")
@paginate(PageNumberPagination, page_size=50)
def list_providers(request: HttpRequest, service: str = "", village: str = "") -> Any:
    providers = providers_for(api_user(request)).prefetch_related("coverage")
    if service:
        providers = providers.offering(service)
    if village:
        try:
            providers = providers.covering(codes.normalize(village))
        except codes.InvalidRegionCode as exc:
            raise ActionError(_("This is not a region code."), field="village") from exc
    return providers.order_by("name", "id")


@router.post("/providers", response={201: s.ProviderOut}, summary="Add a service provider")
def create_provider(request: HttpRequest, payload: s.ProviderIn) -> Status[Any]:
    user = api_user(request)
    if not can_manage_providers(user):
        raise PermissionRefused()
    provider = provider_actions.create_provider(
        acting_user=user, data=_provider_data(user, payload)
    )
    return Status(201, provider)


@router.get("/providers/{provider_id}", response=s.ProviderOut, summary="One provider")
def get_provider(request: HttpRequest, provider_id: int) -> Any:
    return access_provider(api_user(request), provider_id)


@router.put("/providers/{provider_id}", response=s.ProviderOut, summary="Change a provider")
def update_provider(request: HttpRequest, provider_id: int, payload: s.ProviderIn) -> Any:
    user = api_user(request)
    provider = access_provider_for_edit(user, provider_id)
    return provider_actions.update_provider(
        acting_user=user, provider=provider, data=_provider_data(user, payload)
    )


# Referrals from the public ---------------------------------------------------------------


@router.get("/intakes", response=list[s.IntakeSummaryOut], summary="Referrals from the public")
@paginate(PageNumberPagination, page_size=50)
def list_intakes(request: HttpRequest, status: str = "new") -> Any:
    user = _worker_user(request)
    intakes = intakes_for(user).select_related("category")
    if status:
        intakes = intakes.filter(status=status)
    return intakes.order_by("-received_at", "-id")


@router.get("/intakes/{intake_id}", response=s.IntakeOut, summary="One public referral")
def get_intake(request: HttpRequest, intake_id: int) -> Any:
    return access_intake(api_user(request), intake_id)


@router.post(
    "/intakes/{intake_id}/dismiss", response=s.IntakeOut, summary="Dismiss a public referral"
)
def dismiss_intake(request: HttpRequest, intake_id: int, payload: s.ReasonIn) -> Any:
    user = api_user(request)
    intake = access_intake(user, intake_id)
    return intake_actions.dismiss_intake(acting_user=user, intake=intake, reason=payload.reason)


# Aggregates ------------------------------------------------------------------------------


def _count(count: Count) -> dict[str, Any]:
    return {"value": count.as_json(), "suppressed": count.hidden}


def _row(row: RightsRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "children": _count(row.children),
        "met": {right: _count(c) for right, c in row.met.items()},
    }


@router.get(
    "/stats/child-rights",
    response=s.RightsTableOut,
    summary="Children with each right met, per region (counts under 5 suppressed)",
)
def child_rights_stats(request: HttpRequest, region: str = "") -> dict[str, Any]:
    user = api_user(request)
    if not can_see_aggregates(user):
        raise PermissionRefused()
    try:
        code = codes.normalize(region) if region else user.scope_code
    except codes.InvalidRegionCode as exc:
        raise ActionError(_("This is not a region code."), field="region") from exc
    if code is not None and not user.covers(code):
        raise PermissionRefused(_("This region is outside your area."))
    place = Region.objects.filter(code=code).first() if code else None
    if code and place is None:
        raise ActionError(_("Unknown region."), field="region")
    place, with_rows = figures_region(user, place)
    if place is not None and not user.covers(place.code):
        raise PermissionRefused(_("Children's figures are given for a regency/city or above."))
    table = child_rights_table(place, with_rows=with_rows)
    return {
        "region_code": place.code if place is not None else None,
        "total": _row(table.total),
        "rows": [_row(r) for r in table.rows],
    }


def _spm_regency(user: User, regency: str, year: int) -> str:
    try:
        code = codes.normalize(regency)
    except codes.InvalidRegionCode as exc:
        raise ActionError(_("This is not a region code."), field="regency") from exc
    if codes.level_of(code) != codes.Level.REGENCY or not 2018 <= year <= 2100:
        raise ActionError(_("Give a regency/city code and a year."), field="regency")
    if not can_see_spm(user, code):
        raise PermissionRefused()
    return code


@router.get(
    "/spm/outside-institutions",
    response=s.SpmOut,
    summary="SPM indicators outside institutions for a regency/city and year",
)
def spm_indicators(request: HttpRequest, regency: str, year: int) -> dict[str, Any]:
    code = _spm_regency(api_user(request), regency, year)
    return {
        "regency_code": code,
        "year": year,
        "indicators": [
            {
                "group": i.group,
                "label": i.label,
                "numerator": _count(i.numerator),
                "denominator": _count(i.denominator),
                "percent": i.percent,
            }
            for i in spm.indicators(regency_code=code, year=year)
        ],
    }


@router.get(
    "/spm/outside-institutions/{group}/cases",
    response=list[s.CaseOut],
    summary="The cases behind an indicator that you may read",
)
def spm_drill_down(request: HttpRequest, group: str, regency: str, year: int) -> list[Case]:
    user = api_user(request)
    code = _spm_regency(user, regency, year)
    if not can_drill_down(user):
        raise PermissionRefused(_("Partners see the indicators, not the cases."))
    if group not in spm.GROUPS.values:
        raise ActionError(_("Unknown SPM group."), field="group")
    counted = spm.denominator_cases(regency_code=code, year=year, group=group)
    cases = list(
        visible_cases(user)
        .filter(pk__in=counted.values("pk"))
        .select_related("person", "worker", "supervisor")
        .order_by("number")[:500]
    )
    for case in cases:
        log_case_read(user, case, what="spm_list")
    return cases
