"""Dates that belong to the page, not to the event: a stamp line, a filed-from dateline in brackets, a
"today" inside a quotation (rules DATES-PAGE-STAMP, DATES-QUOTED-RELATIVE). ``pipeline.stage_dates`` drops
them from each sentence's dates."""

from __future__ import annotations

import re
from datetime import date

from frontwatch import vocabulary
from frontwatch.model import EventDate
from frontwatch.rulebook import register

# the publication day the registered date rules' examples are read against (an invented day)
_EXAMPLE_DAY = date(2031, 5, 14)


def line_at(text: str, at: int | None) -> str:
    if at is None:
        return ""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start : end if end != -1 else len(text)]


# A short line whose full date (with its year) is the publication day ("Posted in Politics on
# May 3, 2031"): the page's stamp, not the day of the event.
_STAMP_MAX_WORDS = 8
_HAS_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def is_page_stamp(line: str, d: EventDate, published: date | None) -> bool:
    return (
        published is not None
        and d.precision == 1
        and d.day == published
        and _HAS_YEAR.search(d.text) is not None
        and len(line.split()) <= _STAMP_MAX_WORDS
    )


DATES_PAGE_STAMP = register(
    "DATES-PAGE-STAMP",
    stage="dates",
    reason="a short line giving the publication day with its year is the page's stamp, not an event's day",
    positive=["Posted in Politics on May 14, 2031", "Posted on May 14, 2031"],
    negative=[
        "Rebels attacked the garrison in Zarovka on May 14, 2031, officials said.",
        "Posted in Politics on May 12, 2031",
    ],
    check=lambda t: any(is_page_stamp(t, d, _EXAMPLE_DAY) for d in _example_dates(t)),
)

# "today" or "yesterday" inside a quotation is the speaker's day, which the report does not give
_QUOTED_RELATIVE = re.compile(
    rf"^(?:{vocabulary.alternation('calendar_words', lang='en', kind='part_of_period')}\s+)?"
    r"(?:today|tonight|this (?:morning|evening|afternoon))$",
    re.I,
)
_QUOTES = re.compile(r"[\"“”]")


def quoted_relative_day(text: str, d: EventDate) -> bool:
    if d.start is None or not _QUOTED_RELATIVE.match(d.text.strip()):
        return False
    para_start = text.rfind("\n", 0, d.start) + 1
    before = text[para_start : d.start]
    opened = before.count("“") > before.count("”") or before.count('"') % 2 == 1
    # a quotation carried over from the previous sentence is closed later in the paragraph, unopened before
    para_end = text.find("\n", d.start)
    after = text[d.start : para_end if para_end != -1 else len(text)]
    carried = not _QUOTES.search(before) and re.search(r"[”\"]\s*,", after) is not None
    return opened or carried


DATES_QUOTED_RELATIVE = register(
    "DATES-QUOTED-RELATIVE",
    stage="dates",
    reason="'today' inside a quotation is the speaker's day, which a report filed later does not give",
    positive=['"We counted 12 dead today in the town," an official told the agency.'],
    negative=["Rebels attacked the town today, an official said.", '"It was terrible," he said of the attack today.'],
    check=lambda t: any(quoted_relative_day(t, d) for d in _example_dates(t)),
)


def _example_dates(text: str) -> list[EventDate]:
    from frontwatch.dates import find_dates

    return find_dates(text, _EXAMPLE_DAY)


def is_date_stamp(sentence: str, phrase: str) -> bool:
    """A line that is only a date ("Monday, November 2, 2015, 6:36 AM") stamps the page, not an event."""
    rest = sentence.replace(phrase, " ")
    # what may stand beside the date on a stamp line: a clock time and its zone ("16:45 IST")
    return all(w.isupper() and len(w) <= 4 for w in re.findall(r"[^\W\d_]+", rest))


def in_dateline_brackets(text: str, start: int | None, end: int | None) -> bool:
    """A date inside the bracketed dateline that opens an article ("WASHINGTON (Agency - 27th
    August, 2021)") is when the story was filed, not when the event happened."""
    if start is None or end is None or start > 200:
        return False
    opened = text.rfind("(", 0, start)
    return opened != -1 and text.rfind(")", 0, start) < opened and ")" in text[end : end + 40]
