"""Toponym resolution: choose among homonyms with the document's own geography.

Each candidate gets a score from what it is (feature kind, population, how its name matched) and
what the text says around it (a "province"/"city" cue, "X, Y" with Y a province or country that
contains it, "X or Y" with Y a province) and in the whole document (countries and provinces the
other names point to, towns near the other names' places). The document context comes from a first
pass without context: each name's best guess votes for its country and province and offers its
point; the next pass rewards candidates inside the voted ones and near those points, and its picks
vote in the pass after (two context passes).

Weights were set on the DEV split of the geoparsing benchmark (bench/RESULTS.md, "Geoparsing
(issue 4)"); the rules themselves name no place.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from frontwatch.geo.build import KIND_ALIAS, KIND_DEMONYM, KIND_PRIMARY
from frontwatch.geo.gazetteer import Entry
from frontwatch.geo.normalize import name_key
from frontwatch.geo.recognize import Found
from frontwatch.geo.words import CUE_AFTER, REGION_MODIFIERS
from frontwatch.rulebook import register

# feature prior: a name that is a country is usually the country; admin2 entries mostly repeat the
# name of their main town or province, so they rank below both
_FEATURE = {"country": 5.0, "region": 2.5, "admin1": 1.5, "city": 0.0, "admin2": -1.5, "airport": 0.0}
# a demonym entry is what an adjective means ("Canadian" is Canada, not Canadian, Texas)
_KIND = {KIND_PRIMARY: 1.0, KIND_ALIAS: 0.0, KIND_DEMONYM: 4.0}
_CAPITAL = 2.0  # "Washington" is the capital before the state; "Kunduz" the city before the province
# a city this large is what its name means, whatever province shares the name (New York)
_METROPOLIS = 1_000_000
# country-level context (which countries the other names point to) counts half for a town this many
# times smaller than a real city of the same name: one stray American name in a story from Glasgow
# must not move "Glasgow" to a town in Kentucky (dev: flat from 10x to 30x, and from 50,000 to 100,000)
_DWARF_RATIO = 20
_REAL_CITY = 100_000
_DWARF_WEIGHT = 0.5
# a town or district within this distance of a place another name of the document resolved to gains
# _NEARBY: local news names neighbouring towns (dev: flat from 50 to 200 km, 1 to 3 points)
_NEARBY_KM = 100.0
_NEARBY = 2.0
# context rounds after the context-free first guess: each round's picks are the next round's votes and
# neighbours, so a town that the first guess got wrong stops misleading the others
_ROUNDS = 2
# a place smaller than this is withdrawn when nothing else in the document points to its country
# (out_of_context; dev: 10,000 and 50,000 both help, 50,000 more)
_OUT_OF_CONTEXT_POP = 50_000
# "Yakima, Washington": the name after a town's comma is its province
_CONTAINER_ROLE = 4.0
# "Wyoming or Washington": a name listed with a province is a province
_LISTED_WITH_PROVINCE = 4.0
_POP_WEIGHT = 0.55  # per decade of population
# a city holding at least this share of its same-named province's population is the province's seat,
# and the seat is what a bare "X" means in news (Kunduz, Groningen; on dev, lowering the share
# from 0.5 to 0.1 turned 13 province picks into right city picks and no right pick into a wrong
# one); a smaller same-named town loses to the province
_CITY_SHARE = 0.1
# ... and only a real town: a provincial population summed from cities500 undercounts rural provinces,
# so a village can hold a tenth of one
_CITY_MIN_POP = 20_000


@dataclass(frozen=True)
class Context:
    countries: Counter[str]  # votes per country code from the other names
    admin1: Counter[str]  # votes per admin1 code
    explicit_countries: frozenset[str]  # countries named outright (a country or province mention)
    explicit_admin1: frozenset[str]


def _stands_alone(e: Entry, f: Found) -> bool:
    """A district whose name no town or province of its country shares: it stands for the place."""
    p = e.place
    return p.feature == "admin2" and not any(
        o.place.country_code == p.country_code and o.place.feature in ("city", "admin1") for o in f.entries
    )


def _base(e: Entry, f: Found) -> float:
    p = e.place
    alone = _stands_alone(e, f)
    feature = "city" if alone else p.feature
    s = _FEATURE.get(feature, 0.0) + _KIND.get(e.kind, -0.5) + _POP_WEIGHT * math.log10(p.population + 1)
    if e.capital:
        s += _CAPITAL
    cue = f.cue
    if cue == "province":
        s += 6.0 if feature == "admin1" else (2.0 if feature == "admin2" else -2.0)
    elif cue == "district":
        s += 6.0 if p.feature == "admin2" else (1.0 if feature == "city" else -2.0)
    elif cue in ("city", "near"):
        s += 3.0 if feature == "city" else -3.0
    return s


def _city_over_province(entries: tuple[Entry, ...], f: Found) -> dict[int, float]:
    """Bonus for a city that dominates its same-named province (when no cue says province)."""
    if f.cue in ("province", "district"):
        return {}
    bonus: dict[int, float] = {}
    provinces = [e for e in entries if e.place.feature == "admin1"]
    for e in entries:
        if e.place.feature != "city":
            continue
        for pr in provinces:
            # a national capital outranks a same-named province anywhere in its country (the capital
            # before the state); any other town only the province it lies in
            inside = e.capital or pr.admin1_code == e.admin1_code or not (pr.admin1_code and e.admin1_code)
            if inside and pr.place.country_code == e.place.country_code and e.place.population >= _CITY_MIN_POP:
                # the town's own name, not an alias: a state is not the city that carries its name as an alias
                share = e.kind == KIND_PRIMARY and e.place.population >= _CITY_SHARE * max(1, pr.place.population)
                if share or e.place.population >= _METROPOLIS or e.capital:
                    bonus[e.place.geonameid or 0] = (
                        _FEATURE["admin1"]
                        + 1.0
                        + _POP_WEIGHT * math.log10((pr.place.population + 1) / (e.place.population + 1))
                    )
    return bonus


def _small_provinces(entries: tuple[Entry, ...]) -> set[int]:
    """Provinces (by ``id``) ten times smaller than a same-named city: they lose the province prior
    ("Portland" is the Oregon city, not the Jamaican parish)."""
    top = max((o.place.population for o in entries if o.place.feature == "city" and o.kind == KIND_PRIMARY), default=0)
    return {id(e) for e in entries if e.place.feature == "admin1" and top > 10 * max(1, e.place.population)}


def _dwarfed(entries: tuple[Entry, ...]) -> dict[int, float]:
    """Weight of country-level context per candidate (by ``id``): reduced for towns dwarfed by a
    same-named real city or national capital; province-level context keeps its full weight."""
    top = max(
        (
            e.place.population
            for e in entries
            if e.place.feature == "city" and (e.capital or e.place.population >= _REAL_CITY)
        ),
        default=0,
    )
    return {id(e): _DWARF_WEIGHT if top and e.place.population * _DWARF_RATIO < top else 1.0 for e in entries}


def _priors(f: Found) -> tuple[dict[int, float], dict[int, float], set[int]]:
    """What a name's candidates are worth whatever the context: the city-over-province bonus, the
    weight of country context per candidate, and the provinces too small for the province prior."""
    return _city_over_province(f.entries, f), _dwarfed(f.entries), _small_provinces(f.entries)


def _score(
    e: Entry, f: Found, ctx: Context | None, bonus: dict[int, float], container: set[str], dwarf: float = 1.0
) -> float:
    s = _base(e, f) + bonus.get(e.place.geonameid or 0, 0.0)
    p = e.place
    if container:
        if p.country_code in container or (e.admin1_code and e.admin1_code in container):
            s += 6.0
    if ctx is None:
        return s
    cc = p.country_code
    total = sum(ctx.countries.values()) or 1
    if cc:
        s += dwarf * 3.0 * ctx.countries.get(cc, 0) / total
        if cc in ctx.explicit_countries:
            s += dwarf * 1.5
    if e.admin1_code:
        # province context keeps its full weight for a town's own name (local news names the small
        # towns of its state), not for an old or foreign alias of a dwarfed one
        a_weight = 1.0 if e.kind != KIND_ALIAS else dwarf
        a_total = sum(ctx.admin1.values()) or 1
        s += a_weight * 2.0 * ctx.admin1.get(e.admin1_code, 0) / a_total
        if e.admin1_code in ctx.explicit_admin1 and p.feature != "admin1":
            s += a_weight * 1.5
    return s


# what stands between a town and its container: "Paris, Texas", "Kunduz (Afghanistan)", "Palma, in Cabo
# Delgado province", "Palma in the province of Cabo Delgado", "the X district of Y province", "X town, Y"
# (a place word after the town is its own cue; a province word after the container is part of its name)
_CONTAINER_LINKS = (",", "(", ", in", ", in the", "in", "in the", ", in the province of", "in the province of")
_CONTAINER_GAPS = frozenset(
    {
        *_CONTAINER_LINKS,
        *(f"{word} {link}".replace(" ,", ",") for word in CUE_AFTER for link in (*_CONTAINER_LINKS, "of")),
    }
)


def _contradicted(f: Found, container: set[str]) -> bool:
    """Rule PLACES-CONTAINER-MISMATCH: the province or country named as this town's container holds
    none of its candidates ("Palma, in Cabo Delgado province, northern Mozambique" is not the Spanish
    city): the town is one the gazetteer lacks, left unresolved for the unknown-village fallback."""
    return (
        bool(container)
        and not any(
            e.place.country_code in container or (e.admin1_code and e.admin1_code in container)
            for e in f.entries
            if e.place.feature in ("city", "admin2")
        )
        and all(e.place.feature in ("city", "admin2") for e in f.entries)
    )


def _containers(found: list[Found], i: int, text: str) -> set[str]:
    """Codes named right after a name as its container: "Paris, Texas", "Kunduz, Afghanistan"."""
    if i + 1 >= len(found):
        return set()
    f, nxt = found[i], found[i + 1]
    gap = " ".join(text[f.end : nxt.start].split()).lower()
    if gap not in _CONTAINER_GAPS or not nxt.entries:
        return set()
    out: set[str] = set()
    for e in nxt.entries:
        if e.place.feature == "country" and e.place.country_code:
            out.add(e.place.country_code)
        elif e.place.feature == "admin1" and e.admin1_code:
            out.add(e.admin1_code)
    return out


_LIST_GAPS = frozenset({",", "and", "or", ", and", ", or", "&", "/"})


def _frames(found: list[Found], i: int, text: str) -> dict[int, float]:
    """Bonus per candidate id from the names right beside this one.

    "Yakima, Washington": a name after a comma is the container of the town before it, so a
    province holding one of that town's candidates gains. "Wyoming or Washington": a name in a
    list with a province is a province too.
    """
    f = found[i]
    out: dict[int, float] = {}
    provinces = [e for e in f.entries if e.place.feature == "admin1" and e.admin1_code]
    if not provinces:
        return out
    if i > 0:
        prev = found[i - 1]
        gap = text[prev.end : f.start].strip().lower()
        if gap == ",":
            inner = {e.admin1_code for e in prev.entries if e.place.feature in ("city", "admin2")}
            for e in provinces:
                if e.admin1_code in inner:
                    out[e.place.geonameid or 0] = _CONTAINER_ROLE
    for j in (i - 1, i + 1):
        if not 0 <= j < len(found) or not found[j].entries:
            continue
        a, b = (found[j], f) if j < i else (f, found[j])
        gap = text[a.end : b.start].strip().lower()
        if gap not in _LIST_GAPS:
            continue
        lift = _city_over_province(found[j].entries, found[j])
        best = max(found[j].entries, key=lambda e: _base(e, found[j]) + lift.get(e.place.geonameid or 0, 0.0))
        if best.place.feature == "admin1":
            for e in provinces:
                if e.place.country_code != best.place.country_code:
                    continue  # a list of one country's provinces
                k = e.place.geonameid or 0
                out[k] = max(out.get(k, 0.0), _LISTED_WITH_PROVINCE)
    return out


def _group_key(f: Found) -> tuple[str, bool]:
    # one sense per name per document, except that "X province" and "X" (the town) may differ
    return name_key(f.text), f.cue in ("province", "district")


def resolve(found: list[Found], text: str, *, country_hints: Collection[str] = ()) -> list[Entry | None]:
    """One entry (or None) per recognised name, chosen with the document's context.

    Mentions of one name (same key, same province/town framing) get one place: the candidate with
    the best summed score over them, so that "Dublin, Ohio" once fixes every later "Dublin". A name
    votes once, whatever its number of mentions, and never for itself. ``country_hints`` are
    countries the document points to by other means (the armed groups and state forces it
    names: "Taliban" is Afghanistan's); each counts as one more vote.
    """
    containers = [_containers(found, i, text) for i in range(len(found))]
    frames = [_frames(found, i, text) for i in range(len(found))]
    groups: dict[tuple[str, bool], list[int]] = {}
    for i, f in enumerate(found):
        groups.setdefault(_group_key(f), []).append(i)

    priors = {g: _priors(found[idx[0]]) for g, idx in groups.items()}  # once, for every pass

    def pick_group(g: tuple[str, bool], ctx: Context | None, near: list[tuple[float, float]]) -> Entry | None:
        idx = groups[g]
        f0 = found[idx[0]]
        if not f0.entries:
            return None
        if all(_contradicted(found[i], containers[i]) for i in idx):
            return None  # PLACES-CONTAINER-MISMATCH
        bonus, dw, small = priors[g]
        entries = f0.entries
        if ctx is not None and any(found[i].cue == "city" for i in idx):
            entries = home_village(entries, ctx.countries)  # PLACES-HOME-VILLAGE
        if is_compass_name(f0.text):
            # PLACES-COMPASS-HOME: "the country's North East" is a region of the document's country
            entries = compass_home(entries, ctx.countries if ctx is not None else Counter())
            if not entries:
                return None
        totals = {
            id(e): sum(
                _score(e, found[i], ctx, bonus, containers[i], dw[id(e)]) + frames[i].get(e.place.geonameid or 0, 0.0)
                for i in idx
            )
            + (_NEARBY if _near_any(e, near) else 0.0)
            - (len(idx) * _FEATURE["admin1"] if id(e) in small else 0.0)
            for e in entries
        }
        return max(entries, key=lambda e: (totals[id(e)], -(e.place.geonameid or 0)))

    picks = {g: pick_group(g, None, []) for g in groups}
    for _ in range(_ROUNDS):
        voters = {g: e for g, e in picks.items() if e is not None and not all(found[i].weak for i in groups[g])}
        picks = {g: pick_group(g, _context(g, voters, country_hints), _neighbours(g, voters)) for g in groups}
    out: list[Entry | None] = [None] * len(found)
    for g, idx in groups.items():
        for i in idx:
            out[i] = picks[g]
    return out


def home_village(entries: tuple[Entry, ...], countries: Counter[str]) -> tuple[Entry, ...]:
    """Rule PLACES-HOME-VILLAGE: "the village / town / city of X" names a town of the country the document is
    about when that country has one by the name; a small foreign homonym (under _REAL_CITY people) is then
    no candidate, whatever its population or province votes say. The document's country is the one most
    other names (and the named armed groups) point to; without a single leader nothing is dropped."""
    top = countries.most_common(2)
    if not top or (len(top) > 1 and top[0][1] == top[1][1]):
        return entries
    lead = top[0][0]
    if not any(e.place.country_code == lead for e in entries):
        return entries
    return tuple(e for e in entries if e.place.country_code == lead or e.place.population >= _REAL_CITY)


def is_compass_name(text: str) -> bool:
    """A name made only of compass words ("North East", "North-West", "Southern")."""
    words = text.lower().replace("-", " ").split()
    return bool(words) and all(w in REGION_MODIFIERS for w in words)


def compass_home(entries: tuple[Entry, ...], countries: Counter[str]) -> tuple[Entry, ...]:
    """Rule PLACES-COMPASS-HOME: a region named by compass words alone is a region of the document's
    country; another country's region of that name never is (Botswana's North East for "the country's
    North East" in a story about Nigeria). Without one leading country it is left to the scores."""
    top = countries.most_common(2)
    if not top or (len(top) > 1 and top[0][1] == top[1][1]):
        return entries  # no country leads: nothing to compare with, the name is left as the scores place it
    return tuple(e for e in entries if e.place.country_code == top[0][0])


def _example_entries(spec: str, name: str, feature: str) -> tuple[str, tuple[Entry, ...]]:
    """A rule example "LEAD: CC [population], CC [population], ..." as (lead country, candidates)."""
    from frontwatch.model import Place

    lead, rest = spec.split(":")
    entries = []
    for n, item in enumerate(rest.split(",")):
        cc, *pop = item.split()
        entries.append(
            Entry(Place(name, 0.0, 0.0, n, feature, cc, population=int(pop[0]) if pop else 0), KIND_PRIMARY, None)
        )
    return lead.strip(), tuple(entries)


def _compass_example(text: str) -> bool:
    """The rule's check: whether every candidate of a compass name is dropped."""
    lead, entries = _example_entries(text, "North East", "admin1")
    return is_compass_name("North East") and not compass_home(entries, Counter({lead: 3, "ZZ": 1}))


COMPASS_HOME = register(
    "PLACES-COMPASS-HOME",
    stage="places",
    reason="a region named only by compass words ('the North East') lies in the document's country, never abroad",
    positive=["NG: BW", "AF: BW, ZA"],
    negative=["BW: BW", "CM: CM, BW"],
    check=_compass_example,
)


def _home_example(text: str) -> bool:
    """The rule's check on "LEAD: CC population, ...": whether a candidate is dropped."""
    lead, entries = _example_entries(text, "X", "city")
    return len(home_village(entries, Counter({lead: 3, "ZZ": 1}))) < len(entries)


HOME_VILLAGE = register(
    "PLACES-HOME-VILLAGE",
    stage="places",
    reason="'the village of X' is the document's country's X when it has one, never a small foreign homonym",
    positive=["AF: AF 2000, PK 3000", "ML: ML 800, BF 12000, NE 5000"],
    negative=["AF: PK 3000, IR 4000", "AF: AF 2000, PK 400000"],
    check=_home_example,
)


def _context(g: tuple[str, bool], voters: dict[tuple[str, bool], Entry], country_hints: Collection[str]) -> Context:
    """The votes of every other name's current pick (a name never votes for itself)."""
    countries: Counter[str] = Counter(country_hints)
    admin1: Counter[str] = Counter()
    explicit_c: set[str] = set()
    explicit_a: set[str] = set()
    for og, e in voters.items():
        if og[0] == g[0]:
            continue
        p = e.place
        if p.country_code:
            countries[p.country_code] += 1
            if p.feature in ("country", "admin1") and e.kind != KIND_DEMONYM:
                explicit_c.add(p.country_code)
        if e.admin1_code:
            admin1[e.admin1_code] += 1
            if p.feature == "admin1":
                explicit_a.add(e.admin1_code)
    return Context(countries, admin1, frozenset(explicit_c), frozenset(explicit_a))


def _neighbours(g: tuple[str, bool], voters: dict[tuple[str, bool], Entry]) -> list[tuple[float, float]]:
    """Points of the towns and districts the other names currently resolve to."""
    return [
        (e.place.lat, e.place.lon)
        for og, e in voters.items()
        if og[0] != g[0] and e.place.feature in ("city", "admin2") and e.place.lat is not None
    ]


def _near_any(e: Entry, points: list[tuple[float, float]]) -> bool:
    p = e.place
    if not points or p.feature not in ("city", "admin2") or p.lat is None or p.lon is None:
        return False
    return any(_km(p.lat, p.lon, a, b) < _NEARBY_KM for a, b in points)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6,371 km)."""
    r = math.radians
    h = math.sin(r(lat2 - lat1) / 2) ** 2 + math.cos(r(lat1)) * math.cos(r(lat2)) * math.sin(r(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def keep_weak(found: list[Found], chosen: list[Entry | None]) -> list[bool]:
    """Which names to keep: every strong one, and a weak one only where the document agrees with it;
    never a street's namesake (``Found.silent``), which only lends its place as context.

    A weak name (a town opening an organisation's name, a capitalised word no preposition marks)
    stays when its chosen place lies in a province that a strong name points to, or shares its key
    with a strong name, or is a country or province of a country a strong name points to.
    """
    strong_admin1: set[str] = set()
    strong_cc: set[str] = set()
    strong_keys: set[str] = set()
    for f, e in zip(found, chosen, strict=True):
        if f.weak or f.silent or e is None:
            continue
        strong_keys.add(e.place.name)
        if e.admin1_code:
            strong_admin1.add(e.admin1_code)
        if e.place.country_code and e.kind != KIND_DEMONYM:
            strong_cc.add(e.place.country_code)
    keep: list[bool] = []
    for f, e in zip(found, chosen, strict=True):
        if f.silent:
            keep.append(False)
        elif not f.weak:
            keep.append(True)
        elif e is None:
            keep.append(False)
        else:
            p = e.place
            keep.append(
                (e.admin1_code is not None and e.admin1_code in strong_admin1)
                or p.name in strong_keys
                or (p.feature in ("country", "admin1") and p.country_code in strong_cc)
            )
    return keep


def out_of_context(found: list[Found], chosen: list[Entry | None], country_hints: Collection[str] = ()) -> list[bool]:
    """Which picks to withdraw: a small place in a country nothing else in the document points to.

    A town of under _OUT_OF_CONTEXT_POP people whose country no other name (and no actor) points to,
    in a document whose other names point elsewhere at least twice, is a name that the gazetteer
    happens to hold somewhere ("Tombstone" in a story from France, a small town that shares a school's name): better
    unresolved than placed on the wrong continent. On dev this withdrew 75 picks: 58 on no gold
    toponym at all, 6 on spans the corpora leave ungrounded, 9 on toponyms it had placed wrongly and
    2 (one island named twice) it had placed rightly.
    """
    keys = [name_key(f.text) for f in found]
    votes: Counter[str] = Counter()
    by_key: dict[str, Counter[str]] = {}
    for f, e, k in zip(found, chosen, keys, strict=True):
        if e is None or f.weak or not e.place.country_code:
            continue
        if e.place.country_code not in by_key.setdefault(k, Counter()):
            votes[e.place.country_code] += 1  # a name votes once, whatever its number of mentions
        by_key[k][e.place.country_code] += 1
    out: list[bool] = []
    for e, k in zip(chosen, keys, strict=True):
        if e is None or e.place.feature not in ("city", "admin2") or e.place.population >= _OUT_OF_CONTEXT_POP:
            out.append(False)
            continue
        others = votes - Counter(dict.fromkeys(by_key.get(k, Counter()), 1))
        cc = e.place.country_code
        out.append(cc not in country_hints and others.get(cc or "", 0) == 0 and _elsewhere(others, country_hints) >= 2)
    return out


def _elsewhere(others: Counter[str], country_hints: Collection[str]) -> int:
    """Rule PLACES-ACTOR-COUNTRY-CONTEXT: how much of the document points to countries, counting the
    countries of its actors as one vote each beside its other names: "six Somali soldiers ... al-Shabaab"
    is two pointers to Somalia, enough to withdraw a small Iraqi town that only shares a name with the
    story's village."""
    return sum(others.values()) + sum(1 for c in set(country_hints) if c)


def _context_example(text: str) -> bool:
    """The rule's check on "town country | other names' countries | actor countries": whether a
    small town of that country is withdrawn."""
    from frontwatch.model import Place

    town, names, actors = ([w for w in x.split() if w != "-"] for x in text.split("|"))
    found = [Found(0, 1, "Zarovka", (), "ner", "GPE", None, True)]
    chosen: list[Entry | None] = [
        Entry(Place("Zarovka", 0.0, 0.0, 1, "city", town[0], population=4000), KIND_PRIMARY, None)
    ]
    for n, cc in enumerate(names, start=2):
        found.append(Found(n, n + 1, f"Ostrava{n}", (), "ner", "GPE", None, True))
        chosen.append(Entry(Place(f"Ostrava{n}", 0.0, 0.0, n, "country", cc), KIND_PRIMARY, None))
    return out_of_context(found, chosen, actors)[0]


ACTOR_COUNTRY_CONTEXT = register(
    "PLACES-ACTOR-COUNTRY-CONTEXT",
    stage="places",
    reason="the countries of a story's actors count with its other names when a small town of another country is withdrawn",
    positive=["IQ | SO | SO", "IQ | - | SO KE"],
    negative=["IQ | SO | -", "IQ | SO | IQ", "SO | SO | SO"],
    check=_context_example,
)


def _container_example(text: str) -> bool:
    """The rule's check: the town named first is left unresolved."""
    from frontwatch.geo import geoparse

    first = geoparse(text)[0]
    return first.place is None


CONTAINER_MISMATCH = register(
    "PLACES-CONTAINER-MISMATCH",
    stage="places",
    reason="a town named with its province or country ('X, in Y province', 'X, Y') is in it: when none of the "
    "gazetteer's towns of that name is, the town is one the gazetteer lacks, not a famous namesake abroad",
    positive=["Gunmen attacked the village of Verona, in Cabo Delgado province, on Sunday."],
    negative=["Gunmen attacked the town of Pemba, in Cabo Delgado province, on Sunday."],
    check=_container_example,
    needs_parse=True,
)
