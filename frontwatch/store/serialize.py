"""Dataclass <-> JSON-ready dict conversion for the stored payloads.

Stored rows keep a few indexed columns for querying plus the whole object as JSON, so the
model can grow a field without a schema migration for every stage.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from frontwatch.model import (
    Actor,
    Claim,
    Conflict,
    ControlChange,
    Count,
    Event,
    EventDate,
    Place,
    Report,
    Span,
)


def _d(x: date | None) -> str | None:
    return x.isoformat() if x else None


def _day(x: Any) -> date | None:
    return date.fromisoformat(x) if x else None


def span_to(s: Span) -> dict[str, Any]:
    return {"article_id": s.article_id, "start": s.start, "end": s.end}


def span_from(d: dict[str, Any]) -> Span:
    return Span(d["article_id"], int(d["start"]), int(d["end"]))


def evidence_to(ev: dict[str, list[Span]]) -> dict[str, list[dict[str, Any]]]:
    return {k: [span_to(s) for s in v] for k, v in ev.items()}


def evidence_from(d: dict[str, Any]) -> dict[str, list[Span]]:
    return {k: [span_from(s) for s in v] for k, v in (d or {}).items()}


def place_to(p: Place) -> dict[str, Any]:
    return {
        "name": p.name,
        "lat": p.lat,
        "lon": p.lon,
        "geonameid": p.geonameid,
        "feature": p.feature,
        "country_code": p.country_code,
        "country": p.country,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "population": p.population,
    }


def place_from(d: dict[str, Any]) -> Place:
    return Place(**d)


def actor_to(a: Actor | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"name": a.name, "inter": a.inter, "key": a.key, "country_code": a.country_code}


def actor_from(d: dict[str, Any] | None) -> Actor | None:
    return Actor(**d) if d else None


def claim_to(c: Claim) -> dict[str, Any]:
    return {**dataclasses.asdict(c), "published": _d(c.published)}


def claim_from(d: dict[str, Any]) -> Claim:
    d = dict(d)
    d["published"] = _day(d.get("published"))
    return Claim(**d)


def count_to(c: Count | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "low": c.low,
        "best": c.best,
        "high": c.high,
        "text": c.text,
        "kind": c.kind,
        "start": c.start,
        "end": c.end,
        "side": c.side,
    }


def count_from(d: dict[str, Any] | None) -> Count | None:
    return Count(**d) if d else None


def event_date_to(e: EventDate) -> dict[str, Any]:
    return {
        "day": _d(e.day),
        "precision": e.precision,
        "earliest": _d(e.earliest),
        "latest": _d(e.latest),
        "text": e.text,
        "start": e.start,
        "end": e.end,
    }


def event_date_from(d: dict[str, Any]) -> EventDate:
    return EventDate(
        day=date.fromisoformat(d["day"]),
        precision=d["precision"],
        earliest=_day(d.get("earliest")),
        latest=_day(d.get("latest")),
        text=d.get("text", ""),
        start=d.get("start"),
        end=d.get("end"),
    )


def report_to(r: Report) -> dict[str, Any]:
    return {
        "report_id": r.report_id,
        "article_id": r.article_id,
        "event_date": event_date_to(r.event_date),
        "event_type": r.event_type,
        "sub_event_type": r.sub_event_type,
        "place": place_to(r.place),
        "geo_precision": r.geo_precision,
        "actor1": actor_to(r.actor1),
        "actor2": actor_to(r.actor2),
        "fatalities": count_to(r.fatalities),
        "claims": [claim_to(c) for c in r.claims],
        "evidence": evidence_to(r.evidence),
        "text": r.text,
        "language": r.language,
        "place_notes": list(r.place_notes),
        "outlet": r.outlet,
        "published": _d(r.published),
    }


def report_from(d: dict[str, Any]) -> Report:
    return Report(
        report_id=d["report_id"],
        article_id=d["article_id"],
        event_date=event_date_from(d["event_date"]),
        event_type=d["event_type"],
        sub_event_type=d["sub_event_type"],
        place=place_from(d["place"]),
        geo_precision=d["geo_precision"],
        actor1=actor_from(d.get("actor1")),
        actor2=actor_from(d.get("actor2")),
        fatalities=count_from(d.get("fatalities")),
        claims=[claim_from(c) for c in d.get("claims", [])],
        evidence=evidence_from(d.get("evidence", {})),
        text=d.get("text", ""),
        language=d.get("language", "en"),
        place_notes=list(d.get("place_notes") or []),
        outlet=d.get("outlet", ""),
        published=_day(d.get("published")),
    )


def conflict_to(c: Conflict) -> dict[str, Any]:
    return {"topic": c.topic, "values": c.values, "sources": c.sources}


def conflict_from(d: dict[str, Any]) -> Conflict:
    return Conflict(d["topic"], list(d["values"]), list(d["sources"]))


def event_to(e: Event) -> dict[str, Any]:
    return {
        "event_id": e.event_id,
        "event_date": _d(e.event_date),
        "time_precision": e.time_precision,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "place": place_to(e.place),
        "geo_precision": e.geo_precision,
        "actor1": actor_to(e.actor1),
        "actor2": actor_to(e.actor2),
        "fatalities": e.fatalities,
        "fatalities_low": e.fatalities_low,
        "fatalities_high": e.fatalities_high,
        "notes": e.notes,
        "sources": e.sources,
        "article_ids": e.article_ids,
        "claims": [claim_to(c) for c in e.claims],
        "conflicts": [conflict_to(c) for c in e.conflicts],
        "evidence": evidence_to(e.evidence),
        "merge_reasons": e.merge_reasons,
    }


def event_from(d: dict[str, Any], reports: list[Report] | None = None) -> Event:
    return Event(
        event_id=d["event_id"],
        event_date=date.fromisoformat(d["event_date"]),
        time_precision=d["time_precision"],
        event_type=d["event_type"],
        sub_event_type=d["sub_event_type"],
        place=place_from(d["place"]),
        geo_precision=d["geo_precision"],
        actor1=actor_from(d.get("actor1")),
        actor2=actor_from(d.get("actor2")),
        fatalities=d["fatalities"],
        fatalities_low=d.get("fatalities_low"),
        fatalities_high=d.get("fatalities_high"),
        notes=d.get("notes", ""),
        sources=list(d.get("sources", [])),
        article_ids=list(d.get("article_ids", [])),
        claims=[claim_from(c) for c in d.get("claims", [])],
        conflicts=[conflict_from(c) for c in d.get("conflicts", [])],
        evidence=evidence_from(d.get("evidence", {})),
        reports=reports or [],
        merge_reasons=list(d.get("merge_reasons", [])),
    )


def control_to(c: ControlChange) -> dict[str, Any]:
    return {
        "place": place_to(c.place),
        "day": _d(c.day),
        "status": c.status,
        "sources": c.sources,
        "evidence": [span_to(s) for s in c.evidence],
        "event_id": c.event_id,
        "precision": c.precision,
    }


def control_from(d: dict[str, Any]) -> ControlChange:
    return ControlChange(
        place=place_from(d["place"]),
        day=date.fromisoformat(d["day"]),
        status=d["status"],
        sources=list(d.get("sources", [])),
        evidence=[span_from(s) for s in d.get("evidence", [])],
        event_id=d.get("event_id"),
        precision=d.get("precision", 1),
    )
