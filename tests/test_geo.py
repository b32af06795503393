"""Gazetteer, name normalisation and geoparsing (issue 4).

The gazetteer is built once into the cache directory (about a minute the first time) and shared by
the session; tests that run the spaCy model are marked slow.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontwatch.geo import geoparse, geoparse_jsonl
from frontwatch.geo.gazetteer import Gazetteer, load_gazetteer
from frontwatch.geo.normalize import name_key
from frontwatch.model import Toponym

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _by_name(toponyms: list[Toponym]) -> dict[str, Toponym]:
    return {t.name: t for t in toponyms}


def _check_spans(text: str, toponyms: list[Toponym]) -> None:
    for t in toponyms:
        assert text[t.start : t.end] == t.name


# --- name keys -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variants",
    [
        ("Mazar-e-Sharif", "Mazar-i-Sharif", "Mazar-e- Sharif", "Mazar e Sharif", "Mazār-e Sharīf", "MAZAR-I-SHARIF"),
        ("Pul-e Khumri", "Pul-i-Khumri", "Pul i Khumri", "Pul-e- Khumri"),
        ("Al-Anbar", "al Anbar", "Anbar", "Al Anbār"),
        ("Sa'dah", "Sa`dah", "Saʿdah", "Sadah"),
    ],
)
def test_name_key_folds_transliteration_variants(variants: tuple[str, ...]) -> None:
    assert len({name_key(v) for v in variants}) == 1


def test_name_key_keeps_non_latin_script() -> None:
    # unidecode would turn Arabic into a consonant skeleton that collides with Latin names
    assert name_key("مزار شريف") != name_key("mzr shryf")
    assert name_key("Кабул") == name_key("КАБУЛ")


def test_name_key_state_abbreviation_needs_its_period() -> None:
    assert name_key("Ky.") != name_key("Ky")
    assert name_key("Ill.") != name_key("ill")


# --- gazetteer -----------------------------------------------------------------------------------


def test_country_has_its_own_geonameid(gaz: Gazetteer) -> None:
    af = gaz.country("AF")
    assert af is not None and af.feature == "country" and af.geonameid == 1149361
    kabul = next(p for p in gaz.candidates("Kabul") if p.feature == "city")
    assert af.geonameid != kabul.geonameid


def test_province_aliases(gaz: Gazetteer) -> None:
    for name in ("Paktia", "Paktiya"):
        assert any(p.feature == "admin1" and p.country_code == "AF" for p in gaz.candidates(name))
    for name in ("Kunduz", "Qunduz"):
        assert any(p.feature == "admin1" and p.geonameid == 1135690 for p in gaz.candidates(name))
    prov = gaz.admin1("AF", "Paktiya")
    assert prov is not None and prov.feature == "admin1"
    assert gaz.get(prov.geonameid or 0) == prov


def test_capital_of_admin1(gaz: Gazetteer) -> None:
    cap = gaz.capital_of_admin1("AF", "Kandahar")
    assert cap is not None and cap.feature == "city" and name_key(cap.name) == name_key("Kandahar")
    assert gaz.capital_of_admin1("AF", "No Such Province") is None


def test_non_latin_alternate_names(gaz: Gazetteer) -> None:
    for name in ("Мазари-Шариф", "مزار شريف"):
        assert any(p.geonameid == 1133616 for p in gaz.candidates(name))


def test_unknown_name(gaz: Gazetteer) -> None:
    assert gaz.candidates("Zyxqwevil") == []
    assert gaz.get(-1) is None


# --- geoparsing (spaCy model) --------------------------------------------------------------------


@pytest.mark.slow
def test_paris_by_context(gaz: Gazetteer) -> None:
    fr = geoparse("French police in Paris arrested two men near Lyon and Marseille.", gazetteer=gaz)
    assert _by_name(fr)["Paris"].place.country_code == "FR"  # type: ignore[union-attr]
    tx = geoparse("The mayor of Paris, Texas, met officials in Dallas and Houston.", gazetteer=gaz)
    paris = _by_name(tx)["Paris"].place
    assert paris is not None and paris.country_code == "US" and paris.admin1 == "Texas"


@pytest.mark.slow
def test_transliteration_variants_in_text(gaz: Gazetteer) -> None:
    text = (FIXTURES / "geo_broken_hyphen.txt").read_text(encoding="utf-8")
    tops = geoparse(text, gazetteer=gaz)
    _check_spans(text, tops)
    mazar = [t for t in tops if t.name.startswith("Mazar")]
    assert {t.name for t in mazar} == {"Mazar-e-Sharif", "Mazar-e- Sharif"}
    assert all(t.place is not None and t.place.geonameid == 1133616 for t in mazar)
    text2 = "Fighting spread from Qunduz to Pul-e Khumri and Pul-i-Khumri."
    got = {t.name: t.place.name for t in geoparse(text2, gazetteer=gaz) if t.place}
    assert got["Qunduz"] == "Kunduz"
    assert got["Pul-e Khumri"] == got["Pul-i-Khumri"]


@pytest.mark.slow
def test_province_vs_town(gaz: Gazetteer) -> None:
    text = "Taliban fighters attacked a checkpoint in Kunduz province, and later the town of Kunduz."
    tops = geoparse(text, gazetteer=gaz)
    first, second = [t for t in tops if t.name == "Kunduz"]
    assert first.cue == "province" and first.place is not None and first.place.feature == "admin1"
    assert second.cue == "city" and second.place is not None and second.place.feature == "city"


@pytest.mark.slow
def test_person_names_are_not_villages(gaz: Gazetteer) -> None:
    text = (FIXTURES / "geo_person_villages.txt").read_text(encoding="utf-8")
    names = {t.name for t in geoparse(text, gazetteer=gaz)}
    assert "Kabul" in names
    assert not names & {"Ashraf", "Hakimi", "Abdullah", "Hamid", "Karzai", "Abbas"}


@pytest.mark.slow
def test_unknown_place_among_known(gaz: Gazetteer) -> None:
    text = "Shelling hit Zyxqwe village, 20 km from Jalalabad, and Kunduz city."
    tops = _by_name(geoparse(text, gazetteer=gaz))
    assert tops["Jalalabad"].place is not None and tops["Jalalabad"].cue == "near"
    assert tops["Kunduz"].place is not None and tops["Kunduz"].cue == "city"
    if "Zyxqwe" in tops:
        assert tops["Zyxqwe"].place is None


@pytest.mark.slow
def test_place_tagged_person_is_found(gaz: Gazetteer) -> None:
    # the small model labels both names PERSON; the gazetteer matcher still finds them after "in"
    tops = _by_name(geoparse("Police in Taloqan said a bomb exploded near Gereshk.", gazetteer=gaz))
    assert tops["Taloqan"].place is not None and tops["Taloqan"].place.country_code == "AF"


@pytest.mark.slow
def test_demonyms(gaz: Gazetteer) -> None:
    text = "Afghan forces and Russian troops met Iraqi officials; Syrians fled."
    got = {t.name: t.place.country_code for t in geoparse(text, gazetteer=gaz) if t.place}
    assert got.get("Afghan") == "AF" and got.get("Russian") == "RU" and got.get("Iraqi") == "IQ"
    # a region's adjective is not the country inside it
    region = {t.name for t in geoparse("Central American migrants met South African envoys.", gazetteer=gaz)}
    assert "American" not in region and "South African" in region


@pytest.mark.slow
def test_airfield_resolves_to_its_town(gaz: Gazetteer) -> None:
    tops = _by_name(geoparse("Rockets landed near Shindand airfield in western Afghanistan.", gazetteer=gaz))
    airfield = tops["Shindand"].place
    assert airfield is not None and airfield.country_code == "AF"


@pytest.mark.slow
def test_geoparse_jsonl_survives_bad_lines(gaz: Gazetteer) -> None:
    lines = [json.dumps({"id": "a", "text": "Clashes in Kabul."}), "{not json", json.dumps({"id": "b", "text": ""})]
    out = list(geoparse_jsonl(lines, gazetteer=gaz))
    assert [o["id"] for o in out] == ["a", None, "b"]
    assert out[0]["toponyms"][0]["country"] == "AF" and out[0]["toponyms"][0]["geonameid"]
    assert out[1]["toponyms"] == [] and "error" in out[1]


def test_empty_text(gaz: Gazetteer) -> None:
    assert geoparse("   ", gazetteer=gaz) == []


@pytest.mark.slow
def test_geoparse_with_two_parse_processes_gives_the_same_answer(gaz: Gazetteer) -> None:
    lines = [
        json.dumps({"id": str(i), "text": f"Fighting was reported in Kunduz and near Jalalabad on day {i}."})
        for i in range(6)
    ]
    one = list(geoparse_jsonl(lines, gazetteer=gaz))
    two = list(geoparse_jsonl(lines, gazetteer=gaz, processes=2))
    assert one == two and all(r["toponyms"] for r in one)


def test_geoparse_cli_parse_agrees_with_the_event_pipeline_parse(gaz: Gazetteer) -> None:
    # `frontwatch geoparse` parses without the dependency parser; the event pipeline parses with it
    text = (FIXTURES / "geo_person_villages.txt").read_text(encoding="utf-8")
    light = next(geoparse_jsonl([json.dumps({"id": "a", "text": text})], gazetteer=gaz))["toponyms"]
    full = [(t.start, t.end, t.place.geonameid if t.place else None) for t in geoparse(text, gazetteer=gaz)]
    assert [(t["start"], t["end"], t["geonameid"]) for t in light] == full and full


def test_one_sense_per_discourse_recovers_a_name_read_as_a_person(gaz: Gazetteer) -> None:
    # the small model reads a fronted place name as a person; the same name after "in" is a place
    text = "Seizing Kandahar would cut the highway. Heavy fighting continued in Kandahar on Monday."
    names = [t.name for t in geoparse(text, gazetteer=gaz) if t.place is not None]
    assert names.count("Kandahar") == 2


def test_capital_of_country(gaz: Gazetteer) -> None:
    capital = gaz.capital_of_country("IQ")
    assert capital is not None and capital.name == "Baghdad" and capital.feature == "city"
    assert gaz.capital_of_country("XX") is None


@pytest.mark.slow
def test_a_province_seat_is_what_its_bare_name_means(gaz: Gazetteer) -> None:
    # the city holds about 40% of its province: a bare name is the city; a village that shares a
    # province's name does not take it
    city = _by_name(geoparse("Protesters marched through Groningen on Saturday.", gazetteer=gaz))["Groningen"]
    assert city.place is not None and city.place.feature == "city"
    province = _by_name(geoparse("Floods hit Zeeland on Saturday.", gazetteer=gaz))["Zeeland"]
    assert province.place is not None and province.place.feature == "admin1"


@pytest.mark.slow
def test_country_context_does_not_move_a_city_to_a_small_namesake(gaz: Gazetteer) -> None:
    # "Ohio" points to the United States and to Ohio; that must not turn Boston into a village of
    # Ohio whose old name was Boston
    boston = _by_name(geoparse("The delegation from Boston and Ohio met the governor.", gazetteer=gaz))["Boston"]
    assert boston.place is not None and boston.place.admin1 == "Massachusetts"


@pytest.mark.slow
def test_a_name_framed_as_a_province_is_one(gaz: Gazetteer) -> None:
    after_town = _by_name(geoparse("The fire started at a warehouse in Yakima, Washington, on Monday.", gazetteer=gaz))
    assert after_town["Washington"].place is not None and after_town["Washington"].place.feature == "admin1"
    listed = _by_name(
        geoparse("Tech workers are leaving for Wyoming or Washington, where rents are lower.", gazetteer=gaz)
    )
    assert listed["Washington"].place is not None and listed["Washington"].place.feature == "admin1"
    # with nothing framing it, the capital
    alone = _by_name(geoparse("Talks resumed in Washington on Monday.", gazetteer=gaz))
    assert alone["Washington"].place is not None and alone["Washington"].place.feature == "city"


@pytest.mark.slow
def test_streets_buildings_and_movements_are_not_their_namesakes(gaz: Gazetteer) -> None:
    text = "Flooding closed Lincoln Avenue and Mombasa Road, and St. Anne's Cathedral in Nairobi was shut."
    names = {t.name for t in geoparse(text, gazetteer=gaz)}
    assert names == {"Nairobi"}
    assert geoparse("The Nazi regime fell in 1945.", gazetteer=gaz) == []
    # a county names its own roads
    county = geoparse("The truck crashed on Pike County Road 12 in Kentucky.", gazetteer=gaz)
    assert "Pike County" in {t.name for t in county}


@pytest.mark.slow
def test_an_unknown_place_keeps_its_known_head(gaz: Gazetteer) -> None:
    text = "Critics drew comparisons with Soviet Russia and the Ottoman Empire; Latin America stayed silent."
    got = {t.name: t.place for t in geoparse(text, gazetteer=gaz)}
    assert got["Russia"] is not None and got["Russia"].country_code == "RU"
    assert "Empire" not in got and "America" not in got
    # a possessive inside a full official name
    lao = _by_name(geoparse("Delegates of the Lao People's Democratic Republic arrived.", gazetteer=gaz))
    assert lao["Lao People's Democratic Republic"].place.country_code == "LA"  # type: ignore[union-attr]


@pytest.mark.slow
def test_neighbouring_towns_resolve_each_other(gaz: Gazetteer) -> None:
    # nothing names a state or country: the two cities pick each other's side of the border, and a
    # small province does not outrank a big city of the same name
    text = "Commuters from Vancouver were stuck on the bridge into Portland."
    got = {t.name: t.place for t in geoparse(text, gazetteer=gaz)}
    assert got["Portland"] is not None and got["Portland"].admin1 == "Oregon"
    assert got["Vancouver"] is not None and got["Vancouver"].admin1 == "Washington"


@pytest.mark.slow
def test_a_small_place_nothing_else_points_to_is_left_unresolved(gaz: Gazetteer) -> None:
    # the only "Tombstone" is a small American town; nothing else in the text is American
    alone = _by_name(
        geoparse("Officials in Lyon and Marseille said the painting had come from Tombstone.", gazetteer=gaz)
    )
    assert alone["Tombstone"].place is None and alone["Lyon"].place is not None
    # named with its state, it is placed
    framed = _by_name(geoparse("The painting had come from Tombstone, Arizona, officials in Lyon said.", gazetteer=gaz))
    assert framed["Tombstone"].place is not None and framed["Tombstone"].place.admin1 == "Arizona"


def test_loose_keys_reach_other_transliterations_of_a_multi_word_name_only():
    # PLACES-LOOSE-TRANSLITERATION: a doubled consonant, a short vowel, an article as its own word
    from frontwatch.geo.normalize import loose_keys, name_key

    assert name_key("Kafr Zarrovat") in loose_keys("Kafr Zarovat")
    assert name_key("Tell ar Ramd") in loose_keys("Tell al-Ramid")
    assert loose_keys("Zarovat") == []  # one word: too many collisions
    assert name_key("Kafr Dumayra") not in loose_keys("Kafr Zarovat")


@pytest.mark.slow
def test_a_title_case_headline_word_the_body_writes_in_lower_case_is_no_place(gaz: Gazetteer) -> None:
    # PLACES-TITLE-CASE-WORD: "Mobile" is a US city only where the text does not also say "a mobile clinic"
    text = "Taliban Fighters Attack Mobile Clinic In Helmand\n\nTaliban fighters attacked a mobile clinic in Helmand."
    assert [t.name for t in geoparse(text, gazetteer=gaz)] == ["Helmand", "Helmand"]
    assert "Mobile" in [t.name for t in geoparse("Fighting near Mobile, Alabama, on Monday.", gazetteer=gaz)]


# --- a story's own geography against homonyms, spellings and lists (invented sentences) ------------


def test_a_province_whose_vowels_the_gazetteer_doubles_is_found_as_news_spells_it(gaz: Gazetteer) -> None:
    """PLACES-SINGLE-VOWEL-REGION: "Lower Shabelle" is the province GeoNames spells "Lower Shabeelle"; a
    spelling another place already holds ("Sol") is not taken over by a province ("Sool")."""
    assert [(p.feature, p.country_code) for p in gaz.candidates("Lower Shabelle")] == [("admin1", "SO")]
    assert [(p.feature, p.country_code) for p in gaz.candidates("Middle Shabelle")] == [("admin1", "SO")]
    assert all(p.name != "Sool" for p in gaz.candidates("Sol"))


def test_every_name_of_the_towns_of_a_list_is_a_town(gaz: Gazetteer) -> None:
    """PLACES-LISTED-TOWNS: the tagger reads the second name as a person; the list frames both as towns."""
    text = "Rebels captured the towns of Zarvokhel and Lubero in North Kivu province on Sunday, officials said."
    tops = _by_name(geoparse(text, gazetteer=gaz))
    assert tops["Zarvokhel"].cue == "city" and tops["Zarvokhel"].place is None
    lubero = tops["Lubero"].place
    assert tops["Lubero"].cue == "city" and lubero is not None and lubero.country_code == "CD"


def test_a_small_foreign_homonym_gives_way_to_the_storys_actors(gaz: Gazetteer) -> None:
    """PLACES-ACTOR-COUNTRY-CONTEXT: a Malian story's village that only a small Peruvian town shares a name
    with is left unresolved when the story's actors are Malian; with nothing else pointing to Mali it stays."""
    text = "A roadside bomb killed six Malian soldiers near the town of Sicuani on Sunday, officials said."
    with_actors = _by_name(geoparse(text, gazetteer=gaz, country_hints=["ML"]))
    assert with_actors["Sicuani"].place is None
    alone = _by_name(geoparse(text, gazetteer=gaz))
    assert alone["Sicuani"].place is not None and alone["Sicuani"].place.country_code == "PE"


def test_the_geoparsers_own_pipeline_has_no_parse_and_reads_no_appositive() -> None:
    """The tagger-and-entities pipeline sets no dependencies: PLACES-APPOSITIVE-TOWN must not walk a token's children
    there (it read unset memory and crashed bench/geoparse.py in one process)."""
    from frontwatch import nlp
    from frontwatch.geo import geoparse

    text = "Fighters attacked Djibo, a town under blockade, and then Kaya, the provincial capital, on Monday. " * 20
    doc = nlp.load_tagger_ner()(text)
    assert not doc.has_annotation("DEP")
    names = {t.name for t in geoparse(text, doc=doc) if t.place is not None}
    assert "Kaya" in names  # and the run did not crash
