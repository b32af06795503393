"""Read one HTML page into an Article: main text and metadata.

Text extraction is a cascade; each step runs only when the one before it produced no text, and
``Article.extractor`` records which step won:

1. ``trafilatura`` — main-content extraction (boilerplate, menus and comments dropped), plus its
   metadata: title, date (from markup only, see ``_DATE_PARAMS``), site name, URL.
2. ``lxml-fallback`` — lxml's lenient parser, scripts and styles removed, the body's text content
   with one line per block element. Keeps boilerplate, but finds text trafilatura rejects (pages
   too short or too broken for its heuristics).
3. ``regex-fallback`` — tags stripped by regular expression and entities unescaped, for markup
   lxml itself cannot parse.

If all three yield nothing the page is refused as empty (FW-IN-001). The page language comes from
``<html lang>``; without it, the shared function-word guess decides.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from datetime import date
from typing import Any

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import set_date_params

from frontwatch.ingest.common import build_article, decode_bytes
from frontwatch.model import Article

log = logging.getLogger(__name__)

# Dates from markup only (meta tags, <time>, URL), never guessed from the running text: a date
# found in the prose is as likely the event's date as the publication's, and a wrong publication
# date silently shifts every relative date ("on Tuesday"), where a missing one is flagged FW-IN-003.
_DATE_PARAMS = set_date_params(False)

_DROP_TAGS = ("script", "style", "noscript", "template", "head", "svg", "iframe")
_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "article", "section", "header", "footer", "nav", "aside", "blockquote", "pre", "figure",
    "figcaption", "dd", "dt", "hr", "main", "form",
)  # fmt: skip
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_LANG_ATTR = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\b[^>]*?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_WESTERN_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252"}
)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_INVISIBLE = re.compile(r"<(script|style|noscript|template|title|svg)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# a script or style left unclosed runs to the end of the document, as it does in a browser
_UNCLOSED_CODE = re.compile(r"<(?:script|style)\b.*\Z", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_BREAK_TAG = re.compile(
    r"<(?:br|hr|/?p|/div|/h[1-6]|/li|/tr|/article|/section|/blockquote|/figcaption|/dd|/dt)\b[^>]*>", re.IGNORECASE
)
_ANY_TAG = re.compile(r"<[!/?A-Za-z][^>]*(?:>|$)")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")


def tidy_lines(text: str) -> str:
    """Collapse runs of spaces inside lines and drop empty lines: one paragraph per line.

    Only for text this module extracts from markup, whose white space is layout, not content.
    """
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def lxml_text(markup: str) -> str:
    """Visible text of a page or fragment by lxml, one line per block element."""
    root = lxml.html.fromstring(_XML_DECLARATION.sub("", markup, count=1))
    for element in list(root.iter(*_DROP_TAGS)):
        if element is not root:
            element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    body = root.find("body") if root.tag == "html" else None
    return tidy_lines((body if body is not None else root).text_content())


def regex_text(markup: str) -> str:
    """Visible text by regular expressions: the last resort, for markup no parser accepts."""
    text = _COMMENT.sub(" ", markup)
    text = _INVISIBLE.sub(" ", text)
    text = _UNCLOSED_CODE.sub(" ", text)
    text = _BREAK_TAG.sub("\n", text)
    text = _ANY_TAG.sub(" ", text)
    return tidy_lines(html_lib.unescape(text))


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content): lxml, else regex."""
    if "<" not in markup:
        return tidy_lines(html_lib.unescape(markup))
    try:
        text = lxml_text(markup)
    except (lxml.etree.LxmlError, ValueError) as exc:
        log.debug("lxml could not parse a fragment (%s); stripping tags", exc)
        text = ""
    return text or regex_text(markup)


def _trafilatura(markup: str) -> tuple[str, dict[str, Any]]:
    """Main text and metadata by trafilatura; ('', {}) when it finds nothing or fails."""
    try:
        doc = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # a third-party parser on hostile input; any failure means "fall back"
        log.debug("trafilatura failed (%s: %s); falling back", type(exc).__name__, exc)
        return "", {}
    if doc is None:
        return "", {}
    found: dict[str, Any] = doc if isinstance(doc, dict) else doc.as_dict()
    return str(found.get("text") or ""), found


def _metadata_only(markup: str) -> dict[str, Any]:
    """Metadata when trafilatura found no main text (it may still read the head)."""
    try:
        meta = trafilatura.extract_metadata(markup, date_config=_DATE_PARAMS)
    except Exception as exc:  # same reason as in _trafilatura
        log.debug("trafilatura metadata failed (%s)", exc)
        meta = None
    found: dict[str, Any] = {}
    if meta is not None:
        found = {key: getattr(meta, key, None) for key in ("title", "date", "sitename", "hostname", "url")}
    if not found.get("title"):
        match = _TITLE.search(markup)
        found["title"] = html_lib.unescape(match[1]) if match else None
    return found


def extract(markup: str) -> tuple[str, str, dict[str, Any]]:
    """(text, extractor name, metadata) by the cascade in the module docstring."""
    text, meta = _trafilatura(markup)
    if text.strip():
        return text, "trafilatura", meta
    meta = _metadata_only(markup)
    try:
        text = lxml_text(markup)
    except (lxml.etree.LxmlError, ValueError) as exc:
        log.debug("lxml could not parse the page (%s); stripping tags", exc)
        text = ""
    if text.strip():
        return text, "lxml-fallback", meta
    return regex_text(markup), "regex-fallback", meta


def _decode_page(data: bytes, *, source: str) -> tuple[str, tuple[str, ...]]:
    """The page as text; a charset the page declares is trusted where UTF-8 failed."""
    decoded = decode_bytes(data, what=source)
    if decoded.encoding not in ("cp1252", "latin-1"):
        return decoded.text, decoded.warnings
    declared = _CHARSET.search(data[:4096].decode("ascii", errors="replace"))
    # browsers read these labels as windows-1252, which is what decode_bytes already tried
    if declared and declared[1].lower() in _WESTERN_LABELS:
        return decoded.text, ()
    if declared:
        try:
            return data.decode(declared[1]), ()
        except (LookupError, UnicodeDecodeError):
            log.debug("%s: declared charset %s does not decode it", source, declared[1])
    return decoded.text, decoded.warnings


def read_html(
    data: bytes,
    *,
    source: str,
    max_chars: int,
    published: date | None = None,
    outlet: str | None = None,
) -> Article:
    """One Article from the bytes of an HTML page; raises InputError when binary or empty."""
    markup, notes = _decode_page(data, source=source)
    text, extractor, meta = extract(markup)
    lang = _LANG_ATTR.search(markup[:5000])
    return build_article(
        text=text,
        extractor=extractor,
        max_chars=max_chars,
        what=source,
        published=meta.get("date"),
        outlet=meta.get("sitename") or meta.get("hostname"),
        language=lang[1] if lang else None,
        url=meta.get("url"),
        title=meta.get("title"),
        warnings=notes,
        published_fallback=published,
        outlet_fallback=outlet,
    )
