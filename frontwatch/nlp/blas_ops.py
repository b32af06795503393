"""spaCy's matrix products through numpy's BLAS instead of thinc's bundled BLIS (issue 15).

thinc's CPU backend multiplies with BLIS. On the development machine BLIS does about 40 GFLOPS
on the shapes the small English pipeline multiplies (600 tokens by 288 features), numpy's
OpenBLAS about 117 on one thread, and those products are about a third of the parse's CPU. Over
the 2,000 articles of ``bench/throughput.py`` (1.25 M tokens) every token's tag, part of speech,
morphology, lemma, dependency, head, entity and sentence start came out the same, and the parse
took 34 % less CPU (bench/RESULTS.md, ninth session).

Only the pipelines frontwatch loads get the new ops: each layer of their models is handed an
``OpenBlasOps``; thinc's global ops stay as they were. The parser's per-step hidden layer is
compiled against BLIS inside spaCy and keeps it.

numpy's BLAS is held to ``settings().torch_threads`` threads (one by default, ``native_threads``)
for the reason the encoder is: on a shared or multi-process machine a second BLAS thread spins
while its partner waits for a core, and costs CPU without saving time.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import numpy as np
from thinc.api import NumpyOps

from frontwatch import native_threads

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)


class OpenBlasOps(NumpyOps):  # type: ignore[misc]
    """NumpyOps whose ``gemm`` is numpy's ``matmul`` (float32 in, float32 out, as thinc's).

    At module level so that a pipeline holding it pickles (a spawned parse process receives it so).
    """

    name = "openblas"

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return np.matmul(a, b)
        np.matmul(a, b, out=out)
        return out


def install(pipe: Language) -> int:
    """Give every layer of ``pipe``'s models the numpy-BLAS ops; returns how many layers changed.

    A pipeline that does not run on thinc's CPU ops (a GPU, another backend) is left alone.
    """
    ops = OpenBlasOps()
    changed = 0
    for _name, component in pipe.components:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for layer in model.walk():
            # exactly thinc's CPU ops: anything else (CuPy, Apple, a subclass) knows its own hardware
            if type(layer.ops) is NumpyOps:
                layer.ops = ops
                changed += 1
    if changed:
        native_threads.limit()
    log.debug("numpy BLAS ops on %d layers", changed)
    return changed
