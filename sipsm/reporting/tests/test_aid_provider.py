"""Aid figures come through the provider interface: nothing (and no error) without the aid
app; with a provider, families reached, ticks and gaps appear in the figures, the monthly
report, the 3W export and the public page, and ticks appear as work."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from sipsm.reporting import aid as aid_module
from sipsm.reporting import figures as fig
from sipsm.reporting.aid import (
    AidCounts,
    NullAidProvider,
    TickWork,
    _load,
    aid_provider,
    provider_problem,
)
from sipsm.reporting.checks import aid_provider_check
from sipsm.reporting.derived import work_rows
from sipsm.reporting.periods import Period
from sipsm.reporting.tests.support import link_member, refresh
from sipsm.testing import World

pytestmark = pytest.mark.django_db
VILLAGE = "75.01.01.1001"


class StandInAid:
    """What an aid app reports: 12 families reached in one village, 15 ticks, 3 gaps, in two
    pieces of work."""

    available = True
    user_id: int | None = None

    def counts(self, *, prefix: str | None, start: dt.date, end: dt.date) -> dict[str, AidCounts]:
        if prefix and not VILLAGE.startswith(prefix):
            return {}
        return {VILLAGE: AidCounts(families_reached=12, ticks=15, gaps=3, work=2)}

    def tick_work(
        self,
        *,
        prefix: str | None,
        start: dt.date,
        end: dt.date,
        user_id: int | None = None,
        limit: int = 200,
    ) -> list[TickWork]:
        return [
            TickWork(
                user_id=StandInAid.user_id,
                village_code=VILLAGE,
                on=start,
                ticks=15,
                label="Program Sembako",
            )
        ]


@pytest.fixture
def stand_in(settings: object) -> type[StandInAid]:
    settings.SIPSM_REPORTING_AID_PROVIDER = f"{__name__}.StandInAid"  # type: ignore[attr-defined]
    _load.cache_clear()
    yield StandInAid
    _load.cache_clear()


def test_without_the_aid_app_there_are_no_aid_figures_and_no_error(
    world: World, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.SIPSM_REPORTING_AID_PROVIDER = ""
    installed = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name != "sipsm.aid" and installed(name))

    assert isinstance(aid_provider(), NullAidProvider)
    assert provider_problem() == ""
    figures = fig.region_figures("75", Period.current_month())
    assert (figures.get("families_reached"), figures.get("distribution_ticks")) == (0, 0)


def test_an_aid_app_without_its_provider_gives_no_figures_and_a_warning(
    world: World, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.SIPSM_REPORTING_AID_PROVIDER = ""
    monkeypatch.setattr(aid_module, "AID_APP_PROVIDER", "sipsm.aid.nowhere.provider")
    _load.cache_clear()

    assert isinstance(aid_provider(), NullAidProvider)
    assert provider_problem().startswith("sipsm.aid.nowhere.provider: ")
    assert [m.id for m in aid_provider_check(None)] == ["sipsm.reporting.W001"]
    figures = fig.region_figures("75", Period.current_month())
    assert (figures.get("families_reached"), figures.get("distribution_ticks")) == (0, 0)


def test_a_provider_that_cannot_be_loaded_is_reported_by_a_system_check(settings: object) -> None:
    settings.SIPSM_REPORTING_AID_PROVIDER = "sipsm.reporting.tests.nowhere.Provider"  # type: ignore[attr-defined]
    _load.cache_clear()

    messages = aid_provider_check(None)

    assert [m.id for m in messages] == ["sipsm.reporting.W001"]
    _load.cache_clear()


def test_aid_figures_appear_in_the_figures_and_pages(
    world: World, stand_in: type[StandInAid], client_for
) -> None:
    link_member(world)
    stand_in.user_id = world.village.pk
    month = Period.current_month()
    assert world.village_a.code == VILLAGE

    village = fig.region_figures(VILLAGE, month)
    refresh(month, spm=False)
    report = (
        client_for("village")
        .get(f"/laporan-bulanan/{VILLAGE}/{month.year}/{month.month}/")
        .content.decode()
    )
    public = Client().get("/transparansi/?provinsi=75").content.decode()

    assert (
        village.get("families_reached"),
        village.get("distribution_ticks"),
        village.get("reconciliation_gaps"),
        village.get("area_government_programs"),
    ) == (12, 15, 3, 2)
    assert 'id="card-ticks"' in report
    assert "Program Sembako: 15" in report
    assert ">12<" in public


def test_ticks_show_as_the_psms_work(world: World, stand_in: type[StandInAid]) -> None:
    link_member(world)
    stand_in.user_id = world.village.pk

    rows = work_rows(
        prefix=None, period=Period.current_month(), member=world.member_a, user=world.village
    )

    assert [(r.source, r.member_name, r.beneficiaries, r.program_area) for r in rows] == [
        ("distribution", "Nur Aisyah Hulopi", 15, "government_programs")
    ]
