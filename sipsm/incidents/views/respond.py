"""The page a PSM opens from a call-out message: accept or decline with one tap, then check in
and out on site. The signed link is the credential; no login needed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sipsm.core.errors import ActionError
from sipsm.core.http import AuthenticatedRequest
from sipsm.incidents.actions import dispatch
from sipsm.incidents.links import assignment_from_token, token_for
from sipsm.incidents.models import Assignment


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


@login_not_required
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    assignment = assignment_from_token(token)
    if assignment is None:
        raise Http404
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in {"accept", "decline"}:
                dispatch.respond_to_alert(
                    assignment=assignment, accept=action == "accept", via="link"
                )
            elif action == "check_in":
                dispatch.check_in(
                    assignment=assignment,
                    lat=_float(request.POST.get("lat")),
                    lon=_float(request.POST.get("lon")),
                )
            elif action == "check_out":
                dispatch.check_out(assignment=assignment)
        except ActionError as exc:
            error = str(exc.message)
        else:
            return redirect("incidents:respond", token=token)
    assignment.refresh_from_db()
    return render(
        request,
        "incidents/respond.html",
        {
            "assignment": assignment,
            "incident": assignment.incident,
            "error": error,
            "A": Assignment.Status,
        },
        status=409 if error else 200,
    )


def my_callouts(request: AuthenticatedRequest) -> HttpResponse:
    """A PSM's own call-outs (their account is linked to their member record)."""
    member = getattr(request.user, "member", None)
    assignments = (
        Assignment.objects.filter(member=member)
        .select_related("incident__type", "incident__region")
        .order_by("-alerted_at")[:50]
        if member is not None
        else []
    )
    rows = [(a, token_for(a)) for a in assignments]
    return render(request, "incidents/my_callouts.html", {"rows": rows, "member": member})
