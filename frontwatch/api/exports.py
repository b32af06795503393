"""The export formats beyond CSV: GeoJSON points and a Parquet table, from ``event_row`` shapes."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from frontwatch.export import ACLED_COLUMNS, event_row
from frontwatch.model import Event

# typed Parquet columns; every other ACLED column is a (possibly null) string
_INT_COLUMNS = ("year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp")
_FLOAT_COLUMNS = ("latitude", "longitude")
# provenance kept beside ACLED's columns so a Parquet row can be traced back like a JSON one
_EXTRA_COLUMNS = ("event_id", "country_code", "geonameid", "fatalities_low", "fatalities_high", "disputed")


def geojson(events: Sequence[Event]) -> dict[str, Any]:
    features = []
    for e in events:
        row = event_row(e)
        features.append(
            {
                "type": "Feature",
                "id": e.event_id,
                "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                "properties": row,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def parquet(events: Sequence[Event]) -> bytes:
    """ACLED's columns in ACLED's order, then provenance columns; nested fields as JSON text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

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
    schema = pa.schema(fields)
    rows = []
    for e in events:
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
        rows.append(out)
    table = pa.Table.from_pylist(rows, schema=schema)
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()
