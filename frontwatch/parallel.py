"""Scale-out: analyse articles in Dask worker processes, store them from the caller.

The NLP stages are the slow part and need no database, so they run on a Dask
``LocalCluster`` (or any scheduler address given); the caller keeps the one-transaction-per-article
writes and the incremental same-event linking, in input order, so the result is the same as a
sequential ingest.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from frontwatch.model import Article
from frontwatch.pipeline import ArticleAnalysis, analyse


def _analyse_for_transfer(article: Article) -> ArticleAnalysis:
    result = analyse(article)
    result.doc = None  # the spaCy Doc stays in the worker: nothing downstream reads it
    return result


def analyse_many(
    articles: Sequence[Article], *, workers: int = 2, scheduler: str | None = None
) -> Iterator[ArticleAnalysis]:
    """The analyses of ``articles``, in input order, computed by ``workers`` processes.

    ``scheduler``: the address of a running Dask scheduler ("tcp://host:8786"); by default a
    local cluster of ``workers`` single-threaded processes is started and stopped here.
    """
    from dask.distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(_analyse_for_transfer, list(articles), pure=False)
        for fut in futures:
            yield fut.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
