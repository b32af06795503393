"""Where an event happened: the place a sentence names in an event role, or the one the article
is talking about.

Places in a non-event role are passed over: origins and destinations ("reinforcements from X"),
where officials speak or talks sit, modifiers ("the X-Y highway", "the X Times"), datelines, distance
references ("24 km from X") and small foreign homonyms. A province-only place is coded to a city
the article named in it, else to its capital (ACLED geo_precision 3).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from frontwatch import vocabulary
from frontwatch.dates.page import line_at
from frontwatch.events.anchors import acts_as_actor, is_modifier
from frontwatch.events.signals import ActorSignal, SentenceSignals
from frontwatch.geo.airports import airport_and_town
from frontwatch.geo.normalize import name_key
from frontwatch.model import Place, Toponym
from frontwatch.rulebook import register

# the forms of "said" and "told" come from data/vocab/attribution_verbs.tsv, the press settings ("speaking to
# reporters in X") from press_words.tsv, the words of an origin, destination or seat from place_role_cues.tsv
_SAID_TOLD = vocabulary.alternation("attribution_verbs", lang="en", form="verb", canonical=("said", "told"))
_TOLD = vocabulary.alternation("attribution_verbs", lang="en", form="verb", canonical="told")
_EXCLUDE_BEFORE = re.compile(
    r"(?:\b(?:" + _SAID_TOLD + "|" + vocabulary.alternation("press_words", lang="en") + r")\b[^.;]{0,30}\bin"
    r"|\b" + _TOLD + r"|\b" + vocabulary.alternation("place_role_cues", lang="en") + r")"
    r"\s+(?:the\s+)?(?:" + vocabulary.alternation("place_words", lang="en", of_name="yes") + r"\s+of\s+)?$",
    re.IGNORECASE,
)
PLACES_NON_EVENT_ROLE = register(
    "PLACES-NON-EVENT-ROLE",
    stage="places",
    reason="a place in a non-event role (origin, destination, where talks sit, an outlet told) is not where it happened",
    positive=[
        "Reinforcements arrived from",
        "the prosecutor told",
        "at talks in",
        "Families fled from the village of",
        "One soldier was wounded and flown to a hospital in",
    ],
    negative=["Rebels attacked", "shelling killed four in", "A missile struck a hospital in"],
    check=lambda t: _EXCLUDE_BEFORE.search(t + " ") is not None,
)
# "the route between X and Y", "the border between X and Y": both names are ends of something else
_BETWEEN_BEFORE = re.compile(r"\bbetween\b(?:(?!\b(?:in|at|near|inside|outside|into)\b)[^.;()]){0,60}$", re.I)
_AND_AFTER = re.compile(r"^\s+and\b", re.I)
_AND_BEFORE = re.compile(r"\band\s+(?:the\s+)?$", re.I)


def between_ends(before: str, after: str) -> bool:
    """Whether a place name is one end of "between X and Y" (a route, a border, two cities)."""
    if not _BETWEEN_BEFORE.search(before):
        return False
    return bool(_AND_AFTER.search(after) or _AND_BEFORE.search(before))


PLACES_BETWEEN_ENDS = register(
    "PLACES-BETWEEN-ENDS",
    stage="places",
    reason="the two ends of 'between X and Y' (a route, a border) are reference points, not where the event happened",
    positive=["The town lies on the road between |Zarovka| and Ostrava.", "the border between Zarovka and |Ostrava|."],
    negative=["Clashes between protesters and police in |Zarovka| and Ostrava", "Rebels attacked |Zarovka| on Monday."],
    check=lambda t: between_ends(t.split("|")[0], t.split("|")[2]),
)
# the words of nearness, the units of distance and the four points: place_words.tsv, distance_units.tsv
_UNITS = vocabulary.alternation("distance_units", lang="en")
_CARDINAL = vocabulary.alternation("place_words", lang="en", cardinal="yes")
_NEAR_BEFORE = re.compile(
    rf"\b(?:{vocabulary.alternation('place_words', lang='en', near='yes')}|(?:\d+|a few|several)\s+{_UNITS}\s+"
    rf"(?:{_CARDINAL}|from)\w*(?:\s+of)?)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$",
    re.IGNORECASE,
)
# "in the Afghan capital": a locative mention of the country's capital ("linking the capital
# with the south" is not where anything happened)
_NATIONAL_CAPITAL = re.compile(
    r"\b(?:in|at|near|into|inside|across|outside)\s+the\s+(?:[A-Z][a-z]+\s+)?capital\b(?!\s+of\s+[A-Z])"
)
_PROVINCIAL = re.compile(r"provincial\s+capital", re.IGNORECASE)
# "in the capital" with no country word before it ("in the Afghan capital" is the nation's)
_BARE_CAPITAL = re.compile(r"\b(?:in|at|near|into|inside|across|outside)\s+the\s+capital\b(?!\s+of\s+[A-Z])")


def _place_is_local(p: Place) -> bool:
    # a continent or world region is never where an event happened
    return p.feature in ("city", "airport", "admin2", "admin1")


# "24 km from X", "80 miles west of X": X is a reference point for another place
_DISTANCE_BEFORE = re.compile(
    rf"\b\d[\d,.]*\s*{_UNITS}\b\s*(?:\(\s*[\d.]+\s*\w+\s*\)\s*)?"
    rf"(?:{_CARDINAL}(?:-?(?:east|west))?(?:ern)?\s+)?(?:of|from)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$",
    re.IGNORECASE,
)
# A small town in another country than the article's is a gazetteer homonym far more often
# than a foreign event location (the unknown Nigerian village matching a French one).
FOREIGN_TOWN_MIN_POPULATION = 50_000


def dateline_place(sig: SentenceSignals, text: str) -> Place | None:
    for t in sig.toponyms:
        if t.start == sig.sentence.start and t.place is not None and t.place.feature in ("city", "airport"):
            if _is_dateline(t.name, text[t.end : t.end + 30]):
                return t.place
    return None


def _is_dateline(name: str, after: str) -> bool:
    """'BAGHDAD Iraqi forces...', 'ABUJA – At least...', 'WASHINGTON (Agency) -': where the story was filed."""
    return (len(name) > 2 and name.isupper()) or bool(re.match(r"\s*(?:\(|[–—]|-\s|,\s+[A-Z][a-z]+\.?\s+\d)", after))


# "the defence ministry in Ostrava said": the seat of the speaking office (office_nouns column seat), then a verb of saying
_SEAT_BEFORE = re.compile(rf"\b{vocabulary.alternation('office_nouns', lang='en', seat='yes')}\s+in\s+$", re.IGNORECASE)
_SAYS_AFTER = re.compile(
    rf"^\s*,?\s*(?:{vocabulary.alternation('attribution_verbs', lang='en', form='verb')})\b", re.IGNORECASE
)


def speaker_seat(before: str, after: str) -> bool:
    """Rule PLACES-SEAT-OF-SPEAKER: a place between an office and its verb of saying ("the defence ministry in
    Ostrava said") is where the office sits, not where the event happened."""
    return _SEAT_BEFORE.search(before) is not None and _SAYS_AFTER.search(after) is not None


PLACES_SEAT_OF_SPEAKER = register(
    "PLACES-SEAT-OF-SPEAKER",
    stage="places",
    reason="'the defence ministry in X said': X is where the speaking office sits, not where the event happened",
    positive=["the defence ministry in | said on Wednesday", "the interior ministry in | says"],
    negative=["the defence ministry said fighting in | went on", "the ministry in | was shelled"],
    check=lambda t: speaker_seat(t.split("|")[0], t.split("|")[1]),
)


# "ZAROVKA, March 14 (Ostrava Wire) -": the parenthesis that closes a dateline names the outlet or agency that
# filed the story, never where anything happened
_AGENCY_OPEN = re.compile(r"^(?:[A-Z][A-Z'’. -]+\b|[^()\n]{0,60}\d)[^()\n]{0,60}\(\s*[^()\n]{0,40}$")
_AGENCY_CLOSE = re.compile(r"^[^()\n]{0,40}\)\s*[-–—:]")


def in_dateline_agency(opening: str, after: str) -> bool:
    """Rule PLACES-DATELINE-AGENCY: whether a name sits in the parenthesis that closes a dateline
    ("ZAROVKA, May 14 (Ostrava Wire) -"); ``opening`` runs from the sentence's start to the name."""
    return _AGENCY_OPEN.search(opening) is not None and _AGENCY_CLOSE.search(after) is not None


PLACES_DATELINE_AGENCY = register(
    "PLACES-DATELINE-AGENCY",
    stage="places",
    reason="a place name inside the dateline's parenthesis ('ZAROVKA, May 14 (Ostrava Wire) -') names the outlet that filed it",
    positive=["ZAROVKA, Zaria, March 14 (|Ostrava| Wire) - Rebels attacked", "Zarovka, May 2 (|Ostrava| Times) — Two"],
    negative=[
        "Rebels attacked the town (|Ostrava|) on Monday - a hub",
        "ZAROVKA (AP) - Rebels attacked |Ostrava| today",
    ],
    check=lambda t: in_dateline_agency(t.split("|")[0], t.split("|")[2]),
)

_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|outside|into|inside|on|of)\b[^.,;]{0,25}$", re.I)
# "in a remote northern town": a place the next sentences name; "the city" refers back
_NEW_UNNAMED_PLACE = re.compile(
    rf"\b(?:a|an)\s+(?:[\w-]+\s+){{0,3}}?{vocabulary.alternation('place_words', lang='en', unnamed='yes')}\b", re.I
)


