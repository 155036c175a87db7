"""The directory of service providers: coverage by region, services, kept by coordinators."""

from __future__ import annotations

import pytest

from sipsm.cases.models import ServiceProvider
from sipsm.cases.tests.support import make_provider
from sipsm.regions.models import Region
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def test_it_finds_providers_serving_a_village_through_any_region_above_it(world: World) -> None:
    school = make_provider(world)
    dinsos = make_provider(
        world,
        name="Dinas Sosial Kab. Gorontalo",
        kind="dinas_sosial",
        services=("assistance", "rehabilitation"),
        coverage=[Region.objects.get(code=world.village_a.code[:5])],
    )
    make_provider(world, name="SD Desa B", coverage=[world.village_b])

    serving = ServiceProvider.objects.covering(world.village_a.code)

    assert sorted(p.pk for p in serving) == sorted([school.pk, dinsos.pk])
    assert list(serving.offering("education")) == [school]


def test_it_lets_a_coordinator_add_a_provider_in_their_area(world: World, client_for) -> None:
    district = world.village_a.code[:8]
    form = {
        "name": "Puskesmas Limboto",
        "kind": "puskesmas",
        "region": district,
        "coverage": f"{district}, {world.village_b.code}",
        "services": ["health"],
        "active": "on",
    }

    created = client_for("district").post("/layanan/baru/", form)
    refused = client_for("other_regency").post("/layanan/baru/", form)

    provider = ServiceProvider.objects.get()
    assert created.status_code == 302
    assert sorted(provider.coverage.values_list("code", flat=True)) == [
        district,
        world.village_b.code,
    ]
    assert refused.status_code == 400
