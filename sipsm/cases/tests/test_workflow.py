"""The case workflow: identified -> assessed -> planned -> services -> closure, with supervisor
approval of high-risk cases and of closure, and transfers with acceptance."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sipsm.cases.actions import closure as closure_actions
from sipsm.cases.actions import intake as intake_actions
from sipsm.cases.actions import work as work_actions
from sipsm.cases.models import Approval, Case, CaseTask
from sipsm.cases.tests.support import assess, make_case, make_intake, plan, request_closure
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.people.models import PpksMembership
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def test_it_opens_a_case_for_a_street_child_found_by_a_psm(world: World, case: Case) -> None:
    assert (
        case.number
        == f"KS-{world.village_a.code[:5].replace('.', '')}-{timezone.localdate().year}-00001"
    )
    assert (case.source, case.worker, case.is_child, case.stage, case.status) == (
        "psm",
        world.village,
        True,
        "identified",
        "open",
    )
    membership = PpksMembership.objects.get(person=case.person)
    assert (membership.category.code, membership.source, membership.note) == (
        "anak-jalanan",
        "case",
        case.number,
    )


def test_it_opens_a_case_from_a_public_referral(world: World, client_for) -> None:
    intake = make_intake(world)
    client = client_for("village")
    form = client.get(f"/kasus/baru/?laporan={intake.pk}")
    assert "Ada anak kecil tidur di halte" in form.content.decode()

    response = client.post(
        "/kasus/baru/",
        {
            "intake_id": intake.pk,
            "full_name": "Anak di halte",
            "age_years": 9,
            "village": world.village_a.code,
            "case_village": world.village_a.code,
            "summary": "Tidur di halte",
            "ppks": [intake.category_id],
        },
    )

    assert response.status_code == 302
    case = Case.objects.get()
    intake.refresh_from_db()
    assert (case.source, case.intake, intake.status, intake.handled_by) == (
        "public",
        intake,
        "case_opened",
        world.village,
    )


def test_it_refuses_a_psm_a_case_in_another_village(world: World) -> None:
    with pytest.raises(PermissionRefused):
        make_case(world, actor=world.village, village=world.village_b)


def test_it_asks_a_supervisor_to_review_a_high_risk_case(world: World, case: Case) -> None:
    assess(world, case, risk="high")

    review = Approval.objects.get(case=case)
    assert (review.kind, review.status) == ("high_risk", "pending")
    with pytest.raises(Conflict) as early:
        closure_actions.decide_approval(acting_user=world.district, approval=review, approve=True)
    assert early.value.code == "no_plan"
    with pytest.raises(Conflict):
        request_closure(world, case)

    plan(world, case)
    closure_actions.decide_approval(acting_user=world.district, approval=review, approve=True)

    review.refresh_from_db()
    assert (review.status, review.decided_by) == ("approved", world.district)


def test_it_does_not_let_the_worker_approve(world: World, case: Case) -> None:
    request_closure(world, case)

    with pytest.raises(PermissionRefused):
        closure_actions.decide_approval(
            acting_user=world.village, approval=case.approvals.get(), approve=True
        )


def test_it_needs_a_goal_and_an_action_for_the_plan(world: World, case: Case) -> None:
    assess(world, case)

    with pytest.raises(ActionError) as no_goal:
        work_actions.submit_plan(acting_user=world.village, case=case)

    assert no_goal.value.code == "no_goal"
    plan(world, case)
    assert case.stage == "planned"


def test_it_closes_after_the_supervisor_approves(world: World, case: Case) -> None:
    plan(world, assess(world, case))

    request_closure(world, case)
    case.refresh_from_db()
    assert case.status == "closure_requested"
    closure_actions.decide_approval(
        acting_user=world.district, approval=case.approvals.get(kind="closure"), approve=True
    )

    case.refresh_from_db()
    assert (case.status, case.closed_by, case.closure_reason) == (
        "closed",
        world.district,
        "goals_met",
    )
    assert list(case.tasks.values_list("status", flat=True)) == ["cancelled"]


def test_it_returns_a_closure_to_the_worker(world: World, case: Case) -> None:
    request_closure(world, case)

    with pytest.raises(ActionError):
        closure_actions.decide_approval(
            acting_user=world.district, approval=case.approvals.get(), approve=False
        )
    closure_actions.decide_approval(
        acting_user=world.district,
        approval=case.approvals.get(),
        approve=False,
        note="Lengkapi kunjungan terakhir",
    )

    case.refresh_from_db()
    assert case.status == "open"


def test_it_closes_at_once_when_no_approval_is_configured(
    world: World, case: Case, settings
) -> None:
    settings.SIPSM_CASE_APPROVALS = {"closure": False}

    request_closure(world, case)

    case.refresh_from_db()
    assert case.status == "closed"
    assert case.approvals.count() == 0


def test_it_transfers_the_case_when_the_new_worker_accepts(world: World, case: Case) -> None:
    task = work_actions.add_task(
        acting_user=world.village,
        case=case,
        kind="follow_up",
        title="Kunjungan",
        due_on=timezone.localdate() + dt.timedelta(days=3),
        responsible=world.village,
    )
    transfer = closure_actions.request_transfer(
        acting_user=world.village,
        case=case,
        to_worker=world.other_village,
        to_village=world.village_b,
        reason="Keluarga pindah",
    )
    case.refresh_from_db()
    assert case.worker == world.village  # nothing changes before acceptance

    with pytest.raises(PermissionRefused):
        closure_actions.decide_transfer(acting_user=world.district, transfer=transfer, accept=True)
    closure_actions.decide_transfer(acting_user=world.other_village, transfer=transfer, accept=True)

    case.refresh_from_db()
    task.refresh_from_db()
    assert (case.worker, case.village_id, task.responsible) == (
        world.other_village,
        world.village_b.code,
        world.other_village,
    )


def test_it_keeps_the_case_when_the_transfer_is_declined(world: World, case: Case) -> None:
    transfer = closure_actions.request_transfer(
        acting_user=world.village,
        case=case,
        to_worker=world.other_village,
        to_village=world.village_b,
        reason="Keluarga pindah",
    )

    closure_actions.decide_transfer(
        acting_user=world.other_village, transfer=transfer, accept=False
    )

    case.refresh_from_db()
    assert (case.worker, case.village_id) == (world.village, world.village_a.code)


def test_it_records_a_followup_result(world: World, case: Case) -> None:
    task = work_actions.add_task(
        acting_user=world.village,
        case=case,
        kind="follow_up",
        title="Kunjungan rumah",
        due_on=timezone.localdate(),
        responsible=world.district,
    )

    with pytest.raises(ActionError):
        work_actions.complete_task(acting_user=world.village, task=task, result="")
    work_actions.complete_task(acting_user=world.village, task=task, result="Anak sehat")

    task.refresh_from_db()
    assert (task.status, task.result, task.completed_by) == ("done", "Anak sehat", world.village)


def test_it_refuses_a_task_for_someone_outside_the_case(world: World, case: Case) -> None:
    with pytest.raises(ActionError) as refused:
        work_actions.add_task(
            acting_user=world.village,
            case=case,
            kind="action",
            title="x",
            due_on=timezone.localdate(),
            responsible=world.other_village,
        )

    assert refused.value.field == "responsible"


def test_it_marks_the_case_as_a_public_referral_source(world: World) -> None:
    intake = make_intake(world)
    case = intake_actions.open_case(
        acting_user=world.district,
        person=make_case(world).person,
        data=intake_actions.CaseData(village=world.village_a),
        intake=intake,
    )

    assert case.source == "public"
    assert CaseTask.objects.count() == 0