def event_place_in(sig: SentenceSignals, text: str, *, country: str | None = None) -> tuple[Place, int] | None:
    """The place a sentence says its event happened, with ACLED geo_precision.

    Places in a non-event role are passed over: origins and destinations ("reinforcements
    from X"), where officials or talks sit, modifiers ("the X-Y highway", "the X Times"), and a
    foreign place not introduced by a locative preposition ("Moscow denied the strike").
    """
    best: tuple[int, Place, int] | None = None
    between: tuple[int, Place] | None = None  # (offset, place) of the first end of a "between X and Y"
    for i, t in enumerate(sig.toponyms):
        # PLACES-AIRPORT: an airport whose town the gazetteer lacks is the place; "Kabul airport" stays
        # in Kabul, as ACLED codes it, with the airport named in the event's notes (place_notes)
        here = t.place if t.place is not None else t.facility
        if here is None or not _place_is_local(here):
            continue
        before = text[max(0, t.start - 45) : t.start]
        after = text[t.end : t.end + 30]
        if _EXCLUDE_BEFORE.search(before) or is_modifier(after) or _DISTANCE_BEFORE.search(before):
            continue
        if acts_as_actor(before, after) or _inside_actor_name(sig, t.start, t.end):
            continue
        if between_ends(text[max(0, t.start - 80) : t.start], after):
            # PLACES-BETWEEN-ENDS; PLACES-BETWEEN-ENDS-LAST-RESORT: the first end, near it, where nothing else
            # places the event ("abducted on the road between X and Y")
            if (between is None or t.start < between[0]) and not (country and here.country_code != country):
                between = (t.start, here)
            continue
        if t.start == sig.sentence.start and _is_dateline(t.name, after):
            continue
        if in_dateline_agency(text[sig.sentence.start : t.start], after):
            continue  # PLACES-DATELINE-AGENCY
        if speaker_seat(before, after):
            continue  # PLACES-SEAT-OF-SPEAKER
        if country and here.country_code and here.country_code != country:
            if not _LOCATIVE_BEFORE.search(before) or here.population < FOREIGN_TOWN_MIN_POPULATION:
                continue
        precision = 1
        if here.feature in ("admin1", "region"):
            precision = 3
        elif here.feature == "admin2" or t.cue == "near" or _NEAR_BEFORE.search(before):
            precision = 2
        # a city beats a district beats a province: the most specific place named
        rank = {1: 0, 2: 1, 3: 2}[precision] * 100 + i
        if rubric_label(text, sig.sentence.start, t.start, t.end):
            rank += 1000  # PLACES-RUBRIC-LABEL: "Yala: Insurgents attacked a post in Bannang Sata district"
        if best is None or rank < best[0]:
            best = (rank, here, precision)
    if best is None:
        return (between[1], 2) if between is not None else None
    return best[1], best[2]


