"""Article-level event assembly on hand-built sentence signals (no NLP models loaded).

Each test writes a tiny article, marks what the earlier stages would have found, and checks
where, when and what the assembler decides.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from builders import AFGHAN_ARMY, TALIBAN, make_place

from frontwatch.events.assemble import assemble_reports
from frontwatch.events.signals import ActorSignal, LabelSignal, SentenceSignals
from frontwatch.model import Article, EventDate, Place, Sentence, Toponym

KUNDUZ = make_place("Kunduz", 1135689, admin1="Kunduz")
BAGHLAN = make_place("Pul-e Khumri", 1131316, admin1="Baghlan")
KABUL = make_place("Kabul", 1138958, admin1="Kabul")
KUNDUZ_PROVINCE = Place(
    name="Kunduz", lat=36.7, lon=68.8, geonameid=1135690, feature="admin1", country_code="AF", admin1="Kunduz"
)
PLACES = {"Kunduz": KUNDUZ, "Pul-e Khumri": BAGHLAN, "Kabul": KABUL}
PUBLISHED = date(2016, 10, 4)  # a Tuesday
WEEKDAYS = {"Monday": 0, "Tuesday": 1, "Sunday": 6}


def _weekday(name: str) -> date:
    back = (PUBLISHED.weekday() - WEEKDAYS[name]) % 7
    return PUBLISHED - timedelta(days=back)


def _signals(
    text: str, labels: dict[int, str], *, captions: tuple[int, ...] = ()
) -> tuple[Article, list[SentenceSignals]]:
    article = Article(id="t1", text=text, published=PUBLISHED, outlet="Demo Wire")
    out = []
    for i, m in enumerate(re.finditer(r"[^\n]+", text)):
        sent = Sentence("t1", i, m.start(), m.end(), m.group(0))
        sig = SentenceSignals(sentence=sent, is_caption=i in captions)
        for name, place in PLACES.items():
            for hit in re.finditer(re.escape(name), sent.text):
                sig.toponyms.append(Toponym(sent.start + hit.start(), sent.start + hit.end(), name, place))
        for name in WEEKDAYS:
            for hit in re.finditer(rf"\bon {name}\b", sent.text):
                d = _weekday(name)
                sig.dates.append(
                    EventDate(
                        day=d,
                        precision=1,
                        earliest=d,
                        latest=d,
                        text=hit.group(0),
                        start=sent.start + hit.start(),
                        end=sent.start + hit.end(),
                    )
                )
        for hit in re.finditer(r"Taliban", sent.text):
            sig.actors.append(ActorSignal(sent.start + hit.start(), sent.start + hit.end(), "Taliban", TALIBAN))
        for hit in re.finditer(r"Afghan (?:forces|troops)", sent.text):
            sig.actors.append(ActorSignal(sent.start + hit.start(), sent.start + hit.end(), hit.group(0), AFGHAN_ARMY))
        if i in labels:
            sig.label = LabelSignal(labels[i], 0.9)
        out.append(sig)
    return article, out


def _assemble(text: str, labels: dict[int, str], **kw):
    article, signals = _signals(text, labels, **kw)
    return assemble_reports(article, signals, [], province_capital=lambda p: KUNDUZ if p.admin1 == "Kunduz" else None)


def test_reinforcements_from_a_place_do_not_locate_the_event():
    reports = _assemble(
        "Taliban fighters attacked Kunduz on Monday as reinforcements arrived from Kabul.", {0: "Armed clash"}
    )
    assert [(r.place.name, r.event_date.day) for r in reports] == [("Kunduz", _weekday("Monday"))]


def test_a_sentence_naming_no_place_takes_the_place_named_next_for_a_new_city():
    text = "Taliban fighters fought Afghan forces on Monday in an isolated northern city.\nThe assault on Kunduz came after weeks of fighting."
    reports = _assemble(text, {0: "Armed clash", 1: "Armed clash"})
    assert [(r.place.name, r.event_date.day) for r in reports] == [("Kunduz", _weekday("Monday"))]


def test_a_dateline_city_is_not_the_event_place():
    text = "KABUL (Demo Wire) - Taliban fighters attacked Pul-e Khumri on Sunday, officials said."
    article, signals = _signals(text, {0: "Armed clash"})
    signals[0].toponyms[:] = [Toponym(0, 5, "KABUL", KABUL), *signals[0].toponyms]
    reports = assemble_reports(article, signals, [])
    assert [r.place.name for r in reports] == ["Pul-e Khumri"]


def test_two_days_with_different_sides_are_two_reports_at_one_place():
    text = "Taliban fighters seized Kunduz on Sunday.\nAfghan troops retook Kunduz on Monday."
    reports = _assemble(text, {0: "Non-state actor overtakes territory", 1: "Government regains territory"})
    assert sorted((r.event_date.day, r.sub_event_type) for r in reports) == [
        (_weekday("Sunday"), "Non-state actor overtakes territory"),
        (_weekday("Monday"), "Government regains territory"),
    ]


def test_two_cities_on_one_day_are_two_reports():
    text = "Taliban fighters attacked Kunduz on Monday.\nTaliban fighters also attacked Pul-e Khumri on Monday."
    reports = _assemble(text, {0: "Armed clash", 1: "Armed clash"})
    assert sorted(r.place.name for r in reports) == ["Kunduz", "Pul-e Khumri"]


def test_a_caption_never_makes_a_report():
    text = "Afghan troops patrol near Kunduz on Sunday (Demo Photo Agency)\nNo fighting was reported on Monday."
    assert _assemble(text, {0: "Armed clash"}, captions=(0,)) == []


def test_an_undated_report_takes_the_publication_day_and_says_so():
    reports = _assemble("Taliban fighters stormed checkpoints around Kunduz, officials said.", {0: "Armed clash"})
    assert reports[0].event_date.day == PUBLISHED and reports[0].event_date.text == "(publication date)"


def test_an_undated_incident_of_another_type_is_not_the_dated_one():
    # "jets are striking" (now) and "retook ... on Monday" are two incidents at one place
    text = "Jets are striking Taliban positions around Kunduz airport.\nAfghan troops retook Kunduz airport on Monday."
    reports = _assemble(text, {0: "Air/drone strike", 1: "Government regains territory"})
    assert sorted((r.event_date.day, r.sub_event_type) for r in reports) == [
        (_weekday("Monday"), "Government regains territory"),
        (PUBLISHED, "Air/drone strike"),
    ]
    # an undated lead of the same type is the dated report's headline
    text = "Taliban fighters storm Kunduz.\nTaliban fighters attacked Kunduz on Monday."
    (report,) = _assemble(text, {0: "Armed clash", 1: "Armed clash"})
    assert report.event_date.day == _weekday("Monday")


def test_an_ongoing_incident_is_dated_by_publication_not_by_older_sentences():
    # the strike is told in the present progressive; the background sentences date other things
    text = (
        "Jets strike Kunduz airport\n"
        "Jets are striking Taliban positions at Kunduz airport, witnesses said.\n"
        "Afghan troops retook Kunduz airport on Monday.\n"
        "The Taliban had earlier seized the bridge and the roads around Kunduz.\n"
        "On Sunday the Taliban commander ordered an offensive on Kunduz."
    )
    labels = {0: "Air/drone strike", 1: "Air/drone strike", 2: "Government regains territory"}
    labels[3] = "Non-state actor overtakes territory"
    reports = _assemble(text, labels)
    assert sorted((r.event_date.day, r.sub_event_type) for r in reports) == [
        (_weekday("Monday"), "Government regains territory"),
        (PUBLISHED, "Air/drone strike"),
    ]


def test_type_vote_prefers_battles_over_an_air_strike_in_the_same_fight():
    text = "Taliban fighters fought Afghan forces in Kunduz on Monday.\nAir strikes hit Taliban positions in Kunduz on Monday."
    article, signals = _signals(text, {})
    signals[0].label = LabelSignal("Armed clash", 0.6)
    signals[1].label = LabelSignal("Air/drone strike", 0.7)
    (report,) = assemble_reports(article, signals, [])
    assert report.event_type == "Battles" and report.sub_event_type == "Armed clash"


def test_actors_the_attacking_group_first_state_forces_second():
    reports = _assemble("Taliban fighters attacked Afghan forces in Kunduz on Monday.", {0: "Armed clash"})
    assert (reports[0].actor1, reports[0].actor2) == (TALIBAN, AFGHAN_ARMY)


def test_evidence_spans_slice_the_article():
    text = "Taliban fighters attacked Kunduz on Monday, killing two police officers."
    article, signals = _signals(text, {0: "Armed clash"})
    (report,) = assemble_reports(article, signals, [])
    for spans in report.evidence.values():
        for s in spans:
            assert article.text[s.start : s.end] == signals[0].sentence.text


def test_a_province_only_place_is_coded_to_its_capital_at_precision_3():
    text = "Taliban fighters attacked several villages in Kunduz province on Monday."
    article, signals = _signals(text, {0: "Armed clash"})
    signals[0].toponyms[:] = [
        Toponym(signals[0].toponyms[0].start, signals[0].toponyms[0].end, "Kunduz", KUNDUZ_PROVINCE, cue="province")
    ]
    (report,) = assemble_reports(article, signals, [], province_capital=lambda p: KUNDUZ)
    assert (report.place.name, report.geo_precision) == ("Kunduz", 3)


def test_a_toll_counted_the_next_day_belongs_to_the_attack():
    from frontwatch.model import Count

    text = "Taliban fighters attacked Kunduz on Sunday.\nPolice in Kunduz recovered 10 bodies on Monday."
    article, signals = _signals(text, {0: "Armed clash"})
    start = signals[1].sentence.start + signals[1].sentence.text.index("10 bodies")
    signals[1].counts.append(Count(low=10, best=10, high=None, text="10", kind="killed", start=start, end=start + 2))
    (report,) = assemble_reports(article, signals, [])
    assert report.event_date.day == _weekday("Sunday")
    assert report.fatalities is not None and report.fatalities.low == 10


def test_a_protest_label_without_a_crowd_opens_no_event():
    # ASSEMBLE-PROTEST-NEEDS-CROWD: the classifier's protest guess on a decree is not a protest
    text = "The governor declared a curfew in Kunduz on Monday."
    assert _assemble(text, {0: "Peaceful protest"}) == []
    crowd = "Hundreds of demonstrators marched in Kunduz on Monday."
    assert [r.sub_event_type for r in _assemble(crowd, {0: "Peaceful protest"})] == ["Peaceful protest"]


def test_a_sentence_dated_only_by_since_is_background():
    # ASSEMBLE-SINCE-PERIOD
    text = "Taliban fighters attacked Kunduz on Monday.\nFighting has raged around Pul-e Khumri since Sunday."
    article, signals = _signals(text, {0: "Armed clash", 1: "Armed clash"})
    at = text.index("Sunday")
    sunday = _weekday("Sunday")
    signals[1].dates.append(EventDate(sunday, 1, sunday, sunday, "Sunday", at, at + 6))
    reports = assemble_reports(article, signals, [])
    assert [r.place.name for r in reports] == ["Kunduz"]


def test_an_agreement_that_names_no_place_is_not_put_at_the_last_town():
    # ASSEMBLE-AGREEMENT-OWN-PLACE
    text = "Taliban fighters attacked Kunduz on Monday.\nThe two sides agreed to a ceasefire on Sunday."
    reports = _assemble(text, {0: "Armed clash", 1: "Agreement"})
    assert [r.sub_event_type for r in reports] == ["Armed clash"]


def test_a_sentence_of_another_day_takes_no_place_from_the_last_incident():
    # ASSEMBLE-NO-PLACE-ACROSS-DATES; "the city" points back and keeps it
    text = "Taliban fighters attacked Kunduz on Monday.\nClashes first erupted in the north on Sunday."
    assert [r.place.name for r in _assemble(text, {0: "Armed clash", 1: "Armed clash"})] == ["Kunduz"]
    back = "Afghan troops retook Kunduz on Monday.\nTaliban fighters had seized the city on Sunday."
    reports = _assemble(back, {0: "Government regains territory", 1: "Non-state actor overtakes territory"})
    assert sorted(r.event_date.day for r in reports) == [_weekday("Sunday"), _weekday("Monday")]


def test_two_sentences_naming_one_day_by_its_month_are_one_incident():
    # ASSEMBLE-NAMED-MONTH-APART: "on October 4" twice is one day, not a background month
    text = "Taliban fighters entered Kunduz on October 4.\nOn October 4 Taliban fighters also stormed Kunduz prison."
    article, signals = _signals(
        text, {0: "Non-state actor overtakes territory", 1: "Non-state actor overtakes territory"}
    )
    for sig in signals:
        at = sig.sentence.text.index("October 4")
        sig.dates.append(EventDate(PUBLISHED, 1, PUBLISHED, PUBLISHED, "October 4", sig.sentence.start + at, None))
    assert len(assemble_reports(article, signals, [])) == 1


def test_the_outlet_an_official_told_is_not_the_event_place():
    # PLACES-NON-EVENT-ROLE
    text = "Taliban fighters attacked Kunduz on Monday, killing four.\nFour died in the attack, the governor told Kabul reporters."
    reports = _assemble(text, {0: "Armed clash", 1: "Armed clash"})
    assert [r.place.name for r in reports] == ["Kunduz"]


def test_a_killing_beside_police_firing_on_protesters_is_that_incident():
    # ASSEMBLE-SHOOTING-AT-PROTESTERS
    text = "Police opened fire on protesters in Kunduz.\nMost of the dead on Monday in Kunduz had bullet wounds."
    reports = _assemble(text, {0: "Excessive force against protesters", 1: "Attack"})
    assert [r.sub_event_type for r in reports] == ["Excessive force against protesters"]


def test_a_territory_label_without_a_verb_of_control_opens_no_event():
    # ASSEMBLE-TERRITORY-NEEDS-CONTROL-VERB
    text = "The cabinet in Kunduz resigned on Monday."
    assert _assemble(text, {0: "Non-violent transfer of territory"}) == []
    taken = "Taliban fighters have taken control of Kunduz on Monday."
    assert len(_assemble(taken, {0: "Non-state actor overtakes territory"})) == 1


def test_massing_forces_with_no_one_harmed_opens_no_attack():
    # ASSEMBLE-DEPLOYMENT-NOT-EVENT
    text = "Taliban fighters concentrated a reserve that includes artillery near Kunduz on Monday."
    assert _assemble(text, {0: "Shelling/artillery/missile attack"}) == []
    strike = "Air strikes hit Kunduz on Monday and special forces were deployed."
    assert len(_assemble(strike, {0: "Air/drone strike"})) == 1


def test_the_ends_of_a_route_between_two_cities_are_not_the_event_place():
    # PLACES-BETWEEN-ENDS: a place the sentence names itself wins over the ends of the route
    text = "Taliban fighters attacked a convoy in Kunduz on Monday on the road between Kabul and Pul-e Khumri."
    assert [(r.place.name, r.geo_precision) for r in _assemble(text, {0: "Armed clash"})] == [("Kunduz", 1)]
    clash = "Taliban fighters clashed with Afghan forces in Kunduz on Monday."
    assert [r.place.name for r in _assemble(clash, {0: "Armed clash"})] == ["Kunduz"]


def test_an_event_told_only_between_two_towns_is_placed_near_the_first():
    # PLACES-BETWEEN-ENDS-LAST-RESORT: dropped before, for want of a place
    text = "Taliban fighters attacked a convoy on Monday on the road between Kabul and Pul-e Khumri."
    assert [(r.place.name, r.geo_precision) for r in _assemble(text, {0: "Armed clash"})] == [("Kabul", 2)]


def test_a_gathering_to_mourn_opens_no_protest_but_a_demand_does():
    text = "Thousands gathered in Kunduz on Monday to mourn the victims.\nTaliban fighters attacked Kunduz on Tuesday."
    article, signals = _signals(text, {0: "Peaceful protest", 1: "Armed clash"})
    signals[0].gathering = True  # what events.non_events reads from the parse (tests/test_rulebook.py)
    reports = assemble_reports(article, signals, [])
    assert [r.sub_event_type for r in reports] == ["Armed clash"]
    signals[0].gathering = False
    assert "Peaceful protest" in [r.sub_event_type for r in assemble_reports(article, signals, [])]


def test_a_habit_opens_no_event_unless_the_sentence_dates_it():
    text = "Taliban fighters often attack Kunduz from the hills."
    article, signals = _signals(text, {0: "Armed clash"})
    signals[0].habitual = True
    assert assemble_reports(article, signals, []) == []
    article, signals = _signals("Taliban fighters attacked Kunduz from the hills on Monday.", {0: "Armed clash"})
    signals[0].habitual = True  # a dated sentence is kept whatever the adverbs say
    assert len(assemble_reports(article, signals, [])) == 1


def test_a_counted_capture_is_told_once_per_listed_town():
    # ASSEMBLE-ONE-EVENT-PER-LISTED-PLACE, on the marks read_listed_places leaves (no parse here)
    text = (
        "Taliban fighters took two district centres on Sunday.\nKunduz lies on the highway, Pul-e Khumri on the river."
    )
    article, signals = _signals(text, {0: "Non-state actor overtakes territory"})
    signals[0].places_taken = 2
    signals[1].listed = [(t.start, t.end) for t in signals[1].toponyms]
    reports = assemble_reports(article, signals, [])
    assert sorted((r.place.name, r.event_date.day, r.sub_event_type, r.actor1.name) for r in reports) == [
        ("Kunduz", _weekday("Sunday"), "Non-state actor overtakes territory", "Taliban"),
        ("Pul-e Khumri", _weekday("Sunday"), "Non-state actor overtakes territory", "Taliban"),
    ]
    # without the marks (a count the next sentence does not list), no town of that sentence gets a capture
    article, plain = _signals(text, {0: "Non-state actor overtakes territory"})
    assert len(assemble_reports(article, plain, [])) <= 1


def test_generic_fighters_beside_a_foreign_state_are_an_unnamed_side_not_a_local_group():
    # ACTORS-UNNAMED-ARMED-SIDE, in choose_actors
    from frontwatch.events.sides import choose_actors
    from frontwatch.model import Actor

    def sig(text: str, actors: list[ActorSignal]) -> SentenceSignals:
        return SentenceSignals(sentence=Sentence("t1", 0, 0, len(text), text), actors=actors)

    local = Actor(name="Unidentified Armed Group (Afghanistan)", inter=3, key="unidentified:AF", country_code="AF")
    foreign_state = Actor(name="Military Forces of Ruritania", inter=8, key="military:XR", country_code="XR")
    fighters = ActorSignal(40, 48, "fighters", Actor(name="fighters", inter=None, key="generic:armed"), generic=True)
    text = "Ruritanian troops and allied fighters shelled the town on Sunday."
    with_state = sig(text, [ActorSignal(0, 17, "Ruritanian troops", foreign_state, acts=True), fighters])
    a1, a2, _, _ = choose_actors(
        [with_state], [with_state], "Shelling/artillery/missile attack", "AF", lambda k, c: local
    )
    assert (a1.name, a1.key, a1.country_code, a2.name) == (
        "Unidentified Armed Group",
        "unnamed-armed-side",
        "AF",
        "Military Forces of Ruritania",
    )
    # the foreign troops as victims ("... troops were wounded") make the fighters nobody's proxies
    hit = sig(text, [ActorSignal(0, 17, "Ruritanian troops", foreign_state, acts=False), fighters])
    a1, _, _, _ = choose_actors([hit], [hit], "Shelling/artillery/missile attack", "AF", lambda k, c: local)
    assert a1 == local
