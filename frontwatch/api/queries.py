"""Read helpers the API needs beyond ``frontwatch.service``, built on the store's public methods.

They assemble the richer views the page shows (an event with the text of its evidence, an
article with the spans the pipeline used, a control timeline with its claims) without
touching the schema. Candidates for ``service.py`` once another shell needs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from frontwatch import service
from frontwatch.export import claim_row, control_row, event_list_row, event_row, place_row
from frontwatch.model import Article, ControlChange, Event, Report, Span
from frontwatch.store import EventQuery, Store, listing

# a sentence ends at . ! ? (optionally closed by a quote or bracket) before whitespace, or at a newline
_SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*\s|\n")


def count_and_list(store: Store, query: EventQuery) -> tuple[tuple[int, bool], list[Event]]:
    """((matches up to listing.COUNT_CAP, exact), the page itself), read in one snapshot."""
    with store.reader() as r:
        return listing.count_capped(r.conn, query), listing.page(r.conn, query)


def list_row(e: Event) -> dict[str, Any]:
    """An event as a list shows it: ``event_row`` without claims, conflicts and evidence (those are
    at GET /api/events/{id})."""
    row = event_list_row(e)
    row["disputed"] = bool(e.conflicts)
    return row


def articles_by_id(store: Store, ids: Iterable[str]) -> dict[str, Article]:
    found: dict[str, Article] = {}
    with store.reader() as r:
        for ident in dict.fromkeys(ids):
            art = r.get_article(ident)
            if art is not None:
                found[ident] = art
    return found


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) containing ``text[start:end]``, found by punctuation (good enough to show)."""
    lo = 0
    for m in _SENTENCE_END.finditer(text, 0, max(start, 0)):
        lo = m.end()
    after = _SENTENCE_END.search(text, max(end - 1, lo))
    hi = after.end() if after else len(text)
    return text[lo:hi].strip()


def evidence_out(span: Span, articles: dict[str, Article]) -> dict[str, Any]:
    art = articles.get(span.article_id)
    out: dict[str, Any] = {"article_id": span.article_id, "start": span.start, "end": span.end}
    if art is None or not (0 <= span.start <= span.end <= len(art.text)):
        out.update(text=None, sentence=None)
    else:
        out.update(text=art.text[span.start : span.end], sentence=sentence_around(art.text, span.start, span.end))
    return out


def _article_ref(ident: str, art: Article | None) -> dict[str, Any]:
    return {
        "id": ident,
        "outlet": art.outlet if art else None,
        "published": art.published.isoformat() if art and art.published else None,
        "title": art.title if art else None,
        "url": art.url if art else None,
    }


def _report_out(r: Report, articles: dict[str, Article]) -> dict[str, Any]:
    art = articles.get(r.article_id)
    published = r.published or (art.published if art else None)
    return {
        "report_id": r.report_id,
        "article_id": r.article_id,
        "outlet": r.outlet or (art.outlet if art else ""),
        "published": published.isoformat() if published else None,
        "title": art.title if art else None,
        "url": art.url if art else None,
        "event_type": r.event_type,
        "sub_event_type": r.sub_event_type,
        "event_date": r.event_date.day.isoformat(),
        "time_precision": r.event_date.precision,
        "place": place_row(r.place),
        "geo_precision": r.geo_precision,
        "actor1": r.actor1.name if r.actor1 else None,
        "actor2": r.actor2.name if r.actor2 else None,
        "fatalities": r.fatalities.best if r.fatalities else None,
        "fatalities_text": r.fatalities.text if r.fatalities else None,
        "text": r.text,
        "claims": [claim_row(c) for c in r.claims],
        "evidence": {k: [evidence_out(s, articles) for s in v] for k, v in r.evidence.items()},
    }


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """``event_row`` plus evidence text, the articles cited and every report that joined."""
    event = service.get_event(store, event_id)
    if event is None:
        return None
    ids = [*event.article_ids, *(r.article_id for r in event.reports)]
    ids += [s.article_id for spans in event.evidence.values() for s in spans]
    articles = articles_by_id(store, ids)
    row = event_row(event)
    row["evidence"] = {k: [evidence_out(s, articles) for s in v] for k, v in event.evidence.items()}
    row["articles"] = [_article_ref(a, articles.get(a)) for a in dict.fromkeys(event.article_ids)]
    row["reports"] = [_report_out(r, articles) for r in event.reports]
    return row