def _between_check(text: str) -> bool:
    """The rule's check: the report of ``text`` (a one-sentence article) is placed near the first end of a
    'between X and Y'."""
    from datetime import date

    from frontwatch.model import Article
    from frontwatch.pipeline import analyse

    reports = analyse(Article(id="x", text=text, published=date(2024, 5, 15))).reports
    return any(r.place is not None and r.place.name == "Kismayo" and r.geo_precision == 2 for r in reports)


PLACES_BETWEEN_ENDS_LAST_RESORT = register(
    "PLACES-BETWEEN-ENDS-LAST-RESORT",
    stage="places",
    reason="an event told only as 'on the road between X and Y' is placed near X, not dropped for want of a place",
    positive=["Gunmen abducted five aid workers on the road between Kismayo and Jamame on Monday, officials said."],
    negative=[
        "Gunmen abducted five aid workers in Jilib, on the road between Kismayo and Jamame, on Monday, officials said."
    ],
    check=_between_check,
    needs_parse=True,
)


def rubric_label(text: str, sentence_start: int, start: int, end: int) -> bool:
    """Whether a place name opening its sentence before a colon ("Yala: Suspected insurgents attacked ...")
    is a round-up's rubric: the province the paragraph is filed under, not the event's place, which the
    sentence names itself if it names another (rule PLACES-RUBRIC-LABEL)."""
    return not text[sentence_start:start].strip() and text[end : end + 2].startswith(":")


