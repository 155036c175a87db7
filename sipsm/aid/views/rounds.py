"""PSM assignments, distribution rounds, the phone-sized village checklist (each tick one
small htmx request answered with the family's row), bulk marking, closing a round."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.accounts.models import User
from sipsm.aid import permissions as perms
from sipsm.aid.access import (
    CHECKLIST_FILTERS,
    access_assignment,
    access_entry_in_round,
    access_period,
    access_round,
    assignments_for,
    round_entries,
    rounds_for,
)
from sipsm.aid.actions import distribution as distribution_actions
from sipsm.aid.forms import AssignmentForm, BulkTickForm, OpenRoundsForm, TickForm
from sipsm.aid.models import KpmEntry, Mark, Problem, Round, Tick
from sipsm.aid.models.distribution import MARKED
from sipsm.aid.reconciliation import with_figures
from sipsm.aid.views.common import (
    CHECKLIST_PAGE_SIZE,
    PAGE_SIZE,
    flash_invalid,
    form_error,
    page_number,
)
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest


@require_http_methods(["GET", "POST"])
def assignment_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not (perms.is_coordinator(user) or perms.is_psm(user)):
        raise PermissionRefused()
    form = AssignmentForm(request.POST or None, scope_code=user.scope_code)
    if request.method == "POST":
        if not perms.is_coordinator(user):
            raise PermissionRefused()
        if form.is_valid():
            psm = User.objects.filter(username=form.cleaned_data["psm"].strip()).first()
            try:
                if psm is None:
                    raise ActionError(_("No account with this username."), field="psm")
                distribution_actions.assign_psm(
                    acting_user=user, village=form.cleaned_data["village"], psm=psm
                )
            except PermissionRefused:
                raise
            except ActionError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("The PSM is assigned."))
                return redirect("aid:assignments")
    page = Paginator(
        assignments_for(user)
        .active()
        .select_related("psm", "village")
        .order_by("village_id", "psm__username"),
        PAGE_SIZE,
    ).get_page(page_number(request))
    return render(
        request,
        "aid/rounds/assignments.html",
        {"form": form, "page_obj": page, "can_assign": perms.is_coordinator(user)},
        status=400 if form.errors else 200,
    )


@require_POST
def assignment_end(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    assignment = access_assignment(request.user, assignment_id)
    try:
        distribution_actions.end_assignment(acting_user=request.user, assignment=assignment)
    except ActionError as exc:
        messages.error(request, str(exc.message))
    return redirect("aid:assignments")


@require_POST
def rounds_open(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    period = access_period(request.user, period_id)
    if not perms.is_coordinator(request.user):
        raise PermissionRefused()
    form = OpenRoundsForm(request.POST)
    if not form.is_valid():
        flash_invalid(request, form)
        return redirect("aid:period", period_id=period.pk)
    try:
        created = distribution_actions.open_rounds(
            acting_user=request.user, period=period, region=form.cleaned_data["region"]
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("%(n)d rounds opened.") % {"n": len(created)})
    return redirect("aid:period", period_id=period.pk)


@require_GET
def round_list(request: AuthenticatedRequest) -> HttpResponse:
    rounds = with_figures(
        rounds_for(request.user).select_related("period__program", "village")
    ).order_by("-period__starts_on", "village_id", "id")
    page = Paginator(rounds, PAGE_SIZE).get_page(page_number(request))
    return render(request, "aid/rounds/list.html", {"page_obj": page})


def _rows(round_: Round, entries: list[KpmEntry]) -> list[tuple[KpmEntry, Tick | None]]:
    ticks = {t.entry_id: t for t in Tick.objects.filter(round=round_, entry__in=entries)}
    return [(e, ticks.get(e.pk)) for e in entries]


@require_GET
def round_checklist(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    """The village checklist, twenty families a page (small pages for a weak connection)."""
    round_ = access_round(request.user, round_id)
    show = request.GET.get("tampil", "")
    show = show if show in CHECKLIST_FILTERS else ""
    text = request.GET.get("q", "").strip()
    entries = round_entries(round_, show=show, text=text)
    page = Paginator(entries.order_by("pengurus_name", "id"), CHECKLIST_PAGE_SIZE).get_page(
        page_number(request)
    )
    counts = Tick.objects.filter(round=round_).aggregate(
        ticked=Count("id", filter=MARKED), received=Count("id", filter=Q(received_at__isnull=False))
    )
    return render(
        request,
        "aid/rounds/checklist.html",
        {
            "round": round_,
            "page_obj": page,
            "rows": _rows(round_, list(page.object_list)),
            "show": show,
            "q": text,
            "total": entries.count() if (show or text) else page.paginator.count,
            "counts": counts,
            "problems": Problem.choices,
            "marks": Mark,
            "can_close": perms.can_manage_rounds(request.user, round_.village_id)
            and round_.is_open,
        },
    )


@require_POST
def round_tick(request: AuthenticatedRequest, round_id: int, entry_id: int) -> HttpResponse:
    """One tap: record a mark and answer with the family's row (htmx), or go back."""
    round_ = access_round(request.user, round_id)
    entry = access_entry_in_round(round_, entry_id)
    form = TickForm(request.POST, request.FILES)
    error = ""
    if form.is_valid():
        c = form.cleaned_data
        try:
            distribution_actions.mark_family(
                acting_user=request.user,
                round_=round_,
                entry=entry,
                data=distribution_actions.TickData(
                    mark=c["mark"],
                    reason=c["reason"],
                    problem=c["problem"],
                    note=c["note"],
                    undo=c["undo"],
                ),
                photo=c.get("photo"),
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            error = str(exc.message)
    else:
        error = _("The mark is not valid.")
    if request.htmx:
        tick = Tick.objects.filter(round=round_, entry=entry).first()
        return render(
            request,
            "aid/rounds/_family.html",
            {
                "round": round_,
                "entry": entry,
                "tick": tick,
                "error": error,
                "problems": Problem.choices,
                "marks": Mark,
            },
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    return redirect(reverse("aid:round", kwargs={"round_id": round_.pk}) + f"#kpm-{entry.pk}")


@require_POST
def round_bulk(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    round_ = access_round(request.user, round_id)
    ids = list(
        KpmEntry.objects.filter(
            period_id=round_.period_id, village_id=round_.village_id
        ).values_list("id", flat=True)
    )
    form = BulkTickForm(request.POST, entry_ids=ids)
    if not form.is_valid():
        messages.error(request, _("Choose the families and the mark."))
        return redirect("aid:round", round_id=round_.pk)
    entries = list(KpmEntry.objects.filter(pk__in=form.cleaned_data["entries"]))
    try:
        count = distribution_actions.mark_families(
            acting_user=request.user,
            round_=round_,
            entries=entries,
            data=distribution_actions.TickData(mark=form.cleaned_data["mark"]),
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("%(n)d families marked.") % {"n": count})
    return redirect("aid:round", round_id=round_.pk)


@require_POST
def round_close(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    round_ = access_round(request.user, round_id)
    try:
        distribution_actions.close_round(acting_user=request.user, round_=round_)
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    return redirect("aid:reconciliation", round_id=round_.pk)
