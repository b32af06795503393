"""Actor mentions: aliases, state forces by rule, regime spans, generic phrases, sources."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest

from frontwatch.events.actors import (
    DATA_DIR,
    KINDS,
    ActorMention,
    actor_for_country,
    check_actor_data,
    find_actors,
    is_source_phrase,
    lookup_actor,
)
from frontwatch.model import INTER_NAMES


def _only(text: str, **kw: object) -> ActorMention:
    found = find_actors(text, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


def _names(text: str, **kw: object) -> list[str]:
    return [m.actor.name for m in find_actors(text, **kw)]  # type: ignore[arg-type]


# --- the data file --------------------------------------------------------------------------


def test_data_file_schema() -> None:
    data = json.loads((DATA_DIR / "actors.json").read_text(encoding="utf-8"))
    keys = [a["key"] for a in data["actors"]]
    assert len(keys) == len(set(keys))
    for a in data["actors"]:
        if "state" in a:
            assert a["state"] in ("military", "police") and a["country"]
        else:
            assert a["inter"] in INTER_NAMES, a["key"]
            assert a["name"], a["key"]
        assert all(al == al.lower() for al in a["aliases"]), a["key"]
        assert a.get("country") is None or len(a["country"]) == 2
        for ref in [a.get("successor"), *a.get("by_country", {}).values()]:
            assert ref is None or ref in keys
    # every alias belongs to one actor; shared meanings go through by_country instead
    aliases = Counter(al for a in data["actors"] for al in a["aliases"])
    assert [al for al, n in aliases.items() if n > 1] == []


def test_loader_reports_no_problems() -> None:
    assert check_actor_data() == []


# --- named groups ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country", "name"),
    [
        ("Al-Shabab fighters attacked a base.", "SO", "Al Shabaab"),
        ("Shebab militants stormed the hotel.", "SO", "Al Shabaab"),
        ("The al Shabaab group said it was behind it.", "SO", "Al Shabaab"),
        ("Daesh claimed the attack.", "SY", "Islamic State (Syria)"),
        ("ISIL fighters were killed near Mosul.", "IQ", "Islamic State (Iraq)"),
        ("IS claimed the bombing in Kabul.", "AF", "Islamic State Khorasan Province (ISKP)"),
        ("IS-K claimed the bombing.", "AF", "Islamic State Khorasan Province (ISKP)"),
        ("Islamic State Khorasan claimed it.", "PK", "Islamic State Khorasan Province (ISKP)"),
        ("ISWAP attacked Monguno.", "NG", "Islamic State (West Africa)"),
        ("Boko Haram abducted students.", "NG", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
        ("The March 23 Movement took Bunagana.", "CD", "M23: March 23 Movement"),
        ("M23 rebels advanced on Goma.", "CD", "M23: March 23 Movement"),
        ("Haftar's forces shelled Tripoli.", "LY", "LNA: Libyan National Army"),
        ("Ansar Allah fired a missile.", "YE", "Military Forces of Yemen (2017-) Houthi"),
        ("HTS fighters shelled the town.", "SY", "HTS: Hayat Tahrir al Sham"),
        ("The SDF said it repelled the attack.", "SY", "QSD: Syrian Democratic Forces"),
        ("JNIM claimed the ambush.", "ML", "JNIM: Jama'at Nasr al-Islam wal Muslimin"),
        ("Hamas fired rockets.", "PS", "Hamas Movement"),
        ("The Arakan Army seized a post.", "MM", "AA: Arakan Army"),
        ("ELN guerrillas attacked.", "CO", "ELN: National Liberation Army"),
        ("The Clan del Golfo killed two.", "CO", "AGC: Gaitanist Self-Defense Forces of Colombia"),
        ("The NPA ambushed soldiers.", "PH", "NPA: New People's Army"),
        ("Wagner mercenaries killed villagers.", "ML", "Wagner Group"),
    ],
)
def test_group_aliases(text: str, country: str, name: str) -> None:
    assert name in _names(text, country_code=country, when=date(2023, 6, 1))


def test_the_same_alias_means_another_group_elsewhere() -> None:
    # in Cabo Delgado the insurgents are locally called al-Shabaab
    assert _only("Al-Shabaab attacked Palma.", country_code="MZ").actor.name == "Islamic State (Mozambique)"
    assert _only("Islamic State fighters attacked.", country_code="NE").actor.name == "Islamic State (Sahel)"
    assert _only("Daesh attacked.").actor.name == "Islamic State"  # no country: the umbrella


def test_lowercase_is_and_us_are_words_not_actors() -> None:
    assert find_actors("This is what us forces of habit do.", country_code="AF") == []
    assert _only("US forces struck a compound.", country_code="SO").actor.inter == 8


def test_hyphenated_prefixes_are_not_mentions() -> None:
    assert _names("Anti-Taliban and pro-government forces took rebel-held areas.") == []


def test_longest_alias_wins() -> None:
    m = _only("Islamic State Khorasan Province fighters attacked.", country_code="AF")
    assert m.actor.key == "iskp"
    assert m.text == "Islamic State Khorasan Province fighters"


# --- state forces -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country", "name"),
    [
        ("Afghan troops retook the district.", "AF", "Military Forces of Afghanistan (2014-2021)"),
        ("Afghan security forces repelled the attack.", "AF", "Military Forces of Afghanistan (2014-2021)"),
        ("The Afghan army said five died.", "AF", "Military Forces of Afghanistan (2014-2021)"),
        ("Iraqi forces entered the city.", "IQ", "Military Forces of Iraq"),
        ("The Congolese army said.", "CD", "Military Forces of Democratic Republic of Congo (2019-)"),
        ("FARDC soldiers fled.", "CD", "Military Forces of Democratic Republic of Congo (2019-)"),
        ("Somali forces killed ten militants.", "SO", "Military Forces of Somalia"),
        ("The Nigerian army said.", "NG", "Military Forces of Nigeria (2015-2023)"),
        ("Pakistan's army said.", "PK", "Military Forces of Pakistan (2018-)"),
        ("Afghan police arrested two.", "AF", "Police Forces of Afghanistan (2014-2021)"),
    ],
)
def test_demonym_state_forces(text: str, country: str, name: str) -> None:
    assert _names(text, country_code=country, when=date(2019, 6, 1))[0] == name


def test_a_dotless_i_finds_what_the_case_blind_pattern_matched() -> None:
    """re.IGNORECASE matches "Somalı" (dotless ı) to "somali"; the lookup of what matched used plain
    lower case and raised KeyError, losing the article's actors."""
    assert _names("Somalı forces killed ten militants.", country_code="SO", when=date(2019, 6, 1))[0] == (
        "Military Forces of Somalia"
    )
    found = lookup_actor("SOMALİ forces")
    assert found is not None and found.key == "military:SO"


