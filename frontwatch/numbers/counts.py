"""Finding counts of people in one sentence and attaching each to the word that governs it.

The order of evidence for a count's kind, strongest first (each step only fills what the
earlier ones left open):

1. a governing word right before the number ("killing 12", "the death toll rose to 40");
2. a kind adjective inside its noun phrase ("12 wounded soldiers");
3. a governing word right after its noun phrase ("12 soldiers were killed", "12 dead");
4. a head noun that carries a kind ("12 bodies", "five hostages");
5. a coordinated neighbour ("12 soldiers and 3 civilians were killed");
6. the count it is part of ("400 inmates, including 100 fighters");
7. the nearest governing word in the same clause that no other count has claimed.

What is left is "other". Numbers that measure time, distance, money, places or objects are
dropped, and so are bare vague words ("many", "several") and "one" with nothing that makes
them people.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from frontwatch.model import Count
from frontwatch.numbers import lexicon as lx
from frontwatch.numbers.phrases import (
    ARTICLE,
    WORD,
    Found,
    is_people_word,
    next_token,
    number_matches,
    parse_match,
    scan_noun_phrase,
)
from frontwatch.rulebook import register

logger = logging.getLogger(__name__)

_COORDINATION = re.compile(r"^\s*(?:,|,?\s*(?:and|or|as\s+well\s+as|plus))\s*$", re.IGNORECASE)
_DENOMINATOR_GAP = re.compile(r"^\s*(?:out\s+)?of\s+(?:the\s+|a\s+total\s+of\s+)?$", re.IGNORECASE)
# How far (in characters) a governing word may be from a count it is not next to: a clause
# of ordinary news prose; beyond that a verb usually belongs to another subject.
_FALLBACK_AFTER = 120
_FALLBACK_BEFORE = 40


@dataclass
class _Cue:
    start: int
    end: int
    kind: str
    used: bool = False


# First words of multi-word governing phrases whose first word is not a cue on its own.
_CUE_OPENERS = frozenset({"death", "lost", "claimed", "shot", "blew", "set", "broke", "broken", "taken", "held"})
_CUE_OPENERS |= frozenset({"rounded", "forced", "gunned", "burnt", "burned"})


@lru_cache(maxsize=4096)
def _may_open_cue(word: str) -> bool:
    return word in _CUE_OPENERS or lx.CUE_RE.fullmatch(word) is not None


def _cues(text: str) -> list[_Cue]:
    cues: list[_Cue] = []
    done = 0
    for w in WORD.finditer(text):
        if w.start() < done or not _may_open_cue(w.group(0).lower()):
            continue
        c = lx.CUE_RE.match(text, w.start())
        if c is not None:
            cues.append(_Cue(c.start(), c.end(), c.lastgroup or "other"))
            done = c.end()
    return cues


def _clause_break(text: str, start: int, end: int) -> bool:
    return lx.CLAUSE_BREAK.search(text, start, end) is not None


def _is_agent(text: str, f: Found, cue: _Cue) -> bool:
    """True when the verb after a count takes an object: "two gunmen killed 12" (the 2 are the agents)."""
    if lx.PASSIVE.search(text[f.np_end : cue.start]):
        return False
    verb = text[cue.start : cue.end].lower()
    if verb not in lx.ACTIVE_VERBS and verb.split()[0] not in lx.ACTIVE_VERBS:
        return False  # "shot dead", "gunned down": the phrase's verb decides
    nxt = next_token(text, cue.end)
    if nxt is None:
        return False
    word = nxt.group(1)
    low = word.lower().rstrip(".")
    return word[0].isdigit() or low in lx.OBJECT_OPENERS or is_people_word(text, nxt.start(1), word) is not None


def _attach_direct(text: str, found: list[Found], cues: list[_Cue]) -> None:
    for f in found:
        pre = next(
            (c for c in reversed(cues) if c.end <= f.start and lx.PRE_GAP.match(text[c.end : f.start])),
            None,
        )
        post = next(
            (c for c in cues if c.start >= f.np_end and lx.POST_GAP.match(text[f.np_end : c.start])),
            None,
        )
        if post is not None and _is_agent(text, f, post):
            post = None
        if f.article and pre is None and (post is None or not lx.PASSIVE.search(text[f.np_end : post.start])):
            post = None  # "a gunman killed ...": one person named as the subject is no count
        for source in (pre, f.adj_kind, post, f.head_kind):
            if source is None:
                continue
            if isinstance(source, _Cue):
                # A part ("including a police officer have been killed") shares its verb
                # with the count it belongs to, so it does not claim the verb for itself.
                source.used = source.used or f.part_of is None
                f.kind = source.kind
            else:
                f.kind = source
            f.direct = True
            break


def _attach_parts(text: str, found: list[Found]) -> None:
    """Mark denominators ("12 of the 30") and parts ("20, including 4 children")."""
    for i, f in enumerate(found[1:], start=1):
        prev = found[i - 1]
        if _DENOMINATOR_GAP.match(text[prev.end : f.start]):
            f.denominator = True
        elif lx.PART_BEFORE.search(text[prev.end : f.start]):
            f.part_of = i - 1


def _coordinate(text: str, found: list[Found], *, direct_only: bool) -> None:
    """Coordination: "12 soldiers and 3 civilians were killed" shares one governing word."""
    for i, f in enumerate(found):
        if f.kind is not None or f.thing:
            continue
        neighbours: list[Found] = []
        j = i - 1
        while j >= 0 and _COORDINATION.match(text[found[j].np_end : found[j + 1].start]):
            neighbours.append(found[j])
            j -= 1
        k = i + 1
        while k < len(found) and _COORDINATION.match(text[found[k - 1].np_end : found[k].start]):
            neighbours.append(found[k])
            k += 1
        directs = sorted(
            (n for n in neighbours if (n.direct or not direct_only) and n.kind is not None),
            key=lambda n: abs(n.start - f.start),
        )
        if directs:
            f.kind = directs[0].kind


# "against the killing of a lecturer", "after the deaths of two aid workers": a governing word used as a noun
# with its own "of" object counts that object, never a count elsewhere in the clause
_NOUN_CUE_BEFORE = re.compile(r"\b(?:the|a|an|his|her|their|its)\s+$", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)


def _owns_object(text: str, c: _Cue) -> bool:
    """Rule NUMBERS-NOUN-CUE-OWN-OBJECT."""
    return bool(_NOUN_CUE_BEFORE.search(text, max(0, c.start - 8), c.start)) and bool(_OF_AFTER.match(text, c.end))


def _attach_fallback(text: str, found: list[Found], cues: list[_Cue]) -> None:
    cues = [c for c in cues if not _owns_object(text, c)]
    for f in found:
        if f.kind is not None or f.thing:
            continue
        if f.part_of is not None and f.article:
            f.kind = found[f.part_of].kind
            continue
        if f.article:
            continue
        if f.part_of is not None and found[f.part_of].kind is not None:
            f.kind = found[f.part_of].kind
            continue
        after = next(
            (
                c
                for c in cues
                if not c.used
                and f.np_end <= c.start <= f.np_end + _FALLBACK_AFTER
                and not _clause_break(text, f.np_end, c.start)
            ),
            None,
        )
        before = next(
            (
                c
                for c in reversed(cues)
                if not c.used
                and f.start - _FALLBACK_BEFORE <= c.end <= f.start
                and not _clause_break(text, c.end, f.start)
            ),
            None,
        )
        if after is not None and f.people and _is_agent(text, f, after):
            after = None  # NUMBERS-AGENT-BEFORE-FAR-VERB: "two gunmen on a motorcycle shot dead a headman"
        chosen = after or before
        if chosen is not None and (f.people or not f.weak):
            f.kind = chosen.kind


def _keep(f: Found) -> bool:
    if f.article:
        return f.kind is not None and f.kind != "other"
    if f.unit:
        return False
    if f.year_like and not f.people:
        return False
    if f.weak and not f.people and not f.direct:
        return False
    return True


def _suicide_bombers(text: str, found: list[Found], *, offset: int) -> list[Count]:
    """One killed Count per singular suicide bomber mention (ACLED counts the bomber)."""
    out: list[Count] = []
    for m in lx.SUICIDE_BOMBER.finditer(text):
        if any(f.start <= m.start() < max(f.np_end, f.end) for f in found):
            continue  # already read as a number's side ("one suicide bomber")
        window = text[max(0, m.start() - 40) : m.end() + 60]
        if lx.BOMBER_SURVIVED.search(window):
            continue
        out.append(Count(1, 1, 1, m.group(0), "killed", offset + m.start(), offset + m.end(), side="suicide bomber"))
    return out


# a toll named before its number: the number that follows is the count of dead
_TOLL_BEFORE = re.compile(
    r"\b(?:death toll|toll|number of (?:people |those |civilians )?(?:killed|dead)|number of deaths|dead)\b"
    r"[^.;]{0,120}?\b(?:has |had )?(?:risen|rose|climbed|reached|stands|stood|is|was|at|to|hit)"
    r"(?:\s+(?:to|at))?\s+$",
    re.IGNORECASE,
)


def find_counts(text: str, *, offset: int = 0) -> list[Count]:
    """Every count of people in one sentence, in text order.

    ``start``/``end`` are ``offset`` plus the span of the number phrase (modifier included),
    so ``article.text[c.start:c.end] == c.text`` when ``offset`` is the sentence's start.
    """
    found: list[Found] = []
    for m in number_matches(text):
        if lx.NOT_COUNT_BEFORE.search(text, max(0, m.start() - 20), m.start()) and not m.group("vague"):
            continue
        if lx.PROJECTED_BEFORE.search(text, max(0, m.start() - 60), m.start()):
            continue  # NUMBERS-PROJECTED-TOLL
        if lx.SUPERSEDED_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue  # NUMBERS-SUPERSEDED-TOLL
        before = text[max(0, m.start() - 4) : m.start()].lower()
        if m.group(0).lower() == "one" and (before.endswith("no ") or re.match(r"\s+another\b", text[m.end() :])):
            continue
        f = parse_match(m)
        if f is None:
            continue
        scan_noun_phrase(text, f)
        found.append(f)
    taken = [(f.start, f.end) for f in found]
    for w in ARTICLE.finditer(text):
        if any(a <= w.start() < b for a, b in taken):
            continue
        art = Found(w.start(), w.end(), w.group(0), 1, 1, 1, weak=True, year_like=False, article=True)
        scan_noun_phrase(text, art)
        if art.people and not art.head.endswith("s") and art.head not in lx.PLURAL_INVARIANT:
            found.append(art)
    found.sort(key=lambda f: f.start)
    if not found and "suicide" not in text.lower():
        return []  # most sentences: no number, so skip the governing-word scan
    cues = _cues(text)
    _attach_parts(text, found)
    _attach_direct(text, found, cues)
    for f in found:
        if f.denominator:
            f.kind = "other"
    _coordinate(text, found, direct_only=True)
    _attach_fallback(text, found, cues)
    _coordinate(text, found, direct_only=False)
    counts: list[Count] = []
    kept = [f for f in found if _keep(f)]
    for f in kept:
        kind = f.kind or "other"
        if kind not in ("captured", "wounded") and f.side and "suicide bomber" in f.side.lower():
            kind = "killed"  # suicide bombers die in their attack unless caught or only hurt
        if kind == "other" and _TOLL_BEFORE.search(text, 0, f.start):
            kind = "killed"  # "the number of people killed ... has risen to 50", "the death toll stood at 17"
        if kind == "other" and f.weak and not f.people:
            continue
        counts.append(Count(f.low, f.best, f.high, f.text, kind, offset + f.start, offset + f.end, side=f.side))
    counts.extend(_suicide_bombers(text, kept, offset=offset))
    counts.sort(key=lambda c: c.start)
    logger.debug("%d counts in %r", len(counts), text[:80])
    return counts


NUMBERS_NOUN_CUE_OWN_OBJECT = register(
    "NUMBERS-NOUN-CUE-OWN-OBJECT",
    stage="numbers",
    reason="a governing word used as a noun with its own 'of' object ('against the killing of a lecturer') "
    "counts that object, not a crowd elsewhere in the clause",
    positive=["In the capital, hundreds of people marched on Sunday to protest against the killing of a lecturer."],
    negative=["Hundreds of people were reported killed in the fighting on Sunday."],
    check=lambda t: not any(c.kind == "killed" for c in find_counts(t)),
)

NUMBERS_SUPERSEDED_TOLL = register(
    "NUMBERS-SUPERSEDED-TOLL",
    stage="numbers",
    reason="a figure named as an earlier toll someone has replaced ('raising its earlier toll of 42', 'up from 30') is no count",
    positive=[
        "The clashes killed 50 soldiers, the ministry said, raising its earlier toll of 42.",
        "The death toll rose to 50, up from 30 on Monday.",
    ],
    negative=[
        "The clashes killed 42 soldiers, the ministry said.",
        "Fifty people were killed, up to 30 of them children.",
    ],
    check=lambda t: not any(c.best in (42, 30) for c in find_counts(t)),
)

NUMBERS_AGENT_BEFORE_FAR_VERB = register(
    "NUMBERS-AGENT-BEFORE-FAR-VERB",
    stage="numbers",
    reason="a count of people before an active verb with an object is the attackers even when words part them "
    "('two gunmen on a motorcycle shot dead a headman'), never the dead",
    positive=["On Wednesday evening, two gunmen on a motorcycle shot dead a village headman outside a mosque."],
    negative=[
        "Two villagers on their way to market were shot dead by gunmen on Wednesday.",
        "Two villagers on their way to market were killed on Wednesday.",
    ],
    check=lambda t: not any(c.kind == "killed" and c.best == 2 for c in find_counts(t)),
)

NUMBERS_PROJECTED_TOLL = register(
    "NUMBERS-PROJECTED-TOLL",
    stage="numbers",
    reason="a toll someone expects ('could rise to 40', 'is expected to reach 100') is a forecast, not a figure anyone stated",
    positive=[
        "A spokesman said the death toll could rise to 40 as bodies were still being recovered.",
        "The toll is expected to reach more than 100, officials said.",
    ],
    negative=["The death toll has risen to 40, officials said.", "Gunmen could have killed 40 people."],
    check=lambda t: not any(c.kind == "killed" for c in find_counts(t)),
)
