"""A capture of counted places named in the next sentence: one event per place (rule
ASSEMBLE-ONE-EVENT-PER-LISTED-PLACE).

"Insurgents took two district centres on Sunday. Ardova lies on the highway, Belmir on the river." tells
two captures, one per town, by the same side on the same day; the first sentence names no town and the
second has no verb of capture. ACLED codes one event per location, so the assembler gets one signal per
town, each with the capture's label, day and actors, and the counting sentence no longer anchors an event
of its own (it would be put at whatever place the article talked about before).

The parse decides both halves (``read_listed_places``): the count is a number modifying a plural noun of
place that is the object of a verb of capture ("took two district centres", "seized three villages") or
the subject of its passive ("two towns were taken"); the towns of the next sentence are the places it talks
about (a subject, an apposition, a conjunct or a gapped remnant: "Ardova lies ..., Belmir ..."), never
where people went or came from ("Residents fled to Ardova and Belmir").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from frontwatch import vocabulary
from frontwatch.events.signals import LabelSignal, SentenceSignals
from frontwatch.geo.words import CUE_AFTER, PLACE_AFTER
from frontwatch.model import SUB_EVENT_TYPES, Place, Sentence, Toponym
from frontwatch.numbers.values import number_value
from frontwatch.rulebook import register

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# verbs by which a side gains a place, as one word ("seized", "overran"), and the lemmas read on the parse
_CAPTURE_FORMS = frozenset(
    t.lower() for t in vocabulary.terms("control_verbs", lang="en", direction=("gain", "regain")) if " " not in t
)
_CAPTURE_LEMMAS = frozenset(vocabulary.terms("control_verbs", lang="en", object="place"))
_PLACE_NOUNS = frozenset(CUE_AFTER) | frozenset(PLACE_AFTER)
_TERRITORY = {sub for sub, et in SUB_EVENT_TYPES.items() if sub.endswith("territory") and et == "Battles"}
# the roles of a place the sentence talks about: what it says of each town ("A lies on the highway, B on the
# river"; "They are A and B"; "the two towns, A and B, ..."), not an origin or destination (a pobj)
_TOPIC_DEPS = frozenset({"nsubj", "nsubjpass", "attr", "appos", "conj", "npadvmod", "advmod", "ROOT", "dobj"})


def _role(tok: Token) -> str:
    """A name's role in its sentence; a conjunct has its first conjunct's ("fled to A and B": B too is a pobj)."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok.dep_


def _is_capture_verb(verb: Token) -> bool:
    if verb.pos_ != "VERB" or any(c.dep_ == "prt" for c in verb.children):
        return False
    return verb.lower_ in _CAPTURE_FORMS or verb.lemma_.lower() in _CAPTURE_LEMMAS


def _names_places(noun: Token) -> bool:
    """A noun of place, or one led by a noun of place ("district centres", "army bases")."""
    if noun.lemma_.lower() in _PLACE_NOUNS or noun.lower_ in _PLACE_NOUNS:
        return True
    return any(c.dep_ == "compound" and c.lower_ in _PLACE_NOUNS for c in noun.children)


def places_counted(span: SpacySpan) -> int:
    """How many places a sentence says were taken ("took two district centres": 2), 0 when it counts none."""
    for noun in span:
        if noun.tag_ != "NNS" or not _names_places(noun):
            continue
        active = noun.dep_ == "dobj" and _is_capture_verb(noun.head)
        passive = noun.dep_ == "nsubjpass" and _is_capture_verb(noun.head)
        if not (active or passive):
            continue
        for c in noun.children:
            if c.dep_ == "nummod" and (n := number_value(c.text)) is not None and n >= 2:
                return n
    return 0


