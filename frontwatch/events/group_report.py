"""One group of sentences about one place and day, and the Report it becomes.

The assembler (``events.assemble``) decides which sentences form a ``Group``; this module turns a
group into a Report: its sub-event type by a weighted vote with ACLED's precedence as the
tie-break, its actors (``events.sides``), its toll (victims and attackers read apart and added)
and the claims made in its sentences.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from frontwatch import vocabulary
from frontwatch.claims.direction import control_direction
from frontwatch.events.anchors import foreign_state_capture
from frontwatch.events.own_losses import own_losses_by_state
from frontwatch.events.sides import choose_actors
from frontwatch.events.signals import SentenceSignals, two_sentence_example
from frontwatch.model import (
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    UNDATED,
    Actor,
    Article,
    Claim,
    Count,
    EventDate,
    Place,
    Report,
    Span,
)
from frontwatch.numbers.lexicon import REVISING_VERBS
from frontwatch.rulebook import register

_PRECEDENCE = {sub: i for i, sub in enumerate(s for subs in EVENT_TYPES.values() for s in subs)}


@dataclass
class Group:
    place: Place
    geo_precision: int
    sentences: list[SentenceSignals] = field(default_factory=list)
    date: EventDate | None = None
    date_explicit: bool = False
    evidence: dict[str, list[Span]] = field(default_factory=lambda: defaultdict(list))


def vote_label(sents: Sequence[SentenceSignals]) -> str:
    """The sub-event type of a group of sentences.

    Weighted vote (classifier score, rules and the opening sentence count more), first by
    event type, where ACLED's precedence decides between types that each carry at least half
    the top weight (an air strike during a ground fight is a battle), and a strategic
    development never outvotes violence; then by sub-type within the chosen type.
    """
    weights: dict[str, float] = defaultdict(float)
    for i, s in enumerate(sents):
        w = max(s.label.score, 0.5 if s.label.by_rule else 0.0)
        if s.label.by_rule:
            w *= 1.5
        if i == 0:
            w *= 1.5  # the sentence that opens an event usually names what happened
        weights[s.label.label] += w
    by_type: dict[str, float] = defaultdict(float)
    for sub, w in weights.items():
        by_type[SUB_EVENT_TYPES[sub]] += w
    pool = [t for t in by_type if t != "Strategic developments"] or list(by_type)
    top = max(by_type[t] for t in pool)
    order = list(EVENT_TYPES)
    chosen = min((t for t in pool if by_type[t] >= 0.5 * top), key=order.index)
    subs = [sub for sub in weights if SUB_EVENT_TYPES[sub] == chosen]
    return max(subs, key=lambda sub: (weights[sub], -_PRECEDENCE.get(sub, 99)))


def report_of(
    article: Article,
    g: Group,
    n: int,
    *,
    published: date | None,
    country: str | None,
    claims: Sequence[Claim],
    members: set[int],
    actor_for: Callable[[str, str], Actor | None] | None,
    signals: Sequence[SentenceSignals],
) -> Report | None:
    from frontwatch.numbers import acled_fatalities, is_attacker_count

    if g.date is None:
        if published is None:
            return None
        g.date = EventDate(day=published, precision=1, earliest=published, latest=published, text=UNDATED)
    sub = vote_label(g.sentences)
    evidence: dict[str, list[Span]] = {k: list(v) for k, v in g.evidence.items()}
    evidence["event_type"] = [s.sentence.span for s in g.sentences if s.label.label == sub]
    in_group = [s for s in signals if s.sentence.index in members]
    anchors = {s.sentence.index for s in g.sentences}
    context = [s for s in in_group if s.sentence.index not in anchors]
    a1, a2, ev1, ev2 = choose_actors(g.sentences, signals, sub, country, actor_for, context)
    if ev1:
        evidence["actor1"] = ev1
    if ev2:
        evidence["actor2"] = ev2
    # the sentences that report the event give its toll; other sentences about the place only
    # when those give none. Victims and attackers are read apart and added (ACLED counts all dead).
    own = [c for c in claims if _sentence_index_at(signals, c.start) in members]
    # NUMBERS-RIVAL-TOLL-PHRASE: another source's figure for the same toll ("the state government put the toll
    # at five") is a rival report, read with the anchors' so that the lowest is coded; a revision is not
    rivals = {i for c in own if (i := _sentence_index_at(signals, c.start)) is not None and rival_toll(c)}
    # NUMBERS-RIVAL-SOURCE-SAME-DEAD: another source's figure of the same dead in a later sentence, read on its own
    # (a smaller figure there is no part of the anchors' toll) and coded where it is lower
    other_sources = rival_sources(own, in_group, anchors, lambda c: _sentence_index_at(signals, c.start)) - rivals
    killed = [c for s in in_group if s.sentence.index in anchors | rivals for c in s.counts if c.kind == "killed"]
    killed = killed or [c for s in in_group for c in s.counts if c.kind == "killed"]
    fat: Count | None = None
    if killed:
        sides = [[c for c in killed if not is_attacker_count(c)], [c for c in killed if is_attacker_count(c)]]
        by_state = own_losses_by_state(killed, in_group, own)
        if len(by_state) >= 2:
            # NUMBERS-OWN-LOSSES-ADD: each state's own dead are read apart and added, like victims and attackers
            given = {(c.start, c.end) for counts in by_state.values() for c in counts}
            rest = [c for c in killed if (c.start, c.end) not in given]
            sides = [*by_state.values(), [c for c in rest if not is_attacker_count(c)]]
            sides.append([c for c in rest if is_attacker_count(c)])
            other_sources = set()  # the states' figures are not rivals of one toll
        readings = [acled_fatalities(side) for side in sides if side]
        # the upper end of the range: each side's highest figure, whichever form the text gave
        high = sum(max(x for x in (f.high, f.best, f.acled) if x is not None) for f in readings)
        if sides[0] and other_sources:
            for s in in_group:
                if s.sentence.index in other_sources:
                    theirs = acled_fatalities([c for c in s.counts if c.kind == "killed" and not is_attacker_count(c)])
                    if theirs.acled and theirs.acled < readings[0].acled:
                        readings[0] = theirs
                        killed.extend(c for c in s.counts if c.kind == "killed")
        total = sum(f.acled for f in readings)
        best = sum((f.best if f.best is not None else f.acled) for f in readings)
        text = "; ".join(f.text for f in readings if f.text)
        first = killed[0]
        fat = Count(
            low=total,
            best=best,
            high=high,
            text=text,
            kind="killed",
            start=first.start,
            end=first.end,
        )
        cited = {(c.start, c.end) for c in killed}
        evidence["fatalities"] = [s.sentence.span for s in in_group if any((c.start, c.end) in cited for c in s.counts)]
    if sub == "Non-state actor overtakes territory" and any(control_direction(c) == "government" for c in own):
        # a capture the government contradicts ("we drove them back", "denied the town had
        # fallen") is a fight for the town, not a change of hands (ACLED: only the final capture counts)
        sub = "Armed clash"
        evidence["event_type"] = [s.sentence.span for s in g.sentences]
    if a1 is not None and foreign_state_capture(sub, a1.inter, a1.country_code, g.place.country_code):
        sub = "Non-state actor overtakes territory"  # ASSEMBLE-FOREIGN-STATE-OVERTAKES
    text = " ".join(s.sentence.text for s in g.sentences)
    return Report(
        article_id=article.id,
        report_id=f"{article.id}#{n}",
        event_date=g.date,
        event_type=SUB_EVENT_TYPES[sub],
        sub_event_type=sub,
        place=g.place,
        geo_precision=g.geo_precision,
        actor1=a1,
        actor2=a2,
        fatalities=fat,
        claims=own,
        evidence=evidence,
        text=text[:2000],
        outlet=article.outlet,
        published=published,
    )


# the canonical verbs of toll phrases that give a figure of their own, not a revision of an earlier one
_RIVAL_TOLL_VERBS = frozenset(
    r["canonical"] for r in vocabulary.select("attribution_verbs", form=("toll", "noun_by"), revises="")
)


def rival_toll(claim: Claim) -> bool:
    """Whether a claim gives its source's figure of the event's dead by a toll phrase ("put the toll at",
    "the toll given by X"), a rival of the figure the event's own sentences give (NUMBERS-RIVAL-TOLL-PHRASE)."""
    return claim.topic == "fatalities" and claim.value is not None and claim.verb in _RIVAL_TOLL_VERBS


