"""Claims: attribution patterns, reference resolution, topics, values, stances, source types.

Every sentence here is made up for the test (invented people and places); the spaCy model is
loaded once per session and each case is parsed the way the pipeline parses an article.
"""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from frontwatch import nlp
from frontwatch.claims import find_claims, source_type
from frontwatch.model import CLAIM_TOPICS, SOURCE_TYPES, Claim, Sentence


@pytest.fixture(scope="session")
def model() -> Language:
    return nlp.load()


def claims_of(text: str) -> list[Claim]:
    doc = nlp.parse(text)
    sentences = nlp.sentences("t1", text, doc)
    return find_claims(sentences, article_id="t1", outlet="Test Wire", published=date(2024, 3, 1), doc=doc)


def assert_spans(text: str, claims: list[Claim]) -> None:
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text


# (article text, source substring, verb, topic, value, stance, source type): the expectation is
# about the article's LAST claim; earlier sentences give context for references back.
# fmt: off
# (one case per line reads as a table; the formatter would spread each over nine lines)
CASES = [
    # "X said (that) ..." and self-reports of belligerents
    ("Rebel spokesman Omar Kadiri said the fighters had captured the town of Belvar.", "Rebel spokesman Omar Kadiri", "said", "control", None, "self_report", "belligerent"),
    ("Al Shabaab said its fighters seized the town after government troops fled.", "Al Shabaab", "said", "control", None, "self_report", "belligerent"),
    ("M23 spokesman Paul Kanoa said that the rebels had taken control of the border post.", "M23 spokesman Paul Kanoa", "said", "control", None, "self_report", "belligerent"),
    # "..., X said."
    ("Fighting continued through the night in the river port, officials said.", "officials", "said", "other", None, "assert", "government"),
    ("Twelve police officers were killed in the attack on the checkpoint, a provincial spokesman said.", "a provincial spokesman", "said", "fatalities", 12, "assert", "unknown"),
    # "..., said X, a ROLE"
    ("The army had withdrawn from three outposts, said Jan Felder, a defence ministry spokesman.", "Jan Felder, a defence ministry spokesman", "said", "other", None, "assert", "government"),
    # "X told (the) OUTLET (that) ..."
    ("Local sources told the Courier that gunmen freed about 250 prisoners from the central jail.", "Local sources", "told", "prisoners_freed", 250, "assert", "local_source"),
    ("Witnesses told Reuters that at least 12 people were killed in the market blast.", "Witnesses", "told", "fatalities", 12, "assert", "witness"),
    ("The militants burned down two schools and a clinic, the district chief told reporters.", "the district chief", "told", "damage", None, "assert", "government"),
    ("A resident, who asked not to be named, told AFP that the insurgents seized the mosque.", "A resident", "told", "control", None, "assert", "local_source"),
    # "according to X", "as reported by X", "X was quoted as saying"
    ("According to the provincial governor, 30 soldiers were killed in the ambush.", "the provincial governor", "according to", "fatalities", 30, "assert", "government"),
    ("Thirty soldiers were killed in the ambush, according to a hospital official.", "a hospital official", "according to", "fatalities", 30, "assert", "independent_official"),
    ("Twenty-two fighters were killed in the clash, as reported by the state news agency.", "the state news agency", "reported", "fatalities", 22, "assert", "government"),
    ("Army chief Gen. Tomas Reyes was quoted as saying that troops had retaken the village.", "Army chief Gen. Tomas Reyes", "quoted", "control", None, "assert", "government"),
    # the other reporting verbs
    ("Insurgent commander Abu Harith claimed that his men had overrun the garrison.", "Insurgent commander Abu Harith", "claimed", "control", None, "self_report", "belligerent"),
    ("Pentagon officials confirmed that two service members were killed.", "Pentagon officials", "confirmed", "fatalities", 2, "assert", "international_force"),
    ("The rebels insisted they still controlled the hills above the town.", "The rebels", "insisted", "control", None, "self_report", "belligerent"),
    ("The mayor added that dozens of homes had been damaged by the shelling.", "The mayor", "added", "damage", None, "assert", "government"),
    ("The interior ministry announced that security forces had recaptured the checkpoint.", "The interior ministry", "announced", "control", None, "assert", "government"),
    ("The UN envoy warned that fighting could spread to the capital.", "The UN envoy", "warned", "other", None, "assert", "independent_official"),
    ("The news agency reported that the bridge had been blown up overnight.", "The news agency", "reported", "damage", None, "assert", "journalist"),
    # statements and tweets
    ("Coalition spokesman Col. Ray Doyle said in a statement that aircraft destroyed a weapons depot.", "Coalition spokesman Col. Ray Doyle", "said", "damage", None, "assert", "international_force"),
    ("In a tweet, the peacekeeping mission called the shelling of the camp a grave violation.", "the peacekeeping mission", "called", "other", None, "assert", "international_force"),
    ("NATO said the alliance's troops had pushed back the attackers.", "NATO", "said", "control", None, "assert", "international_force"),
    ("US Central Command said its aircraft struck a militant training camp.", "US Central Command", "said", "other", None, "assert", "international_force"),
    ('Al Shabaab said in a statement that its fighters had attacked the base. "The enemy fled in disarray," it read.', "Al Shabaab", "read", "other", None, "assert", "belligerent"),
    # reached by phone / appositives
    ("A police spokesman, reached by phone, said the border crossing was under the control of the army.", "A police spokesman", "said", "control", None, "assert", "government"),
    ("Sana Bello, head of the provincial council, said the rebels had withdrawn from the valley.", "Sana Bello, head of the provincial council", "said", "other", None, "assert", "government"),
    ("Speaking near the front, a special forces commander, Major Ilan Crest, said the troops had cleared the village of militants.", "a special forces commander, Major Ilan Crest", "said", "control", None, "assert", "government"),
    ("Journalist Mara Quist, who visited the front line, said the town was largely destroyed.", "Journalist Mara Quist", "said", "damage", None, "assert", "journalist"),
    # plural and anonymous sources
    ("Residents said the rebels were holding the city after the army withdrew.", "Residents", "said", "control", None, "assert", "local_source"),
    ("Eyewitnesses said the market was set on fire by the attackers.", "Eyewitnesses", "said", "damage", None, "assert", "witness"),
    ("Reports said at least seven people had been killed in the shelling.", "Reports", "said", "fatalities", 7, "assert", "journalist"),
    ("The UN refugee agency said some 3,000 families had fled the fighting.", "The UN refugee agency", "said", "other", None, "assert", "independent_official"),
    ("Tribal elder Haji Murad said the militants had freed 60 inmates from the district jail.", "Tribal elder Haji Murad", "said", "prisoners_freed", 60, "assert", "independent_official"),
    # freed prisoners vs killed: the value follows the topic
    ("The gunmen freed more than 200 prisoners and killed four guards, a prison official said.", "a prison official", "said", "fatalities", 4, "assert", "government"),
    ("Rebel commanders said they had freed more than 200 prisoners, including 35 of their own fighters.", "Rebel commanders", "said", "prisoners_freed", 200, "self_report", "belligerent"),
    # denials
    ("The defence ministry denied that the airport had fallen to the insurgents.", "The defence ministry", "denied", "control", None, "deny", "government"),
    ("The army spokesman rejected claims that the base had been overrun.", "The army spokesman", "rejected", "control", None, "deny", "government"),
    ("The governor said the provincial capital had not fallen and troops were still fighting.", "The governor", "said", "control", None, "deny", "government"),
    ("The ministry did not acknowledge any losses but said the attack had been repelled.", "The ministry", "said", "other", None, "deny", "government"),
    # belligerent figures: enemy dead are a self-report, own dead are not
    ("An Islamic State statement claimed that 25 soldiers were killed in the raid.", "An Islamic State statement", "claimed", "fatalities", 25, "self_report", "belligerent"),
    ("A Taliban commander said eight of the group's fighters were killed in air strikes.", "A Taliban commander", "said", "fatalities", 8, "assert", "belligerent"),
    # references back: he / she / they / the official / the spokesman / a bare surname
    ("Provincial police chief Dara Venn said the attackers came from the north. He said five officers were killed in the assault.", "Provincial police chief Dara Venn", "said", "fatalities", 5, "assert", "government"),
    ("District governor Lina Osei said the roads were closed. She said nine civilians were killed when a shell hit a house.", "District governor Lina Osei", "said", "fatalities", 9, "assert", "government"),
    ("Residents said the shelling began at dawn. They said the rebels had looted shops.", "Residents", "said", "damage", None, "assert", "local_source"),
    ('A senior security official said the highway remained closed. "We expect the road to reopen within days," said the official.', "A senior security official", "said", "other", None, "assert", "government"),
    ("Army spokesman Col. Idris Fane said the convoy was ambushed. The spokesman said six soldiers were killed.", "Army spokesman Col. Idris Fane", "said", "fatalities", 6, "assert", "government"),
    ("Taliban spokesman Karim Sadiq said the fighters took control of the district centre. Heavy rain fell in the evening. Later, Sadiq said the police headquarters was also in the hands of the group.", "Taliban spokesman Karim Sadiq", "said", "control", None, "self_report", "belligerent"),
    ('The governor, Ruben Halvik, said the city was calm. "The attackers were repelled. They left 14 bodies behind," he said.', "The governor, Ruben Halvik", "said", "fatalities", 14, "assert", "government"),
    # passive "confirmed by", other verbs, numbers and particles in sources
    ("News of the raid was confirmed by regional police spokesman Idi Baro, who said 7 gunmen were killed.", "regional police spokesman Idi Baro", "confirmed", "fatalities", 7, "assert", "government"),
    ("The market was shelled at noon, two witnesses said.", "two witnesses", "said", "other", None, "assert", "witness"),
    ("Army spokesman Gen. Samir al-Rawi declared that the old town had been liberated.", "Army spokesman Gen. Samir al-Rawi", "declared", "control", None, "assert", "government"),
    # a later short form takes the fullest earlier form; an office named fully is a first mention
    ("Interior Minister Dalia Farouk Nasser said the curfew would continue. Interior Minister Nasser told reporters that 3 police officers were killed.", "Interior Minister Dalia Farouk Nasser", "told", "fatalities", 3, "assert", "government"),
    ("The defence ministry said the raid had ended. Talks began in the capital, the Ruritanian Foreign Ministry said.", "the Ruritanian Foreign Ministry", "said", "other", None, "assert", "government"),
]
# fmt: on


