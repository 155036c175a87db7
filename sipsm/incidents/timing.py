"""Response times: report -> verified -> first alert -> first accept -> first on site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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
            return f"{hours} j {minutes} m"
        return f"{minutes} m {seconds} d"


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
