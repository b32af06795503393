"""CLASSIFY-NEEDS-EVENT-WORD in the pipeline: only sentences with an event word reach the encoder."""

from __future__ import annotations

from datetime import date

import pytest

from frontwatch import vocabulary
from frontwatch.events import classify
from frontwatch.model import Article
from frontwatch.pipeline import analyse

TEXT = (
    "Students from nine schools rehearsed a song during choir practice in Zarovka on Saturday. "
    "Rebels attacked an army post in Zarovka on Saturday, killing four soldiers, officials said. "
    "Four soldiers died and three were wounded in the fighting near the bridge."
)


@pytest.fixture
def encoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the classifier is asked about during one test."""
    seen: list[str] = []
    real = classify.EventClassifier.probabilities

    def spy(self: classify.EventClassifier, texts):  # type: ignore[no-untyped-def]
        seen.extend(texts)
        return real(self, texts)

    monkeypatch.setattr(classify.EventClassifier, "probabilities", spy)
    return seen


def test_only_sentences_with_an_event_word_are_encoded(encoded: list[str]) -> None:
    result = analyse(Article(id="ew-1", text=TEXT, published=date(2024, 5, 6), outlet="Test Wire"))
    assert not any("choir" in t for t in encoded)
    assert any("attacked" in t for t in encoded) and any("died" in t for t in encoded)
    choir = next(s for s in result.signals if "choir" in s.sentence.text)
    assert not choir.event_word and choir.label.label == classify.NO_EVENT and choir.label.score == 0.0
    attack = next(s for s in result.signals if "attacked" in s.sentence.text)
    assert attack.event_word and attack.label.label != classify.NO_EVENT


def test_lemma_rows_and_word_beginnings_are_told_apart() -> None:
    # English rows are lemmas for the parser; the other languages' rows are word beginnings
    assert set(vocabulary.terms("event_triggers_intl", lang="en")) == set(
        vocabulary.terms("event_triggers_intl", lang="en", match="lemma")
    )
    assert not vocabulary.terms("event_triggers_intl", lang="fr", match="lemma")
    assert vocabulary.terms("event_triggers_intl", lang="fr", match="start")
