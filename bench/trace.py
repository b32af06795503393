"""Print what every stage found in each sentence of some articles (for debugging the pipeline).

.venv/bin/python bench/trace.py ../shared/seeds/seeds.jsonl [ARTICLE_ID ...]
"""

from __future__ import annotations

import json
import sys
from datetime import date

from frontwatch.model import Article
from frontwatch.pipeline import analyse


def main() -> int:
    path, wanted = sys.argv[1], set(sys.argv[2:])
    for line in open(path, encoding="utf-8"):
        rec = json.loads(line)
        if wanted and rec["id"] not in wanted:
            continue
        art = Article(
            id=rec["id"], text=rec["text"], published=date.fromisoformat(rec["published"]), outlet=rec.get("outlet", "")
        )
        a = analyse(art)
        print(f"=== {art.id} ({art.published}, {art.outlet}) warnings={a.warnings}")
        for s in a.signals:
            flags = ("C" if s.is_caption else "") + ("H" if s.hypothetical else "")
            print(
                f"[{s.sentence.index}] {flags} {s.label.label} {s.label.score:.2f}{'R' if s.label.by_rule else ''} :: {s.sentence.text[:150]}"
            )
            if s.toponyms:
                print(
                    "     places:",
                    [
                        (t.name, t.place.name if t.place else None, t.place.feature if t.place else None)
                        for t in s.toponyms
                    ],
                )
            if s.dates:
                print("     dates:", [(d.text, d.day.isoformat(), d.precision) for d in s.dates])
            if s.counts:
                print("     counts:", [(c.text, c.kind, c.low, c.best) for c in s.counts])
            if s.actors:
                print("     actors:", [(x.text, x.actor.name, x.generic, x.is_source) for x in s.actors])
        for c in a.claims:
            print(
                f"  CLAIM {c.source!r} [{c.source_type},{c.stance},{c.verb}] {c.topic}={c.value} :: {art.text[c.start : c.end][:120]}"
            )
        for r in a.reports:
            print(
                f"  REPORT {r.report_id} {r.event_date.day} p{r.event_date.precision} {r.place.name} g{r.geo_precision} "
                f"{r.sub_event_type} a1={r.actor1.name if r.actor1 else None} a2={r.actor2.name if r.actor2 else None} "
                f"claims={len(r.claims)}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
