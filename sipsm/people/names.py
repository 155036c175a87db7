"""Indonesian personal names: a search key and a similarity for duplicate detection.

The same child is written "Muhammad Rizki", "Moh. Rizky" or "M. Risky" by different
volunteers, and older spellings survive in names ("Soekarno" for "Sukarno", "Djoko" for
"Joko", "Tjahjo" for "Cahyo"). `name_key` removes case, accents and punctuation;
`sound_key` also folds the old spellings and common vowel/consonant variants, and is what
`similarity` compares.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_NON_LETTERS = re.compile(r"[^a-z\s]")
# Abbreviations and spellings of the most common first names, folded to one form.
_WORD_FORMS = {
    "m": "muhammad",
    "md": "muhammad",
    "moh": "muhammad",
    "mohd": "muhammad",
    "muh": "muhammad",
    "muhamad": "muhammad",
    "muhammad": "muhammad",
    "mohammad": "muhammad",
    "mohamad": "muhammad",
    "mochamad": "muhammad",
    "mochammad": "muhammad",
    "muhamat": "muhammad",
    "abd": "abdul",
    "nur": "nur",
    "noer": "nur",
    "siti": "siti",
    "st": "siti",
}
# Old (van Ophuijsen / Soewandi) spellings and common variants, applied in this order.
_SOUND_RULES = [
    ("oe", "u"),
    ("dj", "j"),
    ("tj", "c"),
    ("sj", "sy"),
    ("ch", "kh"),
    ("nj", "ny"),
    ("ph", "f"),
    ("th", "t"),
    ("z", "s"),
    ("v", "f"),
    ("q", "k"),
    ("x", "ks"),
    ("y", "i"),
    ("ie", "i"),
    ("ee", "i"),
    ("oo", "u"),
]
_REPEATS = re.compile(r"(.)\1+")


def name_key(full_name: str) -> str:
    """`"  Siti  Nur'aini, S.Pd "` -> `"siti nuraini spd"`: for search and indexes."""
    if not full_name:
        return ""
    if full_name.isascii():  # most names: nothing to decompose (a national list has millions)
        text = full_name.lower()
    else:
        text = unicodedata.normalize("NFKD", full_name)
        text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("'", "").replace("`", "").replace("’", "")
    text = _NON_LETTERS.sub(" ", text)
    return " ".join(text.split())[:150]


def _fold_word(word: str) -> str:
    word = _WORD_FORMS.get(word, word)
    for old, new in _SOUND_RULES:
        word = word.replace(old, new)
    return _REPEATS.sub(r"\1", word)


def sound_key(full_name: str) -> str:
    """The name with spelling variants folded, words in their original order."""
    return " ".join(_fold_word(w) for w in name_key(full_name).split())


def similarity(a: str, b: str) -> float:
    """0..1: how likely two written names are the same name.

    Compares the folded names with their words sorted (word order varies), and gives a name
    that is the other with words left out ("Rizki" / "Muhammad Rizki") a fair score.
    """
    left, right = sound_key(a).split(), sound_key(b).split()
    if not left or not right:
        return 0.0
    whole = SequenceMatcher(None, " ".join(sorted(left)), " ".join(sorted(right))).ratio()
    shorter, longer = (left, right) if len(left) <= len(right) else (right, left)
    matched = sum(
        1
        for word in shorter
        if any(SequenceMatcher(None, word, other).ratio() >= 0.85 for other in longer)
    )
    contained = 0.8 * matched / len(shorter) if len(shorter) < len(longer) else 0.0
    return round(max(whole, contained), 3)
