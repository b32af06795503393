"""What the dependency parse says about one sentence before it is classified and assembled.

Each flag is read from the sentence's own parse (its main clause), never from words anywhere in
the text: a modal main verb (hypothetical), a gathering to celebrate or mourn and a habit
(``non_events``) in ``mark``, at the parse; and a plain "took <place>" (``capture_parse``, which
also gives the classifier a prior, and decides the label when the main clause tells it) in
``mark_capture``, once the geoparser has found the sentence's towns; and whether any word of the event vocabularies
occurs (``event_words``). Word lists: ``modal_verbs``
and the tables the two modules name.
"""

from __future__ import annotations

from spacy.tokens import Doc

from frontwatch import vocabulary
from frontwatch.events.capture_parse import CAPTURE_WEIGHT, capture_label, main_clause_capture
from frontwatch.events.event_words import has_event_word
from frontwatch.events.non_events import is_gathering, is_habitual
from frontwatch.events.signals import SentenceSignals

_MODALS = frozenset(vocabulary.terms("modal_verbs", lang="en"))


def mark(doc: Doc | None, sig: SentenceSignals) -> None:
    """Set the sentence's parse flags (all stay False / None without a parse)."""
    if doc is None:
        return
    span = doc.char_span(sig.sentence.start, sig.sentence.end, alignment_mode="expand")
    if span is None or not len(span):
        return
    sig.hypothetical = any(c.dep_ == "aux" and c.lower_ in _MODALS for c in span.root.children)
    sig.gathering = is_gathering(span)
    sig.habitual = is_habitual(span)
    sig.event_word = has_event_word(span)


def mark_capture(doc: Doc | None, sig: SentenceSignals) -> None:
    """Set the capture a plain "took <place>" tells, once the geoparser has found the sentence's places
    (a town the tagger calls a people or a person is still a place to take)."""
    if doc is None:
        return
    span = doc.char_span(sig.sentence.start, sig.sentence.end, alignment_mode="expand")
    if span is None or not len(span):
        return
    places = [(t.start, t.end) for t in sig.toponyms if t.place is not None]
    sig.capture = capture_label(span, places)
    sig.main_capture = main_clause_capture(span, places)  # CLASSIFY-CAPTURE-PARSE-DECIDES


def parse_hits(sig: SentenceSignals) -> dict[str, float]:
    """Classifier priors read from the sentence's parse (CLASSIFY-CAPTURE-PARSE)."""
    return {sig.capture: CAPTURE_WEIGHT} if sig.capture else {}