def test_regime_span_follows_the_date() -> None:
    late = _only("Nigerian troops repelled them.", country_code="NG", when=date(2024, 1, 5))
    assert late.actor.name == "Military Forces of Nigeria (2023-)"
    assert actor_for_country("military", "SY", when=date(2020, 1, 1)).name == "Military Forces of Syria (2000-2024)"
    assert actor_for_country("military", "SY", when=date(2025, 1, 1)).name == "Military Forces of Syria (2024-)"
    # no date: the current regime
    assert actor_for_country("police", "ML").name == "Police Forces of Mali (2021-)"


@pytest.mark.parametrize("phrase", ["government forces", "security forces", "the army", "soldiers", "troops"])
def test_unnamed_state_forces_take_the_event_country(phrase: str) -> None:
    m = _only(f"Yesterday {phrase} attacked the village.", country_code="SO", when=date(2024, 3, 1))
    assert m.actor.name == "Military Forces of Somalia (2022-)"
    assert m.actor.inter == 1 and m.generic


def test_police_phrase_and_no_country() -> None:
    assert _only("Police dispersed them.", country_code="SD").actor.name == "Police Forces of Sudan (2019-)"
    m = _only("Government forces shelled it.")
    assert m.actor.inter == 1 and m.actor.country_code is None and m.generic


