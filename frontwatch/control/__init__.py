"""Who holds each town over time: dated control changes derived from events and their claims.

Rules (one event at one town gives at most one status):

* a non-state actor overtaking a town gives that actor's name; if a source denies the fall
  outright or says the government holds or retook the whole town, or the report itself says the
  fight for the town goes on, the town is ``contested``; if the only word of the capture is the
  attacker's own claim, it is ``unconfirmed``;
* a government's statement that it holds part of the town or is still fighting for it does not
  make the town ``contested``: it is a control conflict on the event (``cluster.conflicts``)
  beside the capturer's status (CONTROL-PARTIAL-IS-CONFLICT, docs/decisions.md);
* words of ongoing fighting count only in sentences about the current event, not in history
  ("the town had been besieged for months in 2019") (CONTROL-STILL-FIGHTING-CURRENT);
* government forces regaining territory give ``government`` (``contested`` when someone
  denies it);
* fighting inside a town with no change of hands gives ``contested``; fighting only near it
  (geo_precision 2, "an ambush near X") gives nothing (CONTROL-NEAR-NOT-INSIDE);
* a non-violent transfer gives the receiving side.

A place's timeline keeps a row each time its status changes, so a fall and a recapture a
day later are two rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from frontwatch.claims.direction import control_direction, control_extent
from frontwatch.control.rules import near_not_inside, still_fighting_now
from frontwatch.model import Claim, ControlChange, Event, Span

_TOWN_FEATURES = ("city", "airport")
# A state actor's inter code; anything else that takes a town is named in the status.
_STATE = (1,)


def _independent(c: Claim) -> bool:
    return c.source_type not in ("belligerent",) and c.stance != "self_report"


def status_of(event: Event) -> str | None:
    if event.place.feature not in _TOWN_FEATURES or event.geo_precision > 2:
        return None
    if near_not_inside(event.sub_event_type, event.event_type, event.geo_precision):
        return None  # CONTROL-NEAR-NOT-INSIDE: "an ambush near X" leaves X's holder as it was
    sub = event.sub_event_type
    control_claims = [c for c in event.claims if c.topic == "control" or control_direction(c) is not None]
    directions = [control_direction(c) for c in control_claims]
    # CONTROL-PARTIAL-IS-CONFLICT: "we still hold a few neighbourhoods" is a conflict, not a denial
    gov_says = any(
        d == "government" and control_extent(c) != "partial" for c, d in zip(control_claims, directions, strict=True)
    )
    attacker_says = "attacker" in directions
    denied = any(c.stance == "deny" and c.verb.lower().startswith("den") for c in control_claims)
    actor = event.actor1
    still_fighting = any(still_fighting_now(r.text) for r in event.reports)
    if sub == "Non-state actor overtakes territory":
        if gov_says or denied or still_fighting:
            return "contested"
        if actor is None or actor.inter in _STATE:
            return "contested"
        attacker_claims = [c for c in control_claims if control_direction(c) == "attacker"]
        narrated = len(event.evidence.get("event_type", [])) > len(attacker_claims)
        if attacker_claims and not narrated and not any(_independent(c) for c in attacker_claims):
            return "unconfirmed"
        return actor.name
    if sub == "Government regains territory":
        if denied:
            return "contested"
        return "government"
    if sub == "Non-violent transfer of territory":
        if actor is None or actor.inter in _STATE:
            return "government"
        return actor.name
    if event.event_type == "Battles":
        if attacker_says and not gov_says and actor is not None and actor.inter not in _STATE:
            if all(not _independent(c) for c in control_claims if control_direction(c) == "attacker"):
                return "contested"  # the attacker claims the town while the fighting goes on
        return "contested"
    return None


def change_of(event: Event) -> ControlChange | None:
    """The control status this one event gives its place, or None.

    Stored per event (``event_control``) when the event is written, so a place's timeline is
    rebuilt from these small rows without reading its events and their reports again.
    """
    status = status_of(event)
    if status is None:
        return None
    sources = list(
        dict.fromkeys([*(f"{c.source} ({c.outlet})" for c in event.claims if c.topic == "control"), *event.sources])
    )
    evidence: list[Span] = []
    for key in ("event_type", "location"):
        for s in event.evidence.get(key, []):
            if s not in evidence:
                evidence.append(s)
    return ControlChange(
        place=event.place,
        day=event.event_date,
        status=status,
        sources=sources,
        evidence=evidence,
        event_id=event.event_id,
        precision=event.time_precision,
    )


def compress(changes: Sequence[ControlChange]) -> list[ControlChange]:
    """A place's timeline from its events' own changes: a row each time the status changes.

    ``changes`` may come in any order; they are read oldest first (day, then event id).
    """
    rows: list[ControlChange] = []
    for change in sorted(changes, key=lambda c: (c.day, c.event_id or "")):
        if rows and rows[-1].status == change.status:
            # the same status again: keep the first date, add the new sources
            last = rows[-1]
            last.sources.extend(s for s in change.sources if s not in last.sources)
            continue
        rows.append(
            ControlChange(
                place=change.place,
                day=change.day,
                status=change.status,
                sources=list(change.sources),
                evidence=list(change.evidence),
                event_id=change.event_id,
                precision=change.precision,
            )
        )
    return rows


def timeline(events: Sequence[Event]) -> list[ControlChange]:
    """The dated status changes at one place, oldest first."""
    return compress([c for c in (change_of(e) for e in events) if c is not None])
