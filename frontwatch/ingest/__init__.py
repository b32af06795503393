"""Read articles from files: JSONL, plain text, HTML pages, RSS/Atom feeds, or folders of them.

The one entry point is :func:`read_paths`. It yields one :class:`ReadResult` per article read, or
per input (file, line, feed entry) that could not be read, so one bad record never stops a
batch; only a path that does not exist raises (before anything is read). Readers never fetch a
URL. Shared rules (decoding, normalisation, truncation, ids, language) are in ``common.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from frontwatch.config import settings
from frontwatch.errors import InputError, describe, warning
from frontwatch.ingest.common import article_id_for, normalize_text, read_file_bytes
from frontwatch.ingest.detect import Kind, is_sidecar, kind_of, sniff, walk
from frontwatch.ingest.html import read_html
from frontwatch.ingest.jsonl import read_json_document, read_jsonl
from frontwatch.ingest.rss import read_feed
from frontwatch.ingest.text import read_text
from frontwatch.model import Article

__all__ = ["ReadResult", "article_id_for", "normalize_text", "read_paths"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadResult:
    """One article, or why one input could not be read; exactly one of the two is set.

    ``source`` is the file path, or ``path:line N`` (JSONL), ``path:record N`` (.json list) or
    ``path:entry N`` (feed) when the file holds several articles.
    """

    source: str
    article: Article | None
    error: str | None

    def __post_init__(self) -> None:
        if (self.article is None) == (self.error is None):
            raise ValueError("ReadResult needs exactly one of article and error")


def read_paths(
    paths: Sequence[str | Path],
    *,
    published: date | None = None,
    outlet: str | None = None,
    max_chars: int | None = None,
) -> Iterator[ReadResult]:
    """Results for every article in ``paths`` (files or folders), in order.

    ``published`` and ``outlet`` fill in what an input does not say itself (a bare .txt file, a
    JSONL line without a date). ``max_chars`` defaults to ``Settings.max_article_chars``.
    Raises InputError at once when a path does not exist.
    """
    if isinstance(paths, (str, Path)):
        # a lone string is a Sequence too; read it as one path, not one path per character
        paths = [paths]
    resolved = [Path(p) for p in paths]
    for path in resolved:
        if not path.exists():
            raise InputError(f"no such file or directory: {path}")
    limit = max_chars if max_chars is not None else settings().max_article_chars
    return _read_all(resolved, published=published, outlet=outlet, max_chars=limit)


def _read_all(paths: list[Path], *, published: date | None, outlet: str | None, max_chars: int) -> Iterator[ReadResult]:
    for path in paths:
        if path.is_dir():
            for file in walk(path):
                yield from _read_file(file, kind_of(file), published=published, outlet=outlet, max_chars=max_chars)
        elif is_sidecar(path):
            # `frontwatch ingest dir/*` names each sidecar too; it was read with its text file
            log.debug("skipping %s: metadata sidecar of a text file", path)
        else:
            yield from _read_file(path, kind_of(path), published=published, outlet=outlet, max_chars=max_chars)


def _read_file(
    path: Path, kind: Kind | None, *, published: date | None, outlet: str | None, max_chars: int
) -> Iterator[ReadResult]:
    source = str(path)
    try:
        # a named pipe would block the read forever, a device could be endless: only regular files
        if not path.is_file():
            raise InputError(warning("FW-IN-014", source))
        if kind is Kind.JSONL:
            for record in read_jsonl(source, max_chars=max_chars, published=published, outlet=outlet):
                where = f"{source}:line {record.number}" if record.number else source
                yield ReadResult(where, record.article, record.error)
            return
        if kind is Kind.JSON:
            for record in read_json_document(source, max_chars=max_chars, published=published, outlet=outlet):
                yield ReadResult(f"{source}:record {record.number}", record.article, record.error)
            return
        data = read_file_bytes(source)
        if kind is None:
            kind = sniff(data[:4096])
            log.debug("%s: sniffed as %s", source, kind.value)
            if kind in (Kind.JSONL, Kind.JSON):
                yield from _read_file(path, kind, published=published, outlet=outlet, max_chars=max_chars)
                return
        if kind is Kind.FEED:
            for entry in read_feed(data, source=source, max_chars=max_chars, published=published, outlet=outlet):
                yield ReadResult(f"{source}:entry {entry.number}", entry.article, entry.error)
        elif kind is Kind.HTML:
            yield ReadResult(
                source, read_html(data, source=source, max_chars=max_chars, published=published, outlet=outlet), None
            )
        else:
            article = read_text(path, data, source=source, max_chars=max_chars, published=published, outlet=outlet)
            yield ReadResult(source, article, None)
    except InputError as exc:
        yield ReadResult(source, None, str(exc))
    except Exception as exc:  # noqa: BLE001 - a reader's bug on one hostile file must not end the batch
        log.debug("reader failed on %s", source, exc_info=True)
        yield ReadResult(source, None, warning("FW-RUN-001", f"{source}: {describe(exc)}"))