@pytest.mark.slow
@pytest.mark.parametrize(("text", "source", "verb", "topic", "value", "stance", "kind"), CASES)
def test_claim(
    model: Language, text: str, source: str, verb: str, topic: str, value: int | None, stance: str, kind: str
) -> None:
    claims = claims_of(text)
    assert claims, "no claim found"
    assert_spans(text, claims)
    claim = claims[-1]
    assert source in claim.source
    assert (claim.verb, claim.topic, claim.value, claim.stance, claim.source_type) == (verb, topic, value, stance, kind)
    assert claim.topic in CLAIM_TOPICS and claim.source_type in SOURCE_TYPES


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Heavy fighting broke out near the airport on Monday.",
        "Government troops were reported to be retreating from the valley.",
        "The council called for calm after the clashes.",
        "Prices fell sharply in the capital as the siege tightened.",
        "News reports indicated that the blast set off a gunfight at the gate.",
        "The attack came hours after embassies had warned of a threat and told their staff to stay home.",
    ],
)
def test_unattributed_sentences_give_no_claim(model: Language, text: str) -> None:
    assert claims_of(text) == []


@pytest.mark.slow
def test_one_claim_per_attributed_sentence_with_article_fields(model: Language) -> None:
    text = (
        "Clashes erupted in the hill town of Marvo on Sunday.\n"
        "The district governor said 11 soldiers were killed.\n"
        "Nobody else commented.\n"
        "Local sources told the Courier that the market had been burned."
    )
    claims = claims_of(text)
    assert [c.source for c in claims] == ["The district governor", "Local sources"]
    assert_spans(text, claims)
    assert all(c.article_id == "t1" and c.outlet == "Test Wire" and c.published == date(2024, 3, 1) for c in claims)
    assert claims[0].text == "The district governor said 11 soldiers were killed."


