"""Import of PPKS lists, export of the PPKS register, and the reference lists."""

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

from sipsm.core.audit import record_event
from sipsm.core.errors import PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.people import exports, imports
from sipsm.people.access import access_import, people_for, require_import
from sipsm.people.forms import ImportForm, PeopleFilterForm, RevealExportForm
from sipsm.people.models import PpksImport, ReferenceList
from sipsm.people.permissions import can_export, can_see_identities
from sipsm.people.views.persons import filter_people
from sipsm.registry.exports import safe_cell


@require_http_methods(["GET", "POST"])
def ppks_import(request: AuthenticatedRequest) -> HttpResponse:
    require_import(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        _report, run = imports.import_ppks(
            acting_user=request.user, stream=upload.file, filename=upload.name
        )
        return redirect("people:import_result", import_id=run.pk)
    recent = PpksImport.objects.filter(created_by=request.user)[:10]
    return render(
        request,
        "people/import.html",
        {"form": form, "recent": recent, "max_mb": settings.SIPSM_IMPORT_MAX_BYTES // 2**20},
        status=400 if form.errors else 200,
    )


@require_GET
def ppks_import_template(request: AuthenticatedRequest) -> HttpResponse:
    require_import(request.user)
    response = HttpResponse(imports.template_csv(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="template-ppks.csv"'
    return response


@require_GET
def ppks_import_result(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    run = access_import(request.user, import_id)
    return render(request, "people/import_result.html", {"run": run})


@require_GET
def ppks_import_report(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    """The row report as CSV; it names rows and columns, never a NIK or KK in full."""
    run = access_import(request.user, import_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["baris", "kolom", "jenis", "pesan"])
    if run.file_error:
        writer.writerow([0, "", "galat", safe_cell(run.file_error)])
    for kind, items in (("galat", run.problems), ("peringatan", run.warnings)):
        for item in items:
            writer.writerow(
                [item["row"], safe_cell(item["column"]), kind, safe_cell(item["message"])]
            )
    response = HttpResponse(("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="laporan-impor-ppks-{run.pk}.csv"'
    return response


EXPORT_FORMATS = ("csv", "xlsx")


@require_http_methods(["GET", "POST"])
def ppks_export(request: AuthenticatedRequest, fmt: str) -> HttpResponseBase:
    """GET: masked (names, birth dates, NIK and KK). POST with a reason: in full, for a user
    who may see identities."""
    if not can_export(request.user):
        raise PermissionRefused()
    if fmt not in EXPORT_FORMATS:
        raise Http404
    full = False
    reason = ""
    if request.method == "POST":
        reveal = RevealExportForm(request.POST)
        if not can_see_identities(request.user):
            raise PermissionRefused()
        if not reveal.is_valid():
            return HttpResponseBadRequest(_("Give a reason (at least 5 characters)."))
        full, reason = True, reveal.cleaned_data["reason"]
    form = PeopleFilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("The filter is not valid; nothing was exported."))
    filters = form.cleaned_data if form.is_bound else {}
    queryset = filter_people(people_for(request.user), filters, user=request.user).order_by(
        "full_name", "id"
    )
    viewer = exports.Viewer(user=request.user, full_identities=full)
    record_event(
        actor=request.user,
        verb="ppks.export",
        region_code=request.user.scope_code or "",
        data={
            "format": fmt,
            "rows": queryset.count(),
            "identities": "full" if full else "masked",
            "reason": reason[:300],
            "filters": {k: str(getattr(v, "code", v)) for k, v in filters.items() if v},
        },
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(queryset, viewer),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = HttpResponse(
            exports.xlsx_bytes(queryset, viewer),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="ppks-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def reference_lists(request: AuthenticatedRequest) -> HttpResponse:
    """The PPKS and PSKS lists in force and earlier versions, with their legal basis."""
    lists = ReferenceList.objects.prefetch_related("entries").order_by("kind", "-valid_from")
    return render(request, "people/reference.html", {"lists": lists})
