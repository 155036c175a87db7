"""The case list, opening a case, the case file, the worker's "today" list, the approvals
waiting for a supervisor, and the case export.

List filters that name nobody are in the query string; a search by name or case number is
POSTed (htmx answers with the table only), so children's names stay out of URLs."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sipsm.accounts.models import User
from sipsm.accounts.roles import COORDINATORS
from sipsm.cases import rights as child_rights
from sipsm.cases.access import access_case, access_intake, log_case_list, visible_cases
from sipsm.cases.actions import intake as intake_actions
from sipsm.cases.actions.consent_texts import consent_text_in_force
from sipsm.cases.forms import (
    AssessmentForm,
    BasicNeedsForm,
    CaseFilterForm,
    CaseSearchForm,
    ClosureForm,
    CompleteReferralForm,
    ConsentForm,
    DecisionForm,
    GoalForm,
    NoteForm,
    OpenCaseForm,
    ReasonForm,
    RespondForm,
    ResultForm,
    RevealNamesForm,
    ServiceForm,
    ShareForm,
    SupervisorForm,
    TaskForm,
    TransferDecisionForm,
    TransferForm,
)
from sipsm.cases.models import Approval, CaseTask, Intake, Transfer
from sipsm.cases.permissions import (
    can_approve,
    can_export_cases,
    can_work_on,
    is_case_worker_role,
    supervises,
)
from sipsm.cases.views.common import (
    PAGE_SIZE,
    SEARCH_LIMIT,
    case_route,
    case_team,
    form_error,
    user_of,
)
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.people import duplicates
from sipsm.people.access import access_current_person, people_for
from sipsm.people.forms import PersonForm
from sipsm.people.models import LegalBasis
from sipsm.people.names import name_key
from sipsm.people.permissions import can_see_identities
from sipsm.registry.exports import export_cell
from sipsm.registry.models import mask_name


def _require_case_role(request: AuthenticatedRequest) -> None:
    if not is_case_worker_role(request.user):
        raise PermissionRefused(_("Case files are for case workers; partners see aggregates."))


def filter_cases(request: AuthenticatedRequest, data: dict[str, Any]) -> Any:
    cases = visible_cases(request.user)
    if data.get("q"):
        text = str(data["q"]).strip()
        cases = cases.filter(Q(number__iexact=text) | Q(person__name_key__contains=name_key(text)))
    for field in ("status", "stage"):
        if data.get(field):
            cases = cases.filter(**{field: data[field]})
    if data.get("risk"):
        cases = cases.filter(risk_level=data["risk"])
    if data.get("mine"):
        cases = cases.filter(worker=request.user)
    if data.get("warga"):
        cases = cases.filter(person_id=data["warga"])
    return cases


@require_http_methods(["GET", "POST"])
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    """Cases the user may read (GET, with filters); a search by name or number is POSTed.
    The ids listed are logged."""
    _require_case_role(request)
    form = CaseFilterForm(request.GET or None)
    data: dict[str, Any] = dict(form.cleaned_data) if form.is_valid() else {}
    searching = request.method == "POST"
    search = CaseSearchForm(request.POST if searching else None)
    if search.is_valid():
        data["q"] = search.cleaned_data["q"]
    cases = filter_cases(request, data).select_related("person", "village", "worker")
    page = Paginator(
        cases.order_by("-opened_at", "-id"), SEARCH_LIMIT if searching else PAGE_SIZE
    ).get_page(1 if searching else request.GET.get("page"))
    if page.object_list:
        record_event(
            actor=request.user,
            verb="access.case.list",
            region_code=request.user.scope_code or "",
            data={"cases": [c.pk for c in page.object_list]},
        )
    user = request.user
    return render(
        request,
        "cases/_table.html" if request.htmx else "cases/list.html",
        {
            "form": form,
            "search": search,
            "searching": searching,
            "page_obj": page,
            "can_export": can_export_cases(user),
            "can_export_names": can_export_cases(user) and can_see_identities(user),
            "reveal_form": RevealNamesForm(),
        },
    )


def _intake_initial(intake: Intake) -> tuple[dict[str, Any], dict[str, Any]]:
    person = {
        "full_name": intake.about_name,
        "sex": intake.about_sex,
        "age_years": intake.about_age,
        "village": intake.village_id,
        "address": intake.location_text,
    }
    case = {
        "case_village": intake.village_id,
        "summary": intake.description,
        "ppks": [intake.category] if intake.category else [],
    }
    return person, case


@require_http_methods(["GET", "POST"])
def case_create(request: AuthenticatedRequest) -> HttpResponse:
    """Open a case: for a registered person (?warga=<id>), from a public referral
    (?laporan=<id>), or registering the person at the same time."""
    _require_case_role(request)
    user = request.user
    raw_person = request.POST.get("person_id") or request.GET.get("warga") or ""
    person = access_current_person(user, int(raw_person)) if raw_person.isdigit() else None
    raw_intake = request.POST.get("intake_id") or request.GET.get("laporan") or ""
    intake = access_intake(user, int(raw_intake)) if raw_intake.isdigit() else None
    home = user.scope_code if user.role == "village_psm" else None
    person_initial: dict[str, Any] = {"village": home}
    case_initial: dict[str, Any] = {"case_village": person.village_id if person else home}
    if intake is not None:
        person_initial, case_initial = _intake_initial(intake)
    data = request.POST or None
    person_form = (
        None
        if person
        else PersonForm(data, scope_code=user.scope_code, initial=person_initial, user=user)
    )
    case_form = OpenCaseForm(data, scope_code=user.scope_code, initial=case_initial, user=user)
    matches: list[duplicates.Match] = []
    valid = case_form.is_valid() and (person_form is None or person_form.is_valid())
    if request.method == "POST" and valid:
        c = case_form.cleaned_data
        case_data = intake_actions.CaseData(
            village=c["case_village"],
            summary=c["summary"],
            ppks=list(c["ppks"]),
            legal_basis=c.get("legal_basis") or LegalBasis.PUBLIC_TASK,
        )
        try:
            if person is not None:
                case = intake_actions.open_case(
                    acting_user=user, person=person, data=case_data, intake=intake
                )
            else:
                assert person_form is not None
                person_data = person_form.to_person_data()
                matches = duplicates.find_matches(
                    duplicates.Probe.of_data(person_data),
                    among=people_for(user),
                )
                if matches and not request.POST.get("confirm_new"):
                    raise _ShowMatches
                case = intake_actions.open_case_for_new_person(
                    acting_user=user, person_data=person_data, data=case_data, intake=intake
                )
        except _ShowMatches:
            pass
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(
                person_form if person_form and exc.field in person_form.fields else case_form, exc
            )
        else:
            messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/create.html",
        {
            "person": person,
            "intake": intake,
            "person_form": person_form,
            "case_form": case_form,
            "matches": matches,
        },
        status=400 if case_form.errors or (person_form and person_form.errors) else 200,
    )


class _ShowMatches(Exception):
    """Possible duplicates were found: show them before registering a new person."""


@case_route
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case file. Every read is logged (access_case)."""
    case = access_case(user_of(request), case_id)
    user = request.user
    assert isinstance(user, User)
    work = can_work_on(user, case)
    approve = can_approve(user, case)
    assessment = case.assessments.select_related("assessed_by").first()
    context: dict[str, Any] = {
        "case": case,
        "person": case.person,
        "age": case.person.age,
        "can_work": work and not case.is_closed,
        "can_approve": approve,
        "is_supervisor": supervises(user, case),
        "is_coordinator": user.role in COORDINATORS,
        "assessment": assessment,
        "needs": assessment.needs.all() if assessment else [],
        "assessments": case.assessments.all()[1:],
        "goals": case.goals.all(),
        "tasks": case.tasks.select_related("responsible", "goal"),
        "services": case.services.select_related("provider"),
        "referrals": case.referrals.select_related("provider", "sent_by"),
        "consents": case.consents.select_related("consent_text"),
        "notes": case.notes.select_related("written_by"),
        "approvals": case.approvals.select_related("requested_by", "decided_by"),
        "transfers": case.transfers.select_related("to_worker", "to_village"),
        "shares": case.shares.filter(revoked_at__isnull=True).select_related("user"),
        "basic_needs": case.basic_needs_met.all(),
        "rights": child_rights.current_rights(list(case.rights.all())) if case.is_child else [],
        "user_id": user.pk,
    }
    if work and not case.is_closed:
        context.update(
            assessment_form=AssessmentForm(),
            goal_form=GoalForm(),
            task_form=TaskForm(case=case, people=case_team(case)),
            result_form=ResultForm(),
            service_form=ServiceForm(),
            note_form=NoteForm(),
            consent_form=ConsentForm(initial={"given_by": "guardian"} if case.is_child else None),
            consent_text=consent_text_in_force(),
            respond_form=RespondForm(),
            complete_form=CompleteReferralForm(),
            reason_form=ReasonForm(),
            basic_needs_form=BasicNeedsForm(),
            closure_form=ClosureForm(),
            transfer_form=TransferForm(),
            share_form=ShareForm(),
            supervisor_form=SupervisorForm(),
        )
    context["decision_form"] = DecisionForm()
    context["transfer_decision_form"] = TransferDecisionForm()
    return render(request, "cases/detail.html", context)


