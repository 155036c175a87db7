"""Persona sets and status helpers shared by the coordination and training matrix cases."""

from __future__ import annotations

from typing import Any

from sipsm.coordination.tests import support as s
from sipsm.core.tests.matrix import SIGNED_IN
from sipsm.testing import World

COORDINATORS = {"national", "province", "regency", "other_regency", "district"}
PARTICIPANTS = COORDINATORS | {"village", "other_village"}
IN_AREA = {"national", "province", "regency", "district", "village", "other_village", "partner"}
RUNS_UNIT = {"national", "province", "regency"}
SUPERVISORS = {"national", "province", "regency", "district"}
REGISTRARS = {"national", "province", "regency", "other_regency"}


def matrix(
    ok: set[str], code: int, *, sees: set[str] = IN_AREA, refused: int = 403, api: bool = False
) -> dict[str, int]:
    """`ok` get `code`; those who see the row but may not act get `refused`; others 404."""
    result = {"anonymous": 401 if api else 302}
    for persona in SIGNED_IN:
        result[persona] = code if persona in ok else refused if persona in sees else 404
    return result


def everyone(code: int, *, api: bool = False, **overrides: int) -> dict[str, int]:
    result = dict.fromkeys(SIGNED_IN, code)
    result["anonymous"] = 401 if api else 302
    result.update(overrides)
    return result


def only(ok: set[str], code: int, other: int, *, api: bool = False) -> dict[str, int]:
    result = {p: (code if p in ok else other) for p in SIGNED_IN}
    result["anonymous"] = 401 if api else 302
    return result


def consultation_path(w: World, suffix: str = "", *, stage: str = "open") -> str:
    return f"/konsultasi/{s.consultation(w, stage=stage).pk}/{suffix}"


def api_consultation(w: World, suffix: str = "", *, stage: str = "open") -> str:
    tail = f"/{suffix}" if suffix else ""
    return f"/api/v1/consultations/{s.consultation(w, stage=stage).pk}{tail}"


def consultant_list(w: World) -> str:
    s.consultant(w)
    return "/konsultan/"


def article_form(w: World, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "good_practice",
        "title": "Praktik baik: dapur umum warga",
        "body": "Warga mengelola dapur umum bergiliran.",
        "tags": "bencana, dapur-umum",
        **extra,
    }


def meeting_form(w: World) -> dict[str, Any]:
    return {
        "unit": "",
        "kind": "monthly",
        "title": "Rapat bulanan",
        "starts_at": "2025-07-01T09:00",
        "status": "planned",
        "place": "Kantor desa",
    }


ANNOUNCEMENT_JSON = {
    "title": "Siaga banjir",
    "body": "Pantau ketinggian air.",
    "priority": "urgent",
}
QUESTION = {
    "route": "supervisor",
    "topic": "casework",
    "subject": "Rujukan lansia",
    "question": "Ke mana merujuk lansia terlantar?",
}
