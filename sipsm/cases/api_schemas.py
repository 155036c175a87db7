"""Schemas of the casework API (kept apart from the endpoints to keep both readable)."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from sipsm.cases.models import Case
from sipsm.people.api import PersonIn


class CaseOut(Schema):
    id: int
    number: str
    person_id: int
    person_name: str
    village_code: str = Field(..., alias="village_id")
    worker: str
    supervisor: str | None
    source: str
    is_child: bool
    legal_basis: str
    status: str
    stage: str
    risk_level: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    closure_reason: str

    @staticmethod
    def resolve_person_name(obj: Case) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_worker(obj: Case) -> str:
        return obj.worker.username

    @staticmethod
    def resolve_supervisor(obj: Case) -> str | None:
        return obj.supervisor.username if obj.supervisor else None


class NeedOut(Schema):
    domain: str
    level: str
    note: str


class AssessmentOut(Schema):
    id: int
    assessed_on: dt.date
    risk_level: str
    narrative: str
    spm_group: str
    spm_setting: str
    needs: list[NeedOut]

    @staticmethod
    def resolve_needs(obj: Any) -> list[Any]:
        return list(obj.needs.all())


class GoalOut(Schema):
    id: int
    domain: str
    description: str
    status: str


class TaskOut(Schema):
    id: int
    case_id: int
    kind: str
    goal_id: int | None
    title: str
    due_on: dt.date
    responsible: str
    status: str
    result: str
    escalated_at: dt.datetime | None

    @staticmethod
    def resolve_responsible(obj: Any) -> str:
        return str(obj.responsible.username)


class ServiceOut(Schema):
    id: int
    kind: str
    delivered_on: dt.date
    provider_id: int | None
    description: str


class NoteOut(Schema):
    id: int
    kind: str
    on: dt.date
    text: str


class ConsentOut(Schema):
    id: int
    given_by: str
    guardian_name: str
    guardian_relationship: str
    method: str
    given_on: dt.date
    withdrawn_on: dt.date | None
    text_version: int
    text_hash: str = Field(..., description="SHA-256 of the consent text agreed to")

    @staticmethod
    def resolve_text_version(obj: Any) -> int:
        return int(obj.consent_text.version)


class ReferralOut(Schema):
    id: int
    case_id: int
    provider_id: int
    service: str
    reason: str
    urgent: bool
    status: str
    consent_id: int | None
    override: bool
    sent_by: str
    sent_at: dt.datetime
    responded_at: dt.datetime | None
    response_note: str
    completed_at: dt.datetime | None
    outcome: str
    revoked_at: dt.datetime | None

    @staticmethod
    def resolve_override(obj: Any) -> bool:
        return obj.override_by_id is not None

    @staticmethod
    def resolve_sent_by(obj: Any) -> str:
        return str(obj.sent_by.username) if obj.sent_by else ""


class RightOut(Schema):
    id: int
    right: str
    status: str
    as_of: dt.date
    evidence: str
    details: dict[str, Any]
    referral_id: int | None

    @staticmethod
    def resolve_details(obj: Any) -> dict[str, Any]:
        return dict(obj.facts)


class RightStateOut(Schema):
    right: str
    label: str
    status: str
    record: RightOut | None


class ApprovalOut(Schema):
    id: int
    case_id: int
    kind: str
    status: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    note: str


class TransferOut(Schema):
    id: int
    case_id: int
    to_worker: str
    to_village_code: str = Field(..., alias="to_village_id")
    status: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_to_worker(obj: Any) -> str:
        return str(obj.to_worker.username)


class ShareOut(Schema):
    id: int
    case_id: int
    user: str
    reason: str
    shared_at: dt.datetime
    revoked_at: dt.datetime | None

    @staticmethod
    def resolve_user(obj: Any) -> str:
        return str(obj.user.username)


class BasicNeedsOut(Schema):
    id: int
    spm_group: str
    spm_setting: str
    met_on: dt.date


class CaseFileOut(CaseOut):
    summary: str
    closure_note: str
    assessments: list[AssessmentOut]
    goals: list[GoalOut]
    tasks: list[TaskOut]
    services: list[ServiceOut]
    notes: list[NoteOut]
    consents: list[ConsentOut]
    referrals: list[ReferralOut]
    approvals: list[ApprovalOut]
    transfers: list[TransferOut]
    shares: list[ShareOut]
    basic_needs_met: list[BasicNeedsOut]

    @staticmethod
    def resolve_assessments(obj: Case) -> list[Any]:
        return list(obj.assessments.prefetch_related("needs"))

    @staticmethod
    def resolve_goals(obj: Case) -> list[Any]:
        return list(obj.goals.all())

    @staticmethod
    def resolve_tasks(obj: Case) -> list[Any]:
        return list(obj.tasks.select_related("responsible"))

    @staticmethod
    def resolve_services(obj: Case) -> list[Any]:
        return list(obj.services.all())

    @staticmethod
    def resolve_notes(obj: Case) -> list[Any]:
        return list(obj.notes.all())

    @staticmethod
    def resolve_consents(obj: Case) -> list[Any]:
        return list(obj.consents.select_related("consent_text"))

    @staticmethod
    def resolve_referrals(obj: Case) -> list[Any]:
        return list(obj.referrals.select_related("sent_by"))

    @staticmethod
    def resolve_approvals(obj: Case) -> list[Any]:
        return list(obj.approvals.all())

    @staticmethod
    def resolve_transfers(obj: Case) -> list[Any]:
        return list(obj.transfers.select_related("to_worker"))

    @staticmethod
    def resolve_shares(obj: Case) -> list[Any]:
        return list(obj.shares.select_related("user"))

    @staticmethod
    def resolve_basic_needs_met(obj: Case) -> list[Any]:
        return list(obj.basic_needs_met.all())


class OpenCaseIn(Schema):
    person_id: int | None = Field(None, description="A registered person, or give `person`.")
    person: PersonIn | None = None
    village_code: str = Field(..., max_length=20, description="Where the person was found.")
    summary: str = Field("", max_length=5000)
    ppks: list[str] = Field(default_factory=list, max_length=26, description="PPKS codes")
    intake_id: int | None = None
    legal_basis: str = Field(
        "", description="UU PDP Pasal 20 basis (coordinators only); empty: public task."
    )


class CaseFilters(Schema):
    """Filters that name nobody (they may be in the query string)."""

    status: str = ""
    stage: str = ""
    risk: str = ""
    mine: bool = False
    person_id: int | None = None


class CaseSearchIn(CaseFilters):
    """A search by case number or name, POSTed so that names stay out of URLs."""

    q: str = Field(..., max_length=150, description="A case number, or a name or part of it")


class AssessmentIn(Schema):
    assessed_on: dt.date
    risk_level: str
    narrative: str = Field("", max_length=5000)
    needs: dict[str, NeedOut] = Field(
        default_factory=dict, description="domain -> {domain, level, note}"
    )
    spm_group: str = ""
    spm_setting: str = ""


class GoalIn(Schema):
    description: str = Field(..., min_length=1, max_length=1000)
    domain: str = ""


class TaskIn(Schema):
    kind: str
    title: str = Field(..., min_length=1, max_length=500)
    due_on: dt.date
    responsible: str = Field("", description="Username; empty: the case's worker.")
    goal_id: int | None = None


class ResultIn(Schema):
    result: str = Field("", max_length=5000)


class ServiceIn(Schema):
    kind: str
    delivered_on: dt.date
    description: str = Field("", max_length=5000)
    provider_id: int | None = None


class NoteIn(Schema):
    kind: str = "note"
    on: dt.date
    text: str = Field(..., min_length=1, max_length=5000)


class BasicNeedsIn(Schema):
    met_on: dt.date
    note: str = Field("", max_length=1000)


class ConsentIn(Schema):
    given_by: str
    method: str
    given_on: dt.date
    guardian_name: str = Field("", max_length=150)
    guardian_relationship: str = ""
    note: str = Field("", max_length=1000)


class WithdrawIn(Schema):
    note: str = Field("", max_length=300)


class ReferralIn(Schema):
    provider_id: int
    service: str
    reason: str = Field("", max_length=5000)
    urgent: bool = False
    override_reason: str = Field(
        "", max_length=1000, description="A supervisor's reason to refer without consent."
    )


class RespondIn(Schema):
    accepted: bool
    note: str = Field("", max_length=1000)


class CompleteIn(Schema):
    outcome: str = Field(..., min_length=1, max_length=5000)
    right_status: str = Field("", description="For a child: the new status of the right served.")


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=1000)


class RightIn(Schema):
    right: str
    status: str
    as_of: dt.date
    evidence: str = Field("", max_length=2000)
    details: dict[str, Any] = Field(default_factory=dict)


class ClosureIn(Schema):
    reason: str
    note: str = Field("", max_length=2000)


class DecisionIn(Schema):
    approve: bool
    note: str = Field("", max_length=2000)


class SupervisorIn(Schema):
    username: str = Field("", description="Empty clears the named supervisor.")


class TransferIn(Schema):
    to_username: str
    to_village_code: str
    reason: str = Field(..., min_length=1, max_length=2000)


class TransferDecisionIn(Schema):
    accept: bool
    note: str = Field("", max_length=500)


class ShareIn(Schema):
    username: str
    reason: str = Field(..., min_length=1, max_length=300)


class ProviderOut(Schema):
    id: int
    name: str
    kind: str
    psks: str | None
    region_code: str = Field(..., alias="region_id")
    coverage: list[str]
    services: list[str]
    address: str
    phone: str
    email: str
    contact_name: str
    active: bool

    @staticmethod
    def resolve_psks(obj: Any) -> str | None:
        return str(obj.psks.code) if obj.psks else None

    @staticmethod
    def resolve_coverage(obj: Any) -> list[str]:
        return [r.code for r in obj.coverage.all()]


class ProviderIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: str
    region_code: str
    coverage: list[str] = Field(..., min_length=1, max_length=200)
    services: list[str] = Field(..., min_length=1)
    psks: str = ""
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)
    contact_name: str = Field("", max_length=150)
    active: bool = True


class IntakeSummaryOut(Schema):
    """A public referral in a list: what the list page shows, nothing that names anyone
    (the details are read one by one, and every read is logged)."""

    id: int
    village_code: str = Field(..., alias="village_id")
    category: str | None
    about_sex: str
    about_age: int | None
    status: str
    received_at: dt.datetime

    @staticmethod
    def resolve_category(obj: Any) -> str | None:
        return str(obj.category.code) if obj.category else None


class IntakeOut(IntakeSummaryOut):
    about_name: str
    description: str
    location_text: str
    reporter_name: str
    reporter_phone: str
    legal_basis: str


class CountOut(Schema):
    value: int | None = Field(None, description="null when under 5 (suppressed)")
    suppressed: bool


class RightsRowOut(Schema):
    code: str
    name: str
    children: CountOut
    met: dict[str, CountOut]


class RightsTableOut(Schema):
    region_code: str | None
    total: RightsRowOut
    rows: list[RightsRowOut]


class IndicatorOut(Schema):
    group: str
    label: str
    numerator: CountOut
    denominator: CountOut
    percent: float | None


class SpmOut(Schema):
    regency_code: str
    year: int
    indicators: list[IndicatorOut]


class TodayOut(Schema):
    tasks: list[TaskOut]
    approvals: list[ApprovalOut]
    transfers: list[TransferOut]