def rival_sources(
    own: Sequence[Claim],
    in_group: Sequence[SentenceSignals],
    anchors: set[int],
    index_of: Callable[[Claim], int | None],
) -> set[int]:
    """Rule NUMBERS-RIVAL-SOURCE-SAME-DEAD: the sentences after the event's own where another source gives its
    figure of the same dead ("claiming to have killed 14 soldiers ... Residents said they saw the bodies of four
    soldiers"): a rival report, read with the anchors' so that the lowest is coded."""
    by_index = {s.sentence.index: s for s in in_group}
    sides = {
        c.side.lower() for i in anchors if i in by_index for c in by_index[i].counts if c.kind == "killed" and c.side
    }
    said = {c.source.lower() for c in own if index_of(c) in anchors and c.topic == "fatalities" and c.value is not None}
    out: set[int] = set()
    for c in own:
        i = index_of(c)
        if i is None or i in anchors or i not in by_index or c.topic != "fatalities" or c.value is None:
            continue
        if c.source.lower() in said or c.verb in REVISING_VERBS or c.stance != "assert":
            continue
        if any(k.kind == "killed" and k.side and k.side.lower() in sides for k in by_index[i].counts):
            out.add(i)
    return out


def _rival_source_check(text: str) -> bool:
    signals, claims = two_sentence_example(text)

    def index_of(c: Claim) -> int:
        return 0 if c.start < signals[1].sentence.start else 1

    return rival_sources(claims, signals, {0}, index_of) == {1}


