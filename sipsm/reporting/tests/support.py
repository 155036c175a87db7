"""Records for the reporting tests, made through the real actions of each app. Every name is
invented. The usual PSM is member_a (village_a), whose account is the "village" persona."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sipsm.accounts.models import User
from sipsm.cases.actions import work as work_actions
from sipsm.cases.models import Case
from sipsm.cases.tests.support import assess, make_case
from sipsm.incidents.actions.dispatch import check_in, check_out, respond_to_alert
from sipsm.incidents.actions.lifecycle import change_status
from sipsm.incidents.models import Assignment, Incident
from sipsm.incidents.tests.support import flood_in
from sipsm.people.models import WelfareCategory
from sipsm.people.tests.support import make_person
from sipsm.regions.models import Region
from sipsm.registry.models import Member
from sipsm.reporting.actions import activities as activity_actions
from sipsm.reporting.actions.activities import ActivityData
from sipsm.reporting.actions.aggregates import refresh_period, refresh_spm
from sipsm.reporting.models import Activity, ActivityType
from sipsm.reporting.periods import Period
from sipsm.testing import World


def link_member(w: World) -> Member:
    """The village persona's account is member_a's."""
    Member.objects.filter(pk=w.member_a.pk).update(user=w.village)
    w.member_a.refresh_from_db()
    return w.member_a


def link_other(w: World) -> Member:
    Member.objects.filter(pk=w.member_b.pk).update(user=w.other_village)
    w.member_b.refresh_from_db()
    return w.member_b


def activity_data(w: World, **overrides: Any) -> ActivityData:
    values: dict[str, Any] = {
        "member": w.member_a,
        "activity_type": ActivityType.objects.get(code="kerja-bakti"),
        "title": "Membersihkan saluran air bersama warga",
        "occurred_on": timezone.localdate(),
        "village": w.village_a,
        "hours": Decimal("3.5"),
        "beneficiaries_female": 12,
        "beneficiaries_male": 8,
        "beneficiaries_children": 5,
        "beneficiaries_adults": 12,
        "beneficiaries_elderly": 3,
        "partners": "Karang Taruna, Puskesmas Limboto",
    }
    values.update(overrides)
    return ActivityData(**values)


def log_activity(w: World, *, actor: User | None = None, **overrides: Any) -> Activity:
    link_member(w)
    return activity_actions.record_activity(
        acting_user=actor or w.village, data=activity_data(w, **overrides)
    )


def ppks_id(code: str) -> int:
    return WelfareCategory.objects.ppks().get(code=code).pk


def responded(w: World, *, member: Member | None = None, on_site: bool = True) -> Assignment:
    """A flood in village_a, verified (the call-out alerts the nearest PSMs), accepted by
    `member` (member_a), who checks in and, when `on_site` is False, out again."""
    incident = flood_in(w)
    change_status(acting_user=w.regency, incident=incident, to_status="verified")
    assignment = Assignment.objects.get(incident=incident, member=member or w.member_a)
    respond_to_alert(assignment=assignment, accept=True, via="link")
    if on_site:
        check_in(assignment=assignment)
        check_out(assignment=assignment)
    assignment.refresh_from_db()
    return assignment


def reported_incident(w: World, village: Region | None = None) -> Incident:
    return flood_in(w, village, by="national")


def case_with_service(w: World, *, on: dt.date | None = None) -> Case:
    """A street child's case in village_a with one service given (case work)."""
    person = make_person(w, full_name="Anak Uji", birth_date=dt.date(2014, 1, 5), sex="F")
    case = assess(w, make_case(w, person=person))
    work_actions.record_service(
        acting_user=w.village,
        case=case,
        kind="food",
        delivered_on=on or timezone.localdate(),
        description="Permakanan 7 hari",
    )
    return case


def spm_children(
    w: World, n: int, *, met: int, group: str = "anak", setting: str = "outside_panti"
) -> None:
    """`n` neglected children assessed for an SPM group (`met` of them with needs met)."""
    for i in range(n):
        person = make_person(w, full_name=f"Anak SPM {i}", birth_date=dt.date(2015, 2, i + 1))
        case = make_case(w, person=person, groups=("anak-telantar",))
        work_actions.record_assessment(
            acting_user=w.village,
            case=case,
            data=work_actions.AssessmentData(
                risk_level="medium",
                assessed_on=timezone.localdate(),
                narrative="Asesmen",
                needs={"shelter": work_actions.NeedData("high")},
                spm_group=group,
                spm_setting=setting,
            ),
        )
        if i < met:
            work_actions.record_basic_needs_met(
                acting_user=w.village, case=case, met_on=timezone.localdate()
            )


def this_month() -> Period:
    return Period.current_month()


def refresh(period: Period | None = None, *, spm: bool = True) -> None:
    """Rebuild this month, its year and the year's SPM figures for the whole country."""
    period = period or this_month()
    refresh_period(period=period)
    refresh_period(period=period.year_period())
    if spm:
        refresh_spm(year=period.year)
