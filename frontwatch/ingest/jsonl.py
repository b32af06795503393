"""Read a JSONL file: one article per line, one result per line.

Each line is an object with ``text`` and, ideally, ``id``, ``published`` (YYYY-MM-DD), ``outlet``
and ``language``; ``url`` and ``title`` are optional. A bad line (not JSON, not an object, no text)
becomes that line's error and reading goes on. Blank lines are skipped. The file is read line by
line, so its size is not limited; each line is decoded on its own (UTF-8, else cp1252/latin-1
with FW-IN-006), except in a UTF-16/32 file, recognised by its byte-order mark.

A ``.json`` file holding one object or a list of objects is read the same way, its records
numbered from 1 in place of line numbers.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from frontwatch.errors import InputError, warning
from frontwatch.ingest.common import MAX_FILE_BYTES, build_article, decode_bytes, read_file_bytes
from frontwatch.model import Article

_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class Record:
    """One record's outcome: its number (line or position) and an article or an error."""

    number: int
    article: Article | None
    error: str | None


def loads(text: str) -> Any:
    """``json.loads`` whose every failure is one InputError (FW-IN-005).

    Besides malformed JSON, Python's parser raises ValueError for an integer of more than 4,300
    digits and RecursionError for arrays or objects nested about 1,000 deep; both are bad input.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(warning("FW-IN-005", f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")) from None
    except RecursionError:
        raise InputError(warning("FW-IN-005", "JSON nested too deeply")) from None
    except ValueError as exc:  # int max str digits
        raise InputError(warning("FW-IN-005", f"JSON value out of bounds: {str(exc)[:60]}")) from None


def record_to_article(
    record: Any,
    *,
    what: str,
    max_chars: int,
    extra_warnings: tuple[str, ...] = (),
    published: date | None = None,
    outlet: str | None = None,
) -> Article:
    """One Article from a decoded JSON record; raises InputError when it is not an article."""
    if not isinstance(record, dict):
        raise InputError(warning("FW-IN-005", f"{what}: not a JSON object"))
    text = record.get("text")
    if text is None:
        raise InputError(warning("FW-IN-005", f"{what}: no 'text'"))
    if not isinstance(text, str):
        raise InputError(warning("FW-IN-005", f"{what}: 'text' is not a string"))
    return build_article(
        text=text,
        extractor="jsonl",
        max_chars=max_chars,
        what=what,
        article_id=record.get("id"),
        published=record.get("published"),
        outlet=record.get("outlet"),
        language=record.get("language"),
        url=record.get("url"),
        title=record.get("title"),
        warnings=extra_warnings,
        published_fallback=published,
        outlet_fallback=outlet,
    )


# One JSONL line (one article with its markup) larger than this is refused and skipped, so one
# runaway line cannot take the memory a whole file could; the same bound as a single-document file.
MAX_LINE_BYTES = MAX_FILE_BYTES


def _bounded_lines(handle: io.BufferedReader, limit: int | None = None) -> Iterator[bytes | None]:
    """The file's lines as bytes; None in place of a line over ``limit`` bytes, which is skipped
    without being held in memory."""
    limit = MAX_LINE_BYTES if limit is None else limit
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield raw
            continue
        while raw and not raw.endswith(b"\n"):  # drop the rest of the long line, a chunk at a time
            raw = handle.readline(1 << 20)
        yield None


def _lines(
    handle: io.BufferedReader, *, source: str
) -> Generator[tuple[int, str | None, tuple[str, ...], str | None], None, None]:
    """(line number, text or None, decode warnings, decode error) for each line of the file."""
    head = handle.peek(4)[:4]
    if any(head.startswith(bom) for bom in _WIDE_BOMS):
        # the "utf-16"/"utf-32" codecs read the mark to pick the byte order, then drop it
        encoding = "utf-32" if head[:4] in _WIDE_BOMS[:2] else "utf-16"
        wrapper = io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline="")
        try:
            for number, line in enumerate(wrapper, start=1):
                yield number, line, (), None
        except UnicodeDecodeError as exc:
            yield 0, None, (), warning("FW-IN-007", f"{source}: bad {encoding}: {exc.reason}")
        finally:
            # hand the file back without closing it: the caller's with-block owns it
            wrapper.detach()
        return
    for number, raw in enumerate(_bounded_lines(handle), start=1):
        if raw is None:
            yield number, None, (), warning("FW-IN-010", f"{source}:line {number}: over {MAX_LINE_BYTES} bytes")
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if not raw.strip():
            continue
        try:
            decoded = decode_bytes(raw, what=f"{source}:line {number}")
        except InputError as exc:
            yield number, None, (), str(exc)
            continue
        yield number, decoded.text, decoded.warnings, None


def _has_json_line(head: bytes) -> bool:
    return any(line.strip().startswith(b"{") and b"\x00" not in line for line in head.split(b"\n"))


def read_jsonl(
    path: str,
    *,
    max_chars: int,
    published: date | None = None,
    outlet: str | None = None,
) -> Iterator[Record]:
    """One Record per non-blank line; raises InputError only when the file cannot be opened."""
    try:
        handle = open(path, "rb")  # closed by the with-block below
    except OSError as exc:
        raise InputError(warning("FW-IN-008", f"{path}: {exc.strerror or exc}")) from exc
    with handle:
        # a compressed or binary file would otherwise yield one error per "line" of noise; but one
        # stray NUL in a real JSONL file only spoils its own line, so the file is binary only when
        # no line of its first 8 KiB looks like a JSON object
        head = handle.peek(8192)[:8192]
        if b"\x00" in head and not any(head.startswith(b) for b in _WIDE_BOMS) and not _has_json_line(head):
            yield Record(0, None, warning("FW-IN-007", f"{path}: contains NUL bytes"))
            return
        # closed before the file, even when the caller stops early
        with contextlib.closing(_lines(handle, source=path)) as lines:
            for number, line, notes, error in lines:
                if error is not None:
                    yield Record(number, None, error)
                    continue
                if line is None or not line.strip():
                    continue
                what = f"{path}:line {number}"
                try:
                    record = loads(line)
                except InputError as exc:
                    yield Record(number, None, f"{exc} ({what})")
                    continue
                try:
                    article = record_to_article(
                        record, what=what, max_chars=max_chars, extra_warnings=notes, published=published, outlet=outlet
                    )
                except InputError as exc:
                    yield Record(number, None, str(exc))
                    continue
                yield Record(number, article, None)


def read_json_document(
    path: str,
    *,
    max_chars: int,
    published: date | None = None,
    outlet: str | None = None,
) -> Iterator[Record]:
    """Records of a ``.json`` file (an object or a list of objects); InputError when it is not JSON."""
    decoded = decode_bytes(read_file_bytes(path), what=path)
    try:
        value = loads(decoded.text)
    except InputError as exc:
        raise InputError(f"{exc} ({path})") from None
    records: Iterable[Any] = value if isinstance(value, list) else [value]
    for number, record in enumerate(records, start=1):
        what = f"{path}:record {number}"
        try:
            article = record_to_article(
                record,
                what=what,
                max_chars=max_chars,
                extra_warnings=decoded.warnings,
                published=published,
                outlet=outlet,
            )
        except InputError as exc:
            yield Record(number, None, str(exc))
            continue
        yield Record(number, article, None)
