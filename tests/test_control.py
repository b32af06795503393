"""Control timelines from events and claims: falls, recaptures, contested and unconfirmed."""

from __future__ import annotations

from datetime import date, timedelta

from builders import AFGHAN_ARMY, TALIBAN, make_place, make_report

from frontwatch import service
from frontwatch.cluster import merge
from frontwatch.control import change_of, status_of, timeline
from frontwatch.model import Claim, Span
from frontwatch.store import Store


def _ev(eid, day, sub, *, claims=(), actor1=TALIBAN, actor2=AFGHAN_ARMY, narrated=2):
    r = make_report(eid, day, sub=sub, actor1=actor1, actor2=actor2, claims=list(claims))
    r.evidence["event_type"] = [Span(eid, i, i + 1) for i in range(narrated)]
    return merge(eid, [r])


def _control(text, source="spokesman", source_type="government", stance="assert", verb="said"):
    return Claim(source=source, text=text, topic="control", source_type=source_type, stance=stance, verb=verb)


def test_fall_then_recapture_a_few_days_later_gives_two_rows():
    fall = _ev("a", date(2015, 9, 28), "Non-state actor overtakes territory")
    back = _ev("b", date(2015, 10, 1), "Government regains territory", actor1=AFGHAN_ARMY, actor2=TALIBAN)
    rows = timeline([back, fall])
    assert [(r.day, r.status) for r in rows] == [(date(2015, 9, 28), "Taliban"), (date(2015, 10, 1), "government")]


def test_fighting_in_a_town_is_contested():
    assert status_of(_ev("a", date(2016, 10, 3), "Armed clash")) == "contested"


def test_a_denied_fall_is_contested():
    deny = _control("the governor denied that the city had fallen", stance="deny", verb="denied")
    assert status_of(_ev("a", date(2021, 7, 7), "Non-state actor overtakes territory", claims=[deny])) == "contested"


def test_a_capture_only_the_attacker_claims_is_unconfirmed():
    own = _control(
        "the group captured the district centre",
        source="group spokesman",
        source_type="belligerent",
        stance="self_report",
    )
    e = _ev("a", date(2020, 1, 5), "Non-state actor overtakes territory", claims=[own], narrated=1)
    assert status_of(e) == "unconfirmed"


def test_the_same_status_twice_is_one_row():
    a = _ev("a", date(2016, 10, 3), "Armed clash")
    b = _ev("b", date(2016, 10, 4), "Armed clash")
    assert len(timeline([a, b])) == 1


def test_air_strikes_change_no_control():
    e = _ev("a", date(2018, 8, 9), "Air/drone strike")
    assert status_of(e) is None


def test_a_government_holding_only_part_of_the_town_does_not_contest_the_fall():
    # CONTROL-PARTIAL-IS-CONFLICT: partial control is a conflict on the event, the status stays the capturer's
    part = _control("Government forces have only retaken the government complex, the ministry said.")
    assert status_of(_ev("a", date(2021, 7, 7), "Non-state actor overtakes territory", claims=[part])) == "Taliban"
    whole = _control("Government forces have retaken the town, the ministry said.")
    assert status_of(_ev("a", date(2021, 7, 7), "Non-state actor overtakes territory", claims=[whole])) == "contested"


def test_fighting_words_about_history_do_not_contest_the_current_fall():
    # CONTROL-STILL-FIGHTING-CURRENT
    ev = _ev("a", date(2021, 7, 7), "Non-state actor overtakes territory")
    ev.reports[0].text = "Taliban fighters took the town. It had been besieged for months in 2019."
    assert status_of(ev) == "Taliban"
    ev.reports[0].text = "Taliban fighters say they took the town. Heavy fighting continued on Monday."
    assert status_of(ev) == "contested"


# --- the stored timeline: folded from per-event rows, never from the place's events -----------


def _store_events(store, events):
    def write(tx):
        touched: dict[int, str] = {}
        for e in events:
            for r in e.reports:
                tx.put_report(r, e.event_id)
            tx.put_event(e)
            for gid, day in tx.put_event_control(e.event_id, change_of(e)).items():
                touched[gid] = min(day, touched.get(gid, day))
        for gid in sorted(touched):
            service.refold_control(tx, gid, touched[gid])

    store.write(write)


def _rows(changes):
    return [(c.place.geonameid, c.day, c.status, c.event_id, tuple(c.sources)) for c in changes]


