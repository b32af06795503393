"""What one long article costs the pipeline: wall and CPU seconds and peak memory by length.

Each length runs in a fresh process (so peak RSS is that article's, models included): the seed
articles from ../shared joined with blank lines and repeated, cut to the length, through
``frontwatch.pipeline.analyse``. It is the measurement behind ``Settings.max_article_chars``
(docs/reliability.md). Usage: ``python bench/article_size.py [CHARS ...]`` (default 10000 50000 100000).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds" / "seeds.jsonl"


def one(chars: int) -> dict[str, float]:
    from frontwatch.model import Article
    from frontwatch.pipeline import analyse

    texts = [json.loads(line)["text"] for line in SEEDS.open(encoding="utf-8")]
    body = "\n\n".join(texts)
    body = (body + "\n\n") * (chars // len(body) + 1)
    # the models load on a short article first, so the figures are the long article's own
    analyse(Article(id="warm", text=texts[0], published=date(2021, 1, 1)))
    wall, cpu = time.perf_counter(), time.process_time()
    result = analyse(Article(id="long", text=body[:chars], published=date(2021, 1, 1)))
    return {
        "chars": chars,
        "wall_s": round(time.perf_counter() - wall, 1),
        "cpu_s": round(time.process_time() - cpu, 1),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "reports": len(result.reports),
    }


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        print(json.dumps(one(int(argv[1]))))
        return
    for chars in [int(a) for a in argv] or [10_000, 50_000, 100_000]:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(chars)], capture_output=True, text=True, check=True
        ).stdout
        print(out.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
