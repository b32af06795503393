"""Burst test for same-event linking (issue 6): one event reported 20 times in varied wording
over three days, mixed with 20 reports of 10 other events in nearby places and on nearby days.

    .venv/bin/python bench/dedup.py

The reports are written here (short invented wire copy about a fictionalised clash pattern,
placed in real towns so the gazetteer resolves them). Goal: stored events / real events at
most 1.1, and no wrong merge (no stored event holding reports of two different real events).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

BURST_DAY = date(2019, 6, 3)  # a Monday

# 20 ways of reporting one Monday attack on Kunduz city, by publication day offset.
BURST = [
    (
        0,
        "Taliban fighters attacked the city of Kunduz on Monday, clashing with Afghan forces near the governor's compound, officials said.",
    ),
    (
        0,
        "Heavy fighting broke out in Kunduz on Monday as Taliban insurgents stormed several checkpoints on the edge of the city.",
    ),
    (
        0,
        "Afghan security forces battled Taliban militants in the northern city of Kunduz on Monday, a police spokesman said.",
    ),
    (
        0,
        "Insurgents launched a pre-dawn assault on Kunduz on Monday and exchanged fire with soldiers for hours, residents said.",
    ),
    (
        0,
        "Gunfire echoed across Kunduz city on Monday after Taliban fighters pushed into two neighbourhoods, local officials told reporters.",
    ),
    (
        0,
        "The Taliban assaulted Kunduz today, fighting government troops in the streets, the provincial governor's office said.",
    ),
    (0, "Fierce clashes erupted between the Taliban and Afghan troops in Kunduz on Monday morning, witnesses said."),
    (
        1,
        "Taliban militants attacked Kunduz city yesterday and fought Afghan forces until nightfall, the interior ministry said.",
    ),
    (
        1,
        "Afghan forces repelled a Taliban attack on the city of Kunduz on Monday after hours of fighting, officials said on Tuesday.",
    ),
    (
        1,
        "Fighting between Taliban insurgents and the army in Kunduz on Monday left several dead, a hospital official said.",
    ),
    (1, "A Taliban offensive on Kunduz city on Monday was pushed back by Afghan commandos, the defence ministry said."),
    (1, "Residents of Kunduz described a night of gunfire after the Taliban attacked the city on Monday."),
    (
        1,
        "The Taliban said its fighters entered Kunduz on Monday, while the government said troops held their positions.",
    ),
    (
        1,
        "Clashes in Kunduz on Monday between Taliban fighters and security forces killed at least eight people, police said.",
    ),
    (
        2,
        "Two days after Taliban fighters attacked Kunduz, officials said on Wednesday the city was calm; the assault on Monday was repelled.",
    ),
    (
        2,
        "Afghan officials on Wednesday gave new details of Monday's Taliban attack on Kunduz, saying the militants fought troops for ten hours.",
    ),
    (
        2,
        "The Taliban attack on Kunduz on Monday killed at least ten people, a provincial health official said on Wednesday.",
    ),
    (
        2,
        "Kunduz residents returned to the markets on Wednesday after Monday's clashes between the Taliban and Afghan soldiers in the city.",
    ),
    (
        2,
        "An inquiry will examine how Taliban fighters reached the centre of Kunduz during Monday's fighting with Afghan forces, the ministry said on Wednesday.",
    ),
    (2, "Afghan troops and Taliban insurgents fought in Kunduz city on Monday, the army confirmed on Wednesday."),
]

# 10 other events, two reports each: the same city on other days, other nearby towns on the
# same days, another kind of event in the same city.
OTHERS = [
    (
        "kunduz-week-later",
        9,
        [
            "Taliban fighters attacked the outskirts of Kunduz on Tuesday, fighting Afghan forces near the airport, officials said.",
            "Afghan troops clashed with Taliban militants near Kunduz airport on Tuesday, a police spokesman said.",
        ],
    ),
    (
        "kunduz-month-later",
        30,
        [
            "Taliban insurgents attacked Kunduz city on Wednesday and fought soldiers near the main square, residents said.",
            "Heavy fighting broke out in Kunduz on Wednesday as Taliban fighters attacked government forces, officials said.",
        ],
    ),
    (
        "taloqan-same-day",
        0,
        [
            "Taliban fighters attacked the city of Taloqan in Takhar province on Monday, clashing with police, officials said.",
            "Afghan forces fought Taliban militants in Taloqan on Monday, the provincial police chief said.",
        ],
    ),
    (
        "baghlan-same-day",
        0,
        [
            "Taliban insurgents attacked Pul-e Khumri in Baghlan province on Monday, fighting the army for several hours, officials said.",
            "Clashes between the Taliban and Afghan troops in Pul-e Khumri on Monday forced residents to flee, a local official said.",
        ],
    ),
    (
        "mazar-next-day",
        1,
        [
            "A roadside bomb struck a police vehicle in Mazar-i-Sharif on Tuesday, killing two officers, police said.",
            "Two policemen died when an improvised explosive device hit their car in Mazar-i-Sharif on Tuesday, officials said.",
        ],
    ),
    (
        "kunduz-airstrike-later",
        5,
        [
            "Afghan air force jets carried out air strikes on Taliban positions outside Kunduz on Saturday, the defence ministry said.",
            "The defence ministry said warplanes struck Taliban hideouts near Kunduz on Saturday.",
        ],
    ),
    (
        "khanabad-two-days",
        2,
        [
            "Taliban fighters overran a district centre in Khanabad on Wednesday after government forces withdrew, officials said.",
            "The Taliban captured the Khanabad district centre on Wednesday, a provincial council member said.",
        ],
    ),
    (
        "faizabad-same-week",
        3,
        [
            "Taliban militants attacked Faizabad in Badakhshan province on Thursday, fighting Afghan forces, officials said.",
            "Fighting raged in Faizabad on Thursday as the Taliban attacked security posts, a local official said.",
        ],
    ),
    (
        "kunduz-protest",
        4,
        [
            "Hundreds of residents marched peacefully through Kunduz on Friday to demand better protection from the government.",
            "A peaceful protest in Kunduz on Friday called on the government to secure the city, organisers said.",
        ],
    ),
    (
        "kunduz-year-later",
        364,
        [
            "Taliban fighters attacked the city of Kunduz on Monday, clashing with Afghan forces near the governor's compound, officials said.",
            "Heavy fighting broke out in Kunduz on Monday as Taliban insurgents stormed checkpoints on the edge of the city.",
        ],
    ),
]

OUTLETS = ["Wire A", "Wire B", "Daily C", "Radio D", "Agency E", "Post F", "Times G"]


def articles() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i, (offset, text) in enumerate(BURST):
        out.append(
            {
                "id": f"burst-{i:02d}",
                "published": (BURST_DAY + timedelta(days=offset)).isoformat(),
                "outlet": OUTLETS[i % len(OUTLETS)],
                "language": "en",
                "text": text,
                "truth": "burst",
            }
        )
    for name, offset, texts in OTHERS:
        for j, text in enumerate(texts):
            out.append(
                {
                    "id": f"{name}-{j}",
                    "published": (BURST_DAY + timedelta(days=offset + j % 2)).isoformat(),
                    "outlet": OUTLETS[(j + 3) % len(OUTLETS)],
                    "language": "en",
                    "text": text,
                    "truth": name,
                }
            )
    return out


def main() -> int:
    from frontwatch import service

    arts = articles()
    truth = {a["id"]: a["truth"] for a in arts}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "burst.jsonl"
        path.write_text("\n".join(json.dumps({k: v for k, v in a.items() if k != "truth"}) for a in arts) + "\n")
        url = f"sqlite:///{tmp}/burst.db"
        t = time.perf_counter()
        service.ingest_paths([path], db_url=url)
        elapsed = time.perf_counter() - t
        store = service.open_db(url)
        events = service.list_events(store)
        store.close()
    real = len({truth[a] for a in truth})
    wrong = [e for e in events if len({truth[a] for a in e.article_ids}) > 1]
    found_reports = {a for e in events for a in e.article_ids}
    per_truth: dict[str, int] = defaultdict(int)
    for e in events:
        for t_name in {truth[a] for a in e.article_ids}:
            per_truth[t_name] += 1
    burst_events = per_truth.get("burst", 0)
    print(f"reports: {len(arts)}  real events: {real}  stored events: {len(events)}  ingest {elapsed:.1f} s")
    print(f"ratio stored/real: {len(events) / real:.2f}  (burst alone: {burst_events} stored for 1 real)")
    print(f"reports that became no event: {len(arts) - len(found_reports)}")
    print(f"wrong merges (events holding two real events): {len(wrong)}")
    for e in wrong:
        print("   ", e.event_date, e.place.name, sorted({truth[a] for a in e.article_ids}))
    for name, n in sorted(per_truth.items()):
        if n > 1:
            places = sorted(
                {
                    (e.place.name, e.event_date.isoformat(), e.sub_event_type)
                    for e in events
                    if any(truth[a] == name for a in e.article_ids)
                }
            )
            print(f"   split: {name} stored as {n} events: {places}")
    missing: dict[str, int] = defaultdict(int)
    for a in arts:
        if a["id"] not in found_reports:
            missing[str(a["truth"])] += 1
    for name, n in sorted(missing.items()):
        print(f"   no event from {n} report(s) of {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