def test_foreign_militaries_abroad_are_external() -> None:
    assert _only("Russian forces shelled Kharkiv.", country_code="UA").actor.inter == 8
    assert _only("Russian forces moved in.", country_code="RU").actor.inter == 1
    assert _only("Rwandan troops deployed.", country_code="MZ").actor.name == "Military Forces of Rwanda"
    assert _only("IDF troops raided Jenin.", country_code="PS").actor.inter == 8
    assert _only("NATO warplanes struck.", country_code="AF").actor.inter == 8
    assert _only("AMISOM troops", country_code="SO", when=date(2020, 1, 1)).actor.key == "amisom"


def test_unit_names_follow_the_span() -> None:
    m = _only("PMF fighters clashed.", country_code="IQ", when=date(2023, 1, 1))
    assert m.actor.name == "Military Forces of Iraq (2022-) Popular Mobilization Forces"
    assert m.actor.inter == 1


# --- a group's name and code change with time ---------------------------------------------------


def test_taliban_before_and_after_august_2021() -> None:
    before = _only("Taliban fighters captured the district.", country_code="AF", when=date(2021, 8, 1))
    after = _only("Taliban fighters captured the district.", country_code="AF", when=date(2021, 9, 1))
    assert (before.actor.name, before.actor.inter) == ("Taliban", 2)
    assert (after.actor.name, after.actor.inter) == ("Military Forces of Afghanistan (2021-)", 1)
    assert after.actor.key == "military:AF"


def test_rsf_left_the_state_forces_in_april_2023() -> None:
    assert _only("RSF units", country_code="SD", when=date(2020, 1, 1)).actor.inter == 1
    later = _only("The Rapid Support Forces attacked.", country_code="SD", when=date(2023, 5, 1))
    assert (later.actor.name, later.actor.inter) == ("RSF: Rapid Support Forces", 2)


def test_african_union_mission_renamed() -> None:
    assert _only("AMISOM said.", when=date(2023, 1, 1)).actor.key == "atmis"
    assert _only("AMISOM said.", when=date(2025, 6, 1)).actor.key == "aussom"


# --- generic actors ----------------------------------------------------------------------------


def test_civilians_protesters_rioters() -> None:
    found = find_actors(
        "Protesters marched; rioters burned tyres; three civilians were hurt.", country_code="SD", when=date(2023, 1, 1)
    )
    assert [(m.actor.name, m.actor.inter, m.generic) for m in found] == [
        ("Protesters (Sudan)", 6, False),
        ("Rioters (Sudan)", 5, False),
        ("Civilians (Sudan)", 7, False),
    ]


def test_gunmen_are_an_unidentified_armed_group() -> None:
    m = _only("Unidentified gunmen killed a chief.", country_code="NG")
    assert (m.actor.name, m.actor.inter, m.generic) == ("Unidentified Armed Group (Nigeria)", 3, True)
    assert _only("Unknown assailants opened fire.", country_code="PK").actor.inter == 3


@pytest.mark.parametrize("word", ["militants", "insurgents", "rebels", "jihadists", "fighters"])
def test_generic_armed_words(word: str) -> None:
    m = _only(f"The {word} withdrew.", country_code="ML")
    assert m.generic and m.actor.inter is None and m.actor.name == word


@pytest.mark.parametrize("kind", KINDS)
def test_actor_for_country_kinds(kind: str) -> None:
    a = actor_for_country(kind, "af", when=date(2020, 1, 1))
    assert a.country_code == "AF" and a.inter in INTER_NAMES
    assert "Afghanistan" in a.name


def test_actor_for_country_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError):
        actor_for_country("pirates", "SO")


def test_country_missing_from_data_uses_pycountry() -> None:
    assert actor_for_country("civilians", "NP").name == "Civilians (Nepal)"


# --- unknown armed groups ------------------------------------------------------------------------


def test_unknown_group_from_entities_has_no_inter() -> None:
    text = "The Zawiya Martyrs Brigade attacked a checkpoint."
    m = _only(text, ents=[(4, 26, "ORG")])
    assert (m.actor.name, m.actor.inter, m.actor.key) == ("Zawiya Martyrs Brigade", None, None)
    assert text[m.start : m.end] == m.text