@pytest.mark.slow
def test_multi_sentence_quote_span_starts_at_the_opening_quote(model: Language) -> None:
    text = (
        "The commander spoke from the base. "
        '"Our units held the line. The enemy withdrew to the river," said Captain Noor Havel, a brigade spokesman.'
    )
    claims = claims_of(text)
    assert len(claims) == 1
    claim = claims[0]
    assert claim.text.startswith('"Our units held the line.')
    assert claim.text.endswith("a brigade spokesman.")
    assert claim.source == "Captain Noor Havel, a brigade spokesman"
    assert_spans(text, claims)


@pytest.mark.slow
def test_quote_running_on_after_the_attribution(model: Language) -> None:
    text = (
        'Colonel Edda Morn said the brigade had "retaken the ridge and the pass. '
        'The enemy suffered heavy losses." Aid convoys were waiting at the border.'
    )
    claims = claims_of(text)
    assert len(claims) == 1
    assert claims[0].text.endswith('heavy losses."')
    assert claims[0].topic == "control"
    assert_spans(text, claims)


@pytest.mark.slow
def test_pronoun_looks_back_only_a_few_sentences(model: Language) -> None:
    text = (
        "Commander Tariq Bashir said the convoy was attacked. "
        "The road was closed. Traffic backed up. Shops shut early. Schools stayed open. "
        "He said the attackers escaped."
    )
    claims = claims_of(text)
    assert claims[-1].source == "He"
    assert claims[-1].source_type == "unknown"


