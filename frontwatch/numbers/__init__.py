"""Counts of people (killed, wounded, freed, captured, displaced) and ACLED fatalities.

Regexes and small word tables only: this stage runs on every sentence, so it loads no model.

Public API:
    find_counts(text, *, offset=0) -> list[Count]
    number_value(phrase) -> int | None
    stated_value(count) -> int | None
    is_figure(count) -> bool
    acled_fatalities(counts) -> Fatalities
    listed_total(text, counts) -> int | None
"""

from __future__ import annotations

import re

from frontwatch.model import Count
from frontwatch.numbers.breakdown import listed_total
from frontwatch.numbers.counts import find_counts
from frontwatch.numbers.fatalities import Fatalities, acled_fatalities, is_attacker_count
from frontwatch.numbers.lexicon import NUMBER
from frontwatch.numbers.values import number_value

_FIGURE = re.compile(rf"\b{NUMBER}\b|\d", re.IGNORECASE)

__all__ = [
    "Fatalities",
    "acled_fatalities",
    "find_counts",
    "is_attacker_count",
    "is_figure",
    "listed_total",
    "number_value",
    "stated_value",
]


def stated_value(count: Count) -> int | None:
    """The number as the text states it: 200 for "more than 200", 10 for "10 to 15", 12 for "dozens"."""
    return number_value(count.text)


def is_figure(count: Count) -> bool:
    """Whether a count states a figure ("at least 30", "twelve") rather than a vague word ("many")."""
    return bool(_FIGURE.search(count.text))
