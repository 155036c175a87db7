"""Reconciliation of a distribution round (read only): what the list expected, what the PSMs
recorded, complaints and proposals, the measurable "6T" indicators of Program Sembako, and
anomaly flags.

The 6T indicators (Pedoman Umum Program Sembako 2020: tepat sasaran, jumlah, waktu, harga,
kualitas, administrasi) as measured here, each a share of the round's families:

* tepat sasaran: families without a targeting problem (deceased, moved away, duplicate) and
  without a "wrong target" complaint;
* tepat jumlah: of the families that received, those without "balance differs";
* tepat waktu: families that received by the period's last day;
* tepat harga: families without an illegal-levy complaint;
* tepat kualitas: families without a poor-quality complaint;
* tepat administrasi: families with a recorded mark (the checklist is complete).

Anomalies: the same NIK on the list of another village in an overlapping period (any
program), the same NIK twice in the program's period, a family recorded as deceased in an
earlier round (or by a ratified proposal) still listed, a family without any mark after the
round closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sipsm.aid.models import (
    TARGETING_PROBLEMS,
    Complaint,
    KpmEntry,
    Problem,
    Proposal,
    Round,
    Tick,
)
from sipsm.aid.models.distribution import MARKED


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    value: float | None

    @property
    def percent(self) -> str:
        return "—" if self.value is None else f"{self.value * 100:.1f}%"


@dataclass(frozen=True)
class Anomaly:
    kind: str
    label: str | Promise
    entry_id: int
    name: str


@dataclass
class Figures:
    expected: int = 0
    card: int = 0
    credited: int = 0
    received: int = 0
    received_on_time: int = 0
    not_received: int = 0
    ticked: int = 0
    problems: dict[str, int] = field(default_factory=dict)
    complaints: dict[str, int] = field(default_factory=dict)
    proposals: dict[str, int] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)

    @property
    def problem_total(self) -> int:
        return sum(self.problems.values())

    @property
    def complaint_total(self) -> int:
        return sum(self.complaints.values())

    @property
    def proposal_total(self) -> int:
        return sum(self.proposals.values())

    @property
    def unticked(self) -> int:
        return self.expected - self.ticked


ANOMALY_LABELS = {
    "nik_other_village": _("Same NIK listed in another village"),
    "nik_twice": _("Same NIK twice in the program"),
    "deceased_listed": _("Recorded as deceased, still listed"),
    "no_mark": _("No mark after the round closed"),
}


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else max(0.0, min(1.0, part / whole))


def _window(round_: Round) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(
        round_.period.starts_on, dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    end = round_.closed_at or timezone.now()
    return start, end


def figures_for(round_: Round, *, with_anomalies: bool = True) -> Figures:
    period = round_.period
    entries = KpmEntry.objects.filter(period_id=round_.period_id, village_id=round_.village_id)
    ticks = Tick.objects.filter(round=round_)
    end_of_period = dt.datetime.combine(
        period.ends_on, dt.time.max, tzinfo=timezone.get_current_timezone()
    )
    counts = ticks.aggregate(
        ticked=Count("id", filter=MARKED),
        card=Count("id", filter=Q(card_at__isnull=False)),
        credited=Count("id", filter=Q(credited_at__isnull=False)),
        received=Count("id", filter=Q(received_at__isnull=False)),
        on_time=Count("id", filter=Q(received_at__lte=end_of_period)),
        not_received=Count("id", filter=Q(not_received_at__isnull=False)),
    )
    figures = Figures(
        expected=entries.count(),
        card=counts["card"],
        credited=counts["credited"],
        received=counts["received"],
        received_on_time=counts["on_time"],
        not_received=counts["not_received"],
        ticked=counts["ticked"],
    )
    figures.problems = dict(
        ticks.exclude(problem="").values_list("problem").annotate(n=Count("id")).order_by()
    )
    start, end = _window(round_)
    complaints = Complaint.objects.filter(
        Q(program=period.program_id) | Q(program__isnull=True),
        village_id=round_.village_id,
        received_at__gte=start,
        received_at__lte=end,
    )
    figures.complaints = dict(complaints.values_list("category").annotate(n=Count("id")).order_by())
    figures.proposals = dict(
        Proposal.objects.filter(
            village_id=round_.village_id, created_at__gte=start, created_at__lte=end
        )
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    _indicators(figures)
    if with_anomalies:
        figures.anomalies = anomalies_for(round_)
    return figures


def _indicators(f: Figures) -> None:
    off_target = sum(f.problems.get(p, 0) for p in TARGETING_PROBLEMS)
    off_target += f.complaints.get(Complaint.Category.WRONG_TARGET, 0)
    balance = f.problems.get(Problem.BALANCE, 0)
    f.indicators = [
        Indicator(
            "sasaran",
            _("Right target (tepat sasaran)"),
            _share(f.expected - off_target, f.expected),
        ),
        Indicator(
            "jumlah", _("Right amount (tepat jumlah)"), _share(f.received - balance, f.received)
        ),
        Indicator("waktu", _("Right time (tepat waktu)"), _share(f.received_on_time, f.expected)),
        Indicator(
            "harga",
            _("Right price (tepat harga)"),
            _share(f.expected - f.complaints.get(Complaint.Category.LEVY, 0), f.expected),
        ),
        Indicator(
            "kualitas",
            _("Right quality (tepat kualitas)"),
            _share(f.expected - f.complaints.get(Complaint.Category.QUALITY, 0), f.expected),
        ),
        Indicator(
            "administrasi",
            _("Right administration (tepat administrasi)"),
            _share(f.ticked, f.expected),
        ),
    ]


def anomalies_for(round_: Round) -> list[Anomaly]:
    period = round_.period
    entries = KpmEntry.objects.filter(period_id=round_.period_id, village_id=round_.village_id)
    niks = entries.values("nik_index")
    found: list[Anomaly] = []
    elsewhere = set(
        KpmEntry.objects.filter(
            nik_index__in=niks,
            period__starts_on__lte=period.ends_on,
            period__ends_on__gte=period.starts_on,
        )
        .exclude(village_id=round_.village_id)
        .values_list("nik_index", flat=True)
    )
    twice = set(
        KpmEntry.objects.filter(period_id=round_.period_id, nik_index__in=niks)
        .values("nik_index")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("nik_index", flat=True)
    )
    earlier_deceased = Tick.objects.filter(
        problem=Problem.DECEASED, round__period__starts_on__lt=period.starts_on
    ).values("entry__household_id")
    ratified_deceased = Proposal.objects.filter(
        kind=Proposal.Kind.DECEASED, status=Proposal.Status.RATIFIED, household__isnull=False
    ).values("household_id")
    deceased = set(
        entries.filter(
            Q(household_id__in=earlier_deceased) | Q(household_id__in=ratified_deceased)
        ).values_list("id", flat=True)
    )
    unmarked: set[int] = set()
    if not round_.is_open:
        marked = Tick.objects.filter(MARKED, round=round_).values("entry_id")
        unmarked = set(entries.exclude(id__in=marked).values_list("id", flat=True))
    for entry_id, name, nik_index in entries.order_by("pengurus_name", "id").values_list(
        "id", "pengurus_name", "nik_index"
    ):
        for kind, hit in (
            ("nik_other_village", nik_index in elsewhere),
            ("nik_twice", nik_index in twice),
            ("deceased_listed", entry_id in deceased),
            ("no_mark", entry_id in unmarked),
        ):
            if hit:
                found.append(Anomaly(kind, ANOMALY_LABELS[kind], entry_id, name))
    return found


def _count(queryset: QuerySet[KpmEntry] | QuerySet[Tick], group: str) -> Subquery:
    return Subquery(queryset.order_by().values(group).annotate(n=Count("id")).values("n")[:1])


def with_figures(rounds: QuerySet[Round]) -> QuerySet[Round]:
    """Rounds annotated with `expected` (families on the list), `ticked` (with a mark) and
    `received` (goods or cash received), each a subquery (a list page costs one query)."""
    return rounds.annotate(
        expected=_count(
            KpmEntry.objects.filter(
                period_id=OuterRef("period_id"), village_id=OuterRef("village_id")
            ),
            "period_id",
        ),
        ticked=_count(Tick.objects.filter(MARKED, round_id=OuterRef("pk")), "round_id"),
        received=_count(
            Tick.objects.filter(round_id=OuterRef("pk"), received_at__isnull=False), "round_id"
        ),
    )
