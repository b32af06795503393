"""The source phrase around a speech verb: who, by the words before or after it, is speaking.

Regular expressions over one sentence's text plus the office and group words of
``source_roles.tsv``; a candidate must read as a source ("the provincial governor", "rebel
spokesman Omar Kadiri", "local sources"). With a spaCy parse, its part-of-speech tags veto
phrases that start with a verb or adverb. ``attribution`` finds the verbs and calls these.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from frontwatch import vocabulary
from frontwatch.claims.sources import is_role_word
from frontwatch.rulebook import register

PosAt = Callable[[int], "str | None"]

# Words allowed between a source and its verb ("Officials have also said", "X said on Monday").
_BETWEEN = re.compile(
    r"(?:\s+(?:has|have|had|was|were|is|are|also|later|earlier|previously|separately|further|again|"
    r"then|(?!family|assembly|rally|ally)[a-z]{3,}ly|"
    r"(?:on|late|early|last)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|night|week)))+\s*$"
)
# What a source gave rather than who: "according to the latest toll / count / outcome of X"
_COUNT_OF = re.compile(
    r"(?:the|a|an)\s+(?:(?:latest|last|new|updated|official|initial|provisional|final)\s+)*"
    r"(?:toll|tally|count|figures?|outcome|report|statement|estimate|assessment|data)\s+(?:of|from|by|given\s+by)\s+",
    re.IGNORECASE,
)
# Where a subject phrase can begin: punctuation, or a dash between words (a dateline's "Net - ").
BOUNDARY = re.compile(r"[,;:\"“”()—–]|\s-\s")
_PASSIVE = re.compile(r"\b(?:was|were|is|are|be|been)\s*$")
CLAUSE_CUT = re.compile(
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
PRONOUNS = frozenset({"he", "she", "they", "it", "we"})
# -ing/-ed words that modify a source's head ("retreating troops", "exhausted soldiers")
_PARTICIPLE_ADJ = re.compile(r"[a-z-]{3,}(?:ing|ed)")
# "No group immediately claimed the attack", "Neither side said ...": a phrase that names nobody,
# or no one side, is no source (rule CLAIMS-NOBODY-SOURCE; grammar words, not a vocabulary)
_NOBODY = frozenset("no nobody none neither nor".split())
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


def _clean_word(word: str) -> str:
    if word.endswith(".") and not _ABBREVIATIONS.match(word):
        word = word.rstrip(".")
    return word


def _is_capital(word: str) -> bool:
    """A name-like word: capitalised, "al-Abadi" (particle joined to a name) or "M23"."""
    return word[0].isupper() or bool(_PARTICLE_NAME.match(word)) or word[0].isdigit() and any(c.isalpha() for c in word)


def source_phrase(text: str, offset: int, *, pos_at: PosAt | None, appositive: bool = False) -> tuple[int, int] | None:
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
    if len(words) == 1 and first.lower() in PRONOUNS:
        return offset + words[0][0], offset + words[0][1]
    if (
        pos_at is not None
        and pos_at(offset + words[0][0]) in _BAD_FIRST_POS
        and not is_role_word(first)
        # "exhausted soldiers", "retreating troops": a participle used as an adjective
        and not (_PARTICIPLE_ADJ.fullmatch(first) and any(is_role_word(w) for _, _, w in words[1:]))
    ):
        return None
    if first.lower() in _PREPOSITIONS or first.lower() in PRONOUNS or first.lower() in _NOBODY:
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
        if len(tail) > 7 or any(_VERBISH.fullmatch(w) or w in PRONOUNS or w == "what" for _, _, w in tail):
            return None
        if tail[-1][2].lower() in _PREPOSITIONS | _DETERMINERS:
            return None
    return offset + words[0][0], offset + words[-1][1]


def subject_before(
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
    boundaries = list(BOUNDARY.finditer(stripped))
    cut = boundaries[-1].end() - 1 if boundaries else -1
    chunk_start = cut + 1
    chunk = stripped[chunk_start:]
    whole = (chunk, chunk_start)  # before any clause cut: "a spokesman who asked not to be named"
    clause = CLAUSE_CUT.match(chunk + " ")  # the space lets a chunk end in "but"
    if clause:
        chunk_start += min(clause.end(), len(chunk))
        chunk = stripped[chunk_start:]
    if not chunk.strip():
        if clause and re.search(r"\b(?:and|but)\s+$", clause.group(0)) and cut < 0:
            return opening_subject(sentence, base, pos_at=pos_at)
        return None
    span = source_phrase(chunk, base + chunk_start, pos_at=pos_at)
    if span is None and clause:
        span = relative_head(whole[0], base + whole[1], pos_at=pos_at)
    return span


def relative_head(chunk: str, base: int, *, pos_at: PosAt | None) -> tuple[int, int] | None:
    """ "a spokesman who asked not to be named said": the speaker is the noun phrase before its relative
    clause (rule CLAIMS-RELATIVE-CLAUSE-SPEAKER). Only a phrase that reads as a source on its own counts."""
    rel = _RELATIVE.search(chunk)
    if rel is None or not chunk[: rel.start()].strip():
        return None
    return source_phrase(chunk[: rel.start()], base, pos_at=pos_at)


def _relative_check(text: str) -> bool:
    from frontwatch.claims.attribution import find_attributions

    return any(a.source.lower().endswith("spokesman") for a in find_attributions(text, base=0))


register(
    "CLAIMS-RELATIVE-CLAUSE-SPEAKER",
    stage="claims",
    reason="'a spokesman who asked not to be named said': the speaker is the noun phrase before its relative clause",
    positive=[
        "A spokesman who asked not to be named said only one fighter had died.",
        "In a statement, a spokesman who uses the name Ka Ivan said two guerrillas died.",
    ],
    negative=["The spokesman's deputy, whom the army dismissed, was not reached.", "The man who said he saw it fled."],
    check=_relative_check,
)


def opening_subject(sentence: str, base: int, *, pos_at: PosAt | None) -> tuple[int, int] | None:
    """The sentence's own subject, for a second verb that shares it: 'The ministry did not
    acknowledge any losses but said ...'. The longest opening phrase that reads as a source and
    is followed by a lower-case word (its verb)."""
    words = list(_WORD.finditer(sentence))[:9]
    for k in range(len(words) - 1, 0, -1):
        following = words[k].group(0)
        if not following[0].islower() or following.lower() in _PREPOSITIONS:
            continue
        span = source_phrase(sentence[: words[k - 1].end()], base, pos_at=pos_at)
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
        clause = CLAUSE_CUT.match(segment)
        if clause and re.search(r"\b[A-Z][\w-]*\s+and\s+$", clause.group(0)) and segment[clause.end() :][:1].isupper():
            # "spokesman for the National Security and Defence Council": one body's name, not two clauses
            clause = None
        seg_start = start + (clause.end() if clause else 0)
        span = source_phrase(prefix[seg_start:end], base + seg_start, pos_at=pos_at, appositive=bool(bounds))
        if span is None:
            break
        bounds.append(span)
        if clause or start == 0 or prefix[start - 1] != ",":
            break
        end = start - 1
    if not bounds:
        return None
    return bounds[-1][0], bounds[0][1]


def object_after(sentence: str, base: int, at: int, *, pos_at: PosAt | None) -> tuple[int, int] | None:
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
    span = source_phrase(head, base + at, pos_at=pos_at)
    if span is None:
        return None
    if len(parts) > 1:
        appos = ",".join(parts[1:])
        if re.match(r"\s*(?:an?|the)\s", appos, re.IGNORECASE) or (appos.strip() and is_role_word(appos.split()[0])):
            tail = source_phrase(appos, base + at + len(parts[0]) + 1, pos_at=pos_at, appositive=True)
            if tail is not None:
                span = (span[0], tail[1])
    return span