@require_GET
def today(request: AuthenticatedRequest) -> HttpResponse:
    """What is due today or overdue for the user, what was escalated to them, the approvals
    and transfers waiting on them."""
    _require_case_role(request)
    user = request.user
    day = timezone.localdate()
    tasks = (
        CaseTask.objects.filter(status=CaseTask.Status.OPEN, case__in=visible_cases(user))
        .filter(Q(responsible=user, due_on__lte=day) | Q(escalated_to=user))
        .select_related("case", "case__person", "responsible")
        .order_by("due_on", "id")[:200]
    )
    pending = (
        Approval.objects.filter(status=Approval.Status.PENDING, case__in=visible_cases(user))
        .exclude(case__worker=user)
        .select_related("case", "case__person", "requested_by")
        .order_by("requested_at")[:100]
    )
    approvals = [a for a in pending if can_approve(user, a.case)]
    transfers = (
        Transfer.objects.filter(status=Transfer.Status.PENDING, to_worker=user)
        .select_related("case", "case__person", "requested_by")
        .order_by("requested_at")
    )
    upcoming = (
        CaseTask.objects.filter(
            status=CaseTask.Status.OPEN,
            responsible=user,
            due_on__gt=day,
            case__in=visible_cases(user),
        )
        .select_related("case", "case__person")
        .order_by("due_on", "id")[:20]
    )
    shown = [
        *(t.case_id for t in tasks),
        *(a.case_id for a in approvals),
        *(t.case_id for t in transfers),
        *(t.case_id for t in upcoming),
    ]
    log_case_list(user, shown, list="today")
    return render(
        request,
        "cases/today.html",
        {
            "day": day,
            "tasks": tasks,
            "approvals": approvals,
            "transfers": transfers,
            "upcoming": upcoming,
        },
    )


