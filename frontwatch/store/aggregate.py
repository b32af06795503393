"""Aggregate reads for the web page: what the map, the timeline, the facets and the table draw.

Every function takes an open connection and an ``EventQuery`` and filters through the store's
own ``_apply_filters`` (``filters.where``), so the page, ``/api/events`` and the exports always
agree on which events match. The page never downloads events to count them: the counting is
done here, by the database, or, given ``columns`` (``store.columnar``, the in-memory copy at the
database's version), by numpy over the same filters' meaning (``filters.TESTS``).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from frontwatch.store import EventQuery, _apply_filters, schema
from frontwatch.store.columnar import Columns
from frontwatch.store.filters import OUTLET_SEP

__all__ = [
    "CELLS_PER_TILE",
    "FACETS",
    "SORTS",
    "cell_size",
    "control_places",
    "data_version",
    "facets",
    "grid",
    "per_day",
    "table_page",
    "create_web_index",
]

# One covering index for what the page counts: every column the map cells, the timeline and
# the type/sub-type/country/region facets read, led by the type (the filter most used). A scan
# of it reads ~100 bytes per event instead of the whole row with its JSON payload.
WEB_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_events_web ON events (event_type, event_date, longitude, latitude, "
    "fatalities, disputed, country_code, country, admin1, sub_event_type)"
)


def create_web_index(conn: sa.Connection) -> None:
    """Migration: the page's covering index (SQLite and PostgreSQL both take this DDL)."""
    conn.exec_driver_sql(WEB_INDEX)


# a map cell is a quarter of a 256-pixel tile: 64 px, about the width of a cluster bubble
CELLS_PER_TILE = 4
# facet name -> events column (outlets: a list of names, filters.OUTLET_SEP between them)
FACETS: dict[str, str] = {
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "country": "country",
    "admin1": "admin1",
    "outlet": "outlets",
}
# the EventQuery field each facet's own filter sets; a facet is counted without it, so the
# reader still sees what the other values would give
_OWN_FILTER = {
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "country": "country",
    "admin1": "admin1",
    "outlet": "outlet",
}
# table sort keys -> columns; event_id breaks ties so paging is stable
SORTS: dict[str, str] = {
    "event_date": "event_date",
    "fatalities": "fatalities",
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "location": "location",
    "admin1": "admin1",
    "country": "country",
    "actor1": "actor1",
    "actor2": "actor2",
}


def _unpaged(q: EventQuery) -> EventQuery:
    return replace(q, limit=None, offset=0)


def data_version(engine: sa.Engine) -> str | None:
    """A token that changes whenever the database does, or None (SQLite in memory).

    SQLite: the size and time of the file and its WAL. PostgreSQL: ``store_version``, the
    counter every ``Store.transaction`` raises (migration 004). The HTTP layer keys its ETags
    and its response cache on it, so a second reader of the same view costs a ``stat`` (one
    tiny query) instead of counting; the in-memory columns are used only at this version.
    """
    if engine.dialect.name == "postgresql":
        v = schema.store_version
        with engine.connect() as conn:
            n = conn.execute(sa.select(v.c.n).where(v.c.id == 1)).scalar()
        return None if n is None else f"pg:{n}"
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return None
    parts = []
    for suffix in ("", "-wal"):
        try:
            st = os.stat(engine.url.database + suffix)
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append(f"{st.st_size}:{st.st_mtime_ns}")
    return "/".join(parts)


def cell_size(zoom: int) -> float:
    """Degrees per map cell at a web-map zoom level (a tile spans 360 / 2**zoom degrees of longitude)."""
    return 360.0 / (2 ** max(0, zoom)) / CELLS_PER_TILE


def _floor(conn: sa.Connection, expr: Any) -> Any:
    # SQLite's CAST truncates toward zero, which is floor for the non-negative values used here;
    # PostgreSQL's CAST rounds, so it gets floor()
    if conn.dialect.name == "sqlite":
        return sa.cast(expr, sa.Integer)
    return sa.cast(sa.func.floor(expr), sa.Integer)


def _row_key(conn: sa.Connection) -> Any:
    # SQLite's rowid sits in every index entry, so a covering index answers min(rowid) without
    # touching the wide table; PostgreSQL has no rowid and takes the event id
    t = schema.events
    return sa.literal_column("events.rowid") if conn.dialect.name == "sqlite" else t.c.event_id


