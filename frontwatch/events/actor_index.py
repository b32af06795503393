"""The actor data, compiled once: ``data/actors.json`` and ``data/actor_demonyms.tsv`` read into an index.

The index maps each surface form (an alias, a generic phrase) to what it names, and holds two
character-trie regexes: one over those forms and one for "<demonym> <force word>" ("Afghan troops").
``events.actors`` resolves and matches mentions with it; loading problems (alias clashes, dangling
references) are logged and kept for ``check_actor_data``.
"""

from __future__ import annotations

import csv
import functools
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pycountry

from frontwatch.errors import DataBuildError
from frontwatch.regex_literals import folded

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FORCE_PREFIX = {"military": "Military Forces of", "police": "Police Forces of"}


@dataclass(frozen=True)
class Regime:
    span: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Country:
    code: str
    name: str  # as in "Civilians (<name>)"
    state: str  # as in "Military Forces of <state>"
    regimes: tuple[Regime, ...] = ()

    def regime_at(self, when: date | None) -> Regime | None:
        if not self.regimes:
            return None
        if when is None:
            return self.regimes[-1]
        for r in self.regimes:
            if r.start <= when and (r.end is None or when < r.end):
                return r
        return None


@dataclass(frozen=True)
class Entry:
    key: str
    name: str | None
    inter: int | None
    country: str | None
    state: str | None = None  # "military" | "police": the name is built by the state-forces rule
    unit: str | None = None
    valid_from: date | None = None  # informational: aliases live on the earliest actor of a chain
    valid_to: date | None = None  # from this day on, the actor is its successor
    successor: str | None = None
    by_country: Mapping[str, str] | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Target:
    """What a surface form points to."""

    kind: str  # "entry" | "state" | one of the generic kinds (military, police, ..., armed)
    ref: str = ""  # entry key, or country code for "state"
    force: str = "military"  # for "state": military | police


@dataclass(frozen=True)
class Index:
    entries: Mapping[str, Entry]
    countries: Mapping[str, Country]
    targets: Mapping[str, Target]
    heads: Mapping[str, str]  # demonym or country name -> country code
    forces: Mapping[str, str]  # force word -> military | police
    upper_only: frozenset[str]
    pattern: re.Pattern[str]
    state_pattern: re.Pattern[str]
    absorb: re.Pattern[str]
    problems: tuple[str, ...]


def canon(s: str) -> str:
    """The lookup form of a surface string: lowercase, one apostrophe, hyphens as spaces.

    Lower-cased as the index's case-blind patterns match: "Somalı" (dotless ı) matches the pattern
    of "somali", so it must find that entry too (regex_literals.folded)."""
    s = folded(s).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s*-\s*|\s+", " ", s).strip()


def _day(value: str | None) -> date | None:
    """'2021' or '2021-08-15' -> a date; a bare year means its first day."""
    if not value:
        return None
    if len(value) == 4:
        return date(int(value), 1, 1)
    return date.fromisoformat(value)


CHAR_RE = {" ": r"(?:\s*-\s*|\s+)", "'": "['\u2019\u2018]"}
# whole words only; "pro-government forces" and "rebel-held" are not mentions
BOUNDED = r"(?<![\w-])(?:{})(?![\w]|-\w)"


