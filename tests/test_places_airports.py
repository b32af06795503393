"""Airports in the gazetteer (PLACES-AIRPORT, LINK-AIRPORT-TOWN), villages the gazetteer lacks
(PLACES-UNKNOWN-VILLAGE) and the indexed provincial-capital query.

The build helpers run on small invented rows; the end-to-end checks use the real gazetteer
(built into the cache directory on first use) and invented village names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from frontwatch.cluster.merge import merge
from frontwatch.events.places import (
    article_country,
    lone_town_countries,
    main_province,
    place_notes,
    unknown_village,
    village_place,
)
from frontwatch.events.signals import ActorSignal, SentenceSignals
from frontwatch.geo import airports, geoparse, toponym_dict
from frontwatch.geo.gazetteer import load_gazetteer
from frontwatch.model import UNDATED, Actor, EventDate, Place, Report, Sentence, Toponym
from frontwatch.store.serialize import report_from, report_to


@dataclass
class _Row:  # the fields of build._Row the airport helpers read
    geonameid: int
    name: str
    feature: str
    lat: float
    lon: float
    country_code: str
    country: str
    admin1: str | None
    admin2: str | None
    admin1_code: str | None


def _airport(icao: str, name: str, city: str, subd: str, lat: float, lon: float, cc: str = "RU") -> airports.Airport:
    return airports.Airport(airports.airport_id(icao), icao, icao[1:], name, city, subd, cc, lat, lon)


_ROWS = {
    1: _Row(1, "Zarovka", "city", 50.0, 30.0, "RU", "Ruritania", "Upper Vale", "Zarovka District", "RU.01"),
    2: _Row(2, "Zarovka", "city", 40.0, 20.0, "RU", "Ruritania", "Low Marsh", None, "RU.02"),  # a far homonym
    3: _Row(3, "Upper Vale", "admin1", 50.1, 30.1, "RU", "Ruritania", "Upper Vale", None, "RU.01"),
    4: _Row(4, "Ostrava", "city", 51.0, 31.0, "RU", "Ruritania", "Upper Vale", None, "RU.01"),
}


def test_airport_ids_are_stable_and_never_geonames_ids() -> None:
    gid = airports.airport_id("ZZZA")
    assert gid == airports.AIRPORT_ID_BASE + int("ZZZA", 36) == airports.airport_id("zzza")
    assert airports.is_airport_id(gid) and not airports.is_airport_id(12_000_000) and not airports.is_airport_id(None)
    assert airports.airport_id("ZZZZ") < 2**31 - 1  # fits the API's and the database's integer ids
    assert airports.airport_id("ZZZA") != airports.airport_id("ZZZB")


@pytest.mark.parametrize(
    "text",
    [
        "Zarovka International Airport",
        "Zarovka airport",
        "Zarovka Airfield",
        "Zarovka Air Base",
        "Zarovka Intl. Airport",
    ],
)
def test_airport_key_folds_the_ways_an_airport_is_named(text: str) -> None:
    assert airports.airport_key(text) == "zarovkaairport"


def test_airport_key_of_a_bare_airport_word_is_empty() -> None:
    assert airports.airport_key("International Airport") == ""


def test_served_town_is_the_nearest_namesake_and_gives_the_province() -> None:
    found = airports.match_served(
        [_airport("ZZZA", "Zarovka International Airport", "Zarovka", "", 50.05, 30.05)], _ROWS
    )
    assert found[0].served == 1  # not the namesake 1,300 km away
    (fields,) = airports.place_fields(found, _ROWS)
    assert fields["feature"] == "airport" and fields["admin1"] == "Upper Vale" and fields["admin1_code"] == "RU.01"
    assert fields["geonameid"] == airports.airport_id("ZZZA") and fields["population"] == 0


def test_airport_without_a_known_town_takes_the_province_of_its_subdivision() -> None:
    lone = airports.match_served([_airport("ZZZC", "Kolbe Field", "Nowhere", "Upper Vale", 50.2, 30.2)], _ROWS)
    assert lone[0].served is None
    (fields,) = airports.place_fields(lone, _ROWS)
    assert fields["admin1"] == "Upper Vale" and fields["admin2"] is None


def test_town_key_only_for_a_town_with_one_airport_and_own_names_first() -> None:
    two = [
        _airport("ZZZA", "Zarovka North Airport", "Zarovka", "", 50.05, 30.05),
        _airport("ZZZB", "Zarovka South Airport", "Zarovka", "", 49.95, 29.95),
        _airport("ZZZD", "Kolbe Memorial Airport", "Ostrava", "", 51.02, 31.02),
    ]
    keys = airports.airport_names(airports.match_served(two, _ROWS), _ROWS)
    assert "zarovkaairport" not in keys  # two airports: "Zarovka airport" names neither
    assert keys["ostravaairport"] == {airports.airport_id("ZZZD"): False}  # the town's one airport
    assert keys["kolbememorialairport"] == {airports.airport_id("ZZZD"): True}


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_capital_query_uses_the_admin1_code_index(gaz) -> None:
    plan = gaz._con.execute(
        "EXPLAIN QUERY PLAN SELECT geonameid FROM places WHERE admin1_code = ? AND feature = 'city' "
        "ORDER BY population DESC LIMIT 30",
        ("AF.13",),
    ).fetchall()
    assert any("places_admin1_code" in str(row[-1]) for row in plan)
    assert gaz.capital_of_admin1("AF", "Kunduz").name == "Kunduz"


def test_town_framed_as_airport_gets_the_airport_as_facility(gaz) -> None:
    (t,) = geoparse("A rocket hit Kabul airport on Monday.", gazetteer=gaz)
    assert t.place is not None and t.place.feature == "city"  # the name still means the town
    assert t.facility is not None and t.facility.feature == "airport" and t.facility.country_code == "AF"
    assert airports.is_airport_id(t.facility.geonameid) and t.facility.admin1 == t.place.admin1
    out = toponym_dict(t)
    assert out["geonameid"] == t.place.geonameid and out["facility"]["id"] == t.facility.geonameid


def test_airport_of_and_unframed_town(gaz) -> None:
    (t,) = geoparse("Protesters stormed the airport of Kabul.", gazetteer=gaz)
    assert t.facility is not None
    (u,) = geoparse("Protesters marched in Kabul.", gazetteer=gaz)
    assert u.facility is None


def test_synthetic_id_is_never_written_as_a_geonameid() -> None:
    field = Place("Kolbe Field", 1.0, 2.0, airports.airport_id("ZZZC"), "airport", "RU")
    assert toponym_dict(Toponym(0, 5, "Kolbe", field))["geonameid"] is None


def test_airport_and_its_town_are_one_place_for_linking() -> None:
    town = Place("Zarovka", 50.0, 30.0, 1, "city", "RU", admin1="Upper Vale")
    field = Place("Zarovka Airport", 50.1, 30.1, airports.airport_id("ZZZA"), "airport", "RU", admin1="Upper Vale")
    other = Place("Ostrava", 50.1, 30.1, 4, "city", "RU", admin1="Low Marsh")
    assert airports.airport_and_town(field, town) and airports.airport_and_town(town, field)
    assert not airports.airport_and_town(field, other)  # another province
    assert not airports.airport_and_town(town, other)  # two towns: no airport


# --- villages the gazetteer lacks -------------------------------------------------------------

_KUNDUZ_PROV = Place("Upper Vale", 0.0, 0.0, 3, "admin1", "RU", admin1="Upper Vale")
_SEAT = Place("Ostrava", 1.0, 1.0, 4, "city", "RU", admin1="Upper Vale", population=90_000)
_TOWN = Place("Zarovka", 2.0, 2.0, 1, "city", "RU", admin1="Upper Vale", population=20_000)


def _sig(text: str, toponyms: list[Toponym]) -> SentenceSignals:
    return SentenceSignals(sentence=Sentence("a", 0, 0, len(text), text), toponyms=toponyms)


def _village_sig(text: str, name: str, place: Place | None = None) -> SentenceSignals:
    start = text.index(name)
    return _sig(text, [Toponym(start, start + len(name), name, place, cue="city")])


def test_unknown_village_is_coded_to_the_province_capital_not_the_last_town() -> None:
    text = "Gunmen killed five people in the village of Qalat Morvi on Monday."
    sig = _village_sig(text, "Qalat Morvi")
    assert unknown_village(sig, text, country="RU") == "Qalat Morvi"
    # the article named Zarovka before at precision 1: the village is not Zarovka
    got = village_place(None, [(_TOWN, 1)], None, lambda p: _SEAT if p.admin1 == "Upper Vale" else None)
    assert got == (_SEAT, 3)


def test_unknown_village_with_its_province_named_and_no_capital() -> None:
    assert village_place((_KUNDUZ_PROV, 3), [(_TOWN, 1)], None, lambda p: None) == (_KUNDUZ_PROV, 3)


def test_unknown_village_keeps_a_town_the_sentence_names() -> None:
    assert village_place((_TOWN, 2), [], None, lambda p: _SEAT) == (_TOWN, 2)


def test_unknown_village_without_any_province_gives_no_place() -> None:
    assert village_place(None, [None], None, lambda p: _SEAT) is None


def test_small_foreign_homonym_is_an_unknown_village_and_a_home_one_is_not() -> None:
    text = "Gunmen killed five people in the village of Qalat Morvi."
    abroad = Place("Qalat Morvi", 0.0, 0.0, 9, "city", "XX", population=800)
    assert unknown_village(_village_sig(text, "Qalat Morvi", abroad), text, country="RU") == "Qalat Morvi"
    home = Place("Qalat Morvi", 0.0, 0.0, 9, "city", "RU", population=800)
    assert unknown_village(_village_sig(text, "Qalat Morvi", home), text, country="RU") is None


def test_main_province_is_the_most_named() -> None:
    sigs = [
        _sig("a", [Toponym(0, 1, "Zarovka", _TOWN)]),
        _sig("b", [Toponym(0, 1, "Ostrava", _SEAT), Toponym(0, 1, "Upper Vale", _KUNDUZ_PROV)]),
    ]
    assert main_province(sigs, "RU") == _KUNDUZ_PROV
    assert main_province(sigs, "XX") is None


def test_a_lone_small_foreign_town_does_not_make_the_article_its_countrys() -> None:
    """PLACES-EVIDENT-COUNTRY: a demonym and an actor point to one country, one small town of another
    shares the village's name: the article is the first country's, and its province is never the town's."""
    homonym = Place("Qalat Morvi", 0.0, 0.0, 9, "city", "XX", admin1="Far Vale", population=42_000)
    demonym = Place("Ruritania", 0.0, 0.0, 10, "country", "RU")
    text = "A bomb killed six Ruritanian soldiers near the town of Qalat Morvi, blaming the Zarovka Front."
    sig = _sig(text, [Toponym(19, 29, "Ruritanian", demonym), Toponym(55, 66, "Qalat Morvi", homonym, cue="city")])
    front = ActorSignal(80, 93, "Zarovka Front", Actor("Zarovka Front", inter=2, country_code="RU"))
    assert article_country([sig]) == "XX"  # the town outvotes a lone demonym
    sig.actors.append(front)
    assert lone_town_countries([sig]) == {"XX"}
    assert article_country([sig]) == "RU"
    assert main_province([sig], "RU") is None
    assert unknown_village(sig, text, country="RU") == "Qalat Morvi"


