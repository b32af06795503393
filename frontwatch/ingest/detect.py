"""Which reader a file needs, and which files a folder holds.

By extension first; a file with an unknown extension that was named explicitly is sniffed from
its first bytes (a feed root element, an HTML root, a JSON object, else plain text). A folder is
walked recursively in sorted order, skipping hidden files and folders, text-file sidecars and
files whose extension no reader claims: a README or an image among the articles is not an error.
"""

from __future__ import annotations

import codecs
import logging
import os
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

log = logging.getLogger(__name__)


class Kind(Enum):
    JSONL = "jsonl"
    JSON = "json"
    TEXT = "txt"
    HTML = "html"
    FEED = "feed"


EXTENSIONS: dict[str, Kind] = {
    ".jsonl": Kind.JSONL,
    ".ndjson": Kind.JSONL,
    ".json": Kind.JSON,
    ".txt": Kind.TEXT,
    ".text": Kind.TEXT,
    ".html": Kind.HTML,
    ".htm": Kind.HTML,
    ".xhtml": Kind.HTML,
    ".xml": Kind.FEED,
    ".rss": Kind.FEED,
    ".atom": Kind.FEED,
}

_FEED_ROOTS = ("<rss", "<feed", "<rdf:rdf", "<rdf")


def sniff(head: bytes) -> Kind:
    """The kind of a document from its first kilobytes (any extension)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            start = head.decode(encoding, errors="ignore")
            break
    else:
        start = head.decode("utf-8", errors="ignore")
    start = start.lstrip().lower()
    if start.startswith("{"):
        return Kind.JSONL
    if start.startswith("["):
        return Kind.JSON
    if start.startswith("<"):
        if any(root in start for root in _FEED_ROOTS):
            return Kind.FEED
        if "<html" in start or start.startswith("<!doctype html"):
            return Kind.HTML
        # other XML is most likely a feed with a prologue longer than the sniffed head
        return Kind.FEED if start.startswith("<?xml") else Kind.HTML
    return Kind.TEXT


def kind_of(path: Path) -> Kind | None:
    """The kind by extension, or None when the extension is not one a reader claims."""
    return EXTENSIONS.get(path.suffix.lower())


def is_sidecar(path: Path) -> bool:
    """A ``.json`` file next to a ``.txt`` of the same name holds that text's metadata."""
    return path.suffix.lower() == ".json" and any(path.with_suffix(ext).is_file() for ext in (".txt", ".text", ".TXT"))


def walk(folder: Path) -> Iterator[Path]:
    """Readable files under ``folder``, recursively, sorted by path; symlinked folders not followed."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith("."):
                continue
            if kind_of(path) is None:
                log.debug("skipping %s: no reader for its extension", path)
                continue
            if is_sidecar(path):
                continue
            yield path
