"""Train (or reuse) the cached multilingual event-type classifier (multilingual-e5 embeddings, ``lang.e5_encoder``).

    .venv/bin/python scripts/train_multilingual.py [--force]

The weights land in ``settings().cache_dir / multilingual-classifier-<hash>.npz``, where
``frontwatch.lang.embed`` finds them; the library also trains on the first non-English article.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from frontwatch.lang import embed  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--force", action="store_true", help="retrain even when the cached weights exist")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    path = embed.model_path()
    if path.exists() and not args.force:
        print(f"cached: {path}")
        return 0
    t0, c0 = time.perf_counter(), time.process_time()
    embed.train(path)
    print(f"trained: {path} ({time.perf_counter() - t0:.1f} s wall, {time.process_time() - c0:.1f} s CPU)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
