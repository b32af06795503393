"""Storage behind one interface: SQLite (the embedded default) or PostgreSQL, one code path.

All writes for one article happen inside one transaction (``Store.transaction``), so a
failure never leaves half an article, half an event or a stale control timeline behind.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa

from frontwatch.errors import StorageError, warning
from frontwatch.model import Article, ControlChange, Event, Report
from frontwatch.store import filters, schema
from frontwatch.store import serialize as ser
from frontwatch.store.engine import (
    MAX_COUNT,
    WRITE_LOCK_KEY,
    _bounded_int,
    _check_frontwatch,
    _check_sqlite_file,
    _first_line,
    _insert,
    _retryable,
    _safe,
    _sqlite_begin,
    _sqlite_pragmas,
)
from frontwatch.store.migrations import migrate

__all__ = ["MAX_COUNT", "Store", "StoreSession", "EventQuery", "open_store"]

T = TypeVar("T")


@dataclass(frozen=True)
class EventQuery:
    """Filters for listing events; every field optional."""

    date_from: date | None = None
    date_to: date | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    country: str | None = None  # ISO alpha-2 or country name
    admin1: str | None = None
    place: str | None = None
    geonameid: int | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    text: str | None = None
    min_fatalities: int | None = None
    disputed: bool | None = None
    outlet: str | None = None  # an outlet that reported the event (case-insensitive)
    limit: int | None = None
    offset: int = 0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _article_row(article: Article, content_hash: str) -> dict[str, Any]:
    return {
        "id": article.id,
        "published": article.published.isoformat() if article.published else None,
        "outlet": article.outlet,
        "language": article.language,
        "url": article.url,
        "title": article.title,
        "extractor": article.extractor,
        "content_hash": content_hash,
        "text": article.text,
        "warnings": json.dumps(article.warnings, ensure_ascii=False),
        "ingested_at": _now(),
    }


def _article_from(row: Any) -> Article:
    return Article(
        id=row.id,
        text=row.text,
        published=date.fromisoformat(row.published) if row.published else None,
        outlet=row.outlet or "unknown",
        language=row.language or "en",
        url=row.url,
        title=row.title,
        extractor=row.extractor or "",
        warnings=json.loads(row.warnings or "[]"),
    )


class StoreSession:
    """Reads and writes inside one transaction."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        # reports decoded in this transaction, by event: an article's later reports at the same
        # place meet the same candidate events, which are then not read and decoded again
        self._decoded: dict[str, list[Report]] = {}
        # (event id, its outlets column) as the last put_report computed it: the put_event that
        # follows it in ingest writes the same value without asking the join again
        self._outlets_known: tuple[str, str | None] | None = None

    # --- articles -------------------------------------------------------------------------
    def article_exists(self, article_id: str, content_hash: str) -> str | None:
        """'id' or 'content' when the article (or the same text under another id) is stored."""
        t = schema.articles
        if self.conn.execute(sa.select(t.c.id).where(t.c.id == article_id)).first():
            return "id"
        if self.conn.execute(sa.select(t.c.id).where(t.c.content_hash == content_hash)).first():
            return "content"
        return None

    def put_article(self, article: Article, content_hash: str) -> bool:
        """Insert the article unless its id is stored already (a concurrent writer's); True when inserted."""
        stmt = _insert(self.conn, schema.articles).values(**_article_row(article, content_hash))
        return bool(self.conn.execute(stmt.on_conflict_do_nothing(index_elements=["id"])).rowcount)

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute(sa.select(schema.articles).where(schema.articles.c.id == article_id)).first()
        return _article_from(row) if row else None

    def list_articles(self) -> list[Article]:
        rows = self.conn.execute(sa.select(schema.articles).order_by(schema.articles.c.id))
        return [_article_from(r) for r in rows]

    # --- reports and events ---------------------------------------------------------------
    def put_report(self, report: Report, event_id: str) -> None:
        t = schema.reports
        payload = json.dumps(ser.report_to(report), ensure_ascii=False)
        row = {"report_id": report.report_id, "article_id": report.article_id, "event_id": event_id, "payload": payload}
        stmt = _insert(self.conn, t).values(**row)
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["report_id"], set_={k: stmt.excluded[k] for k in row if k != "report_id"}
            )
        )
        self._decoded.pop(event_id, None)  # its reports changed: read again when next needed
        # an event stored before this report (put_event usually comes after) lists its outlet too;
        # only a changed list is written (an UPDATE of events re-runs SQLite's search triggers)
        e, outlets = schema.events, self._outlets_of(event_id)
        self.conn.execute(
            e.update().where(e.c.event_id == event_id, e.c.outlets.is_distinct_from(outlets)).values(outlets=outlets)
        )
        self._outlets_known = (event_id, outlets)

    def reports_of(self, event_id: str) -> list[Report]:
        t = schema.reports
        rows = self.conn.execute(sa.select(t.c.payload).where(t.c.event_id == event_id).order_by(t.c.report_id))
        return [ser.report_from(json.loads(r.payload)) for r in rows]

    def reports_of_article(self, article_id: str) -> list[tuple[Report, str]]:
        t = schema.reports
        rows = self.conn.execute(sa.select(t.c.payload, t.c.event_id).where(t.c.article_id == article_id))
        return [(ser.report_from(json.loads(r.payload)), r.event_id) for r in rows]

    def put_event(self, event: Event) -> None:
        t = schema.events
        known, self._outlets_known = self._outlets_known, None
        # the outlets the report just stored for this event computed (no report changed since:
        # any later put_report replaces it), else asked
        outlets = known[1] if known and known[0] == event.event_id else self._outlets_of(event.event_id)
        row = {**event_columns(event, _now()), "outlets": outlets}
        # an update is an UPDATE (an upsert), never delete-and-insert: a concurrent reader never
        # sees the event missing, and PostgreSQL writers do not collide on a re-inserted key
        stmt = _insert(self.conn, t).values(**row)
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["event_id"], set_={k: stmt.excluded[k] for k in row if k != "event_id"}
            )
        )
        self._put_claims(event)

    def _outlets_of(self, event_id: str) -> str | None:
        """The ``outlets`` column of an event: the outlets of the articles of its stored reports
        (``put_report`` runs first), the same set the outlet filter meant as a join."""
        r, a = schema.reports, schema.articles
        sel = sa.select(a.c.outlet).select_from(r.join(a, a.c.id == r.c.article_id)).where(r.c.event_id == event_id)
        return filters.outlets_value(o for (o,) in self.conn.execute(sel))

    def _put_claims(self, event: Event) -> None:
        """Bring the event's claim rows up to date incrementally: only what changed is written.

        A claim's payload (its JSON, written deterministically) is its identity; rows whose payload
        is no longer among the event's claims are deleted, new ones inserted in one statement.
        """
        c = schema.claims
        stored: dict[str, list[int]] = {}
        for r in self.conn.execute(sa.select(c.c.id, c.c.payload).where(c.c.event_id == event.event_id)):
            stored.setdefault(r.payload, []).append(r.id)
        rows: list[dict[str, Any]] = []
        for claim in event.claims:
            payload = json.dumps(ser.claim_to(claim), ensure_ascii=False)
            if stored.get(payload):
                stored[payload].pop()  # kept as it is
                continue
            rows.append(
                {
                    "event_id": event.event_id,
                    "article_id": claim.article_id,
                    "source": claim.source,
                    "topic": claim.topic,
                    "value": _bounded_int(claim.value),
                    "payload": payload,
                }
            )
        gone = [i for ids in stored.values() for i in ids]
        if gone:
            self.conn.execute(c.delete().where(c.c.id.in_(gone)))
        if rows:
            self.conn.execute(c.insert(), rows)

    def get_event(self, event_id: str, *, with_reports: bool = False) -> Event | None:
        t = schema.events
        row = self.conn.execute(sa.select(t.c.payload).where(t.c.event_id == event_id)).first()
        if row is None:
            return None
        reports = self.reports_of(event_id) if with_reports else None
        return ser.event_from(json.loads(row.payload), reports)

    def candidate_events(
        self, *, geonameid: int | None, admin1: str | None, country_code: str | None, day: date, window_days: int
    ) -> list[Event]:
        """Events near ``day`` at the same place (blocking for same-event linking)."""
        t = schema.events
        lo, hi = (day - timedelta(days=window_days)).isoformat(), (day + timedelta(days=window_days)).isoformat()
        place_match = []
        if geonameid is not None:
            place_match.append(t.c.geonameid == geonameid)
        if admin1:
            place_match.append(sa.and_(t.c.admin1 == admin1, t.c.country_code == country_code))
        if not place_match:
            return []
        # ordered, so SQLite and PostgreSQL offer link() the same candidates in the same order
        q = (
            sa.select(t.c.event_id, t.c.payload)
            .where(sa.or_(*place_match), t.c.event_date >= lo, t.c.event_date <= hi)
            .order_by(t.c.event_date, t.c.event_id)
        )
        rows = list(self.conn.execute(q))
        reports = self._reports_by_event([r.event_id for r in rows])
        return [ser.event_from(json.loads(r.payload), reports.get(r.event_id, [])) for r in rows]

    def _reports_by_event(self, event_ids: Sequence[str]) -> dict[str, list[Report]]:
        """The reports of several events in one query (not one query per event)."""
        missing = [e for e in dict.fromkeys(event_ids) if e not in self._decoded]
        if missing:
            t = schema.reports
            q = sa.select(t.c.event_id, t.c.payload).where(t.c.event_id.in_(missing)).order_by(t.c.report_id)
            found: dict[str, list[Report]] = {e: [] for e in missing}
            for r in self.conn.execute(q):
                found[r.event_id].append(ser.report_from(json.loads(r.payload)))
            self._decoded.update(found)
        return {e: list(self._decoded[e]) for e in event_ids}

    def events_at_place(self, geonameid: int) -> list[Event]:
        t = schema.events
        q = (
            sa.select(t.c.event_id, t.c.payload)
            .where(t.c.geonameid == geonameid)
            .order_by(t.c.event_date, t.c.event_id)
        )
        rows = list(self.conn.execute(q))
        reports = self._reports_by_event([r.event_id for r in rows])  # two queries, not one per event
        return [ser.event_from(json.loads(r.payload), reports.get(r.event_id, [])) for r in rows]

    def query_events(self, q: EventQuery | None = None) -> list[Event]:
        t = schema.events
        sel = sa.select(t.c.payload).order_by(t.c.event_date, t.c.event_id)
        sel = _apply_filters(self.conn, sel, q or EventQuery())
        return [ser.event_from(json.loads(r.payload)) for r in self.conn.execute(sel)]

    def count_events(self, q: EventQuery | None = None) -> int:
        t = schema.events
        base = EventQuery(**{**(q or EventQuery()).__dict__, "limit": None, "offset": 0})
        sel = _apply_filters(self.conn, sa.select(sa.func.count()).select_from(t), base)
        return int(self.conn.execute(sel).scalar_one())

    # --- control --------------------------------------------------------------------------
    def put_event_control(self, event_id: str, change: ControlChange | None) -> dict[int, str]:
        """Record the control status one event gives its place (or that it gives none).

        Returns, for each place whose timeline this touches (the event's place now and, when a
        merge moved the event, the place it was at before), the earliest day (ISO) whose part of
        the timeline may have changed: the event's old day or its new one.
        """
        t = schema.event_control
        touched: dict[int, str] = {}
        for g, day in self.conn.execute(sa.select(t.c.geonameid, t.c.day).where(t.c.event_id == event_id)):
            touched[int(g)] = day
        self.conn.execute(t.delete().where(t.c.event_id == event_id))
        if change is not None and change.place.geonameid is not None:
            day = change.day.isoformat()
            self.conn.execute(
                t.insert().values(
                    event_id=event_id,
                    geonameid=change.place.geonameid,
                    day=day,
                    payload=json.dumps(ser.control_to(change), ensure_ascii=False),
                )
            )
            gid = int(change.place.geonameid)
            touched[gid] = min(day, touched.get(gid, day))
        return touched

    def event_controls_at(self, geonameid: int, *, since_day: str | None = None) -> list[ControlChange]:
        """The per-event control changes at one place (from ``since_day`` on), oldest first."""
        t = schema.event_control
        q = sa.select(t.c.payload).where(t.c.geonameid == geonameid)
        if since_day is not None:
            q = q.where(t.c.day >= since_day)  # ISO days compare as strings under every collation
        rows = [ser.control_from(json.loads(r.payload)) for r in self.conn.execute(q.order_by(t.c.day, t.c.event_id))]
        return sorted(rows, key=lambda c: (c.day, c.event_id or ""))  # the fold's own order, not the collation's

    def control_runs(self, geonameid: int, *, since_day: str | None = None) -> list[tuple[int, str, str]]:
        """The stored timeline's rows at one place (from ``since_day`` on) as (row id, day, first
        event id), oldest first."""
        t = schema.control_changes
        q = sa.select(t.c.id, t.c.day, t.c.event_id).where(t.c.geonameid == geonameid)
        if since_day is not None:
            q = q.where(t.c.day >= since_day)
        return sorted(((r.id, r.day, r.event_id or "") for r in self.conn.execute(q)), key=lambda r: (r[1], r[2]))

    def last_control_run_before(self, geonameid: int, day: str) -> tuple[int, str, str] | None:
        """The last stored timeline row at one place dated before ``day`` (an index seek, not a scan)."""
        t = schema.control_changes
        latest = sa.select(sa.func.max(t.c.day)).where(t.c.geonameid == geonameid, t.c.day < day).scalar_subquery()
        q = sa.select(t.c.id, t.c.day, t.c.event_id).where(t.c.geonameid == geonameid, t.c.day == latest)
        rows = [(r.id, r.day, r.event_id or "") for r in self.conn.execute(q)]
        return max(rows, key=lambda r: (r[1], r[2])) if rows else None

    def replace_control(
        self, geonameid: int, changes: Sequence[ControlChange], *, replacing: Sequence[int] | None = None
    ) -> None:
        """Write a place's timeline rows: all of them, or in place of the rows ``replacing`` (ids)."""
        t = schema.control_changes
        if replacing is None:
            self.conn.execute(t.delete().where(t.c.geonameid == geonameid))
        elif replacing:
            self.conn.execute(t.delete().where(t.c.id.in_(list(replacing))))
        rows = [
            {
                "geonameid": geonameid,
                "place": ch.place.name,
                "day": ch.day.isoformat(),
                "status": ch.status,
                "event_id": ch.event_id,
                "payload": json.dumps(ser.control_to(ch), ensure_ascii=False),
            }
            for ch in changes
        ]
        if rows:
            self.conn.execute(t.insert(), rows)  # one statement for the refolded rows

    def control(self, *, place: str | None = None, geonameid: int | None = None) -> list[ControlChange]:
        t = schema.control_changes
        sel = sa.select(t.c.payload).order_by(t.c.place, t.c.day, t.c.id)
        if geonameid is not None:
            sel = sel.where(t.c.geonameid == geonameid)
        if place:
            sel = sel.where(sa.func.lower(t.c.place) == place.lower())
        return [ser.control_from(json.loads(r.payload)) for r in self.conn.execute(sel)]


