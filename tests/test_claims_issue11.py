"""Claims and disagreements added for issue 11 (invented sentences only)."""

from __future__ import annotations

from datetime import date

import pytest

from frontwatch import nlp, vocabulary
from frontwatch.claims import find_claims, source_type
from frontwatch.claims.attribution import VERB_STANCE, find_attributions
from frontwatch.claims.direction import control_extent
from frontwatch.cluster.conflicts import conflicts_of, date_conflicts
from frontwatch.model import Claim, EventDate, Place, Report

pytestmark = pytest.mark.slow


def claims_of(text: str, outlet: str = "Test Wire") -> list[Claim]:
    doc = nlp.parse(text)
    sentences = nlp.sentences("t1", text, doc)
    return find_claims(sentences, article_id="t1", outlet=outlet, published=date(2024, 3, 1), doc=doc)


def test_every_attribution_verb_has_a_known_stance() -> None:
    stances = {r["stance"] for r in vocabulary.rows("attribution_verbs")}
    assert stances <= {"assert", "claim", "deny", "concede", "report"}
    assert VERB_STANCE["acknowledged"] == "concede" and VERB_STANCE["denied"] == "deny"
    forms = {r["form"] for r in vocabulary.rows("attribution_verbs")}
    assert forms <= {"verb", "participle", "noun_like", "weak", "toll", "noun_by", "prep"}


@pytest.mark.parametrize(
    ("text", "source", "verb"),
    [
        ("The district governor mentioned that 14 people had died in Zarovka.", "The district governor", "mentioned"),
        ("Rebel commanders are claiming that they hold the bridge.", "Rebel commanders", "claimed"),
        ("The health ministry raised the death toll to 36 on Sunday.", "The health ministry", "raised the toll to"),
        ("The army brought the toll to 20 after the night raid.", "The army", "brought the toll to"),
        ("The retreating troops said they had no water.", "The retreating troops", "said"),
        ("Rebel fighters, according to Radio 4, took the hill.", "Radio 4", "according to"),
    ],
)
def test_new_attribution_forms(text: str, source: str, verb: str) -> None:
    found = find_attributions(text, base=0)
    assert [(a.source, a.verb) for a in found][:1] == [(source, verb)]


def test_govt_is_a_government_source() -> None:
    assert source_type("Zarovka govt officials") == "government"


def test_participle_speaker_comes_from_the_parse() -> None:
    text = "President Ivan Orlov sought to play down the loss of Zarovka, saying the pullback was orderly."
    claims = claims_of(text)
    assert [(c.source, c.verb) for c in claims] == [("President Ivan Orlov", "said")]


def test_despite_clause_disputes_the_first_and_makes_a_conflict() -> None:
    text = (
        'President Ivan Orlov said the withdrawal was carried out "in a planned manner," despite assertions by '
        "exhausted soldiers that their forces suffered heavy losses."
    )
    claims = claims_of(text)
    assert [(c.source, c.stance) for c in claims] == [
        ("President Ivan Orlov", "assert"),
        ("exhausted soldiers", "dispute"),
    ]
    assert [c.topic for c in conflicts_of(claims)] == ["account"]


def test_unattributed_toll_is_the_outlets_claim_but_a_running_total_is_not() -> None:
    text = (
        "At least 15 people were killed when a bomb exploded at a bus station in Zarovka.\n\n"
        "The fighting has killed more than 2,000 people since March."
    )
    claims = claims_of(text)
    assert [(c.source, c.value, c.source_type) for c in claims] == [("Test Wire", 15, "journalist")]


def test_relative_clause_speaker_does_not_take_the_main_clause_toll() -> None:
    text = (
        "Gunmen killed seven people in a coordinated assault on the army headquarters that a Ruritanian "
        "ambassador said was a terrorist attack."
    )
    claims = claims_of(text)
    assert ("Test Wire", 7) in [(c.source, c.value) for c in claims]
    ambassador = [c for c in claims if "ambassador" in c.source]
    assert ambassador and ambassador[0].value is None and ambassador[0].text.startswith("that")


def test_value_prefers_a_figure_over_a_vague_word() -> None:
    text = "Two blasts caused many casualties including fatalities, at least 30 according to the interior ministry."
    assert [c.value for c in claims_of(text)] == [30]


def test_denial_without_the_verb_deny() -> None:
    claims = claims_of('Colonel Ivan Dal told reporters the ministry statement was "not correct".')
    assert [c.stance for c in claims] == ["deny"]


@pytest.mark.parametrize(
    ("text", "extent"),
    [
        ("the army controls only a few neighbourhoods of the town", "partial"),
        ("the rebels hold most of the city", "partial"),
        ("troops took every building except the barracks", "partial"),
        ("soldiers are still fighting for the town", "ongoing"),
        ("the town is under siege", "ongoing"),
        ("the town was fully liberated", "full"),
        ("the town was not fully liberated", None),
    ],
)
def test_control_extent_phrases(text: str, extent: str | None) -> None:
    assert control_extent(Claim(source="x", text=text, topic="control")) == extent


def test_capture_against_still_fighting_is_a_control_conflict() -> None:
    took = Claim(source="President Orlov", text="government troops took Zarovka", topic="control", article_id="a")
    fight = Claim(
        source="Arvan officials", text="as Arvan officials reported heavy fighting for the town", article_id="b"
    )
    conflicts = conflicts_of([took, fight])
    assert [c.topic for c in conflicts] == ["control"]
    assert conflicts[0].values[1].startswith("still fought over")


