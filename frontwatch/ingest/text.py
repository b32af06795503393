"""Read a plain-text file into one Article, with metadata from a sidecar or the caller.

``report.txt`` may have ``report.json`` beside it: a JSON object with any of ``published``,
``outlet``, ``language``, ``id``, ``url`` and ``title``. The sidecar speaks for that one file, so it
wins over the caller's batch-wide ``published``/``outlet``, which fill in only what it lacks.
A sidecar that exists but is not a JSON object refuses the file (FW-IN-005) rather than
silently filing the article under the wrong outlet or date.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from frontwatch.errors import InputError, warning
from frontwatch.ingest.common import build_article, decode_bytes, read_file_bytes
from frontwatch.model import Article

SIDECAR_KEYS = ("published", "outlet", "language", "id", "url", "title")


def sidecar_for(path: Path) -> Path:
    """Where a text file's metadata sidecar would be."""
    return path.with_suffix(".json")


def read_sidecar(path: Path) -> dict[str, Any]:
    """The sidecar's known keys, {} when there is none; InputError when it is unreadable."""
    side = sidecar_for(path)
    if not side.is_file():
        return {}
    try:
        meta = json.loads(decode_bytes(read_file_bytes(str(side)), what=str(side)).text)
    except json.JSONDecodeError as exc:
        raise InputError(warning("FW-IN-005", f"{side}: not JSON: {exc.msg} at line {exc.lineno}")) from exc
    if not isinstance(meta, dict):
        raise InputError(warning("FW-IN-005", f"{side}: not a JSON object"))
    return {key: meta[key] for key in SIDECAR_KEYS if key in meta}


def read_text(
    path: Path,
    data: bytes,
    *,
    source: str,
    max_chars: int,
    published: date | None = None,
    outlet: str | None = None,
) -> Article:
    """One Article from a text file's bytes; raises InputError when binary, empty or its sidecar is bad."""
    meta = read_sidecar(path)
    decoded = decode_bytes(data, what=source)
    return build_article(
        text=decoded.text,
        extractor="txt",
        max_chars=max_chars,
        what=source,
        article_id=meta.get("id"),
        published=meta.get("published"),
        outlet=meta.get("outlet"),
        language=meta.get("language"),
        url=meta.get("url"),
        title=meta.get("title"),
        warnings=decoded.warnings,
        published_fallback=published,
        outlet_fallback=outlet,
    )
