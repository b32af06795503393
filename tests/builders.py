"""Hand-built model objects for tests where the NLP is not the point."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from frontwatch.model import Actor, Claim, EventDate, Place, Report, Span


def make_place(name: str = "Kunduz", gid: int | None = 1135689, *, admin1: str = "Kunduz", cc: str = "AF") -> Place:
    return Place(
        name=name,
        lat=36.72895,
        lon=68.857,
        geonameid=gid,
        feature="city",
        country_code=cc,
        country="Afghanistan" if cc == "AF" else cc,
        admin1=admin1,
        population=100_000,
    )


TALIBAN = Actor(name="Taliban", inter=2, key="taliban")
AFGHAN_ARMY = Actor(
    name="Military Forces of Afghanistan (2014-2021)", inter=1, key="state-af-military", country_code="AF"
)


def make_report(
    article_id: str,
    day: date,
    *,
    place: Place | None = None,
    sub: str = "Armed clash",
    event_type: str = "Battles",
    actor1: Actor | None = TALIBAN,
    actor2: Actor | None = AFGHAN_ARMY,
    claims: list[Claim] | None = None,
    n: int = 0,
    outlet: str = "Demo Wire",
    precision: int = 1,
) -> Report:
    return Report(
        article_id=article_id,
        report_id=f"{article_id}#{n}",
        event_date=EventDate(day=day, precision=precision, earliest=day, latest=day),
        event_type=event_type,
        sub_event_type=sub,
        place=place or make_place(),
        actor1=actor1,
        actor2=actor2,
        claims=claims or [],
        evidence={"location": [Span(article_id, 0, 10)]},
        outlet=outlet,
        published=day,
    )


def events_of(events: list[Any], article_id: str) -> list[Any]:
    """The events an article (by id) reports."""
    return [e for e in events if article_id in e.article_ids]


def ingested_events(fixture: Path, db: Path) -> list[Any]:
    """Every event stored after ingesting a JSONL fixture end to end into a new SQLite file (the unseen
    wire-copy tests); no article may fail."""
    from frontwatch import service

    store = service.open_db(f"sqlite:///{db}")
    try:
        summary = service.ingest_articles(store, list(service.read_inputs([str(fixture)])))
        assert all(o.status != "failed" for o in summary.outcomes)
        return service.list_events(store)
    finally:
        store.close()
