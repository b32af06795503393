"""CPU per pipeline stage and in the sentence encoder, over a JSONL corpus (issue 15).

    .venv/bin/python bench/stage_cpu.py CORPUS.jsonl

Times ``time.process_time()`` around every ``pipeline._run_stage`` and every encoder call while
``analyse_batches`` reads the corpus (models loaded before the clock starts); what is left is the
spaCy parse and the rest. No profiler, so the figures are what ingest spends, storage excepted.
``bench/throughput.py`` writes a corpus to use (its 2,000 articles, or every tenth of them).
"""

from __future__ import annotations

import collections
import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from frontwatch import nlp  # noqa: E402
from frontwatch import pipeline as P  # noqa: E402
from frontwatch.events import classify as C  # noqa: E402
from frontwatch.model import Article  # noqa: E402


def main() -> None:
    spent: collections.Counter[str] = collections.Counter()
    sentences = 0
    run_stage, encode = P._run_stage, C.SentenceTransformerEncoder.encode

    def timed_stage(st, result):  # type: ignore[no-untyped-def]
        t = time.process_time()
        ok = run_stage(st, result)
        spent[st.name] += time.process_time() - t
        return ok

    def timed_encode(self, texts):  # type: ignore[no-untyped-def]
        nonlocal sentences
        t = time.process_time()
        vectors = encode(self, texts)
        spent["encode"] += time.process_time() - t
        sentences += len(texts)
        return vectors

    P._run_stage = timed_stage  # type: ignore[assignment]
    C.SentenceTransformerEncoder.encode = timed_encode  # type: ignore[method-assign]
    C.default_classifier().classify(["warm the encoder up before the clock starts"])
    nlp.load()
    spent.clear()
    sentences = 0
    articles = []
    # JSONL is split on "\n" only: a text may hold U+2028, which splitlines() would cut at
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        r = json.loads(line)
        published = date.fromisoformat(r.get("published") or "2020-01-06")
        articles.append((r["id"], Article(id=r["id"], text=r["text"], published=published, outlet=r.get("outlet", ""))))
    words = sum(len(a.text.split()) for _, a in articles)
    t0 = time.process_time()
    n = sum(1 for _ in P.analyse_batches(iter(articles)))
    total = time.process_time() - t0
    print(
        f"articles {n} words {words} CPU {total:.1f} s = {total / n * 1000:.0f} ms/article, "
        f"{words / total:.0f} words/CPU s; sentences encoded {sentences}"
    )
    for name, s in spent.most_common():
        print(f"  {name:16s} {s:7.1f} s {s / n * 1000:6.1f} ms/article")
    rest = total - sum(spent.values())
    print(f"  {'parse and rest':16s} {rest:7.1f} s {rest / n * 1000:6.1f} ms/article")


if __name__ == "__main__":
    main()
