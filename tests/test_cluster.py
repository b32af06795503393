"""Same-event linking, merging and disagreements, on hand-built reports."""

from __future__ import annotations

from datetime import date

from builders import AFGHAN_ARMY, TALIBAN, make_place, make_report

from frontwatch.cluster import conflicts_of, link, merge
from frontwatch.model import Actor, Claim


def _event(*reports):
    return merge("E1", list(reports))


def test_two_outlets_same_place_same_day_join():
    e = _event(make_report("a1", date(2015, 9, 28)))
    d = link(make_report("b1", date(2015, 9, 28), sub="Non-state actor overtakes territory"), [e])
    assert d.event_id == "E1"
    assert "same place" in d.reason


def test_relative_dates_one_day_apart_still_join():
    e = _event(make_report("a1", date(2015, 9, 28)))
    assert link(make_report("b1", date(2015, 9, 29)), [e]).event_id == "E1"


def test_same_city_another_year_never_joins():
    e = _event(make_report("a1", date(2015, 9, 28)))
    assert link(make_report("b1", date(2016, 9, 28)), [e]).event_id is None


def test_another_city_same_day_never_joins():
    e = _event(make_report("a1", date(2015, 9, 28)))
    other = make_place("Baghlan", 1147290, admin1="Baghlan")
    assert link(make_report("b1", date(2015, 9, 28), place=other), [e]).event_id is None


def test_three_days_apart_stays_apart():
    e = _event(make_report("a1", date(2021, 8, 26), sub="Suicide bomb", event_type="Explosions/Remote violence"))
    r = make_report("b1", date(2021, 8, 29), sub="Air/drone strike", event_type="Explosions/Remote violence")
    assert link(r, [e]).event_id is None


def test_contradicting_named_actors_stay_apart():
    e = _event(make_report("a1", date(2019, 4, 9), actor1=Actor("Libyan National Army", 3, "lna"), actor2=None))
    r = make_report("b1", date(2019, 4, 9), actor1=Actor("Islamic State", 2, "is"), actor2=None)
    assert link(r, [e]).event_id is None


def test_same_pair_from_the_other_side_joins():
    e = _event(make_report("a1", date(2015, 9, 28), actor1=TALIBAN, actor2=AFGHAN_ARMY))
    r = make_report("b1", date(2015, 9, 28), sub="Government regains territory", actor1=AFGHAN_ARMY, actor2=TALIBAN)
    assert link(r, [e]).event_id == "E1"


def test_protest_never_joins_a_battle():
    e = _event(make_report("a1", date(2015, 9, 28)))
    r = make_report("b1", date(2015, 9, 28), sub="Peaceful protest", event_type="Protests", actor1=None, actor2=None)
    assert link(r, [e]).event_id is None


def test_reports_of_one_article_are_never_merged_by_linking():
    e = _event(make_report("a1", date(2015, 9, 28)))
    assert link(make_report("a1", date(2015, 9, 28), n=1), [e]).event_id is None


def test_month_background_mention_joins_only_the_same_kind_of_dated_event():
    e = _event(make_report("a1", date(2015, 5, 17), sub="Non-state actor overtakes territory"))
    assert (
        link(make_report("b1", date(2015, 5, 15), precision=3, sub="Non-state actor overtakes territory"), [e]).event_id
        == "E1"
    )
    assert link(make_report("c1", date(2015, 5, 15), precision=3, sub="Armed clash"), [e]).event_id is None


def _claim(source, value, topic="fatalities", outlet="Wire", text="", stance="assert", verb="said"):
    return Claim(
        source=source, text=text or f"{value} killed", topic=topic, value=value, outlet=outlet, stance=stance, verb=verb
    )


def test_figures_that_disagree_are_listed_with_their_sources():
    cs = conflicts_of([_claim("health ministry", 45, outlet="A"), _claim("railway company", 30, outlet="B")])
    assert len(cs) == 1
    assert cs[0].topic == "fatalities"
    assert cs[0].values == ["30", "45"]
    assert "railway company (B)" in cs[0].sources[0]


def test_agreeing_figures_are_no_conflict():
    assert conflicts_of([_claim("police", 12, outlet="A"), _claim("hospital", 12, outlet="B")]) == []


def test_control_claims_in_opposite_directions_conflict():
    take = _claim("group spokesman", None, topic="control", text="the fighters captured the police headquarters")
    hold = _claim(
        "army spokesman", None, topic="control", text="government forces pushed them back and maintain control"
    )
    cs = conflicts_of([take, hold])
    assert [c.topic for c in cs] == ["control"]


def test_whole_place_against_part_of_it_is_a_control_conflict():
    whole = _claim("army spokesman", None, topic="control", text="the army said the town had been fully liberated")
    part = _claim(
        "operations commander",
        None,
        topic="control",
        text="troops had only retaken the market, and parts of the town remained under rebel control",
    )
    cs = conflicts_of([whole, part])
    assert [c.topic for c in cs] == ["control"]
    assert cs[0].values[0].startswith("all of the place") and "operations commander" in cs[0].sources[1]
    # one source saying both is no dispute between sources
    assert conflicts_of([whole, _claim("army spokesman", None, topic="control", text=part.text)]) == []


