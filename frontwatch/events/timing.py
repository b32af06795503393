"""When a sentence says its event happened: the date it gives, whether two dates can be one
incident, and the wording that makes a sentence background. Used by the assembler."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from frontwatch import vocabulary
from frontwatch.dates import find_dates, opens_dateline
from frontwatch.events.signals import SentenceSignals
from frontwatch.model import EventDate, Sentence
from frontwatch.rulebook import register

# "an official said on Monday", "the ministry acknowledged on Monday", "condemned the attack on Monday":
# the day of the words, not of the event. Every verb of saying comes from the one attribution table, so
# a verb the claims stage reads as speech also keeps its day off the event ("condemned" is no claim).
_SPEECH_BEFORE_DATE = re.compile(
    r"\b(?:" + vocabulary.alternation("attribution_verbs", form="verb", lang="en") + r"|condemned)\b"
    r"[^,.;]{0,40}?(?:\s+(?:on|late on|early on|late|early))?\s*$",
    re.IGNORECASE,
)


def _filed(sentence: Sentence, d: EventDate) -> bool:
    """The date sits in the sentence's opening dateline (DATES-DATELINE-FILING-DAY)."""
    if d.start is None or d.end is None:
        return False
    return opens_dateline(sentence.text, d.start - sentence.start, d.end - sentence.start)


def choose_date(dates: Sequence[EventDate], sentence: Sentence | None = None) -> EventDate | None:
    """The date a sentence gives its event: its most precise date, leaving out the day of someone's
    words ("an official said on Monday") when the sentence has another. (The assembler has already
    dropped a dateline's filing day: ``without_filing_day``.)"""
    usable = [d for d in dates if d.precision <= 3]
    if sentence is not None:
        spoken = [
            d
            for d in usable
            if d.start is not None
            and _SPEECH_BEFORE_DATE.search(
                sentence.text[max(0, d.start - sentence.start - 60) : d.start - sentence.start]
            )
        ]
        if len(spoken) < len(usable):
            usable = [d for d in usable if d not in spoken]
    if not usable:
        return None
    # the most precise date the sentence gives, first in text order among equals
    return min(usable, key=lambda d: (d.precision, d.start or 0))


def _window(d: EventDate) -> tuple[date, date]:
    return (d.earliest or d.day, d.latest or d.day)


def same_day(a: EventDate, b: EventDate) -> bool:
    """Whether two dates in one article can describe the same incident.

    Two days within one day of each other, or a vaguer date ("in recent weeks") whose window
    holds the other. An explicit other month ("In May") does not hold an August day.
    """
    if a.precision == 1 and b.precision == 1:
        # within one article two different explicit days are two incidents ("the army retook
        # the airport on Monday; on Tuesday jets struck it")
        return a.day == b.day
    (a0, a1), (b0, b1) = _window(a), _window(b)
    if a.precision > 1 and a0 <= b.day <= a1:
        return True
    return b.precision > 1 and b0 <= a.day <= b1


EARLIER = re.compile(r"\bhad\s+(?:earlier|previously|already)\b", re.IGNORECASE)
# a month's name or its abbreviation, and any longer form of it ("Sept.", "Sept")
MONTH_NAME = re.compile(
    rf"\b{vocabulary.alternation('calendar_words', lang='en', kind=('month', 'month_abbr'))}[a-z]*\b", re.IGNORECASE
)
_SIDE_CLAUSE = re.compile(r"(?:,\s*(?:where|which|when|who|after|since)\b|\s(?:--|—|–)\s|\bwhere\b|\bsince\b)", re.I)


def in_side_clause(sentence: Sentence, d: EventDate) -> bool:
    if d.start is None:
        return False
    return bool(_SIDE_CLAUSE.search(sentence.text[: d.start - sentence.start]))


def without_dates(sig: SentenceSignals, drop: Sequence[EventDate]) -> SentenceSignals:
    return replace(sig, dates=[d for d in sig.dates if d not in drop])


def without_filing_day(sig: SentenceSignals) -> SentenceSignals:
    """The sentence without its dateline's date when it gives another (DATES-DATELINE-FILING-DAY), applied
    before a sentence is split by place or clause: a part holding only the dateline must not take its day."""
    usable = [d for d in sig.dates if d.precision <= 3]
    filed = [d for d in usable if _filed(sig.sentence, d)]
    return without_dates(sig, filed) if filed and len(filed) < len(usable) else sig


_EXAMPLE_DAY = date(2031, 5, 14)  # a Wednesday: the examples' publication day


def _dateline_rule_fires(text: str) -> bool:
    sentence = Sentence(article_id="example", index=0, start=0, end=len(text), text=text)
    sig = SentenceSignals(sentence=sentence, dates=find_dates(text, _EXAMPLE_DAY))
    return len(without_filing_day(sig).dates) < len(sig.dates)


DATES_DATELINE_FILING_DAY = register(
    "DATES-DATELINE-FILING-DAY",
    stage="dates",
    reason="a date in the opening dateline is the day the story was filed; a date in the story's own words is the event's",
    positive=[
        "ZAROVKA, Ruritania, May 14 (Wire Desk) - Rebels stormed the town on Monday, killing 12 people.",
        "OSTRAVA, May 14 - Militants attacked a police post on Sunday night, officials said.",
        "OSTRAVA, Republic of Ruritania, May 14 (Wire Desk) - Rebels took the town on Saturday.",
    ],
    negative=[
        "ZAROVKA, Ruritania, May 14 (Wire Desk) - Rebels stormed the town, killing 12 people.",
        "Rebels stormed Zarovka on May 14 - the third attack this month - and left on Monday.",
    ],
    check=_dateline_rule_fires,
)
