"""Listing events at scale: one page, a capped count, a streamed export.

The same ``EventQuery`` filters as ``StoreSession.query_events`` (both read
``filters.where``, where each filter is written for the index that answers it); the page order
and the type filter read the composite indexes (date, id) and (type, date, id).

A count stops at ``COUNT_CAP``: counting every match of a broad filter over a million events
costs more than the page itself, and a reader needs "more than 10,000", not the exact figure.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from frontwatch.model import Event
from frontwatch.store import EventQuery, filters, schema
from frontwatch.store import serialize as ser

__all__ = ["COUNT_CAP", "count_capped", "page", "stream"]

COUNT_CAP = 10_000
# rows fetched per round trip while streaming (PostgreSQL: a server-side cursor)
STREAM_BATCH = 500


def _select(conn: sa.Connection, columns: list[Any], q: EventQuery) -> Any:
    t = schema.events
    return sa.select(*columns).select_from(t).where(*filters.where(conn, q))


def page(conn: sa.Connection, q: EventQuery) -> list[Event]:
    """One page of matching events, oldest first (``q.limit`` and ``q.offset``)."""
    t = schema.events
    sel = _select(conn, [t.c.payload], q).order_by(t.c.event_date, t.c.event_id)
    if q.limit is not None:
        sel = sel.limit(q.limit)
    if q.offset:
        sel = sel.offset(q.offset)
    return [ser.event_from(json.loads(r.payload)) for r in conn.execute(sel)]


def count_capped(conn: sa.Connection, q: EventQuery, cap: int | None = None) -> tuple[int, bool]:
    """(matches, exact): the number of matching events, or ``cap`` (default ``COUNT_CAP``) and
    False when there are more."""
    cap = COUNT_CAP if cap is None else cap
    only_text = q.text and EventQuery(text=q.text, limit=q.limit, offset=q.offset) == q
    if only_text and q.text and cap < filters.TEXT_ASKED:
        # the text index alone knows how many (no row is read), and the page asks it the same
        # question on this connection: one answer serves both
        ids = filters.text_matches(conn, q.text.lower())
        if ids is not None:
            return (len(ids), True) if len(ids) <= cap else (cap, False)
    inner = _select(conn, [sa.literal_column("1").label("one")], q).limit(cap + 1).subquery()
    n = int(conn.execute(sa.select(sa.func.count()).select_from(inner)).scalar_one())
    return (n, True) if n <= cap else (cap, False)


def stream(conn: sa.Connection, q: EventQuery) -> Iterator[Event]:
    """Every matching event, oldest first, decoded one batch at a time (never all in memory)."""
    t = schema.events
    sel = _select(conn, [t.c.payload], q).order_by(t.c.event_date, t.c.event_id)
    if q.limit is not None:
        sel = sel.limit(q.limit)
    if q.offset:
        sel = sel.offset(q.offset)
    result = conn.execution_options(stream_results=True, yield_per=STREAM_BATCH).execute(sel)
    try:
        for row in result:
            yield ser.event_from(json.loads(row.payload))
    finally:
        result.close()
