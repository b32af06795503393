"""Source typing and source resolution: who a source string names, and which earlier
source a pronoun, a bare surname or "the official" points back to.

The typing table lives in ``frontwatch/data/vocab/source_roles.tsv`` so that adding a group or an
agency is a data change, not a code change.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from frontwatch import rulebook, vocabulary
from frontwatch.model import SOURCE_TYPES


@dataclass(frozen=True)
class Role:
    """One row of the typing table."""

    pattern: re.Pattern[str]
    phrase: str
    source_type: str
    rank: int
    lang: str = "en"  # the language of the row; a group's name from actors.json is "*", any language


def _role(phrase: str, source_type: str, rank: int, *, capitals: bool = False, lang: str = "en") -> Role:
    """A row as a pattern; ``capitals``: actors.json's upper_only names ("IS" and "AA" are groups, "is" is not)."""
    words = phrase.rstrip("*").upper() if capitals else phrase.rstrip("*")
    body = re.escape(words).replace(r"\ ", r"\s+")
    tail = r"[\w-]*" if phrase.endswith("*") else ""
    # whole words only: "un" must not match inside "unit", "ap" not inside "apparently"
    flags = 0 if capitals else re.IGNORECASE
    return Role(re.compile(rf"(?<![\w.-]){body}{tail}(?![\w-])", flags), phrase, source_type, rank, lang)


@functools.lru_cache(maxsize=1)
def _table_roles() -> tuple[Role, ...]:
    rows: list[Role] = []
    for row in vocabulary.rows("source_roles"):
        phrase, source_type, rank = row["term"], row["source_type"], row["rank"]
        if source_type not in SOURCE_TYPES:
            raise ValueError(f"source_roles.tsv: unknown source type {source_type!r} for {phrase!r}")
        rows.append(_role(phrase, source_type, int(rank), lang=row["lang"]))
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def _group_roles() -> tuple[Role, ...]:
    from frontwatch.events.actors import armed_group_names  # actors.json, loaded on first use

    table = {r.phrase for r in _table_roles()}
    return tuple(
        _role(n, "belligerent", 3, capitals=upper, lang="*") for n, upper in armed_group_names() if n not in table
    )


def roles() -> tuple[Role, ...]:
    """The typing table, then every armed group's name from actors.json as a belligerent of rank 3 (rule
    CLAIMS-GROUP-SOURCE-FROM-ACTORS), so that a group's names have one home."""
    return _table_roles() + _group_roles()


@functools.lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    """Every content word of the table: the nouns and modifiers a source phrase may contain."""
    # a group from actors.json adds its one-word names ("hamas"), not the words of its long ones: "the", "to",
    # "people's", "march" inside "forces loyal to X" or "March 23 Movement" say nothing about a source phrase
    words = {w for role in _table_roles() for w in role.phrase.rstrip("*").split()}
    words |= {role.phrase for role in _group_roles() if " " not in role.phrase and role.pattern.flags & re.IGNORECASE}
    return frozenset(words - _FUNCTION_WORDS)


@functools.lru_cache(maxsize=1)
def role_prefixes() -> tuple[str, ...]:
    """Word stems from starred rows ("rebel*" covers "rebels", "rebel's")."""
    return tuple(r.phrase.rstrip("*").split()[-1] for r in roles() if r.phrase.endswith("*"))


@functools.lru_cache(maxsize=4096)
def is_role_word(word: str) -> bool:
    """Whether a word names an office, a body or a kind of people ("governor", "rebels", "Gov.")."""
    w = word.lower()
    for form in (w, w.rstrip("."), w.removesuffix("'s").removesuffix("’s")):
        if form in role_words() or form in _GENERIC_ROLES:
            return True
    return any(w.startswith(p) for p in role_prefixes())


# Words of multi-word table phrases that must not make a phrase a source on their own.
_FUNCTION_WORDS = frozenset({"the", "of", "for", "a", "an", "and", "in", "sans", "without", "new"})

# Office words that say nothing about the side (a Taliban spokesman and an army spokesman
# are both spokesmen); they make a phrase a source but never decide its type (data/vocab/office_nouns.tsv).
_GENERIC_ROLES = frozenset(vocabulary.terms("office_nouns", lang="en", generic="yes"))


@functools.lru_cache(maxsize=4096)
def source_type(source: str, lang: str = "en") -> str:
    """The SOURCE_TYPES entry for a source string: highest-ranked, then longest, table match among the rows of
    the source's language (English by default) and the armed groups' names.

    Cached: sources repeat ("police", "officials"), and each call tries every one of several hundred
    role patterns. The answer depends on the string and the static tables only (``named_forces`` reads
    no date)."""
    best: tuple[int, int] | None = None
    kind = "unknown"
    for role in roles():
        if role.lang not in (lang, "*"):
            continue  # French "un responsable" is no UN official
        match = role.pattern.search(source)
        if match is None:
            continue
        key = (role.rank, len(role.phrase))
        if best is None or key > best:
            best, kind = key, role.source_type
    if kind in ("government", "unknown") and _speaks_for_a_group(source):
        return "belligerent"  # CLAIMS-NAMED-GROUP-SOURCE: "a spokesman for the X Liberation Army"
    return kind


def _speaks_for_a_group(source: str) -> bool:
    from frontwatch.events.named_forces import named_forces  # actors.json, loaded on first use

    return any(not f.state for f in named_forces(source))


