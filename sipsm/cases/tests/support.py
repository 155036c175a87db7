"""Cases for tests. The usual case: a street child (Anak Jalanan) found in village_a by the
PSM "psm.a" (persona "village"), who is its worker; the district coordinator (TKSK) and the
coordinators above supervise it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sipsm.accounts.models import User
from sipsm.cases.actions import closure as closure_actions
from sipsm.cases.actions import intake as intake_actions
from sipsm.cases.actions import providers as provider_actions
from sipsm.cases.actions import referrals as referral_actions
from sipsm.cases.actions import work as work_actions
from sipsm.cases.models import Case, Consent, Intake, Referral, ServiceProvider
from sipsm.people.models import Person
from sipsm.people.tests.support import make_person, ppks
from sipsm.regions.models import Region
from sipsm.testing import World


def make_case(
    world: World,
    *,
    person: Person | None = None,
    actor: User | None = None,
    village: Region | None = None,
    groups: tuple[str, ...] = ("anak-jalanan",),
    summary: str = "Ditemukan mengamen di perempatan pasar setiap malam.",
) -> Case:
    actor = actor or world.village
    village = village or world.village_a
    person = person or make_person(world, actor=actor, village=village)
    return intake_actions.open_case(
        acting_user=actor,
        person=person,
        data=intake_actions.CaseData(
            village=village, summary=summary, ppks=[ppks(code) for code in groups]
        ),
    )


def assess(
    world: World,
    case: Case,
    *,
    risk: str = "medium",
    spm_group: str = "",
    actor: User | None = None,
    on: dt.date | None = None,
) -> Case:
    work_actions.record_assessment(
        acting_user=actor or world.village,
        case=case,
        data=work_actions.AssessmentData(
            risk_level=risk,
            assessed_on=on or timezone.localdate(),
            narrative="Tidak sekolah sejak kelas 3; tidur di emperan toko.",
            needs={
                "education": work_actions.NeedData("high", "Putus sekolah"),
                "shelter": work_actions.NeedData("medium"),
            },
            spm_group=spm_group,
            spm_setting="outside_panti" if spm_group else "",
        ),
    )
    case.refresh_from_db()
    return case


def plan(world: World, case: Case, *, actor: User | None = None) -> Case:
    actor = actor or world.village
    goal = work_actions.add_goal(
        acting_user=actor, case=case, description="Kembali bersekolah", domain="education"
    )
    work_actions.add_task(
        acting_user=actor,
        case=case,
        kind="action",
        title="Mendaftarkan ke SD terdekat",
        due_on=timezone.localdate() + dt.timedelta(days=7),
        responsible=case.worker,
        goal=goal,
    )
    work_actions.submit_plan(acting_user=actor, case=case)
    case.refresh_from_db()
    return case


def make_provider(
    world: World,
    *,
    name: str = "SD Negeri 1 Limboto",
    kind: str = "school",
    services: tuple[str, ...] = ("education",),
    coverage: list[Region] | None = None,
) -> ServiceProvider:
    district = Region.objects.get(code=world.village_a.code[:8])
    return provider_actions.create_provider(
        acting_user=world.regency,
        data=provider_actions.ProviderData(
            name=name,
            kind=kind,
            region=district,
            coverage=coverage or [district],
            services=list(services),
        ),
    )


def guardian_consent(world: World, case: Case, *, actor: User | None = None) -> Consent:
    return referral_actions.record_consent(
        acting_user=actor or world.village,
        case=case,
        given_by="guardian",
        method="thumbprint",
        given_on=timezone.localdate(),
        guardian_name="Siti Daud",
        guardian_relationship="parent",
    )


def refer(
    world: World,
    case: Case,
    provider: ServiceProvider | None = None,
    *,
    actor: User | None = None,
) -> Referral:
    if not case.consents.exists():
        guardian_consent(world, case)
    return referral_actions.send_referral(
        acting_user=actor or world.village,
        case=case,
        provider=provider or make_provider(world),
        service="education",
        reason="Didaftarkan kembali ke kelas 4.",
    )


def request_closure(world: World, case: Case) -> Case:
    return closure_actions.request_closure(
        acting_user=world.village, case=case, reason="goals_met", note="Sudah bersekolah."
    )


def make_intake(world: World, *, village: Region | None = None) -> Intake:
    return intake_actions.receive_intake(
        data=intake_actions.IntakeData(
            village=village or world.village_a,
            description="Ada anak kecil tidur di halte setiap malam.",
            category=ppks("anak-jalanan"),
            about_sex="M",
            about_age=9,
            reporter_name="Warga",
        )
    )
