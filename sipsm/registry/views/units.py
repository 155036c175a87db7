"""Unit pages: the IPSM tree, a unit's board and its members."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.accounts.roles import Capability
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.registry.access import access_unit, access_unit_for_management, members_for
from sipsm.registry.actions import units as unit_actions
from sipsm.registry.forms import BoardPositionForm, BoardTermForm
from sipsm.registry.models import BoardPosition, BoardTerm, Member, Unit


@require_GET
def unit_list(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.can(Capability.VIEW_UNITS):
        raise Http404
    units = Unit.objects.visible_to(request.user).select_related("region")
    level = request.GET.get("level", "")
    if level in {"0", "1", "2", "3", "4"}:
        units = units.filter(level=int(level))
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(name__icontains=query)
    page = Paginator(units.order_by("level", "region_id"), 50).get_page(request.GET.get("page"))
    return render(
        request, "registry/units/list.html", {"page_obj": page, "level": level, "query": query}
    )


@require_GET
def unit_detail(request: AuthenticatedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id)
    terms = unit.board_terms.prefetch_related("positions__member")
    current = unit.current_term()
    members_page = None
    if request.user.can(Capability.VIEW_MEMBERS):
        members = members_for(request.user)
        if unit.region_id:
            members = members.filter(
                Q(home_village_id=unit.region_id)
                | Q(home_village__code__startswith=unit.region_id + ".")
            )
        members_page = Paginator(
            members.select_related("home_village").order_by("full_name"), 25
        ).get_page(request.GET.get("page"))
    counts = (
        Member.objects.filter(
            Q(home_village_id=unit.region_id)
            | Q(home_village__code__startswith=(unit.region_id or "") + ".")
        )
        if unit.region_id
        else Member.objects.all()
    ).aggregate(
        active=Count("id", filter=Q(status=Member.Status.ACTIVE)),
        candidates=Count("id", filter=Q(status=Member.Status.CANDIDATE)),
    )
    can_manage = request.user.can(Capability.MANAGE_UNITS) and (
        request.user.covers(unit.region_id) if unit.region_id else request.user.scope_code is None
    )
    return render(
        request,
        "registry/units/detail.html",
        {
            "unit": unit,
            "terms": terms,
            "current": current,
            "page_obj": members_page,
            "children": unit.children.select_related("region").order_by("region_id")[:200],
            "counts": counts,
            "can_manage": can_manage,
            "term_form": BoardTermForm(),
        },
    )


@require_POST
def board_term_create(request: AuthenticatedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit_for_management(request.user, unit_id)
    form = BoardTermForm(request.POST)
    if form.is_valid():
        try:
            unit_actions.create_board_term(acting_user=request.user, unit=unit, **form.cleaned_data)
        except PermissionRefused:
            raise
        except ActionError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Board term added."))
    else:
        messages.error(request, _("Check the years of the term."))
    return redirect("registry:unit_detail", unit_id=unit.pk)


@require_http_methods(["GET", "POST"])
def board_position_create(request: AuthenticatedRequest, term_id: int) -> HttpResponse:
    term = BoardTerm.objects.select_related("unit").filter(pk=term_id).first()
    if term is None:
        raise Http404
    unit = access_unit_for_management(request.user, term.unit_id)
    form = BoardPositionForm(request.POST or None, term=term)
    if request.method == "POST" and form.is_valid():
        try:
            unit_actions.add_board_position(
                acting_user=request.user,
                term=term,
                position=form.cleaned_data["position"],
                member=form.cleaned_data["member_kta"],
                holder_name=form.cleaned_data["holder_name"],
                title=form.cleaned_data["title"],
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form.add_error(exc.field or None, str(exc.message))
        else:
            messages.success(request, _("Position added."))
            return redirect("registry:unit_detail", unit_id=unit.pk)
    return render(
        request,
        "registry/units/position_form.html",
        {"form": form, "term": term, "unit": unit},
        status=400 if form.errors else 200,
    )


@require_POST
def board_position_delete(request: AuthenticatedRequest, position_id: int) -> HttpResponse:
    position = BoardPosition.objects.select_related("term__unit").filter(pk=position_id).first()
    if position is None:
        raise Http404
    unit = access_unit_for_management(request.user, position.term.unit_id)
    unit_actions.remove_board_position(acting_user=request.user, board_position=position)
    messages.success(request, _("Position removed."))
    return redirect("registry:unit_detail", unit_id=unit.pk)
