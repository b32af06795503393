"""French, Russian, Ukrainian and Arabic: the article read in its own language.

No offline translator exists for these languages (issue 12), so each sentence's signals are
found directly and handed to the same event assembly as English (``events.assemble``):

- sentences: ``lang.sentences``; places: ``lang.places`` (gazetteer alternate names, gated);
- dates, counts and attributed figures: ``lang.figures``;
- actors: ``aliases_intl`` of ``data/actors.json`` (named groups) and
  ``vocab/actor_words_intl`` (armies, police, protesters ...) with the country named or
  adjectived next to the word (``vocab/country_words_intl``), else the event's country;
- event type: the multilingual embedding classifier (``lang.embed``).

Evidence spans point into the original text; no translation is made.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from frontwatch import vocabulary
from frontwatch.errors import warning
from frontwatch.events.signals import ActorSignal, LabelSignal, SentenceSignals
from frontwatch.lang import embed, figures, places
from frontwatch.lang.countries import country_of
from frontwatch.lang.sentences import split
from frontwatch.model import Actor, Sentence, Toponym

if TYPE_CHECKING:
    from frontwatch.pipeline import ArticleAnalysis

ACTORS = Path(__file__).resolve().parent.parent / "data" / "actors.json"
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# how many words after an actor word its country may be named ("вооруженные силы Грузии")
COUNTRY_WINDOW = 3


_NAME_TOKEN = re.compile(r"(?<![\w-])[A-Z][A-Za-z0-9]*[A-Z0-9a-z](?![\w-])")


@functools.cache
def _actor_entries() -> tuple[dict, ...]:
    """The named actors of ``actors.json``, read once for every language."""
    return tuple(json.loads(ACTORS.read_text(encoding="utf-8"))["actors"])


@functools.cache
def _one_word_names() -> dict[str, dict]:
    """Named groups' one-word English aliases (not states: "army" is no name), lower case -> entry."""
    return {a: e for e in _actor_entries() if not e.get("state") for a in e["aliases"] if " " not in a and len(a) >= 3}


@functools.cache
def _aliases(lang: str) -> list[tuple[str, dict]]:
    out = []
    for entry in _actor_entries():
        for alias in entry.get("aliases_intl", {}).get(lang, ()):
            out.append((alias.lower(), entry))
    return sorted(out, key=lambda x: len(x[0]), reverse=True)


@functools.cache
def _kinds(lang: str) -> list[tuple[str, str]]:
    rows = [(r["term"].lower(), r["kind"]) for r in vocabulary.rows("actor_words_intl") if r["lang"] == lang]
    return sorted(rows, key=lambda x: len(x[0]), reverse=True)


def country_words(text: str, lang: str) -> list[tuple[int, str]]:
    """(word index, ISO country) for each country name or adjective in ``text`` (``lang.countries``)."""
    out = []
    for i, w in enumerate(_WORD.findall(text)):
        hit = country_of(w, lang)
        if hit:
            out.append((i, hit))
    return out


@functools.cache
def _several_word_names() -> tuple[re.Pattern[str], dict[str, dict]]:
    """Named groups' English aliases of two words or more (not states), as one pattern, longest first."""
    names = {a: e for e in _actor_entries() if not e.get("state") for a in e["aliases"] if " " in a and len(a) >= 6}
    alternation = "|".join(re.escape(a) for a in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE), names


def named_group_spans(text: str) -> list[tuple[int, int, dict]]:
    """(start, end, actors.json entry) of each named group written as in English in ``text``: a capitalised
    one-word name or acronym, or a name of several words whose first is capitalised ("Boko Haram")."""
    out = []
    for m in _NAME_TOKEN.finditer(text):
        named = _one_word_names().get(m.group().lower())
        if named is not None:
            out.append((m.start(), m.end(), named))
    pattern, several = _several_word_names()
    for m in pattern.finditer(text):
        if m.group()[0].isupper():
            out.append((m.start(), m.end(), several[m.group().lower()]))
    # the longer of two overlapping names first, so "Boko Haram" wins over a one-word name inside it
    return sorted(out, key=lambda x: (x[0], -(x[1] - x[0])))


def _starts_at(low: str, term: str) -> list[re.Match[str]]:
    # a word beginning: Russian and Arabic inflect the end, so only the start is anchored
    return list(re.finditer(r"(?<!\w)" + re.escape(term), low))


