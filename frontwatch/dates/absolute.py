"""Rules for dates that name a calendar day, range, month or year ("7 September", "May 2018")."""

from __future__ import annotations

import re
from datetime import date

from frontwatch.dates.rules import (
    MONTH,
    MONTH_FULL,
    MONTH_WORDS,
    WEEKDAY_PREFIX,
    Context,
    Rule,
    compile_rule,
    day_group,
    year_group,
)
from frontwatch.dates.spans import (
    MONTHS,
    ONE_DAY,
    Resolved,
    infer_year,
    month_end,
    month_number,
    month_window,
    one_day,
    safe_date,
    window,
)


def _with_year(month: int, day: int, year: str | None, ctx: Context) -> date | None:
    if year:
        return safe_date(int(year), month, day)
    if ctx.published is None:
        return None
    return infer_year(month, day, ctx.published, nearest=ctx.forward)


def _explicit(m: re.Match[str], ctx: Context) -> Resolved | None:
    day = _with_year(month_number(m["m"]), int(m["d"]), m["y"], ctx)
    return one_day(day, has_year=bool(m["y"])) if day else None


def _iso(m: re.Match[str], ctx: Context) -> Resolved | None:
    day = safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return one_day(day, has_year=True) if day else None


def _numeric(m: re.Match[str], ctx: Context) -> Resolved | None:
    a, b = int(m["a"]), int(m["b"])
    # 3/4/2021 is 3 April in most of the world and 4 March in the US: only take a numeric
    # date when one reading is impossible (a part above 12) or both readings agree.
    if a == b or b > 12:
        month, day = a, b
    elif a > 12:
        month, day = b, a
    else:
        return None
    resolved = safe_date(int(m["y"]), month, day)
    return one_day(resolved, has_year=True) if resolved else None