def grid(conn: sa.Connection, q: EventQuery, zoom: int, columns: Columns | None = None) -> list[dict[str, Any]]:
    """Events counted per map cell at ``zoom``: one row per occupied cell, a lone event in full.

    A cell holds its count, fatalities, disputed count, counts per type, the mean position
    (where its bubble goes), its extent (what a click zooms to) and a place name. The count
    reads only columns of ``WEB_INDEX`` (or ``columns``, the in-memory copy); the names are
    looked up afterwards, one per cell.
    """
    t = schema.events
    size = cell_size(zoom)
    if columns is not None:
        return _finish_cells(conn, columns.grid(columns.mask(columns.field_masks(conn, q)), size))
    cx = _floor(conn, (t.c.longitude + 180.0) / size).label("cx")
    cy = _floor(conn, (t.c.latitude + 90.0) / size).label("cy")
    sel = sa.select(
        cx,
        cy,
        t.c.event_type,
        sa.func.count().label("n"),
        sa.func.sum(t.c.fatalities).label("fat"),
        sa.func.sum(sa.case((t.c.disputed == sa.true(), 1), else_=0)).label("disp"),
        sa.func.avg(t.c.latitude).label("lat"),
        sa.func.avg(t.c.longitude).label("lon"),
        sa.func.min(t.c.latitude).label("lat0"),
        sa.func.max(t.c.latitude).label("lat1"),
        sa.func.min(t.c.longitude).label("lon0"),
        sa.func.max(t.c.longitude).label("lon1"),
        sa.func.min(_row_key(conn)).label("key"),
    ).where(t.c.latitude.is_not(None), t.c.longitude.is_not(None))
    sel = _apply_filters(conn, sel, _unpaged(q)).group_by("cx", "cy", t.c.event_type)
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for r in conn.execute(sel):
        c = cells.get((r.cx, r.cy))
        if c is None:
            c = cells[(r.cx, r.cy)] = {
                "n": 0,
                "fatalities": 0,
                "disputed": 0,
                "types": {},
                "_lat": 0.0,
                "_lon": 0.0,
                "bounds": [r.lon0, r.lat0, r.lon1, r.lat1],
                "_key": r.key,
            }
        n = int(r.n)
        c["n"] += n
        c["fatalities"] += int(r.fat or 0)
        c["disputed"] += int(r.disp or 0)
        c["types"][r.event_type] = n
        c["_lat"] += float(r.lat) * n
        c["_lon"] += float(r.lon) * n
        b = c["bounds"]
        c["bounds"] = [min(b[0], r.lon0), min(b[1], r.lat0), max(b[2], r.lon1), max(b[3], r.lat1)]
        c["_key"] = min(c["_key"], r.key)
    return _finish_cells(conn, list(cells.values()))