def test_one_speaker_saying_captured_and_liberated_is_no_conflict() -> None:
    a = Claim(source="President Orlov", text="our forces captured the town of Zarovka", topic="control")
    b = Claim(source="President Orlov", text="the town of Zarovka has been liberated", topic="control")
    assert conflicts_of([a, b]) == []


def test_denial_of_the_attack_stands_against_the_account() -> None:
    account = Claim(source="rescuers", text="jets struck the market", article_id="a")
    denial = Claim(
        source="the defence ministry", text="denied that its jets struck the market", stance="deny", article_id="a"
    )
    assert [c.topic for c in conflicts_of([account, denial])] == ["responsibility"]


def test_single_curly_quotation_spanning_sentences_is_one_claim() -> None:
    text = (
        "‘We held the bridge all night. Nobody from our unit was lost,’ said Colonel Ivan Dal of the Ruritanian army.\n\n"
        "The rebels’ commander did not comment."
    )
    claims = claims_of(text)
    assert claims[0].source.startswith("Colonel Ivan Dal")
    assert claims[0].text.startswith("‘We held the bridge") and "Nobody from our unit" in claims[0].text


def test_hard_wrapped_copy_is_unwrapped_with_offsets_kept() -> None:
    para = (
        "ZAROVKA, Ruritania (Wire) - Rebel fighters shelled the eastern town of\n"
        "Zarovka overnight, killing 12 civilians and wounding dozens more, the\n"
        "regional governor Ivan Dal said on Tuesday, adding that rescue teams\n"
        "were still searching the ruins of several apartment blocks there.\n"
    )
    text = para + "\n" + para.replace("12 civilians", "14 civilians")
    assert nlp.is_hard_wrapped(text) and len(nlp.unwrap(text)) == len(text)
    sentences = nlp.sentences("t1", text)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    claims = claims_of(text)
    assert [(c.value, "Ivan Dal" in c.source) for c in claims][:2] == [(12, True), (14, True)]
    # a short headline line is not wrapped copy
    assert nlp.unwrap("Blast in Zarovka\nTwelve dead") == "Blast in Zarovka\nTwelve dead"


def _report(article: str, day: date, outlet: str, published: date) -> Report:
    place = Place(name="Zarovka", lat=0.0, lon=0.0, geonameid=1)
    return Report(
        article_id=article,
        event_date=EventDate(day=day),
        event_type="Battles",
        sub_event_type="Armed clash",
        place=place,
        outlet=outlet,
        published=published,
    )


def test_a_day_apart_between_outlets_is_a_date_conflict() -> None:
    a = _report("a1", date(2024, 3, 2), "Ruritania Today", date(2024, 3, 2))
    b = _report("a2", date(2024, 3, 3), "Southern Cross Post", date(2024, 3, 3))
    conflicts = date_conflicts([a, b])
    assert [c.topic for c in conflicts] == ["date"]
    assert conflicts[0].values[0] == "2024-03-02" and "Southern Cross Post" in conflicts[0].values[1]
    # the same day, or one article alone, is no conflict
    assert date_conflicts([a, _report("a2", date(2024, 3, 2), "Post", date(2024, 3, 3))]) == []
    assert date_conflicts([a, _report("a1", date(2024, 3, 3), "Ruritania Today", date(2024, 3, 2))]) == []


@pytest.mark.parametrize(
    ("text", "source", "topic", "value"),
    [
        ("The previous toll given by the health ministry stood at 24 killed.", "the health ministry", "fatalities", 24),
        (
            "The border guards said civilians had been killed but gave no figure.",
            "The border guards",
            "fatalities",
            None,
        ),
        ("Dr Ivan Dal, head of the emergency desk, said 20 people were badly wounded.", "Dr Ivan Dal", "injuries", 20),
        (
            "The strike killed 23 people, according to the latest toll of the Ruritanian Monitoring Group.",
            "the Ruritanian Monitoring Group",
            "fatalities",
            23,
        ),
    ],
)
def test_every_attributed_figure_gets_a_topic_and_value(text: str, source: str, topic: str, value: int | None) -> None:
    claims = claims_of(text)
    assert claims and claims[0].source.startswith(source)
    assert (claims[0].topic, claims[0].value) == (topic, value)


def test_pronoun_after_its_own_sentences_subject_is_that_subject() -> None:
    text = (
        "Colonel Ivan Dal visited the town. The Ruritanian Army has expelled a number of fighters it said were "
        "guilty of looting."
    )
    assert [c.source for c in claims_of(text)] == ["The Ruritanian Army"]


def test_no_losses_against_heavy_losses_is_a_conflict() -> None:
    a = Claim(source="the defence ministry", text="not a single soldier was lost in the pullback")
    b = Claim(source="retreating troops", text="their unit suffered heavy losses")
    c = Claim(source="the defence ministry", text="the unit suffered heavy losses")
    assert [x.topic for x in conflicts_of([a, b])] == ["losses"]
    assert conflicts_of([a, c]) == []  # one speaker is no disagreement


def test_outlet_toll_skips_attackers_and_other_years() -> None:
    from frontwatch.claims.outlet import outlet_toll

    assert outlet_toll("Rebels killed 12 villagers in Zarovka on Monday.", year=2024) == 12
    assert outlet_toll("The attack, by at least two suicide bombers, struck the gate.", year=2024) is None
    assert outlet_toll("May 23, 1927: Forty thousand people died in Zarovka in an earthquake.", year=2024) is None
