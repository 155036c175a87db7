"""Import and export of the member register."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sipsm.accounts.roles import Capability
from sipsm.core.audit import record_event
from sipsm.core.errors import PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.identity.nik import mask as mask_nik
from sipsm.identity.nik import normalize as normalize_nik
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
    """An import run of the requesting user (404 for anyone else's, as for any other row)."""
    if not request.user.can(Capability.IMPORT_MEMBERS):
        raise Http404
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
    """The row report as CSV, to fix the file in a spreadsheet. It never holds a NIK: the
    messages name the row and column, not the value."""
    run = _own_import(request, import_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["baris", "kolom", "jenis", "pesan"])
    for kind, items in (("galat", run.problems), ("peringatan", run.warnings)):
        for item in items:
            writer.writerow(
                [
                    item["row"],
                    exports.safe_cell(item["column"]),
                    kind,
                    exports.safe_cell(item["message"]),
                ]
            )
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


def _audited_filters(filters: dict[str, object]) -> dict[str, str]:
    """The filters as the audit trail keeps them: a NIK searched for is stored masked."""
    shown: dict[str, str] = {}
    for key, value in filters.items():
        if not value:
            continue
        text = str(getattr(value, "code", value))  # a skill by its code, not its label
        if key == "q" and normalize_nik(text).isdigit() and len(normalize_nik(text)) >= 12:
            text = mask_nik(text)
        shown[key] = text
    return shown


EXPORT_FORMATS = ("csv", "xlsx")


@require_GET
def member_export(request: AuthenticatedRequest, fmt: str) -> HttpResponseBase:
    if not request.user.can(Capability.EXPORT_MEMBERS):
        raise PermissionRefused()
    if fmt not in EXPORT_FORMATS:
        raise Http404(_("Unknown format"))
    form = MemberFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # An unusable filter must not silently widen the export to the whole area.
        return HttpResponseBadRequest(_("The filter is not valid; nothing was exported."))
    filters = form.cleaned_data if form.is_bound else {}
    queryset = visible_members(request.user, filters)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    record_event(
        actor=request.user,
        verb="member.export",
        region_code=request.user.scope_code or "",
        data={"format": fmt, "rows": queryset.count(), "filters": _audited_filters(filters)},
    )
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(queryset), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.xlsx_bytes(queryset),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="anggota-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