def topic_places(span: SpacySpan, offsets: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The names among ``offsets`` (character offsets of the doc) that the sentence talks about, not where
    someone went or came from."""
    out = []
    for a, b in offsets:
        tokens = [t for t in span if a <= t.idx < b]
        if tokens and _role(tokens[-1]) in _TOPIC_DEPS:
            out.append((a, b))
    return out


def read_listed_places(
    doc: Doc | None, signals: Sequence[SentenceSignals], *, find_town: Callable[[str], Place | None] | None = None
) -> None:
    """Set ``places_taken`` on a capture sentence that counts its places without naming them, and ``listed``
    on the sentence after it (its towns in a topic role), from the parse.

    ``find_town(name)`` looks a name up as a town of the article's country: a name in a topic role of the
    listing sentence that the geoparser passed over (the tagger reads many village names as people or common
    nouns, and nothing in "X lies on the highway" frames X as a place) is added to its toponyms when the
    gazetteer holds it as such a town; the count before it is what frames it."""
    from frontwatch.events.clauses import sentence_parse

    for sig, nxt in zip(signals, signals[1:], strict=False):
        if sig.label.label not in _TERRITORY or nxt.dates:
            continue
        n = places_counted(sentence_parse(doc, sig.sentence))
        if n < 2:
            continue
        span = sentence_parse(doc, nxt.sentence)
        shift = 0 if span.doc is doc else nxt.sentence.start
        framed = _framed_towns(span, nxt, shift, find_town) if find_town is not None else []
        towns = [(t.start - shift, t.end - shift) for t in [*_towns(nxt), *framed]]
        listed = [(a + shift, b + shift) for a, b in topic_places(span, towns)]
        if len(listed) >= 2:  # the towns the lookup found join the sentence's places only when the rule fires
            nxt.toponyms.extend(framed)
            sig.places_taken = n
            nxt.listed = sorted(listed)


def _framed_towns(
    span: SpacySpan, sig: SentenceSignals, shift: int, find_town: Callable[[str], Place | None]
) -> list[Toponym]:
    """Towns the count frames that the geoparser did not find: capitalised names in a topic role."""
    known = [(t.start - shift, t.end - shift) for t in sig.toponyms]
    out = []
    for tok in span:
        if tok.i == span.start and tok.pos_ not in ("PROPN", "NOUN"):
            continue
        if not tok.text[:1].isupper() or _role(tok) not in _TOPIC_DEPS or tok.ent_type_ in ("DATE", "NORP"):
            continue
        if any(a <= tok.idx < b for a, b in known):
            continue
        place = find_town(tok.text)
        if place is not None and place.feature == "city":
            out.append(Toponym(tok.idx + shift, tok.idx + len(tok) + shift, tok.text, place))
    return out


def _towns(sig: SentenceSignals) -> list:
    return [t for t in sig.toponyms if t.place is not None and t.place.feature == "city"]


def split_listed_places(signals: Sequence[SentenceSignals]) -> list[SentenceSignals]:
    """The counted capture told again once per listed town (ASSEMBLE-ONE-EVENT-PER-LISTED-PLACE): the
    sentence that lists the towns becomes one signal per town, carrying the capture's label, dates and
    actors; the capture sentence stays, as context, with no label of its own. Everything else is kept."""
    out: list[SentenceSignals] = []
    next_index = max((s.sentence.index for s in signals), default=-1) + 1
    k = 0
    while k < len(signals):
        sig = signals[k]
        nxt = signals[k + 1] if k + 1 < len(signals) else None
        if nxt is None or sig.places_taken < 2 or not 2 <= len(nxt.listed) <= sig.places_taken:
            out.append(sig)
            k += 1
            continue
        out.append(replace(sig, label=LabelSignal("No event", 0.0)))
        s = nxt.sentence
        bounds = [s.start, *(a for a, _ in nxt.listed[1:]), s.end]
        for n in range(len(nxt.listed)):
            a, b = bounds[n], bounds[n + 1]
            index = s.index if n == 0 else next_index
            next_index += n > 0
            out.append(
                replace(
                    nxt,
                    sentence=Sentence(s.article_id, index, a, b, s.text[a - s.start : b - s.start]),
                    toponyms=[t for t in nxt.toponyms if a <= t.start < b],
                    dates=list(sig.dates),
                    counts=[],
                    actors=list(sig.actors),
                    label=sig.label,
                    capture=sig.label.label,  # the count was read on a verb of capture: the gate passes
                    listed=[],
                    clauses=[],
                    clause_of=s.index,
                )
            )
        k += 2
    return out


def _example(text: str) -> int:
    """The rule's check on an invented pair of sentences: how many events the towns of the second get (their
    names are invented, so every proper noun of the second sentence stands for a town of the gazetteer)."""
    from frontwatch import nlp

    doc = nlp.parse(text)
    first, second = list(doc.sents)[:2]
    town = Place(name="x", lat=0.0, lon=0.0, feature="city")
    sents = [Sentence("x", i, s.start_char, s.end_char, s.text) for i, s in enumerate((first, second))]
    sigs = [SentenceSignals(sentence=s) for s in sents]
    sigs[0].label = LabelSignal("Non-state actor overtakes territory", 1.0, by_rule=True)
    sigs[1].toponyms = [Toponym(t.idx, t.idx + len(t), t.text, town) for t in second if t.pos_ == "PROPN"]
    read_listed_places(doc, sigs)
    return sum(1 for s in split_listed_places(sigs) if s.label.label in _TERRITORY)


LISTED_PLACES = register(
    "ASSEMBLE-ONE-EVENT-PER-LISTED-PLACE",
    stage="assemble",
    reason="'took two district centres' then 'A lies on ..., B on ...' is one capture per town, same side and day",
    positive=[
        "Insurgents took two district centres on Sunday. Ardova lies on the highway, Belmir on the river.",
        "Rebels seized three villages near the border on Monday. They are Ardova, Belmir and Zarovka.",
        "Two towns were taken by the militia on Sunday. Ardova lies on the highway, Belmir on the river.",
    ],
    negative=[
        "Insurgents took two district centres on Sunday. Residents fled to Ardova and Belmir.",
        "Insurgents took the district centre on Sunday. Ardova lies on the highway, Belmir on the river.",
        "Insurgents took two hours to cross the river. Ardova lies on the highway, Belmir on the river.",
    ],
    needs_parse=True,
    check=lambda t: _example(t) >= 2,
)