NUMBERS_RIVAL_SOURCE_SAME_DEAD = register(
    "NUMBERS-RIVAL-SOURCE-SAME-DEAD",
    stage="numbers",
    reason="another source's figure of the same dead in a later sentence is a rival report, read with the event's own "
    "so that the lowest is coded (ACLED)",
    positive=[
        "Rebels took the town on Sunday, the group said, claiming to have killed 14 soldiers. | "
        "Residents said they saw the bodies of four soldiers.",
        "Militants killed nine soldiers at the post, the army said. | Local officials said 12 soldiers were killed.",
    ],
    negative=[
        "Militants killed nine soldiers at the post, the army said. | Local officials said two civilians were killed.",
        "Militants killed nine soldiers at the post, the army said. | The army said 12 soldiers were killed.",
    ],
    check=_rival_source_check,
)


def _sentence_index_at(signals: Sequence[SentenceSignals], offset: int) -> int | None:
    """The sentence a claim starts in (a claim's span may cover a multi-sentence quote)."""
    for s in signals:
        if s.sentence.start <= offset < s.sentence.end or offset < s.sentence.start:
            return s.sentence.index
    return signals[-1].sentence.index if signals else None


def _rival_check(text: str) -> bool:
    from frontwatch.claims import find_claims
    from frontwatch.model import Sentence

    claims = find_claims([Sentence("rule", 0, 0, len(text), text)], article_id="rule", outlet="Example Post", text=text)
    return any(rival_toll(c) for c in claims)


NUMBERS_RIVAL_TOLL_PHRASE = register(
    "NUMBERS-RIVAL-TOLL-PHRASE",
    stage="numbers",
    reason="another source's toll for the event given by a toll phrase is a rival report, read with the event's own "
    "figure so that the lowest is coded (ACLED); a raised or revised toll replaces a figure and is not read so",
    positive=[
        "The state government put the toll at five.",
        "Hospital officials put the death toll at seven on Tuesday.",
    ],
    negative=[
        "The health ministry raised the death toll to 36 on Sunday.",
        "Police said two of the dead were children.",
    ],
    check=_rival_check,
)
