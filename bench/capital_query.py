"""Time ``Gazetteer.capital_of_admin1`` (the provincial-capital lookup of ACLED geo_precision 3).

    .venv/bin/python bench/capital_query.py [--calls 20]

Opens the gazetteer in the cache directory (built first if missing), warms the name cache, then
times repeated lookups of eight provinces and prints wall and CPU milliseconds per call and the
query plan of the capital query.
"""

from __future__ import annotations

import argparse
import time

from frontwatch.geo.build import gazetteer_path
from frontwatch.geo.gazetteer import Gazetteer

# provinces of several countries, each with a capital in the packaged data
_CASES = [
    ("AF", "Kabul"),
    ("AF", "Kunduz"),
    ("AF", "Nangarhar"),
    ("SY", "Aleppo"),
    ("UA", "Kharkiv"),
    ("US", "Texas"),
    ("NG", "Borno"),
    ("ML", "Mopti"),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=20, help="rounds over the eight provinces")
    args = ap.parse_args()
    gaz = Gazetteer.open(gazetteer_path())
    for cc, name in _CASES:
        gaz.capital_of_admin1(cc, name)  # the province lookup itself is cached per name
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(args.calls):
        for cc, name in _CASES:
            gaz.capital_of_admin1(cc, name)
    n = args.calls * len(_CASES)
    wall, cpu = (time.perf_counter() - t0) / n * 1000, (time.process_time() - c0) / n * 1000
    print(f"capital_of_admin1: {wall:.2f} ms wall, {cpu:.2f} ms CPU per call ({n} calls)")
    plan = gaz._con.execute(
        "EXPLAIN QUERY PLAN SELECT geonameid FROM places WHERE admin1_code = ? AND feature = 'city' "
        "ORDER BY population DESC LIMIT 30",
        ("AF.13",),
    ).fetchall()
    print("plan:", "; ".join(str(row[-1]) for row in plan))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