@pytest.mark.slow
def test_the_governor_points_back_to_the_named_governor(model: Language) -> None:
    text = (
        "Governor Amal Rasheed said the city was quiet. "
        "Shops opened. Buses ran. Schools reopened. Markets were busy. "
        "The governor told reporters that 3 attackers were killed overnight."
    )
    claims = claims_of(text)
    assert claims[-1].source == "Governor Amal Rasheed"
    assert claims[-1].value == 3


@pytest.mark.slow
def test_attribution_alone_in_its_sentence_takes_the_sentence_before(model: Language) -> None:
    text = "The attackers blew up the water tower at the edge of town. Colonel Ines Marr told the Courier."
    claims = claims_of(text)
    assert len(claims) == 1
    assert claims[0].text == text
    assert (claims[0].source, claims[0].topic) == ("Colonel Ines Marr", "damage")


def test_works_without_a_parse_on_hand_built_sentences() -> None:
    text = "The army said 4 soldiers were killed. Witnesses said the depot was destroyed."
    sentences = [Sentence("h", 0, 0, 37, text[0:37]), Sentence("h", 1, 38, len(text), text[38:])]
    claims = find_claims(sentences, article_id="h")
    assert [(c.source, c.topic, c.value) for c in claims] == [
        ("The army", "fatalities", 4),
        ("Witnesses", "damage", None),
    ]
    assert_spans(text, claims)


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("Taliban spokesman Zabi Karimi", "belligerent"),
        ("al-Shabab militants", "belligerent"),
        ("a Houthi military spokesman", "belligerent"),
        ("the provincial governor", "government"),
        ("Ministry of Defence official", "government"),
        ("US Forces", "international_force"),
        ("UN peacekeepers", "international_force"),
        ("a UN official", "independent_official"),
        ("the health ministry", "government"),
        ("local sources", "local_source"),
        ("a resident", "local_source"),
        ("witnesses", "witness"),
        ("reports", "journalist"),
        ("Omar Sahin", "unknown"),
        ("a spokesman", "unknown"),
    ],
)
def test_source_type_table(source: str, kind: str) -> None:
    assert source_type(source) == kind


def test_source_cut_by_the_sentence_splitter_after_a_title_is_rejoined() -> None:
    text = "Fighting resumed at dawn, officials said. Military spokesman Brig. Gen. Ode Laszlo said the bridge was retaken."
    cut = text.index("Gen. Ode")
    sentences = [
        Sentence("h", 0, 0, 40, text[:40]),
        Sentence("h", 1, 41, cut - 1, text[41 : cut - 1]),
        Sentence("h", 2, cut, len(text), text[cut:]),
    ]
    claims = find_claims(sentences, article_id="h", text=text)
    assert [c.source for c in claims] == ["officials", "Military spokesman Brig. Gen. Ode Laszlo"]
    assert claims[1].text == text[41:]
    assert (claims[1].topic, claims[1].source_type) == ("control", "government")
    assert_spans(text, claims)


