"""An event's fields, rebuilt from all the reports that describe it.

ACLED's conventions decide: the lowest credible fatality figure (the range beside it), the
highest-precedence type when reports agree equally, the most precise date and place.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from datetime import date

from frontwatch.cluster.conflicts import HAS_NUMBER, conflicts_of, date_conflicts
from frontwatch.cluster.link import CONTROL_FAMILY
from frontwatch.model import EVENT_TYPES, SUB_EVENT_TYPES, UNDATED, Claim, Event, Report, Span
from frontwatch.numbers.lexicon import REVISED_BEFORE, REVISING_VERBS, states_revised_toll, war_wide
from frontwatch.rulebook import register

_PRECEDENCE = {sub: i for i, sub in enumerate(s for subs in EVENT_TYPES.values() for s in subs)}
_NON_STATE_DEEDS = {
    "Suicide bomb",
    "Remote explosive/landmine/IED",
    "Non-state actor overtakes territory",
    "Abduction/forced disappearance",
}


def event_id_for(report: Report) -> str:
    """A stable id for the event a report starts (same input -> same id: ingest is idempotent)."""
    h = hashlib.sha1(report.report_id.encode("utf-8")).hexdigest()[:12]
    cc = (report.place.country_code or "XX").upper()
    return f"{cc}-{h}"


def merge(event_id: str, reports: Sequence[Report], *, reasons: Sequence[str] = ()) -> Event:
    if not reports:
        raise ValueError("an event needs at least one report")
    reports = sorted(reports, key=lambda r: r.report_id)
    notes: list[str] = []
    # date: the day most reports agree on, at the best precision given; a day a report states
    # beats one it only took from its publication date (MERGE-DATE-STATED)
    best_prec = min(r.event_date.precision for r in reports)
    day = _chosen_day(reports, best_prec, notes)
    # place: the most precise, then the most reported
    best_geo = min(r.geo_precision for r in reports)
    places = Counter(r.place for r in reports if r.geo_precision == best_geo)
    place = places.most_common(1)[0][0]
    sub = _chosen_sub(reports, notes)
    a1s = Counter(r.actor1 for r in reports if r.actor1 is not None)
    if sub in _NON_STATE_DEEDS and any(a.inter not in (1, 8) for a in a1s):
        # a bombing or a massacre is the armed group's act even where one outlet names only the
        # troops who were hit
        a1s = Counter({a: n for a, n in a1s.items() if a.inter not in (1, 8)})
    actor1 = max(a1s, key=lambda a: (a1s[a], a.inter is not None)) if a1s else None
    a2s = Counter(r.actor2 for r in reports if r.actor2 is not None and r.actor2 != actor1)
    actor2 = max(a2s, key=lambda a: (a2s[a], a.inter is not None)) if a2s else None
    if actor2 is None:
        others = Counter(r.actor1 for r in reports if r.actor1 is not None and r.actor1 != actor1)
        actor2 = others.most_common(1)[0][0] if others else None
    tolled = [r for r in reports if r.fatalities is not None]
    stated = [r for r in tolled if r.fatalities and HAS_NUMBER.search(r.fatalities.text)]
    # a report that only implies deaths ("a suicide bomber", "several dead") is no rival to a
    # report's stated toll: ACLED's lowest figure is taken among stated tolls when there are any
    counts = [r.fatalities for r in _after_revision(stated or tolled, notes) if r.fatalities is not None]
    lows: list[int] = [x for x in (c.low if c.low is not None else c.best for c in counts) if x is not None]
    highs: list[int] = [x for x in (c.high if c.high is not None else c.best for c in counts) if x is not None]
    fatalities = min(lows) if lows else 0
    claims = _unique_claims(c for r in reports for c in r.claims)
    # the sources' figures and words disagree (claims), and their days (CLAIMS-DATE-APART: a day
    # apart is often a time zone, so it is shown, not resolved)
    conflicts = conflicts_of(claims) + date_conflicts(reports)
    evidence: dict[str, list[Span]] = {}
    for r in reports:
        for k, spans in r.evidence.items():
            bucket = evidence.setdefault(k, [])
            bucket.extend(s for s in spans if s not in bucket)
    article_ids = sorted({r.article_id for r in reports})
    sources = list(dict.fromkeys(r.outlet for r in reports if r.outlet))
    event = Event(
        event_id=event_id,
        event_date=day,
        time_precision=best_prec,
        event_type=SUB_EVENT_TYPES[sub],
        sub_event_type=sub,
        place=place,
        geo_precision=best_geo,
        actor1=actor1,
        actor2=actor2,
        fatalities=fatalities,
        fatalities_low=min(lows) if lows else None,
        fatalities_high=max(highs) if highs else None,
        sources=sources,
        article_ids=article_ids,
        claims=claims,
        conflicts=conflicts,
        evidence=evidence,
        reports=list(reports),
        merge_reasons=[r for r in reasons if not r.startswith("MERGE-")] + notes,
    )
    event.notes = notes_for(event)
    return event


def _chosen_day(reports: Sequence[Report], best_prec: int, notes: list[str]) -> date:
    """MERGE-DATE-STATED: the day most reports state at the best precision, a stated day before
    one taken from a publication date, then the earliest; the other days are recorded."""
    days = Counter(r.event_date.day for r in reports if r.event_date.precision == best_prec)
    stated = {r.event_date.day for r in reports if r.event_date.precision == best_prec and r.event_date.text != UNDATED}
    day = max(days, key=lambda d: (d in stated, days[d], -d.toordinal()))
    if len(days) > 1:
        others = ", ".join(str(d) for d in sorted(days) if d != day)
        notes.append(f"{MERGE_DATE_STATED}: {day} chosen; alternative {others}")
    return day


def _check_day(text: str) -> bool:
    from frontwatch.model import EventDate, Place

    place = Place(name="Zarovka", lat=0.0, lon=0.0)
    reports = []
    for n, part in enumerate(text.split(" + ")):
        how, _, iso = part.partition(" ")
        d = date.fromisoformat(iso)
        ev = EventDate(d, 1, d, d, UNDATED if how == "undated" else "on Monday")
        reports.append(Report(f"a{n}", ev, "Battles", "Armed clash", place, report_id=f"a{n}#0"))
    return _chosen_day(reports, 1, []) == date(2031, 5, 13)


def _anchors(r: Report) -> int:
    return len(r.evidence.get("event_type", []))


def _chosen_sub(reports: Sequence[Report], notes: list[str]) -> str:
    """The sub-event type of merged reports, with the alternative recorded in ``notes``.

    Changes of control reported differently (a hand-over and a capture) take ACLED's precedence
    (MERGE-CONTROL-PRECEDENCE); otherwise the type most reports give, then the one of the
    report with the strongest anchors (most sentences telling it), then precedence
    (MERGE-SUBTYPE-STRONGEST).
    """
    subs = Counter(r.sub_event_type for r in reports)
    if len(subs) == 1:
        return next(iter(subs))
    if set(subs) <= CONTROL_FAMILY:
        sub = min(subs, key=lambda s: _PRECEDENCE.get(s, 99))
        rule = MERGE_CONTROL_PRECEDENCE
    else:
        strength = {s: max(_anchors(r) for r in reports if r.sub_event_type == s) for s in subs}
        sub = max(subs, key=lambda s: (subs[s], strength[s], -_PRECEDENCE.get(s, 99)))
        rule = MERGE_SUBTYPE_STRONGEST
    notes.append(f"{rule}: {sub} chosen; alternative {', '.join(sorted(s for s in subs if s != sub))}")
    return sub


def _check_sub(text: str) -> str:
    from frontwatch.model import EventDate, Place

    place = Place(name="Zarovka", lat=0.0, lon=0.0)
    reports = []
    for n, part in enumerate(text.split(" + ")):
        sub, _, anchors = part.partition(" x")
        day = date(2031, 5, 14)
        r = Report(
            article_id=f"a{n}",
            report_id=f"a{n}#0",
            event_date=EventDate(day, 1, day, day, "on Monday"),
            event_type=SUB_EVENT_TYPES[sub],
            sub_event_type=sub,
            place=place,
            evidence={"event_type": [Span(f"a{n}", i, i + 1) for i in range(int(anchors or 1))]},
        )
        reports.append(r)
    return _chosen_sub(reports, [])


MERGE_CONTROL_PRECEDENCE = register(
    "MERGE-CONTROL-PRECEDENCE",
    stage="merge",
    reason="a change of control reported as a hand-over and as a capture is coded by ACLED precedence, the other kept as alternative",
    positive=["Non-violent transfer of territory + Government regains territory"],
    negative=["Non-violent transfer of territory x3 + Armed clash"],
    check=lambda t: _check_sub(t) == "Government regains territory",
)
MERGE_SUBTYPE_STRONGEST = register(
    "MERGE-SUBTYPE-STRONGEST",
    stage="merge",
    reason="between equally reported sub-types, the one of the report with the strongest anchors wins, the other kept as alternative",
    positive=["Armed clash x1 + Attack x3"],
    negative=["Armed clash x3 + Attack x1"],
    check=lambda t: _check_sub(t) == "Attack",
)
MERGE_DATE_STATED = register(
    "MERGE-DATE-STATED",
    stage="merge",
    reason="a day a report states beats a day another report only took from its publication date; the other is kept as alternative",
    positive=["undated 2031-05-12 + stated 2031-05-13"],
    negative=["undated 2031-05-12 + undated 2031-05-13", "stated 2031-05-12 + undated 2031-05-13"],
    check=_check_day,
)


def _after_revision(reports: Sequence[Report], notes: list[str]) -> list[Report]:
    """MERGE-LATER-REVISED-TOLL: where a report states its figure as a revised toll ("the death toll rose to 35"),
    the figures of reports published before it are replaced, as ACLED revises a toll when better information
    arrives; reports of its day or later still stand beside it, the lowest coded."""
    revised = [r for r in reports if r.published is not None and revises_toll(r)]
    if not revised:
        return list(reports)
    latest = max(r.published for r in revised if r.published is not None)
    kept = [r for r in reports if r.published is None or r.published >= latest]
    replaced = [r for r in reports if r not in kept]
    if replaced:
        earlier = ", ".join(
            f"{r.fatalities.text} ({r.outlet or r.article_id}, {r.published})" for r in replaced if r.fatalities
        )
        notes.append(f"{MERGE_LATER_REVISED_TOLL}: a later revised toll replaces {earlier}")
    return kept


# how far before the figure a revision frame is looked for: its noun, at most 160 characters, and its verb
_LOOKBACK = 240


def revises_toll(report: Report) -> bool:
    """Whether the report's fatality figure is stated as a revision of an earlier toll: in the sentence that holds
    it (a claim's) or in the report's own sentences, "toll ... rose to" before it, or a verb like "raised the toll to";
    in a claim read in another language, the frame in that language's words before the claim's figure ("le bilan
    s'est alourdi à 35"), or in English in the claim's translation. A war's or a period's toll ("the death toll
    from the war has risen to 1,200") revises no event's figure."""
    count = report.fatalities
    if count is None:
        return False
    for c in report.claims:
        if c.topic != "fatalities" or war_wide(c.text, c.language):
            continue
        if c.language == "en" and c.article_id == report.article_id and c.start <= count.start < c.end:
            at = count.start - c.start
            if c.verb in REVISING_VERBS or REVISED_BEFORE.search(c.text, max(0, at - _LOOKBACK), at):
                return True
        elif c.language != "en" and c.value is not None and c.value in (count.best, count.low):
            if states_revised_toll(c.text, c.language, c.value) or states_revised_toll(c.translation, "en", c.value):
                return True
    at = report.text.find(count.text)
    if at < 0 or war_wide(report.text, report.language):
        return False
    return REVISED_BEFORE.search(report.text, max(0, at - _LOOKBACK), at) is not None


def _check_revision(text: str) -> bool:
    """'earlier sentence | later sentence' as two outlets' reports a day apart: whether the later one's figure is coded."""
    from frontwatch.model import EventDate, Place
    from frontwatch.numbers import find_counts

    place = Place(name="Zenda", lat=0.0, lon=0.0)
    reports = []
    for n, sentence in enumerate(text.split(" | ")):
        day = date(2031, 5, 11 + n)  # published a day apart, both about the 11th
        count = next(c for c in find_counts(sentence) if c.kind == "killed")
        ev = EventDate(date(2031, 5, 11), 1, date(2031, 5, 11), date(2031, 5, 11), "on Sunday")
        reports.append(
            Report(
                f"a{n}",
                ev,
                "Explosions/Remote violence",
                "Remote explosive/landmine/IED",
                place,
                fatalities=count,
                text=sentence,
                published=day,
                report_id=f"a{n}#0",
            )
        )
    return merge("XX-check", reports).fatalities == reports[-1].fatalities.best  # type: ignore[union-attr]


MERGE_LATER_REVISED_TOLL = register(
    "MERGE-LATER-REVISED-TOLL",
    stage="merge",
    reason="ACLED codes the lowest figure where sources disagree but revises it when better information arrives: a "
    "later report that states the toll rose (or was revised) to a figure replaces the earlier reports' figures",
    positive=[
        "A car bomb killed 20 people in Zenda on Sunday. | The death toll from Sunday's car bomb in Zenda rose to 35.",
        "A car bomb killed 40 people in Zenda. | The toll from the Zenda car bomb was revised down to 31, the ministry said.",
    ],
    negative=[
        "A car bomb killed 20 people in Zenda on Sunday. | A car bomb killed 35 people in Zenda on Sunday, residents said.",
        "A car bomb killed 20 people in Zenda on Sunday. | The toll road was shut; a car bomb killed 35 people in Zenda.",
        "A car bomb killed 20 people in Zenda on Sunday. | The death toll from the war in the province has risen to 1,200.",
    ],
    check=_check_revision,
)


def _unique_claims(claims: object) -> list[Claim]:
    seen: set[tuple[str, int, int, str]] = set()
    out: list[Claim] = []
    for c in claims:  # type: ignore[attr-defined]
        key = (c.article_id, c.start, c.end, c.source)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def notes_for(e: Event) -> str:
    """An ACLED-style summary: 'On 8 September 2016, ... in X (Admin1, Country). ...'."""
    when = f"{e.event_date.day} {e.event_date:%B %Y}"
    if e.time_precision == 3:
        when = f"{e.event_date:%B %Y}"
    where = e.place.name
    ctx = ", ".join(x for x in (e.place.admin1, e.place.country) if x and x != e.place.name)
    if ctx:
        where += f" ({ctx})"
    who = e.actor1.name if e.actor1 else "an unidentified actor"
    against = f" against {e.actor2.name}" if e.actor2 else ""
    s = f"On {when}, {who}: {e.sub_event_type.lower()}{against} in {where}."
    details = list(dict.fromkeys(n for r in e.reports for n in r.place_notes))
    if details:
        s += f" Place: {'; '.join(details)}."  # PLACES-UNKNOWN-VILLAGE, PLACES-AIRPORT
    if e.geo_precision == 3:
        s += f" Only the province is reported; coded to {e.place.name}."
    revised = any(n.startswith(MERGE_LATER_REVISED_TOLL) for n in e.merge_reasons)
    if e.fatalities:
        s += f" Fatalities coded {e.fatalities} (" + ("a later revised toll" if revised else "lowest credible figure")
        if e.fatalities_high and e.fatalities_high != e.fatalities:
            s += f"; reports range to {e.fatalities_high}"
        s += "; earlier figures replaced)." if revised else ")."
    for c in e.conflicts:
        s += (
            f" Sources disagree on {c.topic.replace('_', ' ')}: "
            + " vs ".join(f"{v} ({src})" for v, src in zip(c.values, c.sources, strict=False))
            + "."
        )
    n = len(e.article_ids)
    s += f" {n} report{'s' if n != 1 else ''}."
    return s
