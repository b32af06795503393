"""Scale-out: analyse articles on Dask workers, store them from the caller as they come back.

The NLP stages are the slow part and need no database, so they run on Dask workers: a
``LocalCluster`` of single-threaded processes started here (``--workers N``), or an existing
cluster reached through its scheduler's address (``--dask tcp://host:8786``). The caller keeps
the one-transaction-per-article writes and the incremental same-event linking, in input order,
so the result is the one a sequential ingest gives.

The input is streamed: at most ``window`` articles are in flight (read, sent, analysed, not yet
stored), so a file of any size takes bounded memory, and each result is stored as soon as it
and every article before it are back. Each worker loads the models once (``warm_up`` on every
worker at the start, then kept by the worker process) and keeps them for all its articles.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from frontwatch.model import Article
from frontwatch.pipeline import ArticleAnalysis, analyse

log = logging.getLogger(__name__)

Item = tuple[str, Article | None, str | None]  # (source, article, read error), as service takes them
# articles in flight per worker: enough that no worker waits while the caller stores, few
# enough that memory stays flat
WINDOW_PER_WORKER = 8


def _analyse_for_transfer(article: Article) -> ArticleAnalysis:
    result = analyse(article)
    result.doc = None  # the spaCy Doc stays in the worker: nothing downstream reads it
    return result


def _warm_up() -> float:
    from frontwatch.watch import warm_up

    return warm_up()


def analyse_stream(
    items: Iterable[Item],
    *,
    wanted: Callable[[Article], bool],
    workers: int = 2,
    scheduler: str | None = None,
    window: int | None = None,
) -> Iterator[tuple[Item, ArticleAnalysis | None]]:
    """Each item with its analysis (None where ``wanted`` said no, or the worker failed), in input order.

    ``scheduler``: the address of a running Dask scheduler ("tcp://host:8786"); by default a
    local cluster of ``workers`` single-threaded processes is started and stopped here.
    """
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        client.run(_warm_up)  # every worker loads its models now, in parallel, not on its first article
        limit = window or WINDOW_PER_WORKER * n_workers
        pending: deque[tuple[Item, Any]] = deque()
        for item in items:
            article = item[1]
            fut = client.submit(_analyse_for_transfer, article, pure=False) if article and wanted(article) else None
            pending.append((item, fut))
            # hand back everything already finished at the head; block only when the window is full
            while pending and (len(pending) > limit or pending[0][1] is None or pending[0][1].done()):
                yield _take(pending)
        while pending:
            yield _take(pending)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _take(pending: deque[tuple[Item, Any]]) -> tuple[Item, ArticleAnalysis | None]:
    item, fut = pending.popleft()
    if fut is None:
        return item, None
    try:
        return item, fut.result()
    except Exception as exc:  # noqa: BLE001 - a lost worker or a crash: the caller analyses it itself
        log.warning("%s: analysis on the cluster failed (%s: %s); analysing here", item[0], type(exc).__name__, exc)
        return item, None
