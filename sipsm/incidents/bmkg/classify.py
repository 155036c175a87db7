"""Which incident type a CAP alert is, from its event text (Indonesian or English) and category.

The first rule whose words occur in the event name wins; then the CAP category decides
(Met -> extreme weather, Health -> outbreak, Fire -> residential fire, others -> other event).
The description is not used: BMKG's thunderstorm text mentions "banjir lokal" as a possible
impact, which does not make the warning a flood. OASIS event codes (`OET-194` ...) are kept
in the payload but not used, as their meaning in BMKG's profile is not documented.
"""

from __future__ import annotations

from sipsm.incidents.bmkg.cap import Alert, Info
from sipsm.regions.text import search_key

RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tsunami", ("tsunami",)),
    ("gempa_bumi", ("gempa", "gempabumi", "earthquake", "seismic")),
    (
        "erupsi_gunung_api",
        (
            "erupsi",
            "letusan",
            "gunung api",
            "gunungapi",
            "volcan",
            "eruption",
            "abu vulkanik",
            "ashfall",
        ),
    ),
    (
        "kebakaran_hutan_lahan",
        (
            "kebakaran hutan",
            "karhutla",
            "wildfire",
            "forest fire",
            "bushfire",
            "titik panas",
            "hotspot",
        ),
    ),
    (
        "angin_puting_beliung",
        ("puting beliung", "whirlwind", "tornado", "waterspout", "angin ribut"),
    ),
    ("banjir", ("banjir", "flood", "rob ", "genangan")),
    ("tanah_longsor", ("longsor", "landslide", "mudslide", "debris flow")),
    ("kekeringan", ("kekeringan", "drought", "hari tanpa hujan")),
    (
        "gelombang_pasang_abrasi",
        ("gelombang", "abrasi", "high wave", "storm surge", "tidal", "coastal"),
    ),
    ("wabah", ("wabah", "outbreak", "epidemic", "pandemic", "penyakit", "disease")),
    (
        "cuaca_ekstrem",
        (
            "hujan",
            "petir",
            "thunderstorm",
            "rain",
            "storm",
            "badai",
            "angin kencang",
            "strong wind",
            "cuaca",
            "weather",
            "heat",
            "suhu panas",
        ),
    ),
)
BY_CATEGORY = {"Met": "cuaca_ekstrem", "Health": "wabah", "Fire": "kebakaran_permukiman"}
FALLBACK = "lainnya"


def _matches(text: str, words: tuple[str, ...]) -> bool:
    padded = f" {text} "
    return any(f" {word}" in padded for word in words)


def type_code_for_info(info: Info) -> str:
    event = search_key(info.event)
    for code, words in RULES:
        if _matches(event, words):
            return code
    for category in info.categories:
        if category in BY_CATEGORY:
            return BY_CATEGORY[category]
    return FALLBACK


def type_code_for(alert: Alert) -> str:
    info = alert.primary_info
    return type_code_for_info(info) if info is not None else FALLBACK