def test_a_big_foreign_city_or_a_named_country_keeps_its_vote() -> None:
    city = Place("Ostrava", 0.0, 0.0, 9, "city", "XX", population=400_000)
    demonym = Place("Ruritania", 0.0, 0.0, 10, "country", "RU")
    sig = _sig("x", [Toponym(0, 1, "Ruritanian", demonym), Toponym(2, 3, "Ostrava", city)])
    sig.actors.append(ActorSignal(0, 1, "x", Actor("Zarovka Front", inter=2, country_code="RU")))
    assert lone_town_countries([sig]) == set()
    assert article_country([sig]) == "XX"


def test_place_notes_name_the_village_and_the_airport_and_survive_storage() -> None:
    text = "Gunmen killed five people in the village of Qalat Morvi."
    sig = _village_sig(text, "Qalat Morvi")
    field = Place("Zarovka Airport", 2.1, 2.1, airports.airport_id("ZZZA"), "airport", "RU", admin1="Upper Vale")
    other = _sig("Jets hit Zarovka airport.", [Toponym(9, 16, "Zarovka", _TOWN, facility=field)])
    notes = place_notes([sig, other], {(0, len(text)): "Qalat Morvi"}, _TOWN)
    assert notes == ["Qalat Morvi (not in the gazetteer)", "at Zarovka Airport"]
    report = Report(
        article_id="a",
        event_date=EventDate(date(2021, 5, 3), text=UNDATED),
        event_type="Violence against civilians",
        sub_event_type="Attack",
        place=_SEAT,
        geo_precision=3,
        report_id="a#0",
        place_notes=notes,
    )
    assert report_from(report_to(report)).place_notes == notes
    assert "Qalat Morvi (not in the gazetteer)" in merge("RU-1", [report]).notes


def test_unknown_village_end_to_end(gaz) -> None:
    from frontwatch.model import Article
    from frontwatch.pipeline import analyse

    text = (
        "Taliban fighters attacked a police checkpoint in Kunduz city on Sunday, officials said.\n\n"
        "On Tuesday, a roadside bomb killed three soldiers near the village of Zarvokhel, police said."
    )
    result = analyse(Article("v", text, published=date(2021, 5, 5), outlet="x"))
    placed = [r for r in result.reports if "Zarvokhel (not in the gazetteer)" in r.place_notes]
    assert placed and all(r.geo_precision == 3 and r.place.admin1 == "Kunduz" for r in placed)
