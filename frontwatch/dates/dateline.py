"""The date an article's own dateline, byline or stamp states near its start."""

from __future__ import annotations

import re
from datetime import date

from frontwatch.dates.absolute import ABSOLUTE_RULES
from frontwatch.dates.find import find_date_matches
from frontwatch.dates.rules import Rule

# Datelines, bylines and update stamps sit in the first lines; past this the text is the story.
DATELINE_WINDOW = 300

_EXPLICIT: tuple[Rule, ...] = tuple(r for r in ABSOLUTE_RULES if r.name in ("month_day", "day_month", "iso", "numeric"))
# What follows a dateline date: "(Reuters) -", " - ", " | ", a clock time, or the line's end.
_DATELINE_AFTER = re.compile(r"\s*(?:\(|-|–|—|\||/|\)|\d{1,2}[:.]\d\d|$)", re.M)
# What may precede it on its line: nothing, a capitalised place ("KUNDUZ, "), an agency or
# stamp word ("Published", "Updated:", "(AFP -").
_DATELINE_BEFORE = re.compile(r"(?:^|\n)[^\S\n]*(?:[A-Z][\w.'’ -]*[,:(-]?\s*|\([^\n)]*[-–—,]\s*)?$")
# Prose that places a date in the past or future of the story, not at its writing.
_PROSE_BEFORE = re.compile(
    r"(?<!published )(?<!updated )(?<!posted )\b(?:since|until|from|before|after|between|by|in|on)\s+$", re.I
)


# A sentence that opens with its dateline: capitalised words only before the date ("KUNDUZ,
# Afghanistan, Sep 30"), then an agency in brackets and/or a dash before the story.
_OPENING_BEFORE = re.compile(r"^\s*(?:(?:[A-Z][\w.'’-]*|of|the|and|de|du|des|la|le|el|al)(?:,\s*|\s+))+$")
_OPENING_AFTER = re.compile(r"\s*(?:\([^()\n]{1,40}\)\s*)?(?:[-–—]{1,2}|:)\s")


def opens_dateline(sentence: str, start: int, end: int) -> bool:
    """Whether the date at ``sentence[start:end]`` is its opening dateline's: the day the story
    was filed, which a later date in the sentence ("... on Monday") overrides as the event's."""
    return bool(_OPENING_BEFORE.match(sentence[:start]) and _OPENING_AFTER.match(sentence, end))


def dateline_date(text: str, published: date | None) -> date | None:
    """The date an article states for itself in its first ~300 characters, else None.

    Used to correct or supply a publication date. A date with its year counts unless prose
    frames it ("since 12 May 2019"); one without a year counts only in a dateline shape
    ("KUNDUZ, Sep 30 (Reuters) -") and then takes the year that puts it nearest the given
    publication date (a dateline may run a day either side of a feed's timestamp).
    """
    head = text[:DATELINE_WINDOW]
    for match in find_date_matches(head, published, rules=_EXPLICIT):
        start, end = match.date.start or 0, match.date.end or 0
        before = head[max(0, start - 80) : start]
        framed_by_prose = _PROSE_BEFORE.search(before) is not None
        if match.has_year and not framed_by_prose:
            return match.date.day
        if published is None or framed_by_prose:
            continue
        if _DATELINE_AFTER.match(head, end) and _DATELINE_BEFORE.search(before):
            return _nearest(match.date.day, published)
    return None


def _nearest(day: date, published: date) -> date:
    """The same month and day in whichever year lies closest to publication."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append(day.replace(year=year))
        except ValueError:  # 29 February
            continue
    return min(options, key=lambda d: abs((d - published).days))
