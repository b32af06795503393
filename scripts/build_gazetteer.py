"""Build (or rebuild with --force) the derived gazetteer file from PyPI package data.

.venv/bin/python scripts/build_gazetteer.py [--force] [--path FILE]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from frontwatch.geo.build import build_gazetteer  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build the frontwatch gazetteer (GeoNames data, CC BY 4.0).")
    ap.add_argument("--force", action="store_true", help="rebuild even when the file exists")
    ap.add_argument("--path", type=Path, default=None, help="output file (default: the cache directory)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    path = build_gazetteer(path=args.path, force=args.force)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
