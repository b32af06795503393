"""The stand-ins for spaCy's attribute ruler and lemmatizer give the same annotations (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SHARED

from frontwatch import nlp
from frontwatch.nlp import fast_annotations

# written for this test: the ruler's word exceptions (pronouns, modals, "that" as a relative),
# its multi-token patterns ("gon na", "ai n't", "let 's", "y' all", expletive "there is"),
# spaces, and plain news prose
SENTENCES = [
    "I'd say we ain't gonna wait, but you can't stop them, y'all know that.",
    "Let's go: there is a convoy that was hit, and there were two more behind it.",
    "  \n He gave it to her, not to us; it's theirs and hers, they said themselves.",
    "Militants stormed the checkpoint on Tuesday, killing four soldiers and wounding eleven others.",
    "Something happened to everyone who gotta leave, whether or not anybody saw it.",
    "The ministry's spokesman said the attackers had been repelled after heavy fighting overnight.",
]


def _annotations(doc: Any) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.fixture(scope="module")
def pipelines() -> tuple[Any, Any]:
    original = nlp._model_package().load()
    fast = nlp._model_package().load()
    assert fast_annotations.install(fast)
    return original, fast


def test_the_shared_pipeline_runs_the_stand_ins() -> None:
    names = nlp.load().pipe_names
    assert "fast_attributes" in names and "cached_lemmatizer" in names
    assert "attribute_ruler" not in names and "lemmatizer" not in names


@pytest.mark.parametrize("text", SENTENCES)
def test_same_annotations_as_spacy(pipelines: tuple[Any, Any], text: str) -> None:
    original, fast = pipelines
    assert _annotations(fast(text)) == _annotations(original(text))


def test_same_annotations_twice_over_a_real_article(pipelines: tuple[Any, Any]) -> None:
    """A real article, parsed twice: the second pass answers from the caches."""
    path = SHARED / "seeds" / "articles" / "000_45424dc2494d60a3.txt"
    if not path.is_file():
        pytest.skip("../shared is not present")
    text = path.read_text(encoding="utf-8")
    original, fast = pipelines
    want = _annotations(original(text))
    assert _annotations(fast(text)) == want
    assert _annotations(fast(text)) == want


def test_a_pattern_it_cannot_read_leaves_spacy_in_place() -> None:
    pipe = nlp._model_package().load()
    pipe.get_pipe("attribute_ruler").add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    assert not fast_annotations.install(pipe)
    assert "attribute_ruler" in pipe.pipe_names and "lemmatizer" in pipe.pipe_names
    assert "fast_attributes" not in pipe.pipe_names
