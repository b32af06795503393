"""An in-memory columnar copy of the events' lean columns: the page's counts without a table scan.

At a million events, counting a filtered set per map cell, per day or per facet value costs the
database a pass over a million index entries per request (seconds on SQLite). The web server
keeps instead one numpy array per column the counts read (day, position, fatalities, disputed,
place id, and dictionary codes of type, sub-type, country code, country, admin1, place name and
outlets): about 50 bytes an event. A filter is a few vectorised comparisons, a count a
``bincount``: tens of milliseconds at a million events.

What a filter means comes from ``filters.TESTS``, the same table the SQL is written from; an
"equal ignoring case" test compares the database's own ``lower()`` of each stored value (asked
once per distinct value at build time), so SQLite's ASCII-only ``lower`` and PostgreSQL's agree
with their SQL. Tests the copy does not hold (free text, actor names) are asked of the
database, which returns the matching row keys (through the FTS5 index for text on SQLite),
and intersected.

Consistency: a copy carries the data version it was built at (``aggregate.data_version``:
SQLite's file size and time, PostgreSQL's ``store_version`` counter) and is used only while
the database still has that version. When the data changes, requests go to the database
(always right, slower) while the copy is brought up to date in the background, at most one at a
time and, while writes keep coming, no more often than a quarter of the time: on SQLite from the
rows added or rewritten since (``columnar_delta``), else by a full build (seconds at 1M events).
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import sqlalchemy as sa

from frontwatch.store import schema
from frontwatch.store.filters import TESTS, active, available, fts_rowids, uses_fts, where

log = logging.getLogger(__name__)

__all__ = ["Columns", "Strings", "current", "ensure", "key_column"]

_DAY0 = 719163  # date(1970, 1, 1).toordinal()
_NUMERIC = {
    "event_date": "day",
    "latitude": "lat",
    "longitude": "lon",
    "fatalities": "fat",
    "disputed": "disputed",
    "geonameid": "geonameid",
}
# filter fields the copy cannot test: the database answers them with row keys
_ASK_DATABASE = frozenset(n for n, t in TESTS.items() if t.op == "icontains")
_ASKED_KEPT = 16


@dataclass
class Strings:
    """A dictionary-coded string column: ``values[codes[i]]`` is row i's value (None for NULL)."""

    codes: np.ndarray
    values: list[str | None]
    lowered: list[str | None] = field(default_factory=list)  # the database's lower() of each value

    def equal(self, value: str) -> np.ndarray:
        """Per code: equal to ``value``."""
        return np.array([v == value for v in self.values], dtype=bool)

    def equal_lowered(self, value: str) -> np.ndarray:
        """Per code: the database's lower() of it equals ``value.lower()``."""
        low = value.lower()
        return np.array([v == low for v in self.lowered], dtype=bool)


