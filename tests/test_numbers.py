"""Counts of people and ACLED fatalities: table-driven, hand-written sentences."""

from __future__ import annotations

import pytest

from frontwatch.model import Count
from frontwatch.numbers import Fatalities, acled_fatalities, find_counts, number_value, stated_value

K, W, F, C, D, OT = "killed", "wounded", "freed", "captured", "displaced", "other"

# (sentence, expected counts in text order as (kind, low, best, high))
CASES: list[tuple[str, list[tuple[str, int | None, int | None, int | None]]]] = [
    # digits, words and compound words
    ("Twelve soldiers were killed in the ambush.", [(K, 12, 12, 12)]),
    ("The raid killed 140 fighters near the border.", [(K, 140, 140, 140)]),
    ("Officials said 1,000 families had fled the valley.", [(D, 1000, 1000, 1000)]),
    ("Forty-one villagers died when the bridge was shelled.", [(K, 41, 41, 41)]),
    ("Two hundred prisoners escaped during the night.", [(F, 200, 200, 200)]),
    ("Two hundred and fifty people were displaced by the fighting.", [(D, 250, 250, 250)]),
    ("A dozen police officers were abducted on the highway.", [(C, 12, 12, 12)]),
    ("Half a dozen guards were hurt in the blast.", [(W, 6, 6, 6)]),
    ("Two dozen recruits were killed at the training camp.", [(K, 24, 24, 24)]),
    ("The shelling killed three and injured seven.", [(K, 3, 3, 3), (W, 7, 7, 7)]),
    # modifier families
    ("More than 40 soldiers were killed.", [(K, 41, 41, None)]),
    ("Over 200 inmates broke out of the jail.", [(F, 201, 201, None)]),
    ("At least 17 civilians died in the strike.", [(K, 17, 17, None)]),
    ("Upwards of 300 residents fled the town.", [(D, 301, 301, None)]),
    ("In excess of 50 people were detained after the protest.", [(C, 51, 51, None)]),
    ("About 30 militants were killed in the clashes.", [(K, None, 30, None)]),
    ("Around 60 people were wounded.", [(W, None, 60, None)]),
    ("Some 400 prisoners were freed in the assault.", [(F, None, 400, None)]),
    ("Roughly 25 workers were kidnapped from the mine.", [(C, None, 25, None)]),
    ("Approximately 90 bodies were recovered from the rubble.", [(K, None, 90, None)]),
    ("An estimated 5,000 people fled across the river.", [(D, None, 5000, None)]),
    ("Nearly 20 soldiers died in the attack.", [(K, None, 20, 20)]),
    ("Almost 100 civilians were injured by the explosion.", [(W, None, 100, 100)]),
    ("Up to 15 attackers were killed, the army said.", [(K, None, 15, 15)]),
    ("As many as 70 hostages were released on Friday.", [(F, None, 70, 70)]),
    ("Fewer than 10 policemen were wounded.", [(W, None, 9, 9)]),
    ("30 or more villagers were abducted.", [(C, 30, 30, None)]),
    # ranges
    ("Between 10 and 15 soldiers were killed overnight.", [(K, 10, 10, 15)]),
    ("The blast killed 10 to 15 worshippers.", [(K, 10, 10, 15)]),
    ("Militants killed 10-15 police at the checkpoint.", [(K, 10, 10, 15)]),
    ("Two or three children were hurt.", [(W, 2, 2, 3)]),
    # vague quantities
    ("Dozens of civilians were killed in the market.", [(K, 12, 12, None)]),
    ("Hundreds of people fled the district.", [(D, 100, 100, None)]),
    ("Scores of fighters were killed.", [(K, 20, 20, None)]),
    ("Tens of residents were wounded.", [(W, 10, 10, None)]),
    ("Several soldiers were killed and many more wounded.", [(K, 3, 3, None), (W, 3, 3, None)]),
    ("A handful of militants were captured.", [(C, 3, 3, None)]),
    ("Many people died in the bombardment.", [(K, 3, 3, None)]),
    ("Thousands of families were displaced.", [(D, 1000, 1000, None)]),
    # several counts, each attached to the right word
    ("The attack killed 12 and wounded 15.", [(K, 12, 12, 12), (W, 15, 15, 15)]),
    ("Gunmen stormed the post, killing 12 and wounding 15.", [(K, 12, 12, 12), (W, 15, 15, 15)]),
    ("Twelve were killed and 15 wounded.", [(K, 12, 12, 12), (W, 15, 15, 15)]),
    ("12 dead, 30 injured in the market bombing.", [(K, 12, 12, 12), (W, 30, 30, 30)]),
    ("The strike wounded 8 soldiers and killed 2 civilians.", [(W, 8, 8, 8), (K, 2, 2, 2)]),
    ("Five soldiers and three civilians were killed.", [(K, 5, 5, 5), (K, 3, 3, 3)]),
    ("The bombers killed 7 police officers, 3 children and 2 women.", [(K, 7, 7, 7), (K, 3, 3, 3), (K, 2, 2, 2)]),
    ("Officials said 20 people, among them four children, were killed.", [(K, 20, 20, 20), (K, 4, 4, 4)]),
    ("Twelve people were wounded, three of whom later died.", [(W, 12, 12, 12), (K, 3, 3, 3)]),
    ("The blast left 9 people dead and 40 wounded.", [(K, 9, 9, 9), (W, 40, 40, 40)]),
    ("The death toll rose to forty-one on Tuesday.", [(K, 41, 41, 41)]),
    ("The fighting claimed the lives of 23 soldiers.", [(K, 23, 23, 23)]),
    ("Medics treated 14 wounded soldiers.", [(W, 14, 14, 14)]),
    # freed prisoners are freed, not killed
    (
        "Militants freed about 400 inmates, including more than 100 fighters.",
        [(F, None, 400, None), (F, 101, 101, None)],
    ),
    ("The assault on the prison set free 900 prisoners and killed 4 guards.", [(F, 900, 900, 900), (K, 4, 4, 4)]),
    ("Rebels released 30 hostages after talks.", [(F, 30, 30, 30)]),
    # captured, abducted, detained
    ("Gunmen abducted 80 students from their school.", [(C, 80, 80, 80)]),
    ("Police arrested 6 suspects after the bombing.", [(C, 6, 6, 6)]),
    ("Seven aid workers were taken hostage.", [(C, 7, 7, 7)]),
    ("The army said 25 militants were captured and 11 killed.", [(C, 25, 25, 25), (K, 11, 11, 11)]),
    # numbers that are not people
    ("The militants seized 11 of 34 provincial capitals.", []),
    ("The war lasted 20 years.", []),
    ("The siege went on for 30 days.", []),
    ("The convoy was attacked 75 miles south of the capital.", []),
    ("The group controls 90 percent of the district.", []),
    ("The attack began at 1 a.m. local time.", []),
    ("He was ranked #2 in the movement.", []),
    ("The town fell in 2021.", []),
    ("The donors pledged $5 million in aid.", []),
    ("A 25-year-old man was arrested.", []),
    ("The victim was aged 34.", []),
    ("The offensive began on March 12.", []),
    ("No one was hurt in the blast.", []),
    ("Six rockets hit the base, killing 2 soldiers.", [(K, 2, 2, 2)]),
    ("The strikes destroyed 14 vehicles and killed 3 fighters.", [(K, 3, 3, 3)]),
    ("It was the group's 3rd attack in the province this month.", []),
    # a suicide bomber counts
    ("A suicide bomber killed 6 worshippers at the mosque.", [(K, 1, 1, 1), (K, 6, 6, 6)]),
    ("Two suicide bombers blew themselves up at the gate.", [(K, 2, 2, 2)]),
    ("Police arrested a would-be suicide bomber before the parade.", [(C, 1, 1, 1)]),
    # singular people after "a": one, when a verb governs them
    ("The shelling killed a soldier and wounded seven.", [(K, 1, 1, 1), (W, 7, 7, 7)]),
    ("A policeman was shot dead at the checkpoint.", [(K, 1, 1, 1)]),
    ("A gunman opened fire on the crowd.", []),
    ("A total of 12 people were killed.", [(K, 12, 12, 12)]),
    # the number before an active verb names the attackers, not the victims
    ("Two gunmen killed 12 people at the market.", [(OT, 2, 2, 2), (K, 12, 12, 12)]),
    ("Three attackers abducted four teachers.", [(OT, 3, 3, 3), (C, 4, 4, 4)]),
    ("12 killed in market blast", [(K, 12, 12, 12)]),
    # noun phrases that run on past the number
    ("Three members of the armed group (the RDF) were arrested.", [(C, 3, 3, 3)]),
    (
        "At least 20 members of the security forces, including a senior officer, have been killed.",
        [(K, 20, 20, None), (K, 1, 1, 1)],
    ),
    (
        "The explosion injured twenty civilians including a child and three women.",
        [(W, 20, 20, 20), (W, 1, 1, 1), (W, 3, 3, 3)],
    ),
    ("The rebels freed more than 100 of the group's fighters.", [(F, 101, 101, None)]),
    ("Police said they recovered $500,000 in stolen property.", []),
    ("The rally by Black Lives Matter supporters drew thousands of people.", [(OT, 1000, 1000, None)]),
    ("The militia seized six police stations overnight.", []),
    # bare numbers with no governing word stay "other"
    ("About 200 fighters stormed the base.", [(OT, None, 200, None)]),
    ("The 200 fighters who stormed the base killed three soldiers.", [(OT, 200, 200, 200), (K, 3, 3, 3)]),
    ("The report counted 30 casualties.", [(OT, 30, 30, 30)]),
    ("Twelve of the 30 soldiers at the post were killed.", [(K, 12, 12, 12), (OT, 30, 30, 30)]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_find_counts(sentence: str, expected: list[tuple[str, int | None, int | None, int | None]]) -> None:
    got = [(c.kind, c.low, c.best, c.high) for c in find_counts(sentence)]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "sides"),
    [
        ("More than 40 US service members were killed.", ["US service members"]),
        ("The attack killed 12 Afghan soldiers and wounded 15 civilians.", ["Afghan soldiers", "civilians"]),
        ("Dozens of police were wounded.", ["police"]),
        ("Three children died.", ["children"]),
        ("Nine militants were killed, including 2 commanders.", ["militants", "commanders"]),
        ("The blast killed 12 and wounded 15.", [None, None]),
        ("Four attackers were shot dead.", ["attackers"]),
        ("Twelve bodies were found.", [None]),
        ("At least 20 members of the security forces were killed.", ["members of the security forces"]),
        ("The raid freed more than 100 of the group's fighters.", ["group's fighters"]),
    ],
)
def test_side(sentence: str, sides: list[str | None]) -> None:
    assert [c.side for c in find_counts(sentence)] == sides


