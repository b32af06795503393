"""Airports in the gazetteer, from the PyPI package ``airportsdata``, and airports named in text.

Source: ``airportsdata`` ships ``airports.csv`` (ICAO and IATA codes, name, city, subdivision, ISO
country, latitude, longitude; MIT licence, including data from the mwgg/Airports list). Only
airports with an IATA code are kept (about 7,900 of 28,000): the commercial and the large military
fields that news names, not the private airstrips that share a name with a farm.

Ids: the package has no GeoNames id, and the control timeline, same-event linking and the API key on
a place's integer id, so each airport gets a synthetic id that no GeoNames id can take:
``AIRPORT_ID_BASE + int(ICAO, 36)`` (2,000,000,000 plus the four-character ICAO code read as a
base-36 number, at most 2,001,679,615, inside a signed 32-bit integer). It is stable as long as the
airport keeps its ICAO code; GeoNames ids are below 13 million. ``is_airport_id`` tells them apart,
and the geoparser's JSON output never reports a synthetic id as a ``geonameid``.

Each airport is attributed to the populated place it serves (the cities500 town of its country with
the package's city name, the nearest one when several share it) and so to that town's province; an
airport whose town is not in the gazetteer takes the province its subdivision name matches.

Airports named in text (``attach``): "Kabul airport", "X International Airport", "the airport of X",
"X's airport", "X airfield", and an airport's own name in a run of capitalised words that holds a
toponym ("Butte's Bert Mooney Airport" gives Butte its airport). The name before the airport word
stays the toponym it was (the geoparsing corpora annotate the town in "Vancouver International
Airport"); the airport is recorded as the toponym's ``facility``. The event stage codes an event to
the town, as ACLED does, and names the airport in the notes; an airport whose town the gazetteer
lacks is the event's place (docs/decisions.md).
"""

from __future__ import annotations

import csv
import logging
import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontwatch import vocabulary
from frontwatch.geo.normalize import name_key
from frontwatch.rulebook import register

if TYPE_CHECKING:
    from frontwatch.geo.gazetteer import Gazetteer
    from frontwatch.model import Place, Toponym

log = logging.getLogger(__name__)

AIRPORT_ID_BASE = 2_000_000_000
_ICAO = re.compile(r"^[A-Z0-9]{4}$")
# the town the package names lies within this distance of the airport when it is the served town
_SERVED_KM = 60.0
# words an airport's name ends with, and the qualifiers before them that a mention may leave out
_FACILITY_WORDS = vocabulary.alternation("airport_words", facility="yes")


def _title_case(**where: str) -> str:
    """The table's terms as capitalised words ("Air Base"), longest first: an airport's own name."""
    words = sorted(vocabulary.terms("airport_words", **where), key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(re.escape(w.capitalize()) for w in t.split()) for t in words) + ")"


_QUALIFIERS = re.compile(r"\b(?:" + vocabulary.alternation("airport_words", in_name="yes") + r")\b\.?", re.I)
_TRAILING_FACILITY = re.compile(r"\s*\b" + _FACILITY_WORDS + r"\s*$", re.I)


def airport_id(icao: str) -> int:
    """The synthetic place id of the airport with this ICAO code."""
    return AIRPORT_ID_BASE + int(icao, 36)


def is_airport_id(gid: int | None) -> bool:
    return gid is not None and gid >= AIRPORT_ID_BASE


def airport_key(name: str) -> str:
    """One key for the ways a text names an airport: "Kabul International Airport", "Kabul airport",
    "Kabul airfield" all key to ``kabulairport``; an empty string when nothing is left of the name."""
    base = _TRAILING_FACILITY.sub("", name)
    base = _QUALIFIERS.sub(" ", base).strip(" -,")
    key = name_key(base) if base else ""
    return key + "airport" if key else ""


@dataclass(frozen=True)
class Airport:
    gid: int
    icao: str
    iata: str
    name: str
    city: str  # the package's city name
    subd: str  # the package's subdivision name
    country_code: str
    lat: float
    lon: float
    served: int | None = None  # geonameid of the populated place it serves