def _rubric_check(text: str) -> bool:
    """``text`` marks the place name with bars: "|Zarovka|: Insurgents attacked ..."."""
    before, name, after = text.split("|")
    clean = before + name + after
    return rubric_label(clean, 0, len(before), len(before) + len(name))


PLACES_RUBRIC_LABEL = register(
    "PLACES-RUBRIC-LABEL",
    stage="places",
    reason="a round-up files each paragraph under a province ('Zarovka: ...'); the place the sentence names wins",
    positive=["|Zarovka|: Insurgents attacked a police post in Ostrava district early on Friday."],
    negative=["|Zarovka| was shelled on Friday: two houses burned.", "In |Zarovka|: a bomb hit a patrol on Friday."],
    check=_rubric_check,
)


def _inside_actor_name(sig: SentenceSignals, start: int, end: int) -> bool:
    """A place name inside a named armed group's name ("the X Workers' Party", "the X Liberation
    Front") names the group, not where the event happened."""
    return any(
        a.start <= start and end <= a.end and (a.start, a.end) != (start, end) and not a.generic for a in sig.actors
    )


def _actor_name_check(text: str) -> bool:
    from frontwatch.events.actors import find_actors
    from frontwatch.model import Sentence

    name = text.split("|")[1]
    clean = text.replace("|", "")
    start = clean.index(name)
    sig = SentenceSignals(
        sentence=Sentence("x", 0, 0, len(clean), clean),
        actors=[ActorSignal(m.start, m.end, m.text, m.actor, m.generic) for m in find_actors(clean)],
    )
    return _inside_actor_name(sig, start, start + len(name))


PLACES_INSIDE_ACTOR_NAME = register(
    "PLACES-INSIDE-ACTOR-NAME",
    stage="places",
    reason="a place name inside an armed group's name names the group, not where the event happened",
    positive=["Fighters of the |Zarovka| Liberation Front attacked the convoy."],
    negative=["Fighters of the Liberation Front attacked |Zarovka| on Monday."],
    check=_actor_name_check,
)


def province_to_city(
    province: Place, named: Sequence[tuple[Place, int] | None], province_capital: Callable[[Place], Place | None]
) -> tuple[Place, int]:
    """A province-only place: the city the article already named inside it, else its capital."""
    for prev in reversed(named):
        if prev is not None and prev[0].admin1 == province.admin1 and prev[0].feature in ("city", "airport"):
            return prev[0], 1
    cap = province_capital(province)
    return (cap, 3) if cap is not None else (province, 3)


def place_from_context(
    i: int,
    signals: Sequence[SentenceSignals],
    named: Sequence[tuple[Place, int] | None],
    context: tuple[Place, int] | None,
) -> tuple[Place, int] | None:
    """Where an anchor that names no place happened.

    "... in a remote northern town" names the town in a following sentence; otherwise the
    article is still talking about the last place it named; a lead with nothing before it
    looks ahead.
    """
    ahead = None
    for j in range(i + 1, min(i + 4, len(signals))):
        if named[j] is not None and not signals[j].is_caption:
            ahead = named[j]
            break
    if _NEW_UNNAMED_PLACE.search(signals[i].sentence.text) and ahead is not None:
        return ahead
    if context is not None:
        return context
    if ahead is not None:
        return ahead
    # only a caption named a place: use it as the last resort
    for j in range(i - 1, -1, -1):
        if named[j] is not None:
            return named[j]
    return None


def same_place(a: Place, b: Place) -> bool:
    if airport_and_town(a, b):
        return True  # LINK-AIRPORT-TOWN: "outside Kabul airport" and "in Kabul" are one incident's place
    if a.geonameid is not None and b.geonameid is not None:
        return a.geonameid == b.geonameid
    return a.name == b.name and a.country_code == b.country_code


