"""``frontwatch watch``: poll RSS/Atom feeds and folders, ingest what is new, keep going.

One long-running process: the models are loaded once (``warm_up``) and every poll reuses them,
so an article that arrives is queryable as soon as its own analysis and transaction are done.

What "new" means:
- a feed URL is fetched with the validators of the last answer (``ETag``, ``Last-Modified``),
  so an unchanged feed costs one 304; of a changed feed only the entries absent from the last
  fetch are ingested;
- a folder is walked and a file is read again only when its size or modification time changed;
- whatever still gets through is stopped by the store's own duplicate check (same id or same
  text), which runs before any analysis.

A feed that is down, slow, not a feed or malformed is one warning line for that poll; the
other sources and the next polls go on.
"""

from __future__ import annotations

import logging
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from frontwatch import __version__, service
from frontwatch.config import settings
from frontwatch.errors import InputError
from frontwatch.model import Article
from frontwatch.store import Store

__all__ = ["PollResult", "Watcher", "parse_every", "warm_up"]

log = logging.getLogger(__name__)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$")
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, None: 1.0}
# a feed bigger than this is not a feed (a news feed is tens of kilobytes)
MAX_FEED_BYTES = 20_000_000


def parse_every(text: str) -> float:
    """'15m', '30s', '1h', '500ms' or plain seconds -> seconds; ValueError otherwise."""
    m = _DURATION.match(text)
    if not m:
        raise ValueError(f"not a duration: {text!r} (use e.g. 30s, 15m, 1h)")
    seconds = float(m.group(1)) * _UNIT[m.group(2)]
    if seconds <= 0:
        raise ValueError(f"the interval must be positive, not {text!r}")
    return seconds


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


@dataclass
class PollResult:
    """What one poll did."""

    outcomes: list[service.ArticleOutcome] = field(default_factory=list)
    source_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def stored(self) -> int:
        return sum(o.status == "stored" for o in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(o.status == "failed" for o in self.outcomes)


@dataclass
class _FeedState:
    etag: str | None = None
    modified: str | None = None
    last_ids: frozenset[str] = frozenset()


class Watcher:
    """Polls ``sources`` (feed URLs, folders, files) into ``store``."""

    def __init__(
        self,
        store: Store,
        sources: Sequence[str],
        *,
        timeout: float = 30.0,
        progress: Callable[[service.ArticleOutcome], None] | None = None,
    ) -> None:
        self.store = store
        self.sources = list(sources)
        self.timeout = timeout
        self.progress = progress
        self._feeds: dict[str, _FeedState] = {}
        self._files: dict[Path, tuple[int, int]] = {}
        self.polls = 0

    # --- one poll ------------------------------------------------------------------------
    def poll(self) -> PollResult:
        t0 = time.perf_counter()
        result = PollResult()
        for source in self.sources:
            try:
                items = list(self._feed_items(source) if is_url(source) else self._path_items(Path(source)))
            except InputError as exc:
                result.source_errors.append(f"{source}: {exc}")
                log.warning("%s: %s", source, exc)
                continue
            for where, article, error in items:
                if article is None:
                    outcome = service.ArticleOutcome(source=where, article_id=None, status="failed", error=error)
                else:
                    try:
                        outcome = service.ingest_article(self.store, article, source=where)
                    except InputError as exc:
                        outcome = service.ArticleOutcome(where, article.id, "failed", error=str(exc))
                result.outcomes.append(outcome)
                if self.progress:
                    self.progress(outcome)
        self.polls += 1
        result.seconds = time.perf_counter() - t0
        return result

    def run(
        self,
        every: float,
        *,
        max_polls: int | None = None,
        on_poll: Callable[[PollResult], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Poll every ``every`` seconds (measured start to start), ``max_polls`` times or for ever."""
        while max_polls is None or self.polls < max_polls:
            started = time.monotonic()
            result = self.poll()
            if on_poll:
                on_poll(result)
            if max_polls is not None and self.polls >= max_polls:
                break
            sleep(max(0.0, every - (time.monotonic() - started)))

    # --- sources ---------------------------------------------------------------------------
    def _feed_items(self, url: str) -> Iterator[tuple[str, Article | None, str | None]]:
        from frontwatch.ingest.rss import read_feed

        state = self._feeds.setdefault(url, _FeedState())
        data = self._fetch(url, state)
        if data is None:  # 304: nothing changed since the last answer
            return
        entries = list(read_feed(data, source=url, max_chars=settings().max_article_chars))
        ids = frozenset(e.article.id for e in entries if e.article is not None)
        seen, state.last_ids = state.last_ids, ids
        for e in entries:
            if e.article is not None and e.article.id in seen:
                continue
            yield f"{url}#entry {e.number}", e.article, e.error

    def _fetch(self, url: str, state: _FeedState) -> bytes | None:
        headers = {"User-Agent": f"frontwatch/{__version__} (feed watcher)"}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.modified:
            headers["If-Modified-Since"] = state.modified
        req = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - http(s) only, checked
                data = resp.read(MAX_FEED_BYTES + 1)
                etag, modified = resp.headers.get("ETag"), resp.headers.get("Last-Modified")
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return None
            raise InputError(f"HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise InputError(f"cannot fetch: {reason}") from None
        if len(data) > MAX_FEED_BYTES:
            raise InputError(f"larger than {MAX_FEED_BYTES} bytes: not read")
        # remember the validators only once the body was read: a cut-off answer is fetched again
        state.etag, state.modified = etag, modified
        return data

    def _path_items(self, path: Path) -> Iterator[tuple[str, Article | None, str | None]]:
        from frontwatch.ingest import read_paths
        from frontwatch.ingest.detect import walk

        if not path.exists():
            raise InputError("no such file or folder (any more)")
        files = list(walk(path)) if path.is_dir() else [path]
        changed = []
        for f in files:
            try:
                st = f.stat()
            except OSError:
                continue  # removed between the walk and now
            sig = (st.st_mtime_ns, st.st_size)
            if self._files.get(f) != sig:
                self._files[f] = sig
                changed.append(f)
        for f in changed:
            for r in read_paths([f]):
                yield r.source, r.article, r.error


def warm_up() -> float:
    """Load every model the pipeline uses (spaCy, gazetteer, sentence encoder); returns seconds."""
    from frontwatch.pipeline import analyse

    t0 = time.perf_counter()
    analyse(Article(id="warm-up", text="Troops shelled the town of Kharkiv on Monday, killing two people."))
    return time.perf_counter() - t0
