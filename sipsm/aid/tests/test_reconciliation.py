"""Reconciliation of a round: figures, 6T indicators and anomaly flags."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sipsm.aid.actions import distribution as distribution_actions
from sipsm.aid.reconciliation import figures_for
from sipsm.aid.tests.files import csv_bytes, kpm_row
from sipsm.aid.tests.support import (
    AidWorld,
    import_file,
    import_rows,
    make_complaint,
    make_period,
    open_round,
)

pytestmark = pytest.mark.django_db


def _mark(aid: AidWorld, round_: Any, entry: Any, mark: str, **extra: Any) -> None:
    distribution_actions.mark_family(
        acting_user=aid.world.village,
        round_=round_,
        entry=entry,
        data=distribution_actions.TickData(mark=mark, **extra),
    )


def test_it_counts_marks_complaints_and_the_6t_indicators(aid: AidWorld) -> None:
    import_rows(aid, 4)
    round_ = open_round(aid)
    first, second, third, _fourth = aid.entries().order_by("id")
    _mark(aid, round_, first, "received")
    _mark(aid, round_, second, "received")
    _mark(aid, round_, second, "problem", problem="balance")
    _mark(aid, round_, third, "problem", problem="deceased")
    make_complaint(aid, category="levy")
    f = figures_for(round_)
    assert (f.expected, f.received, f.ticked, f.unticked) == (4, 2, 3, 1)
    assert (f.problems, f.complaints) == ({"balance": 1, "deceased": 1}, {"levy": 1})
    assert {i.key: i.value for i in f.indicators} == {
        "sasaran": 0.75,
        "jumlah": 0.5,
        "waktu": 0.0,
        "harga": 0.75,
        "kualitas": 1.0,
        "administrasi": 0.75,
    }


def test_it_flags_unmarked_families_after_the_round_closed(aid: AidWorld) -> None:
    import_rows(aid, 2)
    round_ = open_round(aid)
    first, second = aid.entries().order_by("id")
    _mark(aid, round_, first, "received")
    assert figures_for(round_).anomalies == []
    distribution_actions.close_round(acting_user=aid.world.district, round_=round_)
    assert [(a.kind, a.entry_id) for a in figures_for(round_).anomalies] == [("no_mark", second.pk)]


def test_it_flags_a_deceased_family_still_listed_the_next_month(aid: AidWorld) -> None:
    import_rows(aid, 1)
    january = open_round(aid)
    _mark(aid, january, aid.entries().get(), "problem", problem="deceased")
    february = make_period(aid.program, start=dt.date(2026, 2, 1))
    code = aid.world.village_a.code
    import_file(aid.world.regency, february, csv_bytes([kpm_row(code, 0)]))
    distribution_actions.open_rounds(
        acting_user=aid.world.regency, period=february, region=aid.world.village_a
    )
    round_ = february.rounds.get()
    assert [a.kind for a in figures_for(round_).anomalies] == ["deceased_listed"]


def test_it_flags_the_same_nik_listed_in_another_village(aid: AidWorld) -> None:
    code_a, code_b = aid.world.village_a.code, aid.world.village_b.code
    import_file(aid.world.regency, aid.period, csv_bytes([kpm_row(code_a, 0)]))
    other = make_period(aid.program, start=dt.date(2026, 1, 15))
    row = kpm_row(code_b, 50, nik_pengurus=kpm_row(code_a, 0)["nik_pengurus"])
    import_file(aid.world.regency, other, csv_bytes([row]))
    round_ = open_round(aid)
    assert [a.kind for a in figures_for(round_).anomalies] == ["nik_other_village"]


def test_it_shows_the_partner_figures_without_names(aid: AidWorld, client_for: Any) -> None:
    import_rows(aid, 2)
    round_ = open_round(aid)
    distribution_actions.close_round(acting_user=aid.world.district, round_=round_)
    page = client_for("partner").get(f"/bansos/putaran/{round_.pk}/rekonsiliasi/")
    assert page.status_code == 200
    assert b'id="fig-expected">2<' in page.content
    assert b"Siti Hulopi" not in page.content
    assert b"No mark after the round closed" in page.content
