"""Finding who a sentence attributes its statement to.

Works on one sentence's text with regular expressions and a small lexicon (the office and
group words of ``source_roles.tsv``): a candidate source phrase must look like one
("the provincial governor", "rebel spokesman Omar Kadiri", "local sources"), which
keeps "the law says" or "prices fell, analysts said" from producing nonsense sources. When
the caller has a spaCy parse, its part-of-speech tags veto phrases that start with a verb or
adverb ("Speaking on a street ...").

This module finds the speech verbs, "according to" and document attributions and the quotation
marks a sentence sits in; ``source_span`` reads the phrase before or after a verb as a source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from frontwatch import vocabulary
from frontwatch.claims.source_span import (
    BOUNDARY,
    CLAUSE_CUT,
    PRONOUNS,
    PosAt,
    object_after,
    opening_subject,
    source_phrase,
    subject_before,
)
from frontwatch.claims.sources import source_type
from frontwatch.rulebook import register

SubjectAt = Callable[[int], "tuple[int, int] | None"]

# Reporting verbs, by surface form -> the canonical form stored in Claim.verb, and the verb's stance.
# One table (data/vocab/attribution_verbs.tsv) serves every stage that needs speech verbs.
# the forms of a speech verb or noun; "prep" rows ("according to") are read where the source follows
_SPEECH_FORMS = frozenset(r["form"] for r in vocabulary.rows("attribution_verbs") if r["form"] != "prep")
_VERBS: dict[str, str] = vocabulary.lookup("attribution_verbs", "canonical", lang="en", form=_SPEECH_FORMS)
VERB_STANCE: dict[str, str] = {
    r["canonical"]: r["stance"] for r in vocabulary.select("attribution_verbs", lang="en", form=_SPEECH_FORMS)
}
_FORM: dict[str, str] = vocabulary.lookup("attribution_verbs", "form", lang="en", form=_SPEECH_FORMS)

# Forms that are as often plural nouns; trusted only when the parse tags them as verbs.
_NOUN_LIKE = frozenset(t for t, f in _FORM.items() if f == "noun_like")
# "called"/"described" report speech only with a medium ("In a tweet, X called ...") or a
# typed speaker; "X called for calm" never does.
_WEAK = frozenset(_VERBS[t] for t, f in _FORM.items() if f == "weak")
# "..., saying ...": the speaker is the subject of the clause the participle hangs on
_PARTICIPLES = frozenset(t for t, f in _FORM.items() if f == "participle")
# verbs whose object is the listener ("told the BBC"): no inverted speaker after them
_LISTENER = frozenset(vocabulary.terms("attribution_verbs", lang="en", listener="yes"))
_MEDIUM = re.compile(
    r"\bin\s+an?\s+"
    + vocabulary.alternation("document_words", lang="en", role="noun", introduced_by=("in a", "both"))
    + r"\b",
    re.IGNORECASE,
)
# Toll phrases with a determiner ("put the toll at", "raised its toll to") take up to two words of
# their own before the noun: "put the soldiers' death toll at", "raised the official toll to"
# (rule CLAIMS-TOLL-PHRASE-MODIFIER). They are matched by _TOLL_RE, the other forms by _VERB_RE.
_TOLL_DETERMINERS = ("the", "its", "their")
_TOLL_ROWS = [
    r
    for r in vocabulary.select("attribution_verbs", lang="en", form="toll")
    if len(r["term"].split()) > 2 and r["term"].split()[1] in _TOLL_DETERMINERS
]
_TOLL_CANONICAL: dict[str, str] = {r["term"].split()[0]: r["canonical"] for r in _TOLL_ROWS}
_TOLL_RE = re.compile(
    r"\b(?P<verb>"
    + "|".join(sorted(_TOLL_CANONICAL, key=lambda w: (-len(w), w)))
    + r")\s+(?:"
    + "|".join(_TOLL_DETERMINERS)
    + r")\s+(?:[\w'’-]+\s+){0,2}?(?:"
    + "|".join(sorted({r"\s+".join(r["term"].split()[2:-1]) for r in _TOLL_ROWS}, key=lambda w: (-len(w), w)))
    + r")\s+(?:"
    + "|".join(sorted({r["term"].split()[-1] for r in _TOLL_ROWS}))
    + r")\b"
)
_VERB_RE = re.compile(
    r"\b"
    + vocabulary.alternation(
        "attribution_verbs",
        lang="en",
        form=_SPEECH_FORMS,
        term=tuple(t for t in _VERBS if t not in {r["term"] for r in _TOLL_ROWS}),
    )
    + r"\b"
)
_CALLED_FOR = re.compile(r"\s+(?:for|on|off|up|in|out)\b")
_QUOTED = re.compile(r"\b(?:was|were|has\s+been|had\s+been|is)\s+quoted\s+as\s+saying\b", re.IGNORECASE)
# "according to X": the English preposition row of attribution_verbs (the actor stage reads the same row)
_ACCORDING = re.compile(
    r"\b" + vocabulary.alternation("attribution_verbs", lang="en", form="prep", canonical="according to") + r"\s+",
    re.IGNORECASE,
)
# "as reported by X", "news of the attack was confirmed by X"
_REPORTED_BY = re.compile(
    r"\b(?:as|was|were|been)\s+(?P<verb>"
    + "|".join(sorted({t for t, f in _FORM.items() if f == "verb" and t.endswith("ed")}, key=len, reverse=True))
    + r")\s+by\s+",
    re.IGNORECASE,
)
# Nouns of attribution: "despite assertions by exhausted soldiers that ...", "claims made by X"
_NOUN_BY = re.compile(
    r"\b(?P<noun>" + vocabulary.alternation("attribution_verbs", form="noun_by", lang="en") + r")\s+(?:made\s+)?by\s+",
    re.IGNORECASE,
)
# The previous statement speaking again: "..., it read." / "the statement added".
# (data/vocab/document_words.tsv: the nouns of what was issued and the verbs by which it speaks)
_DOCUMENT = re.compile(
    r"\b(?:it|the\s+"
    + vocabulary.alternation("document_words", lang="en", role="noun", introduced_by=("the", "both"))
    + r")\s+"
    + vocabulary.alternation("document_words", lang="en", role="verb")
    + r"\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Attribution:
    """A source named in a sentence: its text (as written), article span and verb."""

    source: str
    verb: str
    start: int  # article offsets of the source phrase
    end: int
    verb_start: int  # article offset of the verb (used to pick the first attribution)
    kind: str = "phrase"  # phrase | pronoun | document


QuoteState = tuple[bool, bool]  # (inside a double quotation, inside a single curly one)


def quote_walk(text: str, state: QuoteState = (False, False)) -> tuple[list[bool], QuoteState]:
    """For each character: is it inside a quotation? And the state at the end of ``text``.

    Double quotes (straight or curly) and single curly quotes ('‘’') both count; a ’ between two
    letters ("Orlov’s") or closing no open ‘ is an apostrophe, not a quotation mark.
    """
    double, single = state
    mask = []
    for k, ch in enumerate(text):
        if ch == "“":
            double = True
        elif ch == "”":
            mask.append(double or single)
            double = False
            continue
        elif ch == '"':
            double = not double
        elif ch == "‘" and (k == 0 or not text[k - 1].isalnum()):
            single = True
        elif ch == "’" and single and not (k + 1 < len(text) and text[k + 1].isalpha() and k and text[k - 1].isalpha()):
            mask.append(True)
            single = False
            continue
        mask.append(double or single)
    return mask, (double, single)


def _quote_mask(text: str, *, open_at_start: bool | QuoteState) -> list[bool]:
    """For each character: is it inside a quotation (double quotes or single curly ones)?"""
    state = open_at_start if isinstance(open_at_start, tuple) else (bool(open_at_start), False)
    return quote_walk(text, state)[0]


def find_attributions(
    text: str,
    *,
    base: int,
    pos_at: PosAt | None = None,
    open_quote: bool | QuoteState = False,
    subject_of: SubjectAt | None = None,
) -> list[Attribution]:
    """Every attribution in one sentence (``text`` at article offset ``base``), first verb first.

    ``open_quote`` says the sentence starts inside a quotation carried over from the last one;
    verbs inside quotations are the speaker's words, not attributions. ``subject_of`` (from the
    caller's parse) gives the subject span of the clause a participle at an offset hangs on.
    """
    if open_quote or any(q in text for q in '"“”‘'):
        mask = _quote_mask(text, open_at_start=open_quote)
    else:
        mask = [False] * len(text)  # most sentences quote nobody; skip the per-character walk
    found: list[Attribution] = []

    def add(span: tuple[int, int] | None, verb: str, verb_at: int, kind: str = "phrase") -> None:
        if span is None:
            return
        source = text[span[0] - base : span[1] - base]
        if kind == "phrase" and source.lower() in PRONOUNS:
            kind = "pronoun"
        found.append(Attribution(source, verb, span[0], span[1], base + verb_at, kind))

    for m in _DOCUMENT.finditer(text):
        if not mask[m.start()]:
            verb = m.group(0).split()[-1].lower()
            found.append(
                Attribution(
                    m.group(0).rsplit(" ", 1)[0],
                    _VERBS.get(verb, verb),
                    base + m.start(),
                    base + m.start(),
                    base + m.start(),
                    "document",
                )
            )
    for m in _QUOTED.finditer(text):
        if not mask[m.start()]:
            add(subject_before(text, base, m.start(), pos_at=pos_at), "quoted", m.start())
    for m in _ACCORDING.finditer(text):
        if not mask[m.start()]:
            add(object_after(text, base, m.end(), pos_at=pos_at), "according to", m.start())
    for m in _NOUN_BY.finditer(text):
        if not mask[m.start()]:
            noun = " ".join(m.group("noun").lower().split())
            add(object_after(text, base, m.end(), pos_at=pos_at), _VERBS[noun], m.start())
    for m in _REPORTED_BY.finditer(text):
        if not mask[m.start()]:
            add(object_after(text, base, m.end(), pos_at=pos_at), m.group("verb").lower(), m.start())
    for m in sorted((*_VERB_RE.finditer(text), *_TOLL_RE.finditer(text)), key=lambda m: m.start()):
        if mask[m.start()] or any(
            a.verb_start - base <= m.start() < a.verb_start - base + 40 for a in found if a.kind == "document"
        ):
            continue
        if m.start() > 0 and text[m.start() - 1] == "-":
            continue  # part of a compound ("well-informed sources", "so-called"), not a verb of saying
        form = " ".join(m.group(0).split())
        verb = _TOLL_CANONICAL[m.group("verb")] if m.re is _TOLL_RE else _VERBS[form]
        if form in _PARTICIPLES and re.search(r",\s*$", text[: m.start()]):
            # "X sought to play it down, saying ...": the speaker is the governing clause's subject
            span = subject_of(base + m.start()) if subject_of is not None else None
            if span is None:
                span = opening_subject(text, base, pos_at=pos_at)
            elif source_phrase(text[span[0] - base : span[1] - base], span[0], pos_at=pos_at) is None:
                span = None
            add(span, verb, m.start())
            continue
        if form in _NOUN_LIKE and (pos_at is None or pos_at(base + m.start()) not in ("VERB", "AUX")):
            continue  # "news reports indicated", "Taliban claims were denied"
        if verb in _WEAK and _CALLED_FOR.match(text, m.end()):
            continue  # "called for calm", "called on the government"
        span = None
        if verb not in _WEAK and form not in _LISTENER:
            span = inverted_speaker(text, base, m.start(), m.end(), pos_at=pos_at)
        if span is None:
            span = subject_before(text, base, m.start(), pos_at=pos_at, progressive=form.endswith("ing"))
        if span is None and verb not in ("told", "accused"):
            before = text[: m.start()].rstrip()
            if before.endswith((",", ',"', ",”", ",'", ",’")) or before.endswith(("”", '"', "’")):
                span = object_after(text, base, m.end(), pos_at=pos_at)
        if span is None:
            continue
        if verb in _WEAK:
            source = text[span[0] - base : span[1] - base]
            if not _MEDIUM.search(text) and (source.lower() in PRONOUNS or source_type(source) == "unknown"):
                continue
        add(span, verb, m.start())
    found.sort(key=lambda a: a.verb_start)
    return found


_CLAUSE_END = re.compile(r"\s*(?:[,.;]|$)")


def inverted_speaker(
    text: str, base: int, verb_at: int, verb_end: int, *, pos_at: PosAt | None
) -> tuple[int, int] | None:
    """ "..., said Captain X, a spokesman": a verb of saying right after a comma, whose source phrase after
    it ends the clause, names its speaker after it; the noun before the comma ("flown to a hospital in X,")
    is the statement's last word, not its speaker (rule CLAIMS-INVERTED-SPEAKER)."""
    if not re.search(r",\s*$", text[:verb_at]):
        return None
    span = object_after(text, base, verb_end, pos_at=pos_at)
    if span is None or _CLAUSE_END.match(text, span[1] - base) is None:
        return None
    return span


