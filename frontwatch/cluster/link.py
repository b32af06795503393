"""Same-event linking: blocking by place and date window, then a decision with reasons.

Blocking (done by the store query) keeps only events at the same GeoNames place, or in the
same province when one side is only located to the province, within ``WINDOW_DAYS``.
The decision then requires compatible event types and no contradiction between named
actors. A report never joins another city's event, nor the same city's event in another
year: neither survives blocking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from frontwatch.geo.airports import airport_and_town
from frontwatch.geo.normalize import name_key
from frontwatch.model import SUB_EVENT_TYPES, UNDATED, Actor, Event, Place, Report
from frontwatch.rulebook import register

# Reports of one event are written over a few days and their relative dates ("on Sunday",
# "yesterday") resolve to days that may differ by one; two days covers a report that dates
# the formal announcement rather than the fighting (the dedup burst, bench/RESULTS.md).
WINDOW_DAYS = 2

# Families of ACLED event types that different outlets use for one incident (a raid reported
# as a clash by one and as an attack on civilians by another).
_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
_CROWD = {"Protests", "Riots"}
# a change of hands one outlet reports as a hand-over and another as a capture is one event
CONTROL_FAMILY = frozenset(
    {"Non-violent transfer of territory", "Non-state actor overtakes territory", "Government regains territory"}
)

LINK_TYPE_FAMILY = register(
    "LINK-TYPE-FAMILY",
    stage="link",
    reason="outlets code one incident with different types of one family (violence, crowds, changes of control)",
    positive=[
        "Armed clash / Attack",
        "Peaceful protest / Violent demonstration",
        "Non-violent transfer of territory / Government regains territory",
    ],
    negative=["Peaceful protest / Air/drone strike", "Agreement / Armed clash"],
    check=lambda t: _subs_compatible(*t.split(" / ")),
)
LINK_ARTICLE_MATES_APART = register(
    "LINK-ARTICLE-MATES-APART",
    stage="link",
    reason="an article that describes two incidents at one place separated them on purpose",
    positive=["a#0 / a#1"],
    negative=["a#0 / b#0"],
    check=lambda t: t.split(" / ")[0].split("#")[0] == t.split(" / ")[1].split("#")[0],
)
LINK_OTHER_DAY_OTHER_SUBTYPE = register(
    "LINK-OTHER-DAY-OTHER-SUBTYPE",
    stage="link",
    reason="a different sub-type on another day is another incident, except within battles, changes of control or a publication-dated report",
    positive=["1 / Air/drone strike / Remote explosive/landmine/IED"],
    negative=[
        "0 / Air/drone strike / Remote explosive/landmine/IED",
        "1 / Armed clash / Non-state actor overtakes territory",
    ],
    check=lambda t: _other_day_other_sub(int(t.split(" / ")[0]), t.split(" / ")[1], t.split(" / ")[2], undated=False),
)
LINK_ACTORS_CONTRADICT = register(
    "LINK-ACTORS-CONTRADICT",
    stage="link",
    reason="two reports naming different acting groups (not the same pair seen from the other side) are two events",
    positive=["Taliban / Islamic State"],
    negative=["Taliban / Taliban", "Taliban / unidentified"],
    check=lambda t: len({x for x in t.split(" / ") if x != "unidentified"}) == 2,
)
LINK_ONE_FALL = register(
    "LINK-ONE-FALL",
    stage="link",
    reason="a town falls once: two changes of control there within the window against the same defender's "
    "country are one capture, whichever allied unit each source credits",
    positive=["Non-state actor overtakes territory / Government regains territory / RU / RU"],
    negative=[
        "Non-state actor overtakes territory / Government regains territory / RU / XA",
        "Attack / Armed clash / RU / RU",
    ],
    check=lambda t: _one_fall(*t.split(" / ")),
)


def _one_fall(sub_a: str, sub_b: str, defender_a: str | None, defender_b: str | None) -> bool:
    """LINK-ONE-FALL: both reports tell a change of control and name defenders of one country."""
    if sub_a not in CONTROL_FAMILY or sub_b not in CONTROL_FAMILY:
        return False
    return defender_a is not None and defender_a == defender_b


LINK_CROWD_CLASH = register(
    "LINK-CROWD-CLASH",
    stage="link",
    reason="a same-day clash of state forces with an unnamed armed group where security forces met a crowd "
    "is that crowd event told as a clash",
    positive=["Armed clash / Excessive force against protesters / 0 / unnamed"],
    negative=[
        "Armed clash / Excessive force against protesters / 1 / unnamed",
        "Armed clash / Excessive force against protesters / 0 / named",
        "Air/drone strike / Peaceful protest / 0 / unnamed",
    ],
    check=lambda t: _crowd_clash_example(*t.split(" / ")),
)


def _crowd_clash_example(sub_a: str, sub_b: str, gap: str, named: str) -> bool:
    return _crowd_clash(sub_a, sub_b, int(gap), unnamed=named == "unnamed")


def _crowd_clash(sub_a: str, sub_b: str, gap: int, *, unnamed: bool) -> bool:
    """LINK-CROWD-CLASH: one report an armed clash whose only armed opponent of the state is
    unnamed, the other a crowd event, on one day: outlets call a deadly riot "clashes"."""
    subs = {sub_a, sub_b}
    crowd = [x for x in subs if SUB_EVENT_TYPES[x] in _CROWD]
    return gap == 0 and "Armed clash" in subs and len(crowd) == 1 and unnamed


def _state_against_unnamed(a1: Actor | None, a2: Actor | None) -> bool:
    """State forces on one side and no named group on the other."""
    sides = [a1, a2]
    state = [a for a in sides if a is not None and a.inter == 1]
    other = [a for a in sides if a not in state]
    return len(state) == 1 and all(_named(a) is None for a in other)


LINK_PUBLICATION_DAY_NOT_EARLY = register(
    "LINK-PUBLICATION-DAY-NOT-EARLY",
    stage="link",
    reason="a report dated only by its publication may be a day late, never early: "
    "an article cannot tell an event of the next day",
    positive=["undated 2031-05-14 / dated 2031-05-13"],
    negative=["undated 2031-05-12 / dated 2031-05-13", "dated 2031-05-14 / dated 2031-05-13"],
    check=lambda t: _late_undated(*(p.split(" ") for p in t.split(" / "))),
)


def _late_undated(a: list[str], b: list[str]) -> bool:
    """Whether side ``a`` is dated by its publication and falls after side ``b`` (rule examples)."""
    return a[0] == "undated" and a[1] > b[1]


def _late_by_publication(r: Report, e: Event) -> bool:
    """LINK-PUBLICATION-DAY-NOT-EARLY: the publication-day exemption of
    LINK-OTHER-DAY-OTHER-SUBTYPE holds only where the undated side is the later one."""
    if r.event_date.text == UNDATED:
        return r.event_date.day >= e.event_date  # an undated report before the event cannot be late
    return any(x.event_date.text == UNDATED and x.event_date.day >= r.event_date.day for x in e.reports)


@dataclass(frozen=True)
class LinkDecision:
    event_id: str | None  # None: the report starts a new event
    reason: str


def _types_compatible(a: str, b: str) -> bool:
    return a == b or (a in _VIOLENT and b in _VIOLENT) or (a in _CROWD and b in _CROWD)


def _subs_compatible(sub_a: str, sub_b: str) -> bool:
    """LINK-TYPE-FAMILY on sub-event types: one event type family, or both changes of control."""
    if sub_a in CONTROL_FAMILY and sub_b in CONTROL_FAMILY:
        return True
    return _types_compatible(SUB_EVENT_TYPES[sub_a], SUB_EVENT_TYPES[sub_b])


def _other_day_other_sub(gap: int, sub_a: str, sub_b: str, *, undated: bool) -> bool:
    """LINK-OTHER-DAY-OTHER-SUBTYPE: an air strike three days after a bombing at the same airport
    is another event; a battle reported as a clash and as a capture is one, and so is a report
    dated only by its publication a day late."""
    if gap < 1 or sub_a == sub_b:
        return False
    if SUB_EVENT_TYPES[sub_a] == SUB_EVENT_TYPES[sub_b] == "Battles":
        return False
    if sub_a in CONTROL_FAMILY and sub_b in CONTROL_FAMILY:
        return False
    return not (undated and gap == 1)


def _named(a: Actor | None) -> str | None:
    if a is None or a.inter in (7, None) or a.name.lower().startswith("unidentified"):
        return None
    return a.key or a.name


def _actors_contradict(r: Report, e: Event) -> bool:
    """Both sides name who acted, and the names are different groups."""
    r1, e1 = _named(r.actor1), _named(e.actor1)
    if r1 is None or e1 is None or r1 == e1:
        return False
    others = {_named(e.actor2)}
    if r1 in others or e1 == _named(r.actor2):
        return False  # the same pair seen from the other side
    return True


def _day_gap(r: Report, e: Event) -> int:
    return abs((r.event_date.day - e.event_date).days)


def _same_place(r: Report, e: Event) -> bool:
    """The same GeoNames entry, or a town and the district of the same name in one province
    ("in Khanabad" and "the Khanabad district centre"), or an airport and its town."""
    a, b = r.place, e.place
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if airport_and_town(a, b):
        return True  # LINK-AIRPORT-TOWN
    if a.geonameid is not None and b.geonameid is not None and "admin2" not in (a.feature, b.feature):
        return False
    return a.country_code == b.country_code and a.admin1 == b.admin1 and name_key(a.name) == name_key(b.name)


def district_and_town(a: Place, b: Place) -> bool:
    """Rule LINK-DISTRICT-TOWN: one report placed only at a second-level area ("in Northern Samar province",
    "Baramulla district") and the other at a town inside it: one place for linking, as a province-level
    report joins an event in its province."""
    for area, town in ((a, b), (b, a)):
        if area.feature != "admin2" or town.feature not in ("city", "airport") or not town.admin2:
            continue
        if area.country_code == town.country_code and area.admin1 == town.admin1:
            if name_key(area.name) == name_key(town.admin2):
                return True
    return False


def _district_check(text: str) -> bool:
    from frontwatch.model import Place

    def place(spec: str) -> Place:
        name, feature, admin2 = spec.split(":")
        return Place(name=name, lat=0.0, lon=0.0, feature=feature, country_code="ZZ", admin1="North", admin2=admin2)

    first, second = text.split(" / ")
    return district_and_town(place(first), place(second))


LINK_DISTRICT_TOWN = register(
    "LINK-DISTRICT-TOWN",
    stage="link",
    reason="a report placed only at a district or second-level province joins an event in a town inside it",
    positive=["Zarovka:admin2:Zarovka / Ostrava:city:Zarovka", "Ostrava:city:Zarovka / Zarovka:admin2:Zarovka"],
    negative=["Zarovka:admin2:Zarovka / Ostrava:city:Belmir", "Ostrava:city:Zarovka / Belmir:city:Zarovka"],
    check=_district_check,
)


def _cross_language(report: Report, e: Event) -> bool:
    """A report in another language than the event's that reads as the same incident
    (frontwatch.lang.linking; loaded only when the languages differ)."""
    if all(r.language == report.language for r in e.reports):
        return False
    from frontwatch.lang.linking import cross_language_match

    return cross_language_match(report, e)


def _rules_note(fired: Sequence[str]) -> str:
    """The ids of the rules behind a decision, as stored in the event's merge reasons."""
    return f" [rules: {', '.join(fired)}]" if fired else ""