def test_merge_uses_lowest_figure_and_keeps_range():
    from frontwatch.model import Count

    r1 = make_report("a1", date(2022, 4, 8))
    r1.fatalities = Count(low=30, best=30, high=None, text="at least 30", kind="killed", start=0, end=5)
    r2 = make_report("b1", date(2022, 4, 8))
    r2.fatalities = Count(low=None, best=50, high=50, text="50", kind="killed", start=0, end=2)
    e = merge("E9", [r1, r2])
    assert e.fatalities == 30
    assert e.fatalities_high == 50
    assert e.article_ids == ["a1", "b1"]
    assert "30" in e.notes and "2 reports" in e.notes


def test_merge_prefers_the_most_supported_day():
    e = merge(
        "E2",
        [make_report("a", date(2017, 7, 9)), make_report("b", date(2017, 7, 9)), make_report("c", date(2017, 7, 10))],
    )
    assert e.event_date == date(2017, 7, 9)


def test_a_hand_over_and_a_recapture_are_one_event_coded_by_precedence_keeping_the_other():
    # LINK-TYPE-FAMILY (control family), MERGE-CONTROL-PRECEDENCE
    day = date(2031, 5, 14)
    handover = make_report(
        "a", day, sub="Non-violent transfer of territory", event_type="Strategic developments", actor1=AFGHAN_ARMY
    )
    retake = make_report("b", day, sub="Government regains territory", actor1=AFGHAN_ARMY, actor2=TALIBAN)
    first = merge("E1", [handover])
    decision = link(retake, [first])
    assert decision.event_id == "E1" and "LINK-TYPE-FAMILY" in decision.reason
    event = merge("E1", [handover, retake], reasons=[decision.reason])
    assert event.sub_event_type == "Government regains territory"
    assert any(
        r.startswith("MERGE-CONTROL-PRECEDENCE") and "Non-violent transfer of territory" in r
        for r in event.merge_reasons
    )


def test_a_stated_day_beats_a_publication_day_and_the_other_is_recorded():
    # MERGE-DATE-STATED
    from dataclasses import replace

    from frontwatch.model import UNDATED

    stated = make_report("a", date(2031, 5, 13))
    early = make_report("b", date(2031, 5, 12))
    early = replace(early, event_date=replace(early.event_date, text=UNDATED))
    event = merge("E1", [early, stated])
    assert event.event_date == date(2031, 5, 13)
    assert any(r.startswith("MERGE-DATE-STATED") and "2031-05-12" in r for r in event.merge_reasons)


def test_outlets_giving_days_one_apart_carry_a_date_conflict():
    # CLAIMS-DATE-APART, wired into merge beside the claims' conflicts
    first = make_report("a", date(2031, 5, 13), outlet="Ruritania Today")
    second = make_report("b", date(2031, 5, 14), outlet="Southern Cross Post")
    event = merge("E1", [first, second])
    dates = [c for c in event.conflicts if c.topic == "date"]
    assert len(dates) == 1
    assert dates[0].values[0] == "2031-05-13" and dates[0].values[1].startswith("2031-05-14")
    assert "Southern Cross Post was published" in dates[0].values[1]
    assert dates[0].sources == ["Ruritania Today", "Southern Cross Post"]


def test_same_day_or_a_publication_day_only_is_no_date_conflict():
    from dataclasses import replace

    from frontwatch.model import UNDATED

    same = merge("E1", [make_report("a", date(2031, 5, 13)), make_report("b", date(2031, 5, 13), outlet="Other")])
    assert not [c for c in same.conflicts if c.topic == "date"]
    undated = make_report("b", date(2031, 5, 14), outlet="Other")
    undated = replace(undated, event_date=replace(undated.event_date, text=UNDATED))
    event = merge("E1", [make_report("a", date(2031, 5, 13)), undated])
    assert not [c for c in event.conflicts if c.topic == "date"]


def test_one_town_falls_once_whichever_allied_unit_a_source_credits():
    # LINK-ONE-FALL: invented Ruritanian militia and a neighbour's army take one town, a day apart in two reports
    militia = Actor("Zarovka Liberation Front", 2, "zlf", "AF")
    neighbour_army = Actor("Military Forces of Borduria", 1, "mf-borduria", "BD")
    defender = Actor("Military Forces of Afghanistan", 1, "mf-af", "AF")
    e = _event(
        make_report("a1", date(2031, 2, 18), sub="Non-state actor overtakes territory", actor1=militia, actor2=defender)
    )
    r = make_report(
        "b1", date(2031, 2, 19), sub="Non-state actor overtakes territory", actor1=neighbour_army, actor2=defender
    )
    d = link(r, [e])
    assert d.event_id == "E1"
    assert "LINK-ONE-FALL" in d.reason
    # a battle (not a change of hands) between different named groups stays apart
    battle = make_report("c1", date(2031, 2, 19), actor1=neighbour_army, actor2=defender)
    e2 = _event(make_report("a2", date(2031, 2, 19), actor1=militia, actor2=Actor("Other Militia", 2, "om", "AF")))
    assert link(battle, [e2]).event_id is None


