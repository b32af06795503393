"""Captures told with a plain verb of taking ("rebels took the town", "jihadists took the army base"),
read from the dependency parse.

"took" alone is too common to be a control verb of ``control_verbs`` ("took place", "took two
hours", "took part", "took hostages"): it tells a change of control only when its object is a
place. The parse says what the object is (a toponym, or a noun of place such as "district
centres", "the army base", "the village"), who the subject is (which side: ``rules.taker_label``)
and keeps "took the village from the militants" a recapture by the army, whatever the word order.
The verbs are the ``control_verbs`` rows with ``object=place``; the nouns of place are the
geoparser's own kind words (``geo.words``).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from frontwatch import nlp, vocabulary
from frontwatch.events.rules import names_an_attack, taker_label
from frontwatch.events.signals import LabelSignal
from frontwatch.geo.words import CUE_AFTER, PLACE_AFTER
from frontwatch.model import SUB_EVENT_TYPES
from frontwatch.rulebook import register

_VERBS = frozenset(vocabulary.terms("control_verbs", lang="en", object="place"))
_PLACE_NOUNS = frozenset(CUE_AFTER) | frozenset(PLACE_AFTER)  # matched on lemmas: plurals too
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
# weight of the prior, as the surface capture rules give theirs (events.rules._TERRITORY_WEIGHT)
CAPTURE_WEIGHT = 2.5
# a capture its sentence tells as unopposed ("without a fight", "handed over", "vacated by") is a non-violent
# transfer whichever side took the place (CLASSIFY-UNOPPOSED-CAPTURE; the surface rule's words, events.rules)
_UNOPPOSED = "Non-violent transfer of territory"


def _is_place(obj: Token, places: Sequence[tuple[int, int]] = ()) -> bool:
    if obj.ent_type_ in _PLACE_ENTS:
        return True
    # a town the geoparser found where the tagger saw a people or a person ("took Zarovka", NORP)
    name = [t for t in obj.subtree if t.i == obj.i or (t.dep_ in ("compound", "flat") and t.head is obj)]
    if any(a <= t.idx < b for t in name for a, b in places):
        return True
    if obj.lemma_.lower() in _PLACE_NOUNS or obj.lower_ in _PLACE_NOUNS:
        return True
    # "two district centres", "the army base": a noun of place among the head's modifiers
    return any(c.dep_ == "compound" and c.lower_ in _PLACE_NOUNS for c in obj.children) and obj.pos_ == "NOUN"


def _subjects(verb: Token) -> list[Token]:
    """The verb's subjects, nearest first ("MAIDUGURI, Nigeria — fighters took ...": a dateline
    parsed as a second subject is tried last)."""
    for v in (verb, verb.head if verb.dep_ in ("conj", "xcomp") else None):
        if v is None:
            continue
        found = [c for c in v.children if c.dep_ == "nsubj"]
        if found:
            return sorted(found, key=lambda c: abs(verb.i - c.i))
    return []


def capture_label(span: Span, places: Sequence[tuple[int, int]] = ()) -> str | None:
    """The capture sub-type a sentence's plain verb of taking tells, or None. ``places``: character
    offsets (the doc's) of the toponyms the geoparser found in the sentence."""
    found = _capture(span, places)
    return found[0] if found is not None else None


def main_clause_capture(span: Span, places: Sequence[tuple[int, int]] = ()) -> str | None:
    """``capture_label`` when the verb of taking heads the sentence (its root, or what "..., officials said"
    reports), not a side clause ("after rebels took the town, jets struck it")."""
    found = _capture(span, places)
    if found is None:
        return None
    label, verb = found
    main = verb.dep_ == "ROOT" or (verb.dep_ in ("ccomp", "conj") and verb.head.dep_ == "ROOT")
    return label if main else None


def _capture(span: Span, places: Sequence[tuple[int, int]]) -> tuple[str, Token] | None:
    for verb in span:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _VERBS:
            continue
        if any(c.dep_ == "prt" for c in verb.children):
            continue  # "took back", "took over", "took off": phrasal verbs the surface rules read
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        if not objs or not _is_place(objs[0], places):
            continue
        for subj in _subjects(verb):
            label = taker_label(" ".join(t.text for t in subj.subtree))
            if label is not None:
                if names_an_attack(span.text, {_UNOPPOSED}):
                    label = _UNOPPOSED  # CLASSIFY-UNOPPOSED-CAPTURE: "took the town without a fight"
                return label, verb
    return None


# event types a capture's main clause never overrides: harm done to civilians on the way in is the event
# ACLED records ("gunmen took the village, killing six civilians"), and a crowd is no side taking a place
_KEEP_TYPES = frozenset({"Violence against civilians", "Protests", "Riots"})


def settle_capture(capture: str | None, label: LabelSignal) -> LabelSignal:
    """The label of a sentence whose main clause tells a capture by a known side (CLASSIFY-CAPTURE-PARSE-DECIDES):
    the capture, whatever the model or a surface rule for a side clause says ("took the army base after an
    air strike"), but for the types in ``_KEEP_TYPES``."""
    if capture is None or label.label == capture or SUB_EVENT_TYPES.get(label.label) in _KEEP_TYPES:
        return label
    return LabelSignal(capture, label.score, by_rule=True)


CLASSIFY_CAPTURE_PARSE = register(
    "CLASSIFY-CAPTURE-PARSE",
    stage="classify",
    reason="a plain 'took' is a capture only when the parse shows a place as its object; the subject gives the side",
    positive=[
        "Islamist fighters took two district centres in the north of Ruritania on Sunday.",
        "ZAROVKA, Ruritania — Rebels took the town on Sunday.",
        "The army took the village from the militants on Monday.",
        "Jihadists took the army base at Zarovka on Sunday.",
    ],
    negative=[
        "The operation took two hours, officials said.",
        "The talks took place in Zarovka on Monday.",
        "The gunmen took six hostages in Zarovka on Sunday.",
    ],
    check=lambda t: capture_label(nlp.first_sentence(t)) is not None,
    needs_parse=True,
)


def _settled(text: str) -> str:
    """The rule's check: the label the classifier and this rule give an example sentence."""
    from frontwatch.events.classify import classify_texts

    span = nlp.first_sentence(text)
    capture = capture_label(span)
    (r,) = classify_texts([text], extra_hits=[{capture: CAPTURE_WEIGHT} if capture else {}])
    return settle_capture(main_clause_capture(span), LabelSignal(r.label, r.score, r.by_rule)).label


CLASSIFY_CAPTURE_PARSE_DECIDES = register(
    "CLASSIFY-CAPTURE-PARSE-DECIDES",
    stage="classify",
    reason="a capture the parse reads in the main clause is the event, even where the model or a side clause's word says otherwise",
    positive=[
        "Islamist fighters took the army base at Zarovka after an air strike.",
        "Jihadists took the town of Zarovka after heavy fighting that killed 20 soldiers.",
    ],
    negative=[
        "After rebels took the army base at Zarovka, jets struck it on Monday.",
        "Gunmen took the village of Zarovka on Sunday, killing six civilians and burning homes.",
    ],
    check=lambda t: _settled(t).endswith("territory"),
    needs_parse=True,
)


CLASSIFY_UNOPPOSED_CAPTURE = register(
    "CLASSIFY-UNOPPOSED-CAPTURE",
    stage="classify",
    reason="a capture the sentence tells as unopposed (without a fight, a place vacated or handed over) is a "
    "non-violent transfer of territory, whichever side took it (ACLED)",
    positive=[
        "Rebels took the town of Zarovka without a fight on Sunday.",
        "The army took the base of Zarovka, vacated by peacekeepers, on Sunday.",
    ],
    negative=[
        "Rebels took the town of Zarovka after heavy fighting on Sunday.",
        "The army took the base of Zarovka from the militants on Sunday.",
    ],
    check=lambda t: _settled(t) == _UNOPPOSED,
    needs_parse=True,
)
