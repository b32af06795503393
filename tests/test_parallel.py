"""Scale-out with Dask: analysis in worker processes gives exactly the sequential result."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from frontwatch import service
from frontwatch.export import event_row

pytestmark = pytest.mark.slow


def _events(url: str) -> list[dict]:
    store = service.open_db(url)
    rows = [event_row(e) for e in service.list_events(store)]
    store.close()
    for r in rows:
        r.pop("merge_reasons")
    return rows


def test_two_workers_store_what_one_process_stores(tmp_path):
    corpus = ROOT / "examples" / "demo.jsonl"
    seq, par = f"sqlite:///{tmp_path / 'seq.db'}", f"sqlite:///{tmp_path / 'par.db'}"
    one = service.ingest_paths([corpus], db_url=seq)
    two = service.ingest_paths([corpus], db_url=par, workers=2)
    assert one.stored == two.stored == len(corpus.read_text(encoding="utf-8").splitlines())
    assert json.dumps(_events(seq), sort_keys=True) == json.dumps(_events(par), sort_keys=True)
    again = service.ingest_paths([corpus], db_url=par, workers=2)
    assert again.stored == 0 and again.duplicates == one.stored