def _trie_regex(words: Sequence[str]) -> str:
    """One regex alternation shaped like a character trie: fast, and greedy means longest."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [CHAR_RE.get(ch, re.escape(ch)) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _load_countries(raw: Mapping[str, Mapping]) -> dict[str, Country]:
    out: dict[str, Country] = {}
    for code, c in raw.items():
        regimes = tuple(Regime(r["span"], _day(r["from"]) or date.min, _day(r.get("to"))) for r in c.get("regimes", ()))
        out[code] = Country(code, c["name"], c.get("state", c["name"]), regimes)
    return out


def _load_entries(raw: Sequence[Mapping]) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for a in raw:
        out[a["key"]] = Entry(
            key=a["key"],
            name=a.get("name"),
            inter=a.get("inter"),
            country=a.get("country"),
            state=a.get("state"),
            unit=a.get("unit"),
            valid_from=_day(a.get("valid_from")),
            valid_to=_day(a.get("valid_to")),
            successor=a.get("successor"),
            by_country=a.get("by_country"),
            aliases=tuple(a.get("aliases", ())),
        )
    return out


def _read_demonyms(path: Path) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if row and not row[0].startswith("#"):
                rows.append((row[0], row[1], row[2] if len(row) > 2 else "demonym"))
    return rows


@functools.cache
def index() -> Index:
    try:
        data = json.loads((DATA_DIR / "actors.json").read_text(encoding="utf-8"))
        demonyms = _read_demonyms(DATA_DIR / "actor_demonyms.tsv")
    except (OSError, ValueError, IndexError) as exc:
        raise DataBuildError(f"actor data could not be read: {exc}") from exc
    entries = _load_entries(data["actors"])
    countries = _load_countries(data["countries"])
    problems: list[str] = []
    targets: dict[str, Target] = {}

    def add(surface: str, target: Target) -> None:
        form = canon(surface)
        old = targets.get(form)
        if old is None:
            targets[form] = target
        elif old != target:
            problems.append(f"alias {form!r} claimed by {old.kind}:{old.ref} and {target.kind}:{target.ref}")

    for kind, phrases in data["generic"].items():
        for p in phrases:
            add(p, Target(kind))
    for e in entries.values():
        for alias in e.aliases:
            add(alias, Target("entry", e.key))
    upper_only = frozenset(canon(u) for u in data.get("upper_only", ()))
    # "<demonym> <force word>" is matched by a second regex rather than spelled out: ~9,000
    # combinations made the single trie take 3 s to compile.
    heads: dict[str, str] = {}
    for form, code, kind in demonyms:
        for head in [form] + ([form + "'s"] if kind == "name" else []):
            heads[canon(head)] = code
    forces = {canon(w): force for force, words in data["force_words"].items() for w in words}
    problems.extend(_check_entries(entries, countries))
    for p in problems:
        log.warning("actor data: %s", p)
    pattern = re.compile(BOUNDED.format(_trie_regex(sorted(targets))), re.IGNORECASE)
    state_pattern = re.compile(
        BOUNDED.format(f"(?P<head>{_trie_regex(sorted(heads))}){CHAR_RE[' ']}(?P<force>{_trie_regex(sorted(forces))})"),
        re.IGNORECASE,
    )
    suffixes = "|".join(re.escape(s) for s in data.get("absorb_suffixes", ()))
    absorb = re.compile(rf"\s+(?:{suffixes})(?![\w-])", re.IGNORECASE)
    log.debug("actor index: %d entries, %d surface forms", len(entries), len(targets))
    return Index(
        entries, countries, targets, heads, forces, upper_only, pattern, state_pattern, absorb, tuple(problems)
    )


def _check_entries(entries: Mapping[str, Entry], countries: Mapping[str, Country]) -> list[str]:
    problems = []
    for e in entries.values():
        if e.state is None and (e.name is None or e.inter not in range(1, 9)):
            problems.append(f"{e.key}: a named actor needs a name and an inter code 1-8")
        if e.state is not None and (e.state not in FORCE_PREFIX or not e.country):
            problems.append(f"{e.key}: state actors need state=military|police and a country")
        for ref in [e.successor, *(e.by_country or {}).values()]:
            if ref is not None and ref not in entries:
                problems.append(f"{e.key}: refers to unknown actor {ref!r}")
        if e.country is not None and e.country not in countries and pycountry.countries.get(alpha_2=e.country) is None:
            problems.append(f"{e.key}: unknown country {e.country!r}")
    return problems


def check_actor_data() -> list[str]:
    """Problems found while loading the actor data (alias clashes, dangling references)."""
    return list(index().problems)
