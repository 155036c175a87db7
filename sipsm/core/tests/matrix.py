"""The building blocks of the permission matrix (sipsm/core/tests/permission_cases.py).

Personas (see sipsm.testing): national admin, province coordinator (75), regency coordinator
(75.01), a coordinator of another regency (75.03), the district coordinator (TKSK) and two
village PSMs of one district of 75.01 ("village" lives with member_a and candidate_a in
village_a; "other_village" in village_b), a government partner bound to 75.01, and anonymous.

Each app lists its routes as `Case`s in its own tests/permission_cases.py; `expect` gives the
status code per persona and `mutates` the personas whose request must change the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sipsm.testing import World

PERSONAS = [
    "anonymous",
    "national",
    "province",
    "regency",
    "other_regency",
    "district",
    "village",
    "other_village",
    "partner",
]
EVERYONE = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


def statuses(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    result = dict.fromkeys(SIGNED_IN, default)
    result["anonymous"] = anonymous
    result.update(overrides)
    return result


@dataclass
class Case:
    route: str
    method: str
    path: Callable[[World], str]
    expect: dict[str, int]
    mutates: set[str] = field(default_factory=set)
    data: Callable[[World], Any] | None = None
    json: bool = False

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.route}"


# Who can see member_a (village_a, district of 75.01) and who gets 404.
SEES_A = {"national", "province", "regency", "district", "village"}
BLIND_TO_A = {"other_regency", "other_village", "partner"}


def member_matrix(
    allowed: set[str], ok: int, refused: int = 403, anonymous: int = 302
) -> dict[str, int]:
    """Allowed personas get `ok`; those who see member_a but may not act get `refused`;
    those who cannot see member_a get 404."""
    result = {"anonymous": anonymous}
    for persona in SIGNED_IN:
        if persona in allowed:
            result[persona] = ok
        elif persona in BLIND_TO_A:
            result[persona] = 404
        else:
            result[persona] = refused
    return result


CAN_REGISTER = {"national", "province", "regency", "district", "village"}
CAN_VERIFY = {"national", "province", "regency"}
CAN_EDIT = {"national", "province", "regency", "district"}
IMPORTERS = {"national", "province", "regency", "other_regency"}
SEES_INCIDENT = {"national", "province", "regency", "district", "village", "partner"}
MANAGES_INCIDENT = {"national", "province", "regency", "district"}


def incident_matrix(allowed: set[str], ok: int, anonymous: int = 302) -> dict[str, int]:
    result = {"anonymous": anonymous}
    for persona in SIGNED_IN:
        if persona in allowed:
            result[persona] = ok
        elif persona in SEES_INCIDENT:
            result[persona] = 403
        else:
            result[persona] = 404
    return result


SEES_REGENCY_UNIT = {
    "national",
    "province",
    "regency",
    "district",
    "village",
    "other_village",
    "partner",
}


def unit_matrix(allowed: set[str], ok: int, anonymous: int = 302) -> dict[str, int]:
    result = {"anonymous": anonymous}
    for persona in SIGNED_IN:
        if persona in allowed:
            result[persona] = ok
        elif persona in SEES_REGENCY_UNIT:
            result[persona] = 403
        else:
            result[persona] = 404
    return result
