"""The one typed data model every stage reads and writes.

Stdlib only. Stages receive and return these dataclasses; nothing here knows about
files, HTTP or the database. Character offsets are Python code-point offsets into
``Article.text`` (end exclusive), so ``article.text[span.start:span.end]`` is the
evidence a field came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# ACLED's six event types and 25 sub-event types, in ACLED's precedence order
# (a higher row wins when one event combines several tactics; acled-facts.md §2).
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
    ),
    "Protests": (
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
SUB_EVENT_TYPES: dict[str, str] = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}

# Report classes that are not ACLED events (CASE 2021 Task 2 "unseen" types): recognised
# so that a report of a crime, a disaster or diplomacy never becomes a violent event.
NON_EVENT_LABELS: tuple[str, ...] = (
    "Organized crime",
    "Natural disaster",
    "Man-made disaster",
    "Diplomatic event",
    "Attribution of responsibility",
)

# ACLED inter codes (acled-facts.md §3).
INTER_NAMES: dict[int, str] = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

CLAIM_TOPICS: tuple[str, ...] = ("fatalities", "prisoners_freed", "control", "damage", "other")
SOURCE_TYPES: tuple[str, ...] = (
    "belligerent",
    "government",
    "international_force",
    "independent_official",
    "local_source",
    "witness",
    "journalist",
    "unknown",
)
# EventDate.text of a report the article does not date: coded to its publication day
UNDATED = "(publication date)"


@dataclass(frozen=True)
class Span:
    """Evidence: a character span of one article's text."""

    article_id: str
    start: int
    end: int


@dataclass
class Article:
    id: str
    text: str
    published: date | None = None
    outlet: str = "unknown"
    language: str = "en"
    url: str | None = None
    title: str | None = None
    extractor: str = "plain"  # which reader produced the text (jsonl, txt, trafilatura, feedparser, ...)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.article_id, self.start, self.end)


@dataclass(frozen=True)
class Place:
    """A gazetteer entry (GeoNames where it has one)."""

    name: str
    lat: float
    lon: float
    geonameid: int | None = None
    feature: str = "city"  # country | admin1 | admin2 | city | airport | region
    country_code: str | None = None  # ISO 3166-1 alpha-2
    country: str | None = None  # country name
    admin1: str | None = None  # province / state name
    admin2: str | None = None
    population: int = 0


@dataclass(frozen=True)
class Toponym:
    """A place name found in text, resolved (or not) to a Place."""

    start: int
    end: int
    name: str
    place: Place | None = None
    # how the text frames it: "city" ("the city of X"), "province" ("X province"), "near", ...
    cue: str | None = None
    # the airport the text names with this town ("X airport", "the airport of X"): where an event there
    # happened (frontwatch.geo.airports); ``place`` stays the town the name itself means
    facility: Place | None = None


@dataclass(frozen=True)
class EventDate:
    """An event date with ACLED's time_precision (1 day, 2 week/range, 3 month)."""

    day: date  # the day coded (the middle of a range, per ACLED)
    precision: int = 1
    earliest: date | None = None
    latest: date | None = None
    text: str = ""
    start: int | None = None  # offsets of the phrase in the sentence/article when known
    end: int | None = None


@dataclass(frozen=True)
class Count:
    """A number of people with its wording: 'more than 40' -> low 41, best 41, high None."""

    low: int | None
    best: int | None
    high: int | None
    text: str
    kind: str  # killed | wounded | freed | captured | displaced | other
    start: int
    end: int
    side: str | None = None  # whose dead, where the text says (e.g. "soldiers", "civilians")


@dataclass(frozen=True)
class Actor:
    name: str
    inter: int | None = None  # ACLED inter code 1-8, None when unknown
    key: str | None = None  # canonical id in the actor data file
    country_code: str | None = None


@dataclass
class Mention:
    """Something a stage found in one sentence of one article."""

    article_id: str
    start: int
    end: int
    text: str
    kind: str  # place | actor | date | count | trigger | source
    sentence_index: int = 0


@dataclass
class Claim:
    """An attributed statement: who says what, about which topic, with which value."""

    source: str
    text: str
    topic: str = "other"
    value: int | None = None
    article_id: str = ""
    start: int = 0
    end: int = 0
    source_type: str = "unknown"
    outlet: str = ""
    verb: str = ""
    stance: str = (
        "assert"  # assert | deny | self_report (a party about its own success) | dispute (answers another clause)
    )
    published: date | None = None
    language: str = "en"  # the language of the article the claim was read in (ISO 639-1)
    translation: str = ""  # the English machine translation of ``text``, where one was made


@dataclass
class Conflict:
    topic: str
    values: list[str]
    sources: list[str]


@dataclass
class Report:
    """One article's account of one event: what the article-level stages assembled.

    Reports from several articles are merged into one Event by the cluster stage.
    """

    article_id: str
    event_date: EventDate
    event_type: str
    sub_event_type: str
    place: Place
    geo_precision: int = 1
    actor1: Actor | None = None
    actor2: Actor | None = None
    fatalities: Count | None = None
    claims: list[Claim] = field(default_factory=list)
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    text: str = ""  # the anchor sentence(s), for similarity
    outlet: str = ""
    published: date | None = None
    report_id: str = ""
    language: str = "en"  # the language of the article (ISO 639-1): cross-language linking reads it
    # what the notes say of the place beyond the coded one: "X (not in the gazetteer)", "at X Airport"
    place_notes: list[str] = field(default_factory=list)


@dataclass
class Event:
    """An event as exported: ACLED's columns plus provenance."""

    event_id: str
    event_date: date
    time_precision: int
    event_type: str
    sub_event_type: str
    place: Place
    geo_precision: int
    actor1: Actor | None
    actor2: Actor | None
    fatalities: int
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    notes: str = ""
    sources: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    merge_reasons: list[str] = field(default_factory=list)


@dataclass
class ControlChange:
    place: Place
    day: date
    status: str  # government | contested | unconfirmed | the named non-state actor
    sources: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    event_id: str | None = None
    precision: int = 1


def event_type_of(sub_event_type: str) -> str:
    """The ACLED event type a sub-event type belongs to."""
    return SUB_EVENT_TYPES[sub_event_type]
