"""Read an RSS or Atom feed file: one Article per entry.

feedparser does the parsing (RSS 0.9x-2.0, RSS 1.0/RDF, Atom; it also copes with a wrong declared
encoding). For each entry the text is the longest ``content`` value, else ``summary``, stripped of
HTML by :func:`frontwatch.ingest.html.html_to_text`; the date is ``published``, else ``updated``; the
outlet is the feed's title; the URL is the entry's link; the language is the feed's, else guessed.

feedparser never raises on bad XML; it sets ``bozo``. A malformed feed whose entries could still be
read gives them all, each with FW-IN-009; one with no entries is an error. feedparser is only ever
given bytes, never a path or URL, so it cannot fetch anything.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import feedparser

from frontwatch.errors import InputError, warning
from frontwatch.ingest.common import build_article, decode_bytes
from frontwatch.ingest.html import html_to_text
from frontwatch.model import Article

log = logging.getLogger(__name__)

# bozo reasons that do not mean damage: the document was fine, only its label was wrong
_HARMLESS_BOZO: tuple[type[Exception], ...] = (feedparser.CharacterEncodingOverride,)

# A character reference to a surrogate (&#xD800;), NUL or a code point past U+10FFFF makes
# feedparser raise instead of setting bozo; such a reference can only be damage, so it becomes
# U+FFFD before parsing.
_CHARREF = re.compile(rb"&#([xX][0-9a-fA-F]{1,16}|[0-9]{1,16});")


def _safe_charref(m: re.Match[bytes]) -> bytes:
    ref = m.group(1)
    code = int(ref[1:], 16) if ref[:1] in (b"x", b"X") else int(ref)
    return b"&#xFFFD;" if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else m.group()


@dataclass(frozen=True)
class Entry:
    """One entry's outcome: its position in the feed (from 1) and an article or an error."""

    number: int
    article: Article | None
    error: str | None


def _entry_text(entry: Any) -> str:
    contents = [c for c in entry.get("content") or [] if c.get("value")]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))
        value, kind = str(best["value"]), str(best.get("type") or "")
    else:
        detail = entry.get("summary_detail") or {}
        value, kind = str(entry.get("summary") or ""), str(detail.get("type") or "text/html")
    return value if kind == "text/plain" else html_to_text(value)


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            # feedparser normalises to UTC; the publication day in UTC is what we store
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def read_feed(
    data: bytes,
    *,
    source: str,
    max_chars: int,
    published: date | None = None,
    outlet: str | None = None,
) -> Iterator[Entry]:
    """One Entry per feed entry; raises InputError when nothing readable is there."""
    # decode only to refuse binary input early; feedparser gets the raw bytes and finds the encoding
    decode_bytes(data, what=source)
    if not data.strip():
        raise InputError(warning("FW-IN-001", f"{source}: empty file"))
    try:
        parsed = feedparser.parse(_CHARREF.sub(_safe_charref, data), sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - feedparser's own bugs on hostile input end this file only
        raise InputError(warning("FW-IN-005", f"{source}: feed parser failed: {type(exc).__name__}")) from None
    entries = list(parsed.entries)
    notes: tuple[str, ...] = ()
    if parsed.bozo:
        reason = parsed.get("bozo_exception")
        detail = f"{source}: {type(reason).__name__}: {reason}"
        if not entries:
            raise InputError(warning("FW-IN-005", f"not a readable feed: {detail}"))
        if not isinstance(reason, _HARMLESS_BOZO):
            notes = (warning("FW-IN-009", detail),)
    if not entries:
        if not parsed.version:
            raise InputError(warning("FW-IN-005", f"{source}: not an RSS or Atom feed"))
        raise InputError(warning("FW-IN-001", f"{source}: feed has no entries"))

    feed = parsed.feed
    feed_title = " ".join(str(feed.get("title") or "").split()) or None
    for number, entry in enumerate(entries, start=1):
        what = f"{source}:entry {number}"
        try:
            article = build_article(
                text=_entry_text(entry),
                extractor="feedparser",
                max_chars=max_chars,
                what=what,
                published=_entry_date(entry),
                outlet=feed_title,
                language=entry.get("language") or feed.get("language"),
                url=entry.get("link"),
                title=entry.get("title"),
                warnings=notes,
                published_fallback=published,
                outlet_fallback=outlet,
            )
        except InputError as exc:
            yield Entry(number, None, str(exc))
            continue
        yield Entry(number, article, None)