def read_airports() -> list[Airport]:
    """Airports with an IATA code from the installed ``airportsdata`` (an empty list, logged, without it)."""
    try:
        path = Path(str(resources.files("airportsdata"))) / "airports.csv"
    except ModuleNotFoundError:
        log.warning("airportsdata not installed: the gazetteer has no airports")
        return []
    out: list[Airport] = []
    with path.open(encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            icao, iata = rec["icao"].strip(), rec["iata"].strip()
            if not iata or not _ICAO.match(icao) or not rec["name"].strip():
                continue
            try:
                lat, lon = float(rec["lat"]), float(rec["lon"])
            except ValueError:
                continue
            out.append(
                Airport(
                    airport_id(icao), icao, iata, rec["name"].strip(), rec["city"].strip(), rec["subd"].strip(),
                    rec["country"].strip().upper(), lat, lon,
                )
            )  # fmt: skip
    out.sort(key=lambda a: a.gid)
    return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = math.radians
    h = math.sin(r(lat2 - lat1) / 2) ** 2 + math.cos(r(lat1)) * math.cos(r(lat2)) * math.sin(r(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def match_served(airports: Sequence[Airport], rows: Mapping[int, Any]) -> list[Airport]:
    """Each airport with the town it serves: a city row of its country whose name (any spelling the
    key folds) is the package's city name, the nearest within _SERVED_KM."""
    towns: dict[tuple[str, str], list[Any]] = defaultdict(list)
    wanted = {(a.country_code, name_key(a.city)) for a in airports if a.city}
    for r in rows.values():
        if r.feature == "city" and (r.country_code, name_key(r.name)) in wanted:
            towns[(r.country_code, name_key(r.name))].append(r)
    out = []
    for a in airports:
        near = [
            (_km(a.lat, a.lon, t.lat, t.lon), t.geonameid) for t in towns.get((a.country_code, name_key(a.city)), [])
        ]
        near = [x for x in near if x[0] <= _SERVED_KM]
        out.append(replace(a, served=min(near)[1]) if near else a)
    return out


def airport_names(airports: Sequence[Airport], rows: Mapping[int, Any]) -> dict[str, dict[int, bool]]:
    """``airport_key`` -> {airport id: whether the key is the airport's own name}: each airport's own
    name, and "<town> airport" for a town that one airport of the data serves (London's six airports
    give no "London airport"). An own name outranks a town's ("Vancouver International Airport" is
    not the harbour's seaplane base, the one airport the package files under the town itself)."""
    keys: dict[str, dict[int, bool]] = defaultdict(dict)
    per_town: dict[tuple[str, str], list[Airport]] = defaultdict(list)
    for a in airports:
        if k := airport_key(a.name):
            keys[k][a.gid] = True
        if a.city:
            per_town[(a.country_code, name_key(a.city))].append(a)
    for group in per_town.values():
        if len(group) != 1:
            continue
        a = group[0]
        town_names = {a.city}
        if a.served is not None and a.served in rows:
            town_names.add(rows[a.served].name)
        for town in town_names:
            if k := airport_key(town):
                keys[k].setdefault(a.gid, False)
    return keys


# "Kabul airport", "Kabul's airport", "Kabul International Airport", "Kabul airfield"
_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:(?:"
    + vocabulary.alternation("airport_words", after="yes")
    + r")\.?\s+)?"
    + _FACILITY_WORDS
    + r"\b",
    re.I,
)
# "the airport of Juliaca", "the international airport in Kabul", "the airfield near X"
_BEFORE = re.compile(
    r"\b(?:the\s+)?(?:(?:"
    + vocabulary.alternation("airport_words", before="yes")
    + r")\s+)?"
    + _FACILITY_WORDS
    + r"\s+(?:of|in|at|near)\s+$",
    re.I,
)
# an airport's own name: capitalised words ending with an airport word ("Bert Mooney Airport")
_OWN_NAME = re.compile(
    r"\b((?:[A-Z][\w’'.-]*\s+){1,6}?)(?:" + _title_case(after="yes") + r"\.?\s+)?" + _title_case(facility="yes") + r"\b"
)


def _framed(text: str, t: Toponym) -> bool:
    return bool(_AFTER.match(text[t.end : t.end + 40]) or _BEFORE.search(text[max(0, t.start - 40) : t.start]))


def _pick(gaz: Gazetteer, key: str, t: Toponym | None) -> Any:
    """The airport of ``key`` that fits the toponym: the one serving its town, else one in its country."""
    pairs = gaz.airports(key)
    own = [a for a, is_own in pairs if is_own]
    found = [a for a, _ in pairs]
    if t is not None and t.place is not None:
        if t.place.feature == "airport":
            return None
        own = [a for a in own if a.country_code == t.place.country_code]
        if len(own) == 1:
            return own[0]
        served = [a for a in found if gaz.served_by(a.geonameid) == t.place.geonameid]
        if len(served) == 1:
            return served[0]
        found = [a for a in found if a.country_code == t.place.country_code]
    return found[0] if len(found) == 1 else None


def attach(toponyms: list[Toponym], text: str, gaz: Gazetteer) -> list[Toponym]:
    """Rule PLACES-AIRPORT: the toponyms with the airport each names as its ``facility``.

    A town framed as an airport ("Kabul airport", "the airport of Juliaca") gets the airport whose
    name keys to "<town> airport" and serves the town (or lies in its country); an airport's own
    name containing a toponym gives that toponym the airport. An airport the data does not hold
    leaves the toponym as it was."""
    out = []
    for t in toponyms:
        fac = _pick(gaz, airport_key(t.name), t) if _framed(text, t) else None
        out.append(replace(t, facility=fac) if fac is not None else t)
    for m in _OWN_NAME.finditer(text):
        words = m.group(1).split()
        for i in range(len(words)):  # the longest name first: "Hamid Karzai" before "Karzai"
            key = airport_key(" ".join(words[i:]))
            inside = [j for j, t in enumerate(out) if m.start() <= t.start < m.end() and t.facility is None]
            if not key or not inside:
                continue
            fac = _pick(gaz, key, out[inside[0]])
            if fac is not None:
                out[inside[0]] = replace(out[inside[0]], facility=fac)
                break
    return out


def _airport_example(text: str) -> bool:
    from frontwatch.model import Place, Toponym

    town = Place("Zarovka", 10.0, 10.0, 1, "city", "RU")
    field = Place("Zarovka International Airport", 10.1, 10.1, airport_id("ZZZA"), "airport", "RU")

    class _Gaz:
        def airports(self, key: str) -> list[tuple[Place, bool]]:
            return [(field, True)] if key == "zarovkaairport" else []

        def served_by(self, gid: int | None) -> int | None:
            return 1

    name = text.split("|")[1]
    clean = text.replace("|", "")
    start = clean.index(name)
    t = Toponym(start, start + len(name), name, town)
    return attach([t], clean, _Gaz())[0].facility is field  # type: ignore[arg-type]


PLACES_AIRPORT = register(
    "PLACES-AIRPORT",
    stage="places",
    reason="a town framed as an airport ('X airport', 'the airport of X', 'X International Airport') is the airport",
    positive=[
        "A rocket hit |Zarovka| airport on Monday.",
        "Protesters stormed the airport of |Zarovka|.",
        "Jets bombed |Zarovka| International Airport.",
    ],
    negative=["A rocket hit |Zarovka| on Monday.", "Officials flew from the capital to |Zarovka| by plane."],
    check=_airport_example,
)


def place_fields(airports: Sequence[Airport], rows: Mapping[int, Any]) -> list[dict[str, Any]]:
    """The gazetteer row of each airport: its point, and the country and province of the town it
    serves (else of the province its subdivision name matches; else none)."""
    provinces: dict[tuple[str, str], Any] = {}
    for r in rows.values():
        if r.feature == "admin1" and r.country_code:
            provinces.setdefault((r.country_code, name_key(r.name)), r)
    out = []
    for a in airports:
        town = rows.get(a.served) if a.served is not None else None
        prov = provinces.get((a.country_code, name_key(a.subd))) if a.subd else None
        ref = town if town is not None else prov
        country = next((r.country for r in (town, prov) if r is not None), None)
        out.append(
            {
                "geonameid": a.gid,
                "name": a.name,
                "feature": "airport",
                "lat": a.lat,
                "lon": a.lon,
                "country_code": a.country_code,
                "country": country,
                "admin1": ref.admin1 if ref is not None else None,
                "admin2": town.admin2 if town is not None else None,
                "population": 0,
                "admin1_code": ref.admin1_code if ref is not None else None,
            }
        )
    return out


# an airport lies outside its town: over the 4,995 airports the build matched to a town, the airport
# is 5.7 km from the town's point at the median, 23 km at the 95th and 39 km at the 99th percentile
_AIRPORT_TOWN_KM = 40.0


def airport_and_town(a: Place, b: Place) -> bool:
    """Rule LINK-AIRPORT-TOWN: an airport and a town of its province within _AIRPORT_TOWN_KM are one
    place for grouping an article's sentences and for linking reports: one sentence or outlet writes
    "outside Kabul airport", another "in Kabul"."""
    if {a.feature, b.feature} != {"airport", "city"} or a.country_code != b.country_code or a.admin1 != b.admin1:
        return False
    return _km(a.lat, a.lon, b.lat, b.lon) <= _AIRPORT_TOWN_KM


def _town_example(text: str) -> bool:
    from frontwatch.model import Place

    km_apart = float(text.split()[0])
    field = Place("Zarovka Airport", 10.0, 10.0, airport_id("ZZZA"), "airport", "RU", admin1="Upper Vale")
    town = Place("Zarovka", 10.0 + km_apart / 111.2, 10.0, 1, "city", "RU", admin1="Upper Vale")
    return airport_and_town(field, town)


LINK_AIRPORT_TOWN = register(
    "LINK-AIRPORT-TOWN",
    stage="link",
    reason="one outlet places an event at the town's airport, another in the town: one place for linking",
    positive=["5 km between Zarovka airport and Zarovka", "20 km between the airport and the town"],
    negative=["60 km between Zarovka airport and Ostrava", "300 km between the airport and the capital"],
    check=_town_example,
)