NAMED_GROUP_SOURCE = rulebook.register(
    "CLAIMS-NAMED-GROUP-SOURCE",
    stage="claims",
    reason="a source speaking for a group with 'Army' or 'Forces' in its rebel name is a belligerent, not the government",
    positive=["a spokesman for the Ruritanian Liberation Army", "Karen National Liberation Army commanders"],
    negative=["a spokesman for the Ruritanian army", "Afghan National Army commanders"],
    check=lambda source: source_type(source) == "belligerent",
)


# plural heads of a source phrase: the people and offices of source_phrases, the armed words of actor_words_intl
_PLURAL_HEADS = re.compile(
    rf"\b(?:{vocabulary.alternation('source_phrases', lang='en', plural_head='yes')}"
    rf"|{vocabulary.alternation('actor_words_intl', lang='en', plural_head='yes')})\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"\b[A-Z][a-z][\w'’-]*")


def head_phrase(source: str) -> str:
    """The part before an appositive comma: 'Abdul Bek, head of X' -> 'Abdul Bek'."""
    return source.split(",")[0]


def is_plural(source: str) -> bool:
    words = head_phrase(source).split()
    return bool(words) and _PLURAL_HEADS.fullmatch(words[-1]) is not None


def name_tokens(source: str) -> list[str]:
    """Capitalised words that are not office words: the personal or body name in a source."""
    return [w for w in _NAME.findall(source) if not is_role_word(w) and w.lower() not in _DETERMINERS]


_DETERMINERS = frozenset("the a an one two some other another his her their its".split())


@dataclass(frozen=True)
class Known:
    """A source already seen in the article, for later references back to it."""

    source: str
    sentence_index: int


def fullest_form(name: str, known: Sequence[Known]) -> str:
    """The longest earlier source that contains every word of ``name``'s name and office.

    "Kadiri said" after "rebel spokesman Omar Kadiri said" gives the full form, and
    "Security Minister Omar" the earlier "Security Minister Abdi Omar"; "Afghan officials"
    never becomes an earlier "Afghan Defence Minister ..." (the office word differs).
    """
    tokens = name_tokens(name)
    if not tokens:
        return name
    others = {w.lower() for w in re.findall(r"[\w'’.-]+", name) if w not in tokens and w.lower() not in _DETERMINERS}
    best = name
    for k in known:
        if len(k.source) <= len(best) or not all(t in name_tokens(k.source) for t in tokens):
            continue
        if others <= {w.lower() for w in re.findall(r"[\w'’.-]+", k.source)}:
            best = k.source
    return best


_SYNONYMS: dict[str, tuple[str, ...]] = {
    "spokesman": ("spokesman", "spokeswoman", "spokesperson"),
    "spokeswoman": ("spokesman", "spokeswoman", "spokesperson"),
    "spokesperson": ("spokesman", "spokeswoman", "spokesperson"),
    "governor": ("governor", "gov."),
    "official": ("official",),
}


# the office nouns by which a bare "the official" points back to the last singular source (source_phrases.tsv)
_REFERS_BACK = frozenset(vocabulary.terms("source_phrases", lang="en", refers_back="yes"))


def resolve_role(role: str, known: Sequence[Known], *, sentence_index: int, window: int = 3) -> str | None:
    """'the governor' -> the most recent earlier source that holds that office (any distance);
    'the official' / 'the spokesman' with no office match -> the most recent singular source
    in the previous ``window`` sentences."""
    words = role.lower().split()
    head = words[-1] if words else ""
    wanted = _SYNONYMS.get(head, (head,))
    plural = is_plural(role)
    for k in reversed(known):
        lowered = k.source.lower()
        if lowered == role.lower() or is_plural(k.source) != plural:
            continue  # "the official" is one person, never "officials"
        if any(re.search(rf"(?<![\w]){re.escape(w)}", lowered) for w in wanted):
            return fullest_form(k.source, known)
    if head in _REFERS_BACK:
        return resolve_pronoun("he", known, sentence_index=sentence_index, window=window)
    return None


def resolve_pronoun(pronoun: str, known: Sequence[Known], *, sentence_index: int, window: int = 3) -> str | None:
    """he/she -> the most recent singular source, preferring one with a name; they -> plural."""
    plural = pronoun.lower() == "they"
    recent = [k for k in reversed(known) if sentence_index - k.sentence_index <= window]
    if pronoun.lower() == "it":
        return recent[0].source if recent else None
    fitting = [k for k in recent if is_plural(k.source) == plural]
    named = [k for k in fitting if name_tokens(head_phrase(k.source))]
    pick = named[0] if named else (fitting[0] if fitting else None)
    return fullest_form(pick.source, known) if pick is not None else None


GROUP_SOURCE_FROM_ACTORS = rulebook.register(
    "CLAIMS-GROUP-SOURCE-FROM-ACTORS",
    stage="claims",
    reason="a source named by any alias of a non-state armed group in actors.json speaks for a belligerent; "
    "the group's names live there only, not again in source_roles.tsv",
    positive=["a Hamas official", "an ISWAP commander", "IS fighters", "a Fano militia leader"],
    negative=["the governor of Zarovka", "the group is", "a Ruritanian army spokesman"],
    check=lambda source: source_type(source) == "belligerent",
)
