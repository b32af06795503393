"""Actors named in a sentence, with ACLED-style names and inter codes.

Data lives in ``frontwatch/data/actors.json`` (named groups, generic phrases, countries and
their regime spans) and ``frontwatch/data/actor_demonyms.tsv`` ("Afghan", "Pakistan's" ...).
Surface forms are compiled once (cached, in ``events.actor_index``) into two character-trie
regexes, one for aliases and generic phrases and one for "<demonym> <force word>"; each is
greedy, and of the matches from both the leftmost, then the longest, wins, so "Islamic State
Khorasan" beats "Islamic State".

Resolution happens per mention, with the event's country and date:

- a named group resolves through ``by_country`` (the "Islamic State" of a Nigerian article is
  ``Islamic State (West Africa)``) and through ``successor`` once its ``valid_to`` date has
  passed (the Taliban become Afghan state forces on 2021-08-15);
- state forces are built by rule, ``Military Forces of <State> (<span>)``, with the regime
  span in force on the event date; inter 1 at home, 8 when the event is in another country;
- generic phrases ("government forces", "gunmen", "militants") are marked ``generic`` because
  the event assembler decides, from the article, whom they stand for.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pycountry

from frontwatch import vocabulary
from frontwatch.events.actor_index import (
    DATA_DIR,
    FORCE_PREFIX,
    Country,
    Entry,
    Index,
    Target,
    canon,
    check_actor_data,
    index,
)
from frontwatch.events.unknown_groups import unknown_groups
from frontwatch.model import Actor

__all__ = [
    "DATA_DIR",
    "KINDS",
    "ActorMention",
    "actor_for_country",
    "armed_group_names",
    "check_actor_data",
    "find_actors",
    "is_source_phrase",
    "lookup_actor",
]

log = logging.getLogger(__name__)

KINDS: tuple[str, ...] = ("military", "police", "civilians", "protesters", "rioters", "unidentified")

_COUNTRY_GENERIC = {"civilians": ("Civilians", 7), "protesters": ("Protesters", 6), "rioters": ("Rioters", 5)}


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor: Actor
    generic: bool


# --- resolution ---------------------------------------------------------------------------


def _country(ix: Index, code: str) -> Country:
    c = ix.countries.get(code)
    if c is not None:
        return c
    pc = pycountry.countries.get(alpha_2=code)
    name = (getattr(pc, "common_name", None) or pc.name) if pc is not None else code
    return Country(code, name, name)


def _state_actor(
    ix: Index,
    force: str,
    code: str,
    *,
    event_country: str | None,
    when: date | None,
    unit: str | None = None,
    key: str | None = None,
) -> Actor:
    c = _country(ix, code)
    regime = c.regime_at(when)
    if regime is None and c.regimes:
        log.debug("no regime span for %s on %s; naming %s forces without one", code, when, force)
    name = f"{FORCE_PREFIX[force]} {c.state}"
    if regime is not None:
        name += f" ({regime.span})"
    if unit:
        name += f" {unit}"
    # ACLED: a state's forces are inter 1 at home and 8 when operating abroad.
    inter = 1 if event_country is None or event_country == code else 8
    return Actor(name=name, inter=inter, key=key or f"{force}:{code}", country_code=code)


def _resolve_entry(ix: Index, entry: Entry, *, country_code: str | None, when: date | None) -> Actor:
    seen: set[str] = set()
    while entry.key not in seen:
        seen.add(entry.key)
        if country_code and entry.by_country and country_code in entry.by_country:
            entry = ix.entries[entry.by_country[country_code]]
        elif entry.successor and entry.valid_to and (when is None or when >= entry.valid_to):
            # no date: today's name; the assembler passes the event date when it has one
            entry = ix.entries[entry.successor]
    if entry.state is not None and entry.country is not None:
        key = entry.key if entry.unit else None
        return _state_actor(
            ix, entry.state, entry.country, event_country=country_code, when=when, unit=entry.unit, key=key
        )
    inter = entry.inter
    return Actor(name=entry.name or entry.key, inter=inter, key=entry.key, country_code=entry.country)


def _resolve(
    ix: Index, target: Target, surface: str, *, country_code: str | None, when: date | None
) -> tuple[Actor, bool]:
    """The actor a surface form stands for, and whether it is a generic mention."""
    if target.kind == "entry":
        return _resolve_entry(ix, ix.entries[target.ref], country_code=country_code, when=when), False
    if target.kind == "state":
        return _state_actor(ix, target.force, target.ref, event_country=country_code, when=when), False
    if target.kind == "armed":
        return Actor(name=surface, inter=None, key="generic:armed"), True
    if country_code:
        return actor_for_country(target.kind, country_code, when=when), target.kind in (
            "military",
            "police",
            "unidentified",
        )
    return _countryless(target.kind), target.kind in ("military", "police", "unidentified")


def _countryless(kind: str) -> Actor:
    if kind in FORCE_PREFIX:
        return Actor(name=FORCE_PREFIX[kind].removesuffix(" of"), inter=1, key=kind)
    if kind == "unidentified":
        return Actor(name="Unidentified Armed Group", inter=3, key=kind)
    label, inter = _COUNTRY_GENERIC[kind]
    return Actor(name=label, inter=inter, key=kind)


def actor_for_country(kind: str, country_code: str, *, when: date | None = None) -> Actor:
    """The ACLED actor of one kind for a country: 'military', 'police', 'civilians', 'protesters',
    'rioters' or 'unidentified' (Unidentified Armed Group, inter 3)."""
    ix = index()
    code = country_code.upper()
    if kind in FORCE_PREFIX:
        return _state_actor(ix, kind, code, event_country=code, when=when)
    name = _country(ix, code).name
    if kind == "unidentified":
        return Actor(name=f"Unidentified Armed Group ({name})", inter=3, key=f"unidentified:{code}", country_code=code)
    if kind in _COUNTRY_GENERIC:
        label, inter = _COUNTRY_GENERIC[kind]
        return Actor(name=f"{label} ({name})", inter=inter, key=f"{kind}:{code}", country_code=code)
    raise ValueError(f"unknown actor kind {kind!r}; expected one of {', '.join(KINDS)}")


_ACLED_STATE_NAME = re.compile(r"^(Military|Police) Forces of (.+?)(?: \((\d{4})-(\d{4})?\))?(?: (.+))?$")
_ACLED_COUNTRY_NAME = re.compile(r"^(Civilians|Protesters|Rioters|Unidentified Armed Group) \((.+)\)$")


def lookup_actor(name: str) -> Actor | None:
    """An actor by alias ('al-shabab', 'RSF', 'Afghan troops') or by ACLED name; None if unknown.

    Without an event date a group resolves to its current name and code.
    """
    ix = index()
    form = canon(name)
    target = ix.targets.get(form)
    if target is not None:
        return _resolve(ix, target, form, country_code=None, when=None)[0]
    if m := ix.state_pattern.fullmatch(name.strip()):
        force = ix.forces.get(canon(m.group("force")), "military")
        return _state_actor(ix, force, ix.heads[canon(m.group("head"))], event_country=None, when=None)
    for e in ix.entries.values():
        if e.name and canon(e.name) == form:
            return Actor(name=e.name, inter=e.inter, key=e.key, country_code=e.country)
    by_name = {canon(c.state): c.code for c in ix.countries.values()} | {
        canon(c.name): c.code for c in ix.countries.values()
    }
    if m := _ACLED_STATE_NAME.match(name.strip()):
        code = by_name.get(canon(m.group(2)))
        if code is not None:
            return Actor(name=name.strip(), inter=1, key=f"{m.group(1).lower()}:{code}", country_code=code)
    if m := _ACLED_COUNTRY_NAME.match(name.strip()):
        code = by_name.get(canon(m.group(2)))
        kind = {"Unidentified Armed Group": "unidentified"}.get(m.group(1), m.group(1).lower())
        if code is not None:
            return actor_for_country(kind, code)
    return None


def armed_group_names() -> tuple[tuple[str, bool], ...]:
    """Every alias of a non-state armed group (no state-forces rule, not an external force of inter 8), and of a
    state force whose successor is one (the RSF before its war), with whether it is matched in capitals only
    (``upper_only``: "IS" is the group, "is" is not). Read by claims/sources.py to type a group's spokesmen."""
    ix = index()
    groups = {k for k, e in ix.entries.items() if e.state is None and e.inter != 8}
    names = [a for e in ix.entries.values() if e.key in groups or e.successor in groups for a in e.aliases]
    return tuple((a, canon(a) in ix.upper_only) for a in dict.fromkeys(names))


