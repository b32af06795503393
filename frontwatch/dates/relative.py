"""Rules for dates stated relative to publication: weekdays, "yesterday", "last week", "two days ago"."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, timedelta

from frontwatch import vocabulary
from frontwatch.dates.rules import WEEKDAY, WEEKDAY_WORDS, Context, Rule, compile_rule
from frontwatch.dates.spans import (
    NUMBER_WORDS,
    ONE_DAY,
    WEEKDAYS,
    Resolved,
    add_months,
    monday_of,
    month_end,
    number_value,
    one_day,
    weekday_on_or_after,
    weekday_on_or_before,
    window,
)

# ---------------------------------------------------------------------------------------
# Weekdays
# ---------------------------------------------------------------------------------------


def _weekday(m: re.Match[str], ctx: Context) -> Resolved | None:
    pub = ctx.published
    if pub is None:
        return None  # a weekday names no day without the publication date
    wd = WEEKDAYS[m["wd"].lower()]
    rel = " ".join((m["rel"] or "").lower().split())
    if rel in ("last", "past", "previous", "this past"):
        # "last Thursday" in a Thursday article is a week ago, not today.
        return one_day(weekday_on_or_before(pub, wd, strict=True))
    if rel in ("next", "coming", "this coming"):
        return one_day(weekday_on_or_after(pub, wd, strict=True), future=True)
    if ctx.forward:
        return one_day(weekday_on_or_after(pub, wd))
    # News reports the past: the latest such weekday, and the publication day itself when it
    # is that weekday ("on Thursday" in a Thursday article is today).
    return one_day(weekday_on_or_before(pub, wd))


# Names that contain a weekday but are no date of this week ("Good Friday", "the Sunday Times").
# early / earlier / late / later before a day or a period (data/vocab/calendar_words.tsv)
_PART_OF_PERIOD = vocabulary.alternation("calendar_words", lang="en", kind="part_of_period")
_WEEKDAY_NAMES_BEFORE = "".join(
    f"(?<!{w} )" for w in ("Good", "Black", "Bloody", "Ash", "Palm", "Easter", "Holy", "Super")
)
_WEEKDAY_NAMES_AFTER = (
    r"(?!\s+(?:Times|Telegraph|Mail|Express|Post|Herald|Mirror|Tribune|Observer|Agreement|Service|Prayers?)\b)"
)

WEEKDAY_RULE = Rule(
    "weekday",
    compile_rule(
        rf"{_WEEKDAY_NAMES_BEFORE}(?P<p>(?:(?i:{_PART_OF_PERIOD})\s+(?:(?i:on)\s+)?"
        r"|(?i:overnight)\s+(?:(?i:on|into|to)\s+)?"
        r"|(?P<rel>(?i:last|this\s+past|past|previous|this\s+coming|coming|this|next))\s+)?"
        rf"(?P<wd>{WEEKDAY})(?:\s+(?i:morning|afternoon|evening|night))?)(?:['’]s)?{_WEEKDAY_NAMES_AFTER}"
    ),
    _weekday,
    flexible=True,
    words=WEEKDAY_WORDS,
)

# ---------------------------------------------------------------------------------------
# Fixed phrases: days, weeks, weekends, months, years
# ---------------------------------------------------------------------------------------

Phrase = Callable[[date, bool], Resolved]


def _previous_week(pub: date, first: int, last: int) -> Resolved:
    monday = monday_of(pub) - timedelta(days=7)
    return window(monday + timedelta(days=first), monday + timedelta(days=last), precision=2)


def _this_week(pub: date, forward: bool) -> Resolved:
    monday = monday_of(pub)
    if forward:
        return window(pub, monday + timedelta(days=6), precision=2, future=True)
    return window(monday, pub, precision=2)


def _earlier_this_week(pub: date, forward: bool) -> Resolved:
    monday = monday_of(pub)
    return window(monday, max(monday, pub - ONE_DAY), precision=2)


def _weekend(pub: date, *, strict: bool) -> Resolved:
    saturday = weekday_on_or_before(pub, 5)
    if strict and pub.weekday() >= 5:
        saturday -= timedelta(days=7)  # "last weekend" on a Saturday or Sunday: the one before
    # Coded to the Saturday: ACLED's middle of a two-day span, taking the earlier day.
    return window(saturday, min(saturday + ONE_DAY, pub), day=saturday, precision=2)


def _this_month(pub: date, forward: bool) -> Resolved:
    if forward:
        return Resolved(pub, month_end(pub.year, pub.month), pub, 3, future=True)
    first = pub.replace(day=1)
    return Resolved(first, pub, min(pub.replace(day=15), pub), 3)


def _earlier_this_month(pub: date, forward: bool) -> Resolved:
    first = pub.replace(day=1)
    latest = max(first, pub - ONE_DAY)
    return Resolved(first, latest, min(pub.replace(day=15), latest), 3)


def _last_month(pub: date, part: str | None) -> Resolved:
    prev = add_months(pub.replace(day=1), -1)
    end = month_end(prev.year, prev.month)
    if part == "early":
        return Resolved(prev, prev.replace(day=10), prev, 3)
    if part == "late":
        return Resolved(prev.replace(day=21), end, end, 3)
    return Resolved(prev, end, prev.replace(day=15), 3)


def _year_window(year: int, first_month: int = 1, last_month: int = 12) -> Resolved:
    return window(date(year, first_month, 1), month_end(year, last_month), precision=3)


def _this_year(pub: date, forward: bool) -> Resolved:
    if forward:
        return window(pub, date(pub.year, 12, 31), precision=3, future=True)
    return window(date(pub.year, 1, 1), pub, precision=3)


def _future(earliest: Callable[[date], date], latest: Callable[[date], date], precision: int) -> Phrase:
    return lambda pub, fwd: window(earliest(pub), latest(pub), precision=precision, future=True)


def _days_back(days: int, precision: int) -> Phrase:
    return lambda pub, fwd: window(pub - timedelta(days=days), pub, precision=precision)


def _same_day(pub: date, forward: bool) -> Resolved:
    return one_day(pub, future=forward)


def _yesterday(pub: date, forward: bool) -> Resolved:
    return one_day(pub - ONE_DAY)


def _overnight(pub: date, forward: bool) -> Resolved:
    # The night that ends on the publication morning; coded to the publication day (most of
    # what is reported as "overnight" happens after midnight), the window keeps the evening before.
    return window(pub - ONE_DAY, pub, day=pub, precision=1)


# Each phrase is a whitespace-normalised lower-case key. The "flexible" ones ("today",
# "this week") are read forward, and marked future, when the sentence says "will" etc.
_FLEXIBLE_PHRASES: dict[str, Phrase] = {
    **dict.fromkeys(
        (
            "today",
            "earlier today",
            "early today",
            "this morning",
            "earlier this morning",
            "early this morning",
            "this afternoon",
            "this evening",
            "tonight",
        ),
        _same_day,
    ),
    "this week": _this_week,
    "this weekend": lambda pub, fwd: (
        window(weekday_on_or_after(pub, 5), weekday_on_or_after(pub, 5) + ONE_DAY, precision=2, future=True)
        if fwd
        else _weekend(pub, strict=False)
    ),
    "this month": _this_month,
    "this year": _this_year,
}
_FIXED_PHRASES: dict[str, Phrase] = {
    **dict.fromkeys(
        (
            "yesterday",
            "yesterday morning",
            "yesterday afternoon",
            "yesterday evening",
            "late yesterday",
            "early yesterday",
            "last night",
            "late last night",
            "the previous night",
            "the night before",
        ),
        _yesterday,
    ),
    "the day before yesterday": lambda pub, fwd: one_day(pub - timedelta(days=2)),
    "overnight": _overnight,
    **dict.fromkeys(
        (
            "earlier this week",
            "earlier in the week",
            "early this week",
            "early in the week",
            "at the start of the week",
            "at the beginning of the week",
        ),
        _earlier_this_week,
    ),
    **dict.fromkeys(("last week", "the previous week"), lambda pub, fwd: _previous_week(pub, 0, 6)),
    "the week before last": lambda pub, fwd: _previous_week(pub - timedelta(days=7), 0, 6),
    "early last week": lambda pub, fwd: _previous_week(pub, 0, 2),
    **dict.fromkeys(
        ("late last week", "at the end of last week", "the end of last week"),
        lambda pub, fwd: _previous_week(pub, 3, 6),
    ),
    **dict.fromkeys(
        ("over the weekend", "at the weekend", "during the weekend", "on the weekend", "this past weekend"),
        lambda pub, fwd: _weekend(pub, strict=False),
    ),
    **dict.fromkeys(("last weekend", "the previous weekend"), lambda pub, fwd: _weekend(pub, strict=True)),
    **dict.fromkeys(
        (
            f"{prep} {what}"
            for prep in ("in", "over", "during", "within")
            for what in (
                "recent days",
                "the past few days",
                "the last few days",
                "the past several days",
                "the past week",
                "the last week",
            )
        ),
        _days_back(7, 2),
    ),
    **dict.fromkeys(
        (
            f"{prep} {what}"
            for prep in ("in", "over", "during")
            for what in ("recent weeks", "the past few weeks", "the last few weeks", "the past month", "the last month")
        ),
        _days_back(30, 3),
    ),
    **dict.fromkeys(("earlier this month", "early this month", "earlier in the month"), _earlier_this_month),
    **dict.fromkeys(("last month", "the previous month", "the month before"), lambda pub, fwd: _last_month(pub, None)),
    **dict.fromkeys(("early last month", "at the beginning of last month"), lambda pub, fwd: _last_month(pub, "early")),
    **dict.fromkeys(
        ("late last month", "at the end of last month", "the end of last month"),
        lambda pub, fwd: _last_month(pub, "late"),
    ),
    **dict.fromkeys(
        ("earlier this year", "early this year"), lambda pub, fwd: window(date(pub.year, 1, 1), pub, precision=3)
    ),
    **dict.fromkeys(("last year", "the previous year"), lambda pub, fwd: _year_window(pub.year - 1)),
    "early last year": lambda pub, fwd: _year_window(pub.year - 1, 1, 4),
    "late last year": lambda pub, fwd: _year_window(pub.year - 1, 9, 12),
    # Inherently forward: never an event date, kept so callers can see the plan or deadline.
    **dict.fromkeys(("tomorrow", "later today", "later tonight"), lambda pub, fwd: one_day(pub, future=True)),
    "the day after tomorrow": lambda pub, fwd: one_day(pub + timedelta(days=2), future=True),
    **dict.fromkeys(
        ("next week", "the coming week"),
        _future(lambda p: monday_of(p) + timedelta(days=7), lambda p: monday_of(p) + timedelta(days=13), 2),
    ),
    **dict.fromkeys(
        ("later this week", "later in the week"),
        _future(lambda p: p, lambda p: monday_of(p) + timedelta(days=6), 2),
    ),
    **dict.fromkeys(
        ("next weekend", "this coming weekend"),
        _future(lambda p: weekday_on_or_after(p, 5, strict=True), lambda p: weekday_on_or_after(p, 6, strict=True), 2),
    ),
    **dict.fromkeys(
        ("in the coming days", "in the next few days", "in the days ahead", "in the coming hours"),
        _future(lambda p: p + ONE_DAY, lambda p: p + timedelta(days=7), 2),
    ),
    **dict.fromkeys(
        ("in the coming weeks", "in the next few weeks", "in the weeks ahead"),
        _future(lambda p: p + ONE_DAY, lambda p: p + timedelta(days=30), 3),
    ),
    "next month": _future(
        lambda p: add_months(p.replace(day=1), 1), lambda p: add_months(p.replace(day=1), 2) - ONE_DAY, 3
    ),
    "later this month": _future(lambda p: p, lambda p: month_end(p.year, p.month), 3),
    "next year": _future(lambda p: date(p.year + 1, 1, 1), lambda p: date(p.year + 1, 12, 31), 3),
    "later this year": _future(lambda p: p, lambda p: date(p.year, 12, 31), 3),
}


def _phrase_pattern(phrases: dict[str, Phrase]) -> re.Pattern[str]:
    # Longest first, so "the day before yesterday" wins over "yesterday".
    alternatives = (r"\s+".join(map(re.escape, key.split())) for key in sorted(phrases, key=len, reverse=True))
    # Not before "of": "the last week of August", "last year of his term" name other spans.
    return compile_rule(rf"(?<![\w-])(?P<p>(?i:{'|'.join(alternatives)}))(?![\w-])(?!\s+of\b)")


# Words that occur in many phrases and in ordinary prose; a phrase's other words gate it.
_COMMON_WORDS = frozenset(
    "the in over during within at of a on this last early earlier late later next past few several previous before "
    "after coming recent start beginning end day".split()
)


def _phrase_words(phrases: dict[str, Phrase]) -> frozenset[str]:
    return frozenset(w for key in phrases for w in key.split() if w not in _COMMON_WORDS)


def _phrase_resolver(phrases: dict[str, Phrase]) -> Callable[[re.Match[str], Context], Resolved | None]:
    def resolve(m: re.Match[str], ctx: Context) -> Resolved | None:
        if ctx.published is None:
            return None
        return phrases[" ".join(m["p"].lower().split())](ctx.published, ctx.forward)

    return resolve


def _day_before(m: re.Match[str], ctx: Context) -> Resolved | None:
    return one_day(ctx.published - ONE_DAY) if ctx.published else None


# ---------------------------------------------------------------------------------------
# Counted spans: "three days ago", "in the past 24 hours"
# ---------------------------------------------------------------------------------------

_NUMBER = rf"(?:\d{{1,3}}|(?i:a\s+few|a\s+couple\s+of|several|{'|'.join(NUMBER_WORDS)}))"
_APPROXIMATE = ("few", "several", "couple")


def _ago(m: re.Match[str], ctx: Context) -> Resolved | None:
    pub = ctx.published
    n = number_value(m["n"])
    if pub is None or n is None or n == 0:
        return None
    unit = m["u"].lower()
    approximate = any(w in m["n"].lower() for w in _APPROXIMATE)
    if unit == "day":
        day = pub - timedelta(days=n)
        if approximate:
            return window(day - timedelta(days=2), day + ONE_DAY, precision=2)
        return one_day(day)
    if unit == "week":
        day = pub - timedelta(days=7 * n)
        spread = 7 if approximate else 3
        return window(
            day - timedelta(days=spread), day + timedelta(days=spread), day=day, precision=3 if approximate else 2
        )
    if unit == "month":
        day = add_months(pub, -n)
        return window(day - timedelta(days=15), day + timedelta(days=15), day=day, precision=3)
    day = add_months(pub, -12 * n)
    # "a year ago" is vaguer than ACLED codes; the window says so (more than a month wide).
    return window(day - timedelta(days=182), day + timedelta(days=182), day=day, precision=3)


# units of time the counted-span rules read (data/vocab/time_units.tsv): hours per unit for "in the past <n> <unit>s"
_PAST_HOURS = {t: int(h) for t, h in vocabulary.lookup("time_units", "hours", lang="en", past="yes").items()}
_PAST_UNITS = vocabulary.alternation("time_units", lang="en", past="yes")
_AGO_UNITS = vocabulary.alternation("time_units", lang="en", ago="yes")


def _past_n(m: re.Match[str], ctx: Context) -> Resolved | None:
    pub = ctx.published
    n = number_value(m["n"])
    if pub is None or n is None or n == 0:
        return None
    unit = m["u"].lower()
    hours = _PAST_HOURS[unit]
    days = math.ceil(n / 24) if hours < 24 else hours // 24 * n
    return window(pub - timedelta(days=days), pub)


RELATIVE_RULES: tuple[Rule, ...] = (
    WEEKDAY_RULE,
    Rule(
        "flexible_phrase",
        _phrase_pattern(_FLEXIBLE_PHRASES),
        _phrase_resolver(_FLEXIBLE_PHRASES),
        flexible=True,
        words=_phrase_words(_FLEXIBLE_PHRASES),
    ),
    Rule(
        "phrase", _phrase_pattern(_FIXED_PHRASES), _phrase_resolver(_FIXED_PHRASES), words=_phrase_words(_FIXED_PHRASES)
    ),
    # "the day before" names the day before publication only when no other event follows it
    # ("the day before the vote" is relative to the vote).
    Rule(
        "day_before",
        compile_rule(
            r"(?<![\w-])(?P<p>(?i:the\s+day\s+before|the\s+previous\s+day|a\s+day\s+earlier|one\s+day\s+earlier|the\s+day\s+prior))"
            r"(?!\s+(?i:the|a|an|his|her|its|their|this|that|yesterday|to)\b|\s+[A-Z])"
        ),
        _day_before,
        words=frozenset({"previous", "prior", "earlier", "before"}),
    ),
    Rule(
        "ago",
        compile_rule(rf"(?<![\w-])(?P<p>(?P<n>{_NUMBER})\s+(?P<u>(?i:{_AGO_UNITS}))s?\s+(?i:ago))\b"),
        _ago,
        words=frozenset({"ago"}),
    ),
    Rule(
        "past_n",
        compile_rule(
            rf"(?<![\w-])(?P<p>(?i:in|over|during|within|for)\s+(?i:the\s+)(?i:past|last|previous)\s+(?P<n>{_NUMBER})"
            rf"\s+(?P<u>(?i:{_PAST_UNITS}))s)\b"
        ),
        _past_n,
        words=frozenset(t + "s" for t in _PAST_HOURS),
    ),
)
