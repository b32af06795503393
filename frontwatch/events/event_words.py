"""Whether a sentence uses any word of the event vocabularies (CLASSIFY-NEEDS-EVENT-WORD, issue 15).

The sentence encoder is most of what ingest costs beyond the parse, and most sentences of general
news (a council vote, a recipe, a football match) hold no word of violence, protest, territory or
another ACLED event. Such a sentence is not encoded and keeps "No event": an ACLED event is told
with one of those words, and the classifier's event labels on sentences without one were, when
measured, almost all wrong (a choir rehearsal read as a peaceful protest; bench/RESULTS.md).

The words come from the vocabulary tables, never from a list here: the English lemmas of
``event_triggers_intl`` (``match=lemma``), and every English word or phrase of ``attack_words``,
``raid_verbs``, ``crowd_words``, ``control_verbs`` and ``deployment_words``. A keyword rule of the
classifier (``rules.rule_hits``) or a capture read from the parse also counts, and so does a
casualty count (checked by ``assemble.may_anchor``, since counts are read after the parse).
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Span

from frontwatch import nlp, vocabulary
from frontwatch.events.rules import rule_hits
from frontwatch.rulebook import register

# the tables whose English words tell an event happened, besides event_triggers_intl's lemmas
_EVENT_TABLES = ("attack_words", "raid_verbs", "crowd_words", "control_verbs", "deployment_words")


@functools.cache
def _vocabulary() -> tuple[frozenset[str], frozenset[str], re.Pattern[str] | None]:
    """(lemmas, single word forms, one pattern of the multi-word phrases), all lower-cased."""
    lemmas = frozenset(t.lower() for t in vocabulary.terms("event_triggers_intl", lang="en", match="lemma"))
    words: set[str] = set()
    phrases: list[str] = []
    for name in _EVENT_TABLES:
        rows = vocabulary.select(name, lang="en")
        if name == "crowd_words":  # "students", "youths" only say who clashed, not that anything happened
            rows = tuple(r for r in rows if r.get("shows"))
        for term in (r["term"].strip().lower() for r in rows):
            if " " in term:
                phrases.append(term)
            else:
                words.add(term)
    pattern = None
    if phrases:
        pattern = re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) + r")\b")
    return lemmas, frozenset(words), pattern


def has_event_word(span: Span) -> bool:
    """Whether the sentence (a parsed span) holds a word of the event vocabularies or fires a keyword rule."""
    lemmas, words, phrases = _vocabulary()
    for tok in span:
        if tok.lower_ in words or tok.lemma_.lower() in lemmas:
            return True
    text = span.text
    if phrases is not None and phrases.search(text.lower()):
        return True
    return bool(rule_hits(text))


CLASSIFY_NEEDS_EVENT_WORD = register(
    "CLASSIFY-NEEDS-EVENT-WORD",
    stage="classify",
    reason="a sentence with no word of violence, protest, territory or an ACLED development tells no event; it is not encoded",
    positive=[
        "Students from nine schools rehearsed a song during choir practice on Saturday.",
        "The council approved a grant for the new library in Zarovka.",
        "Tickets are available through the festival website.",
    ],
    negative=[
        "Gunmen stormed a checkpoint near Zarovka on Monday.",
        "Thousands marched through the capital demanding the minister's resignation.",
        "The rebels fought government troops outside Ardova.",
        "Militiamen took control of the bridge on Sunday.",
        "Two civilians died when a shell hit their house.",
    ],
    check=lambda t: not has_event_word(nlp.first_sentence(t)),
    needs_parse=True,
)
