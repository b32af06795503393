"""Sentence-encoder speed on the pipeline's own sentences (issue 15).

    .venv/bin/python bench/encoders.py [--encoders float32,bfloat16,static] [--articles 328]

The sentences: every sentence ``frontwatch.nlp.sentences`` finds in the shared texts that
``bench/throughput.py`` builds its corpus from (geoparse dev, news-dev, news-dev2, seeds),
i.e. what ``stage_classify`` hands the encoder. Each encoder encodes all of them in batches
of 16 articles (as ``pipeline.analyse_batches`` does), one torch thread, after a warm-up call
that loads the model. Reported: sentences and words per CPU second, CPU ms per article, and
for each encoder the mean and lowest cosine of its vectors to float32 MiniLM's (the static
table lives in another space, so it has none).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import base_texts  # noqa: E402

from frontwatch import nlp  # noqa: E402
from frontwatch.events import classify as C  # noqa: E402
from frontwatch.events.static_encoder import StaticEncoder  # noqa: E402


def article_sentences(n: int) -> list[list[str]]:
    recs = base_texts()[:n]
    pipe = nlp.load()
    docs = pipe.pipe([r["text"] for r in recs], batch_size=16)
    return [[s.text for s in nlp.sentences(r["id"], r["text"], d)] for r, d in zip(recs, docs, strict=True)]


def make(name: str) -> C.Encoder:
    if name == "static":
        return StaticEncoder(C.minilm_encoder("float32").path)
    return C.minilm_encoder(name)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--encoders", default="float32,bfloat16,static")
    ap.add_argument("--articles", type=int, default=328)
    args = ap.parse_args()
    articles = article_sentences(args.articles)
    flat = [s for a in articles for s in a]
    batches = [[s for a in articles[i : i + 16] for s in a] for i in range(0, len(articles), 16)]
    words = sum(len(s.split()) for s in flat)
    print(f"{len(articles)} articles, {len(flat)} sentences, {words} words", flush=True)
    reference: np.ndarray | None = None
    for name in args.encoders.split(","):
        encoder = make(name)
        encoder.encode(["warm-up: the model and its tables load here, untimed"])
        t0, c0 = time.perf_counter(), time.process_time()
        vecs = np.concatenate([encoder.encode(b) for b in batches])
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        line = (
            f"{encoder.name:32s} {len(flat) / cpu:8.1f} sentences/CPU s  {words / cpu:9.0f} words/CPU s  "
            f"{cpu / len(articles) * 1000:6.1f} CPU ms/article  (CPU {cpu:.1f} s, wall {wall:.1f} s)"
        )
        if name == "float32":
            reference = vecs
        elif reference is not None and vecs.shape == reference.shape and name != "static":
            cos = (vecs * reference).sum(axis=1)
            line += f"  cosine to float32 mean {cos.mean():.4f} min {cos.min():.4f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
