"""Finding who a sentence attributes its statement to.

Works on one sentence's text with regular expressions and a small lexicon (the office and
group words of ``source_roles.tsv``): a candidate source phrase must look like one
("the provincial governor", "rebel spokesman Omar Kadiri", "local sources"), which
keeps "the law says" or "prices fell, analysts said" from producing nonsense sources. When
the caller has a spaCy parse, its part-of-speech tags veto phrases that start with a verb or
adverb ("Speaking on a street ...").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from frontwatch import vocabulary
from frontwatch.claims.sources import is_role_word, source_type

PosAt = Callable[[int], "str | None"]
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
_MEDIUM = re.compile(
    r"\bin\s+an?\s+"
    + vocabulary.alternation("document_words", lang="en", role="noun", introduced_by=("in a", "both"))
    + r"\b",
    re.IGNORECASE,
)
_VERB_RE = re.compile(r"\b" + vocabulary.alternation("attribution_verbs", lang="en", form=_SPEECH_FORMS) + r"\b")
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
# What a source gave rather than who: "according to the latest toll / count / outcome of X"
_COUNT_OF = re.compile(
    r"(?:the|a|an)\s+(?:(?:latest|last|new|updated|official|initial|provisional|final)\s+)*"
    r"(?:toll|tally|count|figures?|outcome|report|statement|estimate|assessment|data)\s+(?:of|from|by|given\s+by)\s+",
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

# Words allowed between a source and its verb ("Officials have also said", "X said on Monday").
_BETWEEN = re.compile(
    r"(?:\s+(?:has|have|had|was|were|is|are|also|later|earlier|previously|separately|further|again|"
    r"then|(?!family|assembly|rally|ally)[a-z]{3,}ly|"
    r"(?:on|late|early|last)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|night|week)))+\s*$"
)
# Where a subject phrase can begin: punctuation, or a dash between words (a dateline's "Net - ").
_BOUNDARY = re.compile(r"[,;:\"“”()—–]|\s-\s")
_PASSIVE = re.compile(r"\b(?:was|were|is|are|be|been)\s*$")
_CLAUSE_CUT = re.compile(
    r".*\b(?:and|but|while|as|that|after|because|when|although|though|since|where|whereas|so|if|than|"
    r"whom|which|who|before|until|yet)\s+",
    re.IGNORECASE | re.DOTALL,
)
_LEADING = re.compile(
    r"^(?:\s*(?:but|and|also|earlier|later|however|meanwhile|then|now|separately|so|yet|still|in\s+turn|"
    r"moreover|instead)\b,?)+\s*",
    re.IGNORECASE,
)
_PARENTHETICAL = re.compile(
    r"^\s*(?:who|which|reached|contacted|speaking|asked|interviewed|talking|writing|visiting|quoted|"
    r"citing|when|while|in\s+a\s+\w+|on\s+condition|requesting|declining)\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\s+(?:who|whose|which)\s")
_WORD = re.compile(r"[\w][\w'’.\-]*|['’]")
# Lower-case words that are verbs or auxiliaries, never part of a source's name.
_VERBISH = re.compile(
    r"[a-z]+(?:ed|ing)|had|has|have|was|were|is|are|did|do|does|will|would|could|can|may|might|must|should|"
    r"been|be|not|also"
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we"})
# -ing/-ed words that modify a source's head ("retreating troops", "exhausted soldiers")
_PARTICIPLE_ADJ = re.compile(r"[a-z-]{3,}(?:ing|ed)")
_DETERMINERS = frozenset(
    """the a an one two three four five six several some other many most another his her their its
    both all these those numerous multiple various""".split()
)
# Lower-case words that qualify an office without being one ("senior", "provincial"): source_modifiers.tsv.
_MODIFIERS = frozenset(vocabulary.terms("source_modifiers", lang="en"))
_PARTICLE_NAME = re.compile(r"[a-z]{1,3}-[A-Z]")
_NAME_PARTICLES = frozenset(vocabulary.terms("name_particles", person_name="yes"))
_PREPOSITIONS = frozenset({"of", "for", "in", "at", "from", "to", "with", "on"})
_ABBREVIATIONS = re.compile(r"^(?:[A-Z]|Gov|Gen|Lt|Col|Sgt|Capt|Maj|Brig|Mr|Mrs|Ms|Dr|Sen|Rep|Cmdr|Adm|St)\.$")
# Where a source after its verb ends: punctuation (not an abbreviation's dot) or "that".
_OBJECT_STOP = re.compile(
    r"[;:!?\"“”()]|(?<!\b[A-Z])(?<!Gov)(?<!Gen)(?<!Col)(?<!Lt)(?<!Dr)(?<!Sgt)(?<!Capt)(?<!Maj)\.(?=\s|$)"
    r"|\s+(?:that|on\s+condition|in\s+a\s+statement|in\s+an\s+interview)\b"
)
_BAD_FIRST_POS = frozenset({"VERB", "AUX", "ADV", "ADP", "SCONJ", "CCONJ", "PART", "INTJ"})


@dataclass(frozen=True)
class Attribution:
    """A source named in a sentence: its text (as written), article span and verb."""

    source: str
    verb: str
    start: int  # article offsets of the source phrase
    end: int
    verb_start: int  # article offset of the verb (used to pick the first attribution)
    kind: str = "phrase"  # phrase | pronoun | document


def _clean_word(word: str) -> str:
    if word.endswith(".") and not _ABBREVIATIONS.match(word):
        word = word.rstrip(".")
    return word


def _is_capital(word: str) -> bool:
    """A name-like word: capitalised, "al-Abadi" (particle joined to a name) or "M23"."""
    return word[0].isupper() or bool(_PARTICLE_NAME.match(word)) or word[0].isdigit() and any(c.isalpha() for c in word)


def _source_phrase(text: str, offset: int, *, pos_at: PosAt | None, appositive: bool = False) -> tuple[int, int] | None:
    """The (start, end) article span of ``text`` if it reads as a source phrase, else None.

    A phrase is determiners/modifiers/office words/capitalised names up to its head, then an
    optional short prepositional tail ("officials in the north", "head of the council").
    """
    lead = _LEADING.match(text)
    skip = lead.end() if lead else 0
    words = [(m.start() + skip, m.end() + skip, _clean_word(m.group(0))) for m in _WORD.finditer(text[skip:])]
    words = [(a, a + len(w), w) for a, _, w in words if w]
    # "a siege so intense the retreating troops said": an article inside the chunk after lower-case
    # words that name nobody opens the source phrase
    for k in range(len(words) - 1, 0, -1):
        if words[k][2].lower() in ("the", "a", "an") and all(
            w.islower() and not is_role_word(w) for _, _, w in words[:k]
        ):
            words = words[k:]
            break
    if not words or len(words) > 16:
        return None
    first = words[0][2]
    if len(words) == 1 and first.lower() in _PRONOUNS:
        return offset + words[0][0], offset + words[0][1]
    if (
        pos_at is not None
        and pos_at(offset + words[0][0]) in _BAD_FIRST_POS
        and not is_role_word(first)
        # "exhausted soldiers", "retreating troops": a participle used as an adjective
        and not (_PARTICIPLE_ADJ.fullmatch(first) and any(is_role_word(w) for _, _, w in words[1:]))
    ):
        return None
    if first.lower() in _PREPOSITIONS or first.lower() in _PRONOUNS:
        return None
    head_end = len(words)
    for i, (_, _, w) in enumerate(words):
        if i > 0 and w.lower() in _PREPOSITIONS:
            head_end = i
            break
    head = words[:head_end]
    tail = words[head_end:]
    has_anchor = False
    unknown = 0
    for i, (a, _, w) in enumerate(head):
        low = w.lower()
        capital = _is_capital(w)
        if low in _DETERMINERS and i == 0:
            continue  # "The", "One" open a phrase; they are not names
        if w.isdigit() and i > 0 and _is_capital(head[i - 1][2]) and has_anchor:
            continue  # "Channel 5", "Radio 1": a number inside a name
        if capital:
            # a sentence-initial gerund ("Fighting continued") is not a name
            if i == 0 and low.endswith("ing") and len(head) > 1 and not head[1][2][0].isupper():
                return None
            if pos_at is not None and pos_at(offset + a) in ("VERB", "AUX"):
                return None
            has_anchor = True
        elif is_role_word(low):
            has_anchor = True
        elif low in _DETERMINERS or low in _MODIFIERS or low in _NAME_PARTICLES or w in ("'", "’"):
            continue
        elif appositive and low == "and":
            continue
        elif low == "and" and 0 < i < len(head) - 1 and any(is_role_word(x) for _, _, x in head[i + 1 :]):
            continue  # "exhausted and dirt-caked soldiers": two modifiers of one head
        elif (
            unknown < 2
            and (not _VERBISH.fullmatch(low) or _PARTICIPLE_ADJ.fullmatch(low))
            and (pos_at is None or pos_at(offset + a) in ("NOUN", "PROPN", "ADJ", "VERB"))
            and (pos_at is None or pos_at(offset + a) != "VERB" or _PARTICIPLE_ADJ.fullmatch(low))
            and any(is_role_word(x) for _, _, x in head[i + 1 :])
        ):
            # a modifier of an office: "refugee agency", "prison official", and -ing/-ed
            # adjectives: "the retreating troops", "exhausted soldiers"
            unknown += 1
        else:
            return None
    last = head[-1][2]
    named_number = last.isdigit() and len(head) > 1 and _is_capital(head[-2][2])
    if not has_anchor or not (_is_capital(last) or is_role_word(last) or last in ("'", "’") or named_number):
        return None
    if tail:
        if len(tail) > 7 or any(_VERBISH.fullmatch(w) or w in _PRONOUNS or w == "what" for _, _, w in tail):
            return None
        if tail[-1][2].lower() in _PREPOSITIONS | _DETERMINERS:
            return None
    return offset + words[0][0], offset + words[-1][1]


def _subject(
    sentence: str, base: int, verb_at: int, *, pos_at: PosAt | None, progressive: bool = False
) -> tuple[int, int] | None:
    """The source phrase ending just before the verb at ``verb_at`` (sentence offsets).

    ``progressive``: the verb is an -ing form, so "are" before it is not a passive ("rebels are
    claiming ..." names its source; "troops were reported to be ..." does not)."""
    prefix = sentence[:verb_at]
    between = _BETWEEN.search(prefix)
    if between:
        if not progressive and _PASSIVE.search(prefix[: between.end()].rstrip()):
            return None  # "troops were reported to be ..." names no source
        prefix = prefix[: between.start()]
    stripped = prefix.rstrip()
    if stripped.endswith(","):
        return _appositive_subject(stripped[:-1], base, pos_at=pos_at)
    boundaries = list(_BOUNDARY.finditer(stripped))
    cut = boundaries[-1].end() - 1 if boundaries else -1
    chunk_start = cut + 1
    chunk = stripped[chunk_start:]
    clause = _CLAUSE_CUT.match(chunk + " ")  # the space lets a chunk end in "but"
    if clause:
        chunk_start += min(clause.end(), len(chunk))
        chunk = stripped[chunk_start:]
    if not chunk.strip():
        if clause and re.search(r"\b(?:and|but)\s+$", clause.group(0)) and cut < 0:
            return _opening_subject(sentence, base, pos_at=pos_at)
        return None
    return _source_phrase(chunk, base + chunk_start, pos_at=pos_at)


def _opening_subject(sentence: str, base: int, *, pos_at: PosAt | None) -> tuple[int, int] | None:
    """The sentence's own subject, for a second verb that shares it: 'The ministry did not
    acknowledge any losses but said ...'. The longest opening phrase that reads as a source and
    is followed by a lower-case word (its verb)."""
    words = list(_WORD.finditer(sentence))[:9]
    for k in range(len(words) - 1, 0, -1):
        following = words[k].group(0)
        if not following[0].islower() or following.lower() in _PREPOSITIONS:
            continue
        span = _source_phrase(sentence[: words[k - 1].end()], base, pos_at=pos_at)
        if span is not None and sentence[span[1] - base :].startswith(" "):
            return span
    return None


def _appositive_subject(prefix: str, base: int, *, pos_at: PosAt | None) -> tuple[int, int] | None:
    """'NAME, ROLE, said' / 'A ROLE, NAME, said' / 'NAME, reached by phone, said'."""
    bounds: list[tuple[int, int]] = []
    end = len(prefix)
    for piece in range(4):
        start = prefix.rfind(",", 0, end) + 1
        quote = max(prefix.rfind(c, 0, end) for c in ';:"“”(')
        start = max(start, quote + 1)
        segment = prefix[start:end]
        if piece == 0 and _PARENTHETICAL.match(segment):
            end = start - 1
            if end <= 0:
                return None
            continue
        relative = _RELATIVE.search(segment)
        if relative and piece == 0:
            # "Bette Dam, a journalist who has reported ..., said": the relative clause describes
            # the source but is not part of its name
            end = start + relative.start()
            segment = prefix[start:end]
        clause = _CLAUSE_CUT.match(segment)
        if clause and re.search(r"\b[A-Z][\w-]*\s+and\s+$", clause.group(0)) and segment[clause.end() :][:1].isupper():
            # "spokesman for the National Security and Defence Council": one body's name, not two clauses
            clause = None
        seg_start = start + (clause.end() if clause else 0)
        span = _source_phrase(prefix[seg_start:end], base + seg_start, pos_at=pos_at, appositive=bool(bounds))
        if span is None:
            break
        bounds.append(span)
        if clause or start == 0 or prefix[start - 1] != ",":
            break
        end = start - 1
    if not bounds:
        return None
    return bounds[-1][0], bounds[0][1]


def _object(sentence: str, base: int, at: int, *, pos_at: PosAt | None) -> tuple[int, int] | None:
    """A source phrase after ``at``: 'said X, a ROLE.' / 'according to X' / 'as reported by X'."""
    rest = sentence[at:]
    # "according to the latest toll of the Observatory": the body that counted is the source
    count_of = _COUNT_OF.match(rest)
    if count_of:
        at += count_of.end()
        rest = sentence[at:]
    stop = _OBJECT_STOP.search(rest)
    body = rest[: stop.start()] if stop else rest
    body = body.rstrip(" ,.")
    parts = body.split(",")
    head = parts[0]
    head_time = re.search(r"\s+(?:on|late|early|last|this|when|while|after|before|during)\s", head)
    if head_time:
        head = head[: head_time.start()]
        parts = [head]
    if pos_at is not None:
        # "the toll given by the ministry stood at 24": the source ends before the clause's verb
        for m in list(_WORD.finditer(head))[1:]:
            if pos_at(base + at + m.start()) in ("VERB", "AUX") and not _PARTICIPLE_ADJ.fullmatch(m.group(0)):
                head = head[: m.start()].rstrip()
                parts = [head]
                break
    span = _source_phrase(head, base + at, pos_at=pos_at)
    if span is None:
        return None
    if len(parts) > 1:
        appos = ",".join(parts[1:])
        if re.match(r"\s*(?:an?|the)\s", appos, re.IGNORECASE) or (appos.strip() and is_role_word(appos.split()[0])):
            tail = _source_phrase(appos, base + at + len(parts[0]) + 1, pos_at=pos_at, appositive=True)
            if tail is not None:
                span = (span[0], tail[1])
    return span


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
        if kind == "phrase" and source.lower() in _PRONOUNS:
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
            add(_subject(text, base, m.start(), pos_at=pos_at), "quoted", m.start())
    for m in _ACCORDING.finditer(text):
        if not mask[m.start()]:
            add(_object(text, base, m.end(), pos_at=pos_at), "according to", m.start())
    for m in _NOUN_BY.finditer(text):
        if not mask[m.start()]:
            noun = " ".join(m.group("noun").lower().split())
            add(_object(text, base, m.end(), pos_at=pos_at), _VERBS[noun], m.start())
    for m in _REPORTED_BY.finditer(text):
        if not mask[m.start()]:
            add(_object(text, base, m.end(), pos_at=pos_at), m.group("verb").lower(), m.start())
    for m in _VERB_RE.finditer(text):
        if mask[m.start()] or any(
            a.verb_start - base <= m.start() < a.verb_start - base + 40 for a in found if a.kind == "document"
        ):
            continue
        form = " ".join(m.group(0).split())
        verb = _VERBS[form]
        if form in _PARTICIPLES and re.search(r",\s*$", text[: m.start()]):
            # "X sought to play it down, saying ...": the speaker is the governing clause's subject
            span = subject_of(base + m.start()) if subject_of is not None else None
            if span is None:
                span = _opening_subject(text, base, pos_at=pos_at)
            elif _source_phrase(text[span[0] - base : span[1] - base], span[0], pos_at=pos_at) is None:
                span = None
            add(span, verb, m.start())
            continue
        if form in _NOUN_LIKE and (pos_at is None or pos_at(base + m.start()) not in ("VERB", "AUX")):
            continue  # "news reports indicated", "Taliban claims were denied"
        if verb in _WEAK and _CALLED_FOR.match(text, m.end()):
            continue  # "called for calm", "called on the government"
        span = _subject(text, base, m.start(), pos_at=pos_at, progressive=form.endswith("ing"))
        if span is None and verb not in ("told", "accused"):
            before = text[: m.start()].rstrip()
            if before.endswith((",", ',"', ",”", ",'", ",’")) or before.endswith(("”", '"', "’")):
                span = _object(text, base, m.end(), pos_at=pos_at)
        if span is None:
            continue
        if verb in _WEAK:
            source = text[span[0] - base : span[1] - base]
            if not _MEDIUM.search(text) and (source.lower() in _PRONOUNS or source_type(source) == "unknown"):
                continue
        add(span, verb, m.start())
    found.sort(key=lambda a: a.verb_start)
    return found


def trailing_source(text: str, *, base: int, pos_at: PosAt | None = None) -> tuple[int, int] | None:
    """The source phrase that ends ``text`` ("... Military spokesman Brig."), as article offsets:
    the first half of a name the sentence splitter cut after a title abbreviation."""
    boundaries = list(_BOUNDARY.finditer(text))
    start = boundaries[-1].end() if boundaries else 0
    clause = _CLAUSE_CUT.match(text[start:] + " ")
    if clause:
        start += min(clause.end(), len(text) - start)
    return _source_phrase(text[start:], base + start, pos_at=pos_at)


def names_a_source(text: str) -> bool:
    """Whether a sentence has a cue of attribution at all ("according to", a speech verb), even
    one whose source could not be read: such a sentence is never the outlet's own claim."""
    return bool(_ACCORDING.search(text) or _REPORTED_BY.search(text) or _VERB_RE.search(text))


def source_phrase_ok(text: str, offset: int, *, pos_at: PosAt | None = None) -> bool:
    """Whether ``text`` (at article ``offset``) reads as a source phrase as a whole."""
    span = _source_phrase(text, offset, pos_at=pos_at)
    return span is not None and span[1] - span[0] >= len(text.strip()) - 1
