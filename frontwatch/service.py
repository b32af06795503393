"""The library calls every shell uses: ingest, query, export.

The CLI, the HTTP API and scripts call these functions and nothing below them, so what one
shell can do, the others can.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from frontwatch import cluster, control
from frontwatch.config import settings
from frontwatch.errors import FrontwatchError, describe, printable, warning
from frontwatch.ingest.common import check_article, truncate
from frontwatch.model import Article, ControlChange, Event
from frontwatch.pipeline import ArticleAnalysis, analyse
from frontwatch.store import MAX_COUNT, EventQuery, Store, StoreSession

log = logging.getLogger(__name__)


@dataclass
class ArticleOutcome:
    source: str
    article_id: str | None
    status: str  # stored | duplicate | failed
    reports: int = 0
    events_new: int = 0
    events_joined: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class IngestSummary:
    outcomes: list[ArticleOutcome] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return sum(o.status == "stored" for o in self.outcomes)

    @property
    def duplicates(self) -> int:
        return sum(o.status == "duplicate" for o in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(o.status == "failed" for o in self.outcomes)


def content_hash(article: Article) -> str:
    return hashlib.sha256(article.text.strip().encode("utf-8")).hexdigest()


def open_db(url: str | None = None, *, create: bool = True) -> Store:
    """The store at ``url``; ``create=False`` (read commands) refuses a missing or foreign database."""
    return Store(url or settings().db_url, create=create)


def ingest_article(
    store: Store, article: Article, *, source: str = "", analysis: ArticleAnalysis | None = None
) -> ArticleOutcome:
    """Analyse one article and store it with its reports, events and control changes.

    One transaction: either all of it is stored or none of it. The same article (same id, or
    the same text under another id) is stored once. Raises FrontwatchError (InputError for a
    field that cannot be kept, StorageError when the database refuses it after retries).
    """
    check_article(article)  # library callers' Articles are bounded like the readers' (idempotent)
    out = ArticleOutcome(source=source or article.id, article_id=article.id, status="stored")
    if not article.text.strip():
        out.status, out.error = "failed", warning("FW-IN-001")
        return out
    h = content_hash(article)
    # with an analysis handed in, the caller asked before analysing (_needs_analysis); the check inside
    # the transaction below still stops a copy a concurrent writer stored in between
    dup = None
    if analysis is None:
        with store.reader() as r:
            dup = r.article_exists(article.id, h)
    if dup:
        out.status = "duplicate"
        out.warnings.append(f"already stored (same {dup})")
        return out
    cap = settings().max_article_chars
    if len(article.text) > cap:
        article.text = truncate(article.text, cap)
        article.warnings.append(warning("FW-IN-004", f"cut to {len(article.text)} characters"))
        h = content_hash(article)
    if analysis is None:
        analysis = analyse(article)
    bound_counts(analysis)
    # one warning per code: a reader's "FW-IN-002 (guessed)" already says what the pipeline would
    have = {w.split(":", 1)[0] for w in article.warnings}
    article.warnings.extend(w for w in analysis.warnings if w.split(":", 1)[0] not in have)
    out.warnings = list(article.warnings)

    def store_all(tx: StoreSession) -> ArticleOutcome:
        # runs again from the start when the database asks for a retry: it only reads tx
        res = ArticleOutcome(source=out.source, article_id=article.id, status="stored", warnings=out.warnings)
        stored = tx.article_exists(article.id, h)
        if stored or not tx.put_article(article, h):
            # an earlier copy in the same batch, or a concurrent writer, got there first
            res.status, res.warnings = "duplicate", [f"already stored (same {stored or 'id'})"]
            return res
        touched_places: dict[int, str] = {}  # place -> earliest day whose timeline may change
        for report in analysis.reports:
            cands = tx.candidate_events(
                geonameid=report.place.geonameid,
                admin1=report.place.admin1,  # link() decides; the province only widens the block
                country_code=report.place.country_code,
                day=report.event_date.day,
                # a month-precision event on either side may sit up to a month away; link() narrows it
                window_days=31,
            )
            decision = cluster.link(report, cands)
            old = next((e for e in cands if e.event_id == decision.event_id), None)
            if decision.event_id is None:
                event_id = cluster.event_id_for(report)
                reasons = [f"{report.report_id} started the event: {decision.reason}"]
                res.events_new += 1
            else:
                event_id = decision.event_id
                old = old or tx.get_event(event_id, with_reports=True)
                reasons = [*(old.merge_reasons if old else []), f"{report.report_id} joined: {decision.reason}"]
                res.events_joined += 1
            tx.put_report(report, event_id)
            # the joined event's reports were decoded with the candidates: not read again
            members = [r for r in old.reports if r.report_id != report.report_id] if old else []
            event = cluster.merge(event_id, [*members, report] if old else tx.reports_of(event_id), reasons=reasons)
            tx.put_event(event)
            # only this event's own status is recomputed; the place's timeline is folded from
            # the stored per-event statuses, never from its events and their reports
            for gid, day in tx.put_event_control(event_id, control.change_of(event)).items():
                touched_places[gid] = min(day, touched_places.get(gid, day))
            res.reports += 1
        for gid in sorted(touched_places):
            refold_control(tx, gid, touched_places[gid])
        return res

    return store.write(store_all)


def refold_control(tx: StoreSession, geonameid: int, changed_day: str) -> None:
    """Bring a place's stored timeline up to date after its events changed from ``changed_day`` on.

    Only the tail is folded again: from the start of the last row dated before ``changed_day``
    (that row's run may now go on, or end earlier), so the cost follows the recent part of a
    town's story, not all of it. Rows before it stand on events that did not change.
    """
    seed = tx.last_control_run_before(geonameid, changed_day)
    if seed is None:
        tx.replace_control(geonameid, control.compress(tx.event_controls_at(geonameid)))
        return
    _, seed_day, seed_event = seed
    tail = [
        c
        for c in tx.event_controls_at(geonameid, since_day=seed_day)
        if (c.day.isoformat(), c.event_id or "") >= (seed_day, seed_event)
    ]
    replacing = [
        rid for rid, day, eid in tx.control_runs(geonameid, since_day=seed_day) if (day, eid) >= (seed_day, seed_event)
    ]
    tx.replace_control(geonameid, control.compress(tail), replacing=replacing)


def bound_counts(analysis: ArticleAnalysis) -> None:
    """Drop figures past ``MAX_COUNT`` (a misread "3,000,000,000,000 killed") from what is stored.

    The value goes (it would overflow an integer column, and no event has such a toll); the text
    that stated it stays in the report and the claim, with warning FW-NUM-001.
    """
    dropped: list[str] = []
    for report in analysis.reports:
        f = report.fatalities
        if f is not None and any(v is not None and abs(v) > MAX_COUNT for v in (f.low, f.best, f.high)):
            dropped.append(f.text[:40])
            report.fatalities = None
        for claim in report.claims:
            if claim.value is not None and abs(claim.value) > MAX_COUNT:
                dropped.append(claim.text[:40])
                claim.value = None
    for claim in analysis.claims:
        if claim.value is not None and abs(claim.value) > MAX_COUNT:
            dropped.append(claim.text[:40])
            claim.value = None
    if dropped:
        analysis.warnings.append(warning("FW-NUM-001", "; ".join(dict.fromkeys(printable(d) for d in dropped))))


def ingest_articles(
    store: Store,
    items: Iterable[tuple[str, Article | None, str | None]],
    *,
    progress: Callable[[ArticleOutcome], None] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    parse_processes: int = 1,
) -> IngestSummary:
    """Ingest (source, article, error) items; an error item is recorded, the rest go on.

    In one process the articles are analysed in batches (``pipeline.analyse_batches``: one
    ``nlp.pipe`` over the stream, in ``parse_processes`` spaCy processes, and one encoder call
    per batch), each stored as soon as its batch is done.

    ``workers`` > 1 analyses the articles in that many local Dask worker processes, and
    ``scheduler`` ("tcp://host:8786") on the workers of an existing Dask cluster
    (``frontwatch.parallel``); the items are streamed through a bounded window either way, and
    storing and same-event linking stay here, in input order, each article stored as it arrives.

    Every article is stored on its own: whatever one raises becomes its coded one-line error
    (FW-RUN-001 for the unexpected) and the batch goes on.
    """
    summary = IngestSummary()
    pairs: Iterable[tuple[tuple[str, Article | None, str | None], ArticleAnalysis | None]]
    if workers > 1 or scheduler:
        from frontwatch.parallel import analyse_stream

        pairs = analyse_stream(items, wanted=lambda a: _needs_analysis(store, a), workers=workers, scheduler=scheduler)
    else:
        from frontwatch.pipeline import analyse_batches

        keyed = ((item, item[1] if item[1] is not None and _needs_analysis(store, item[1]) else None) for item in items)
        pairs = analyse_batches(keyed, n_process=parse_processes)
    for (source, article, error), analysis in pairs:
        if article is None:
            o = ArticleOutcome(source=source, article_id=None, status="failed", error=error)
        else:
            o = ingest_one(store, article, source=source, analysis=analysis)
        summary.outcomes.append(o)
        if progress:
            progress(o)
        if len(summary.outcomes) % _TRIM_EVERY == 0:
            _return_free_memory()
    return summary


# glibc keeps freed blocks of the encoder's variously shaped tensors in its arenas; handing them back
# every so often kept a 600-article ingest 160 MB smaller (bench/RESULTS.md, issue 15)
_TRIM_EVERY = 50


@functools.cache
def _libc() -> Any:
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: nothing to hand back this way
        return None


def _return_free_memory() -> None:
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def ingest_one(store: Store, article: Article, *, source: str, analysis: ArticleAnalysis | None) -> ArticleOutcome:
    ident = printable(article.id)
    try:
        return ingest_article(store, article, source=source, analysis=analysis)
    except FrontwatchError as exc:
        return ArticleOutcome(source=source, article_id=ident, status="failed", error=f"{exc} (article {ident})")
    except MemoryError:
        return ArticleOutcome(
            source=source, article_id=ident, status="failed", error=warning("FW-RUN-001", "out of memory")
        )
    except Exception as exc:  # noqa: BLE001 - one article's unexpected failure must not end the batch
        log.debug("ingest failed on %s", ident, exc_info=True)
        err = warning("FW-RUN-001", f"article {ident}: {describe(exc)}")
        return ArticleOutcome(source=source, article_id=ident, status="failed", error=err)


def _needs_analysis(store: Store, article: Article) -> bool:
    if not article.text.strip() or len(article.text) > settings().max_article_chars:
        return False  # refused or cut before analysis: the sequential path handles it
    with store.reader() as r:
        return r.article_exists(article.id, content_hash(article)) is None


def read_inputs(
    paths: Sequence[str | Path], *, published: date | None = None, outlet: str | None = None
) -> Iterable[tuple[str, Article | None, str | None]]:
    from frontwatch.ingest import read_paths

    for r in read_paths(paths, published=published, outlet=outlet):
        yield r.source, r.article, r.error


def ingest_paths(
    paths: Sequence[str | Path],
    *,
    db_url: str | None = None,
    published: date | None = None,
    outlet: str | None = None,
    progress: Callable[[ArticleOutcome], None] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    parse_processes: int = 1,
) -> IngestSummary:
    store = open_db(db_url)
    try:
        return ingest_articles(
            store,
            read_inputs(paths, published=published, outlet=outlet),
            progress=progress,
            workers=workers,
            scheduler=scheduler,
            parse_processes=parse_processes,
        )
    finally:
        store.close()


def list_events(store: Store, query: EventQuery | None = None) -> list[Event]:
    with store.reader() as r:
        return r.query_events(query)


def get_event(store: Store, event_id: str) -> Event | None:
    with store.reader() as r:
        return r.get_event(event_id, with_reports=True)


def get_article(store: Store, article_id: str) -> Article | None:
    with store.reader() as r:
        return r.get_article(article_id)


def control_changes(store: Store, *, place: str | None = None, geonameid: int | None = None) -> list[ControlChange]:
    with store.reader() as r:
        return r.control(place=place, geonameid=geonameid)