def find_actors(s: Sentence, lang: str, event_country: str | None, when) -> list[ActorSignal]:  # noqa: ANN001
    from frontwatch.events.actors import actor_for_country, lookup_actor

    low = s.text.lower()
    words = list(_WORD.finditer(s.text))
    nations = country_words(s.text, lang)
    out: list[ActorSignal] = []
    taken: list[tuple[int, int]] = []

    def add(a: int, b: int, actor: Actor | None, generic: bool) -> None:
        if actor is None or any(x < b and a < y for x, y in taken):
            return
        taken.append((a, b))
        out.append(ActorSignal(s.start + a, s.start + b, s.text[a:b], actor, generic=generic))

    for alias, entry in _aliases(lang):
        for m in _starts_at(low, alias):
            tail = _WORD.match(s.text, m.end())
            end = m.end() + len(tail.group()) if tail else m.end()
            actor: Actor | None
            if entry.get("state"):
                actor = actor_for_country(entry["state"], entry["country"], when=when)
            else:
                actor = lookup_actor(entry["aliases"][0])
            add(m.start(), end, actor, False)
    # ACTORS-INTL-NAME-AS-WRITTEN: a group's name or acronym written as in English ("M23", "JNIM", "Hamas",
    # "Boko Haram") is that group in any language; only capitalised, matched whole ("nas" is no group)
    for a, b, named in named_group_spans(s.text):
        add(a, b, lookup_actor(named["aliases"][0]), False)
    for term, kind in _kinds(lang):
        for m in _starts_at(low, term):
            idx = next((i for i, w in enumerate(words) if w.start() <= m.start() < w.end()), None)
            if idx is None:
                continue
            near = [cc for i, cc in nations if idx - 1 <= i <= idx + COUNTRY_WINDOW]
            cc = near[0] if near else event_country
            if not cc:
                continue
            end = words[idx].end()
            try:
                actor = actor_for_country(kind, cc, when=when)
            except (KeyError, ValueError):
                continue
            add(m.start(), end, actor, kind in ("military", "police", "unidentified"))
    return sorted(out, key=lambda x: x.start)


def _province_to_named_town(signals: Sequence[SentenceSignals]) -> None:
    """A province named beside a town of that province elsewhere in the article stands for the town.

    Headlines name the province ("... market in Zenda province") and the body the town ("... in the
    village of Tarlenheim, Zenda province"); coding the headline to the province's capital would add
    an event at a place the article does not describe.
    """
    towns = [t.place for sig in signals for t in sig.toponyms if t.place and t.place.feature == "city"]
    for sig in signals:
        kept = []
        for t in sig.toponyms:
            if t.place and t.place.feature == "admin1":
                town = next(
                    (p for p in towns if p.country_code == t.place.country_code and p.admin1 == t.place.name), None
                )
                if town is not None:
                    if any(x.place == town for x in sig.toponyms):
                        continue
                    t = Toponym(t.start, t.end, t.name, town, cue="province")
            kept.append(t)
        sig.toponyms = kept


def read_article(result: ArticleAnalysis, lang: str) -> None:
    from frontwatch.events.assemble import assemble_reports
    from frontwatch.pipeline import _actor_for, _country_capital, _province_capital, gazetteer

    article = result.article
    result.warnings.append(warning("FW-LANG-002", f"{lang}, read without translation"))
    sents = split(article.id, article.text)
    result.sentences = sents
    gaz = gazetteer()
    # first pass: places, so that ambiguous names lean to the article's country
    # PLACES-INTL-INSIDE-GROUP-NAME: "Boko" of "Boko Haram" is no town
    groups = [[(a, b) for a, b, _ in named_group_spans(s.text)] for s in sents]
    first = [places.find_places(s, lang, gaz, not_in=g) for s, g in zip(sents, groups, strict=True)]
    votes = Counter(t.place.country_code for group in first for t in group if t.place and t.place.country_code)
    for _, cc in (x for s in sents for x in country_words(s.text, lang)):
        votes[cc] += 1
    countries = [cc for cc, _ in votes.most_common(2)]
    main = countries[0] if countries else None
    labels = embed.classify(embed.encode([s.text for s in sents])) if sents else []
    signals: list[SentenceSignals] = []
    all_counts = []
    for s, g, (label, score) in zip(sents, groups, labels, strict=True):
        sig = SentenceSignals(sentence=s)
        sig.toponyms = places.find_places(s, lang, gaz, countries, not_in=g)
        sig.dates = figures.find_dates(s, lang, article.published)
        sig.counts = figures.find_counts(s, lang, sig.dates)
        place_cc = next((t.place.country_code for t in sig.toponyms if t.place and t.place.country_code), None)
        sig.actors = find_actors(s, lang, place_cc or main, article.published)
        sig.label = LabelSignal(label=label, score=score)
        signals.append(sig)
        all_counts.append(sig.counts)
    claims = figures.find_claims(article, lang, sents, all_counts)
    sources = {(c.start, c.source) for c in claims if c.verb}
    for sig in signals:
        spoken = [c.source for c in claims if c.start == sig.sentence.start and (c.start, c.source) in sources]
        sig.actors = [
            ActorSignal(a.start, a.end, a.text, a.actor, a.generic, is_source=any(a.text in sp for sp in spoken))
            for a in sig.actors
        ]
    _province_to_named_town(signals)
    result.toponyms = [t for sig in signals for t in sig.toponyms]
    result.signals = signals
    result.claims = claims
    result.reports = assemble_reports(
        article,
        signals,
        claims,
        capital_of=_country_capital,
        province_capital=_province_capital,
        actor_for=_actor_for,
        lang=lang,
    )
    for r in result.reports:
        r.language = lang


def describe(signals: Sequence[SentenceSignals]) -> list[str]:
    """One line per sentence: label, places, dates, counts, actors (for debugging and the bench)."""
    return [
        f"{s.label.label} {s.label.score:.2f} | {[t.place.name for t in s.toponyms if t.place]} | "
        f"{[d.day.isoformat() for d in s.dates]} | {[(c.best, c.kind) for c in s.counts]} | "
        f"{[a.actor.name for a in s.actors]} | {s.sentence.text[:70]}"
        for s in signals
    ]
