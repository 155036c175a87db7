"""Opening cases: a PSM or coordinator identifies a person, or triages a referral that
someone sent through the public form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import Role
from sipsm.cases.actions.common import clean_text, event, next_case_number
from sipsm.cases.models import Case, Intake
from sipsm.cases.permissions import can_be_worker, can_open_case_in, can_triage_intakes
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.people.actions.persons import PersonData, add_ppks_membership, register_person
from sipsm.people.models import LegalBasis, Person, PpksMembership, WelfareCategory
from sipsm.people.permissions import can_set_legal_basis
from sipsm.regions.models import Region


@dataclass
class CaseData:
    village: Region
    summary: str = ""
    worker: User | None = None
    ppks: list[WelfareCategory] = field(default_factory=list)
    identified_on: dt.date | None = None
    # UU PDP Pasal 20; a case is a public task unless a coordinator records another basis.
    legal_basis: str = LegalBasis.PUBLIC_TASK


def _is_child(person: Person, groups: list[WelfareCategory], day: dt.date) -> bool:
    child = person.is_child_on(day)
    if child is not None:
        return child
    return any(group.for_children for group in groups)


@transaction.atomic
def open_case(
    *, acting_user: User, person: Person, data: CaseData, intake: Intake | None = None
) -> Case:
    """Open a case for a registered person, with the acting user (or `data.worker`) as the
    responsible worker, and record the person's PPKS groups."""
    village = data.village
    if village.level != Region.Level.VILLAGE:
        raise ActionError(_("Choose a village (desa/kelurahan)."), field="village")
    if data.legal_basis not in LegalBasis.values:
        raise ActionError(_("Unknown legal basis."), field="legal_basis")
    if data.legal_basis != LegalBasis.PUBLIC_TASK and not can_set_legal_basis(acting_user):
        raise PermissionRefused(_("Only a coordinator can set the legal basis."))
    if not can_open_case_in(acting_user, village.code):
        raise PermissionRefused(_("The village is outside your area."))
    if not acting_user.covers(person.village_id):
        raise PermissionRefused()
    if person.merged_into_id is not None:
        raise Conflict(_("This record was merged into another one."), code="merged")
    worker = data.worker or acting_user
    if not can_be_worker(worker, village.code):
        raise ActionError(_("This user cannot take cases in the village."), field="worker")
    today = timezone.localdate()
    identified_on = data.identified_on or today
    if identified_on > today:
        raise ActionError(_("The date is in the future."), field="identified_on")
    if intake is not None and intake.status != Intake.Status.NEW:
        raise Conflict(_("This referral was already handled."), code="handled")
    source = (
        Case.Source.PUBLIC
        if intake is not None
        else Case.Source.PSM
        if acting_user.role == Role.VILLAGE_PSM
        else Case.Source.COORDINATOR
    )
    case = Case.objects.create(
        number=next_case_number(village.code),
        person=person,
        village=village,
        worker=worker,
        source=source,
        intake=intake,
        is_child=_is_child(person, data.ppks, identified_on),
        legal_basis=data.legal_basis,
        summary=clean_text(data.summary),
        opened_by=acting_user,
    )
    for group in data.ppks:
        add_ppks_membership(
            acting_user=acting_user,
            person=person,
            category=group,
            since=identified_on,
            source=PpksMembership.Source.CASE,
            note=case.number,
        )
    if intake is not None:
        intake.status = Intake.Status.CASE_OPENED
        intake.handled_by = acting_user
        intake.handled_at = timezone.now()
        intake.save(update_fields=["status", "handled_by", "handled_at"])
    event(
        acting_user,
        "case.open",
        case,
        person=person.pk,
        worker=worker.pk,
        source=source,
        ppks=[g.code for g in data.ppks],
        child=case.is_child,
        intake=intake.pk if intake else None,
        legal_basis=case.legal_basis,
    )
    return case


@transaction.atomic
def open_case_for_new_person(
    *, acting_user: User, person_data: PersonData, data: CaseData, intake: Intake | None = None
) -> Case:
    """Register the person and open the case in one step (the usual way in the field)."""
    person = register_person(acting_user=acting_user, data=person_data)
    return open_case(acting_user=acting_user, person=person, data=data, intake=intake)


# Referrals from the public ------------------------------------------------------------------


@dataclass
class IntakeData:
    village: Region
    description: str
    category: WelfareCategory | None = None
    about_name: str = ""
    about_sex: str = ""
    about_age: int | None = None
    location_text: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""


@transaction.atomic
def receive_intake(*, data: IntakeData) -> Intake:
    """Someone reported a person in need through the public form (no account)."""
    if data.village.level != Region.Level.VILLAGE:
        raise ActionError(_("Choose a village (desa/kelurahan)."), field="village")
    if not clean_text(data.description):
        raise ActionError(_("Tell us what you saw."), field="description")
    if data.about_sex not in {"", "M", "F"}:
        raise ActionError(_("Unknown sex."), field="about_sex")
    intake = Intake.objects.create(
        village=data.village,
        category=data.category,
        about_name=clean_text(data.about_name, 150),
        about_sex=data.about_sex,
        about_age=data.about_age,
        description=clean_text(data.description, 3000),
        location_text=clean_text(data.location_text, 500),
        reporter_name=clean_text(data.reporter_name, 150),
        reporter_phone=clean_text(data.reporter_phone, 32),
    )
    record_event(
        actor=None,
        verb="case.intake.receive",
        target=intake,
        region_code=intake.village_id,
        data={"category": data.category.code if data.category else ""},
    )
    return intake


@transaction.atomic
def dismiss_intake(*, acting_user: User, intake: Intake, reason: str) -> Intake:
    if not can_triage_intakes(acting_user, intake.village_id):
        raise PermissionRefused()
    if not clean_text(reason):
        raise ActionError(_("Give a reason."), field="reason")
    intake = Intake.objects.select_for_update().get(pk=intake.pk)
    if intake.status != Intake.Status.NEW:
        raise Conflict(_("This referral was already handled."), code="handled")
    intake.status = Intake.Status.DISMISSED
    intake.dismiss_reason = clean_text(reason, 300)
    intake.handled_by = acting_user
    intake.handled_at = timezone.now()
    intake.save(update_fields=["status", "dismiss_reason", "handled_by", "handled_at"])
    record_event(
        actor=acting_user,
        verb="case.intake.dismiss",
        target=intake,
        region_code=intake.village_id,
        # The reason is kept encrypted on the intake; the trail says that one was given.
        data={"reason_given": True, "reason_length": len(intake.dismiss_reason)},
    )
    return intake
