"""Constants shared by the identity tests."""

from __future__ import annotations

import datetime as dt

# A fixed "today" so that century choices do not change with the calendar.
TODAY = dt.date(2025, 6, 30)
