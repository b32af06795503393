"""ACLED's fatality figure from the killed counts an event's reports give (acled-facts.md §5)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from frontwatch import vocabulary
from frontwatch.model import Count
from frontwatch.numbers.values import VAGUE

logger = logging.getLogger(__name__)

# A killed count that starts within this many characters after a larger one is read as a
# part of it ("12 people were killed, including three children"), not as a rival figure.
# 60 characters is about one clause of news prose; counts further apart (or from different
# sentences and articles) are rival reports of the same toll.
PART_GAP = 60
_VAGUE_WORDS = frozenset(" ".join(v.split()) for v in VAGUE)
# Sides that name everyone: a count with such a side is a total; one naming a group
# ("soldiers", "attackers") is read as a share of that total when a total is given.
_GENERIC_SIDES = frozenset({"people", "persons", "individuals"})


@dataclass(frozen=True)
class Fatalities:
    """ACLED's coded fatalities (``acled``) beside the range the reports allow."""

    low: int | None
    best: int | None
    high: int | None
    acled: int
    text: str


def _credible(c: Count) -> int | None:
    """The lowest figure a count vouches for: its low bound, else its stated/best value."""
    for value in (c.low, c.best, c.high):
        if value is not None:
            return value
    return None


def _is_vague(c: Count) -> bool:
    """A count stated only by a word like "several" or "dozens" (no figure)."""
    words = " ".join(c.text.lower().split())
    # the whole phrase ("a handful"), or its last word after a modifier ("more than dozens")
    return words in _VAGUE_WORDS or words.rsplit(" ", 1)[-1] in _VAGUE_WORDS


def _is_generic(c: Count) -> bool:
    return c.side is None or c.side.lower() in _GENERIC_SIDES


def _is_bomber(c: Count) -> bool:
    return c.side is not None and "suicide" in c.side.lower()


# whose dead: the attackers' own losses are counted beside the victims', never instead of them
# (actor_words_intl, column dead_attackers)
_ATTACKER_SIDE = re.compile(
    rf"\b{vocabulary.alternation('actor_words_intl', lang='en', dead_attackers='yes')}\b", re.IGNORECASE
)


def is_attacker_count(c: Count) -> bool:
    """Whether a count is of the attacking side's dead ("four gunmen were killed")."""
    return bool(c.side and _ATTACKER_SIDE.search(c.side)) or _is_bomber(c)


def acled_fatalities(counts: Iterable[Count]) -> Fatalities:
    """ACLED's conservative reading of the killed counts given.

    Counts of any other kind are ignored (injuries never count; "casualties" alone is 0).
    Killed counts are rival reports of one toll, so the lowest credible figure wins ("12"
    vs "13" -> 12; "more than 60" vs "13" -> 13), with three exceptions: a smaller count right
    after a larger one is its part ("20, including 4 children"); vague words count only when
    no figure is given ("dozens" -> 12); and when some count is a total (no side, or
    "people") and others break it down by several groups ("five civilians", "four soldiers"),
    those are shares of it, not rivals. Suicide bombers are added on top (ACLED counts the
    bomber), once per event: the largest bomber count given, not their sum, since articles
    repeat them.
    """
    killed = sorted((c for c in counts if c.kind == "killed"), key=lambda c: (c.start, c.end))
    bombers = [c for c in killed if _is_bomber(c)]
    rivals: list[Count] = []
    for c in killed:
        value = _credible(c)
        if value is None or _is_bomber(c):
            continue
        if rivals:
            prev = rivals[-1]
            prev_value = _credible(prev)
            if 0 <= c.start - prev.end <= PART_GAP and prev_value is not None and value < prev_value:
                logger.debug("%r read as part of %r", c.text, prev.text)
                continue
        rivals.append(c)
    # ACLED's vague-word codes ("several" -> 3) stand in for a missing figure, so any stated
    # figure outranks them; and a total outranks the shares of it that other sentences list.
    if any(not _is_vague(c) for c in rivals):
        rivals = [c for c in rivals if not _is_vague(c)]
    # Shares only when the text breaks the toll down by several groups: one group's figure
    # ("12 soldiers" vs "13 people") stays a rival report of the same toll.
    groups = {c.side.lower() for c in killed if c.side and not _is_generic(c) and not _is_bomber(c)}
    if len(groups) > 1 and any(_is_generic(c) for c in rivals):
        rivals = [c for c in rivals if _is_generic(c)]
    extra = max((_credible(b) or 0 for b in bombers), default=0)
    if not rivals:
        if extra:
            return Fatalities(extra, extra, extra, extra, bombers[0].text)
        return Fatalities(None, None, None, 0, "")
    chosen = min(rivals, key=lambda c: (_credible(c) or 0, c.start))
    lows = [c.low for c in rivals if c.low is not None]
    highs = [c.high for c in rivals]
    low = min(lows) + extra if lows else None
    high = max(h for h in highs if h is not None) + extra if all(h is not None for h in highs) else None
    best = chosen.best + extra if chosen.best is not None else None
    acled = (_credible(chosen) or 0) + extra
    text = chosen.text + (" + suicide bomber" if extra else "")
    return Fatalities(low, best, high, acled, text)