def _story(place):
    def ev(eid, day, sub, **kw):
        e = _ev(eid, day, sub, **kw)
        e.place = place
        return e

    return [
        ev("s1", date(2019, 3, 1), "Armed clash"),
        ev("s2", date(2019, 3, 4), "Non-state actor overtakes territory"),
        ev("s3", date(2019, 3, 5), "Armed clash"),
        ev("s4", date(2019, 3, 2), "Armed clash"),
        ev("s5", date(2019, 3, 9), "Government regains territory", actor1=AFGHAN_ARMY, actor2=TALIBAN),
        ev("s6", date(2019, 3, 9), "Air/drone strike"),
    ]


def test_the_stored_timeline_is_the_fold_of_the_per_event_changes(tmp_path):
    place = make_place("Ostrava Nova", 9_000_001, admin1="Upper Vale")
    events = _story(place)
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        # written in two batches, the later one holding an older event: the fold re-sorts
        _store_events(store, events[:3])
        _store_events(store, events[3:])
        assert _rows(service.control_changes(store)) == _rows(timeline(events))
        with store.reader() as r:  # the air strike gives no status and leaves no row
            assert [c.event_id for c in r.event_controls_at(place.geonameid)] == ["s1", "s4", "s2", "s3", "s5"]
    finally:
        store.close()


def test_an_event_that_moves_to_another_place_leaves_the_old_timeline(tmp_path):
    old_place = make_place("Ostrava Nova", 9_000_001, admin1="Upper Vale")
    new_place = make_place("Brenna", 9_000_002, admin1="Upper Vale")
    e = _ev("m1", date(2019, 3, 1), "Armed clash")
    e.place = old_place
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        _store_events(store, [e])
        e.place = new_place
        with store.transaction() as r:
            assert r.put_event_control("m1", change_of(e)) == {9_000_001: "2019-03-01", 9_000_002: "2019-03-01"}
            assert r.event_controls_at(9_000_001) == []
            assert [c.event_id for c in r.event_controls_at(9_000_002)] == ["m1"]
            assert r.put_event_control("m1", None) == {9_000_002: "2019-03-01"}  # no status any more: no row
            assert r.event_controls_at(9_000_002) == []
    finally:
        store.close()


def test_an_older_database_gets_its_per_event_changes_from_the_stored_events(tmp_path):
    place = make_place("Ostrava Nova", 9_000_001, admin1="Upper Vale")
    events = _story(place)
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    _store_events(store, events)
    expected = _rows(service.control_changes(store))
    with store.engine.begin() as conn:  # the database as it was before migration 005
        conn.exec_driver_sql("DROP TABLE event_control")
        conn.exec_driver_sql("DELETE FROM control_changes")
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE name = '005_event_control'")
    store.close()
    upgraded = Store(url)
    try:
        assert _rows(service.control_changes(upgraded)) == expected
        with upgraded.reader() as r:
            assert len(r.event_controls_at(place.geonameid)) == 5
    finally:
        upgraded.close()


def test_refolding_only_the_tail_gives_the_whole_fold_after_every_change(tmp_path):
    """Random stories at one town written in random order, events re-coded and moved away: after each
    article the stored timeline is the fold of all the town's per-event statuses."""
    import random

    rng = random.Random(11)
    here = make_place("Ostrava Nova", 9_000_001, admin1="Upper Vale")
    away = make_place("Brenna", 9_000_002, admin1="Upper Vale")
    subs = ["Armed clash", "Non-state actor overtakes territory", "Government regains territory", "Air/drone strike"]
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        live = {}
        for step in range(120):
            eid = f"r{rng.randrange(40):02d}"  # about one write in three re-codes a stored event
            day = date(2019, 3, 1) + timedelta(days=rng.randrange(12))  # many events share a day
            sub = rng.choice(subs)
            sides = {"actor1": AFGHAN_ARMY, "actor2": TALIBAN} if sub == "Government regains territory" else {}
            e = _ev(eid, day, sub, **sides)
            e.place = away if rng.random() < 0.1 else here
            live[eid] = e
            _store_events(store, [e])
            expected = timeline([x for x in live.values() if x.place.geonameid == here.geonameid])
            got = [c for c in service.control_changes(store) if c.place.geonameid == here.geonameid]
            assert _rows(got) == _rows(expected), f"step {step}"
    finally:
        store.close()