def article_country(signals: Sequence[SentenceSignals]) -> str | None:
    """The country the article is about: named towns and provinces count most, a country's
    name less, an adjective ("Saudi-led", "US-backed") least. A small town of a country nothing
    else points to does not vote against an evident one (PLACES-EVIDENT-COUNTRY)."""
    votes: dict[str, float] = {}
    lone = lone_town_countries(signals)
    for sig in signals:
        for t in sig.toponyms:
            if not (t.place and t.place.country_code) or t.place.country_code in lone:
                continue
            if t.place.feature in ("city", "admin1", "admin2", "airport"):
                w = 2.0
            elif t.place.feature == "country" and t.name.lower().rstrip(".") in (
                t.place.name.lower(),
                (t.place.country or "").lower(),
            ):
                w = 1.0
            else:
                w = 0.5
            votes[t.place.country_code] = votes.get(t.place.country_code, 0.0) + w
    return max(votes, key=lambda k: votes[k]) if votes else None


def sentence_country(toponyms: Sequence[Toponym], article: str | None) -> str | None:
    """Rule ACTORS-SENTENCE-COUNTRY: the country a sentence's own places all lie in, when it is another than
    the article's and the sentence names a town or province there ("Philippines: rebels killed five soldiers
    in Northern Samar" in a round-up that opened on Myanmar): generic forces there ("soldiers") are that
    country's. None when the sentence names no such place, or places in two countries."""
    codes = {t.place.country_code for t in toponyms if t.place is not None and t.place.country_code}
    if len(codes) != 1 or article is None or article in codes:
        return None
    local = any(t.place is not None and t.place.feature in ("city", "admin1", "admin2", "airport") for t in toponyms)
    return next(iter(codes)) if local else None


def _sentence_country_check(text: str) -> bool:
    from frontwatch.geo import geoparse

    article, sentence = text.split(" | ")
    found = sentence_country(geoparse(sentence), article)
    return found is not None and found != article


ACTORS_SENTENCE_COUNTRY = register(
    "ACTORS-SENTENCE-COUNTRY",
    stage="actors",
    reason="generic forces in a sentence whose places all lie in another country than the article's are that country's",
    positive=[
        "MM | Philippines: Communist rebels killed five soldiers in Northern Samar province on Tuesday.",
        "AF | In Pakistan's Khyber Pakhtunkhwa province, soldiers killed six militants on Friday.",
    ],
    negative=[
        "MM | Junta soldiers burned a village near Mawlaik in Sagaing region on Monday.",
        "IN | Soldiers fired across the frontier into Pakistan on Monday.",
    ],
    check=_sentence_country_check,
    needs_parse=True,
)


# distinct pointers (names, actors) that make a country evident beside a lone small town of another
_EVIDENT = 2


def lone_town_countries(signals: Sequence[SentenceSignals]) -> set[str]:
    """Rule PLACES-EVIDENT-COUNTRY: countries that only one small town's name points to (under
    FOREIGN_TOWN_MIN_POPULATION people; no other name of the country, no actor of it) while another
    country is evident (at least two distinct names, demonyms or actors point to it): "six Somali
    soldiers ... near the town of X ... al-Shabaab" is about Somalia whatever small Iraqi town shares
    X's name, so that town neither makes the article Iraqi nor gives it an Iraqi province."""
    pointers: dict[str, set[str]] = {}
    small: dict[str, bool] = {}
    for sig in signals:
        for t in sig.toponyms:
            p = t.place
            if p is None or not p.country_code:
                continue
            pointers.setdefault(p.country_code, set()).add(name_key(t.name))
            town = p.feature in ("city", "admin2") and p.population < FOREIGN_TOWN_MIN_POPULATION
            small[p.country_code] = small.get(p.country_code, True) and town
        for a in sig.actors:
            if not a.generic and a.actor.country_code:
                pointers.setdefault(a.actor.country_code, set()).add("actor:" + a.actor.name)
    lone = {cc for cc, ps in pointers.items() if len(ps) == 1 and small.get(cc, False)}
    if not any(len(ps) >= _EVIDENT for cc, ps in pointers.items() if cc not in lone):
        return set()
    return lone


def _evident_example(text: str) -> bool:
    """The rule's check on "town country population | other names' countries | actor countries":
    whether the town's country is set aside."""
    from frontwatch.model import Actor, Sentence, Toponym

    town, names, actors = ([w for w in x.split() if w != "-"] for x in text.split("|"))
    sig = SentenceSignals(sentence=Sentence("x", 0, 0, 1, "x"))
    sig.toponyms.append(
        Toponym(0, 1, "Zarovka", Place("Zarovka", 0.0, 0.0, 1, "city", town[0], population=int(town[1])))
    )
    for n, cc in enumerate(names, start=2):
        sig.toponyms.append(Toponym(n, n + 1, f"Ostrava{n}", Place(f"Ostrava{n}", 0.0, 0.0, n, "country", cc)))
    for n, cc in enumerate(actors):
        sig.actors.append(ActorSignal(0, 1, "x", Actor(name=f"Group {n}", country_code=cc)))
    return town[0] in lone_town_countries([sig])


