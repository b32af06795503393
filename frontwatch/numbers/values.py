"""Reading the value of a number phrase: digits, words, vague quantities and modifiers.

Everything here is table lookups and small regexes; no model is loaded, because the
numbers stage runs on every sentence of every article.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from number_parser import parse_number

logger = logging.getLogger(__name__)

UNITS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES: dict[str, int] = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}

# Vague quantities, mapped per ACLED's fatality conventions (acled-facts.md §5): "several",
# "many" and "few" code 3 (the small end of ACLED's "3 or 10"; a caller that knows the attack
# was large-scale can raise it), "tens" 10, "dozens" 12, "hundreds" 100. "scores", "thousands"
# and the "tens/hundreds of thousands" forms follow the same rule: the smallest multiple named.
VAGUE: dict[str, int] = {
    "tens of thousands": 10_000,
    "hundreds of thousands": 100_000,
    "several dozen": 36,
    "several hundred": 300,
    "several thousand": 3000,
    "a few dozen": 36,
    "a few hundred": 300,
    "a few thousand": 3000,
    "half a dozen": 6,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "tens": 10,
    "several": 3,
    "a handful": 3,
    "handful": 3,
    "a few": 3,
    "few": 3,
    "many": 3,
    "numerous": 3,
}

# Modifier families: how a word before the number bounds the true value.
MODIFIERS: dict[str, str] = {
    "more than": "above",
    "over": "above",
    "upwards of": "above",
    "in excess of": "above",
    "greater than": "above",
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
    "a minimum of": "at_least",
    "about": "approx",
    "around": "approx",
    "some": "approx",
    "roughly": "approx",
    "approximately": "approx",
    "an estimated": "approx",
    "estimated": "approx",
    "perhaps": "approx",
    "nearly": "near",
    "almost": "near",
    "close to": "near",
    "just under": "near",
    "up to": "upper",
    "as many as": "upper",
    "at most": "upper",
    "no more than": "upper",
    "not more than": "upper",
    "fewer than": "below",
    "less than": "below",
    "between": "range",
}
SUFFIX_MODIFIERS: dict[str, str] = {"+": "at_least", "-plus": "at_least", "or more": "at_least", "or so": "approx"}

_WORD_NUMBER_TOKEN = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:\s+(hundred|thousand|million))?")
_MODIFIER_PREFIX = re.compile(
    r"^(?:" + "|".join(sorted((re.escape(m) for m in MODIFIERS), key=len, reverse=True)) + r")\s+", re.IGNORECASE
)


@dataclass(frozen=True)
class Bounds:
    """low/best/high read from one number phrase; None where the wording leaves it open."""

    low: int | None
    best: int | None
    high: int | None


def _words_value(words: str) -> int | None:
    """Value of a run of number words ("two hundred and forty-one", "a dozen")."""
    tokens = [t for t in _WORD_NUMBER_TOKEN.findall(words.lower()) if t != "and"]
    if not tokens:
        return None
    if tokens[:3] == ["half", "a", "dozen"]:
        return 6
    total = 0
    current = 0
    seen = False
    for tok in tokens:
        if tok in UNITS:
            current += UNITS[tok]
            seen = True
        elif tok in TENS:
            current += TENS[tok]
            seen = True
        elif tok in ("a", "an"):
            continue  # "a hundred": the scale below multiplies by one
        elif tok in ("dozen", "hundred"):
            current = (current or 1) * SCALES[tok]
            seen = True
        elif tok in ("thousand", "million"):
            total += (current or 1) * SCALES[tok]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def number_value(phrase: str) -> int | None:
    """The number a phrase states, as an int: "1,000" -> 1000, "forty-one" -> 41.

    Modifiers are ignored ("more than 200" -> 200), a range gives its first number
    ("10 to 15" -> 10) and a vague quantity gives its ACLED value ("dozens" -> 12,
    "several" -> 3); a lone article ("a", "an") is 1. None when the phrase holds no whole number.
    """
    text = " ".join(phrase.strip().lower().split())
    text = _MODIFIER_PREFIX.sub("", text)
    if text in ("a", "an", "another"):
        return 1  # the article before a singular person ("killed a soldier")
    if text in VAGUE:
        return VAGUE[text]
    for vague, value in VAGUE.items():
        if text.startswith(vague + " of ") or text == vague:
            return value
    m = _DIGITS.search(text)
    if m:
        raw = m.group(1).replace(",", "")
        scale = SCALES.get(m.group(2) or "", 1)
        try:
            amount = float(raw) * scale
        except ValueError:
            return None
        return int(amount) if amount == int(amount) else None
    # A range in words ("ten to fifteen"): read the part before the joining word.
    head = re.split(r"\s+(?:to|or)\s+|\s*[–—]\s*", text)[0]
    in_words = _words_value(head)
    if in_words is not None:
        return in_words
    parsed = parse_number(head)
    return parsed if isinstance(parsed, int) else None


def bounds(value: int, family: str | None, *, high: int | None = None, vague: bool = False) -> Bounds:
    """low/best/high for a stated value under a modifier family (see MODIFIERS).

    "more than 40" -> (41, 41, None); "at least 40" -> (40, 40, None); "about 40" ->
    (None, 40, None); "nearly 40" and "up to 40" -> (None, 40, 40): the lower bound is
    unknown, and the stated figure stays the best reading because it is the only one given;
    "fewer than 40" -> (None, 39, 39). A range (high given) -> (low, low, high): the low end
    is best because ACLED codes the lowest credible figure. A vague word -> (v, v, None).
    """
    if high is not None:
        return Bounds(value, value, high)
    if vague:
        if family == "above":
            return Bounds(value + 1, value + 1, None)
        return Bounds(value, value, None)
    if family == "above":
        return Bounds(value + 1, value + 1, None)
    if family == "at_least":
        return Bounds(value, value, None)
    if family == "approx":
        return Bounds(None, value, None)
    if family in ("near", "upper"):
        return Bounds(None, value, value)
    if family == "below":
        return Bounds(None, max(value - 1, 0), max(value - 1, 0))
    return Bounds(value, value, value)