def _finish_cells(conn: sa.Connection, cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each cell's mean position, rounded box, place count and name, largest cell first."""
    out = []
    for c in cells:
        c["latitude"] = round(c.pop("_lat") / c["n"], 5)
        c["longitude"] = round(c.pop("_lon") / c["n"], 5)
        b = c["bounds"] = [round(x, 5) for x in c["bounds"]]
        # events more than ~2 km apart are several places: the label says "<name> area"
        c["places"] = 1 if max(b[2] - b[0], b[3] - b[1]) < 0.02 else 2
        out.append(c)
    _name_cells(conn, out)
    out.sort(key=lambda c: -c["n"])
    return out


def _name_cells(conn: sa.Connection, cells: list[dict[str, Any]]) -> None:
    """Each cell's place name (that of its first event); a cell of one event gets that event."""
    t = schema.events
    key = _row_key(conn)
    rows: dict[Any, Any] = {}
    keys = [c["_key"] for c in cells]
    for chunk in _chunks(keys, 500):
        sel = sa.select(key.label("key"), t.c.event_id, t.c.event_date, t.c.sub_event_type, t.c.location, t.c.country)
        for row in conn.execute(sel.where(key.in_(chunk))):
            rows[row.key] = row
    for c in cells:
        r = rows.get(c.pop("_key"))
        c["place"] = r.location if r is not None else None
        c["event_id"] = r.event_id if r is not None and c["n"] == 1 else None
        if r is not None and c["event_id"]:
            c["event"] = {
                "event_id": r.event_id,
                "event_date": r.event_date,
                "sub_event_type": r.sub_event_type,
                "location": r.location,
                "country": r.country,
            }


def _chunks(items: list[Any], n: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def per_day(
    conn: sa.Connection, q: EventQuery, columns: Columns | None = None
) -> tuple[list[tuple[str, str, int, int]], dict[str, Any]]:
    """(day, event type, events, fatalities) for every day and type that has events, and the extent.

    One pass over the matching events gives both: the extent (total, fatalities, the box and the
    dates they span) is folded from the per-day rows.
    """
    if columns is not None:
        day_rows, day_box = columns.per_day(columns.mask(columns.field_masks(conn, q)))
        return _extent(sorted(day_rows, key=_day_type), day_box)  # type: ignore[arg-type]
    t = schema.events
    sel = sa.select(
        t.c.event_date,
        t.c.event_type,
        sa.func.count(),
        sa.func.sum(t.c.fatalities),
        sa.func.min(t.c.longitude),
        sa.func.min(t.c.latitude),
        sa.func.max(t.c.longitude),
        sa.func.max(t.c.latitude),
    )
    sel = _apply_filters(conn, sel, _unpaged(q)).group_by(t.c.event_date, t.c.event_type).order_by(t.c.event_date)
    rows: list[tuple[str, str, int, int]] = []
    box: list[float] | None = None
    for d, ty, n, f, lon0, lat0, lon1, lat1 in conn.execute(sel):
        rows.append((d, ty, int(n), int(f or 0)))
        if lon0 is not None:
            box = (
                [lon0, lat0, lon1, lat1]
                if box is None
                else [min(box[0], lon0), min(box[1], lat0), max(box[2], lon1), max(box[3], lat1)]
            )
    return _extent(sorted(rows, key=_day_type), box)


def _day_type(row: tuple[str, Any, int, int]) -> tuple[str, str]:
    # types in one order within a day on every path (the timeline's type order follows it)
    return row[0], row[1] or ""


def _extent(
    rows: list[tuple[str, str, int, int]], box: list[float] | None
) -> tuple[list[tuple[str, str, int, int]], dict[str, Any]]:
    ext = {
        "total": sum(r[2] for r in rows),
        "fatalities": sum(r[3] for r in rows),
        "bbox": box,
        "date_from": rows[0][0] if rows else None,
        "date_to": rows[-1][0] if rows else None,
    }
    return rows, ext


def facets(
    conn: sa.Connection, q: EventQuery, names: Iterable[str], top: int = 200, columns: Columns | None = None
) -> dict[str, Any]:
    """Counts per value for each facet, each counted with every filter but its own."""
    out: dict[str, Any] = {}
    t = schema.events
    if columns is not None:
        masks = columns.field_masks(conn, q)
        for name in names:
            m = columns.mask(masks, skip=_OWN_FILTER[name])
            out[name] = top_values(columns.value_counts(FACETS[name], m), top)
        return out
    for name in names:
        base = _unpaged(replace(q, **{_OWN_FILTER[name]: None}))  # type: ignore[arg-type]
        # grouping on `col || ''` keeps SQLite from walking the column's own index (and
        # fetching every row to test the other filters) instead of the covering one
        value = t.c[FACETS[name]].concat("").label("value")
        sel = _apply_filters(conn, sa.select(value, sa.func.count().label("n")), base).group_by(value)
        counts: Counter[str] = Counter()
        for v, n in conn.execute(sel):
            if name == "outlet":  # a list of names: each name counts the events that list it
                for o in (v or "").split(OUTLET_SEP):
                    if o:
                        counts[o] += int(n)
            elif v:
                counts[v] = int(n)
        out[name] = top_values(counts, top)
    return out


def top_values(counts: Any, top: int) -> dict[str, Any]:
    """The ``top`` values by count (ties by value: the same order on every path and database)."""
    rows = sorted(((v, int(n)) for v, n in counts.items() if v and n), key=lambda vn: (-vn[1], vn[0]))
    return {"values": [{"value": v, "n": n} for v, n in rows[:top]], "more": len(rows) > top}


def table_page(
    conn: sa.Connection,
    q: EventQuery,
    *,
    sort: str,
    descending: bool,
    limit: int,
    offset: int,
    columns: Columns | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """The number of matching events and one sorted page of them, as the table's lean rows."""
    t = schema.events
    if columns is not None:
        total = int(columns.mask(columns.field_masks(conn, q)).sum())
    else:
        count = sa.select(sa.func.count()).select_from(t)
        total = int(conn.execute(_apply_filters(conn, count, _unpaged(q))).scalar_one())
    col = t.c[SORTS[sort]]
    order = [col.desc(), t.c.event_id.desc()] if descending else [col.asc(), t.c.event_id.asc()]
    sel = sa.select(
        t.c.event_id,
        t.c.event_date,
        t.c.event_type,
        t.c.sub_event_type,
        t.c.actor1,
        t.c.actor2,
        t.c.location,
        t.c.admin1,
        t.c.country,
        t.c.fatalities,
        t.c.disputed,
        t.c.latitude,
        t.c.longitude,
    ).order_by(*order)
    rows = [dict(r._mapping) for r in conn.execute(_apply_filters(conn, sel, replace(q, limit=limit, offset=offset)))]
    for r in rows:
        r["disputed"] = bool(r["disputed"])
    _add_sources(conn, rows)
    return total, rows


def _add_sources(conn: sa.Connection, rows: list[dict[str, Any]]) -> None:
    """The outlets behind each row, read from the articles its reports came from."""
    if not rows:
        return
    r, a = schema.reports, schema.articles
    ids = [row["event_id"] for row in rows]
    sel = (
        sa.select(r.c.event_id, a.c.outlet)
        .select_from(r.join(a, a.c.id == r.c.article_id))
        .where(r.c.event_id.in_(ids))
        .distinct()
    )
    by_event: dict[str, list[str]] = {}
    for eid, outlet in conn.execute(sel):
        by_event.setdefault(eid, []).append(outlet or "unknown")
    for row in rows:
        row["sources"] = sorted(by_event.get(row["event_id"], []))


def control_places(conn: sa.Connection, q: EventQuery) -> list[dict[str, Any]]:
    """Every place whose control changes come from an event matching ``q``, with all its changes.

    The whole timeline of a matching place is returned (a town's story is not cut at the
    filter's edge); the page shades the part outside the filtered dates.
    """
    t, c = schema.events, schema.control_changes
    matching = _apply_filters(conn, sa.select(t.c.event_id), _unpaged(q)).subquery()
    gids = sa.select(c.c.geonameid).where(c.c.event_id.in_(sa.select(matching.c.event_id))).distinct()
    sel = sa.select(c.c.geonameid, c.c.payload).where(c.c.geonameid.in_(gids)).order_by(c.c.geonameid, c.c.day, c.c.id)
    places: dict[int, dict[str, Any]] = {}
    for gid, payload in conn.execute(sel):
        d = json.loads(payload)
        p = d["place"]
        place = places.setdefault(
            gid,
            {
                "geonameid": gid,
                "place": p.get("name"),
                "admin1": p.get("admin1"),
                "country": p.get("country"),
                "latitude": p.get("lat"),
                "longitude": p.get("lon"),
                "changes": [],
            },
        )
        place["changes"].append(
            {"date": d["day"], "status": d["status"], "event_id": d.get("event_id"), "sources": d.get("sources", [])}
        )
    return sorted(places.values(), key=lambda p: ((p["place"] or "").lower(), p["geonameid"]))


# --- timeline buckets ---------------------------------------------------------------------------
def bucket_for(first: date, last: date) -> str:
    """The bucket a timeline of this span reads best in: about 30–200 bars."""
    days = (last - first).days + 1
    if days <= 120:
        return "day"
    if days <= 3 * 365:
        return "week"
    return "month"


def bucket_start(day: date, bucket: str) -> date:
    if bucket == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks start on Monday
    if bucket == "month":
        return day.replace(day=1)
    return day


def bucket_end(start: date, bucket: str) -> date:
    if bucket == "week":
        return start + timedelta(days=6)
    if bucket == "month":
        nxt = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return nxt - timedelta(days=1)
    return start


def timeline(rows: list[tuple[str, str, int, int]], bucket: str) -> dict[str, Any]:
    """Per-day rows grouped into ``bucket`` periods, each with events and fatalities per type."""
    if not rows:
        return {"bucket": bucket if bucket != "auto" else "day", "periods": [], "types": []}
    days = [date.fromisoformat(d) for d, *_ in rows]
    if bucket == "auto":
        bucket = bucket_for(min(days), max(days))
    periods: dict[date, dict[str, Any]] = {}
    types: Counter[str] = Counter()
    for day, (_d, ty, n, fat) in zip(days, rows, strict=True):
        start = bucket_start(day, bucket)
        p = periods.setdefault(start, {"events": {}, "fatalities": {}})
        p["events"][ty] = p["events"].get(ty, 0) + n
        p["fatalities"][ty] = p["fatalities"].get(ty, 0) + fat
        types[ty] += n
    out = [{"start": s.isoformat(), "end": bucket_end(s, bucket).isoformat(), **periods[s]} for s in sorted(periods)]
    return {"bucket": bucket, "periods": out, "types": [t for t, _ in types.most_common()]}
