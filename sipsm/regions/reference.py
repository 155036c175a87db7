"""The official code list as shipped, independent of what is loaded in the database.

Identity numbers are checked against the official list (a NIK issued in a province that this
installation has not loaded is still a valid NIK).
"""

from __future__ import annotations

import csv
from functools import lru_cache

from sipsm.regions.loading import DATA_FILE, _open


@lru_cache(maxsize=1)
def official_codes_above_village() -> frozenset[str]:
    """Dotted codes of all provinces, regencies and districts in the shipped list."""
    with _open(DATA_FILE) as fh:
        return frozenset(row["code"] for row in csv.DictReader(fh) if row["level"] != "4")