@require_GET
def approval_list(request: AuthenticatedRequest) -> HttpResponse:
    """Approvals waiting for a supervisor in the user's area."""
    _require_case_role(request)
    user = request.user
    pending = (
        Approval.objects.filter(status=Approval.Status.PENDING, case__in=visible_cases(user))
        .exclude(case__worker=user)
        .select_related("case", "case__person", "case__village", "requested_by")
        .order_by("requested_at")
    )
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    log_case_list(user, (a.case_id for a in page.object_list), list="approvals")
    return render(request, "cases/approvals.html", {"page_obj": page})


EXPORT_HEADER = [
    "nomor_kasus",
    "nama",
    "anak",
    "kode_desa",
    "status",
    "tahap",
    "risiko",
    "pekerja",
    "dibuka",
    "ditutup",
    "alasan_tutup",
]


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_http_methods(["GET", "POST"])
def case_export(request: AuthenticatedRequest) -> HttpResponseBase:
    """The cases the coordinator may read, as CSV, without narratives. GET: names masked.
    POST with a reason: full names, for a user who may see identities. Audited with the
    number of rows (and the reason)."""
    user = request.user
    if not can_export_cases(user):
        raise PermissionRefused()
    full, reason = False, ""
    if request.method == "POST":
        if not can_see_identities(user):
            raise PermissionRefused()
        reveal = RevealNamesForm(request.POST)
        if not reveal.is_valid():
            return HttpResponseBadRequest(_("Give a reason (at least 5 characters)."))
        full, reason = True, reveal.cleaned_data["reason"]
    form = CaseFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise Http404
    data = form.cleaned_data if form.is_bound else {}
    cases = filter_cases(request, data).select_related("person", "worker").order_by("pk")
    record_event(
        actor=user,
        verb="case.export",
        region_code=user.scope_code or "",
        data={
            "rows": cases.count(),
            "names": "full" if full else "masked",
            **({"reason": reason[:300]} if full else {}),
        },
    )
    writer = csv.writer(_Echo())

    def lines() -> Any:
        yield "\ufeff" + writer.writerow(EXPORT_HEADER)
        for case in cases.iterator(chunk_size=500):
            name = case.person.full_name if full else mask_name(case.person.full_name)
            row = [
                case.number,
                name,
                "ya" if case.is_child else "tidak",
                case.village_id,
                case.status,
                case.stage,
                case.risk_level,
                case.worker.username,
                timezone.localtime(case.opened_at).date().isoformat(),
                timezone.localtime(case.closed_at).date().isoformat() if case.closed_at else "",
                case.closure_reason,
            ]
            yield writer.writerow([export_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="kasus-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
