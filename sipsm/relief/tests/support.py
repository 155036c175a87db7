"""Objects for the relief tests: an incident in village_a with an engaged PSM ("village")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from sipsm.incidents.actions.lifecycle import IncidentReport, change_status, report_incident
from sipsm.incidents.models import Assignment, Incident, IncidentType
from sipsm.registry.models import Member
from sipsm.relief.actions import cap as cap_actions
from sipsm.relief.actions import needs as need_actions
from sipsm.relief.actions import people as people_actions
from sipsm.relief.actions import relief as relief_actions
from sipsm.relief.actions import shelters as shelter_actions
from sipsm.relief.models import AffectedPerson, CapAlert, Household, Need, Relief, Shelter
from sipsm.testing import World, synthetic_nik

KK_SERIALS = iter(range(1, 9999))


def make_incident(
    world: World, *, engaged: bool = True, title: str = "Banjir di RT 02"
) -> Incident:
    incident = report_incident(
        acting_user=world.village,
        report=IncidentReport(
            type=IncidentType.objects.get(code="banjir"),
            title=title,
            region=world.village_a,
            channel="member",
            severity="severe",
            description="Air setinggi 1 m.",
        ),
    )
    change_status(acting_user=world.regency, incident=incident, to_status="verified", callout=False)
    if engaged:
        engage(world, incident)
    incident.refresh_from_db()
    return incident


def engage(
    world: World, incident: Incident, status: str = Assignment.Status.ACCEPTED
) -> Assignment:
    """member_a (the account "psm.a", persona "village") accepted the call-out."""
    Member.objects.filter(pk=world.member_a.pk).update(user=world.village)
    assignment, _ = Assignment.objects.update_or_create(
        incident=incident,
        member=world.member_a,
        defaults={"status": status, "responded_at": timezone.now()},
    )
    return assignment


def make_kk(world: World) -> str:
    district = world.village_a.code[:8].replace(".", "")
    return f"{district}010124{next(KK_SERIALS):04d}"


def make_need(world: World, incident: Incident, **overrides: object) -> Need:
    values: dict[str, object] = {
        "village": world.village_a,
        "category": "food",
        "people_affected": 40,
        "quantity": Decimal(200),
        "unit": "kg",
        "description": "Beras untuk 40 jiwa",
        "priority": "high",
    }
    values.update(overrides)
    return need_actions.record_need(
        acting_user=world.regency,
        incident=incident,
        data=need_actions.NeedData(**values),  # type: ignore[arg-type]
    )


def make_person(world: World, incident: Incident, **overrides: object) -> AffectedPerson:
    values: dict[str, object] = {
        "village": world.village_a,
        "full_name": "Sri Wahyuni Lamato",
        "sex": "F",
        "birth_date": dt.date(1990, 5, 1),
    }
    values.update(overrides)
    return people_actions.register_person(
        acting_user=world.regency,
        incident=incident,
        data=people_actions.PersonData(**values),  # type: ignore[arg-type]
    )


def make_household(world: World, incident: Incident, **overrides: object) -> Household:
    values: dict[str, object] = {"village": world.village_a, "head_name": "Usman Hasan", "size": 4}
    values.update(overrides)
    return people_actions.register_household(
        acting_user=world.regency,
        incident=incident,
        data=people_actions.HouseholdData(**values),  # type: ignore[arg-type]
    )


def make_shelter(world: World, incident: Incident, **overrides: object) -> Shelter:
    values: dict[str, object] = {
        "name": "Masjid Al-Huda",
        "village": world.village_a,
        "capacity": 120,
    }
    values.update(overrides)
    return shelter_actions.open_shelter(
        acting_user=world.regency,
        incident=incident,
        data=shelter_actions.ShelterData(**values),  # type: ignore[arg-type]
    )


def give(
    world: World,
    incident: Incident,
    kind: str,
    *,
    person: AffectedPerson | None = None,
    household: Household | None = None,
) -> Relief:
    return relief_actions.give_relief(
        acting_user=world.regency,
        incident=incident,
        data=relief_actions.ReliefData(kind=kind, quantity=Decimal(1), unit="paket"),
        person=person,
        household=household,
    )


def make_alert(world: World, incident: Incident, **overrides: object) -> CapAlert:
    values: dict[str, object] = {
        "headline": "Banjir: warga diminta mengungsi",
        "description": "Air naik 1 m di Desa.",
        "instruction": "Menuju posko terdekat.",
        "response_type": "Evacuate",
    }
    values.update(overrides)
    return cap_actions.issue_cap_alert(
        acting_user=world.regency,
        incident=incident,
        data=cap_actions.AlertData(**values),  # type: ignore[arg-type]
    )


def nik_for(world: World, *, sex: str = "F", birth: dt.date | None = None) -> str:
    return synthetic_nik(world.village_a, sex=sex, birth=birth)