def _apply_filters(conn: sa.Connection, sel: Any, q: EventQuery) -> Any:
    """``sel`` narrowed to the events ``q`` matches (``filters.where``: the one meaning of each
    filter, shared by the CLI, the API, the exports and the page), then paged by ``q``."""
    sel = sel.where(*filters.where(conn, q))
    if q.limit is not None:
        sel = sel.limit(q.limit)
    if q.offset:
        sel = sel.offset(q.offset)
    return sel


def event_columns(event: Event, now: str) -> dict[str, Any]:
    """The ``events`` row of one event: the columns queries filter on, and the whole event as JSON."""
    search = " ".join(
        filter(
            None,
            [
                event.place.name,
                event.place.admin1,
                event.place.country,
                event.actor1.name if event.actor1 else None,
                event.actor2.name if event.actor2 else None,
                event.sub_event_type,
                event.notes,
            ],
        )
    ).lower()
    return {
        "event_id": event.event_id,
        "event_date": event.event_date.isoformat(),
        "geonameid": event.place.geonameid,
        "location": event.place.name,
        "admin1": event.place.admin1,
        "country_code": event.place.country_code,
        "country": event.place.country,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1.name if event.actor1 else None,
        "actor2": event.actor2.name if event.actor2 else None,
        "fatalities": _bounded_int(event.fatalities) or 0,
        "latitude": event.place.lat,
        "longitude": event.place.lon,
        "disputed": bool(event.conflicts),
        "search_text": search,
        "payload": json.dumps(ser.event_to(event), ensure_ascii=False),
        "updated_at": now,
    }


