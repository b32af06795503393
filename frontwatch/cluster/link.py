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

from frontwatch.geo.normalize import name_key
from frontwatch.model import UNDATED, Actor, Event, Report

# Reports of one event are written over a few days and their relative dates ("on Sunday",
# "yesterday") resolve to days that may differ by one; two days covers a report that dates
# the formal announcement rather than the fighting (the dedup burst, bench/RESULTS.md).
WINDOW_DAYS = 2

# Families of ACLED event types that different outlets use for one incident (a raid reported
# as a clash by one and as an attack on civilians by another).
_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
_CROWD = {"Protests", "Riots"}


@dataclass(frozen=True)
class LinkDecision:
    event_id: str | None  # None: the report starts a new event
    reason: str


def _types_compatible(a: str, b: str) -> bool:
    return a == b or (a in _VIOLENT and b in _VIOLENT) or (a in _CROWD and b in _CROWD)


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
    ("in Khanabad" and "the Khanabad district centre")."""
    a, b = r.place, e.place
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.geonameid is not None and b.geonameid is not None and "admin2" not in (a.feature, b.feature):
        return False
    return a.country_code == b.country_code and a.admin1 == b.admin1 and name_key(a.name) == name_key(b.name)


def _cross_language(report: Report, e: Event) -> bool:
    """A report in another language than the event's that reads as the same incident
    (frontwatch.lang.linking; loaded only when the languages differ)."""
    if all(r.language == report.language for r in e.reports):
        return False
    from frontwatch.lang.linking import cross_language_match

    return cross_language_match(report, e)


def link(report: Report, candidates: Sequence[Event]) -> LinkDecision:
    """Which of the blocked candidate events the report describes, if any, and why."""
    scored: list[tuple[tuple[int, int, int], Event, str]] = []
    for e in candidates:
        if any(x.article_id == report.article_id for x in e.reports):
            continue  # an article's own reports were kept apart on purpose
        if not _same_place(report, e):
            province_level = report.geo_precision == 3 or e.geo_precision == 3
            if not (province_level and report.place.admin1 and report.place.admin1 == e.place.admin1):
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
        if not _types_compatible(report.event_type, e.event_type):
            continue
        undated = report.event_date.text == UNDATED or any(r.event_date.text == UNDATED for r in e.reports)
        if gap >= 1 and report.sub_event_type != e.sub_event_type:
            # an air strike three days after a bombing at the same airport is another event; a
            # battle reported as a clash and as a capture is one, and so is a report dated only
            # by its publication a day late
            if not (report.event_type == e.event_type == "Battles" or (undated and gap == 1)):
                if not _cross_language(report, e):
                    continue
        if _actors_contradict(report, e) and not _cross_language(report, e):
            continue
        same_sub = report.sub_event_type == e.sub_event_type
        key = (gap, 0 if same_sub else 1, 0 if _same_place(report, e) else 1)
        why = (
            f"same place ({e.place.name}), {gap} day(s) apart, "
            f"types {report.sub_event_type} / {e.sub_event_type}, actors compatible"
        )
        scored.append((key, e, why))
    if not scored:
        return LinkDecision(None, "no stored event at this place within the date window with a compatible type")
    scored.sort(key=lambda x: x[0])
    _, best, why = scored[0]
    return LinkDecision(best.event_id, why)
