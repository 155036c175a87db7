"""Programs, periods, KPM list imports and the families on the lists, in the API. Same
access functions and actions as the pages; personal numbers only ever masked, except through
/reveal (reason required, audited, limited per day)."""

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.aid import exports
from sipsm.aid import permissions as perms
from sipsm.aid.access import (
    access_entry,
    access_import,
    access_period,
    access_program,
    entries_for,
    imports_for,
    reveal_identity,
)
from sipsm.aid.actions import imports as import_actions
from sipsm.aid.actions import programs as program_actions
from sipsm.aid.models import KpmEntry, KpmImport, KpmImportProblem, Period, Program
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.identity.fields import index_for
from sipsm.identity.nik import normalize
from sipsm.people.names import name_key

router = Router()


class ProgramOut(Schema):
    id: int
    code: str
    name: str
    scheme: str
    kind: str
    channel: str
    cadence: str
    amount: int
    active: bool


class ProgramIn(Schema):
    code: str = Field(..., pattern=r"^[-a-z0-9_]{1,40}$")
    name: str = Field(..., min_length=1, max_length=150)
    scheme: str
    kind: str
    channel: str
    cadence: str
    amount: int = Field(..., ge=0)
    description: str = Field("", max_length=4000)


class PeriodOut(Schema):
    id: int
    program_id: int
    label: str
    starts_on: dt.date
    ends_on: dt.date
    amount: int
    status: str


class PeriodIn(Schema):
    label: str = Field(..., min_length=1, max_length=60)
    starts_on: dt.date
    ends_on: dt.date
    amount: int | None = Field(None, ge=0)


class ImportOut(Schema):
    id: int
    period_id: int
    filename: str
    status: str
    header: list[str]
    mapping: dict[str, int]
    size_bytes: int
    percent: int
    rows_read: int
    created_count: int
    updated_count: int
    unchanged_count: int
    rejected_count: int
    warning_count: int
    next_row: int
    resumed_count: int
    resumed_from: list[int]
    file_error: str


class MappingIn(Schema):
    mapping: dict[str, int] = Field(..., description="field name -> column index (0-based)")


class ProblemOut(Schema):
    row: int
    column: str
    severity: str
    message: str


class EntryOut(Schema):
    id: int
    period_id: int
    program_id: int
    village_code: str = Field(..., alias="village_id")
    household_id: int
    pengurus_id: int
    pengurus_name: str
    head_name: str
    other_members: str
    nik_masked: str
    kk_masked: str
    kks_masked: str
    account_masked: str
    mother_masked: str
    membership_status: str
    dtks_id: str
    pkh_number: str
    pkh_status: str
    desil: int | None

    @staticmethod
    def resolve_nik_masked(obj: KpmEntry) -> str:
        return obj.pengurus.nik_masked

    @staticmethod
    def resolve_kk_masked(obj: KpmEntry) -> str:
        return obj.household.kk_masked


class EntryFilters(Schema):
    village: str = ""
    q: str = ""


class ExportIn(Schema):
    reason: str = Field(..., min_length=5, max_length=300)
    village: str = ""
    q: str = ""


class FindIn(Schema):
    number: str = Field(..., min_length=16, max_length=24, description="A NIK or KK number")
    period_id: int | None = None


class RevealIn(Schema):
    reason: str = Field(..., min_length=5, max_length=300)


class IdentityOut(Schema):
    nik: str
    kk: str
    kks_number: str
    account_number: str
    mother_maiden_name: str


@router.get("/aid/programs", response=list[ProgramOut], summary="Aid programs")
def list_programs(request: HttpRequest) -> Any:
    if not perms.can_see_programs(api_user(request)):
        raise PermissionRefused()
    return Program.objects.order_by("name", "id")


@router.post("/aid/programs", response={201: ProgramOut}, summary="Define a program")
def create_program(request: HttpRequest, payload: ProgramIn) -> Status[Program]:
    for name, choices in (
        ("scheme", Program.Scheme.values),
        ("kind", Program.Kind.values),
        ("channel", Program.Channel.values),
        ("cadence", Program.Cadence.values),
    ):
        if getattr(payload, name) not in choices:
            raise ActionError(_("Unknown value."), field=name)
    program = program_actions.create_program(
        acting_user=api_user(request), data=program_actions.ProgramData(**payload.model_dump())
    )
    return Status(201, program)


@router.get("/aid/programs/{program_id}", response=ProgramOut, summary="One program")
def get_program(request: HttpRequest, program_id: int) -> Program:
    return access_program(api_user(request), program_id)


@router.get("/aid/programs/{program_id}/periods", response=list[PeriodOut], summary="Periods")
def list_periods(request: HttpRequest, program_id: int) -> Any:
    program = access_program(api_user(request), program_id)
    return program.periods.order_by("-starts_on")


@router.post(
    "/aid/programs/{program_id}/periods", response={201: PeriodOut}, summary="Add a period"
)
def create_period(request: HttpRequest, program_id: int, payload: PeriodIn) -> Status[Period]:
    user = api_user(request)
    program = access_program(user, program_id)
    period = program_actions.create_period(
        acting_user=user, program=program, **payload.model_dump()
    )
    return Status(201, period)


@router.post(
    "/aid/periods/{period_id}/imports",
    response={201: ImportOut},
    summary="Upload a KPM list (CSV/XLSX); the columns are guessed, confirm them next",
)
def upload_list(
    request: HttpRequest, period_id: int, file: File[UploadedFile]
) -> Status[KpmImport]:
    user = api_user(request)
    period = access_period(user, period_id)
    run = import_actions.upload_kpm_list(acting_user=user, period=period, upload=file)
    return Status(201, run)