PLACES_EVIDENT_COUNTRY = register(
    "PLACES-EVIDENT-COUNTRY",
    stage="places",
    reason="a small town of a country nothing else names or implies does not outvote the article's evident country",
    positive=["IQ 42000 | SO | SO", "IQ 42000 | - | SO SO", "IQ 42000 | SO SO | -"],
    negative=["IQ 42000 | SO | -", "IQ 42000 | SO | IQ", "IQ 900000 | SO | SO", "SO 4000 | SO | SO"],
    check=_evident_example,
)


def mentions_national_capital(text: str) -> bool:
    """ "in the Afghan capital": the country's capital, named by its role ("provincial capital" is not)."""
    m = _NATIONAL_CAPITAL.search(text)
    return m is not None and not _PROVINCIAL.search(text[max(0, m.start() - 12) : m.end()])


def capital_meant(text: str, *, national: Place | None, story_capital: Place | None) -> Place | None:
    """The city "the capital" in ``text`` stands for (PLACES-CAPITAL-OF-THE-STORY), or None.

    "The Afghan capital" is the nation's. A bare "the capital" in a story told about a provincial
    capital (one the article names, while it never names the nation's capital) is that city: local
    reports of a provincial war say "fighting reached the capital" of the province they cover.
    """
    if not mentions_national_capital(text):
        return None
    if story_capital is not None and _BARE_CAPITAL.search(text):
        return story_capital
    return national


def provincial_seat(
    sig: SentenceSignals, province_capital: Callable[[Place], Place | None], national: Place | None
) -> Place | None:
    """The last provincial capital (not the nation's) a sentence names: the city a later bare
    "the capital" of the story stands for (PLACES-CAPITAL-OF-THE-STORY)."""
    found = None
    for t in sig.toponyms:
        p = t.place
        if p is None or p.feature != "city" or (national is not None and p.geonameid == national.geonameid):
            continue
        seat = province_capital(p)
        if seat is not None and seat.geonameid == p.geonameid:
            found = p
    return found


def _capital_example(text: str) -> bool:
    story = Place("Zarovka", 0.0, 0.0, 1, "city", "RU", admin1="Upper Vale")
    nation = Place("Ostrava", 1.0, 1.0, 2, "city", "RU", admin1="Capital District")
    return capital_meant(text, national=nation, story_capital=story) is story


PLACES_CAPITAL_OF_THE_STORY = register(
    "PLACES-CAPITAL-OF-THE-STORY",
    stage="places",
    reason="a bare 'the capital' in a story about a provincial capital (the nation's never named) is that city",
    positive=["Rebels pushed into the capital on Monday, residents said."],
    negative=["Rebels pushed into the Ruritanian capital on Monday.", "Rebels pushed into the provincial capital."],
    check=_capital_example,
)


_LOCATIVE_JUST_BEFORE = re.compile(r"\b(?:in|at|near|outside)\s+$")
_PROSE_LINE_WORDS = 8


def unknown_village(sig: SentenceSignals, text: str, *, country: str | None) -> str | None:
    """Rule PLACES-UNKNOWN-VILLAGE: the name of a place the sentence frames as a town ("the village of
    X", "X town") that the gazetteer does not hold, or holds only as a small town abroad (another
    country's village of that name is a homonym, not where the event happened)."""
    for t in sig.toponyms:
        if t.facility is not None:
            continue
        # "the village of X", "X town"; or a name the geoparser found but could not resolve, where the
        # event happened ("an air strike hit a market in X on Sunday")
        # in a line of prose with an event word: a short line of its own is page furniture ("in World by May 2, 2031")
        unresolved_here = (
            t.place is None
            and sig.event_word
            and len(line_at(text, t.start).split()) >= _PROSE_LINE_WORDS
            and bool(_LOCATIVE_JUST_BEFORE.search(text[max(0, t.start - 12) : t.start]))
        )
        if t.cue != "city" and not unresolved_here:
            continue
        p = t.place
        abroad = p is not None and bool(country and p.country_code and p.country_code != country)
        if p is not None and not (abroad and p.population < FOREIGN_TOWN_MIN_POPULATION):
            continue
        before, after = text[max(0, t.start - 45) : t.start], text[t.end : t.end + 30]
        if _EXCLUDE_BEFORE.search(before) or _DISTANCE_BEFORE.search(before) or is_modifier(after):
            continue  # "reinforcements from the village of X": not where it happened
        return t.name
    return None