# --- matching -----------------------------------------------------------------------------


def _enough_capitals(surface: str) -> bool:
    # "IS", "US", "FAMa" count; "is", "Is", "us" do not
    return sum(ch.isupper() for ch in surface) >= 2


def find_actors(
    text: str,
    *,
    offset: int = 0,
    country_code: str | None = None,
    when: date | None = None,
    ents: Sequence[tuple[int, int, str]] | None = None,
) -> list[ActorMention]:
    """The actors named in one sentence, in text order; offsets are ``offset`` + position.

    ``country_code`` (ISO alpha-2 of the event's country) resolves phrases that name no state
    ("government forces", "civilians") and decides inter 1 vs 8 for state forces; ``when``
    picks regime spans and a group's name/code on that date; ``ents`` are spaCy entity spans
    (start, end, label) relative to ``text``, used to find armed groups missing from the data.
    """
    ix = index()
    cc = country_code.upper() if country_code else None
    found: list[tuple[int, int, int, Target, str]] = []  # start, end, priority, target, form
    for m in ix.pattern.finditer(text):
        form = canon(m.group())
        if form in ix.upper_only and not _enough_capitals(m.group()):
            continue
        if (target := ix.targets.get(form)) is not None:
            found.append((m.start(), m.end(), 0, target, form))
    for m in ix.state_pattern.finditer(text):
        head = canon(m.group("head"))
        if head in ix.upper_only and not _enough_capitals(m.group("head")):
            continue
        force = ix.forces.get(canon(m.group("force")), "military")
        found.append((m.start(), m.end(), 1, Target("state", ix.heads[head], force), canon(m.group())))
    # leftmost, then longest, then an explicit alias over a demonym rule
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2]))
    known: list[tuple[int, int, Actor, bool]] = []
    last_end = -1
    for start, end, _, target, form in found:
        if start < last_end:
            continue
        actor, generic = _resolve(ix, target, form, country_code=cc, when=when)
        if not generic and target.kind in ("entry", "state") and (ab := ix.absorb.match(text, end)):
            end = ab.end()  # "Taliban fighters" is one mention of the Taliban
        known.append((start, end, actor, generic))
        last_end = end

    def overlaps(s: int, e: int, spans: Sequence[tuple[int, int, Actor, bool]]) -> bool:
        return any(s < e2 and s2 < e for s2, e2, _, _ in spans)

    chosen = [k for k in known if not k[3]]
    for s, e, name_end in sorted(set(unknown_groups(text, ents)), key=lambda c: (c[0], -c[1])):
        if not overlaps(s, e, chosen):
            name = re.sub(r"\s+", " ", text[s:name_end])
            chosen.append((s, e, Actor(name=name, inter=None), False))
    chosen += [k for k in known if k[3] and not overlaps(k[0], k[1], chosen)]
    chosen.sort(key=lambda k: k[0])
    return [ActorMention(offset + s, offset + e, text[s:e], actor, generic) for s, e, actor, generic in chosen]


# the words of a speaker around its name: data/vocab/source_phrases.tsv and source_modifiers.tsv
_SOURCE_AFTER = re.compile(
    r"(?:['\u2019]s)?\s+(?:"
    + vocabulary.alternation("source_modifiers", lang="en")
    + r"\s+)*"
    + vocabulary.alternation("source_phrases", lang="en", position="after")
    + r"\b",
    re.IGNORECASE,
)
_SOURCE_BEFORE = re.compile(
    r"(?:"
    + vocabulary.alternation("attribution_verbs", lang="en", form="prep")
    + "|"
    + vocabulary.alternation("source_phrases", lang="en", position="before")
    + ")"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def is_source_phrase(text: str, mention: ActorMention, *, offset: int = 0) -> bool:
    """True when the mention names who speaks, not who acts: 'Taliban spokesman X said',
    'a Taliban statement', 'according to the Taliban', 'a spokesman for al-Shabaab'.

    ``offset`` is the one passed to ``find_actors`` for this ``text``.
    """
    start, end = mention.start - offset, mention.end - offset
    return bool(_SOURCE_AFTER.match(text, end) or _SOURCE_BEFORE.search(text[:start]))
