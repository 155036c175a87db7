"""Response times: report -> verified -> first alert -> first accept -> first on site."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sipsm.accounts.models import User
from sipsm.incidents.models import Incident


@dataclass(frozen=True)
class Interval:
    label: str | Promise
    seconds: float | None

    @property
    def display(self) -> str:
        if self.seconds is None:
            return "—"
        minutes, seconds = divmod(int(self.seconds), 60)
        hours, minutes = divmod(minutes, 60)
        if hours:
            return gettext("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
        return gettext("%(m)d min %(s)d s") % {"m": minutes, "s": seconds}


def _between(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds())


def incident_timings(incident: Incident) -> list[Interval]:
    return [
        Interval(_("Report → verified"), _between(incident.reported_at, incident.verified_at)),
        Interval(
            _("Verified → first alert"), _between(incident.verified_at, incident.first_alert_at)
        ),
        Interval(
            _("Alert → first acceptance"),
            _between(incident.first_alert_at, incident.first_accept_at),
        ),
        Interval(
            _("Acceptance → on site"), _between(incident.first_accept_at, incident.first_on_site_at)
        ),
    ]


@dataclass
class TimingRow:
    region_code: str
    region_name: str
    month: str
    incidents: int
    medians: list[float | None]

    def display(self) -> list[str]:
        return [Interval("", m).display for m in self.medians]


INTERVAL_LABELS = [
    _("Report → verified"),
    _("Verified → first alert"),
    _("Alert → first acceptance"),
    _("Acceptance → on site"),
]


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def aggregate_timings(incidents: Iterable[Incident], *, group_length: int) -> list[TimingRow]:
    """Median of each interval per region (codes cut to `group_length`) and month."""
    from sipsm.regions.models import Region

    groups: dict[tuple[str, str], list[list[float]]] = {}
    counts: dict[tuple[str, str], int] = {}
    for incident in incidents:
        # Months as people in Indonesia count them (settings.TIME_ZONE), not in UTC.
        month = timezone.localtime(incident.reported_at).strftime("%Y-%m")
        key = (incident.region_id[:group_length], month)
        bucket = groups.setdefault(key, [[], [], [], []])
        counts[key] = counts.get(key, 0) + 1
        for index, interval in enumerate(incident_timings(incident)):
            if interval.seconds is not None:
                bucket[index].append(interval.seconds)
    names = dict(
        Region.objects.filter(code__in={code for code, _month in groups}).values_list(
            "code", "chain"
        )
    )
    return [
        TimingRow(
            region_code=code,
            region_name=names.get(code, code),
            month=month,
            incidents=counts[(code, month)],
            medians=[_median(values) for values in groups[(code, month)]],
        )
        for code, month in sorted(groups, key=lambda k: (k[1], k[0]), reverse=True)
    ]


def timings_for(user: User, *, year: int) -> list[TimingRow]:
    """Response times of the incidents `user` sees reported in `year` (local time), per region
    one level below the user's area and per month; false alarms left out."""
    from sipsm.incidents.access import incidents_for

    scope = user.scope_code
    group_length = {None: 2, 2: 5, 5: 8}.get(len(scope) if scope else None, 13)
    incidents = (
        incidents_for(user)
        .filter(reported_at__year=year)
        .exclude(status=Incident.Status.FALSE_ALARM)
        .only(
            "region_id",
            "reported_at",
            "verified_at",
            "first_alert_at",
            "first_accept_at",
            "first_on_site_at",
        )
    )
    return aggregate_timings(incidents, group_length=group_length)