register(
    "CLAIMS-INVERTED-SPEAKER",
    stage="claims",
    reason="'..., said Captain X, a spokesman' names the speaker after the verb, not the noun that ends the statement",
    positive=[
        "One soldier was wounded and flown to a hospital in Zarovka, said Captain Ivan Orlov, an army spokesman."
    ],
    negative=[
        "The ministry, which runs the camps, said 12 people died.",
        "Captain Ivan Orlov, an army spokesman, said one soldier was wounded.",
        '"We hold the centre," Ivan Orlov, an army spokesman, told the radio.',
    ],
    check=lambda t: any(a.start > a.verb_start for a in find_attributions(t, base=0)),
)


def trailing_source(text: str, *, base: int, pos_at: PosAt | None = None) -> tuple[int, int] | None:
    """The source phrase that ends ``text`` ("... Military spokesman Brig."), as article offsets:
    the first half of a name the sentence splitter cut after a title abbreviation."""
    boundaries = list(BOUNDARY.finditer(text))
    start = boundaries[-1].end() if boundaries else 0
    clause = CLAUSE_CUT.match(text[start:] + " ")
    if clause:
        start += min(clause.end(), len(text) - start)
    return source_phrase(text[start:], base + start, pos_at=pos_at)


def names_a_source(text: str) -> bool:
    """Whether a sentence has a cue of attribution at all ("according to", a speech verb), even
    one whose source could not be read: such a sentence is never the outlet's own claim."""
    return bool(_ACCORDING.search(text) or _REPORTED_BY.search(text) or _VERB_RE.search(text))


def source_phrase_ok(text: str, offset: int, *, pos_at: PosAt | None = None) -> bool:
    """Whether ``text`` (at article ``offset``) reads as a source phrase as a whole."""
    span = source_phrase(text, offset, pos_at=pos_at)
    return span is not None and span[1] - span[0] >= len(text.strip()) - 1
