"""The training-needs view: villages without a PSM with Bimtek dasar; skills missing per
district. Aggregates only, within the user's area."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sipsm.core.http import AuthenticatedRequest
from sipsm.regions import codes
from sipsm.training import needs
from sipsm.training.forms import NeedsFilterForm
from sipsm.training.permissions import can_see_catalogue


def needs_scope(user_scope: str | None, wanted: str) -> str | None:
    """The area to show: the one asked for when it lies in the user's area, else theirs."""
    if not wanted:
        return user_scope
    try:
        code = codes.normalize(wanted)
    except codes.InvalidRegionCode:
        return user_scope
    return code if codes.is_within(code, user_scope) else user_scope


@require_GET
def training_needs(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not can_see_catalogue(user):
        raise Http404
    form = NeedsFilterForm(request.GET or None)
    wanted = form.cleaned_data["wilayah"] if form.is_valid() else ""
    scope = needs_scope(user.scope_code, wanted)
    villages = Paginator(needs.villages_without_bimtek(scope), 50).get_page(request.GET.get("desa"))
    districts = Paginator(needs.districts(scope), 25).get_page(request.GET.get("kec"))
    return render(
        request,
        "training/needs.html",
        {
            "form": form,
            "scope": scope,
            "villages": villages,
            "gaps": needs.skill_gaps(list(districts)),
            "districts": districts,
        },
    )
