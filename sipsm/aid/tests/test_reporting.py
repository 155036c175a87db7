"""The aid figures the reports read (`sipsm.aid.reporting.provider`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sipsm.aid.actions import distribution as distribution_actions
from sipsm.aid.models import KpmEntry, Round
from sipsm.aid.reporting import provider
from sipsm.aid.tests.files import csv_bytes, kpm_row
from sipsm.aid.tests.support import (
    AidWorld,
    import_file,
    import_rows,
    make_period,
    make_program,
    open_round,
)
from sipsm.reporting.aid import AidCounts, AidProvider, aid_provider, provider_problem

pytestmark = pytest.mark.django_db


def _mark(user: Any, round_: Round, entry: KpmEntry, mark: str, **extra: Any) -> None:
    distribution_actions.mark_family(
        acting_user=user,
        round_=round_,
        entry=entry,
        data=distribution_actions.TickData(mark=mark, **extra),
    )


def _today() -> dt.date:
    return timezone.localdate()


def _month_in_two_villages(aid: AidWorld) -> tuple[Round, Round]:
    """village_a: received, credited, not received, nothing (then closed);
    village_b: a card (round still open)."""
    w = aid.world
    import_rows(aid, 4)
    import_rows(aid, 2, village=w.village_b.code, start=100)
    round_a, round_b = open_round(aid), open_round(aid, w.village_b.code)
    first, second, third, _fourth = aid.entries(w.village_a.code).order_by("id")
    _mark(w.village, round_a, first, "received")
    _mark(w.village, round_a, second, "credited")
    _mark(w.village, round_a, third, "not_received", reason="Merantau")
    _mark(w.other_village, round_b, aid.entries(w.village_b.code).order_by("id")[0], "card")
    distribution_actions.close_round(acting_user=w.regency, round_=round_a)
    return round_a, round_b


def test_it_is_the_provider_reporting_loads() -> None:
    assert provider_problem() == ""
    assert aid_provider() is provider
    assert isinstance(provider, AidProvider)
    assert provider.available is True


def test_it_counts_families_reached_ticks_and_gaps_per_village(aid: AidWorld) -> None:
    _month_in_two_villages(aid)
    w = aid.world
    assert provider.counts(prefix=None, start=_today(), end=_today()) == {
        # Reached: received + credited. Gaps: the "not received" family (counted once, though
        # also unreached when the round closed) and the family nobody ticked.
        # One account ticked the three families on one day: one piece of work.
        w.village_a.code: AidCounts(families_reached=2, ticks=3, gaps=2, work=1),
        # A card only, the round is still open: no gap yet.
        w.village_b.code: AidCounts(families_reached=0, ticks=1, gaps=0, work=1),
    }


def test_it_keeps_to_the_region_and_the_days(aid: AidWorld) -> None:
    _month_in_two_villages(aid)
    w = aid.world
    today = _today()
    only_b = provider.counts(prefix=w.village_b.code, start=today, end=today)
    assert list(only_b) == [w.village_b.code]
    district = w.village_a.code.rsplit(".", 1)[0]
    assert len(provider.counts(prefix=district, start=today, end=today)) == 2
    assert provider.counts(prefix="11", start=today, end=today) == {}
    # A prefix that is the start of another code but not a parent region matches nothing.
    assert provider.counts(prefix=w.village_a.code[:-1], start=today, end=today) == {}
    yesterday = today - dt.timedelta(days=1)
    assert (
        provider.counts(prefix=None, start=yesterday - dt.timedelta(days=30), end=yesterday) == {}
    )
    tomorrow = today + dt.timedelta(days=1)
    assert provider.counts(prefix=None, start=tomorrow, end=tomorrow) == {}


def test_it_counts_a_family_once_across_programs_and_ignores_undone_marks(
    aid: AidWorld,
) -> None:
    w = aid.world
    import_rows(aid, 2)
    pkh = make_period(make_program("pkh", name="PKH", scheme="pkh", kind="cash", channel="bank"))
    rows = [kpm_row(w.village_a.code, i) for i in range(2)]
    import_file(w.regency, pkh, csv_bytes(rows))
    sembako_round = open_round(aid)
    distribution_actions.open_rounds(acting_user=w.regency, period=pkh, region=w.village_a)
    pkh_round = Round.objects.get(period=pkh)
    first = aid.entries().order_by("id")[0]
    same_family = KpmEntry.objects.get(period=pkh, household_id=first.household_id)
    _mark(w.village, sembako_round, first, "received")
    _mark(w.village, pkh_round, same_family, "received")
    second = aid.entries().order_by("id")[1]
    _mark(w.village, sembako_round, second, "card")
    _mark(w.village, sembako_round, second, "card", undo=True)
    counts = provider.counts(prefix=None, start=_today(), end=_today())
    # Two rounds (Sembako and PKH) ticked: two pieces of work.
    assert counts == {w.village_a.code: AidCounts(families_reached=1, ticks=2, gaps=0, work=2)}


def test_it_groups_the_tick_work_per_account_village_day_and_round(aid: AidWorld) -> None:
    _month_in_two_villages(aid)
    w = aid.world
    today = _today()
    work = provider.tick_work(prefix=None, start=today, end=today)
    label = f"Program Sembako · {aid.period.label}"
    assert sorted((x.user_id, x.village_code, x.on, x.ticks, x.label) for x in work) == sorted(
        [
            (w.village.pk, w.village_a.code, today, 3, label),
            (w.other_village.pk, w.village_b.code, today, 1, label),
        ]
    )
    mine = provider.tick_work(prefix=None, start=today, end=today, user_id=w.other_village.pk)
    assert [(x.village_code, x.ticks) for x in mine] == [(w.village_b.code, 1)]
    assert len(provider.tick_work(prefix=None, start=today, end=today, limit=1)) == 1
    assert provider.tick_work(prefix=w.village_b.code, start=today, end=today) == mine


def test_it_reads_the_figures_in_a_fixed_number_of_queries(
    aid: AidWorld, django_assert_max_num_queries: Any
) -> None:
    w = aid.world
    import_rows(aid, 12)
    round_ = open_round(aid)
    entries = list(aid.entries().order_by("id"))
    for i, entry in enumerate(entries[:10]):
        _mark(w.village, round_, entry, "received" if i % 2 else "problem", problem="pin")
    distribution_actions.close_round(acting_user=w.regency, round_=round_)
    today = _today()
    with django_assert_max_num_queries(3):
        counts = provider.counts(prefix=None, start=today, end=today)
    # 5 received; 5 with a problem (not reached) and 2 never ticked.
    assert counts == {w.village_a.code: AidCounts(families_reached=5, ticks=10, gaps=7, work=1)}
    with django_assert_max_num_queries(1):
        work = provider.tick_work(prefix=None, start=today, end=today)
    assert [x.ticks for x in work] == [10]


def test_the_3w_export_counts_distribution_work_now_then_from_the_aggregates(
    aid: AidWorld, client_for: Any
) -> None:
    """Before the period is aggregated the aid module counts the ticks; once it is, the export
    shows the village figures the dashboards show (a province's year of ticks is half a million
    rows), and says when they were refreshed."""
    import csv
    import io

    from openpyxl import load_workbook

    from sipsm.reporting.tests.support import refresh

    w = aid.world
    _round_a, round_b = _month_in_two_villages(aid)
    client = client_for("national")

    def distribution() -> dict[str, list[str]]:
        content = client.get("/kerja-nyata/3w.csv").content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(content)))[2:]
        return {r[11]: r[15:18] for r in rows if r[3] == "distribution"}

    counted_now = {w.village_a.code: ["3", "", "2"], w.village_b.code: ["1", "", "0"]}
    assert distribution() == counted_now
    refresh()
    assert distribution() == counted_now
    second_b = aid.entries(w.village_b.code).order_by("id")[1]
    _mark(w.other_village, round_b, second_b, "received")
    assert distribution() == counted_now  # not refreshed yet
    book = load_workbook(io.BytesIO(client.get("/kerja-nyata/3w.xlsx").content))
    last = [row[0] for row in book.worksheets[0].iter_rows(values_only=True)][-1]
    assert "refreshed" in str(last)
    refresh()
    assert distribution()[w.village_b.code] == ["2", "", "1"]
