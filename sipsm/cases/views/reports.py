"""Aggregates: children's rights per region, and the SPM indicators of a regency with
drill-down to the cases the user may read. Counts under 5 are suppressed."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sipsm.cases import spm
from sipsm.cases.access import visible_cases
from sipsm.cases.forms import RegionForm, SpmForm
from sipsm.cases.models import ChildRight
from sipsm.cases.permissions import can_drill_down, can_see_aggregates, can_see_spm, spm_reader
from sipsm.cases.stats import child_rights_table, figures_region
from sipsm.core.audit import record_event
from sipsm.core.errors import PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.regions.models import Region


def _default_region(request: AuthenticatedRequest) -> Region | None:
    scope = request.user.scope_code
    return Region.objects.filter(code=scope).first() if scope else None


@require_GET
def child_rights(request: AuthenticatedRequest) -> HttpResponse:
    """How many children with a case have each right met, in a region of the user's area."""
    if not can_see_aggregates(request.user):
        raise PermissionRefused()
    form = RegionForm(request.GET or None)
    region = _default_region(request)
    if form.is_valid() and form.cleaned_data.get("region") is not None:
        region = form.cleaned_data["region"]
    if region is not None and not request.user.covers(region.code):
        raise PermissionRefused(_("This region is outside your area."))
    if region is None and request.user.scope_code is not None:
        raise PermissionRefused()
    region, with_rows = figures_region(request.user, region)
    if region is not None and not request.user.covers(region.code):
        raise PermissionRefused(_("Children's figures are given for a regency/city or above."))
    table = child_rights_table(region, with_rows=with_rows)
    return render(
        request,
        "cases/child_rights.html",
        {"form": form, "table": table, "rights": list(ChildRight)},
    )


def _spm_params(request: AuthenticatedRequest) -> tuple[SpmForm, str | None, int]:
    """The regency and year asked for (default: the user's regency, this year); raises
    PermissionRefused when the user may not see that regency's indicators."""
    year = timezone.localdate().year
    scope = request.user.scope_code or ""
    regency = scope[:5] if len(scope) >= 5 else None
    form = SpmForm(request.GET or None, initial={"regency": regency, "year": year})
    if form.is_valid():
        regency, year = form.cleaned_data["regency"].code, form.cleaned_data["year"]
    elif form.is_bound:
        regency = None
    if not spm_reader(request.user):
        raise PermissionRefused()
    if regency is not None and not can_see_spm(request.user, regency):
        raise PermissionRefused(_("This regency is outside your area."))
    return form, regency, year


@require_GET
def spm_page(request: AuthenticatedRequest) -> HttpResponse:
    """The four SPM indicators outside institutions for a regency and year."""
    form, regency, year = _spm_params(request)
    indicators = spm.indicators(regency_code=regency, year=year) if regency else []
    return render(
        request,
        "cases/spm.html",
        {
            "form": form,
            "regency": Region.objects.filter(code=regency).first() if regency else None,
            "year": year,
            "indicators": indicators,
            "can_drill_down": can_drill_down(request.user),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
def spm_cases(request: AuthenticatedRequest, group: str) -> HttpResponse:
    """The cases behind one indicator that the user may read (never for partners)."""
    if group not in spm.GROUPS.values:
        raise Http404
    _form, regency, year = _spm_params(request)
    if not can_drill_down(request.user):
        raise PermissionRefused(_("Partners see the indicators, not the cases."))
    if regency is None:
        raise PermissionRefused(_("Choose a regency/city and a year."))
    counted = spm.denominator_cases(regency_code=regency, year=year, group=group)
    met_ids = set(
        spm.met_cases(regency_code=regency, year=year, group=group).values_list("pk", flat=True)
    )
    cases = (
        visible_cases(request.user)
        .filter(pk__in=counted.values("pk"))
        .select_related("person", "village", "worker")
        .order_by("number")
    )
    rows = [(case, case.pk in met_ids) for case in cases[:500]]
    if rows:
        record_event(
            actor=request.user,
            verb="access.case.list",
            region_code=regency,
            data={"cases": [c.pk for c, _met in rows], "spm": group, "year": year},
        )
    return render(
        request,
        "cases/spm_cases.html",
        {
            "group": spm.GROUPS(group),
            "regency": Region.objects.filter(code=regency).first(),
            "year": year,
            "rows": rows,
            "query": request.GET.urlencode(),
        },
    )