class Store:
    """A database reached through a SQLAlchemy URL (``sqlite:///file.db``, ``postgresql://...``)."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        """Open (and migrate) the database; ``create=False`` refuses one that does not exist yet or
        is not frontwatch's (read commands: a mistyped path must not silently make an empty one)."""
        self.url = url
        try:
            self.engine = sa.create_engine(url)
            if self.engine.dialect.name == "sqlite":
                if not create:
                    _check_sqlite_file(self.engine)
                sa.event.listen(self.engine, "connect", _sqlite_pragmas)
                sa.event.listen(self.engine, "begin", _sqlite_begin)
            # another application's database is refused, never given frontwatch's tables
            self._check_and_migrate(create)
        except (sa.exc.SQLAlchemyError, ImportError) as exc:
            raise StorageError(f"cannot open database {_safe(url)}: {_first_line(exc)}") from exc

    def _check_and_migrate(self, create: bool, *, attempts: int = 6) -> None:
        """Check the database is frontwatch's and migrate it, retried like ``write`` when the database says
        "try again": writers that open one new SQLite file together wait for each other's migration (on a
        busy machine past the busy timeout), and the later ones then find every migration applied."""
        for attempt in range(1, attempts + 1):
            try:
                _check_frontwatch(self.engine, allow_empty=create)
                migrate(self.engine)
                return
            except sa.exc.DBAPIError as exc:
                if attempt < attempts and _retryable(exc):
                    time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))
                    continue
                raise

    @contextmanager
    def transaction(self) -> Iterator[StoreSession]:
        """One write transaction, holding the database's write lock from its first statement.

        SQLite: ``BEGIN IMMEDIATE`` (see ``_sqlite_begin``), so what it reads is still true when it
        writes. PostgreSQL: a transaction-scoped advisory lock, so writers that link reports to the
        same event store one after the other and none merges from a stale read. The expensive part,
        analysis, happens before and runs in parallel; storing an article takes milliseconds.
        """
        with self.engine.connect() as conn:
            conn.execution_options(frontwatch_write=True)
            with conn.begin():
                if self.engine.dialect.name == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
                    # under the lock: writers raise it one after the other, readers see it change
                    # when (and only when) the transaction's rows become visible
                    v = schema.store_version
                    conn.execute(v.update().where(v.c.id == 1).values(n=v.c.n + 1))
                yield StoreSession(conn)

    def write(self, fn: Callable[[StoreSession], T], *, attempts: int = 6) -> T:
        """``fn`` inside ``transaction()``, retried when the database says "try again".

        Retried: SQLite busy/locked past the busy timeout, PostgreSQL serialization failures and
        deadlocks, and a unique-key race. Anything else, or the last attempt's failure, raises
        StorageError in one line. ``fn`` must be safe to run again (it is, in a new transaction).
        """
        for attempt in range(1, attempts + 1):
            try:
                with self.transaction() as tx:
                    return fn(tx)
            except sa.exc.DBAPIError as exc:
                if attempt < attempts and _retryable(exc):
                    time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))
                    continue
                raise StorageError(warning("FW-DB-001", _first_line(exc.orig or exc))) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def reader(self) -> Iterator[StoreSession]:
        with self.engine.connect() as conn:
            yield StoreSession(conn)

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str) -> Store:
    return Store(url)
