"""Read access to the gazetteer file built by ``frontwatch.geo.build``.

Lookups go through SQLite's primary-key index on ``names.key``; the set of all keys is held in
memory so that the matcher's many misses (most capitalised n-grams are not places) cost one set
probe instead of a query, and hits are cached per key.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from frontwatch.errors import DataBuildError
from frontwatch.geo.build import build_gazetteer, gazetteer_path
from frontwatch.geo.normalize import name_key
from frontwatch.model import Place

log = logging.getLogger(__name__)

_COLUMNS = (
    "p.geonameid, p.name, p.feature, p.lat, p.lon, p.country_code, p.country, p.admin1, p.admin2, p.population, "
    "p.admin1_code, p.capital"
)


# a name shared by more places than this keeps its non-city entries and its most populous towns:
# the long tail of same-named hamlets ("San José", "Springfield") costs time and rarely wins
_MAX_CANDIDATES = 60


@dataclass(frozen=True)
class Entry:
    """A candidate with what the resolver needs beyond the Place: how the name matched."""

    place: Place
    kind: int  # build.KIND_*: primary name, Latin alias, other script
    admin1_code: str | None
    capital: bool = False  # a national capital


def _place(row: tuple) -> Place:
    return Place(
        name=row[1],
        lat=row[3],
        lon=row[4],
        geonameid=row[0],
        feature=row[2],
        country_code=row[5],
        country=row[6],
        admin1=row[7],
        admin2=row[8],
        population=row[9],
    )


class Gazetteer:
    """Place lookup by name, id, country code and province."""

    def __init__(self, con: sqlite3.Connection, *, path: Path) -> None:
        self.path = path
        self._con = con
        self._lock = threading.Lock()
        self._keys: frozenset[str] = frozenset(k for (k,) in con.execute("SELECT DISTINCT key FROM names"))
        self._by_cc: dict[str, Place] = {}
        for row in con.execute(f"SELECT {_COLUMNS} FROM places p WHERE feature = 'country'"):
            self._by_cc[row[5]] = _place(row)
        self.entries = functools.lru_cache(maxsize=100_000)(self._entries)

    @classmethod
    def open(cls, path: Path | None = None, *, build: bool = True) -> Gazetteer:
        """Open the gazetteer file, building it first when it is missing and ``build`` is true."""
        target = path if path is not None else gazetteer_path()
        if not target.exists():
            if not build:
                raise DataBuildError(f"gazetteer file missing: {target}")
            build_gazetteer(path=target)
        con = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
        return cls(con, path=target)

    def _query(self, sql: str, args: tuple) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def has_key(self, key: str) -> bool:
        return key in self._keys

    def _entries(self, key: str) -> tuple[Entry, ...]:
        if key not in self._keys:
            return ()
        rows = self._query(
            f"SELECT {_COLUMNS}, n.kind FROM names n JOIN places p USING (geonameid) WHERE n.key = ? "
            "ORDER BY p.feature = 'city', p.population DESC, p.geonameid LIMIT ?",
            (key, _MAX_CANDIDATES),
        )
        return tuple(Entry(_place(r), r[12], r[10], bool(r[11])) for r in rows)

    def candidates(self, name: str) -> list[Place]:
        """Every place that ``name`` (in any spelling the key folds) can refer to, most populous first."""
        return [e.place for e in self.entries(name_key(name))]

    def get(self, geonameid: int) -> Place | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM places p WHERE geonameid = ?", (geonameid,))
        return _place(rows[0]) if rows else None

    def country(self, code: str) -> Place | None:
        """The country with this ISO 3166-1 alpha-2 code."""
        return self._by_cc.get(code.upper())

    def admin1(self, country_code: str, name: str) -> Place | None:
        """The province/state of ``country_code`` called ``name`` (any alias or spelling variant)."""
        cc = country_code.upper()
        for e in self.entries(name_key(name)):
            if e.place.feature == "admin1" and e.place.country_code == cc:
                return e.place
        # a province named by its GeoNames name exactly (e.g. a Place.admin1 value)
        rows = self._query(
            f"SELECT {_COLUMNS} FROM places p WHERE country_code = ? AND feature = 'admin1' AND admin1 = ?", (cc, name)
        )
        return _place(rows[0]) if rows else None

    def capital_of_country(self, country_code: str) -> Place | None:
        """The national capital ("in the Afghan capital"), from the build's capital flag."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM places p WHERE country_code = ? AND capital = 1 AND feature = 'city' "
            "ORDER BY population DESC LIMIT 1",
            (country_code.upper(),),
        )
        return _place(rows[0]) if rows else None

    def capital_of_admin1(self, country_code: str, admin1_name: str) -> Place | None:
        """The provincial capital (ACLED geo_precision 3 fallback).

        GeoNames marks capitals with feature codes that the packaged extract does not carry, so the
        capital is taken as the most populous place of the province, preferring one that shares the
        province's name (Kunduz in Kunduz, Jalalabad in Nangarhar is an exception), which is the usual case.
        """
        prov = self.admin1(country_code, admin1_name)
        if prov is None:
            return None
        code_rows = self._query("SELECT admin1_code FROM places WHERE geonameid = ?", (prov.geonameid,))
        code = code_rows[0][0] if code_rows else None
        if not code:
            return None
        rows = self._query(
            f"SELECT {_COLUMNS} FROM places p WHERE admin1_code = ? AND feature = 'city' ORDER BY population DESC LIMIT 30",
            (code,),
        )
        if not rows:
            return None
        places = [_place(r) for r in rows]
        key = name_key(prov.name)
        biggest = places[0].population
        for p in places:
            # a same-named town counts only if it is a real town, not a hamlet (a tenth of the largest)
            if name_key(p.name) == key and p.population * 10 >= biggest:
                return p
        return places[0]

    def airports(self, key: str) -> list[tuple[Place, bool]]:
        """The airports an ``airports.airport_key`` names ("kabulairport"), by id, each with whether the
        key is its own name (not its town's); an older file without airport tables gives none."""
        if not key:
            return []
        try:
            rows = self._query(
                f"SELECT {_COLUMNS}, n.own FROM airport_names n JOIN places p USING (geonameid) WHERE n.key = ? "
                "ORDER BY p.geonameid",
                (key,),
            )
        except sqlite3.OperationalError:
            return []
        return [(_place(r), bool(r[12])) for r in rows]

    def served_by(self, airport_gid: int | None) -> int | None:
        """The geonameid of the town an airport serves, when the build matched one."""
        if airport_gid is None:
            return None
        try:
            rows = self._query("SELECT served FROM airports WHERE geonameid = ?", (airport_gid,))
        except sqlite3.OperationalError:
            return None
        return rows[0][0] if rows else None

    def close(self) -> None:
        self._con.close()


@functools.lru_cache(maxsize=4)
def _load(path: str | None) -> Gazetteer:
    return Gazetteer.open(Path(path) if path else None)


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The process-wide gazetteer (built on first use when the file is missing)."""
    return _load(str(path) if path else None)
