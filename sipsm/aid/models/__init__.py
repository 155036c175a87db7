"""Models of the aid module (see each module's docstring)."""

from sipsm.aid.models.complaints import Complaint
from sipsm.aid.models.distribution import (
    TARGETING_PROBLEMS,
    Assignment,
    AssignmentQuerySet,
    Mark,
    Problem,
    Round,
    Tick,
)
from sipsm.aid.models.kpm import KpmEntry, KpmEntryQuerySet, KpmImport, KpmImportProblem
from sipsm.aid.models.programs import Period, Program
from sipsm.aid.models.proposals import Proposal

__all__ = [
    "TARGETING_PROBLEMS",
    "Assignment",
    "AssignmentQuerySet",
    "Complaint",
    "KpmEntry",
    "KpmEntryQuerySet",
    "KpmImport",
    "KpmImportProblem",
    "Mark",
    "Period",
    "Problem",
    "Program",
    "Proposal",
    "Round",
    "Tick",
]
