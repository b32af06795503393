"""Calendar arithmetic and the resolved-window value the date rules return. Stdlib only."""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass
from datetime import date, timedelta

from frontwatch import vocabulary
from frontwatch.numbers.values import TENS, UNITS

ONE_DAY = timedelta(days=1)

# A window this long or shorter is "a week or similar span" (ACLED time_precision 2); longer
# windows are month-level (3). Eight, not seven, so that "in the past week" (the seven days
# before publication plus the publication day) still counts as a week.
WEEKISH_MAX_DAYS = 8
# ACLED codes nothing vaguer than a month; windows longer than this are flagged as vaguer.
MONTHISH_MAX_DAYS = 31

# month and weekday names and their numbers: data/vocab/calendar_words.tsv
MONTHS: dict[str, int] = {
    t: int(n) for t, n in vocabulary.lookup("calendar_words", "number", lang="en", kind="month").items()
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    t: int(n) for t, n in vocabulary.lookup("calendar_words", "number", lang="en", kind="month_abbr").items()
}
WEEKDAYS: dict[str, int] = {
    t: int(n) for t, n in vocabulary.lookup("calendar_words", "number", lang="en", kind="weekday").items()
}
# "a week ago", "two days ago": the number words of the counts module, plus the article
NUMBER_WORDS: dict[str, int] = {"a": 1, "an": 1, **UNITS, **TENS}


@dataclass(frozen=True)
class Resolved:
    """What one rule made of one phrase, before offsets are attached."""

    earliest: date
    latest: date
    day: date
    precision: int
    has_year: bool = False  # the phrase states its own year (usable without a publication date)
    future: bool = False  # the phrase itself points forward ("next week", "tomorrow")


def month_number(word: str) -> int:
    """'Sept.' / 'SEPTEMBER' / 'may' -> 9 / 9 / 5."""
    key = word.rstrip(".").lower()
    return MONTHS.get(key) or MONTH_ABBREVIATIONS[key]


def number_value(word: str) -> int | None:
    word = " ".join(word.lower().split())
    if word.isdigit():
        return int(word)
    if word in ("a few", "few", "several", "a couple of", "a couple"):
        return 3 if "few" in word or "several" in word else 2
    return NUMBER_WORDS.get(word)


def month_end(year: int, month: int) -> date:
    return date(year, month, _cal.monthrange(year, month)[1])


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def middle(earliest: date, latest: date) -> date:
    """ACLED codes a span to its middle; with an even number of days, the earlier middle day."""
    return earliest + timedelta(days=(latest - earliest).days // 2)


def span_precision(earliest: date, latest: date) -> int:
    days = (latest - earliest).days + 1
    if days <= 1:
        return 1
    return 2 if days <= WEEKISH_MAX_DAYS else 3


def window(
    earliest: date, latest: date, *, day: date | None = None, precision: int | None = None, **flags: bool
) -> Resolved:
    """A Resolved for a span, coded to its middle unless a day is given."""
    return Resolved(
        earliest=earliest,
        latest=latest,
        day=day if day is not None else middle(earliest, latest),
        precision=precision if precision is not None else span_precision(earliest, latest),
        **flags,
    )


def one_day(day: date, **flags: bool) -> Resolved:
    return Resolved(day, day, day, 1, **flags)


def weekday_on_or_before(published: date, weekday: int, *, strict: bool = False) -> date:
    """The latest given weekday on or before publication (strictly before when strict)."""
    delta = (published.weekday() - weekday) % 7
    if strict and delta == 0:
        delta = 7
    return published - timedelta(days=delta)


def weekday_on_or_after(published: date, weekday: int, *, strict: bool = False) -> date:
    delta = (weekday - published.weekday()) % 7
    if strict and delta == 0:
        delta = 7
    return published + timedelta(days=delta)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def add_months(day: date, months: int) -> date:
    """Calendar month arithmetic, clamping the day to the target month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, month_end(year, month).day))


def infer_year(month: int, day: int, published: date, *, nearest: bool = False) -> date | None:
    """The (month, day) a phrase without a year means, seen from the publication date.

    By default the latest such date on or before publication (news reports the past); with
    nearest, the occurrence closest to publication, a tie going forward (for deadlines and
    plans, which may lie on either side of it).
    """
    candidates = [d for y in range(published.year - 4, published.year + 2) if (d := safe_date(y, month, day))]
    if nearest:
        return min(candidates, key=lambda d: (abs((d - published).days), d < published), default=None)
    past = [d for d in candidates if d <= published]
    return max(past, default=None)


def month_window(year: int, month: int, part: str | None) -> tuple[date, date, date]:
    """(earliest, latest, coded day) for a month or its early/mid/late part.

    ACLED codes a month to its midpoint (the 15th) and "early"/"late" to the first/last day;
    the thirds (1-10, 11-20, 21-end) are the window the phrase leaves open.
    """
    end = month_end(year, month)
    if part == "early":
        return date(year, month, 1), date(year, month, 10), date(year, month, 1)
    if part == "late":
        return date(year, month, 21), end, end
    if part == "mid":
        return date(year, month, 11), date(year, month, 20), date(year, month, 15)
    return date(year, month, 1), end, date(year, month, 15)


def clamp_to(resolved: Resolved, published: date | None) -> Resolved:
    """An event reported in the past cannot lie after publication: cut a window that runs past it."""
    if published is None or resolved.future or resolved.earliest > published or resolved.latest <= published:
        return resolved
    return Resolved(
        earliest=resolved.earliest,
        latest=published,
        day=min(resolved.day, published),
        precision=resolved.precision,
        has_year=resolved.has_year,
        future=resolved.future,
    )
