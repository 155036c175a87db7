"""The public transparency page (no account): figures per province, or per regency/city of a
province, for a year. Counts under 5 are hidden; no personal data exists at this level."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.reporting.exports.reports import public_tables
from sipsm.reporting.exports.tables import tables_response
from sipsm.reporting.periods import BadPeriod, Period
from sipsm.reporting.public import PublicTable, public_table


def _table(request: HttpRequest) -> PublicTable:
    raw_year = request.GET.get("tahun") or str(timezone.localdate().year)
    try:
        year = Period(int(raw_year)).year
    except (ValueError, BadPeriod) as exc:
        raise Http404 from exc
    province = None
    raw = request.GET.get("provinsi") or ""
    if raw:
        try:
            code = codes.normalize(raw)
        except codes.InvalidRegionCode as exc:
            raise Http404 from exc
        province = Region.objects.filter(code=code, level=Region.Level.PROVINCE).first()
        if province is None:
            raise Http404
    return public_table(province, year)


@login_not_required
@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    table = _table(request)
    this_year = timezone.localdate().year
    return render(
        request,
        "reporting/public.html",
        {"t": table, "years": list(range(this_year, max(2018, this_year - 5) - 1, -1))},
    )


@login_not_required
@require_GET
def transparency_csv(request: HttpRequest) -> HttpResponse:
    table = _table(request)
    code = table.province.code if table.province is not None else "nasional"
    return tables_response(public_tables(table), "csv", f"transparansi-{code}-{table.year}")
