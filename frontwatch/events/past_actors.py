"""A group named only through its past is not today's actor (rule ACTORS-PAST-CLAUSE).

"Gunmen killed 12 villagers in Ardova, a stronghold of the ARF, suspected of the 2019 massacre in Belmir"
names the ARF to say what it did before, not who attacked today; taking it as actor1 (or as the group the
article's "gunmen" stand for) invents a culprit. The parse tells the two apart:

- a mention inside a relative or participial clause about the past ("..., where the ARF had earlier
  massacred 30 people") is history;
- a mention followed by such a clause about itself or the noun it hangs from ("the ARF, suspected of an
  earlier massacre"; "..., a militia which killed 30 people in 2019") is history too, unless the sentence ties
  it to today's event: it is a verb's subject or object ("The ARF, suspected of ..., attacked the town on
  Sunday"), or a verb of blame lays the event at its door ("officials blamed the attack on the ARF, which
  ...").

A clause is about the past when it holds a time word of ``past_markers`` (kind ``time``) or a year before
the publication's. A past perfect alone is not enough: reported speech puts today's events in it ("denied
reports the city had fallen to X").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from frontwatch import vocabulary
from frontwatch.rulebook import register

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_TIME = frozenset(vocabulary.terms("past_markers", lang="en", kind="time"))
_BLAME = frozenset(vocabulary.terms("past_markers", lang="en", kind="blame"))
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# the links a name climbs through to the word it hangs from: "the stronghold of X", "a militia, X"
_NOMINAL = frozenset({"appos", "conj", "compound", "flat", "pobj", "prep", "poss", "cc", "punct"})


def _about_past(clause: Token, year: int | None) -> bool:
    for t in clause.subtree:
        if t.lower_ in _TIME:
            return True
        if t.ent_type_ == "DATE" and (m := _YEAR.search(t.text)) and (year is None or int(m.group(1)) < year):
            return True
    return False


def acts(span: Span, start: int, end: int) -> bool:
    """Whether the mention at [start, end) is the side that acts: the subject of an active verb, or the agent
    of a passive ("by X"); not a victim ("X troops were wounded", "wounded X troops")."""
    head = _head(span, start, end)
    if head is None:
        return False
    # not through an apposition: a headline's "Blast: three X troops injured" hangs the troops on the blast
    while head.dep_ in ("conj", "compound", "flat") and head.head is not head:
        head = head.head
    if head.dep_ == "pobj" and head.head.dep_ == "agent":
        return True
    verb = head.head
    # a headline's reduced passive ("Three X troops injured in attack") parses its victims as the subject
    reduced = verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    return head.dep_ == "nsubj" and not reduced


def _head(span: Span, start: int, end: int) -> Token | None:
    tokens = [t for t in span if start <= t.idx < end]
    heads = [t for t in tokens if not (start <= t.head.idx < end) or t.head is t]
    return heads[0] if heads else None


def _inside_past_clause(head: Token, year: int | None) -> bool:
    return any(a.dep_ in ("relcl", "acl") and _about_past(a, year) for a in head.ancestors)


def _nouns_above(head: Token) -> list[Token]:
    """The mention's head and the nouns it hangs from, up to the first verb ("X" of "the stronghold of X")."""
    out, t = [head], head
    while t.head is not t and t.dep_ in _NOMINAL and t.head.pos_ != "VERB":
        t = t.head
        if t.pos_ in ("NOUN", "PROPN"):
            out.append(t)
    return out


def _past_modifier(head: Token, last: int, year: int | None) -> bool:
    """A clause about the past after the mention, on its name or on a noun it hangs from."""
    for noun in _nouns_above(head):
        for c in noun.children:
            mods = [c] if c.dep_ in ("acl", "relcl") else []
            if c.dep_ == "appos":
                mods = [m for m in c.children if m.dep_ in ("acl", "relcl")]
            if any(m.i > last and _about_past(m, year) for m in mods):
                return True
    return False


def _tied_to_today(head: Token) -> bool:
    """The mention, or the noun it hangs from ("a group of X fighters ... were holed up"), is a verb's subject
    or object, or a verb of blame lays the event on it."""
    t = head
    while t.dep_ in ("appos", "conj", "compound", "flat") and t.head is not t:
        t = t.head
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ == "NOUN":
        t = t.head.head  # "a group of X fighters": the group's role is theirs
    if t.dep_ in ("nsubj", "nsubjpass", "dobj") and t.head.pos_ in ("VERB", "AUX"):
        return True
    for a in t.ancestors:
        if a.pos_ == "VERB":
            return a.lemma_.lower() in _BLAME
    return False


def past_only(span: Span, start: int, end: int, *, year: int | None = None) -> bool:
    """Whether the actor mention at character offsets [start, end) (the doc's) of sentence ``span`` names
    a group only through its past. ``year``: the publication's (an earlier year is the past)."""
    head = _head(span, start, end)
    if head is None:
        return False
    if _inside_past_clause(head, year):
        return True
    last = max(t.i for t in span if start <= t.idx < end)
    return _past_modifier(head, last, year) and not _tied_to_today(head)


def _check(text: str) -> bool:
    from frontwatch import nlp
    from frontwatch.events.actors import find_actors

    doc = nlp.parse(text)
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    named = [m for m in find_actors(text, ents=ents) if not m.generic and m.actor.inter not in (7,)]
    return any(past_only(doc[:], m.start, m.end, year=2031) for m in named)


ACTORS_PAST_CLAUSE = register(
    "ACTORS-PAST-CLAUSE",
    stage="actors",
    reason="a group named in, or described by, a clause about its past is not today's actor",
    positive=[
        "Gunmen killed 12 villagers in Zarovka, a stronghold of the Ruritanian Liberation Front, suspected of the 2019 massacre in Ostrava.",
        "Gunmen killed 12 villagers in Zarovka on Sunday, where the Ruritanian Liberation Front had earlier massacred 30 people.",
        "The area is a stronghold of the Ruritanian Liberation Front, a group suspected of an earlier massacre.",
    ],
    negative=[
        "Officials blamed the attack on the Ruritanian Liberation Front, which killed 30 people in Ostrava in 2019.",
        "The Ruritanian Liberation Front, suspected of the 2019 massacre in Ostrava, attacked Zarovka on Sunday.",
        "Gunmen of the Ruritanian Liberation Front killed 12 villagers in Zarovka on Sunday.",
    ],
    check=_check,
    needs_parse=True,
)
