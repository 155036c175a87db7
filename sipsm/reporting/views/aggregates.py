"""Aggregate pages: dashboards per level, the equity view and map, and SPM (with drill-down
to the records for coordinators). All read the pre-aggregated figures."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sipsm.cases.access import visible_cases
from sipsm.core.audit import record_event
from sipsm.core.errors import PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.incidents.access import incidents_for
from sipsm.reporting import dashboards, equity, spm, spm_view
from sipsm.reporting.access import access_aggregate_region
from sipsm.reporting.actions.aggregates import recompute_spm
from sipsm.reporting.exports.reports import dashboard_tables, equity_tables, spm_pdf, spm_tables
from sipsm.reporting.permissions import (
    can_drill_down_spm,
    can_read_spm,
    can_recompute_spm,
    can_see_completeness,
    region_level,
    suppresses,
)
from sipsm.reporting.presenting import LABELS
from sipsm.reporting.views.common import (
    BadRequest,
    answers_bad_request,
    export_formal,
    export_tables,
    month_param,
    region_crumbs,
    region_param,
    year_param,
)


@require_GET
@answers_bad_request
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    region = region_param(request)
    period = month_param(request)
    board = dashboards.build(region, period, suppress=suppresses(request.user))
    code = region.code if region is not None else None
    return render(
        request,
        "reporting/dashboard.html",
        {
            "d": board,
            "crumbs": region_crumbs(region),
            "crumb_extra": f"&periode={period.key}",
            "labels": LABELS,
            "previous": period.previous(),
            "next": period.next(),
            "can_see_completeness": can_see_completeness(request.user) and region_level(code) < 4,
            "partner": suppresses(request.user),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@answers_bad_request
def dashboard_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    region = region_param(request)
    period = month_param(request)
    board = dashboards.build(region, period, suppress=suppresses(request.user))
    return export_tables(
        request.user,
        "dashboard",
        board.code or None,
        fmt,
        dashboard_tables(board),
        f"dasbor-{board.code or 'nasional'}-{period.key}",
        period=period.key,
    )


def _equity(request: AuthenticatedRequest) -> equity.EquityView:
    region = region_param(request)
    return equity.build(region, year_param(request), suppress=suppresses(request.user))


@require_GET
@answers_bad_request
def equity_page(request: AuthenticatedRequest) -> HttpResponse:
    view = _equity(request)
    return render(
        request,
        "reporting/equity.html",
        {
            "v": view,
            "crumbs": region_crumbs(view.region),
            "crumb_extra": f"&tahun={view.period.year}",
            "tiles": settings.SIPSM_MAP_TILES,
            "attribution": settings.SIPSM_MAP_ATTRIBUTION,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@answers_bad_request
def equity_geojson(request: AuthenticatedRequest) -> JsonResponse:
    return JsonResponse(equity.geojson(_equity(request)))


@require_GET
@answers_bad_request
def equity_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    view = _equity(request)
    code = view.region.code if view.region is not None else None
    return export_tables(
        request.user,
        "equity",
        code,
        fmt,
        equity_tables(view),
        f"kesetaraan-{code or 'nasional'}-{view.period.year}",
        year=view.period.year,
    )


def _spm(request: AuthenticatedRequest) -> spm_view.SpmView:
    region = access_aggregate_region(
        request.user, request.GET.get("wilayah") or request.user.scope_code
    )
    code = region.code if region is not None else None
    if not can_read_spm(request.user, code):
        raise PermissionRefused()
    if region_level(code) > 2:
        raise PermissionRefused(_("SPM indicators are set for provinces and regencies/cities."))
    return spm_view.build(region, year_param(request), suppress=suppresses(request.user))


@require_GET
@answers_bad_request
def spm_page(request: AuthenticatedRequest) -> HttpResponse:
    view = _spm(request)
    return render(
        request,
        "reporting/spm.html",
        {
            "v": view,
            "crumbs": region_crumbs(view.region),
            "crumb_extra": f"&tahun={view.year}",
            "legal_basis": spm.LEGAL_BASIS,
            "can_drill_down": can_drill_down_spm(request.user, view.code or None),
            "can_recompute": can_recompute_spm(request.user, view.code or None),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@answers_bad_request
def spm_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    view = _spm(request)
    title = view.region.chain if view.region is not None else _("Indonesia")
    return export_formal(
        request.user,
        "spm",
        view.code or None,
        fmt,
        spm_tables(view, title),
        spm_pdf(view, title),
        f"spm-{view.code or 'nasional'}-{view.year}",
        year=view.year,
    )


@require_POST
@answers_bad_request
def spm_recompute(request: AuthenticatedRequest) -> HttpResponse:
    region = access_aggregate_region(
        request.user, request.POST.get("wilayah") or request.user.scope_code
    )
    code = region.code if region is not None else None
    if not can_recompute_spm(request.user, code):
        raise PermissionRefused()
    try:
        year = int(request.POST.get("tahun") or "")
    except ValueError as exc:
        raise BadRequest(_("Give a year.")) from exc
    recompute_spm(acting_user=request.user, year=year, region_code=code)
    messages.success(request, _("The SPM figures are recomputed."))
    return redirect(f"/spm/?wilayah={code or ''}&tahun={year}")


@require_GET
@answers_bad_request
def spm_records(request: AuthenticatedRequest, indicator: str) -> HttpResponse:
    """The records behind an indicator of a province or regency, for coordinators: the cases
    they may read (inside institutions; outside institutions is the casework page), or the
    incidents whose victims are counted."""
    found = spm.BY_CODE.get(indicator)
    if found is None:
        raise Http404
    region = access_aggregate_region(request.user, request.GET.get("wilayah") or "")
    code = region.code if region is not None else None
    if code is None or region_level(code) != found.level:
        raise BadRequest(_("Choose a region of the indicator's level."))
    if not can_drill_down_spm(request.user, code):
        raise PermissionRefused(_("Partners see the indicators, not the records."))
    year = year_param(request)
    if found.level == 2 and found.group != "bencana":
        return redirect(f"/kasus/spm/{found.group}/?regency={code}&year={year}")
    context: dict[str, Any] = {"indicator": found, "region": region, "year": year}
    if found.group == "bencana":
        context["incidents"] = _disaster_incidents(request, found, code, year)
    else:
        context["cases"] = _panti_cases(request, found, code, year)
    return render(request, "reporting/spm_records.html", context)


def _panti_cases(
    request: AuthenticatedRequest, found: spm.IndicatorDef, code: str, year: int
) -> list[Any]:
    counted = spm.inside_panti_denominator_cases(province_code=code, year=year, group=found.group)
    met = set(
        spm.inside_panti_met_cases(province_code=code, year=year, group=found.group).values_list(
            "pk", flat=True
        )
    )
    cases = (
        visible_cases(request.user)
        .filter(pk__in=counted.values("pk"))
        .select_related("person", "village")
        .order_by("number")[:500]
    )
    rows = [(case, case.pk in met) for case in cases]
    if rows:
        record_event(
            actor=request.user,
            verb="access.case.list",
            region_code=code,
            data={"cases": [c.pk for c, _m in rows], "spm": found.code, "year": year},
        )
    return rows


def _disaster_incidents(
    request: AuthenticatedRequest, found: spm.IndicatorDef, code: str, year: int
) -> list[Any]:
    from django.db.models import Count, Q

    from sipsm.relief.spm import NEEDING_CONDITIONS

    incidents = (
        incidents_for(request.user).filter(reported_at__year=year).exclude(status="false_alarm")
    )
    if found.level == 1:
        incidents = incidents.filter(
            pk__in=spm.provincial_incident_ids(province_code=code, year=year)
        )
    else:
        incidents = incidents.filter(people__village__code__startswith=code + ".").distinct()
    return list(
        incidents.select_related("type", "region")
        .annotate(
            victims=Count(
                "people",
                filter=Q(
                    people__duplicate_of__isnull=True, people__condition__in=NEEDING_CONDITIONS
                ),
                distinct=True,
            )
        )
        .order_by("-reported_at")[:200]
    )
