"""A toll given only as its parts: "the dead include a diplomat, five civilians and four soldiers"."""

from __future__ import annotations

import re

from frontwatch.model import Count

_BREAKDOWN = re.compile(
    r"\b(?:(?:the\s+)?dead|those\s+killed|(?:the\s+)?victims|people\s+killed)\s+(?:include[sd]?|were|are)\s+"
    r"|\bamong\s+the\s+(?:dead|victims|killed)\s+(?:were|are)\s+",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_LIST_END = re.compile(r"[.;]")
_ONE = re.compile(r"(?:a|an|one)\s+\S", re.IGNORECASE)


def listed_total(text: str, counts: list[Count]) -> int | None:
    """The sum of a listed breakdown of the dead, when the text gives the toll only as its parts.

    "A diplomat" counts one; the sum needs at least two parts, one of them a number.
    """
    m = _BREAKDOWN.search(text)
    if m is None:
        return None
    stop = _LIST_END.search(text, m.end())
    end = stop.start() if stop else len(text)
    total = parts = numbered = 0
    pos = m.end()
    for item in _LIST_SPLIT.split(text[m.end() : end]):
        start = text.find(item, pos)
        pos = start + len(item)
        killed = [c for c in counts if c.kind == "killed" and start <= c.start < pos and c.best is not None]
        if killed:
            total += killed[0].best or 0
            parts, numbered = parts + 1, numbered + 1
        elif _ONE.match(item):
            total, parts = total + 1, parts + 1
    return total if parts >= 2 and numbered else None