@dataclass
class Columns:
    """One version of the lean columns of every event, in key order (SQLite rowid, else event id)."""

    version: str | None
    keys: np.ndarray
    num: dict[str, np.ndarray]
    strings: dict[str, Strings]
    # outlets: (row, outlet code) pairs, an event once per outlet that reported it
    outlet_rows: np.ndarray
    outlets: Strings
    built_s: float = 0.0
    mark: Any = None  # columnar_delta.Mark: where the change record stood when the rows were read
    # the rows passing a text or actor test, by (field, value): the database is asked once
    _asked: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def n(self) -> int:
        return int(self.keys.shape[0])

    def nbytes(self) -> int:
        arrays = [self.keys, self.outlet_rows, self.outlets.codes, *self.num.values()]
        arrays += [s.codes for s in self.strings.values()]
        return int(sum(a.nbytes for a in arrays))

    # --- filters ----------------------------------------------------------------------------
    def field_masks(self, conn: sa.Connection, q: Any) -> dict[str, np.ndarray]:
        """One boolean array per filter field ``q`` sets: the rows that pass that test."""
        out: dict[str, np.ndarray] = {}
        asked = {}
        for name, value in active(q).items():
            if name in _ASK_DATABASE:
                asked[name] = value
            else:
                out[name] = self._test(name, value)
        for name, value in asked.items():
            cache_key = (name, value)
            passed = self._asked.get(cache_key)
            if passed is None:
                passed = self._ask(conn, q, name, value)
                with self._lock:  # requests run in several threads
                    self._asked[cache_key] = passed
                    while len(self._asked) > _ASKED_KEPT:
                        self._asked.pop(next(iter(self._asked)))
            out[name] = passed
        return out

    def _ask(self, conn: sa.Connection, q: Any, name: str, value: str) -> np.ndarray:
        """The rows the database's own test of one field passes (a page's four answers ask once)."""
        sqlite = conn.dialect.name == "sqlite"
        if name == "text" and uses_fts(value.lower(), sqlite=sqlite, have=available(conn)):
            keys = fts_rowids(conn, value.lower())  # every match, through the trigram index
        else:
            only = replace(q, **{f: None for f in TESTS if f != name}, limit=None, offset=0)
            sel = sa.select(key_column(conn)).select_from(schema.events).where(*where(conn, only))
            keys = [r[0] for r in conn.execute(sel)]
        found = np.array(keys, dtype=self.keys.dtype)
        if not sqlite:
            return np.isin(self.keys, found)
        passed = np.zeros(self.n, dtype=bool)  # keys are sorted rowids: a binary search each
        pos = np.searchsorted(self.keys, found)
        inside = pos < self.n
        pos, found = pos[inside], found[inside]
        passed[pos[self.keys[pos] == found]] = True
        return passed

    def mask(self, masks: dict[str, np.ndarray], skip: str | None = None) -> np.ndarray:
        m = np.ones(self.n, dtype=bool)
        for name, passed in masks.items():
            if name != skip:
                m &= passed
        return m

    def _test(self, name: str, value: Any) -> np.ndarray:
        test = TESTS[name]
        if test.op == "box":
            lon, lat = self.num["lon"], self.num["lat"]
            min_lon, min_lat, max_lon, max_lat = value
            with np.errstate(invalid="ignore"):  # NULL (NaN) positions pass no test, as in SQL
                return (lon >= min_lon) & (lon <= max_lon) & (lat >= min_lat) & (lat <= max_lat)
        if test.op == "member":
            rows = np.zeros(self.n, dtype=bool)
            rows[self.outlet_rows[self.outlets.equal_lowered(value)[self.outlets.codes]]] = True
            return rows
        m = np.zeros(self.n, dtype=bool)
        for col in test.columns:
            m |= self._column_test(test.op, col, value)
        return m

    def _column_test(self, op: str, col: str, value: Any) -> np.ndarray:
        if col in self.strings:
            s = self.strings[col]
            if op == "eq":
                return s.equal(value)[s.codes]
            if op == "ieq":
                return s.equal_lowered(value)[s.codes]
            raise ValueError(f"no {op} test on {col}")  # pragma: no cover
        arr = self.num[_NUMERIC[col]]
        if col == "event_date":
            value = value.toordinal() - _DAY0
        if op == "eq":
            return arr == value
        if op == "ge":
            return arr >= value
        if op == "le":
            return arr <= value
        raise ValueError(f"no {op} test on {col}")  # pragma: no cover

    # --- counts -----------------------------------------------------------------------------
    def value_counts(self, col: str, m: np.ndarray) -> dict[str, int]:
        """Matching rows per value of a string column (an outlet list counts once per name)."""
        if col == "outlets":
            s, codes = self.outlets, self.outlets.codes[m[self.outlet_rows]]
        else:
            s = self.strings[col]
            codes = s.codes[m]
        counts = np.bincount(codes, minlength=len(s.values))
        return {str(s.values[c]): int(counts[c]) for c in np.flatnonzero(counts) if s.values[c]}

    def grid(self, m: np.ndarray, size: float) -> list[dict[str, Any]]:
        """Matching rows with a position, per map cell of ``size`` degrees: the shape of
        ``aggregate.grid``'s cells before naming (``_key`` is the cell's first row key)."""
        lat, lon = self.num["lat"], self.num["lon"]
        idx = np.flatnonzero(m & ~np.isnan(lat) & ~np.isnan(lon))
        if idx.size == 0:
            return []
        la, lo = lat[idx], lon[idx]
        cx = np.floor((lo + 180.0) / size).astype(np.int64)
        cy = np.floor((la + 90.0) / size).astype(np.int64)
        order = np.argsort((cx << 32) | cy, kind="stable")  # stable: a cell's rows stay in key order
        cell = ((cx << 32) | cy)[order]
        starts = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
        n = np.diff(np.r_[starts, cell.size])
        la, lo, rows = la[order], lo[order], idx[order]
        fat = np.add.reduceat(self.num["fat"][rows], starts)
        disp = np.add.reduceat(self.num["disputed"][rows].astype(np.int64), starts)
        lat_sum, lon_sum = np.add.reduceat(la, starts), np.add.reduceat(lo, starts)
        lat0, lat1 = np.minimum.reduceat(la, starts), np.maximum.reduceat(la, starts)
        lon0, lon1 = np.minimum.reduceat(lo, starts), np.maximum.reduceat(lo, starts)
        types = self.strings["event_type"]
        ntypes = len(types.values)
        group = np.repeat(np.arange(starts.size), n)
        per_type = np.bincount(group * ntypes + types.codes[rows], minlength=starts.size * ntypes)
        per_type = per_type.reshape(starts.size, ntypes)
        keys = self.keys[rows[starts]]
        out = []
        for i in range(starts.size):
            out.append(
                {
                    "n": int(n[i]),
                    "fatalities": int(fat[i]),
                    "disputed": int(disp[i]),
                    "types": {types.values[t]: int(per_type[i, t]) for t in np.flatnonzero(per_type[i])},
                    "_lat": float(lat_sum[i]),
                    "_lon": float(lon_sum[i]),
                    "bounds": [float(lon0[i]), float(lat0[i]), float(lon1[i]), float(lat1[i])],
                    "_key": keys[i].item() if hasattr(keys[i], "item") else keys[i],
                }
            )
        return out

    def per_day(self, m: np.ndarray) -> tuple[list[tuple[str, str | None, int, int]], list[float] | None]:
        """(day, type, events, fatalities) per day and type with matches, and the matches' box."""
        idx = np.flatnonzero(m)
        if idx.size == 0:
            return [], None
        types = self.strings["event_type"]
        ntypes = len(types.values)
        day = self.num["day"][idx]
        d0 = int(day.min())
        key = (day - d0) * ntypes + types.codes[idx]
        counts = np.bincount(key)
        fats = np.bincount(key, weights=self.num["fat"][idx].astype(np.float64))
        rows = []
        for k in np.flatnonzero(counts):
            iso = str(np.datetime64(int(k // ntypes + d0), "D"))
            rows.append((iso, types.values[k % ntypes], int(counts[k]), int(fats[k])))
        lat, lon = self.num["lat"][idx], self.num["lon"][idx]
        box = None
        if not np.isnan(lon).all():
            with np.errstate(invalid="ignore"):
                box = [float(np.nanmin(lon)), float(np.nanmin(lat)), float(np.nanmax(lon)), float(np.nanmax(lat))]
        return rows, box


def key_column(conn: sa.Connection) -> Any:
    # SQLite's rowid sits in every index entry (the grid names its cells by it); PostgreSQL has
    # none and takes the event id
    return sa.literal_column("events.rowid") if conn.dialect.name == "sqlite" else schema.events.c.event_id


# --- one copy per database, kept at its data version -------------------------------------------
@dataclass
class _Holder:
    copy: Columns | None = None
    building: bool = False
    not_before: float = 0.0  # monotonic time before which no build starts
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.done = threading.Condition(self.lock)  # notified when a build ends


_holders: weakref.WeakKeyDictionary[sa.Engine, _Holder] = weakref.WeakKeyDictionary()
_holders_lock = threading.Lock()
# while writes keep coming, rebuild no more often than this many times the last build took
REBUILD_PAUSE_FACTOR = 3.0
# after a failed build (the database busy, out of memory), the database answers for this long
RETRY_AFTER_FAILURE_S = 60.0
# a switch for tests and for measuring the database path: False, and every count is SQL
ENABLED = True


def _holder(engine: sa.Engine) -> _Holder:
    with _holders_lock:
        h = _holders.get(engine)
        if h is None:
            h = _holders[engine] = _Holder()
        return h


def current(engine: sa.Engine, version: str | None) -> Columns | None:
    """The copy at ``version`` (the database's current one), or None: then count in SQL.

    A missing or older copy starts a background build (one at a time, paced while writes come).
    A database without a version (SQLite in memory) gets no copy.
    """
    if not ENABLED or version is None:
        return None
    h = _holder(engine)
    copy = h.copy
    if copy is not None and copy.version == version:
        return copy
    with h.lock:
        if h.building or time.monotonic() < h.not_before:
            return None
        h.building = True
    threading.Thread(target=_build_behind, args=(engine, h), name="frontwatch-columns", daemon=True).start()
    return None


# the background build's nice value above the server's: on a busy machine the requests answered
# by the database meanwhile get the CPU first (Linux gives each thread its own nice value)
BUILD_NICENESS = 10


def _build_behind(engine: sa.Engine, h: _Holder) -> None:
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + BUILD_NICENESS)
    except (AttributeError, OSError):  # not Linux, or not allowed: build at the same priority
        pass
    _build_into(engine, h)


def ensure(engine: sa.Engine) -> Columns | None:
    """Build the copy now (in this thread) unless the current one is up to date; returns it.

    A build already running is waited for. None when there is no version or the build failed.
    """
    from frontwatch.store.aggregate import data_version

    if not ENABLED:
        return None
    version = data_version(engine)
    if version is None:
        return None
    h = _holder(engine)
    with h.done:
        while h.building:  # a background build: wait for it, then look again
            h.done.wait()
        if h.copy is not None and h.copy.version == version:
            return h.copy
        h.building = True
    _build_into(engine, h)
    return h.copy


def _build_into(engine: sa.Engine, h: _Holder) -> None:
    from frontwatch.store import columnar_delta  # both build on this module
    from frontwatch.store.aggregate import data_version
    from frontwatch.store.columnar_build import build

    pause = RETRY_AFTER_FAILURE_S
    try:
        # the version is read before the rows: a write in between makes the copy look older
        # than it is (rebuilt once more), never newer
        version = data_version(engine)
        with engine.connect() as conn, conn.begin():
            now, old = columnar_delta.mark(conn), h.copy
            copy = None if old is None else columnar_delta.refreshed(conn, old, version, now)
            how = "refreshed" if copy is not None else "built"
            if copy is None:
                copy = build(conn, version)
                copy.mark = now
        h.copy = copy
        pause = REBUILD_PAUSE_FACTOR * copy.built_s
        log.info("columns of %d events %s in %.2f s (%.0f MB)", copy.n, how, copy.built_s, copy.nbytes() / 1e6)
    except Exception as exc:  # noqa: BLE001 - the database path still answers everything
        log.warning("in-memory columns unavailable, counting in the database: %s", exc)
    finally:
        with h.lock:
            h.building = False
            h.not_before = time.monotonic() + pause
            h.done.notify_all()