def link(report: Report, candidates: Sequence[Event]) -> LinkDecision:
    """Which of the blocked candidate events the report describes, if any, and why."""
    scored: list[tuple[tuple[int, int, int], Event, str]] = []
    kept_apart_by: list[str] = []  # the rules that turned a blocked candidate away
    for e in candidates:
        if any(x.article_id == report.article_id for x in e.reports):
            kept_apart_by.append(LINK_ARTICLE_MATES_APART)
            continue  # an article's own reports were kept apart on purpose
        if not _same_place(report, e):
            province_level = report.geo_precision == 3 or e.geo_precision == 3
            if not (province_level and report.place.admin1 and report.place.admin1 == e.place.admin1):
                if not district_and_town(report.place, e.place):  # LINK-DISTRICT-TOWN
                    continue
        gap = _day_gap(report, e)
        month_level = report.event_date.precision == 3 or e.time_precision == 3
        if month_level:
            if (report.event_date.day.year, report.event_date.day.month) != (e.event_date.year, e.event_date.month):
                continue
            if report.event_date.precision != e.time_precision and report.sub_event_type != e.sub_event_type:
                continue  # a month-long background mention joins only the same kind of incident
        elif gap > WINDOW_DAYS:
            continue
        crowd_clash = False
        if not _subs_compatible(report.sub_event_type, e.sub_event_type):
            battle_actors = (report.actor1, report.actor2)
            if e.sub_event_type == "Armed clash":
                battle_actors = (e.actor1, e.actor2)
            crowd_clash = _crowd_clash(
                report.sub_event_type, e.sub_event_type, gap, unnamed=_state_against_unnamed(*battle_actors)
            )
            if not crowd_clash:
                kept_apart_by.append(LINK_TYPE_FAMILY)
                continue
        undated = _late_by_publication(report, e)
        if _other_day_other_sub(gap, report.sub_event_type, e.sub_event_type, undated=undated):
            if not _cross_language(report, e):
                kept_apart_by.append(LINK_OTHER_DAY_OTHER_SUBTYPE)
                continue
        one_fall = _one_fall(
            report.sub_event_type,
            e.sub_event_type,
            report.actor2.country_code if report.actor2 else None,
            e.actor2.country_code if e.actor2 else None,
        )
        if _actors_contradict(report, e) and not (one_fall or crowd_clash) and not _cross_language(report, e):
            kept_apart_by.append(LINK_ACTORS_CONTRADICT)
            continue
        same_sub = report.sub_event_type == e.sub_event_type
        key = (gap, 0 if same_sub else 1, 0 if _same_place(report, e) else 1)
        fired = [LINK_TYPE_FAMILY] if not same_sub else []
        if crowd_clash:
            fired.append(LINK_CROWD_CLASH)
        if one_fall and _actors_contradict(report, e):
            fired.append(LINK_ONE_FALL)
        if not _same_place(report, e) and district_and_town(report.place, e.place):
            fired.append(LINK_DISTRICT_TOWN)
        why = (
            f"same place ({e.place.name}), {gap} day(s) apart, "
            f"types {report.sub_event_type} / {e.sub_event_type}, actors compatible{_rules_note(fired)}"
        )
        scored.append((key, e, why))
    if not scored:
        return LinkDecision(
            None,
            "no stored event at this place within the date window with a compatible type"
            + _rules_note(list(dict.fromkeys(kept_apart_by))),
        )
    scored.sort(key=lambda x: x[0])
    _, best, why = scored[0]
    return LinkDecision(best.event_id, why)
