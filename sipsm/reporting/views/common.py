"""Shared bits of the reporting pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError
from sipsm.core.http import AuthenticatedRequest
from sipsm.regions.models import Region
from sipsm.reporting.access import access_aggregate_region
from sipsm.reporting.exports.tables import (
    PdfDocument,
    Table,
    file_response,
    pdf_bytes,
    tables_response,
)
from sipsm.reporting.forms import period_from
from sipsm.reporting.periods import Period

TABLE_FORMATS = ("csv", "xlsx")
FORMAL_FORMATS = ("csv", "xlsx", "pdf")


class BadRequest(Exception):
    """A query parameter is not valid (answered 400 by `answers_bad_request`)."""


def answers_bad_request(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except BadRequest as exc:
            return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")

    return wrapper


def form_error(form: forms.Form, exc: ActionError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def month_param(request: AuthenticatedRequest, name: str = "periode") -> Period:
    period = period_from(request.GET.get(name), default=Period.current_month())
    if period is None:
        raise BadRequest(_("Give a month as YYYY-MM."))
    return period


def year_param(request: AuthenticatedRequest, name: str = "tahun") -> int:
    raw = request.GET.get(name) or str(timezone.localdate().year)
    try:
        return Period(int(raw)).year
    except (ValueError, TypeError) as exc:
        raise BadRequest(_("Give a year.")) from exc


def region_param(request: AuthenticatedRequest) -> Region | None:
    """The `wilayah` region (default: the user's own area) if the user may see its figures."""
    code = request.GET.get("wilayah") or request.user.scope_code
    return access_aggregate_region(request.user, code)


def audit_export(
    user: User, what: str, region_code: str | None, fmt: str, rows: int, **data: Any
) -> None:
    """Every export is logged with its size (security-reliability.md E4)."""
    record_event(
        actor=user,
        verb="access.reporting.export",
        region_code=region_code or "",
        data={"report": what, "format": fmt, "rows": rows, **data},
    )


def export_tables(
    user: User,
    what: str,
    region_code: str | None,
    fmt: str,
    tables: list[Table],
    filename: str,
    **data: Any,
) -> HttpResponse:
    if fmt not in TABLE_FORMATS:
        raise Http404
    audit_export(user, what, region_code, fmt, sum(len(t.rows) for t in tables), **data)
    return tables_response(tables, fmt, filename)


def export_formal(
    user: User,
    what: str,
    region_code: str | None,
    fmt: str,
    tables: list[Table],
    document: PdfDocument,
    filename: str,
    **data: Any,
) -> HttpResponse:
    if fmt not in FORMAL_FORMATS:
        raise Http404
    if fmt == "pdf":
        audit_export(user, what, region_code, fmt, sum(len(t.rows) for t in tables), **data)
        return file_response(pdf_bytes(document), "pdf", filename)
    return export_tables(user, what, region_code, fmt, tables, filename, **data)


def region_crumbs(region: Region | None) -> list[tuple[str, str]]:
    """(code, name) from the country down to the region, for breadcrumbs."""
    crumbs = [("", _("Indonesia"))]
    if region is None:
        return crumbs
    parts = region.chain.split(", ")
    codes = [region.code[:i] for i in (2, 5, 8, 13) if len(region.code) >= i]
    for code, name in zip(codes, reversed(parts), strict=False):
        crumbs.append((code, name))
    return crumbs
