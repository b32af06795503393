"""Bringing an in-memory columnar copy up to date without reading every event again (SQLite).

During continuous ingest every write makes the copy of ``store.columnar`` stale, and a full
rebuild at a million events takes 6-15 s of CPU, so the page counted in the database most of
the time. What changed since a copy was built is known from two structures kept by triggers
(``schema.SQLITE_REWRITE_DDL``, migration 006):

- ``event_rewrites``: the rowid of every event row updated, with the sequence number of its
  latest update (one row per event, however often it changes);
- ``event_deletes``: how many event rows were ever deleted.

New events get rowids above the copy's highest (SQLite gives a new row the highest rowid plus
one, and the only way to reuse one is to delete the highest row, which counts as a delete). So
a copy is refreshed by reading the rows above its highest rowid and the rows rewritten since its
sequence number, and merging them in: changed rows patched in place, new rows appended. A
delete (or a database without the triggers, or PostgreSQL, whose keys are event ids in no
insertion order) means a full rebuild, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlalchemy as sa

from frontwatch.store import schema
from frontwatch.store.columnar import Columns, Strings
from frontwatch.store.columnar_build import build

__all__ = ["Mark", "mark", "refreshed"]

# above this share of the copy's rows changed, a rebuild reads less than a patch
_MOST_CHANGED = 0.25


@dataclass(frozen=True)
class Mark:
    """Where the change record stood when a copy was read: the latest rewrite's sequence number
    and the number of deletes."""

    seq: int
    deletes: int


def mark(conn: sa.Connection) -> Mark | None:
    """The change record's position now, or None where there is none (PostgreSQL, an older database)."""
    if conn.dialect.name != "sqlite":
        return None
    try:
        seq = conn.exec_driver_sql(f"SELECT coalesce(max(seq), 0) FROM {schema.SQLITE_REWRITES}").scalar_one()
        deletes = conn.exec_driver_sql(f"SELECT n FROM {schema.SQLITE_DELETES} WHERE id = 1").scalar_one()
    except sa.exc.DBAPIError:  # migration 006 not applied: the copy is rebuilt as before
        return None
    return Mark(int(seq), int(deletes))


def refreshed(conn: sa.Connection, copy: Columns, version: str | None, now: Mark | None) -> Columns | None:
    """``copy`` brought up to ``version`` from the rows changed or added since it was read; None
    when only a rebuild can do it. ``now`` is ``mark(conn)``, read before any row (a write in
    between is read again next time: patching a row twice gives the same row)."""
    was = copy.mark
    if now is None or was is None or now.deletes != was.deletes or copy.keys.dtype != np.int64:
        return None
    rowid: Any = sa.literal_column("events.rowid")
    highest = int(copy.keys[-1]) if copy.n else 0
    rewritten: Any = sa.select(sa.literal_column("key")).select_from(sa.table(schema.SQLITE_REWRITES))
    rewritten = rewritten.where(sa.literal_column("seq") > was.seq)
    patched = rewritten.where(sa.literal_column("key") <= highest).subquery()
    n_rewritten = conn.execute(sa.select(sa.func.count()).select_from(patched)).scalar_one()
    if n_rewritten > _MOST_CHANGED * copy.n:
        return None
    # a union, not "rowid > highest OR rowid IN (...)": SQLite answers that OR with a full scan
    above = sa.select(rowid).select_from(schema.events).where(rowid > highest)
    delta = build(conn, version, where=[rowid.in_(sa.union(above, rewritten))])
    merged = merge(copy, delta)
    if merged is not None:
        merged.mark = now
        merged.built_s = delta.built_s
    return merged


def merge(copy: Columns, delta: Columns) -> Columns | None:
    """A new copy: ``copy`` with the rows of ``delta`` (same keys: replaced; higher keys:
    appended). None when a row of ``delta`` would land between the copy's rows."""
    n = copy.n
    pos = np.searchsorted(copy.keys, delta.keys)
    inside = pos < n
    known = np.zeros(delta.n, dtype=bool)
    known[inside] = copy.keys[pos[inside]] == delta.keys[inside]
    new = ~known
    if new.any() and n and delta.keys[new].min() <= copy.keys[-1]:
        return None  # a rowid below the highest that the copy never saw: not an append
    at = pos[known]  # the copy's rows that changed
    # where each delta row goes in the merged copy
    goes = np.empty(delta.n, dtype=np.int64)
    goes[known] = at
    goes[new] = n + np.arange(int(new.sum()))

    def patched(old: np.ndarray, fresh: np.ndarray) -> np.ndarray:
        out = np.concatenate([old, fresh[new]])
        out[at] = fresh[known]
        return out

    strings = {}
    for col, s in copy.strings.items():
        merged, codes = _merge_strings(s, delta.strings[col])
        merged.codes = patched(s.codes, codes)
        strings[col] = merged
    outlets, outlet_codes = _merge_strings(copy.outlets, delta.outlets)
    # an outlet pair per (row, outlet): the changed rows' pairs replaced by their new ones
    keep = ~np.isin(copy.outlet_rows, at)
    outlet_rows = np.concatenate([copy.outlet_rows[keep], goes[delta.outlet_rows]])
    outlets.codes = np.concatenate([copy.outlets.codes[keep], outlet_codes])
    return Columns(
        version=delta.version,
        keys=patched(copy.keys, delta.keys),
        num={k: patched(v, delta.num[k]) for k, v in copy.num.items()},
        strings=strings,
        outlet_rows=outlet_rows,
        outlets=outlets,
    )


def _merge_strings(old: Strings, fresh: Strings) -> tuple[Strings, np.ndarray]:
    """(the old dictionary with the fresh one's new values added, the fresh codes in it)."""
    values, lowered = list(old.values), list(old.lowered)
    index = {v: i for i, v in enumerate(values)}
    mapping = np.zeros(len(fresh.values), dtype=np.int32)
    for i, v in enumerate(fresh.values):
        code = index.get(v)
        if code is None:
            code = index[v] = len(values)
            values.append(v)
            lowered.append(fresh.lowered[i])
        mapping[i] = code
    return Strings(np.zeros(0, dtype=np.int32), values, lowered), mapping[fresh.codes]