def main_province(signals: Sequence[SentenceSignals], country: str | None) -> Place | None:
    """A place of the province the article names most (towns, districts and the province itself)."""
    votes: dict[str, list[Place]] = {}
    for sig in signals:
        for t in sig.toponyms:
            p = t.place
            if p is not None and p.admin1 and p.feature in ("city", "admin2", "admin1") and p.country_code == country:
                votes.setdefault(p.admin1, []).append(p)
    if not votes:
        return None
    best = max(votes.values(), key=len)  # the first-named province wins a tie (dicts keep order)
    return next((p for p in best if p.feature == "admin1"), best[0])


def village_place(
    found: tuple[Place, int] | None,
    named: Sequence[tuple[Place, int] | None],
    article_province: Place | None,
    province_capital: Callable[[Place], Place | None] | None,
) -> tuple[Place, int] | None:
    """Where an event in a village the gazetteer lacks is coded (PLACES-UNKNOWN-VILLAGE): a town or
    district the sentence names stays as found; otherwise the province, the one the sentence names,
    else the one of the place the article last named, else the article's main province, coded to its
    capital at ACLED geo_precision 3 (never a town named earlier at precision 1)."""
    if found is not None and found[1] < 3:
        return found
    ref = found[0] if found is not None else None
    if ref is None:
        ref = next((n[0] for n in reversed(named) if n is not None and n[0].admin1), article_province)
    if ref is None or not ref.admin1:
        return None
    cap = province_capital(ref) if province_capital is not None else None
    return (cap, 3) if cap is not None else (ref, 3)


def settle_place(
    sig: SentenceSignals,
    text: str,
    found: tuple[Place, int] | None,
    named: Sequence[tuple[Place, int] | None],
    country: str | None,
    article_province: Place | None,
    province_capital: Callable[[Place], Place | None] | None,
    villages: dict[tuple[int, int], str],
) -> tuple[Place, int] | None:
    """The place a sentence names, settled: a village the gazetteer lacks keeps its province
    (PLACES-UNKNOWN-VILLAGE, recorded in ``villages`` by sentence span); otherwise a province-only
    place is coded to a town the article named in it, else to its capital."""
    village = unknown_village(sig, text, country=country)
    if village is not None:
        villages[(sig.sentence.start, sig.sentence.end)] = village
        if found is not None and found[1] < 3 and _region_read_as_town(sig, found[0]):
            found = (found[0], 3)  # PLACES-REGION-NAMED-AS-TOWN
        return village_place(found, named, article_province, province_capital)
    if found is not None and found[1] == 3 and province_capital is not None:
        return province_to_city(found[0], named, province_capital)
    return found


def _region_read_as_town(sig: SentenceSignals, place: Place) -> bool:
    """Whether the sentence names ``place``, a town, only framed as a region or province ("in Ber, in the Timbuktu
    region": the gazetteer lacks the region under that name): the village is in the region, not in the town."""
    return place.feature == "city" and any(
        t.cue == "province" and t.place is not None and t.place.geonameid == place.geonameid for t in sig.toponyms
    )


PLACES_REGION_NAMED_AS_TOWN = register(
    "PLACES-REGION-NAMED-AS-TOWN",
    stage="places",
    reason="a village the gazetteer lacks, placed in a region whose name the gazetteer reads as a town ('in Ber, "
    "in the Timbuktu region'), is coded to the region at precision 3, not to the town at precision 1",
    positive=["Troops took over a camp in Ber, in the Timbuktu region, on Sunday."],
    negative=["Troops took over a camp in the town of Timbuktu on Sunday."],
    check=lambda t: _region_example(t),
    needs_parse=True,
)


def _region_example(text: str) -> bool:
    """The rule's check: the precision the sentence's place is settled at, run through the geoparser."""
    from frontwatch.geo import geoparse
    from frontwatch.model import Sentence

    sentence = Sentence("x", 0, 0, len(text), text)
    sig = SentenceSignals(sentence=sentence, toponyms=geoparse(text, country_hints=("ML",)), event_word=True)
    found = event_place_in(sig, text, country="ML")
    settled = settle_place(sig, text, found, [], "ML", None, None, {})
    return settled is not None and settled[1] == 3


