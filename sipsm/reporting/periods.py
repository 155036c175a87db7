"""Reporting periods: a calendar month, or a whole (budget) year, in local time (Asia/Jakarta)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
FIRST_YEAR = 2018  # PP 2/2018: the SPM years start here; nothing earlier is reported


class BadPeriod(ValueError):
    """The text is not a period (YYYY-MM or YYYY)."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int = 0  # 0: the whole year

    def __post_init__(self) -> None:
        if not FIRST_YEAR <= self.year <= 2100 or not 0 <= self.month <= 12:
            raise BadPeriod(f"{self.year}-{self.month}")

    @classmethod
    def parse(cls, text: str) -> Period:
        text = (text or "").strip()
        if match := _MONTH.match(text):
            return cls(int(match[1]), int(match[2]))
        if match := _YEAR.match(text):
            return cls(int(match[1]))
        raise BadPeriod(text)

    @classmethod
    def current_month(cls) -> Period:
        today = timezone.localdate()
        return cls(today.year, today.month)

    @classmethod
    def previous_month(cls) -> Period:
        today = timezone.localdate()
        return cls(today.year - 1, 12) if today.month == 1 else cls(today.year, today.month - 1)

    @property
    def is_year(self) -> bool:
        return self.month == 0

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, 1)

    @property
    def end(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def start_at(self) -> dt.datetime:
        """The first instant of the period in local time, as an aware datetime."""
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    def end_at(self) -> dt.datetime:
        """The first instant after the period."""
        return timezone.make_aware(
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min)
        )

    @property
    def key(self) -> str:
        return f"{self.year}" if self.is_year else f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        if self.is_year:
            return str(self.year)
        return date_format(self.start, "F Y")

    def months(self) -> list[Period]:
        """The months of the period (a month is its own only month)."""
        if not self.is_year:
            return [self]
        return [Period(self.year, m) for m in range(1, 13)]

    def year_period(self) -> Period:
        return Period(self.year)

    def next(self) -> Period:
        if self.is_year:
            return Period(self.year + 1)
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    def previous(self) -> Period:
        if self.is_year:
            return Period(self.year - 1)
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def months_between(first: Period, last: Period) -> list[Period]:
    """Every month from `first` to `last` (both months, inclusive)."""
    result = []
    current = Period(first.year, first.month or 1)
    stop = Period(last.year, last.month or 12)
    while current <= stop:
        result.append(current)
        current = current.next()
    return result
