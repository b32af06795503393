"""The rule type shared by the absolute and relative date tables, and the regex pieces both use."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from frontwatch.dates.spans import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS, Resolved


@dataclass(frozen=True)
class Context:
    """What a rule may look at besides its own match."""

    published: date | None
    # The sentence frames the phrase as a plan or deadline ("will", "scheduled", "deadline"),
    # so a phrase whose direction is open ("Tuesday", "11 September") is read forward.
    forward: bool = False


Resolver = Callable[[re.Match[str], Context], Resolved | None]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    # True when the phrase's direction is not fixed by its words (a bare weekday or a date
    # without a year): a future cue in the sentence then both re-resolves it and marks it future.
    flexible: bool = False
    # Cheap gates, checked once per sentence before the regex runs (most sentences hold no
    # date): the sentence must contain one of these lower-case words, and a digit if asked.
    words: frozenset[str] | None = None
    digits: bool = False

    def may_match(self, words: set[str], has_digit: bool) -> bool:
        if self.digits and not has_digit:
            return False
        return self.words is None or not self.words.isdisjoint(words)


def _title_and_upper(words: list[str]) -> str:
    """Alternation of Title-case and UPPER-case forms, longest first.

    Case matters: lower-case "may" and "march" are a verb, and news prints months and
    weekdays capitalised (datelines sometimes in capitals).
    """
    forms = {w.title() for w in words} | {w.upper() for w in words}
    return "|".join(sorted(forms, key=len, reverse=True))


# A month name or abbreviation ("Sept.", "Aug", "AUGUST"); never the start of a longer word
# ("Marines", "Mayor", "Decree").
MONTH = rf"(?:{_title_and_upper(list(MONTHS) + list(MONTH_ABBREVIATIONS))})(?![A-Za-z])\.?"
MONTH_FULL = rf"(?:{_title_and_upper(list(MONTHS))})(?![A-Za-z])"
WEEKDAY = rf"(?:{_title_and_upper(list(WEEKDAYS))})(?![A-Za-z])"


def day_group(name: str) -> str:
    """A day of the month, 1-31, optionally ordinal ("7", "07", "27th").

    Not followed by another digit, a clock colon ("15:33"), a decimal or a thousands group
    ("3,000"), so times and counts are not read as days.
    """
    return rf"(?P<{name}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:%]|\.\d|,\d{{3}})"


def year_group(name: str) -> str:
    # 1900-2099 only: four-digit clock times ("2100 GMT") and counts fall outside it.
    return rf"(?P<{name}>(?:19|20)\d\d)(?!\d|:\d)"


# An optional leading weekday on an explicit date ("Thursday, August 26", "Friday 27 Mar").
WEEKDAY_PREFIX = rf"(?:{WEEKDAY},?\s+)?"


def compile_rule(pattern: str) -> re.Pattern[str]:
    # Every phrase starts a word; the leading \b lets the engine skip mid-word positions cheaply.
    return re.compile(rf"\b{pattern}")


WORD = re.compile(r"[A-Za-z]+")
MONTH_WORDS = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS)
WEEKDAY_WORDS = frozenset(WEEKDAYS)


def sentence_words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}
