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
from dataclasses import dataclass
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


@cache
def _alias_patterns() -> tuple[tuple[re.Pattern[str], bool, bool], ...]:
    """(pattern, state, capitals) over every alias in actors.json: a state's named force (a state-forces entry such as the
    Tatmadaw) or any other group (a rebel group, a foreign company such as Wagner). Aliases matched in capitals
    only ("PDF", "IS", not "is") are matched where they hold two capitals; a hyphen and a space match each other."""
    data = json.loads((DATA_DIR / "actors.json").read_text(encoding="utf-8"))
    upper = {u.lower() for u in data.get("upper_only", ())}
    groups: dict[tuple[bool, bool], set[str]] = {}
    for entry in data["actors"]:
        state = entry.get("state") is not None
        for alias in entry.get("aliases", ()):
            groups.setdefault((state, alias.lower() in upper), set()).add(alias.lower())
    out = []
    for (state, caps), names in sorted(groups.items()):
        pieces = [re.sub(r"\\[- ]", r"[-\\s]+", re.escape(n)) for n in sorted(names, key=len, reverse=True)]
        out.append((re.compile(rf"\b(?:{'|'.join(pieces)})\b", re.IGNORECASE), state, caps))
    return tuple(out)


def named_sides(text: str) -> list[NamedForce]:
    """Every actors.json alias in ``text`` with its side: a state's named force, or any other group."""
    return [
        NamedForce(m.start(), m.end(), state)
        for pattern, state, caps in _alias_patterns()
        for m in pattern.finditer(text)
        if not caps or sum(ch.isupper() for ch in m.group(0)) >= 2
    ]