POLICE_AF = Actor("Police Forces of Afghanistan", 1, "pf-af", "AF")
CROWD_AF = Actor("Protesters (Afghanistan)", 6, None, "AF")


def _crowd_event():
    """An event of police firing on a crowd in an invented town on 2031-01-09: (police, crowd, event)."""
    report = make_report(
        "a1",
        date(2031, 1, 9),
        sub="Excessive force against protesters",
        event_type="Protests",
        actor1=CROWD_AF,
        actor2=POLICE_AF,
    )
    return POLICE_AF, CROWD_AF, _event(report)


def test_a_deadly_riot_one_outlet_calls_a_clash_joins_the_crowd_event():
    # LINK-CROWD-CLASH: invented town; one report codes the police firing on a crowd, another "clashes"
    police, crowd, e = _crowd_event()
    clash = make_report(
        "b1", date(2031, 1, 9), actor1=Actor("Unidentified Armed Group (Afghanistan)", 3), actor2=police
    )
    d = link(clash, [e])
    assert d.event_id == "E1" and "LINK-CROWD-CLASH" in d.reason
    # a clash with a named rebel group, or a day later, is another incident
    assert link(make_report("c1", date(2031, 1, 9), actor1=TALIBAN, actor2=police), [e]).event_id is None
    later = make_report(
        "d1", date(2031, 1, 10), actor1=Actor("Unidentified Armed Group (Afghanistan)", 3), actor2=police
    )
    assert link(later, [e]).event_id is None


def test_a_publication_dated_report_is_never_early():
    # LINK-PUBLICATION-DAY-NOT-EARLY: an undated report published the day before another incident
    # of another sub-type at the same town tells an earlier incident; published the day after, it may be late
    import dataclasses

    from frontwatch.model import UNDATED

    def undated(r):
        return dataclasses.replace(r, event_date=dataclasses.replace(r.event_date, text=UNDATED))

    police, crowd, e = _crowd_event()
    early = undated(
        make_report(
            "b1", date(2031, 1, 8), sub="Protest with intervention", event_type="Protests", actor1=crowd, actor2=police
        )
    )
    late = undated(
        make_report(
            "c1", date(2031, 1, 10), sub="Protest with intervention", event_type="Protests", actor1=crowd, actor2=police
        )
    )
    assert link(early, [e]).event_id is None
    assert link(late, [e]).event_id == "E1"


def test_a_later_revised_toll_replaces_the_earlier_figure(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """MERGE-LATER-REVISED-TOLL end to end: the next day's "death toll ... has risen to 35" replaces the first
    report's 20, in English, French and Spanish; two reports of one day that disagree still give the lowest
    (invented wire copy)."""
    from pathlib import Path

    from builders import events_of, ingested_events

    fixture = Path(__file__).parent / "fixtures" / "unseen" / "revised_toll.jsonl"
    events = ingested_events(fixture, tmp_path / "t.db")
    (bombing,) = events_of(events, "rev-day1")
    assert bombing.article_ids == ["rev-day1", "rev-day2"]
    assert bombing.fatalities == 35
    assert any(n.startswith("MERGE-LATER-REVISED-TOLL") for n in bombing.merge_reasons)
    (killing,) = events_of(events, "same-a")
    assert killing.article_ids == ["same-a", "same-b"]
    assert killing.fatalities == 12
    assert not any(n.startswith("MERGE-LATER-REVISED-TOLL") for n in killing.merge_reasons)
    assert "Fatalities coded 35 (a later revised toll; earlier figures replaced)." in bombing.notes
    assert "Fatalities coded 12 (lowest credible figure" in killing.notes
    # read in French, and in Spanish with the figure in words
    (convoy,) = events_of(events, "gao-en")
    assert convoy.article_ids == ["gao-en", "gao-fr"] and convoy.fatalities == 14
    (car_bomb,) = events_of(events, "tumaco-en")
    assert car_bomb.article_ids == ["tumaco-en", "tumaco-es"] and car_bomb.fatalities == 7


def test_two_states_own_dead_add_up(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """NUMBERS-OWN-LOSSES-ADD end to end: each state giving its own dead ("49 of its soldiers") counts different dead,
    so the toll is their sum and no dispute is listed; one state's two figures stay rivals (invented wire copy)."""
    from pathlib import Path

    from builders import events_of, ingested_events

    events = ingested_events(Path(__file__).parent / "fixtures" / "unseen" / "own_losses.jsonl", tmp_path / "o.db")
    (border,) = events_of(events, "border-1")
    assert border.fatalities == 49 + 50 and not [c for c in border.conflicts if c.topic == "fatalities"]
    (line,) = events_of(events, "border-2")
    assert line.fatalities == 3 + 2 and not [c for c in line.conflicts if c.topic == "fatalities"]
    (one_state,) = events_of(events, "border-3")
    assert one_state.fatalities == 6
    assert [c.values for c in one_state.conflicts if c.topic == "fatalities"] == [["6", "7"]]
