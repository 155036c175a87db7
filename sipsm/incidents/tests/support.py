"""Helpers for incident tests."""

from __future__ import annotations

from sipsm.incidents.actions.lifecycle import IncidentReport, report_incident
from sipsm.incidents.models import Incident, IncidentType
from sipsm.regions.models import Region
from sipsm.testing import World


def flood_in(world: World, village: Region | None = None, *, by: str = "village") -> Incident:
    return report_incident(
        acting_user=world.personas()[by],
        report=IncidentReport(
            type=IncidentType.objects.get(code="banjir"),
            title="Banjir setinggi lutut",
            region=village or world.village_a,
            channel="member",
        ),
    )
