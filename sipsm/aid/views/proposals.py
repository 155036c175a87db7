"""Data update proposals (usulan): list, drafting, evidence, submission, Dinas Sosial's
verification and ratification, and the SIKS-NG sheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.aid import exports
from sipsm.aid import permissions as perms
from sipsm.aid.access import access_entry, access_proposal, proposals_for
from sipsm.aid.actions import proposals as proposal_actions
from sipsm.aid.conf import cycle_of
from sipsm.aid.forms import DecisionForm, EvidenceForm, ProposalForm, RevealForm
from sipsm.aid.models import Proposal
from sipsm.aid.views.common import PAGE_SIZE, flash_invalid, form_error, page_number
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest


@require_GET
def proposal_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not perms.can_read_proposals(user):
        raise PermissionRefused()
    proposals = proposals_for(user).select_related("village", "program")
    status = request.GET.get("status", "")
    if status in Proposal.Status.values:
        proposals = proposals.filter(status=status)
    cycle = request.GET.get("siklus", "")
    if cycle:
        proposals = proposals.filter(cycle=cycle)
    page = Paginator(proposals.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        page_number(request)
    )
    return render(
        request,
        "aid/proposals/list.html",
        {
            "page_obj": page,
            "status": status,
            "cycle": cycle,
            "statuses": Proposal.Status.choices,
            "current_cycle": cycle_of(timezone.localdate()),
            "can_draft": perms.is_coordinator(user) or perms.is_psm(user),
            "can_export": perms.can_export_proposals(user),
            "can_reveal": perms.can_see_identities(user),
            "reveal_form": RevealForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def proposal_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not (perms.is_coordinator(user) or perms.is_psm(user)):
        raise PermissionRefused()
    villages = perms.assigned_villages(user) if perms.is_psm(user) else None
    form = ProposalForm(request.POST or None, villages=villages, scope_code=user.scope_code)
    raw_entry = request.POST.get("entry") or request.GET.get("kpm") or ""
    entry = access_entry(user, int(raw_entry)) if raw_entry.isdigit() else None
    if entry is not None and request.method == "GET":
        form.initial.update(
            {
                "village": entry.village_id,
                "entry": entry.pk,
                "program": entry.program_id,
                "kind": "deceased",
            }
        )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            proposal = proposal_actions.draft_proposal(
                acting_user=user,
                data=proposal_actions.ProposalData(
                    kind=c["kind"],
                    village=c["village"],
                    reason=c["reason"],
                    program=c.get("program"),
                    entry=entry,
                    head_name=c["head_name"],
                    kk=c["kk"],
                    nik=c["nik"],
                    address=c["address"],
                    field_name=c["field_name"],
                    new_value=c["new_value"],
                ),
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            return redirect("aid:proposal", proposal_id=proposal.pk)
    return render(
        request,
        "aid/proposals/form.html",
        {"form": form, "entry": entry},
        status=400 if form.errors else 200,
    )


@require_GET
def proposal_detail(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id)
    return render(
        request,
        "aid/proposals/detail.html",
        {
            "proposal": proposal,
            "can_edit": perms.can_draft_proposal(request.user, proposal.village_id),
            "can_decide": perms.can_verify_proposal(request.user, proposal.village_id),
            "evidence_form": EvidenceForm(),
            "decision_form": DecisionForm(),
        },
    )


def _back(proposal: Proposal) -> HttpResponse:
    return redirect("aid:proposal", proposal_id=proposal.pk)


@require_POST
def proposal_evidence(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        flash_invalid(request, form)
        return _back(proposal)
    c = form.cleaned_data
    try:
        proposal_actions.attach_evidence(
            acting_user=request.user,
            proposal=proposal,
            kind=c["evidence_kind"],
            number=c["evidence_number"],
            day=c["evidence_date"],
            upload=c.get("evidence_file"),
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    return _back(proposal)


def _step(request: AuthenticatedRequest, proposal_id: int, step: str) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if step == "submit":
            proposal_actions.submit_proposal(acting_user=request.user, proposal=proposal)
        elif step == "verify":
            proposal_actions.verify_proposal(acting_user=request.user, proposal=proposal, note=note)
        elif step == "ratify":
            proposal_actions.ratify_proposal(acting_user=request.user, proposal=proposal, note=note)
        else:
            proposal_actions.reject_proposal(acting_user=request.user, proposal=proposal, note=note)
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    return _back(proposal)


@require_POST
def proposal_submit(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    return _step(request, proposal_id, "submit")


@require_POST
def proposal_verify(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    return _step(request, proposal_id, "verify")


@require_POST
def proposal_ratify(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    return _step(request, proposal_id, "ratify")


@require_POST
def proposal_reject(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    return _step(request, proposal_id, "reject")


@require_http_methods(["GET", "POST"])
def proposals_export(request: AuthenticatedRequest) -> HttpResponseBase:
    """Verified and ratified proposals of a cycle, laid out for SIKS-NG entry. GET masks NIK
    and KK; POST with a reason gives them in full to a user who may reveal them."""
    user = request.user
    if not perms.can_export_proposals(user):
        raise PermissionRefused()
    full, reason = False, ""
    if request.method == "POST":
        if not perms.can_see_identities(user):
            raise PermissionRefused()
        reveal = RevealForm(request.POST)
        if not reveal.is_valid():
            return HttpResponseBadRequest(_("Give a reason (at least 5 characters)."))
        full, reason = True, reveal.cleaned_data["reason"]
    cycle = request.GET.get("siklus", "") or cycle_of(timezone.localdate())
    return exports.siks_download(
        user=user, proposals=proposals_for(user), cycle=cycle, full=full, reason=reason
    )
