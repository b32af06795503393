"""Force names whose head is a state word: "the Ruritanian Liberation Army" is a rebel group.

News calls both a state's military and an insurgency an "army" or "forces". A surface rule that reads
"army" as the state (the territory priors, a source's type) must first ask whose name the word is in:
actors.json decides for names it knows (inter 1 is a state); an unknown name is a non-state group when
it carries a word of the ``group_name_words`` table ("Liberation", "Revolutionary"), and is left to the
caller otherwise.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import cache

from frontwatch import rulebook, vocabulary
from frontwatch.events.actors import DATA_DIR, lookup_actor

# a capitalised name ending in a force noun; "People's" and hyphenated words belong to the name
_NAMED_FORCE = re.compile(
    r"(?<![\w'’-])(?:[A-Z][\w'’-]*\s+(?:(?:of|for|the|and)\s+)?){1,6}(?:Army|Forces|Front|Brigades?|Militia|Corps)\b"
)


@dataclass(frozen=True)
class NamedForce:
    start: int
    end: int
    state: bool  # True for a state's forces, False for a non-state group


@cache
def _group_words() -> frozenset[str]:
    return frozenset(vocabulary.terms("group_name_words", lang="en"))


def named_forces(text: str) -> list[NamedForce]:
    """Capitalised force names in ``text`` whose side is known (from actors.json or the name's words)."""
    out = []
    for m in _NAMED_FORCE.finditer(text):
        name = re.sub(r"^(?:The|A)\s+", "", m.group(0))
        actor = lookup_actor(name)
        if actor is not None:
            out.append(NamedForce(m.start(), m.end(), actor.inter == 1))
        elif {w.lower() for w in re.findall(r"[\w-]+", name)} & _group_words():
            out.append(NamedForce(m.start(), m.end(), False))
    return out


def _names_a_group(text: str) -> bool:
    return any(not f.state for f in named_forces(text))


NAMED_GROUP_SIDE = rulebook.register(
    "ACTORS-NAMED-GROUP-SIDE",
    stage="actors",
    reason="'army' inside a rebel group's name is that group, not the state (actors.json or the name's words decide)",
    positive=[
        "Fighters of the Ruritanian Liberation Army seized Zarovka.",
        "The Karen National Liberation Army said it overran the outpost.",
    ],
    negative=[
        "The Ruritanian Army seized Zarovka.",
        "The Afghan National Army retook the district centre.",
    ],
    check=_names_a_group,
)


# The day the text being read speaks of (its publication day); None outside an article. An
# alias whose entry ended (``valid_to``, the RSF as Sudan's state forces until April 2023) takes
# its successor's side from that day on.
AS_OF: ContextVar[date | None] = ContextVar("frontwatch_as_of", default=None)


@contextmanager
def as_of(day: date | None) -> Iterator[None]:
    """Read actor sides as of ``day`` inside the block (the pipeline sets each article's day)."""
    token = AS_OF.set(day)
    try:
        yield
    finally:
        AS_OF.reset(token)


@dataclass(frozen=True)
class _Aliases:
    pattern: re.Pattern[str]
    state: bool
    caps: bool  # matched only where the match holds two capitals ("PDF", "IS", not "is")
    until: date | None = None  # the entry's valid_to: from this day ...
    later_state: bool | None = None  # ... the successor's side


@cache
def _alias_patterns() -> tuple[_Aliases, ...]:
    """Every alias in actors.json with its side: a state's named force (a state-forces entry such as the
    Tatmadaw) or any other group (a rebel group, a foreign company such as Wagner). Aliases matched in capitals
    only ("PDF", "IS", not "is") are matched where they hold two capitals; a hyphen and a space match each other."""
    data = json.loads((DATA_DIR / "actors.json").read_text(encoding="utf-8"))
    upper = {u.lower() for u in data.get("upper_only", ())}
    by_key = {e.get("key"): e for e in data["actors"]}
    groups: dict[tuple[bool, bool, date | None, bool | None], set[str]] = {}
    for entry in data["actors"]:
        state = entry.get("state") is not None
        successor = by_key.get(entry.get("successor"))
        until = date.fromisoformat(entry["valid_to"]) if successor is not None and entry.get("valid_to") else None
        later = (successor.get("state") is not None) if until is not None and successor is not None else None
        for alias in entry.get("aliases", ()):
            groups.setdefault((state, alias.lower() in upper, until, later), set()).add(alias.lower())
    out = []
    for (state, caps, until, later), names in sorted(
        groups.items(), key=lambda kv: (kv[0][0], kv[0][1], str(kv[0][2]))
    ):
        pieces = [re.sub(r"\\[- ]", r"[-\\s]+", re.escape(n)) for n in sorted(names, key=len, reverse=True)]
        out.append(_Aliases(re.compile(rf"\b(?:{'|'.join(pieces)})\b", re.IGNORECASE), state, caps, until, later))
    return tuple(out)


def named_sides(text: str) -> list[NamedForce]:
    """Every actors.json alias in ``text`` with its side: a state's named force, or any other group."""
    day = AS_OF.get()
    out = []
    for a in _alias_patterns():
        state = a.later_state if a.until is not None and day is not None and day >= a.until else a.state
        out += [
            NamedForce(m.start(), m.end(), bool(state))
            for m in a.pattern.finditer(text)
            if not a.caps or sum(ch.isupper() for ch in m.group(0)) >= 2
        ]
    return out
