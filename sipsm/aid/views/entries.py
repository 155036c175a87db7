"""One family on a list (masked), and revealing its numbers for a reason."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from sipsm.aid import permissions as perms
from sipsm.aid.access import access_entry, reveal_identity
from sipsm.aid.forms import RevealForm
from sipsm.aid.models import Tick
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest


@require_GET
def entry_detail(request: AuthenticatedRequest, entry_id: int) -> HttpResponse:
    entry = access_entry(request.user, entry_id)
    record_event(
        actor=request.user, verb="access.aid.entry", target=entry, region_code=entry.village_id
    )
    ticks = Tick.objects.filter(entry=entry).select_related("round__period").order_by("-marked_at")
    return render(
        request,
        "aid/entries/detail.html",
        {
            "entry": entry,
            "ticks": ticks,
            "members": entry.household.members.filter(until__isnull=True).select_related("person"),
            "can_reveal": perms.can_reveal(request.user, entry.village_id),
            "reveal_form": RevealForm(),
        },
    )


@require_POST
def entry_reveal(request: AuthenticatedRequest, entry_id: int) -> HttpResponse:
    entry = access_entry(request.user, entry_id)
    try:
        revealed = reveal_identity(request.user, entry, reason=request.POST.get("reason", ""))
    except PermissionRefused:
        raise
    except ActionError as exc:
        return render(request, "aid/entries/_identity.html", {"entry": entry, "error": exc.message})
    return render(request, "aid/entries/_identity.html", {"entry": entry, "revealed": revealed})
