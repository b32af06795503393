"""Events and control changes as ACLED-style rows (JSON objects, CSV in ACLED's column order).

Pure functions over the data model; the CLI and the HTTP API both print these.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from frontwatch.model import INTER_NAMES, Claim, ControlChange, Event, Place, Span

# ACLED's current export columns, in order (acled-facts.md §1).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)


@lru_cache(maxsize=512)
def iso_numeric(alpha2: str | None) -> int | None:
    if not alpha2:
        return None
    import pycountry

    c = pycountry.countries.get(alpha_2=alpha2.upper())
    return int(c.numeric) if c else None


def disorder_type(event_type: str, sub_event_type: str) -> str:
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type in ("Protests",) or sub_event_type == "Violent demonstration":
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


def interaction(inter1: int | None, inter2: int | None) -> str:
    if inter1 is None:
        return ""
    if inter2 is None:
        return f"{INTER_NAMES[inter1]} only"
    if (inter1, inter2) in ((7, 8), (8, 7)):
        return "External/Other forces-Civilians"  # ACLED's one exception to lower-code-first
    lo, hi = sorted((inter1, inter2))
    return f"{INTER_NAMES[lo]}-{INTER_NAMES[hi]}"


def _spans(spans: Sequence[Span]) -> list[dict[str, Any]]:
    return [{"article_id": s.article_id, "start": s.start, "end": s.end} for s in spans]


def claim_row(c: Claim) -> dict[str, Any]:
    """One attributed statement with its source, verb, topic, value and evidence span: every field of
    the Claim except its article's publication day."""
    return {k: v for k, v in dataclasses.asdict(c).items() if k != "published"}


def place_row(p: Place) -> dict[str, Any]:
    """A place as the exports write it (ACLED's 4-decimal coordinates)."""
    return {
        "name": p.name,
        "geonameid": p.geonameid,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "country": p.country,
        "country_code": p.country_code,
        "latitude": round(p.lat, 4),
        "longitude": round(p.lon, 4),
    }


def event_row(e: Event) -> dict[str, Any]:
    """One event as a JSON object: ACLED's column names plus provenance fields."""
    return {
        **event_list_row(e),
        "article_ids": list(e.article_ids),
        "claims": [claim_row(c) for c in e.claims],
        "conflicts": [{"topic": c.topic, "values": c.values, "sources": c.sources} for c in e.conflicts],
        "evidence": {k: _spans(v) for k, v in e.evidence.items()},
        "merge_reasons": list(e.merge_reasons),
    }


def event_list_row(e: Event) -> dict[str, Any]:
    """``event_row`` without the provenance fields (article ids, claims, conflicts, evidence, merge
    reasons): what a list of events shows. Built without them, not by deleting them afterwards:
    the claims' rows were a third of a listing request's CPU at a million events."""
    inter1 = e.actor1.inter if e.actor1 else None
    inter2 = e.actor2.inter if e.actor2 else None
    return {
        "event_id": e.event_id,
        "event_id_cnty": e.event_id,
        "event_date": e.event_date.isoformat(),
        "year": e.event_date.year,
        "time_precision": e.time_precision,
        "disorder_type": disorder_type(e.event_type, e.sub_event_type),
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1.name if e.actor1 else None,
        "inter1": INTER_NAMES.get(inter1) if inter1 else None,
        "actor2": e.actor2.name if e.actor2 else None,
        "inter2": INTER_NAMES.get(inter2) if inter2 else None,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else "",
        "iso": iso_numeric(e.place.country_code),
        "country": e.place.country,
        "country_code": e.place.country_code,
        "admin1": e.place.admin1,
        "admin2": e.place.admin2,
        "location": e.place.name,
        "latitude": round(e.place.lat, 4),
        "longitude": round(e.place.lon, 4),
        "geo_precision": e.geo_precision,
        "geonameid": e.place.geonameid,
        "source": "; ".join(e.sources),
        "notes": e.notes,
        "fatalities": e.fatalities,
        "fatalities_low": e.fatalities_low,
        "fatalities_high": e.fatalities_high,
    }


def events_csv(events: Sequence[Event]) -> str:
    return "".join(events_csv_chunks(events))


def events_csv_chunks(events: Iterable[Event], *, every: int = 1000) -> Iterator[str]:
    """The CSV of ``events_csv``, ``every`` rows at a time (an export that never sits in memory)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(ACLED_COLUMNS)
    for n, e in enumerate(events, 1):
        row = event_list_row(e)  # every ACLED column is in the list row
        w.writerow(["" if row.get(c) is None else row.get(c, "") for c in ACLED_COLUMNS])
        if n % every == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def control_row(c: ControlChange) -> dict[str, Any]:
    return {
        "place": c.place.name,
        "geonameid": c.place.geonameid,
        "admin1": c.place.admin1,
        "country": c.place.country,
        "latitude": round(c.place.lat, 4),
        "longitude": round(c.place.lon, 4),
        "date": c.day.isoformat(),
        "time_precision": c.precision,
        "status": c.status,
        "sources": list(c.sources),
        "event_id": c.event_id,
        "evidence": _spans(c.evidence),
    }
