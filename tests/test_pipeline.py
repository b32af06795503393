"""End to end: the whole pipeline into a real SQLite file, scored like the seeds' gold.

The seed articles belong to their outlets and are read from ../shared (never copied here);
where ../shared is absent the seed test is skipped with a reason.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from conftest import ROOT, SHARED

from frontwatch import service
from frontwatch.export import control_row, event_row
from frontwatch.model import Article
from frontwatch.pipeline import STAGES, Stage, check_order

pytestmark = pytest.mark.slow


def test_stage_order_is_satisfiable():
    check_order(STAGES)
    bad = (Stage("late", ("nothing-provides-this",), (), lambda a: None),)
    with pytest.raises(ValueError):
        check_order(bad)


def _export(url: str, tmp_path):
    store = service.open_db(url)
    events = [event_row(e) for e in service.list_events(store)]
    control = [control_row(c) for c in service.control_changes(store)]
    store.close()
    ev, ctl = tmp_path / "events.json", tmp_path / "control.json"
    ev.write_text(json.dumps(events))
    ctl.write_text(json.dumps(control))
    return events, control, ev, ctl


@pytest.mark.skipif(not (SHARED / "seeds" / "seeds.jsonl").is_file(), reason="../shared/seeds not present")
def test_seeds_pass_the_gold_scorer(tmp_path):
    url = f"sqlite:///{tmp_path / 'seeds.db'}"
    summary = service.ingest_paths([SHARED / "seeds" / "seeds.jsonl"], db_url=url)
    assert summary.stored == 5 and summary.failed == 0
    _, _, ev, ctl = _export(url, tmp_path)
    score = subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "score_events.py"),
            str(SHARED / "seeds" / "gold.json"),
            str(ev),
            "--control",
            str(ctl),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert score.stdout.strip().splitlines()[-1].startswith("PASS"), score.stdout


def test_demo_corpus_ingest_is_idempotent_and_merges_two_outlets(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    first = service.ingest_paths([ROOT / "examples" / "demo.jsonl"], db_url=url)
    events_before, control_before, _, _ = _export(url, tmp_path)
    again = service.ingest_paths([ROOT / "examples" / "demo.jsonl"], db_url=url)
    events_after, control_after, _, _ = _export(url, tmp_path)
    assert first.stored == 12 and again.stored == 0 and again.duplicates == 12
    assert events_before == events_after and control_before == control_after
    multi = [e for e in events_after if len(e["article_ids"]) > 1]
    assert multi, "two outlets reporting one event should become one event"
    for e in events_after:
        for spans in e["evidence"].values():
            for s in spans:
                store = service.open_db(url)
                text = service.get_article(store, s["article_id"]).text
                store.close()
                assert 0 <= s["start"] < s["end"] <= len(text)


def test_bad_articles_are_recorded_not_stored_and_never_corrupt(tmp_path):
    url = f"sqlite:///{tmp_path / 'bad.db'}"
    store = service.open_db(url)
    good = Article(
        id="g1",
        text="Gunmen attacked a police post in Kunduz on Monday, killing two officers, police said.",
        published=date(2016, 10, 3),
    )
    assert service.ingest_article(store, good).status == "stored"
    german = Article(
        id="de1",
        text="Rebellen sind am Dienstag in die Stadt eingedrungen.",
        published=date(2012, 11, 20),
        language="de",
    )
    out = service.ingest_article(store, german)
    assert out.status == "stored" and any("FW-IN-002" in w for w in out.warnings)
    empty = service.ingest_article(store, Article(id="e1", text="   ", published=None))
    assert empty.status == "failed" and "FW-IN-001" in (empty.error or "")
    with store.reader() as r:
        assert {a.id for a in r.list_articles()} == {"g1", "de1"}
        assert r.get_article("g1").text == good.text
    store.close()


def test_a_short_stamp_line_and_a_quoted_today_do_not_date_the_event():
    # DATES-PAGE-STAMP, DATES-QUOTED-RELATIVE
    from datetime import date

    from frontwatch.dates.page import is_page_stamp, quoted_relative_day
    from frontwatch.model import EventDate

    day = date(2031, 5, 14)
    stamp = EventDate(day, 1, day, day, "May 14, 2031", 12, 24)
    assert is_page_stamp("Posted in Politics on May 14, 2031", stamp, day)
    assert not is_page_stamp("Rebels stormed the barracks in Zarovka on May 14, 2031, officials said.", stamp, day)
    text = 'The governor spoke.\n"We counted 12 dead today near the barracks," he told the agency.'
    at = text.index("today")
    assert quoted_relative_day(text, EventDate(day, 1, day, day, "today", at, at + 5))
    plain = "Rebels stormed the barracks today, the governor said."
    at = plain.index("today")
    assert not quoted_relative_day(plain, EventDate(day, 1, day, day, "today", at, at + 5))


def test_two_clauses_with_their_own_day_and_place_are_two_events_each_dated_by_its_clause():
    # ASSEMBLE-DATE-IN-OWN-CLAUSE: the day written in each coordinated clause dates that clause's event;
    # a headline the article's parse runs into the first line is split off by parsing the sentence alone
    from frontwatch.pipeline import analyse

    text = (
        "Rebels take two towns\n\n"
        "Taliban fighters seized Kunduz on Monday and captured Taloqan on Wednesday, officials said. "
        "Residents fled south."
    )
    a = analyse(Article(id="c1", text=text, published=date(2021, 8, 12), outlet="t", language="en"))
    days = {r.place.name: r.event_date.day for r in a.reports}
    assert days == {"Kunduz": date(2021, 8, 9), "Taloqan": date(2021, 8, 11)}
    # one clause, two days: no split, the sentence's own (first, most precise) day
    one = "Taliban fighters seized Kunduz on Monday after a battle with soldiers who had arrived from Taloqan on Saturday."
    b = analyse(Article(id="c2", text=one, published=date(2021, 8, 12), outlet="t", language="en"))
    assert [(r.place.name, r.event_date.day) for r in b.reports] == [("Kunduz", date(2021, 8, 9))]


def test_looting_told_with_killing_is_relabelled_the_attack_and_plain_looting_is_kept():
    # ASSEMBLE-LOOTING-IN-VIOLENT-RAID, on signals as the classifier leaves them
    from frontwatch.events.raids import LOOTING, violent_raids
    from frontwatch.events.signals import LabelSignal, SentenceSignals
    from frontwatch.model import Sentence

    texts = [
        "Gunmen stormed Zarovka overnight, killing five villagers and looting shops.",
        "Looters ransacked shops in Zarovka after the storm.",
    ]
    sigs = [
        SentenceSignals(sentence=Sentence("r1", i, 0, len(t), t), label=LabelSignal(LOOTING, 0.8))
        for i, t in enumerate(texts)
    ]
    violent_raids(None, sigs)
    assert [s.label.label for s in sigs] == ["Attack", LOOTING]
    assert sigs[0].label.score == 0.8
