"""Import and export of the member register."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sipsm.accounts.roles import Capability
from sipsm.core.audit import record_event
from sipsm.core.errors import PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.registry import exports, imports
from sipsm.registry.forms import MemberFilterForm, MemberImportForm
from sipsm.registry.models import MemberImport
from sipsm.registry.selectors import visible_members


@require_http_methods(["GET", "POST"])
def member_import(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.can(Capability.IMPORT_MEMBERS):
        raise PermissionRefused()
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        _report, run = imports.import_members(
            acting_user=request.user,
            stream=upload.file,
            filename=upload.name,
            mode=form.cleaned_data["mode"],
        )
        return redirect("registry:member_import_result", import_id=run.pk)
    recent = MemberImport.objects.filter(created_by=request.user)[:10]
    return render(
        request,
        "registry/members/import.html",
        {"form": form, "recent": recent, "max_mb": settings.SIPSM_IMPORT_MAX_BYTES // 2**20},
        status=400 if form.errors else 200,
    )


def _own_import(request: AuthenticatedRequest, import_id: int) -> MemberImport:
    run = MemberImport.objects.filter(pk=import_id, created_by=request.user).first()
    if run is None:
        raise Http404
    return run


@require_GET
def member_import_result(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    run = _own_import(request, import_id)
    return render(request, "registry/members/import_result.html", {"run": run})


@require_GET
def member_import_report(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    """The row report as CSV, to fix the file in a spreadsheet."""
    run = _own_import(request, import_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["baris", "kolom", "jenis", "pesan"])
    for kind, items in (("galat", run.problems), ("peringatan", run.warnings)):
        for item in items:
            writer.writerow([item["row"], item["column"], kind, exports.safe_cell(item["message"])])
    response = HttpResponse(("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="laporan-impor-{run.pk}.csv"'
    return response


@require_GET
def member_import_template(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.can(Capability.IMPORT_MEMBERS):
        raise PermissionRefused()
    response = HttpResponse(exports.template_csv(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="template-anggota.csv"'
    return response


@require_GET
def member_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if not request.user.can(Capability.EXPORT_MEMBERS):
        raise PermissionRefused()
    form = MemberFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = visible_members(request.user, filters)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    record_event(
        actor=request.user,
        verb="member.export",
        region_code=request.user.scope_code or "",
        data={
            "format": fmt,
            "rows": queryset.count(),
            "filters": {k: str(v) for k, v in filters.items() if v},
        },
    )
    if fmt == "csv":
        response: HttpResponse = StreamingHttpResponse(
            exports.csv_lines(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="anggota-{stamp}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(queryset),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="anggota-{stamp}.xlsx"'
        return response
    raise Http404(_("Unknown format"))