@pytest.mark.parametrize("sentence", [c[0] for c in CASES])
def test_offsets_slice_text(sentence: str) -> None:
    prefix = "Earlier text. "
    article = prefix + sentence + " Later text."
    for c in find_counts(sentence, offset=len(prefix)):
        assert article[c.start : c.end] == c.text


def test_phrase_includes_modifier() -> None:
    (c,) = find_counts("Officials said more than 40 soldiers were killed.")
    assert c.text == "more than 40"
    assert stated_value(c) == 40


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("12", 12),
        ("1,000", 1000),
        ("140", 140),
        ("twelve", 12),
        ("forty-one", 41),
        ("a dozen", 12),
        ("two hundred", 200),
        ("two hundred and fifty", 250),
        ("dozens", 12),
        ("scores", 20),
        ("hundreds", 100),
        ("tens", 10),
        ("several", 3),
        ("a handful", 3),
        ("many", 3),
        ("more than 200", 200),
        ("at least 17", 17),
        ("between 10 and 15", 10),
        ("1.5 million", 1_500_000),
        ("a", 1),
        ("nothing", None),
    ],
)
def test_number_value(phrase: str, value: int | None) -> None:
    assert number_value(phrase) == value


def _killed(low: int | None, best: int | None, high: int | None, start: int, *, side: str | None = None) -> Count:
    return Count(low, best, high, "x", "killed", start, start + 2, side=side)


