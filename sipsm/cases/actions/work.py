"""The work on an open case: assessment, plan (goals and tasks), services, notes, the
named supervisor, and the SPM "basic needs met" event.

A high-risk assessment asks a supervisor to review the case (when configured, see
`permissions.approval_required`); the review can only be approved once the plan is submitted,
and the case cannot be closed while it is pending.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import COORDINATORS
from sipsm.cases.actions.common import (
    advance,
    clean_text,
    event,
    locked,
    require_not_closed,
    require_not_future,
    require_open,
    require_work,
    touch,
)
from sipsm.cases.models import (
    Approval,
    Assessment,
    AssessmentNeed,
    BasicNeedsMet,
    Case,
    CaseNote,
    CaseTask,
    Goal,
    NeedDomain,
    NeedLevel,
    Risk,
    Service,
    ServiceKind,
    ServiceProvider,
    SpmSetting,
)
from sipsm.cases.permissions import approval_required, can_work_on, is_case_worker_role, supervises
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.people.models import WelfareCategory


@dataclass
class NeedData:
    level: str
    note: str = ""


@dataclass
class AssessmentData:
    risk_level: str
    assessed_on: dt.date
    narrative: str = ""
    needs: dict[str, NeedData] = field(default_factory=dict)
    spm_group: str = ""
    spm_setting: str = ""


def _validate_assessment(data: AssessmentData) -> None:
    if data.risk_level not in Risk.values:
        raise ActionError(_("Choose a risk level."), field="risk_level")
    require_not_future(data.assessed_on, "assessed_on")
    for domain, need in data.needs.items():
        if domain not in NeedDomain.values:
            raise ActionError(_("Unknown need domain."), field="needs")
        if need.level not in NeedLevel.values:
            raise ActionError(_("Unknown need level."), field=f"need_{domain}")
    if data.spm_group and data.spm_group not in WelfareCategory.SpmGroup.values:
        raise ActionError(_("Unknown SPM group."), field="spm_group")
    if data.spm_setting and data.spm_setting not in SpmSetting.values:
        raise ActionError(_("Unknown setting."), field="spm_setting")
    if bool(data.spm_group) != bool(data.spm_setting):
        raise ActionError(
            _("Give both the SPM group and where the service is given, or neither."),
            field="spm_setting",
        )


@transaction.atomic
def record_assessment(*, acting_user: User, case: Case, data: AssessmentData) -> Assessment:
    require_work(acting_user, case)
    _validate_assessment(data)
    case = locked(case)
    require_open(case)
    assessment = Assessment.objects.create(
        case=case,
        assessed_on=data.assessed_on,
        risk_level=data.risk_level,
        narrative=clean_text(data.narrative),
        spm_group=data.spm_group,
        spm_setting=data.spm_setting,
        assessed_by=acting_user,
    )
    AssessmentNeed.objects.bulk_create(
        AssessmentNeed(
            assessment=assessment, domain=domain, level=need.level, note=clean_text(need.note)
        )
        for domain, need in data.needs.items()
    )
    previous_risk = case.risk_level
    case.risk_level = data.risk_level
    case.save(update_fields=["risk_level"])
    advance(case, Case.Stage.ASSESSED)
    review = None
    if (
        data.risk_level == Risk.HIGH
        and approval_required("high_risk")
        and not case.approvals.filter(kind=Approval.Kind.HIGH_RISK, status="pending").exists()
    ):
        review = Approval.objects.create(
            case=case, kind=Approval.Kind.HIGH_RISK, requested_by=acting_user
        )
    event(
        acting_user,
        "case.assess",
        case,
        assessment=assessment.pk,
        risk=[previous_risk, data.risk_level],
        needs={d: n.level for d, n in data.needs.items()},
        spm_group=data.spm_group,
        review=review.pk if review else None,
    )
    return assessment


@transaction.atomic
def add_goal(*, acting_user: User, case: Case, description: str, domain: str = "") -> Goal:
    require_work(acting_user, case)
    if not clean_text(description):
        raise ActionError(_("Describe the goal."), field="description")
    if domain and domain not in NeedDomain.values:
        raise ActionError(_("Unknown need domain."), field="domain")
    case = locked(case)
    require_open(case)
    goal = Goal.objects.create(
        case=case, domain=domain, description=clean_text(description), created_by=acting_user
    )
    touch(case)
    event(acting_user, "case.goal.add", case, goal=goal.pk, domain=domain)
    return goal


@transaction.atomic
def set_goal_status(*, acting_user: User, goal: Goal, status: str) -> Goal:
    case = goal.case
    require_work(acting_user, case)
    if status not in Goal.Status.values:
        raise ActionError(_("Unknown status."), field="status")
    require_not_closed(case)
    before = goal.status
    goal.status = status
    goal.save(update_fields=["status"])
    event(acting_user, "case.goal.status", case, goal=goal.pk, status=[before, status])
    return goal


@transaction.atomic
def add_task(
    *,
    acting_user: User,
    case: Case,
    kind: str,
    title: str,
    due_on: dt.date,
    responsible: User,
    goal: Goal | None = None,
) -> CaseTask:
    """A plan action or a follow-up, due on a day, for the worker or a supervisor."""
    require_work(acting_user, case)
    if kind not in CaseTask.Kind.values:
        raise ActionError(_("Unknown kind of task."), field="kind")
    if not clean_text(title):
        raise ActionError(_("Say what is to be done."), field="title")
    if due_on < timezone.localdate():
        raise ActionError(_("The due date has passed."), field="due_on")
    if not can_work_on(responsible, case):
        raise ActionError(
            _("The responsible person must be the worker or a supervisor of the case."),
            field="responsible",
        )
    if goal is not None and goal.case_id != case.pk:
        raise ActionError(_("This goal belongs to another case."), field="goal")
    case = locked(case)
    require_open(case)
    task = CaseTask.objects.create(
        case=case,
        kind=kind,
        goal=goal,
        title=clean_text(title, 500),
        due_on=due_on,
        responsible=responsible,
        created_by=acting_user,
    )
    touch(case)
    event(
        acting_user,
        "case.task.add",
        case,
        task=task.pk,
        kind=kind,
        due_on=due_on,
        responsible=responsible.pk,
    )
    return task


@transaction.atomic
def complete_task(*, acting_user: User, task: CaseTask, result: str) -> CaseTask:
    """Mark a task done; a follow-up needs its result (what was found on the visit)."""
    case = task.case
    require_work(acting_user, case)
    task = CaseTask.objects.select_for_update().get(pk=task.pk)
    if task.status != CaseTask.Status.OPEN:
        raise Conflict(_("This task is not open."), code="not_open")
    require_not_closed(case)
    if task.kind == CaseTask.Kind.FOLLOW_UP and not clean_text(result):
        raise ActionError(_("Write what the follow-up found."), field="result")
    task.status = CaseTask.Status.DONE
    task.result = clean_text(result)
    task.completed_at = timezone.now()
    task.completed_by = acting_user
    task.save(update_fields=["status", "result", "completed_at", "completed_by"])
    touch(case)
    event(acting_user, "case.task.complete", case, task=task.pk, late=task.is_overdue)
    return task


@transaction.atomic
def submit_plan(*, acting_user: User, case: Case) -> Case:
    """The case plan (goals with actions, due dates and responsible people) is ready."""
    require_work(acting_user, case)
    case = locked(case)
    require_open(case)
    if not case.stage_at_least(Case.Stage.ASSESSED):
        raise Conflict(_("Assess the case before planning."), code="not_assessed")
    if not case.goals.filter(status=Goal.Status.OPEN).exists():
        raise ActionError(_("Add at least one goal to the plan."), code="no_goal")
    if not case.tasks.filter(kind=CaseTask.Kind.ACTION, status=CaseTask.Status.OPEN).exists():
        raise ActionError(_("Add at least one action with a due date."), code="no_action")
    moved = advance(case, Case.Stage.PLANNED)
    event(
        acting_user,
        "case.plan.submit",
        case,
        goals=case.goals.count(),
        actions=case.tasks.filter(kind=CaseTask.Kind.ACTION).count(),
        first=moved,
    )
    return case


@transaction.atomic
def record_service(
    *,
    acting_user: User,
    case: Case,
    kind: str,
    delivered_on: dt.date,
    description: str = "",
    provider: ServiceProvider | None = None,
) -> Service:
    require_work(acting_user, case)
    if kind not in ServiceKind.values:
        raise ActionError(_("Unknown service."), field="kind")
    require_not_future(delivered_on, "delivered_on")
    case = locked(case)
    require_open(case)
    service = Service.objects.create(
        case=case,
        kind=kind,
        delivered_on=delivered_on,
        provider=provider,
        description=clean_text(description),
        recorded_by=acting_user,
    )
    advance(case, Case.Stage.IN_SERVICE)
    touch(case)
    event(
        acting_user,
        "case.service.record",
        case,
        service=service.pk,
        kind=kind,
        provider=provider.pk if provider else None,
    )
    return service


@transaction.atomic
def add_note(*, acting_user: User, case: Case, kind: str, on: dt.date, text: str) -> CaseNote:
    require_work(acting_user, case)
    if kind not in CaseNote.Kind.values:
        raise ActionError(_("Unknown kind of note."), field="kind")
    if not clean_text(text):
        raise ActionError(_("The note is empty."), field="text")
    require_not_future(on, "on")
    require_not_closed(case)
    note = CaseNote.objects.create(
        case=case, kind=kind, on=on, text=clean_text(text), written_by=acting_user
    )
    touch(case)
    event(acting_user, "case.note.add", case, note=note.pk, kind=kind)
    return note


@transaction.atomic
def record_basic_needs_met(
    *, acting_user: User, case: Case, met_on: dt.date, note: str = ""
) -> BasicNeedsMet:
    """Record that the person's basic needs were met, for the SPM group and setting of the
    latest assessment (the SPM numerator, see `sipsm.cases.spm`)."""
    require_work(acting_user, case)
    require_not_future(met_on, "met_on")
    require_not_closed(case)
    assessment = case.assessments.exclude(spm_group="").order_by("-assessed_on", "-id").first()
    if assessment is None:
        raise Conflict(_("Record an assessment with an SPM group first."), code="no_spm_assessment")
    if met_on < assessment.assessed_on:
        raise ActionError(_("The date is before the assessment."), field="met_on")
    if BasicNeedsMet.objects.filter(
        case=case, spm_group=assessment.spm_group, met_on__year=met_on.year
    ).exists():
        raise Conflict(_("This was already recorded for this year."), code="already_met")
    record = BasicNeedsMet.objects.create(
        case=case,
        spm_group=assessment.spm_group,
        spm_setting=assessment.spm_setting,
        met_on=met_on,
        note=clean_text(note),
        recorded_by=acting_user,
    )
    event(
        acting_user,
        "case.basic_needs_met",
        case,
        spm_group=record.spm_group,
        setting=record.spm_setting,
        met_on=met_on,
    )
    return record


@transaction.atomic
def set_supervisor(*, acting_user: User, case: Case, supervisor: User | None) -> Case:
    """Name a supervisor (a TKSK or professional social worker): coordinators of the case."""
    if acting_user.role not in COORDINATORS or not supervises(acting_user, case):
        raise PermissionRefused()
    if supervisor is not None and (
        not is_case_worker_role(supervisor) or supervisor.pk == case.worker_id
    ):
        raise ActionError(_("Choose another case worker or coordinator."), field="supervisor")
    case = locked(case)
    require_not_closed(case)
    before = case.supervisor_id
    case.supervisor = supervisor
    case.save(update_fields=["supervisor"])
    event(
        acting_user,
        "case.set_supervisor",
        case,
        supervisor=[before, supervisor.pk if supervisor else None],
    )
    return case