def place_notes(sentences: Sequence[SentenceSignals], villages: dict[tuple[int, int], str], place: Place) -> list[str]:
    """What the event's notes say about its place beyond the coded one: a village the gazetteer lacks,
    an airport in the coded town."""
    out: list[str] = []
    for sig in sentences:
        name = villages.get((sig.sentence.start, sig.sentence.end))
        if name:
            out.append(f"{name} (not in the gazetteer)")
        for t in sig.toponyms:
            f = t.facility
            if f is not None and t.place is not None and same_place(t.place, place) and f != place:
                out.append(f"at {f.name}")
    return list(dict.fromkeys(out))


def _village_example(text: str) -> bool:
    """The rule's check on "sentence | gazetteer place of X or - | article country": whether X is
    taken as an unknown village."""
    from frontwatch.model import Sentence, Toponym

    sentence, found, country = (x.strip() for x in text.split("|"))
    start = sentence.index("Zarvokhel")
    place = None
    if found != "-":
        cc, pop = found.split()
        place = Place("Zarvokhel", 0.0, 0.0, 1, "city", cc, population=int(pop))
    sig = SentenceSignals(
        sentence=Sentence("x", 0, 0, len(sentence), sentence),
        toponyms=[
            Toponym(
                start, start + len("Zarvokhel"), "Zarvokhel", place, cue="city" if " of Zarvokhel" in sentence else None
            )
        ],
    )
    return unknown_village(sig, sentence, country=country) == "Zarvokhel"


PLACES_UNKNOWN_VILLAGE = register(
    "PLACES-UNKNOWN-VILLAGE",
    stage="places",
    reason="a village the gazetteer lacks (or holds only as a small foreign homonym) keeps the event at its province, named in the notes",
    positive=[
        "Gunmen killed five people in the village of Zarvokhel. | - | RU",
        "Gunmen killed five people in the village of Zarvokhel. | XX 700 | RU",
        "An air strike hit a livestock market in Zarvokhel on Sunday, killing nine people. | - | RU",
    ],
    negative=[
        "Gunmen killed five people in the village of Zarvokhel. | RU 700 | RU",
        "Reinforcements arrived from the village of Zarvokhel. | - | RU",
        "Gunmen killed five people in the city of Zarvokhel. | XX 900000 | RU",
        "Zarvokhel said on Sunday that nine people were killed. | - | RU",
        "Killed in Zarvokhel by May 2, 2031 | - | RU",
    ],
    check=_village_example,
)


def villages_apart(village: str | None, others: Sequence[str]) -> bool:
    """Rule PLACES-VILLAGES-APART: an event in one village the gazetteer lacks and one in another are two
    places, though both are coded to their province's capital ("a bomb near the town of X on Sunday" and
    "a base in Y on Monday" are not one two-day incident at the capital)."""
    return village is not None and any(name_key(o) != name_key(village) for o in others)


PLACES_VILLAGES_APART = register(
    "PLACES-VILLAGES-APART",
    stage="places",
    reason="events in two different villages the gazetteer lacks are two places, though both are coded to one province capital",
    positive=["Zarovka | Ostrava", "Zarovka | Zarovka, Ostrava"],
    negative=["Zarovka | Zarovka", "Zarovka | -", "- | Zarovka"],
    check=lambda t: villages_apart(
        None if t.split("|")[0].strip() == "-" else t.split("|")[0].strip(),
        [w.strip() for w in t.split("|")[1].split(",") if w.strip() != "-"],
    ),
)


def names_its_place(geo_precision: int, village: str | None, province_named: bool) -> bool:
    """Rule PLACES-VILLAGE-NAMES-ITS-PLACE: a sentence naming a village the gazetteer lacks and the province it
    lies in ("a base in X in the Y region") names its place as much as one naming a known town, though the
    event is coded to the province: a one-line report of it, with its day, stands as a report like one placed
    in a known town (``_strong_enough``). A village whose province comes from elsewhere in the story (a
    dateline's town) does not."""
    return geo_precision == 1 or (village is not None and province_named)


def _names_place_example(text: str) -> bool:
    precision, village, province = (x.strip() for x in text.split("|"))
    return names_its_place(int(precision), None if village == "-" else village, province != "-")


PLACES_VILLAGE_NAMES_ITS_PLACE = register(
    "PLACES-VILLAGE-NAMES-ITS-PLACE",
    stage="places",
    reason="a sentence naming a village the gazetteer lacks and its province names its own place, as one naming a known town does",
    positive=["1 | - | -", "3 | Zarovka | Upper Vale"],
    negative=["3 | - | Upper Vale", "3 | Zarovka | -", "2 | - | -"],
    check=_names_place_example,
)
