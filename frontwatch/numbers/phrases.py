"""Number phrases and the noun phrase after them: what a number counts, and whose.

Used by counts.py; split out to keep each module to one job (reading a phrase vs. attaching it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontwatch.numbers import lexicon as lx
from frontwatch.numbers.values import MODIFIERS, SUFFIX_MODIFIERS, VAGUE, bounds, number_value

_TOKEN = re.compile(r"[ \t]*([A-Za-z][A-Za-z'’.\-]*|\d[\d,.]*|%)")
_AND_PEOPLE = re.compile(r"\s+(?:and|or|&)\s+", re.IGNORECASE)
# Words that open a noun phrase but say nothing about whose count it is.
_SIDE_STRIP = frozenset({"more", "other", "additional", "further", "of", "the", "a", "an", "some", "another"})
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


@dataclass
class Found:
    """A number phrase and what the words around it say; becomes a Count."""

    start: int
    end: int
    text: str
    low: int | None
    best: int | None
    high: int | None
    weak: bool  # a vague word or a lone "one": kept only when something makes it people
    year_like: bool
    np_end: int = 0
    side: str | None = None
    people: bool = False
    unit: bool = False
    thing: bool = False  # headed by an unknown plural noun: only an adjacent verb gives it a kind
    article: bool = False  # "a"/"an" before a singular person: one, when a verb governs it
    head: str = ""
    adj_kind: str | None = None
    head_kind: str | None = None
    kind: str | None = None
    direct: bool = False
    part_of: int | None = None
    denominator: bool = False


def _people_phrase_at(text: str, pos: int) -> int | None:
    """End of a multi-word people noun starting at pos ("service members"), if any."""
    low = text[pos : pos + 40].lower()
    for phrase in lx.PEOPLE_PHRASES:
        if low.startswith(phrase) and (len(low) == len(phrase) or not low[len(phrase)].isalpha()):
            return pos + len(phrase)
    return None


def is_people_word(text: str, pos: int, word: str) -> int | None:
    """End of the people noun at pos, or None. Capitalised plurals read as demonyms ("Hazaras")."""
    end = _people_phrase_at(text, pos)
    if end is not None:
        return end
    low = word.lower().rstrip(".")
    if low in lx.PEOPLE_NOUNS or low.endswith("men"):
        return pos + len(word.rstrip("."))
    if word[0].isupper() and len(word) > 3 and word.endswith("s") and word[-2] not in "'’" and not word.isupper():
        return pos + len(word)
    return None


def next_token(text: str, pos: int) -> re.Match[str] | None:
    return _TOKEN.match(text, pos)


def _people_after(text: str, pos: int) -> bool:
    nxt = next_token(text, pos)
    return nxt is not None and is_people_word(text, nxt.start(1), nxt.group(1)) is not None


def scan_noun_phrase(text: str, found: Found) -> None:
    """Read the words after a number: its head noun, side, and whether it counts people."""
    pos = found.end
    found.np_end = found.end
    side_start: int | None = None
    modifiers = 0
    after_of = False
    for _ in range(10):
        m = next_token(text, pos)
        if m is None:
            return
        word = m.group(1)
        low = word.lower().rstrip(".")
        wstart = m.start(1)
        if low == "of":
            after_of = True
            pos = m.end()
            continue
        if after_of and low in ("the", "a", "an", "total"):
            pos = m.end()
            continue
        if after_of and low in lx.PEOPLE_PRONOUNS:
            found.people = True
            found.np_end = m.end()
            return
        if after_of and (word[0].isdigit() or low in lx.UNITS or low in lx.TENS):
            pos = m.end()  # "12 of 30 soldiers": the head decides for both numbers
            continue
        if low in lx.UNIT_NOUNS and not low.endswith("s") and _people_after(text, m.end()):
            pos = m.end()  # "a village headman", "a district official": the unit noun qualifies the person
            continue
        if low in lx.UNIT_NOUNS or word == "%":
            found.unit = True
            return
        people_end = is_people_word(text, wstart, word)
        if people_end is not None:
            nxt = next_token(text, people_end)
            if nxt is not None and nxt.group(1).lower().rstrip(".") in lx.UNIT_NOUNS:
                found.unit = True  # "six police districts": the people word only qualifies a thing
                return
            if (
                nxt is not None
                and nxt.group(1).lower().rstrip(".") not in lx.SIDELESS_HEADS
                and is_people_word(text, nxt.start(1), nxt.group(1)) is not None
            ):
                # "wounded soldiers", "militia fighters": the first word only qualifies the head.
                found.adj_kind = found.adj_kind or lx.HEAD_KIND.get(low)
                side_start = wstart if side_start is None and low not in lx.HEAD_KIND else side_start
                pos = people_end
                continue
            if low in ("members", "member") and re.match(r"\s+of\s", text[people_end:]):
                # "20 members of the security forces": the side is the group named after "of";
                # "members" stays the head if no group noun follows.
                side_start = wstart if side_start is None else side_start
                found.people, found.head, found.np_end = True, low, people_end
                found.side = text[side_start:people_end]
                pos = people_end
                continue
            found.people = True
            found.head = low
            found.np_end = people_end
            found.head_kind = lx.HEAD_KIND.get(low)
            if low in lx.SIDELESS_HEADS and side_start is None:
                return
            # "soldiers and policemen": one side phrase for the coordinated heads.
            join = _AND_PEOPLE.match(text, people_end)
            if join is not None:
                nxt = next_token(text, join.end())
                if nxt is not None:
                    other_end = is_people_word(text, nxt.start(1), nxt.group(1))
                    if other_end is not None and nxt.group(1).lower().rstrip(".") not in lx.SIDELESS_HEADS:
                        found.np_end = other_end
            found.side = text[side_start if side_start is not None else wstart : found.np_end]
            return
        cue = lx.CUE_RE.match(text, wstart)
        if cue is not None and cue.end() >= wstart + len(word.rstrip(".")):
            return  # a governing word right after the number: "12 killed"
        if low in lx.STOP_WORDS and not word.isupper():  # "US" troops, not "us"
            return
        if word[0].isdigit():
            return
        if low.endswith(("'s", "’s")):
            pass  # a possessive qualifies the head that follows ("the group's fighters")
        elif low.endswith("s") and not low.endswith("ss") and len(low) > 3 and word[0].islower():
            # An unknown plural noun: the head, but not known to be people ("12 shepherds" or
            # "12 crates"); kept, so a governing verb can still make it a count of the dead.
            found.np_end = wstart + len(word)
            found.thing = True
            return
        if low not in _SIDE_STRIP and side_start is None:
            side_start = wstart
        modifiers += 1
        if modifiers > 3:
            return
        pos = m.end()


def parse_match(m: re.Match[str]) -> Found | None:
    mod = m.group("mod")
    family = MODIFIERS.get(" ".join(mod.lower().split())) if mod else None
    suffix = (m.group("suffix") or "").strip().lower()
    if suffix:
        family = SUFFIX_MODIFIERS.get(" ".join(suffix.split()), family)
    weak = False
    year_like = False
    first = m.group("ra") or m.group("fa") or m.group("ga")
    if first:
        a = number_value(first)
        b = number_value(m.group("rb") or m.group("fb") or m.group("gb"))
        if a is None or b is None:
            return None
        if a >= b:
            # "1-0", "12 or 12": not a range of people
            return None
        bd = bounds(a, family, high=b)
    elif m.group("vague"):
        value = VAGUE[" ".join(m.group("vague").lower().split())]
        bd = bounds(value, family, vague=True)
        weak = True
    else:
        raw = m.group("num")
        stated = number_value(raw)
        if stated is None:
            return None
        weak = raw.lower() == "one"
        year_like = bool(_YEAR.match(raw))
        bd = bounds(stated, family)
    text = m.group(0)
    return Found(m.start(), m.end(), text, bd.low, bd.best, bd.high, weak, year_like)


WORD = re.compile(r"[A-Za-z]+|\d+")
ARTICLE = re.compile(r"\b(?:an?|another)\b", re.IGNORECASE)
# Words that can begin or carry a number phrase; a sentence without one (or a digit) has no count.
_TRIGGERS = frozenset(
    set(lx.UNITS)
    | set(lx.TENS)
    | {"dozen", "hundred", "thousand", "million", "half"}
    | {w for v in VAGUE for w in v.split()}
) - {"a", "of"}
# How many words before a trigger a phrase may begin ("in excess of 50", "as many as 70").
_LOOKBACK_WORDS = 3


def number_matches(text: str) -> list[re.Match[str]]:
    """COUNT_RE matches, tried only near words that can carry a number.

    Scanning the whole sentence with the large alternation costs about 0.1 ms; trying it at a
    few word starts around each trigger is several times faster and finds the same phrases.
    """
    words = list(WORD.finditer(text))
    out: list[re.Match[str]] = []
    done = 0
    for i, w in enumerate(words):
        token = w.group(0)
        if w.start() < done or not (token[0].isdigit() or token.lower() in _TRIGGERS):
            continue
        for j in range(max(0, i - _LOOKBACK_WORDS), i + 1):
            start = words[j].start()
            if start < done:
                continue
            m = lx.COUNT_RE.match(text, start)
            if m is not None and m.end() > w.start():
                out.append(m)
                done = m.end()
                break
    return out
