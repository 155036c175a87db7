"""Importing a KPM list: upload, the column check with a preview, progress (htmx poll), the
downloadable error report, and resuming a stalled import."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.aid import exports
from sipsm.aid import permissions as perms
from sipsm.aid.access import access_import, access_period
from sipsm.aid.actions import imports as import_actions
from sipsm.aid.forms import MappingForm, UploadForm
from sipsm.aid.importing.headers import FIELDS, REQUIRED
from sipsm.aid.importing.reader import preview
from sipsm.aid.importing.rows import shown
from sipsm.aid.importing.runner import may_take_over
from sipsm.aid.models import KpmImport
from sipsm.aid.views.common import form_error
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.registry.tabular import UnreadableFile


@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    period = access_period(request.user, period_id)
    if not perms.can_import(request.user):
        raise PermissionRefused()
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = import_actions.upload_kpm_list(
                acting_user=request.user, period=period, upload=form.cleaned_data["file"]
            )
        except ActionError as exc:
            form_error(form, exc)
        else:
            return redirect("aid:import", import_id=run.pk)
    return render(
        request,
        "aid/imports/upload.html",
        {"period": period, "form": form, "fields": FIELDS, "required": REQUIRED},
        status=400 if form.errors else 200,
    )


@require_GET
def import_template(request: AuthenticatedRequest) -> HttpResponse:
    if not perms.can_import(request.user):
        raise PermissionRefused()
    return exports.template_download()


def _sample(run: KpmImport) -> list[list[str]]:
    """The first rows of the file for the column check, with long numbers masked."""
    try:
        with default_storage.open(run.file.name, "rb") as handle:
            _header, rows = preview(handle, run.filename, rows=5)
    except (UnreadableFile, OSError, ValueError):
        return []
    return [[shown(cell) for cell in cells] for _n, cells, _numeric in rows]


@require_http_methods(["GET", "POST"])
def import_detail(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    run = access_import(request.user, import_id)
    if run.status != KpmImport.Status.UPLOADED:
        return render(request, "aid/imports/progress.html", _progress_context(run))
    form = MappingForm(request.POST or None, header=list(run.header), mapping=dict(run.mapping))
    if request.method == "POST" and form.is_valid():
        try:
            import_actions.confirm_import(
                acting_user=request.user, kpm_import=run, mapping=form.mapping()
            )
        except ActionError as exc:
            form_error(form, exc)
        else:
            return redirect("aid:import", import_id=run.pk)
    sample = _sample(run)
    columns = [
        (field, [row[i] if i < len(row) else "" for row in sample]) for i, field in enumerate(form)
    ]
    return render(
        request,
        "aid/imports/mapping.html",
        {
            "run": run,
            "form": form,
            "columns": columns,
            "earlier": import_actions.earlier_imports_of_same_file(run),
        },
        status=400 if form.errors else 200,
    )


def _progress_context(run: KpmImport) -> dict[str, object]:
    return {
        "run": run,
        "stalled": not run.is_finished
        and may_take_over(run)
        and run.status == KpmImport.Status.RUNNING,
        "errors": run.problems.filter(severity="error").order_by("row", "id")[:20]
        if run.is_finished
        else [],
    }


@require_GET
def import_progress(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    run = access_import(request.user, import_id)
    return render(request, "aid/imports/_progress.html", _progress_context(run))


@require_GET
def import_report(request: AuthenticatedRequest, import_id: int) -> StreamingHttpResponse:
    run = access_import(request.user, import_id)
    response = StreamingHttpResponse(
        exports.problems_csv(run), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="laporan-impor-kpm-{run.pk}.csv"'
    return response


@require_POST
def import_resume(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    run = access_import(request.user, import_id)
    try:
        import_actions.requeue_import(acting_user=request.user, kpm_import=run)
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The import goes on from row %(row)d.") % {"row": run.next_row})
    return redirect("aid:import", import_id=run.pk)
