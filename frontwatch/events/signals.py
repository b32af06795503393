"""What the article-level stages found in one sentence: the input of event assembly."""

from __future__ import annotations

from dataclasses import dataclass, field

from frontwatch.model import Actor, Claim, Count, EventDate, Sentence, Toponym


@dataclass(frozen=True)
class ActorSignal:
    start: int
    end: int
    text: str
    actor: Actor
    generic: bool = False
    is_source: bool = False  # "Taliban spokesman X said": the group speaks, it does not act here
    past: bool = False  # named only through its past ("X, suspected of the 2019 massacre"): ACTORS-PAST-CLAUSE
    # the subject of an active verb or a passive's agent, from the parse (None without one): who acts, not a victim
    acts: bool | None = None


@dataclass(frozen=True)
class LabelSignal:
    label: str  # an ACLED sub-event type, a non-event label, or "No event"
    score: float = 1.0
    by_rule: bool = False


@dataclass
class SentenceSignals:
    sentence: Sentence
    toponyms: list[Toponym] = field(default_factory=list)  # offsets in the article
    dates: list[EventDate] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    actors: list[ActorSignal] = field(default_factory=list)
    label: LabelSignal = field(default_factory=lambda: LabelSignal("No event", 0.0))
    is_caption: bool = False
    hypothetical: bool = False
    gathering: bool = False  # a crowd met to celebrate or mourn (events.non_events)
    habitual: bool = False  # the main clause tells what usually happens (events.non_events)
    capture: str | None = None  # the capture sub-type a plain "took <place>" tells (events.capture_parse)
    # a word of the event vocabularies (events.event_words); True where no parse says otherwise
    event_word: bool = True
    main_capture: str | None = None  # the same, when told by the main clause: it decides the label
    # (start, end, verb_start) of the coordinated clauses from the parse, empty for one clause (events/clauses.py)
    clauses: list[tuple[int, int, int]] = field(default_factory=list)
    # the index of the sentence this clause was split from (events/clauses.py), None for a whole sentence:
    # a clause as short as "and Y on Wednesday" still anchors, since its sentence did
    clause_of: int | None = None
    # a capture that counts its places without naming them ("took two district centres"): how many
    # (events/listed_places.py); on the sentence after it, the towns it lists in a topic role
    places_taken: int = 0
    listed: list[tuple[int, int]] = field(default_factory=list)


# Offsets below are article offsets; a sentence's text starts at sentence.start.


def two_sentence_example(text: str) -> tuple[list[SentenceSignals], list[Claim]]:
    """A rule example 'first sentence | second sentence' as one article: each sentence's counts, and the claims."""
    from frontwatch.claims import find_claims
    from frontwatch.numbers import find_counts

    first, second = text.split(" | ")
    whole = f"{first} {second}"
    sentences = [Sentence("rule", 0, 0, len(first), first), Sentence("rule", 1, len(first) + 1, len(whole), second)]
    signals = [SentenceSignals(sentence=s, counts=find_counts(s.text, offset=s.start)) for s in sentences]
    return signals, find_claims(sentences, article_id="rule", outlet="Example Post", text=whole)
