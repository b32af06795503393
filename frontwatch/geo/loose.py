"""Town names written in another Latin transliteration than the gazetteer's.

Only names the text frames as a town ("the town of X") are looked up this way, and only when the
spellings within two moves (``normalize.loose_keys``) name exactly one town: short or bare names
collide too easily.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from frontwatch.geo.normalize import is_latin, loose_keys, name_key
from frontwatch.rulebook import register

if TYPE_CHECKING:
    from frontwatch.geo.gazetteer import Entry, Gazetteer


def loose_lookup(gaz: Gazetteer, text: str) -> tuple[Entry, ...]:
    """The towns and villages a framed name ("the town of X") names in another transliteration:
    only when the keys within two spelling moves name exactly one town."""
    found: dict[int | None, Entry] = {}
    for key in loose_keys(text):
        if gaz.has_key(key):
            for en in gaz.entries(key):
                if en.place.feature == "city":
                    found.setdefault(en.place.geonameid, en)
    return tuple(found.values()) if len(found) == 1 else ()


def _loose_check(text: str) -> bool:
    written, stored = text.split(" | ")
    return name_key(stored) in loose_keys(written)


PLACES_LOOSE_TRANSLITERATION = register(
    "PLACES-LOOSE-TRANSLITERATION",
    stage="places",
    reason="a town framed as one ('the town of X') is found in another transliteration (doubled consonant, short vowel, article)",
    positive=["Kafr Zarovat | Kafr Zarrovat", "Tell al-Ramid | Tell ar Ramd"],
    negative=["Zarovat | Zarrovat", "Kafr Zarovat | Kafr Dumayra"],
    check=_loose_check,
)


# a long vowel written twice inside a word (Somali "Shabeelle", "Hiiraan"; Finnish "Uusimaa")
_DOUBLED_VOWEL = re.compile(r"([aeiou])\1")


def single_vowel_name(name: str) -> str | None:
    """Rule PLACES-SINGLE-VOWEL-REGION: a province's name whose long vowels are written twice ("Lower
    Shabeelle", "Hiiraan") with each written once, the way English news spells it ("Lower Shabelle",
    "Hiran"); None when the name has no doubled vowel. The gazetteer build adds it as an alias of the
    province only where no other place already holds that spelling."""
    if not is_latin(name) or not _DOUBLED_VOWEL.search(name):
        return None
    return _DOUBLED_VOWEL.sub(r"\1", name)


def _single_vowel_check(text: str) -> bool:
    written, stored = text.split(" | ")
    variant = single_vowel_name(stored)
    return variant is not None and name_key(variant) == name_key(written)


PLACES_SINGLE_VOWEL_REGION = register(
    "PLACES-SINGLE-VOWEL-REGION",
    stage="places",
    reason="a province whose long vowels the gazetteer doubles ('Lower Shabeelle') is found as news spells it, single",
    positive=["Lower Zarovele | Lower Zarooveele", "Zarovan | Zaroovaan"],
    negative=["Zarovan | Zarovan", "Region I | Region II", "Zarvan | Zaroovaan"],
    check=_single_vowel_check,
)