@router.get(
    "/aid/imports/template",
    response={200: None},
    summary="An empty KPM list (CSV) with the guideline's column names",
)
def import_template(request: HttpRequest) -> HttpResponse:
    if not perms.can_import(api_user(request)):
        raise PermissionRefused()
    return exports.template_download()


@router.get(
    "/aid/periods/{period_id}/imports",
    response=list[ImportOut],
    summary="Your imports into a period, newest first",
)
def list_imports(request: HttpRequest, period_id: int) -> Any:
    user = api_user(request)
    period = access_period(user, period_id)
    if not perms.can_import(user):
        raise PermissionRefused()
    return imports_for(user).filter(period=period).order_by("-created_at", "-id")[:50]


@router.get("/aid/imports/{import_id}", response=ImportOut, summary="An import and its progress")
def get_import(request: HttpRequest, import_id: int) -> KpmImport:
    return access_import(api_user(request), import_id)


@router.post("/aid/imports/{import_id}/confirm", response=ImportOut, summary="Start an import")
def confirm_import(request: HttpRequest, import_id: int, payload: MappingIn) -> KpmImport:
    user = api_user(request)
    run = access_import(user, import_id)
    return import_actions.confirm_import(acting_user=user, kpm_import=run, mapping=payload.mapping)


@router.post(
    "/aid/imports/{import_id}/resume", response=ImportOut, summary="Resume a stalled import"
)
def resume_import(request: HttpRequest, import_id: int) -> KpmImport:
    user = api_user(request)
    run = access_import(user, import_id)
    return import_actions.requeue_import(acting_user=user, kpm_import=run)


@router.get("/aid/imports/{import_id}/problems", response=list[ProblemOut], summary="Row report")
@paginate(PageNumberPagination, page_size=100)
def import_problems(request: HttpRequest, import_id: int) -> Any:
    run = access_import(api_user(request), import_id)
    return KpmImportProblem.objects.filter(kpm_import=run).order_by("row", "id")


def _filtered(user: Any, period: Period, filters: EntryFilters) -> Any:
    entries = entries_for(user).filter(period=period)
    if filters.village:
        entries = entries.filter(village_id=filters.village)
    text = filters.q.strip()
    if text:
        entries = entries.filter(pengurus__name_key__contains=name_key(text))
    return entries.select_related("pengurus", "household").order_by(
        "village_id", "pengurus_name", "id"
    )


@router.get(
    "/aid/periods/{period_id}/entries", response=list[EntryOut], summary="Families on a list"
)
@paginate(PageNumberPagination, page_size=50)
def list_entries(request: HttpRequest, period_id: int, filters: Query[EntryFilters]) -> Any:
    user = api_user(request)
    period = access_period(user, period_id)
    if not perms.can_read_entries(user):
        raise PermissionRefused()
    return _filtered(user, period, filters)


def _exporter(request: HttpRequest, period_id: int, fmt: str) -> tuple[Any, Period]:
    user = api_user(request)
    period = access_period(user, period_id)
    if not perms.can_export_list(user):
        raise PermissionRefused()
    if fmt not in exports.LIST_FORMATS:
        raise Http404
    return user, period


@router.get(
    "/aid/periods/{period_id}/export.{fmt}",
    response={200: None},
    summary="The KPM list of a period as CSV or XLSX (personal numbers masked; audited)",
)
def export_list(
    request: HttpRequest, period_id: int, fmt: str, filters: Query[EntryFilters]
) -> HttpResponseBase:
    user, period = _exporter(request, period_id, fmt)
    return exports.list_download(
        user=user, period=period, entries=_filtered(user, period, filters), fmt=fmt, full=False
    )


@router.post(
    "/aid/periods/{period_id}/export.{fmt}",
    response={200: None},
    summary="The KPM list with NIK, KK, KKS, account numbers in full (reason; audited)",
)
def export_list_full(
    request: HttpRequest, period_id: int, fmt: str, payload: ExportIn
) -> HttpResponseBase:
    user, period = _exporter(request, period_id, fmt)
    if not perms.can_see_identities(user):
        raise PermissionRefused()
    filters = EntryFilters(village=payload.village, q=payload.q)
    return exports.list_download(
        user=user,
        period=period,
        entries=_filtered(user, period, filters),
        fmt=fmt,
        full=True,
        reason=payload.reason,
    )


@router.post(
    "/aid/entries/find",
    response=list[EntryOut],
    summary="Find families by NIK or KK (in the body, never in the URL)",
)
def find_entries(request: HttpRequest, payload: FindIn) -> Any:
    user = api_user(request)
    if not perms.can_read_entries(user):
        raise PermissionRefused()
    digits = normalize(payload.number)
    entries = entries_for(user).filter(
        Q(nik_index=index_for(digits, kind="nik")) | Q(kk_index=index_for(digits, kind="kk"))
    )
    if payload.period_id:
        entries = entries.filter(period_id=payload.period_id)
    return list(
        entries.select_related("pengurus", "household").order_by("-period__starts_on", "id")[:50]
    )


@router.get("/aid/entries/{entry_id}", response=EntryOut, summary="One family on a list")
def get_entry(request: HttpRequest, entry_id: int) -> KpmEntry:
    return access_entry(api_user(request), entry_id)


@router.post(
    "/aid/entries/{entry_id}/reveal",
    response=IdentityOut,
    summary="Full NIK, KK, KKS, account number and mother's maiden name (reason; audited)",
)
def reveal_entry(request: HttpRequest, entry_id: int, payload: RevealIn) -> dict[str, str]:
    user = api_user(request)
    entry = access_entry(user, entry_id)
    return reveal_identity(user, entry, reason=payload.reason)