def test_acled_conflicting_figures_take_lowest() -> None:
    assert acled_fatalities([_killed(12, 12, 12, 0), _killed(13, 13, 13, 500)]).acled == 12


def test_acled_more_than_against_plain_number() -> None:
    fat = acled_fatalities([_killed(61, 61, None, 0), _killed(13, 13, 13, 500)])
    assert fat.acled == 13
    assert fat.low == 13
    assert fat.high is None


def test_acled_from_sentences() -> None:
    text = "Officials said 12 soldiers were killed. Residents said 13 people died."
    counts = find_counts(text[:39]) + find_counts(text[40:], offset=40)
    assert acled_fatalities(counts).acled == 12


def test_acled_dozens() -> None:
    assert acled_fatalities(find_counts("Dozens of people were killed.")).acled == 12


def test_acled_casualties_only_is_zero() -> None:
    fat = acled_fatalities(find_counts("The attack caused 30 casualties."))
    assert fat == Fatalities(None, None, None, 0, "")


def test_acled_ignores_injuries() -> None:
    assert acled_fatalities(find_counts("Twelve were killed and 40 wounded.")).acled == 12


def test_acled_part_is_not_a_rival() -> None:
    counts = find_counts("Twenty people were killed, including three children.")
    assert acled_fatalities(counts).acled == 20


