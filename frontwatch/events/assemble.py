"""Article-level event assembly: sentence signals -> one Report per (place, day) the article describes.

Pure: it reads what the earlier stages found in each sentence (places, dates, counts, actors,
the event-type label) and the article's claims, and decides

* which sentences report an event (an ACLED sub-event label that is not hypothetical and not
  a photo caption),
* where each happened: a place named in the sentence in an event role (not "reinforcements
  from X", not "talks in X"), else the place the article was last talking about,
* when: a date in the sentence, else the date the article was last talking about, else the
  publication date,
* and groups sentences about one place and day into one Report (``events.group_report``), whose
  type is chosen by a weighted vote with ACLED's precedence as the tie-break.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from frontwatch.dates import vaguer_than_acled
from frontwatch.events.anchors import (
    agreement_without_place,
    deployment_only,
    lacks_crowd,
    named_month_apart,
    old_month_background,
    other_day,
    period_summary,
    protesters_shot,
    territory_gate_vetoes,
    week_summary,
)
from frontwatch.events.clauses import split_by_clause
from frontwatch.events.group_report import Group, report_of
from frontwatch.events.headline import fold_headlines
from frontwatch.events.listed_places import split_listed_places
from frontwatch.events.places import (
    article_country,
    capital_meant,
    dateline_place,
    event_place_in,
    main_province,
    names_its_place,
    place_from_context,
    place_notes,
    provincial_seat,
    same_place,
    settle_place,
    villages_apart,
)
from frontwatch.events.signals import ActorSignal, LabelSignal, SentenceSignals
from frontwatch.events.timing import (
    EARLIER,
    choose_date,
    in_side_clause,
    same_day,
    without_dates,
    without_filing_day,
)
from frontwatch.model import (
    SUB_EVENT_TYPES,
    Actor,
    Article,
    Claim,
    EventDate,
    Place,
    Report,
)

__all__ = [
    "ActorSignal",
    "LabelSignal",
    "SentenceSignals",
    "assemble_reports",
    "event_place_in",
    "is_event_label",
    "may_anchor",
]

# Labels that describe a discrete event for the database. Strategic developments are
# "not coded systematically" by ACLED; only the kinds that change who holds ground, agreements,
# and arrests by the state or a de facto authority (ACLED's "Arrests": a reported arrest names its
# place, day and arresting force; actors per ACTORS-ARRESTER-FIRST) are kept (acled-facts.md §2).
_SD_KEPT = {"Non-violent transfer of territory", "Agreement", "Headquarters or base established", "Arrests"}
# below this classifier probability a sentence does not start an event on its own
# (set on the seeds and news-dev sets, see bench/RESULTS.md "Pipeline" section)
MIN_ANCHOR_SCORE = 0.25
# a report made only of weaker sentences must name its own place and day (see _strong_enough);
# 0.35 and 0.25 were compared on the seeds, news-dev and the dedup burst (bench/RESULTS.md)
MIN_REPORT_SCORE = 0.35
# bodies are recovered and tolls revised for a day or two after an attack
TOLL_DAYS_AFTER = 2
# headlines of one or two words, bylines and page furniture ("advertisement") are not reports
MIN_ANCHOR_WORDS = 5


def is_event_label(label: LabelSignal) -> bool:
    sub = label.label
    if sub not in SUB_EVENT_TYPES:
        return False
    if SUB_EVENT_TYPES[sub] == "Strategic developments" and sub not in _SD_KEPT:
        return False
    return label.by_rule or label.score >= MIN_ANCHOR_SCORE


def may_anchor(sig: SentenceSignals) -> bool:
    """What an anchor needs besides its label, all known before the classifier runs: the
    pipeline encodes only the sentences that pass (issue 15), since no other label is read."""
    if sig.is_caption or sig.hypothetical:
        return False
    if len(sig.sentence.text.split()) < MIN_ANCHOR_WORDS and sig.clause_of is None:
        return False
    return sig.event_word or bool(sig.counts) or sig.capture is not None  # CLASSIFY-NEEDS-EVENT-WORD


def assemble_reports(
    article: Article,
    signals: Sequence[SentenceSignals],
    claims: Sequence[Claim],
    *,
    capital_of: Callable[[str], Place | None] | None = None,
    province_capital: Callable[[Place], Place | None] | None = None,
    actor_for: Callable[[str, str], Actor | None] | None = None,
    lang: str = "en",
) -> list[Report]:
    """Reports (one per place and day) for one article.

    ``capital_of(country_code)`` gives a country's capital for "the Afghan capital";
    ``province_capital(admin1_place)`` the city an event only located to a province is coded to;
    ``actor_for(kind, country_code)`` names generic state forces ("government forces").
    ``lang`` is the language of the sentences: the English control-verb gate speaks only for English
    (ASSEMBLE-TERRITORY-GATE-ENGLISH-ONLY).
    """
    text = article.text
    published = article.published
    country = article_country(signals)
    signals = [without_filing_day(s) for s in signals]  # before any split by place or clause
    signals = split_listed_places(signals)  # ASSEMBLE-ONE-EVENT-PER-LISTED-PLACE: "took two towns. A lies ..., B ..."
    signals = split_by_clause(signals)  # ASSEMBLE-DATE-IN-OWN-CLAUSE: "X fell on Monday, and Y on Wednesday"

    # pass 1: the place each sentence names itself (None when it names none), and datelines
    named: list[tuple[Place, int] | None] = []
    datelines: dict[int, Place] = {}
    national = capital_of(country) if capital_of and country else None
    national_named = national is not None and any(
        t.place is not None and t.place.geonameid == national.geonameid for sig in signals for t in sig.toponyms
    )
    story_capital: Place | None = None  # the last provincial capital the story named (PLACES-CAPITAL-OF-THE-STORY)
    villages: dict[tuple[int, int], str] = {}  # sentence span -> a village the gazetteer lacks
    province = main_province(signals, country)
    for i, sig in enumerate(signals):
        line = dateline_place(sig, text)
        if line is not None and (country is None or line.country_code == country):
            datelines[i] = line
        found = event_place_in(sig, text, country=country)
        if found is None and national is not None:
            cap = capital_meant(
                sig.sentence.text, national=national, story_capital=None if national_named else story_capital
            )
            found = (cap, 1) if cap is not None else None
        if province_capital is not None:
            story_capital = provincial_seat(sig, province_capital, national) or story_capital
        named.append(settle_place(sig, text, found, named, country, province, province_capital, villages))

    # pass 2: anchors, each placed where it names, else where the article is talking about
    groups: list[Group] = []
    sentence_place: dict[int, Place] = {}
    sentence_village: dict[int, str] = {}  # PLACES-VILLAGES-APART: sentence index -> its place's unknown village
    context: tuple[Place, int] | None = None
    context_date: EventDate | None = None
    context_group: Group | None = None  # the group whose sentence set context_date
    context_day: EventDate | None = None  # the day of the sentence that named the context place
    context_village: str | None = None  # the village the gazetteer lacks that the context place stands for
    for i, sig in enumerate(signals):
        here = named[i]
        if here is not None and not sig.is_caption:
            context = here
            context_village = villages.get((sig.sentence.start, sig.sentence.end))
            context_day = choose_date(sig.dates, sig.sentence) or _group_day(groups, here[0])
        elif i in datelines and context is None:
            # "KUNDUZ, Afghanistan — A car bomb...": the story is filed where it happened
            context = (datelines[i], 1)
            context_village = None
        place_here = named[i] if named[i] is not None else None
        # the village the gazetteer lacks that this sentence's place stands for: its own, or its context's
        village = villages.get((sig.sentence.start, sig.sentence.end)) if named[i] is not None else context_village
        anchor = is_event_label(sig.label) and may_anchor(sig)
        if anchor and not sig.dates and EARLIER.search(sig.sentence.text):
            anchor = False  # "his army had earlier seized two towns": background to the story, undated
        if anchor and lacks_crowd(sig.label.label, sig.sentence.text):
            anchor = False  # ASSEMBLE-PROTEST-NEEDS-CROWD
        if anchor and sig.gathering and sig.label.label == "Peaceful protest":
            anchor = False  # ASSEMBLE-GATHERING-NOT-PROTEST: a funeral, a vigil, a celebration
        if anchor and sig.habitual and not sig.dates:
            anchor = False  # ASSEMBLE-HABITUAL-NOT-EVENT: "rebels often attack convoys here"
        if anchor and deployment_only(
            sig.label.label, sig.sentence.text, by_rule=sig.label.by_rule, harmed=bool(sig.counts)
        ):
            anchor = False  # ASSEMBLE-DEPLOYMENT-NOT-EVENT
        if anchor and sig.capture is None and territory_gate_vetoes(sig.label.label, sig.sentence.text, lang):
            anchor = False  # ASSEMBLE-TERRITORY-NEEDS-CONTROL-VERB, in English only
        if anchor and period_summary(sig.sentence.text, sig.sentence.start, sig.dates):
            anchor = False  # ASSEMBLE-SINCE-PERIOD: "at war since September 27"
        if anchor and agreement_without_place(sig.label.label, named[i] is not None):
            anchor = False  # ASSEMBLE-AGREEMENT-OWN-PLACE
        vague = [d for d in sig.dates if vaguer_than_acled(d)]
        if anchor and vague and not any(d.precision <= 2 for d in sig.dates):
            if all(in_side_clause(sig.sentence, d) for d in vague):
                # "the minister hailed the recapture of the town, where rebels routed the army years ago":
                # the history sits in a side clause; the sentence still reports today's event
                sig = without_dates(sig, vague)
            else:
                anchor = False  # "three years ago", "in 2014": history, vaguer than ACLED records
        if anchor and old_month_background(sig.label.label, choose_date(sig.dates, sig.sentence), published):
            anchor = False  # ASSEMBLE-OLD-MONTH-BACKGROUND: "In April, an air strike ... killed 160"
        if place_here is None and anchor:
            place_here = place_from_context(i, signals, named, context)
            if place_here is not None and other_day(
                choose_date(sig.dates, sig.sentence), context_day, sig.sentence.text
            ):
                place_here = None  # ASSEMBLE-NO-PLACE-ACROSS-DATES: another day is another story
        if place_here is not None and not sig.is_caption:
            sentence_place[sig.sentence.index] = place_here[0]
        elif context is not None:
            sentence_place[sig.sentence.index] = context[0]
        if village is not None:
            sentence_village[sig.sentence.index] = village
        if not anchor or place_here is None:
            continue  # vaguer than a province: ACLED does not record it
        sent_date = choose_date(sig.dates, sig.sentence)
        if sent_date is not None and sent_date.precision == 3 and named[i] is None:
            continue  # "in recent weeks, the group has seized districts": background, no place of its own
        place, precision = place_here
        group = _find_group(groups, place, sent_date, sig, village=village, villages=villages)
        if group is None:
            group = Group(place=place, geo_precision=precision)
            groups.append(group)
        group.sentences.append(sig)
        group.geo_precision = min(group.geo_precision, precision)
        if sent_date is not None and (
            not group.date_explicit or sent_date.precision < (group.date.precision if group.date else 9)
        ):
            if not group.date_explicit or sent_date.precision <= 2:
                group.date, group.date_explicit = sent_date, True
                group.evidence["event_date"] = [sig.sentence.span]
        other_incident_here = (
            context_group is not None and context_group is not group and same_place(context_group.place, place)
        )
        if group.date is None and not other_incident_here:
            # the day the article was last talking about, unless another incident at this place set it
            group.date = context_date
        if sent_date is not None and sent_date.precision == 1:
            context_date, context_group = sent_date, group
        group.evidence["location"].append(sig.sentence.span)

    groups = fold_headlines(groups)  # ASSEMBLE-HEADLINE-JOINS-LEAD
    members = _members(groups, signals, sentence_place, _group_villages(groups, villages), sentence_village)
    for g, m in zip(groups, members, strict=True):
        if not g.date_explicit and _ongoing(g):
            continue  # "jets are striking the airport": happening as the article is written
        if not g.date_explicit or (g.date is not None and g.date.precision > 1):
            # the anchors gave no day: the first sentence about the same place that dates it
            # does ("KUNDUZ — A car bomb ... on Thursday" after a dateless headline; "this
            # weekend" made precise by "on Sunday evening")
            for sig in signals:
                d = choose_date(sig.dates, sig.sentence) if sig.sentence.index in m and not sig.is_caption else None
                if d is None or d.precision != 1:
                    continue
                if g.date_explicit and g.date is not None and not same_day(d, g.date):
                    continue
                g.date, g.date_explicit = d, True
                g.evidence["event_date"] = [sig.sentence.span]
                break
    groups_kept = [g for g in _drop_background(groups) if _strong_enough(g, villages)]
    members = [m for g, m in zip(groups, members, strict=True) if g in groups_kept]
    groups = groups_kept
    reports = []
    for n, g in enumerate(groups):
        reports.append(
            report_of(
                article,
                g,
                n,
                published=published,
                country=country,
                claims=claims,
                members=members[n],
                actor_for=actor_for,
                signals=signals,
            )
        )
        if reports[-1] is not None:
            reports[-1].place_notes = place_notes(g.sentences, villages, g.place)
    return [r for r in reports if r is not None]


def _group_day(groups: Sequence[Group], place: Place) -> EventDate | None:
    """The explicit day of the latest incident the article placed at ``place``."""
    for g in reversed(groups):
        if g.date_explicit and same_place(g.place, place):
            return g.date
    return None


# the present progressive of a report's body ("aircraft are striking positions"): happening now
_PROGRESSIVE = re.compile(r"\b(?:is|are)\s+(?:\w+ly\s+)?(?!being\b)\w{3,}ing\b", re.IGNORECASE)


def _ongoing(g: Group) -> bool:
    """Whether an undated group's body (not its headline) tells of its event in the present
    progressive, so that its day is the publication day, not a date found elsewhere."""
    return any(s.sentence.index > 0 and not s.dates and _PROGRESSIVE.search(s.sentence.text) for s in g.sentences)


def _strong_enough(g: Group, villages: dict[tuple[int, int], str] | None = None) -> bool:
    """Whether the classifier's confidence in a group's sentences is enough for an event.

    A rule hit or a summed probability of MIN_REPORT_SCORE makes a report; a single weaker
    sentence does when it names its place and its day itself (a one-line wire report), a village
    the gazetteer lacks counting as its place (PLACES-VILLAGE-NAMES-ITS-PLACE).
    """
    if any(s.label.by_rule for s in g.sentences):
        return True
    strength = sum(s.label.score for s in g.sentences)
    if strength >= MIN_REPORT_SCORE:
        return True
    named_here = any(
        names_its_place(
            g.geo_precision,
            (villages or {}).get((s.sentence.start, s.sentence.end)),
            any(
                t.place is not None and t.place.feature == "admin1" and t.place.admin1 == g.place.admin1
                for t in s.toponyms
            ),
        )
        for s in g.sentences
    )
    return bool(g.date_explicit and g.date is not None and g.date.precision == 1 and named_here)


def _drop_background(groups: list[Group]) -> list[Group]:
    """A week-level mention at a place the article reports a dated incident at ("the campaign
    launched last week") is background to that incident, not a second event."""
    out = []
    for g in groups:
        if g.date is not None and g.date.precision == 2:
            if any(o is not g and same_place(o.place, g.place) and o.date and o.date.precision == 1 for o in groups):
                continue
            if week_summary(g.date, [o.date for o in groups if o is not g], counted=any(s.counts for s in g.sentences)):
                continue  # ASSEMBLE-WEEK-SUMMARY: "violence flared across the south this week"
        out.append(g)
    return out


def _group_villages(groups: Sequence[Group], villages: dict[tuple[int, int], str]) -> list[list[str]]:
    """The villages the gazetteer lacks that each group's anchors name."""
    return [[v for s in g.sentences if (v := villages.get((s.sentence.start, s.sentence.end)))] for g in groups]


def _members(
    groups: Sequence[Group],
    signals: Sequence[SentenceSignals],
    sentence_place: dict[int, Place],
    group_villages: Sequence[Sequence[str]] = (),
    sentence_village: dict[int, str] | None = None,
) -> list[set[int]]:
    """Which sentences speak about each group's event: its anchors, and the other sentences
    about the same place whose own date (if any) fits the group's day (a claim of the toll a
    sentence after the attack, "the railway company said 30 were killed"); a sentence about one
    village the gazetteer lacks never speaks about a group in another (PLACES-VILLAGES-APART)."""
    out: list[set[int]] = [{s.sentence.index for s in g.sentences} for g in groups]
    taken = set().union(*out) if out else set()
    for sig in signals:
        i = sig.sentence.index
        if i in taken or sig.is_caption or sig.hypothetical:
            continue
        p = sentence_place.get(i)
        if p is None:
            continue
        d = choose_date(sig.dates, sig.sentence)
        best = None
        for n, g in enumerate(groups):
            if not (same_place(g.place, p) or (p.feature == "admin1" and p.admin1 == g.place.admin1)):
                continue
            if n < len(group_villages) and villages_apart((sentence_village or {}).get(i), group_villages[n]):
                continue
            if d is not None and g.date is not None and not same_day(d, g.date):
                # a toll counted in the days after ("the army recovered 10 bodies on Monday") still
                # belongs to the attack; any other later or earlier day is another story
                later = 0 < (d.day - g.date.day).days <= TOLL_DAYS_AFTER
                if not (later and any(c.kind == "killed" for c in sig.counts)):
                    continue
            if best is None or len(g.sentences) > len(groups[best].sentences):
                best = n
        if best is not None:
            out[best].add(i)
    return out


def _find_group(
    groups: list[Group],
    place: Place,
    day: EventDate | None,
    sig: SentenceSignals,
    *,
    village: str | None = None,
    villages: dict[tuple[int, int], str] | None = None,
) -> Group | None:
    """The group of an earlier anchor at the same place and day; ``village`` is the village the gazetteer
    lacks that the sentence's place stands for (its own, or its context's), ``villages`` those of the
    groups' sentences by span."""
    villages = villages or {}
    for g in groups:
        if not same_place(g.place, place):
            continue
        named_there = [v for x in g.sentences if (v := villages.get((x.sentence.start, x.sentence.end)))]
        if villages_apart(village, named_there):
            continue  # PLACES-VILLAGES-APART: two villages the gazetteer lacks, one province capital
        if named_month_apart(day, g.date, g.date_explicit):
            continue  # "the rebels took the town in May": a named month is its own (background) event
        if day is not None and day.precision == 1 and not g.date_explicit and _another_incident(sig, g):
            continue
        if day is None or g.date is None or not g.date_explicit or same_day(g.date, day):
            return g
        if day.precision == 1 and g.date.precision == 1 and abs((day.day - g.date.day).days) == 1:
            # a siege over two days by the same side is one incident; another side's act on the
            # next day is another ("the army retook the airport on Monday; on Tuesday jets struck it")
            mine, theirs = _acting(sig), set().union(*(_acting(x) for x in g.sentences))
            if mine and theirs and mine & theirs:
                return g
    return None


def _another_incident(sig: SentenceSignals, g: Group) -> bool:
    """A dated sentence about the place of an undated group that tells of an incident of another
    event type ("jets are striking the airport"; "on Monday the government retook it"). An undated
    report of the same type is the dated one's lead ("Rebels storm the town" before "on Monday,
    rebels attacked the town")."""
    mine = SUB_EVENT_TYPES.get(sig.label.label)
    theirs = {SUB_EVENT_TYPES.get(x.label.label) for x in g.sentences}
    if protesters_shot(sig.label.label, [x.label.label for x in g.sentences]):
        return False  # ASSEMBLE-SHOOTING-AT-PROTESTERS: the killing of protesters, read without its crowd
    return mine is not None and mine not in theirs


def _acting(sig: SentenceSignals) -> set[str]:
    return {
        a.actor.name
        for a in sig.actors
        if not a.generic and not a.is_source and not a.past and a.actor.inter not in (7, None)
    }
