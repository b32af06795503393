"""spaCy's matrix products through numpy's BLAS give the same annotations (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SHARED

from frontwatch import nlp
from frontwatch.config import settings
from frontwatch.nlp import blas_ops

# written for this test: news prose with entities, numbers, a long clause chain, a quote
SENTENCES = [
    "Militants stormed the checkpoint on Tuesday, killing four soldiers and wounding eleven others.",
    "The ministry's spokesman, Omar Haddad, said the attackers had been repelled after heavy fighting overnight.",
    '"We hold the bridge," a commander of the 3rd Brigade told Reuters by telephone from Velmora on 4 March.',
    "Protesters marched from Liberty Square to the parliament, where police fired tear gas and arrested 23 people.",
]


def _annotations(doc: Any) -> list[tuple[Any, ...]]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start)
        for t in doc
    ]


@pytest.fixture(scope="module")
def pipelines() -> tuple[Any, Any]:
    original = nlp._model_package().load()
    faster = nlp._model_package().load()
    assert blas_ops.install(faster) > 100
    return original, faster


def _ops_names(pipe: Any) -> set[str]:
    models = [getattr(c, "model", None) for _, c in pipe.components]
    return {type(layer.ops).__name__ for m in models if hasattr(m, "walk") for layer in m.walk()}


def test_every_layer_of_the_shared_pipelines_multiplies_with_numpy() -> None:
    assert _ops_names(nlp.load()) == {"OpenBlasOps"}
    assert _ops_names(nlp.load_tagger_ner()) == {"OpenBlasOps"}


def test_other_ops_are_left_alone() -> None:
    """Ops that are not exactly thinc's CPU ops (here a subclass standing in for another backend) keep theirs."""
    from thinc.api import NumpyOps

    class OtherOps(NumpyOps):  # type: ignore[misc]
        name = "other"

    pipe = nlp._model_package().load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "tok2vec"])
    for _, component in pipe.components:
        for layer in component.model.walk():
            layer.ops = OtherOps()
    assert blas_ops.install(pipe) == 0
    assert _ops_names(pipe) == {"OtherOps"}


def test_numpy_blas_threads_follow_the_setting() -> None:
    from threadpoolctl import threadpool_info

    nlp.load()
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == settings().torch_threads for pool in blas)


@pytest.mark.parametrize("text", SENTENCES)
def test_same_annotations_as_spacy(pipelines: tuple[Any, Any], text: str) -> None:
    original, faster = pipelines
    assert _annotations(faster(text)) == _annotations(original(text))


def test_same_annotations_over_real_articles_alone_and_in_a_batch(pipelines: tuple[Any, Any]) -> None:
    paths = sorted((SHARED / "seeds" / "articles").glob("*.txt"))
    if not paths:
        pytest.skip("../shared is not present")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    original, faster = pipelines
    want = [_annotations(d) for d in original.pipe(texts)]
    assert [_annotations(d) for d in faster.pipe(texts, batch_size=16)] == want
    assert [_annotations(faster(t)) for t in texts] == want


def test_the_tuned_pipeline_pickles_and_its_copy_annotates_the_same() -> None:
    """A spawned parse process (``--parse-processes`` where processes are spawned, as on macOS) receives the
    pipeline's components pickled: the BLAS ops and the attribute-ruler stand-in must survive it."""
    import pickle

    pipe = nlp.load()
    copy = pickle.loads(pickle.dumps(pipe))
    assert _ops_names(copy) == {"OpenBlasOps"}
    assert copy.pipe_names == pipe.pipe_names
    for text in SENTENCES:
        assert _annotations(copy(text)) == _annotations(pipe(text))
