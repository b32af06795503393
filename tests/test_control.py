"""Control timelines from events and claims: falls, recaptures, contested and unconfirmed."""

from __future__ import annotations

from datetime import date

from builders import AFGHAN_ARMY, TALIBAN, make_report

from frontwatch.cluster import merge
from frontwatch.control import status_of, timeline
from frontwatch.model import Claim, Span


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