def test_multi_sentence_span_uses_the_article_text_when_given() -> None:
    text = '"We hold the town.\nThe enemy ran," said a rebel commander.'
    cut = text.index("\n")
    sentences = [Sentence("h", 0, 0, cut, text[:cut]), Sentence("h", 1, cut + 1, len(text), text[cut + 1 :])]
    claims = find_claims(sentences, article_id="h", text=text)
    assert len(claims) == 1 and claims[0].text == text
    assert (claims[0].source, claims[0].source_type, claims[0].stance) == (
        "a rebel commander",
        "belligerent",
        "self_report",
    )


@pytest.mark.slow
def test_quoted_paragraph_after_a_speaker_continues_that_speaker(model: Language) -> None:
    text = (
        'Council head Rana Voss said the guards had left their posts. "Nobody was defending the town," she said.\n\n'
        '"About 90 prisoners escaped from the district jail overnight."\n\n'
        "Shops stayed closed on Friday."
    )
    claims = claims_of(text)
    assert len(claims) == 3
    assert (claims[2].source, claims[2].topic, claims[2].value) == ("Council head Rana Voss", "prisoners_freed", 90)
    assert_spans(text, claims)


@pytest.mark.slow
def test_quotation_ending_in_it_read_is_one_claim_of_the_earlier_source(model: Language) -> None:
    text = (
        "In a statement, the rebel alliance called the offensive a success. "
        '"Our forces entered the airport at dawn. The enemy retreated to the hills," it read.'
    )
    claims = claims_of(text)
    assert len(claims) == 2
    assert claims[1].text.startswith('"Our forces entered') and claims[1].verb == "read"
    assert (claims[1].source, claims[1].source_type) == ("the rebel alliance", "belligerent")
    assert_spans(text, claims)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Police said 12 people died in the blast, while the militants claimed they had killed 40 soldiers.",
            [("Police", 12), ("the militants", 40)],
        ),
        (
            "The provincial ministry put the death toll at 14, but hospital sources said at least 22 had died.",
            [("The provincial ministry", 14), ("hospital sources", 22)],
        ),
        (
            "Local doctors gave varying estimates of the toll — from 30 dead to 45 — while a rebel spokesman cited 9 deaths.",
            [("Local doctors", 30), ("a rebel spokesman", 9)],
        ),
        # a second source inside the first one's clause is what the first says, not a claim of its own
        ("Police said the militants claimed the attack on the depot.", [("Police", None)]),
    ],
)
def test_two_sources_in_one_sentence_are_two_claims(model: Language, text: str, expected: list) -> None:
    claims = claims_of(text)
    assert [(c.source, c.value) for c in claims] == expected
    assert_spans(text, claims)


def test_a_line_break_inside_a_sentence_does_not_split_it(model: Language) -> None:
    # page layouts leave breaks inside sentences; a headline or caption line still stands alone
    text = (
        "Health officials gave varying estimates of the toll at\n\nthe market in Belvar, from 11 dead to 19.\n\n"
        "Market attack\n\nThe army said the road was closed."
    )
    got = [s.text for s in nlp.sentences("t1", text, nlp.parse(text))]
    assert got == [
        "Health officials gave varying estimates of the toll at\n\nthe market in Belvar, from 11 dead to 19.",
        "Market attack",
        "The army said the road was closed.",
    ]
    assert claims_of(text)[0].source == "Health officials" and claims_of(text)[0].value == 11


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The dead include a local judge, three guards and two drivers, the governor told reporters.", 6),
        ("Among the dead were four police officers and two children, the army said.", 6),
        # a breakdown of a toll already given is not a new total
        ("At least 20 people were killed, including four children, the army said.", 20),
        ("The dead include five civilians, the army said.", 5),
    ],
)
def test_a_toll_given_as_its_parts_is_summed(model: Language, text: str, value: int) -> None:
    claims = claims_of(text)
    assert claims and claims[-1].topic == "fatalities" and claims[-1].value == value
