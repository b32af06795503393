"""Run the date rules over one sentence: pick non-overlapping phrases, read future cues, resolve."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime

from frontwatch.dates.absolute import ABSOLUTE_RULES
from frontwatch.dates.relative import RELATIVE_RULES
from frontwatch.dates.rules import MONTH, MONTH_WORDS, Context, Rule, compile_rule, sentence_words
from frontwatch.dates.spans import MONTHISH_MAX_DAYS, Resolved, clamp_to, one_day
from frontwatch.model import EventDate

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DateMatch:
    """One date phrase with what the rules know beyond EventDate."""

    date: EventDate
    rule: str  # which rule read it ("weekday", "day_month", "phrase", ...)
    future: bool  # a plan or deadline, or a day after publication: never an event date
    has_year: bool  # the phrase states its year

    @property
    def vague(self) -> bool:
        """True when the window is wider than a month, which ACLED does not code (e.g. "last year")."""
        return vaguer_than_acled(self.date)


def vaguer_than_acled(event_date: EventDate) -> bool:
    """Whether an EventDate's window is wider than a month (ACLED's coarsest time_precision)."""
    if event_date.earliest is None or event_date.latest is None:
        return False
    return (event_date.latest - event_date.earliest).days + 1 > MONTHISH_MAX_DAYS


# ---------------------------------------------------------------------------------------
# Future cues
# ---------------------------------------------------------------------------------------

# A cue counts only inside the phrase's own clause: "fighting erupted on Thursday, and talks
# will resume" must not make Thursday a plan. Commas, semicolons, brackets, dashes and
# clause-opening words start a new clause.
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]—–|]|\s-\s|\b(?:after|when|since|because|who|which|where|while|but|although)\b", re.I
)
_FUTURE_BEFORE = re.compile(
    r"\b(?:will|won't|shall|would|must|(?:has|have|need|needs)\s+to|going\s+to"
    r"|(?:is|are|was|were|been|being)\s+(?:planned|scheduled|slated|set|due|expected)"
    r"|(?:planned|scheduled|slated)\s+(?:for|to|on)|set\s+for|expected\s+to|plans?\s+to|planning\s+to"
    r"|intends?\s+to|aims?\s+to|deadline|ahead\s+of|upcoming|forthcoming)\b|\w'll\b",
    re.I,
)
# "by/until/before <date>" may be a deadline; only calendar dates are re-read this way (a bare
# weekday after "by" is as often past: "by Tuesday the town had fallen").
_BY = re.compile(r"\b(?:by|until|till|before)\s+$", re.I)
_DEADLINE_RULES = frozenset({"month_day", "day_month", "ordinal_day", "month"})
# "a September 11 deadline", "Tuesday's deadline", "the Aug. 31 withdrawal deadline"
_POSSESSIVE = re.compile(r"['’]s\b")
_AHEAD_OF = re.compile(r"\bahead\s+of\s+$", re.I)
_FUTURE_AFTER = re.compile(r"(?:['’]s)?(?:\s+\w+)?\s+(?:deadline|target\s+date)\b", re.I)


def future_cue(text: str, start: int, end: int) -> bool:
    """Whether the phrase at text[start:end] is framed as a plan or deadline."""
    if _FUTURE_AFTER.match(text, end) is not None:
        return True
    if _POSSESSIVE.match(text, end) and not _AHEAD_OF.search(text, 0, start):
        # "will investigate Tuesday's attack": the possessive names an event of that day, and
        # the verb before it says nothing about when that event happened.
        return False
    clause_start = 0
    for brk in _CLAUSE_BREAK.finditer(text, 0, start):
        clause_start = brk.end()
    return _FUTURE_BEFORE.search(text, clause_start, start) is not None


# ---------------------------------------------------------------------------------------
# dateparser fallback
# ---------------------------------------------------------------------------------------


def _dateparser(m: re.Match[str], ctx: Context) -> Resolved | None:
    """Odd explicit forms ("26-Aug-2021", "Aug-26-21") that the table does not spell out.

    dateparser is imported lazily (it is slow to import) and only sees the phrase itself;
    it is never asked about weekdays, which it resolves to the wrong week on the same day.
    """
    import dateparser  # noqa: PLC0415 - lazy: most sentences never need it

    base = datetime.combine(ctx.published, datetime.min.time()) if ctx.published else None
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    try:
        parsed = dateparser.parse(m["p"], languages=["en"], settings=settings)
    except (ValueError, OverflowError) as exc:  # dateparser raises on some odd inputs
        logger.debug("dateparser could not read %r: %s", m["p"], exc)
        return None
    return one_day(parsed.date(), has_year=True) if parsed else None


_FALLBACK = Rule(
    "dateparser",
    compile_rule(
        rf"(?<![\w/.-])(?P<p>\d{{1,2}}-{MONTH}-(?:\d{{4}}|\d{{2}})|{MONTH}-\d{{1,2}}-(?:\d{{4}}|\d{{2}}))(?![\w/-])"
    ),
    _dateparser,
    words=MONTH_WORDS,
    digits=True,
)

RULES: tuple[Rule, ...] = (*ABSOLUTE_RULES, *RELATIVE_RULES, _FALLBACK)


# ---------------------------------------------------------------------------------------
# Finding
# ---------------------------------------------------------------------------------------


def find_date_matches(
    text: str, published: date | None, *, offset: int = 0, rules: tuple[Rule, ...] = RULES
) -> list[DateMatch]:
    """Every date phrase in a sentence, past and future, in text order.

    Where phrases overlap the longest wins ("Thursday, August 26" over "Thursday"); when the
    longest cannot be resolved, a shorter one inside it may still be.
    """
    candidates: list[tuple[int, int, Rule, re.Match[str]]] = []
    words = sentence_words(text)
    has_digit = any(c.isdigit() for c in text)
    for rule in rules:
        if not rule.may_match(words, has_digit):
            continue
        for m in rule.pattern.finditer(text):
            start, end = m.span("p")
            if end > start:
                candidates.append((start, end, rule, m))
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))

    taken: list[tuple[int, int]] = []
    found: list[DateMatch] = []
    for start, end, rule, m in candidates:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        cue = rule.flexible and future_cue(text, start, end)
        resolved = rule.resolve(m, Context(published, forward=cue))
        if resolved is None:
            continue
        if not cue and published is not None and rule.name in _DEADLINE_RULES and _BY.search(text, 0, start):
            # "by 11 September" in an August article is a deadline; "by 20 August" a past
            # state of affairs. Read the day forward and keep that reading when it lies ahead.
            ahead = rule.resolve(m, Context(published, forward=True))
            if ahead is not None and ahead.earliest > published:
                resolved, cue = ahead, True
        future = cue or resolved.future or (published is not None and resolved.earliest > published)
        if not future:
            resolved = clamp_to(resolved, published)
        taken.append((start, end))
        found.append(
            DateMatch(
                date=EventDate(
                    day=resolved.day,
                    precision=resolved.precision,
                    earliest=resolved.earliest,
                    latest=resolved.latest,
                    text=text[start:end],
                    start=offset + start,
                    end=offset + end,
                ),
                rule=rule.name,
                future=future,
                has_year=resolved.has_year,
            )
        )
    found.sort(key=lambda d: d.date.start or 0)
    return found


def find_dates(text: str, published: date | None, *, offset: int = 0) -> list[EventDate]:
    """The event dates a sentence states, resolved against the publication date, in text order.

    Plans and deadlines ("will meet on Tuesday", "a September 11 deadline", "next week") and
    any day after publication are left out: see find_future_dates. Without a publication
    date only phrases that state their own year are returned.
    """
    return [d.date for d in find_date_matches(text, published, offset=offset) if not d.future]


def find_future_dates(text: str, published: date | None, *, offset: int = 0) -> list[EventDate]:
    """The plans and deadlines find_dates leaves out, resolved forward, in text order."""
    return [d.date for d in find_date_matches(text, published, offset=offset) if d.future]
