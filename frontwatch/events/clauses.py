"""Coordinated clauses of one sentence, each with its own date and place (rule ASSEMBLE-DATE-IN-OWN-CLAUSE).

"Rebels took X on Monday, and Y fell to the army on Wednesday" tells two events: the dependency parse joins
the two verbs as ``conj``, and each verb's subtree (less the other's) holds its own day and its own place.
``clause_spans`` finds the clauses from the parse when the sentence is read; the assembler then splits a
sentence whose clauses each carry a day of their own into one signal per clause, so each event gets the day
written in its own clause rather than the sentence's first. A subordinate clause ("after a battle that began
on Saturday", "said on Monday that ...") is no coordinated clause and never splits a sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from frontwatch import vocabulary
from frontwatch.events.signals import SentenceSignals
from frontwatch.model import Sentence
from frontwatch.rulebook import register

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

_VERBS = ("VERB", "AUX")
# weekday names the tagger leaves out of its DATE entities ("on Wednesday" after a conjunction)
_DAY_WORDS = frozenset(t.lower() for t in vocabulary.terms("calendar_words", lang="en", kind="weekday"))


def _conj_verbs(head: Token, span: SpacySpan) -> list[Token]:
    """``head`` and the verbs coordinated with it inside ``span`` ("took ..., and ... fell"), in text order."""
    chain = [head]
    for verb in chain:
        chain.extend(c for c in verb.children if c.dep_ == "conj" and c.pos_ in _VERBS and span.start <= c.i < span.end)
    return sorted(chain, key=lambda t: t.i)


def _depth(token: Token) -> int:
    depth = 0
    while token.head is not token and depth < 64:
        token, depth = token.head, depth + 1
    return depth


def clause_spans(span: SpacySpan) -> list[tuple[int, int, int]]:
    """``(start, end, verb_start)`` character offsets (those of ``span``'s doc) of the coordinated clauses of
    one sentence, in text order; empty when the sentence has one clause. The coordinated verbs are the
    highest pair in the tree, so a frame around them ("..., officials said") joins the clause it touches.
    The clauses tile the sentence: each runs from its first word to the first word of the next, so no word
    is lost when a sentence is split."""
    heads = [t for t in span if t.pos_ in _VERBS and len(_conj_verbs(t, span)) > 1 and t.dep_ != "conj"]
    if not heads:
        return []
    verbs = _conj_verbs(min(heads, key=_depth), span)
    starts = []
    for verb in verbs:
        # the verb's own words: its subtree less the subtrees of the verbs coordinated under it
        others = {t.i for v in verbs if v is not verb and v.head is verb for t in v.subtree}
        own = [t for t in verb.subtree if t.i not in others and t.dep_ not in ("cc", "punct")]
        if not own or not all(span.start <= t.i < span.end for t in own):
            return []
        starts.append(min(t.idx for t in own))
    if len(set(starts)) < len(starts) or starts != sorted(starts):
        return []  # interleaved clauses ("X and Y were taken on Monday and Tuesday"): no clean split
    bounds = [span.start_char, *starts[1:], span.end_char]
    return [(bounds[k], bounds[k + 1], verbs[k].idx) for k in range(len(verbs))]


def _is_date(tok: Token) -> bool:
    return tok.ent_type_ == "DATE" or tok.lower_ in _DAY_WORDS


def gapped_spans(span: SpacySpan) -> list[tuple[int, int, int]]:
    """``clause_spans`` for a gapped sentence, whose second clause repeats no verb ("The militia took X on
    Monday and Y on Wednesday", ASSEMBLE-GAPPED-CLAUSE). The parser has no node for the missing verb and
    hangs the remnant anywhere (often as a ``conj`` of the first date), so the split is read from the
    tokens' roles instead of the tree: a coordinating ``and`` after the main verb and after a date of the
    first clause, followed by a remnant with no verb of its own that holds a date and a proper name. The
    remnant runs to the next comma or verb; a frame after it (", officials said") joins it. Empty when
    the sentence is not gapped."""
    for cc in span:
        if cc.dep_ != "cc" or cc.lower_ != "and":
            continue
        # the verb of the first clause: the nearest before the "and" (the root, or the reported clause of
        # "..., officials said"); a verb coordinated with it is the two-verb case of clause_spans
        verbs = [t for t in span.doc[span.start : cc.i] if t.pos_ == "VERB"]
        if not verbs or any(c.dep_ == "conj" and c.pos_ in _VERBS for c in verbs[-1].children):
            continue
        if not any(_is_date(t) for t in span.doc[span.start : cc.i]):
            continue  # the first clause's date must come before the "and": "took X and Y on Monday" is one event
        remnant = []
        for tok in span.doc[cc.i + 1 : span.end]:
            if tok.pos_ in _VERBS or tok.text == ",":
                break
            remnant.append(tok)
        if any(_is_date(t) for t in remnant) and any(t.pos_ == "PROPN" and not _is_date(t) for t in remnant):
            return [(span.start_char, cc.idx, verbs[-1].idx), (cc.idx, span.end_char, remnant[0].idx)]
    return []


def sentence_parse(doc: Doc | None, s: Sentence) -> SpacySpan:
    """The parse of one sentence: the article's when its tree stays inside the sentence, else the sentence
    parsed alone (a headline the article's parse ran into the first line). Character offsets
    are the article's for the first, the sentence's for the second (``read_clauses`` shifts them)."""
    from frontwatch import nlp

    span = doc.char_span(s.start, s.end, alignment_mode="expand") if doc is not None else None
    if span is not None and all(span.start <= t.head.i < span.end for t in span):
        return span
    return nlp.parse(s.text)[:]


def read_clauses(doc: Doc | None, signals: Sequence[SentenceSignals]) -> None:
    """Fill ``clauses`` where two precise days and two places meet in a sentence (the only place the rule
    can split, so the only sentences whose parse is read here)."""
    for sig in signals:
        if len({d.day for d in sig.dates if d.precision == 1}) < 2 or len(sig.toponyms) < 2:
            continue
        span = sentence_parse(doc, sig.sentence)
        shift = 0 if span.doc is doc else sig.sentence.start
        found = clause_spans(span) or gapped_spans(span)  # ASSEMBLE-GAPPED-CLAUSE when no second verb
        sig.clauses = [(a + shift, b + shift, v + shift) for a, b, v in found]


def _days(sig: SentenceSignals, start: int, end: int) -> set[date]:
    return {d.day for d in sig.dates if d.precision == 1 and d.start is not None and start <= d.start < end}


def split_by_clause(signals: Sequence[SentenceSignals]) -> list[SentenceSignals]:
    """Each sentence whose coordinated clauses each give their own day and name a place becomes one signal per
    clause (ASSEMBLE-DATE-IN-OWN-CLAUSE); every other sentence is kept as it is. A clause's signal holds the
    dates, places, counts and actors inside it; a clause naming no actor shares the subject of the first
    ("Rebels seized X on Monday and captured Y on Wednesday"). New clauses take sentence numbers after the
    article's last, so each is a sentence of its own to the assembler and the toll of one is not the other's."""
    out: list[SentenceSignals] = []
    next_index = max((s.sentence.index for s in signals), default=-1) + 1
    for sig in signals:
        clauses = sig.clauses
        days = [_days(sig, a, b) for a, b, _ in clauses]
        placed = [any(a <= t.start < b and t.place is not None for t in sig.toponyms) for a, b, _ in clauses]
        if len(clauses) < 2 or not all(days) or not all(placed) or len(set().union(*days)) < 2:
            out.append(sig)
            continue
        subject = [x for x in sig.actors if x.start < clauses[0][2]]
        for k, (a, b, _) in enumerate(clauses):
            s = sig.sentence
            index = s.index if k == 0 else next_index
            next_index += k > 0
            part = Sentence(s.article_id, index, a, b, s.text[a - s.start : b - s.start])
            actors = [x for x in sig.actors if a <= x.start < b] or subject

            def inside(x: object, a: int = a, b: int = b) -> bool:
                start = getattr(x, "start", None)
                return start is not None and a <= start < b

            out.append(
                replace(
                    sig,
                    sentence=part,
                    toponyms=[t for t in sig.toponyms if inside(t)],
                    dates=[d for d in sig.dates if inside(d)],
                    counts=[c for c in sig.counts if inside(c)],
                    actors=actors,
                    clauses=[],
                    clause_of=s.index,
                )
            )
    return out


def _clause_days(text: str, *, gapped: bool = False) -> list[set[date]]:
    """The days of each coordinated clause of an example sentence (the rule's check)."""
    from frontwatch import nlp
    from frontwatch.dates import find_dates

    doc = nlp.parse(text)
    sent = next(iter(doc.sents))
    found = find_dates(text, date(2031, 5, 9))
    spans = clause_spans(sent) if not gapped else gapped_spans(sent)
    return [{d.day for d in found if d.precision == 1 and a <= (d.start or -1) < b} for a, b, _ in spans]


def _own_days(text: str, *, gapped: bool = False) -> bool:
    """The rule's check: two clauses or more, each with one day, not all the same."""
    days = _clause_days(text, gapped=gapped)
    return days != [] and all(len(d) == 1 for d in days) and len(set().union(*days)) > 1


DATE_IN_OWN_CLAUSE = register(
    "ASSEMBLE-DATE-IN-OWN-CLAUSE",
    stage="assemble",
    reason="two coordinated clauses with a day and a place each are two events, each dated by its own clause",
    positive=[
        "Rebels took Zarovka on Monday, and Ostrava fell to the army on Wednesday.",
        "Zarovka was taken on Monday, and Ostrava fell on Wednesday.",
        "Rebels seized Zarovka on Monday and captured Ostrava on Wednesday.",
    ],
    negative=[
        "Rebels took Zarovka on Monday after a battle that began on Saturday.",
        "The army said on Monday that rebels took Zarovka on Sunday.",
        "Rebels took Zarovka on Monday and held it.",
    ],
    needs_parse=True,
    check=_own_days,
)

GAPPED_CLAUSE = register(
    "ASSEMBLE-GAPPED-CLAUSE",
    stage="assemble",
    reason="'took X on Monday and Y on Wednesday' leaves out the second verb: still two events, each with its place and day",
    positive=[
        "The militia took Zarovka on Monday and Ostrava on Wednesday.",
        "Rebels seized Zarovka on Monday and Ostrava on Wednesday, officials said.",
        "Government troops recaptured Zarovka on Monday and Ostrava on Wednesday.",
    ],
    negative=[
        "The militia took Zarovka and Ostrava on Monday.",
        "Rebels seized Zarovka on Monday and held it until Wednesday.",
        "Rebels took Zarovka on Monday, and Ostrava fell to the army on Wednesday.",
    ],
    needs_parse=True,
    check=lambda t: _own_days(t, gapped=True),
)
