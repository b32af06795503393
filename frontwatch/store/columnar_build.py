"""Reading the events' lean columns from the database into a new in-memory copy (``columnar.Columns``).

One pass over the events in key order, batch by batch: numbers straight into numpy arrays,
strings dictionary-coded (a place's four names and a type with its sub-type each coded once as a
tuple), every distinct string lowered by the database itself so the copy's case-blind tests
agree with the SQL's. ``columnar`` keeps one copy per database and calls ``build`` when none is
current; ``columnar_delta`` refreshes one from the rows changed since.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import sqlalchemy as sa

from frontwatch.store import schema
from frontwatch.store.columnar import Columns, Strings, key_column
from frontwatch.store.filters import OUTLET_SEP

__all__ = ["build"]

_NO_ID = np.iinfo(np.int64).min  # a NULL place id: equal to no query's
_BATCH = 50_000


class _Coder:
    """Dictionary coding of one column (or of a tuple of columns), batch by batch."""

    def __init__(self) -> None:
        self.codes: dict[Any, int] = {None: 0}
        self.parts: list[np.ndarray] = []

    def add(self, values: Any) -> None:
        codes, get = self.codes, self.codes.get
        out = []
        for v in values:
            c = get(v)
            if c is None:
                c = codes[v] = len(codes)
            out.append(c)
        self.parts.append(np.array(out, dtype=np.int32))

    def combo_codes(self) -> np.ndarray:
        return np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=np.int32)

    def split(self, width: int) -> list[Strings]:
        """One coded column per position of the coded tuples (a place's four names are coded
        once per row as one tuple: one lookup instead of four)."""
        rows = self.combo_codes()
        out = []
        for j in range(width):
            values: dict[str | None, int] = {None: 0}
            mapping = np.array(
                [values.setdefault(None if combo is None else combo[j], len(values)) for combo in self.codes],
                dtype=np.int32,
            )
            out.append(Strings(mapping[rows], list(values)))
        return out

    def outlet_pairs(self) -> tuple[np.ndarray, Strings]:
        """From coded outlet lists: (row, outlet code) for each outlet of each row, and the names."""
        rows = self.combo_codes()
        names: dict[str | None, int] = {None: 0}
        lists = [[] if text is None else [o for o in text.split(OUTLET_SEP) if o] for text in self.codes]
        lengths = np.array([len(x) for x in lists], dtype=np.int32)
        pair_rows, pair_codes = [], []
        for j in range(int(lengths.max(initial=0))):
            code_at = np.array([names.setdefault(x[j], len(names)) if len(x) > j else 0 for x in lists], dtype=np.int32)
            having = np.flatnonzero(lengths[rows] > j)
            pair_rows.append(having)
            pair_codes.append(code_at[rows[having]])
        if not pair_rows:
            return np.zeros(0, dtype=np.int64), Strings(np.zeros(0, dtype=np.int32), list(names))
        return np.concatenate(pair_rows), Strings(np.concatenate(pair_codes), list(names))


_PLACE = ("country_code", "country", "admin1", "location")
_KIND = ("event_type", "sub_event_type")


def _batches(conn: sa.Connection, sel: Any) -> Any:
    """The rows of ``sel`` in lists of ``_BATCH``: straight from the driver's cursor on SQLite
    (a million rows through SQLAlchemy's row objects cost seconds more), a server-side cursor
    on PostgreSQL."""
    if conn.dialect.name == "sqlite":
        cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            compiled = sel.compile(dialect=conn.dialect)
            cur.execute(str(compiled), [compiled.params[k] for k in compiled.positiontup or ()])
            while batch := cur.fetchmany(_BATCH):
                yield batch
        finally:
            cur.close()
        return
    yield from conn.execution_options(stream_results=True, yield_per=_BATCH).execute(sel).partitions(_BATCH)


def build(conn: sa.Connection, version: str | None, *, where: Any = ()) -> Columns:
    """Read the lean columns of every event (or of those ``where`` selects) into a new copy."""
    t0 = time.perf_counter()
    t = schema.events
    key = key_column(conn)
    cols = [key, t.c.event_date, t.c.latitude, t.c.longitude, t.c.fatalities, t.c.disputed, t.c.geonameid]
    cols += [t.c[c] for c in (*_KIND, *_PLACE)] + [t.c.outlets]
    sel = sa.select(*cols).where(*where).order_by(key)
    keys: list[np.ndarray] = []
    num: dict[str, list[np.ndarray]] = {k: [] for k in ("day", "lat", "lon", "fat", "disputed", "geonameid")}
    kinds, places, outlet_lists = _Coder(), _Coder(), _Coder()
    for batch in _batches(conn, sel):
        c = list(zip(*batch, strict=True))
        keys.append(np.array(c[0], dtype=np.int64 if conn.dialect.name == "sqlite" else object))
        num["day"].append(np.array(c[1], dtype="datetime64[D]").astype(np.int64).astype(np.int32))
        num["lat"].append(np.array(c[2], dtype=np.float64))  # None becomes NaN
        num["lon"].append(np.array(c[3], dtype=np.float64))
        num["fat"].append(np.array(c[4], dtype=np.int64))
        num["disputed"].append(np.array(c[5], dtype=bool))
        ids = np.array(c[6], dtype=np.float64)  # place ids are far below 2**53: exact
        num["geonameid"].append(np.where(np.isnan(ids), _NO_ID, np.nan_to_num(ids)).astype(np.int64))
        kinds.add(zip(c[7], c[8], strict=True))
        places.add(zip(c[9], c[10], c[11], c[12], strict=True))
        outlet_lists.add(c[13])
    strings = dict(zip((*_KIND, *_PLACE), [*kinds.split(2), *places.split(4)], strict=True))
    outlet_rows, outlets = outlet_lists.outlet_pairs()
    for s in [*strings.values(), outlets]:
        s.lowered = _lowered(conn, s.values)
    cols_out = Columns(
        version=version,
        keys=np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64),
        num={k: np.concatenate(v) if v else np.zeros(0) for k, v in num.items()},
        strings=strings,
        outlet_rows=outlet_rows,
        outlets=outlets,
    )
    cols_out.built_s = time.perf_counter() - t0
    return cols_out


def _lowered(conn: sa.Connection, values: list[str | None]) -> list[str | None]:
    """The database's ``lower()`` of each value: the copy's case-blind tests are the SQL's."""
    out: list[str | None] = []
    for i in range(0, len(values), 400):
        chunk = values[i : i + 400]
        sel = sa.select(*(sa.func.lower(sa.literal(v, sa.String)) for v in chunk))
        out += list(conn.execute(sel).one())
    return out
