"""Models of reporting: the activity log (activity.py), monthly reports (monthly.py) and the
pre-aggregated figures (aggregates.py)."""

from sipsm.reporting.models.activity import (
    Activity,
    ActivityBeneficiaryGroup,
    ActivityPhoto,
    ActivityQuerySet,
    ActivityType,
    AgeGroup,
    ProgramArea,
)
from sipsm.reporting.models.aggregates import (
    COUNT_COLUMNS,
    YEAR,
    DirtyPeriod,
    EquitySnapshot,
    RegionStat,
    SpmStat,
)
from sipsm.reporting.models.monthly import MonthlyReport, MonthlyReportQuerySet, ReportEvent

__all__ = [
    "COUNT_COLUMNS",
    "YEAR",
    "Activity",
    "ActivityBeneficiaryGroup",
    "ActivityPhoto",
    "ActivityQuerySet",
    "ActivityType",
    "AgeGroup",
    "DirtyPeriod",
    "EquitySnapshot",
    "MonthlyReport",
    "MonthlyReportQuerySet",
    "ProgramArea",
    "RegionStat",
    "ReportEvent",
    "SpmStat",
]
