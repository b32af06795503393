"""The ordered stage list that turns one Article into Reports, claims and evidence.

Each stage declares what it needs and provides; ``check_order`` verifies the list is
satisfiable (a test runs it). A stage that fails on one article becomes a recorded warning
on that article, never a dead batch. Stages know nothing about files, HTTP or the database.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from frontwatch.errors import warning
from frontwatch.events import sentence_flags
from frontwatch.events.assemble import assemble_reports, may_anchor
from frontwatch.events.named_forces import as_of
from frontwatch.events.signals import ActorSignal, LabelSignal, SentenceSignals
from frontwatch.model import Actor, Article, Claim, Place, Report, Sentence, Toponym

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from frontwatch.geo.gazetteer import Gazetteer

log = logging.getLogger(__name__)


@dataclass
class ArticleAnalysis:
    """Everything the stages found in one article (the per-article result they share)."""

    article: Article
    doc: Doc | None = None
    # exactly the text ``doc`` was parsed from (the article's, hard-wrapped lines joined: nlp.unwrap);
    # kept because Doc.text rebuilds it from every token on each access
    parsed_text: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    toponyms: list[Toponym] = field(default_factory=list)
    signals: list[SentenceSignals] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # the English machine translation the analysis ran on (Spanish, Portuguese), else None
    translation: str | None = None
    # sentences whose figures the number reader could not hold (see stage_counts)
    unreadable_numbers: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Stage:
    name: str
    needs: tuple[str, ...]
    provides: tuple[str, ...]
    run: Callable[[ArticleAnalysis], None]


# --- shared resources, loaded once per process --------------------------------------------


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    from frontwatch.geo import load_gazetteer

    return load_gazetteer()


@functools.lru_cache(maxsize=512)
def _country_capital(country_code: str) -> Place | None:
    # a gazetteer query of ~4 ms that every article asks once: once per country per process
    return gazetteer().capital_of_country(country_code)


def _province_capital(place: Place) -> Place | None:
    if not place.country_code or not place.admin1:
        return None
    return _capital_of_admin1(place.country_code, place.admin1)


@functools.lru_cache(maxsize=4096)
def _capital_of_admin1(country_code: str, admin1: str) -> Place | None:
    # asked for every town a story names: once per province per process (an indexed query since gazetteer v3,
    # 0.07 ms CPU against 15 ms for the scan before; bench/capital_query.py)
    return gazetteer().capital_of_admin1(country_code, admin1)


# --- stages ---------------------------------------------------------------------------------

# A photo caption ends with its credit in brackets: "(AFP)", "(Name/Agency)". It describes a
# picture, so it may name the place but never dates the event.
_CREDIT = re.compile(r"\((?:[A-Z][\w.'’\- ]{0,40}/)?[A-Z][\w.'’&\- ]{0,60}\)\s*$")


def _caption_ranges(text: str) -> list[tuple[int, int]]:
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    out = []
    for i, (a, b) in enumerate(paras):
        para = text[a:b].strip()
        nxt = text[paras[i + 1][0] : paras[i + 1][1]].strip() if i + 1 < len(paras) else ""
        if (
            _CREDIT.search(para)
            or (_CREDIT.fullmatch(nxt) is not None)
            or (nxt and nxt.startswith(para) and _CREDIT.search(nxt))
        ):
            out.append((a, b))
    return out


def stage_parse(a: ArticleAnalysis) -> None:
    from frontwatch import nlp

    if a.doc is None:  # analyse_batches hands in the Doc nlp.pipe made, and its text
        a.doc = nlp.parse(a.article.text)
    if not a.parsed_text:
        a.parsed_text = nlp.unwrap(a.article.text)  # what nlp.parse parsed
    a.sentences = nlp.sentences(a.article.id, a.article.text, a.doc)
    captions = _caption_ranges(a.article.text)
    a.signals = [
        SentenceSignals(sentence=s, is_caption=any(x <= s.start < y for x, y in captions)) for s in a.sentences
    ]
    for sig in a.signals:
        sentence_flags.mark(a.doc, sig)  # hypothetical, gathering, habit


def stage_geo(a: ArticleAnalysis) -> None:
    from frontwatch.geo import geoparse

    a.toponyms = geoparse(
        a.article.text,
        doc=a.doc,
        doc_text=a.parsed_text or None,
        gazetteer=gazetteer(),
        country_hints=_actor_countries(a.article.text),
    )
    for sig in a.signals:
        s = sig.sentence
        sig.toponyms = [t for t in a.toponyms if s.start <= t.start < s.end]
        sentence_flags.mark_capture(a.doc, sig)  # a capture told with "took <place>" (CLASSIFY-CAPTURE-PARSE)


def _actor_countries(text: str) -> list[str]:
    """Countries of the named actors (one vote each): where a lone "Faizabad" is looked for."""
    from frontwatch.events.actors import find_actors

    found = {m.actor.country_code for m in find_actors(text) if not m.generic and m.actor.country_code}
    return sorted(c for c in found if c)


def stage_dates(a: ArticleAnalysis) -> None:
    from frontwatch.dates import find_dates
    from frontwatch.dates.page import in_dateline_brackets, is_date_stamp, is_page_stamp, line_at, quoted_relative_day

    text = a.article.text
    for sig in a.signals:
        found = find_dates(sig.sentence.text, a.article.published, offset=sig.sentence.start)
        sig.dates = [
            d
            for d in found
            if not in_dateline_brackets(text, d.start, d.end)
            and not is_date_stamp(sig.sentence.text, d.text)
            and not is_page_stamp(line_at(text, d.start), d, a.article.published)
            and not quoted_relative_day(text, d)
        ]


def stage_counts(a: ArticleAnalysis) -> None:
    from frontwatch.numbers import find_counts

    for sig in a.signals:
        # guard at the number reader's boundary: a figure it cannot hold (a 400-digit "toll")
        # costs that sentence's counts, with a warning, not every sentence's
        try:
            sig.counts = find_counts(sig.sentence.text, offset=sig.sentence.start)
        except (OverflowError, ValueError, RecursionError) as exc:
            sig.counts = []
            a.unreadable_numbers.add(sig.sentence.index)
            a.warnings.append(warning("FW-NUM-001", f"sentence {sig.sentence.index}: {type(exc).__name__}"))


def stage_actors(a: ArticleAnalysis) -> None:
    from frontwatch.events.actors import find_actors, is_source_phrase
    from frontwatch.events.past_actors import acts, past_only
    from frontwatch.events.places import sentence_country

    country = _main_country(a.toponyms)
    year = a.article.published.year if a.article.published else None
    # the article's entities once: Doc.ents builds a Span for each on every access
    all_ents = [(e.start_char, e.end_char, e.label_) for e in a.doc.ents] if a.doc is not None else []
    for sig in a.signals:
        s = sig.sentence
        span = a.doc.char_span(s.start, s.end, alignment_mode="expand") if a.doc is not None else None
        ents = [(x - s.start, y - s.start, label) for x, y, label in all_ents if s.start <= x and y <= s.end]
        # ACTORS-SENTENCE-COUNTRY: a round-up's paragraph on another country names that country's forces
        here = sentence_country(sig.toponyms, country) or country
        found = find_actors(s.text, offset=s.start, country_code=here, when=a.article.published, ents=ents)
        placed = [(t.start, t.end) for t in sig.toponyms if t.place is not None]
        # an "unknown armed group" that is really a place name (a town called "Lashkar ...") is dropped
        found = [m for m in found if m.actor.inter is not None or not any(a < m.end and m.start < b for a, b in placed)]
        sig.actors = [
            ActorSignal(
                start=m.start,
                end=m.end,
                text=m.text,
                actor=m.actor,
                generic=m.generic,
                is_source=is_source_phrase(s.text, m, offset=s.start),
                # ACTORS-PAST-CLAUSE: "X, suspected of the 2019 massacre" names no actor of today
                past=span is not None and not m.generic and past_only(span, m.start, m.end, year=year),
                acts=acts(span, m.start, m.end) if span is not None else None,
            )
            for m in found
        ]


def _main_country(toponyms: Sequence[Toponym]) -> str | None:
    votes: dict[str, int] = {}
    for t in toponyms:
        if t.place and t.place.country_code:
            votes[t.place.country_code] = votes.get(t.place.country_code, 0) + 1
    return max(votes, key=lambda k: votes[k]) if votes else None


def stage_classify(a: ArticleAnalysis) -> None:
    """Labels for the sentences that may anchor an event; the rest keep "No event" unencoded
    (captions, hypotheticals and sentences too short: about 8 % of the words, issue 15)."""
    _classify_together([a])


def stage_claims(a: ArticleAnalysis) -> None:
    from frontwatch.claims import find_claims

    a.claims = find_claims(
        # the number reader's boundary again: a sentence it could not read is left out of claims
        # too, so one absurd figure does not cost the article every other claim
        [s for s in a.sentences if s.index not in a.unreadable_numbers],
        article_id=a.article.id,
        outlet=a.article.outlet,
        published=a.article.published,
        doc=a.doc,
        text=a.parsed_text or None,
    )


def _actor_for(kind: str, country_code: str) -> Actor | None:
    from frontwatch.events.actors import actor_for_country

    try:
        return actor_for_country(kind, country_code)
    except (KeyError, ValueError):
        return None


def _town_in(country: str, name: str) -> Place | None:
    """The most populous town of ``country`` called ``name``, or None."""
    towns = [p for p in gazetteer().candidates(name) if p.feature == "city" and p.country_code == country]
    return towns[0] if towns else None


def stage_assemble(a: ArticleAnalysis) -> None:
    from frontwatch.events.clauses import read_clauses
    from frontwatch.events.listed_places import read_listed_places
    from frontwatch.events.raids import violent_raids

    read_clauses(a.doc, a.signals)  # ASSEMBLE-DATE-IN-OWN-CLAUSE, ASSEMBLE-GAPPED-CLAUSE
    country = _main_country(a.toponyms)
    # ASSEMBLE-ONE-EVENT-PER-LISTED-PLACE: the towns a counted capture lists, looked up in the article's country
    read_listed_places(a.doc, a.signals, find_town=functools.partial(_town_in, country) if country else None)
    violent_raids(a.doc, a.signals)  # ASSEMBLE-LOOTING-IN-VIOLENT-RAID
    a.reports = assemble_reports(
        a.article,
        a.signals,
        a.claims,
        capital_of=_country_capital,
        province_capital=_province_capital,
        actor_for=_actor_for,
    )


STAGES: tuple[Stage, ...] = (
    Stage("parse", (), ("doc", "sentences"), stage_parse),
    Stage("geo", ("doc",), ("toponyms",), stage_geo),
    Stage("dates", ("sentences",), ("dates",), stage_dates),
    Stage("counts", ("sentences",), ("counts",), stage_counts),
    Stage("actors", ("sentences", "toponyms"), ("actors",), stage_actors),
    Stage("classify", ("sentences",), ("labels",), stage_classify),
    Stage("claims", ("sentences", "doc"), ("claims",), stage_claims),
    Stage("assemble", ("toponyms", "dates", "counts", "actors", "labels", "claims"), ("reports",), stage_assemble),
)


def check_order(stages: Sequence[Stage] = STAGES) -> None:
    """Raise ValueError when a stage runs before what it needs is provided."""
    have: set[str] = set()
    for st in stages:
        missing = [n for n in st.needs if n not in have]
        if missing:
            raise ValueError(f"stage {st.name!r} needs {missing} before it runs")
        have.update(st.provides)


def _refused(result: ArticleAnalysis) -> bool:
    """Empty articles yield no reports (a warning says why)."""
    if not result.article.text.strip():
        result.warnings.append(warning("FW-IN-001"))
        return True
    return False


def _analyse_other(result: ArticleAnalysis) -> ArticleAnalysis | None:
    """A non-English article read on its own language's path; None for English (the caller's path)."""
    from frontwatch.lang import route  # language identification only; the rest loads on demand

    lang = route(result.article, result.warnings)
    if lang == "en":
        return None
    from frontwatch.lang.analyse import analyse_other

    try:
        return analyse_other(result, lang)
    except Exception as exc:  # noqa: BLE001 - as in _run_stage: recorded, the batch goes on
        log.exception("reading %s (%s) failed", result.article.id, lang)
        result.warnings.append(warning("FW-STAGE-001", f"lang {lang}: {type(exc).__name__}: {exc}"))
        return result


def _run_stage(st: Stage, result: ArticleAnalysis) -> bool:
    """Run one stage; False when it failed in a way that ends the article (the parse)."""
    try:
        with as_of(result.article.published):  # actor sides as of the article's day
            st.run(result)
    except Exception as exc:  # noqa: BLE001 - one stage's failure is recorded, the article goes on
        log.exception("stage %s failed on %s", st.name, result.article.id)
        result.warnings.append(warning("FW-STAGE-001", f"{st.name}: {type(exc).__name__}: {exc}"))
        return st.name != "parse"
    return True


def analyse(article: Article, *, only: Iterable[str] | None = None) -> ArticleAnalysis:
    """Run the pipeline over one article. Empty articles, and articles in a language frontwatch
    does not read (``frontwatch.lang.SUPPORT``), yield no reports."""
    result = ArticleAnalysis(article=article)
    if _refused(result):
        return result
    from frontwatch.lang import route  # language identification only; the rest loads on demand

    lang = route(article, result.warnings)
    if lang != "en":
        from frontwatch.lang.analyse import analyse_other

        return analyse_other(result, lang, only=only)
    run_stages(result, only=only)
    return result


def run_stages(result: ArticleAnalysis, *, only: Iterable[str] | None = None) -> None:
    """The English stages over ``result.article`` (also run on a machine translation)."""
    wanted = set(only) if only else None
    for st in STAGES:
        if wanted is not None and st.name not in wanted and st.name != "parse":
            continue
        if not _run_stage(st, result):
            return


_CLASSIFY = next(i for i, st in enumerate(STAGES) if st.name == "classify")
T = TypeVar("T")


def analyse_batches(
    items: Iterable[tuple[T, Article | None]], *, n_process: int = 1, batch: int = 16
) -> Iterator[tuple[T, ArticleAnalysis | None]]:
    """``analyse`` over a stream, in order: each (key, article) with its analysis (None for no article).

    Two costs are shared across articles, with the same result as ``analyse`` one by one: the
    parse goes through one ``nlp.pipe`` over the whole stream (``n_process`` > 1 parses in that
    many spaCy processes while this one runs the later stages), and the sentence encoder gets the
    sentences of ``batch`` articles in one call, where its batching pays.
    """
    from frontwatch import nlp

    def feed() -> Iterator[tuple[str, tuple[T, ArticleAnalysis | None, bool]]]:
        for key, article in items:
            if article is None:
                yield "", (key, None, False)
                continue
            result = ArticleAnalysis(article=article)
            live = not _refused(result)
            if live and (other := _analyse_other(result)) is not None:
                result, live = other, False  # read on its language's own path, not the English pipe
            # a refused or non-English article travels through the pipe as an empty text, so the order holds;
            # hard-wrapped copy is parsed unwrapped, as ``analyse`` parses it (nlp.parse)
            if live:
                result.parsed_text = nlp.unwrap(article.text)
            yield (result.parsed_text if live else ""), (key, result, live)

    chunk: list[tuple[T, ArticleAnalysis | None, bool]] = []
    pipe = nlp.load().pipe(feed(), as_tuples=True, n_process=n_process, batch_size=batch)
    for doc, (key, result, live) in pipe:
        if live and result is not None:
            result.doc = doc
        chunk.append((key, result, live))
        if len(chunk) >= batch:
            yield from _finish(chunk)
            chunk = []
    yield from _finish(chunk)


def _finish(chunk: list[tuple[T, ArticleAnalysis | None, bool]]) -> Iterator[tuple[T, ArticleAnalysis | None]]:
    """The stages after the parse for a chunk of parsed articles, the classifier once for all."""
    live: list[ArticleAnalysis] = []
    for _key, result, ok in chunk:
        # all() stops at a failed parse, where analyse() stops too; other failures are warnings
        if ok and result is not None and all(_run_stage(st, result) for st in STAGES[:_CLASSIFY]):
            live.append(result)
    _classify_together(live)
    for result in live:
        for st in STAGES[_CLASSIFY + 1 :]:
            _run_stage(st, result)
    for key, result, _ok in chunk:
        yield key, result


def _classify_together(results: Sequence[ArticleAnalysis]) -> None:
    """``stage_classify`` for several articles in one encoder call."""
    from frontwatch.events.capture_parse import settle_capture
    from frontwatch.events.classify import classify_texts

    todo = [[sig for sig in a.signals if may_anchor(sig)] for a in results]
    if not any(todo):
        return
    try:
        # one encoder call per article: bfloat16 rounding depends on which sentences share a batch, so an
        # article alone (watch) and inside a batch file get the same scores
        found = []
        for a, sigs in zip(results, todo, strict=True):
            with as_of(a.article.published):
                texts = [sig.sentence.text for sig in sigs]
                found += classify_texts(texts, extra_hits=[sentence_flags.parse_hits(s) for s in sigs])
        labels = iter(found)
    except Exception as exc:  # noqa: BLE001 - as in _run_stage: recorded on every article of the batch
        log.exception("stage classify failed on a batch of %d articles", len(results))
        for a in results:
            if a.signals:
                a.warnings.append(warning("FW-STAGE-001", f"classify: {type(exc).__name__}: {exc}"))
        return
    for a in results:
        for sig in filter(may_anchor, a.signals):
            r = next(labels)
            label = LabelSignal(label=r.label, score=r.score, by_rule=r.by_rule)
            sig.label = settle_capture(sig.main_capture, label)  # CLASSIFY-CAPTURE-PARSE-DECIDES
