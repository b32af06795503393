"""Geoparsing: place names in text, resolved against a GeoNames-derived gazetteer.

``geoparse`` is the one library call the event pipeline and the CLI share; ``geoparse_jsonl``
wraps it for line-oriented input. See ``build`` for the data sources and their licence.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from frontwatch.geo import airports
from frontwatch.geo.gazetteer import Gazetteer, load_gazetteer
from frontwatch.geo.normalize import name_key
from frontwatch.geo.recognize import recognize
from frontwatch.geo.resolve import keep_weak, out_of_context, resolve
from frontwatch.geo.seats import region_of_its_seat
from frontwatch.model import Toponym

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Gazetteer", "geoparse", "geoparse_jsonl", "load_gazetteer", "name_key", "toponym_dict"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def geoparse(
    text: str,
    *,
    doc: Doc | None = None,
    doc_text: str | None = None,
    gazetteer: Gazetteer | None = None,
    country_hints: Collection[str] = (),
) -> list[Toponym]:
    """Every place name in ``text`` with character offsets, resolved to a Place where possible.

    ``doc`` is a spaCy parse of ``text`` (parsed here when not given), of the same length;
    ``doc_text``, when given, is exactly the text ``doc`` was made from (``doc.text``, which
    spaCy rebuilds from every token on each access). A name the gazetteer does not know is
    returned with ``place=None``. ``country_hints``: ISO codes of countries the document points
    to by other means (its actors), used as extra context votes.
    """
    if not text.strip():
        return []
    if doc is None:
        from frontwatch import nlp

        doc = nlp.parse(text)
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    found = recognize(doc, gaz, doc_text=doc_text)
    chosen = resolve(found, text, country_hints=country_hints)
    keep = keep_weak(found, chosen)
    withdrawn = out_of_context(found, chosen, country_hints)
    chosen = [None if w else e for e, w in zip(chosen, withdrawn, strict=True)]
    toponyms = [
        Toponym(
            start=f.start,
            end=f.end,
            name=f.text,
            place=region_of_its_seat(f.cue, e.place, gaz) if e is not None else None,
            cue=f.cue,
        )
        for f, e, k in zip(found, chosen, keep, strict=True)
        if k
    ]
    return airports.attach(toponyms, text, gaz)  # PLACES-AIRPORT


def toponym_dict(t: Toponym) -> dict[str, Any]:
    """The JSON shape of one toponym in ``geoparse_jsonl`` output."""
    p = t.place
    out: dict[str, Any] = {
        "start": t.start,
        "end": t.end,
        "name": t.name,
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        # a synthetic airport id is no GeoNames id (frontwatch.geo.airports)
        "geonameid": p.geonameid if p and not airports.is_airport_id(p.geonameid) else None,
        "feature": p.feature if p else None,
        "admin1": p.admin1 if p else None,
        "country": p.country_code if p else None,
    }
    if t.facility is not None:
        f = t.facility
        out["facility"] = {"name": f.name, "lat": f.lat, "lon": f.lon, "id": f.geonameid, "feature": f.feature}
    return out


def geoparse_jsonl(
    lines: Iterable[str], *, gazetteer: Gazetteer | None = None, batch_size: int = 32, processes: int = 1
) -> Iterator[dict[str, Any]]:
    """Geoparse ``{"id", "text"}`` lines; yield ``{"id", "toponyms": [...]}`` per input line.

    A line that is not valid JSON, or has no text, yields its id (when it has one) with no toponyms
    and an ``error`` field, so one bad record never stops a batch.
    """
    from frontwatch import nlp

    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    pipe = nlp.load_tagger_ner()
    records: list[tuple[str, str]] = []

    def flush() -> Iterator[dict[str, Any]]:
        texts = [t for _, t in records]
        docs = pipe.pipe(texts, batch_size=batch_size, n_process=max(1, processes))
        for (rid, text), doc in zip(records, docs, strict=True):
            yield {"id": rid, "toponyms": [toponym_dict(t) for t in geoparse(text, doc=doc, gazetteer=gaz)]}
        records.clear()

    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        rec: Any = None
        try:
            rec = json.loads(line)
            rid, text = str(rec["id"]), rec.get("text") or ""
            if not isinstance(text, str):
                raise TypeError("text is not a string")
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            log.warning("line %d skipped: %s", n, exc)
            yield from flush()
            bad_id = str(rec["id"]) if isinstance(rec, dict) and "id" in rec else None
            yield {"id": bad_id, "toponyms": [], "error": str(exc)}
            continue
        records.append((rid, text))
        if len(records) >= batch_size * (16 if processes > 1 else 1):  # a pool per flush: flush rarely
            yield from flush()
    yield from flush()
