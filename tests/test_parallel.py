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


def test_an_existing_dask_cluster_streams_and_stores_in_order(tmp_path, monkeypatch):
    """A real LocalCluster of two workers reached by its address, as `--dask tcp://...` reaches one."""
    from dask.distributed import LocalCluster

    from frontwatch import parallel
    from frontwatch.ingest import read_paths

    corpus = ROOT / "examples" / "demo.jsonl"
    seq, dsk = f"sqlite:///{tmp_path / 'seq.db'}", f"sqlite:///{tmp_path / 'dask.db'}"
    service.ingest_paths([corpus], db_url=seq)
    monkeypatch.setattr(parallel, "WINDOW_PER_WORKER", 1)  # two in flight: the input is read as it is stored
    read, ahead = [0], []

    def items():
        for r in read_paths([corpus]):
            read[0] += 1
            yield r.source, r.article, r.error

    def progress(o: service.ArticleOutcome) -> None:
        ahead.append(read[0] - len(ahead) - 1)  # read but not yet stored when this one was stored

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    store = service.open_db(dsk)
    try:
        summary = service.ingest_articles(store, items(), progress=progress, scheduler=cluster.scheduler_address)
    finally:
        store.close()
        cluster.close()
    assert summary.stored == 12 and [o.article_id for o in summary.outcomes] == [
        json.loads(line)["id"] for line in corpus.read_text(encoding="utf-8").splitlines()
    ]
    assert max(ahead) <= 3  # never the whole file: at most the window (2) and the one being decided
    assert json.dumps(_events(seq), sort_keys=True) == json.dumps(_events(dsk), sort_keys=True)