def test_acled_adds_suicide_bomber() -> None:
    fat = acled_fatalities(find_counts("A suicide bomber killed 6 worshippers at the mosque."))
    assert fat.acled == 7
    assert fat.best == 7


def test_acled_range_reads_low_end() -> None:
    fat = acled_fatalities(find_counts("Between 10 and 15 soldiers were killed."))
    assert (fat.low, fat.best, fat.high, fat.acled) == (10, 10, 15, 10)


def test_acled_none_is_zero() -> None:
    assert acled_fatalities([]).acled == 0


def test_acled_subordinate_singular_is_part() -> None:
    counts = find_counts("At least 20 members of the security forces, including a senior officer, have been killed.")
    assert acled_fatalities(counts).acled == 20


def test_acled_nearly_and_up_to_read_stated_value() -> None:
    fat = acled_fatalities(find_counts("Up to 15 attackers were killed, the army said."))
    assert (fat.low, fat.best, fat.high, fat.acled) == (None, 15, 15, 15)


def test_acled_vague_several() -> None:
    assert acled_fatalities(find_counts("Several soldiers were killed.")).acled == 3


def test_stated_value_of_vague_and_range() -> None:
    (c,) = find_counts("Dozens of civilians were killed.")
    assert stated_value(c) == 12
    (r,) = find_counts("Between 10 and 15 soldiers were killed overnight.")
    assert stated_value(r) == 10


def test_acled_figure_outranks_vague_word() -> None:
    counts = find_counts("Dozens were killed.") + find_counts("Officials said 13 people died.", offset=100)
    assert acled_fatalities(counts).acled == 13


def test_acled_total_outranks_listed_shares() -> None:
    counts = find_counts("At least 14 people were killed.") + find_counts(
        "The dead include five civilians and four soldiers.", offset=100
    )
    fat = acled_fatalities(counts)
    assert (fat.acled, fat.text) == (14, "At least 14")


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The number of people killed in the market attack has risen to 41, the ministry said.", 41),
        ("By evening the death toll stood at 17.", 17),
        ("The toll from the blast climbed to 23 on Tuesday.", 23),
    ],
)
def test_a_toll_named_before_its_number_is_a_count_of_dead(sentence, value):
    killed = [c for c in find_counts(sentence) if c.kind == "killed"]
    assert [c.best for c in killed] == [value]