def _nth(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'on the 5th': the latest 5th on or before publication (nearest when read forward)."""
    pub = ctx.published
    if pub is None:
        return None
    n = int(m["d"])
    candidates = [d for k in range(-13, 13) if (d := safe_date(*_month_shift(pub, k), n))]
    if ctx.forward:
        best = min(candidates, key=lambda d: (abs((d - pub).days), d < pub))
    else:
        best = max(d for d in candidates if d <= pub)
    return one_day(best)


def _month_shift(day: date, k: int) -> tuple[int, int]:
    year, month = divmod(day.year * 12 + day.month - 1 + k, 12)
    return year, month + 1


def _range(m: re.Match[str], ctx: Context) -> Resolved | None:
    month2 = month_number(m["m2"]) if m["m2"] else month_number(m["m1"])
    month1 = month_number(m["m1"]) if m["m1"] else month2
    d1, d2 = int(m["d1"]), int(m["d2"])
    end = _with_year(month2, d2, m["y"], ctx)
    if end is None:
        return None
    start = safe_date(int(m["y1"]) if m["y1"] else end.year, month1, d1)
    if start is not None and start > end and not m["y1"]:
        # "28 December to 3 January 2021": the first part belongs to the year before.
        start = safe_date(end.year - 1, month1, d1)
    if start is None or start >= end or (end - start).days > 366:
        return None
    return window(start, end, has_year=bool(m["y"]))


_MONTH_FULL_WORDS = frozenset(MONTHS)
_PARTS = {
    "early": "early",
    "late": "late",
    "mid": "mid",
    "beginning": "early",
    "start": "early",
    "end": "late",
    "middle": "mid",
}
_MONTH_PREPOSITION = re.compile(r"\b(?:in|In|during|During|throughout|Throughout|of)\s+$")


def _month(m: re.Match[str], ctx: Context) -> Resolved | None:
    rel = (m["rel"] or "").lower()
    if not rel and not m["y"] and not _MONTH_PREPOSITION.search(m.string, 0, m.start()):
        # A bare capitalised "May"/"March" without a preposition or year is too often a verb
        # or a name at the start of a sentence.
        return None
    part = None if "week of" in rel else next((p for word, p in _PARTS.items() if word in rel), None)
    month = month_number(m["m"])
    pub = ctx.published
    future = False
    if m["y"]:
        year = int(m["y"])
    elif pub is None:
        return None
    elif rel.startswith("last"):
        year = pub.year if month < pub.month else pub.year - 1
    elif rel.startswith("next"):
        year, future = (pub.year if month > pub.month else pub.year + 1), True
    elif rel.startswith("this"):
        year = pub.year
    elif ctx.forward:
        year = pub.year if month >= pub.month else pub.year + 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    if "week of" in rel:
        # "the first/last week of May": a week-like span, coded to its middle (precision 2).
        ordinal = rel.split()[-3]
        end = month_end(year, month)
        first_day = end.day - 6 if ordinal in ("last", "final") else 1 + 7 * _WEEK_ORDINALS[ordinal]
        return window(
            date(year, month, first_day),
            date(year, month, min(first_day + 6, end.day)),
            precision=2,
            has_year=bool(m["y"]),
            future=future,
        )
    earliest, latest, day = month_window(year, month, part)
    return Resolved(earliest, latest, day, 3, has_year=bool(m["y"]), future=future)


_WEEK_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


def _year(m: re.Match[str], ctx: Context) -> Resolved | None:
    year = int(m["y"])
    first, last = _YEAR_PARTS.get((m["part"] or "").lower(), (1, 12))
    earliest = date(year, first, 1)
    latest = date(year + 1, 1, 1) - ONE_DAY if last == 12 else date(year, last + 1, 1) - ONE_DAY
    return window(earliest, latest, precision=3, has_year=True)


_RANGE_WORD = r"\s*(?:-|–|—|to|and|through|until|till)\s*"
# "7 May 2021", "May 7, 2021", and the stray space of some CMS stamps: "December 28 , 2015".
_OPT_YEAR1 = rf"(?:(?:\s*,\s*|\s+){year_group('y1')})?"
_OPT_YEAR = rf"(?:(?:\s*,\s*|\s+){year_group('y')})?"
_NOT_AFTER_NUMBER = r"(?<![\d,.$£€#/:-])"

ABSOLUTE_RULES: tuple[Rule, ...] = (
    # "between 3 and 9 May", "3-9 May 2021", "28 April to 3 May"
    Rule(
        "range_day_month",
        compile_rule(
            rf"{_NOT_AFTER_NUMBER}(?P<p>(?:(?:between|Between|from|From)\s+)?(?:the\s+)?{day_group('d1')}"
            rf"(?:\s+(?:of\s+)?(?P<m1>{MONTH}){_OPT_YEAR1})?{_RANGE_WORD}(?:the\s+)?{day_group('d2')}"
            rf"(?:\s+of)?\s+(?P<m2>{MONTH}){_OPT_YEAR})"
        ),
        _range,
        flexible=True,
        words=MONTH_WORDS,
        digits=True,
    ),
    # "May 3-9", "from April 28 to May 3, 2021"
    Rule(
        "range_month_day",
        compile_rule(
            rf"(?P<p>(?:(?:from|From)\s+)?(?P<m1>{MONTH})\s+{day_group('d1')}{_OPT_YEAR1}"
            rf"(?:\s*(?:-|–|—)\s*|\s+(?:to|through|until|till)\s+)(?:(?P<m2>{MONTH})\s+)?{day_group('d2')}{_OPT_YEAR})"
        ),
        _range,
        flexible=True,
        words=MONTH_WORDS,
        digits=True,
    ),
    # "between May 3 and 9": "and" only after "between" ("on May 3 and 9 others" is no range)
    Rule(
        "between_month_day",
        compile_rule(
            rf"(?P<p>(?:between|Between)\s+(?P<m1>{MONTH})\s+{day_group('d1')}{_OPT_YEAR1}"
            rf"\s+and\s+(?:(?P<m2>{MONTH})\s+)?{day_group('d2')}{_OPT_YEAR})"
        ),
        _range,
        flexible=True,
        words=MONTH_WORDS,
        digits=True,
    ),
    # "September 7, 2021", "Sept. 7", "Thursday, August 26"
    Rule(
        "month_day",
        compile_rule(rf"(?P<p>{WEEKDAY_PREFIX}(?P<m>{MONTH})\s+(?:the\s+)?{day_group('d')}{_OPT_YEAR})"),
        _explicit,
        flexible=True,
        words=MONTH_WORDS,
        digits=True,
    ),
    # "7 September", "27th August, 2021", "the 7th of September", "Friday 27 Mar"
    Rule(
        "day_month",
        compile_rule(
            rf"{_NOT_AFTER_NUMBER}(?P<p>{WEEKDAY_PREFIX}(?:the\s+)?{day_group('d')}(?:\s+of)?\s+(?P<m>{MONTH}){_OPT_YEAR})"
        ),
        _explicit,
        flexible=True,
        words=MONTH_WORDS,
        digits=True,
    ),
    # "2021-07-07", "2021/07/07"
    Rule(
        "iso",
        compile_rule(
            rf"(?<![\d/-])(?P<p>{year_group('y')}(?P<sep>[-/])(?P<mo>0?[1-9]|1[0-2])(?P=sep)(?P<d>3[01]|[12]\d|0?[1-9]))(?![\d/-])"
        ),
        _iso,
        digits=True,
    ),
    # "7/7/2021", "13.07.2021" (only when unambiguous; see _numeric)
    Rule(
        "numeric",
        compile_rule(
            r"(?<![\d/.:])(?P<p>(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d))(?![\d/]|\.\d)"
        ),
        _numeric,
        digits=True,
    ),
    # "on the 5th" (only before punctuation or a function word: "on the 5th floor" is no date)
    Rule(
        "ordinal_day",
        compile_rule(
            r"\b[Oo]n\s+(?P<p>the\s+(?P<d>3[01]|[12]\d|[1-9])(?:st|nd|rd|th))"
            r"(?=\s*(?:[,.;:)]|$)|\s+(?:and|at|in|when|after|before|as|but|while|near|during|of\s+(?:this|last)\s+month)\b)"
        ),
        _nth,
        flexible=True,
        words=frozenset({"on"}),
        digits=True,
    ),
    # "in May", "last May", "early May", "mid-May", "the end of May", "May 2018"
    Rule(
        "month",
        compile_rule(
            r"(?P<p>(?:(?P<rel>(?i:(?:the\s+)?(?:first|second|third|fourth|last|final)\s+week\s+of|last|this|next|early|late|mid"
            r"|(?:the\s+)?(?:beginning|start|end|middle)\s+of))[\s-]+)?"
            rf"(?P<m>{MONTH_FULL})(?:,?\s+{year_group('y')})?)(?!\s*\d)"
        ),
        _month,
        flexible=True,
        words=_MONTH_FULL_WORDS,
    ),
    # "in 2018", "in late 2019"
    Rule(
        "year",
        compile_rule(
            r"\b(?:in|In|during|During|throughout|Throughout)\s+(?P<p>(?:(?P<part>early|late|mid)[\s-]+)?"
            rf"{year_group('y')})(?!\s*(?:GMT|UTC|hrs|hours|h\b|local|BST|EST|[ap]\.?m\b))"
        ),
        _year,
        digits=True,
    ),
)
