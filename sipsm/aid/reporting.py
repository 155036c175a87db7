"""Aid figures for the reports (`sipsm.reporting.aid.AidProvider`), in a few grouped queries.

For the villages inside `prefix` and the local days `start`..`end`:

* `families_reached`: distinct families (households) with a tick whose "goods/cash received"
  or "funds credited" mark was made in those days;
* `ticks`: families ticked in those days (one per family and round; a tick whose marks were
  all undone counts for nothing);
* `gaps`: families on the list of a round that closed in those days without a received or
  credited mark, plus families marked "not received" or with a problem in those days, each
  family counted once;
* `work`: pieces of distribution work in those days, as `tick_work` groups them (account
  that marked x local day x round), so that a PSM's round of a village on one day counts
  once however many families it ticked.

Counts are keyed by the round's village code. `tick_work` groups the ticks by (account that
marked them last, village, local day, round), newest first; no family is named.

Every mark also sets the tick's `marked_at`, so a tick marked in those days has
`marked_at >= start`: each tick query is bounded by that indexed column.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat, TruncDate
from django.utils import timezone

from sipsm.aid.models import KpmEntry, Round, Tick
from sipsm.aid.models.distribution import MARKED, REACHED
from sipsm.regions.codes import subtree_q
from sipsm.reporting.aid import AidCounts, TickWork


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in the local time zone."""
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def _work_key() -> Concat:
    """account|local day|round of a tick: one piece of work (see `tick_work`)."""
    day = TruncDate("marked_at", tzinfo=timezone.get_current_timezone())
    return Concat(
        Cast("marked_by_id", CharField()),
        Value("|"),
        Cast(day, CharField()),
        Value("|"),
        Cast("round_id", CharField()),
        output_field=CharField(),
    )


def _between(field_name: str, low: dt.datetime, high: dt.datetime) -> Q:
    return Q(**{f"{field_name}__gte": low, f"{field_name}__lt": high})


class AidFigures:
    """The provider `sipsm.reporting` loads when `sipsm.aid` is installed."""

    available = True

    def counts(self, *, prefix: str | None, start: dt.date, end: dt.date) -> dict[str, AidCounts]:
        low, high = _bounds(start, end)
        reached_then = _between("received_at", low, high) | _between("credited_at", low, high)
        ticked_then = _between("marked_at", low, high) & MARKED
        per_village = (
            Tick.objects.filter(subtree_q("round__village_id", prefix), marked_at__gte=low)
            .filter(reached_then | ticked_then)
            .values("round__village_id")
            .annotate(
                reached=Count("entry__household_id", distinct=True, filter=reached_then),
                ticks=Count("id", filter=ticked_then),
                work=Count(_work_key(), distinct=True, filter=ticked_then),
            )
            .order_by()
        )
        found: dict[str, list[int]] = {}
        for row in per_village:
            found[row["round__village_id"]] = [row["reached"], row["ticks"], 0, row["work"]]
        for village, gaps in self._gaps(prefix, low, high).items():
            found.setdefault(village, [0, 0, 0, 0])[2] = gaps
        return {code: AidCounts(*values) for code, values in found.items()}

    def _gaps(self, prefix: str | None, low: dt.datetime, high: dt.datetime) -> dict[str, int]:
        closed_then = _between("period__rounds__closed_at", low, high) & Q(
            period__rounds__status=Round.Status.CLOSED,
            period__rounds__village_id=F("village_id"),
        )
        reached = Tick.objects.filter(REACHED, entry_id=OuterRef("pk"))
        # Families of rounds closed in those days that nobody marked as received.
        unreached = (
            KpmEntry.objects.filter(subtree_q("village_id", prefix))
            .filter(closed_then)
            .filter(~Exists(reached))
            .values("village_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts = {row["village_id"]: row["n"] for row in unreached}
        # Marked "not received" or with a problem in those days, unless counted above (not
        # reached in a round that closed in those days).
        counted_above = (
            Q(round__status=Round.Status.CLOSED)
            & _between("round__closed_at", low, high)
            & ~Exists(Tick.objects.filter(REACHED, entry_id=OuterRef("entry_id")))
        )
        flagged = (
            Tick.objects.filter(subtree_q("round__village_id", prefix), marked_at__gte=low)
            .filter(_between("not_received_at", low, high) | _between("problem_at", low, high))
            .exclude(counted_above)
            .values("round__village_id")
            .annotate(n=Count("entry_id", distinct=True))
            .order_by()
        )
        for row in flagged:
            village = row["round__village_id"]
            counts[village] = counts.get(village, 0) + row["n"]
        return counts

    def tick_work(
        self,
        *,
        prefix: str | None,
        start: dt.date,
        end: dt.date,
        user_id: int | None = None,
        limit: int = 200,
    ) -> list[TickWork]:
        low, high = _bounds(start, end)
        ticks = Tick.objects.filter(subtree_q("round__village_id", prefix)).filter(
            _between("marked_at", low, high) & MARKED
        )
        if user_id is not None:
            ticks = ticks.filter(marked_by_id=user_id)
        groups = (
            ticks.annotate(day=TruncDate("marked_at", tzinfo=timezone.get_current_timezone()))
            .values(
                "marked_by_id",
                "round__village_id",
                "day",
                "round_id",
                "round__period__label",
                "round__period__program__name",
            )
            .annotate(n=Count("id"))
            .order_by("-day", "-round_id", "round__village_id", "marked_by_id")[: max(0, limit)]
        )
        return [
            TickWork(
                user_id=g["marked_by_id"],
                village_code=g["round__village_id"],
                on=g["day"],
                ticks=g["n"],
                label=f"{g['round__period__program__name']} · {g['round__period__label']}",
            )
            for g in groups
        ]


provider = AidFigures()
