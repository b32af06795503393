"""The export formats: CSV, GeoJSON points and a Parquet table, from ``event_row`` shapes.

Each has a streaming form (``*_chunks``) that reads the events one at a time from an iterator
and yields the file piece by piece, so an export of a million events never sits in memory;
the whole-value forms (``geojson``, ``parquet``) are those chunks joined, for small lists.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from frontwatch.export import ACLED_COLUMNS, event_row, events_csv_chunks
from frontwatch.model import Event

# events per Parquet row group (and per CSV / GeoJSON chunk): a few MB of memory at most
CHUNK_EVENTS = 1000

# typed Parquet columns; every other ACLED column is a (possibly null) string
_INT_COLUMNS = ("year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp")
_FLOAT_COLUMNS = ("latitude", "longitude")
# provenance kept beside ACLED's columns so a Parquet row can be traced back like a JSON one
_EXTRA_COLUMNS = ("event_id", "country_code", "geonameid", "fatalities_low", "fatalities_high", "disputed")


def csv_chunks(events: Iterable[Event]) -> Iterator[str]:
    """``frontwatch.export.events_csv``, ``CHUNK_EVENTS`` rows at a time."""
    return events_csv_chunks(events, every=CHUNK_EVENTS)


def _feature(e: Event) -> dict[str, Any]:
    row = event_row(e)
    return {
        "type": "Feature",
        "id": e.event_id,
        "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
        "properties": row,
    }


def geojson_chunks(events: Iterable[Event]) -> Iterator[str]:
    """A GeoJSON FeatureCollection written one feature at a time."""
    yield '{"type": "FeatureCollection", "features": ['
    parts: list[str] = []
    first = True
    for e in events:
        parts.append(("" if first else ", ") + json.dumps(_feature(e), ensure_ascii=False))
        first = False
        if len(parts) >= CHUNK_EVENTS:
            yield "".join(parts)
            parts = []
    parts.append("]}")
    yield "".join(parts)


def geojson(events: Sequence[Event]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [_feature(e) for e in events]}


class _Drain(io.RawIOBase):
    """A write-only file whose bytes are taken out as they arrive (Parquet's sink)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._pos = 0

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        data = bytes(b)
        self._parts.append(data)
        self._pos += len(data)
        return len(data)

    def tell(self) -> int:
        return self._pos

    def take(self) -> bytes:
        out = b"".join(self._parts)
        self._parts = []
        return out


def parquet_chunks(events: Iterable[Event]) -> Iterator[bytes]:
    """A Parquet file, one row group of ``CHUNK_EVENTS`` events at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    sink = _Drain()
    writer = pq.ParquetWriter(sink, schema)
    rows: list[dict[str, Any]] = []
    for e in events:
        rows.append(_parquet_row(e))
        if len(rows) >= CHUNK_EVENTS:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            rows = []
            yield sink.take()
    if rows:
        writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    writer.close()  # an empty export is still a valid file: the schema and no row group
    yield sink.take()


def parquet(events: Sequence[Event]) -> bytes:
    """ACLED's columns in ACLED's order, then provenance columns; nested fields as JSON text."""
    return b"".join(parquet_chunks(events))


def _parquet_schema() -> Any:
    import pyarrow as pa

    fields: list[Any] = []
    for col in ACLED_COLUMNS:
        if col in _INT_COLUMNS:
            fields.append(pa.field(col, pa.int64()))
        elif col in _FLOAT_COLUMNS:
            fields.append(pa.field(col, pa.float64()))
        else:
            fields.append(pa.field(col, pa.string()))
    fields += [
        pa.field("event_id", pa.string()),
        pa.field("country_code", pa.string()),
        pa.field("geonameid", pa.int64()),
        pa.field("fatalities_low", pa.int64()),
        pa.field("fatalities_high", pa.int64()),
        pa.field("disputed", pa.bool_()),
        pa.field("article_ids", pa.list_(pa.string())),
        pa.field("claims_json", pa.string()),
        pa.field("conflicts_json", pa.string()),
        pa.field("evidence_json", pa.string()),
    ]
    return pa.schema(fields)


def _parquet_row(e: Event) -> dict[str, Any]:
    row = event_row(e)
    out: dict[str, Any] = {}
    for col in ACLED_COLUMNS:
        value = row.get(col)
        if col in _INT_COLUMNS or col in _FLOAT_COLUMNS:
            out[col] = value
        else:
            out[col] = None if value is None else str(value)
    for col in _EXTRA_COLUMNS:
        out[col] = bool(e.conflicts) if col == "disputed" else row.get(col)
    out["article_ids"] = row["article_ids"]
    out["claims_json"] = json.dumps(row["claims"], ensure_ascii=False)
    out["conflicts_json"] = json.dumps(row["conflicts"], ensure_ascii=False)
    out["evidence_json"] = json.dumps(row["evidence"], ensure_ascii=False)
    return out
