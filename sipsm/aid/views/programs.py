"""The aid home page, programs and periods, and a period's KPM list (with its export)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.aid import exports
from sipsm.aid import permissions as perms
from sipsm.aid.access import access_period, access_program, entries_for, imports_for, rounds_for
from sipsm.aid.actions import programs as program_actions
from sipsm.aid.forms import (
    EntryFilterForm,
    NumberSearchForm,
    OpenRoundsForm,
    PeriodForm,
    ProgramForm,
    RevealForm,
)
from sipsm.aid.models import KpmEntryQuerySet, Period, Program
from sipsm.aid.views.common import PAGE_SIZE, flash_invalid, form_error, page_number
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.identity.fields import index_for
from sipsm.people.names import name_key


@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    periods = (
        Period.objects.select_related("program")
        .filter(program__active=True)
        .order_by("-starts_on", "id")[:12]
    )
    return render(
        request,
        "aid/home.html",
        {
            "programs": Program.objects.filter(active=True).annotate(n_periods=Count("periods")),
            "periods": periods,
            "can_manage": perms.can_manage_programs(user),
            "can_import": perms.can_import(user),
            "villages": perms.assigned_villages(user),
            "rounds": rounds_for(user)
            .select_related("period__program", "village")
            .filter(status="open")[:10],
        },
    )


@require_http_methods(["GET", "POST"])
def program_create(request: AuthenticatedRequest) -> HttpResponse:
    if not perms.can_manage_programs(request.user):
        raise PermissionRefused()
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = program_actions.create_program(
                acting_user=request.user, data=program_actions.ProgramData(**form.cleaned_data)
            )
        except ActionError as exc:
            form_error(form, exc)
        else:
            return redirect("aid:program", program_id=program.pk)
    return render(
        request, "aid/programs/form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
def program_detail(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = access_program(request.user, program_id)
    return render(
        request,
        "aid/programs/detail.html",
        {
            "program": program,
            "periods": program.periods.order_by("-starts_on"),
            "form": PeriodForm(),
            "can_manage": perms.can_manage_programs(request.user),
        },
    )


@require_POST
def period_create(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = access_program(request.user, program_id)
    if not perms.can_manage_programs(request.user):
        raise PermissionRefused()
    form = PeriodForm(request.POST)
    if not form.is_valid():
        flash_invalid(request, form)
        return redirect("aid:program", program_id=program.pk)
    c = form.cleaned_data
    try:
        period = program_actions.create_period(
            acting_user=request.user,
            program=program,
            label=c["label"],
            starts_on=c["starts_on"],
            ends_on=c["ends_on"],
            amount=c.get("amount"),
        )
    except ActionError as exc:
        messages.error(request, str(exc.message))
        return redirect("aid:program", program_id=program.pk)
    return redirect("aid:period", period_id=period.pk)


def filter_entries(
    request: AuthenticatedRequest, period: Period
) -> tuple[EntryFilterForm, KpmEntryQuerySet]:
    """The period's families the user may read, by village and name (GET filters)."""
    form = EntryFilterForm(request.GET or None)
    entries = entries_for(request.user).filter(period=period)
    if form.is_valid():
        c = form.cleaned_data
        if c.get("village"):
            entries = entries.filter(village=c["village"])
        text = (c.get("q") or "").strip()
        if text:
            entries = entries.filter(pengurus__name_key__contains=name_key(text))
    return form, entries


def _by_number(entries: KpmEntryQuerySet, digits: str) -> KpmEntryQuerySet:
    return entries.filter(
        Q(nik_index=index_for(digits, kind="nik")) | Q(kk_index=index_for(digits, kind="kk"))
    )


@require_http_methods(["GET", "POST"])
def period_detail(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    """The period, its imports and rounds, and its families (GET filters by village and name;
    a NIK/KK search is POSTed, never in the URL, and logged)."""
    period = access_period(request.user, period_id)
    user = request.user
    form, entries = filter_entries(request, period)
    number_form = NumberSearchForm(request.POST if request.method == "POST" else None)
    if number_form.is_bound:
        if not perms.can_read_entries(user):
            raise PermissionRefused()
        entries = (
            _by_number(entries, number_form.cleaned_data["number"])
            if (number_form.is_valid())
            else entries.none()
        )
    page = Paginator(
        entries.select_related("village").order_by("village_id", "pengurus_name", "id"),
        PAGE_SIZE,
    ).get_page(page_number(request))
    if page.object_list:
        record_event(
            actor=user,
            verb="access.aid.list",
            region_code=user.scope_code or "",
            data={
                "period": period.pk,
                "entries": [e.pk for e in page.object_list],
                "search": "number" if number_form.is_bound else "",
            },
        )
    rounds = (
        rounds_for(user).filter(period=period).select_related("village").order_by("village_id")[:50]
    )
    return render(
        request,
        "aid/programs/period.html",
        {
            "period": period,
            "form": form,
            "number_form": number_form,
            "page_obj": page,
            "can_read": perms.can_read_entries(user),
            "can_import": perms.can_import(user),
            "can_export": perms.can_export_list(user),
            "can_reveal": perms.can_see_identities(user),
            "can_manage": perms.can_manage_programs(user),
            "can_open_rounds": perms.is_coordinator(user),
            "imports": imports_for(user).filter(period=period)[:10],
            "rounds": rounds,
            "reveal_form": RevealForm(),
            "open_form": OpenRoundsForm(initial={"region": user.scope_code}),
            "query": request.GET.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
def period_export(request: AuthenticatedRequest, period_id: int, fmt: str) -> HttpResponseBase:
    """GET: personal numbers masked. POST with a reason: in full, for a user who may reveal
    them. Audited either way."""
    period = access_period(request.user, period_id)
    if not perms.can_export_list(request.user):
        raise PermissionRefused()
    if fmt not in exports.LIST_FORMATS:
        raise Http404
    full, reason = False, ""
    if request.method == "POST":
        if not perms.can_see_identities(request.user):
            raise PermissionRefused()
        reveal = RevealForm(request.POST)
        if not reveal.is_valid():
            return HttpResponseBadRequest(_("Give a reason (at least 5 characters)."))
        full, reason = True, reveal.cleaned_data["reason"]
    _form, entries = filter_entries(request, period)
    return exports.list_download(
        user=request.user, period=period, entries=entries, fmt=fmt, full=full, reason=reason
    )
