"""States named as the side that acts, without a force word: "clashes between Ruritania and
Borduria", "Ruritania launched a missile attack", "Ruritanian President X said his troops took the
town". Country names come from pycountry, demonyms from ``frontwatch/data/demonyms.tsv``, leader
titles from the ``leader_titles`` vocabulary table."""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

import pycountry

from frontwatch import vocabulary
from frontwatch.rulebook import register

_DATA = Path(__file__).resolve().parent.parent / "data"
# "his country's forces", "Ruritania shelled": the force nouns and attack verbs come from the tables
_FORCES = vocabulary.alternation("actor_words_intl", lang="en", kind="military", possessed="yes")
_ACT = r"(?:launched|" + vocabulary.alternation("attack_words", lang="en", state_act="yes") + ")"


@functools.cache
def _names() -> dict[str, str]:
    """Country names and demonyms (lower case) -> ISO alpha-2 code."""
    out: dict[str, str] = {}
    for c in pycountry.countries:
        for name in {c.name, getattr(c, "common_name", c.name)}:
            if len(name) >= 4 and "," not in name:
                out[name.lower()] = c.alpha_2
    with (_DATA / "demonyms.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) >= 2 and not row[0].startswith("#") and len(row[1]) == 2:
                out.setdefault(row[0].lower(), row[1].upper())
    return out


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    alt = "|".join(re.escape(n) for n in sorted(_names(), key=len, reverse=True))
    name = rf"(?P<a>{alt})"
    between = re.compile(
        rf"\b(?:clashes|fighting|war|conflict|hostilities|battles?)\s+between\s+(?:the\s+)?{name}\s+and\s+(?:the\s+)?(?P<b>{alt})\b",
        re.IGNORECASE,
    )
    acts = re.compile(
        rf"\b{name}\s+(?:has\s+|have\s+)?(?:\w+ly\s+)?(?:\w+ed\s+(?:\w+\s+){{0,4}}and\s+)?{_ACT}\b", re.IGNORECASE
    )
    leader = re.compile(
        rf"\b{name}\s+{vocabulary.alternation('leader_titles', lang='en')}\b[^.;]{{0,80}}?\b(?:his|her|its|their|our)\s+"
        rf"(?:country['’]s\s+)?{_FORCES}\b",
        re.IGNORECASE,
    )
    return between, acts, leader


def country_named(word: str) -> str | None:
    """The ISO code of a country name or demonym ("Ruritanian"), or None."""
    return _names().get(word.lower())


def states_acting(text: str) -> list[str]:
    """ISO codes of the states a sentence names as the side that acts, in text order."""
    found: list[tuple[int, str]] = []
    for pat in _patterns():
        for m in pat.finditer(text):
            for group in ("a", "b"):
                if group in pat.groupindex and m.group(group):
                    found.append((m.start(group), _names()[m.group(group).lower()]))
    return list(dict.fromkeys(code for _, code in sorted(found)))


ACTORS_STATE_BY_NAME = register(
    "ACTORS-STATE-BY-NAME",
    stage="actors",
    reason="a state named as the side that acts (in a clash 'between X and Y', as the subject of an attack, through its leader's troops) is that state's forces",
    positive=[
        "Deadly clashes between Ecuador and Colombia broke out on the border.",
        "Norway has blatantly violated the truce and launched a missile attack on the city.",
        "Portuguese President Ivo Orlov said his country's forces had captured the town.",
    ],
    negative=["Norway said rebels fired rockets at the town.", "The president congratulated the winners."],
    check=lambda t: bool(states_acting(t)),
)
