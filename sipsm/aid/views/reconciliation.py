"""The reconciliation page of a round (aggregates; names of flagged families only for those
who read the village's families)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sipsm.aid import permissions as perms
from sipsm.aid.access import access_round_figures
from sipsm.aid.models import Complaint, Problem, Proposal
from sipsm.aid.reconciliation import figures_for
from sipsm.core.http import AuthenticatedRequest


@require_GET
def round_reconciliation(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    round_ = access_round_figures(request.user, round_id)
    figures = figures_for(round_)
    names = perms.reads_village(request.user, round_.village_id)
    return render(
        request,
        "aid/rounds/reconciliation.html",
        {
            "round": round_,
            "f": figures,
            "show_names": names,
            "problem_rows": [
                (label, figures.problems.get(key, 0)) for key, label in Problem.choices
            ],
            "complaint_rows": [
                (label, figures.complaints.get(key, 0)) for key, label in Complaint.Category.choices
            ],
            "proposal_rows": [
                (label, figures.proposals.get(key, 0)) for key, label in Proposal.Kind.choices
            ],
        },
    )