def test_unknown_group_from_capitalised_phrase() -> None:
    assert _names("Fighters of the Southern Liberation Front attacked.")[-1] == "Southern Liberation Front"
    assert _names("Members of the Jaish al-Adl group were killed.")[-1] == "Jaish al-Adl"


def test_institutions_are_not_armed_groups() -> None:
    text = "The International Crisis Group and the Special Forces Command said."
    assert _names(text, ents=[(4, 31, "ORG")]) == []


# --- sources, offsets, lookup --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Taliban spokesman Qari Yousuf Ahmadi said 20 soldiers died.", True),
        ("A Taliban statement said the district fell.", True),
        ("The Taliban's spokesperson denied it.", True),
        ("The district fell, according to the Taliban.", True),
        ("A spokesman for al-Shabaab said.", True),
        ("Taliban fighters overran the checkpoint.", False),
    ],
)
def test_source_phrases(text: str, expected: bool) -> None:
    found = [m for m in find_actors(text, country_code="AF", when=date(2020, 1, 1)) if not m.generic]
    assert is_source_phrase(text, found[0]) is expected


def test_offsets_slice_exactly() -> None:
    article = "Intro sentence. Afghan forces and Taliban militants clashed; al-Shabab denied it. "
    start = article.index("Afghan")
    sentence = article[start:]
    found = find_actors(sentence, offset=start, country_code="AF", when=date(2020, 1, 1))
    assert [m.text for m in found] == ["Afghan forces", "Taliban militants", "al-Shabab"]
    for m in found:
        assert article[m.start : m.end] == m.text
    assert is_source_phrase(sentence, found[0], offset=start) is False


def test_lookup_actor() -> None:
    assert lookup_actor("al-shabab").key == "al_shabaab"  # type: ignore[union-attr]
    assert lookup_actor("Rapid Support Forces").name == "RSF: Rapid Support Forces"  # type: ignore[union-attr]
    assert lookup_actor("Afghan troops").key == "military:AF"  # type: ignore[union-attr]
    assert lookup_actor("Al Shabaab").key == "al_shabaab"  # type: ignore[union-attr]
    exact = lookup_actor("Military Forces of Afghanistan (2014-2021)")
    assert exact is not None and exact.inter == 1 and exact.country_code == "AF"
    assert lookup_actor("Civilians (Syria)").inter == 7  # type: ignore[union-attr]
    assert lookup_actor("Sons of Nobody") is None


def test_states_named_as_the_acting_side():
    # ACTORS-STATE-BY-NAME
    from frontwatch.events.state_credit import states_acting

    assert states_acting("Fighting between Ecuador and Colombia killed 24 on Friday.") == ["EC", "CO"]
    assert states_acting("Norway launched a missile attack on the city.") == ["NO"]
    assert states_acting("Norway said rebels fired rockets at the city.") == []


def test_a_renamed_forces_entry_takes_its_successors_side_from_its_end_day() -> None:
    """actors.json: the RSF were Sudan's state forces until 2023-04-15, a rebel group after; the
    capture prior reads the side as of the article's day (named_forces.AS_OF, set by the pipeline)."""
    from datetime import date

    from frontwatch.events.named_forces import as_of
    from frontwatch.events.rules import rule_hits

    text = "The RSF said on Tuesday that its forces had taken control of the town after heavy fighting."
    with as_of(date(2024, 5, 14)):
        assert "Non-state actor overtakes territory" in rule_hits(text)
    with as_of(date(2019, 5, 14)):
        assert "Government regains territory" in rule_hits(text)


@pytest.mark.parametrize(
    "text",
    ["No group immediately claimed the attack.", "Another group said it was not involved.", "Any group that attacks"],
)
def test_a_determiner_before_group_is_no_group_name(text: str) -> None:
    from frontwatch.events.actors import find_actors

    assert [m.text for m in find_actors(text, country_code="ML") if m.actor.inter is None] == []


def test_a_capitalised_name_before_group_is_still_an_unknown_group() -> None:
    from frontwatch.events.actors import find_actors

    found = find_actors("The Zarovka Defenders group claimed the attack.", country_code="ML")
    assert any(m.actor.name == "Zarovka Defenders" for m in found)