def test_listed_total_sums_a_toll_given_as_its_parts() -> None:
    from frontwatch.numbers import find_counts, listed_total

    text = "The dead include a judge, three guards and two drivers."
    assert listed_total(text, find_counts(text)) == 6
    # one part alone, or a total with its parts, is no listed toll
    for text in ("The dead include five civilians.", "At least 20 people died, including four children."):
        assert listed_total(text, find_counts(text)) is None


@pytest.mark.parametrize(
    ("text", "lang", "value", "revised"),
    [
        ("The death toll from Sunday's car bombing rose to 35, officials said.", "en", 35, True),
        ("A car bomb killed 35 people, officials said.", "en", 35, False),
        ("Le bilan de l'attentat de dimanche s’est alourdi à 35 morts, a annoncé l'agence.", "fr", 35, True),
        ("Le bilan est passé de 20 à 35 morts.", "fr", 35, True),
        ("Le bilan s'est alourdi à 1 200 morts.", "fr", 1200, True),  # a thousands separator
        ("Le bilan est passé de 20 à 35 morts.", "fr", 20, False),  # the figure it came from
        ("Le bilan de 35 morts a été confirmé.", "fr", 35, False),
        ("Le bilan s'est alourdi. Trente-cinq morts et 35 blessés.", "fr", 35, False),  # another sentence
        ("Le bilan s'est alourdi, 35 maisons ont été détruites.", "fr", 35, False),  # another clause
        ("Число погибших при взрыве на рынке возросло до 35, сообщило агентство.", "ru", 35, True),
        ("Возросло число погибших до 35.", "ru", 35, True),
        ("Число погибших составило 35.", "ru", 35, False),
        ("ارتفعت حصيلة القتلى في انفجار السيارة المفخخة إلى 35 قتيلا", "ar", 35, True),
        ("El número de muertos por el coche bomba ascendió a siete, informó la policía.", "es", 7, True),
        ("El coche bomba mató a siete personas, informó la policía.", "es", 7, False),
        ("Le bilan s'est alourdi à 35 morts.", "de", 35, False),  # no words for the language
    ],
)
def test_a_toll_stated_as_revised(text: str, lang: str, value: int, revised: bool) -> None:
    """MERGE-LATER-REVISED-TOLL reads a claim in its own language: a toll noun and a verb of change, then the figure."""
    from frontwatch.numbers.lexicon import states_revised_toll

    assert states_revised_toll(text, lang, value) is revised


@pytest.mark.parametrize(
    ("before", "revised"),
    [
        ("The death toll from Sunday's car bombing rose to ", True),
        ("The death toll rose from 20 to ", True),
        ("The toll has risen to at least ", True),
        ("The bombing killed ", False),
        ("The death toll could rise to ", False),  # a projection (NUMBERS-PROJECTED-TOLL)
        ("The death toll rose. Police said ", False),
    ],
)
def test_an_english_figure_after_a_changed_toll(before: str, revised: bool) -> None:
    """MERGE-LATER-REVISED-TOLL on English offsets: the frame ends right before the figure."""
    from frontwatch.numbers.lexicon import REVISED_BEFORE

    assert (REVISED_BEFORE.search(before) is not None) is revised


@pytest.mark.parametrize(
    ("text", "lang", "wide"),
    [
        ("The death toll from the war has risen to 1,200, the ministry said.", "en", True),
        ("The toll has risen to 400 since January.", "en", True),
        ("The death toll from Sunday's car bombing rose to 35.", "en", False),
        ("Le bilan de la guerre s'est alourdi à 1 200 morts.", "fr", True),
        ("Le bilan de l'attentat s'est alourdi à 35 morts.", "fr", False),
        ("Число погибших с начала конфликта возросло до 1200.", "ru", True),
    ],
)
def test_a_war_wide_toll_revises_no_event(text: str, lang: str, wide: bool) -> None:
    """MERGE-LATER-REVISED-TOLL leaves a war's or a period's running toll alone."""
    from frontwatch.numbers.lexicon import war_wide

    assert war_wide(text, lang) is wide