def article_detail(store: Store, article_id: str) -> dict[str, Any] | None:
    """The article with every span of it that an event's evidence or claims cite."""
    with store.reader() as r:
        art = r.get_article(article_id)
        if art is None:
            return None
        event_ids = list(dict.fromkeys(eid for _report, eid in r.reports_of_article(article_id)))
        events = [e for eid in event_ids if (e := r.get_event(eid)) is not None]
    spans: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str, int, int]] = set()

    def add(kind: str, field: str, event_id: str, start: int, end: int) -> None:
        key = (kind, field, event_id, start, end)
        if key in seen or not (0 <= start <= end <= len(art.text)):
            return
        seen.add(key)
        spans.append(
            {
                "kind": kind,
                "field": field,
                "event_id": event_id,
                "start": start,
                "end": end,
                "text": art.text[start:end],
            }
        )

    for e in events:
        for field, evidence in e.evidence.items():
            for s in evidence:
                if s.article_id == article_id:
                    add("evidence", field, e.event_id, s.start, s.end)
        for c in e.claims:
            if c.article_id == article_id and c.end > c.start:
                add("claim", c.topic, e.event_id, c.start, c.end)
    spans.sort(key=lambda s: (s["start"], s["end"], s["kind"], s["field"]))
    return {
        "id": art.id,
        "text": art.text,
        "published": art.published.isoformat() if art.published else None,
        "outlet": art.outlet,
        "language": art.language,
        "url": art.url,
        "title": art.title,
        "extractor": art.extractor,
        "warnings": list(art.warnings),
        "event_ids": [e.event_id for e in events],
        "spans": spans,
    }


def place_control(store: Store, geonameid: int) -> dict[str, Any] | None:
    """The control timeline of one place, each change with the control claims behind it."""
    changes = service.control_changes(store, geonameid=geonameid)
    if not changes:
        return None
    with store.reader() as r:
        events = {eid: e for eid in {c.event_id for c in changes if c.event_id} if (e := r.get_event(eid))}
    articles = articles_by_id(store, [s.article_id for c in changes for s in c.evidence])
    rows = [_change_out(c, events.get(c.event_id or ""), articles) for c in changes]
    first = changes[0].place
    return {
        "geonameid": geonameid,
        "place": first.name,
        "admin1": first.admin1,
        "country": first.country,
        "latitude": round(first.lat, 4),
        "longitude": round(first.lon, 4),
        "changes": rows,
    }


def _change_out(c: ControlChange, event: Event | None, articles: dict[str, Article]) -> dict[str, Any]:
    row = control_row(c)
    row["evidence"] = [evidence_out(s, articles) for s in c.evidence]
    row["claims"] = [claim_row(cl) for cl in event.claims if cl.topic == "control"] if event else []
    row["event_type"] = event.event_type if event else None
    row["sub_event_type"] = event.sub_event_type if event else None
    return row


def places_with_control(store: Store) -> list[dict[str, Any]]:
    """Every place that has a control timeline, with its latest status."""
    by_place: dict[int, list[ControlChange]] = {}
    for c in service.control_changes(store):
        if c.place.geonameid is not None:
            by_place.setdefault(c.place.geonameid, []).append(c)
    out = []
    for gid, changes in by_place.items():
        latest = max(changes, key=lambda c: c.day)
        p = changes[0].place
        out.append(
            {
                "geonameid": gid,
                "place": p.name,
                "admin1": p.admin1,
                "country": p.country,
                "latitude": round(p.lat, 4),
                "longitude": round(p.lon, 4),
                "changes": len(changes),
                "latest_status": latest.status,
                "latest_date": latest.day.isoformat(),
            }
        )
    return sorted(out, key=lambda p: (p["place"].lower(), p["geonameid"]))


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """'min_lon,min_lat,max_lon,max_lat' -> floats; ValueError with a readable reason."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 4:
        raise ValueError("bbox needs four numbers: min_lon,min_lat,max_lon,max_lat")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise ValueError("bbox values must be numbers: min_lon,min_lat,max_lon,max_lat") from None
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise ValueError("bbox out of range: longitudes in [-180, 180], latitudes in [-90, 90]")
    if min_lon > max_lon or min_lat > max_lat:
        raise ValueError("bbox minimum greater than maximum")
    return min_lon, min_lat, max_lon, max_lat


def list_rows(events: Sequence[Event]) -> list[dict[str, Any]]:
    return [list_row(e) for e in events]
