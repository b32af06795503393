"""Sentence encoders (issue 15): MiniLM's number format, and the distilled static table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from frontwatch.errors import DataBuildError
from frontwatch.events import classify as C
from frontwatch.events import static_encoder as S

# ----------------------------------------------------------------------------- MiniLM's dtype


def test_auto_dtype_follows_the_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTWATCH_ENCODER_DTYPE", raising=False)
    monkeypatch.setattr(C, "_cpu_has_native_bf16", lambda: True)
    assert C.encoder_dtype() == "bfloat16"
    monkeypatch.setattr(C, "_cpu_has_native_bf16", lambda: False)
    assert C.encoder_dtype() == "float32"
    monkeypatch.setenv("FRONTWATCH_ENCODER_DTYPE", "Float32")
    monkeypatch.setattr(C, "_cpu_has_native_bf16", lambda: True)
    assert C.encoder_dtype() == "float32"


def test_a_misspelt_dtype_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTWATCH_ENCODER_DTYPE", "fp8")
    with pytest.raises(DataBuildError, match="FRONTWATCH_ENCODER_DTYPE"):
        C.encoder_dtype()
    with pytest.raises(DataBuildError):
        C.minilm_encoder("int4")


def test_each_dtype_has_its_own_classifier_cache(tmp_path: Path) -> None:
    names = {C.minilm_encoder(d).name for d in C.DTYPES}
    assert len(names) == len(C.DTYPES)
    paths = {C.cache_path(encoder_name=n, cache_dir=tmp_path) for n in names}
    assert len(paths) == len(names)
    # the float32 name is unchanged, so weights cached before issue 15 are still found
    assert C.minilm_encoder("float32").name == "all-MiniLM-L6-v2"


@pytest.mark.slow
def test_bfloat16_vectors_are_float32_unit_and_close_to_float32() -> None:
    texts = [
        "Rebels shelled the market town of Rimo on Tuesday, killing four civilians.",
        "Insurgent artillery hit the Rimo market on Tuesday and four civilians died.",
        "The cooperative reported a record harvest of barley and oats this autumn.",
    ]
    bf = C.minilm_encoder("bfloat16").encode(texts)
    fp = C.minilm_encoder("float32").encode(texts)
    assert bf.dtype == np.float32 and bf.shape == (3, 384)
    assert np.allclose(np.linalg.norm(bf, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(bf, C.minilm_encoder("bfloat16").encode(texts))  # deterministic
    assert (bf * fp).sum(axis=1).min() > 0.99
    sims = bf @ bf.T
    # the paraphrase is near, the harvest far
    assert sims[0, 1] > 0.7 and sims[0, 2] < 0.3


# ----------------------------------------------------------------------------- packed sentences

# written for this test: lengths from one word to past MiniLM's 256 word pieces (truncated)
PACKED_TEXTS = [
    "Shelling.",
    "Rebels shelled the market town of Rimo on Tuesday, killing four civilians and wounding nine.",
    "",
    "The cooperative reported a record harvest of barley and oats this autumn, its chairman said.",
    " ".join(["Fighting spread from the northern districts to the outskirts of the provincial capital"] * 30),
    "Police fired tear gas at hundreds of protesters outside the parliament.",
]


@pytest.mark.slow
@pytest.mark.parametrize("dtype", C.DTYPES)
def test_packed_sentences_give_sentence_transformers_vectors(dtype: str) -> None:
    import torch

    from frontwatch.events import packed_encoder as P

    encoder = C.minilm_encoder(dtype)
    model = C._load_sentence_transformer(str(encoder.path), dtype)
    assert P.packable(model)
    # normalised again in float32, as the encoder did before packing: a bfloat16 norm is coarse
    padded = torch.nn.functional.normalize(model.encode(PACKED_TEXTS, batch_size=16, convert_to_tensor=True).float())
    packed = torch.nn.functional.normalize(P.encode_packed(model, PACKED_TEXTS), dim=1)
    cosines = (padded * packed).sum(dim=1)
    # bfloat16: the padded path pools in bfloat16, within the noise measured against float32
    assert cosines.min().item() > (0.99999 if dtype == "float32" else 0.9998)
    # the pipeline's encoder runs packed
    assert np.allclose(encoder.encode(PACKED_TEXTS), packed.numpy(), atol=1e-6)
    assert tuple(P.encode_packed(model, []).shape) == (0, 384)


@pytest.mark.slow
def test_a_sentence_packed_with_others_is_the_sentence_alone() -> None:
    """Attention stays inside each sentence, across packs of 64 too: company changes no vector."""
    encoder = C.minilm_encoder()
    texts = [f"{t} ({i})" for i in range(12) for t in PACKED_TEXTS]  # 72 sentences: two packs
    together = encoder.encode(texts)
    for i in (0, 5, 63, 64, 71):
        alone = encoder.encode([texts[i]])[0]
        assert float(together[i] @ alone) > 0.9999


def test_only_bert_with_mean_pooling_is_packed() -> None:
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.models import Normalize, Pooling

    from frontwatch.events import packed_encoder as P

    encoder = C.minilm_encoder()
    model = C._load_sentence_transformer(str(encoder.path), encoder.dtype)
    cls_pooled = SentenceTransformer(modules=[model[0], Pooling(384, pooling_mode="cls"), Normalize()], device="cpu")
    assert not P.packable(cls_pooled)
    unnormalised = SentenceTransformer(modules=[model[0], model[1]], device="cpu")
    assert not P.packable(unnormalised)


# ----------------------------------------------------------------------------- static table


def _fake_model(folder: Path, payload: bytes = b"weights") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / "model.safetensors").write_bytes(payload)
    (folder / "vocab.txt").write_text("[PAD]\nfire\nshell\n", encoding="utf-8")
    return folder


def test_table_cache_is_keyed_by_the_model_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[Path] = []

    def fake_build(model_path: Path) -> np.ndarray:
        builds.append(model_path)
        return np.full((3, 4), float(len(builds)), dtype=np.float32)

    monkeypatch.setattr(S, "build_table", fake_build)
    model = _fake_model(tmp_path / "model")
    cache = tmp_path / "cache"
    first = S.load_or_build_table(model, cache_dir=cache)
    again = S.load_or_build_table(model, cache_dir=cache)
    assert len(builds) == 1 and np.array_equal(first, again)  # the second read comes from the cache
    path = S.table_path(model, cache_dir=cache)
    assert path.is_file() and path.name.startswith("static-minilm-")

    (model / "model.safetensors").write_bytes(b"other weights, another size")
    assert S.table_path(model, cache_dir=cache) != path
    rebuilt = S.load_or_build_table(model, cache_dir=cache)
    assert len(builds) == 2 and rebuilt[0, 0] == 2.0

    # a damaged cache file is rebuilt, not trusted
    S.table_path(model, cache_dir=cache).write_bytes(b"not numpy")
    S.load_or_build_table(model, cache_dir=cache)
    assert len(builds) == 3


def test_weighting_zeroes_special_tokens_and_favours_rare_ones() -> None:
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(5, 8)).astype(np.float32)
    table = S.weigh_rows(rows, ["[PAD]", "[unused0]", "the", "fire", "mortar"])
    assert table.shape == (5, 8) and table.dtype == np.float32
    assert not table[:2].any()
    norms = np.linalg.norm(table[2:], axis=1)
    assert norms[0] < norms[1] < norms[2]  # a later (rarer) WordPiece weighs more


@pytest.mark.slow
def test_static_encoding_is_the_normalised_sum_of_token_rows(tmp_path: Path) -> None:
    path = C.minilm_encoder("float32").path
    encoder = S.StaticEncoder(path, cache_dir=tmp_path)
    vocab = (path / "vocab.txt").read_text(encoding="utf-8").split("\n")
    table = np.zeros((len(vocab), 4), dtype=np.float32)
    table[vocab.index("fire")] = [1, 0, 0, 0]
    table[vocab.index("town")] = [0, 1, 0, 0]
    table[vocab.index("harvest")] = [0, 0, 2, 0]
    encoder._table = table  # a hand-made table instead of the minute-long distillation
    out = encoder.encode(["Fire the town", "town fire", "harvest", ""])
    assert out.shape == (4, 4) and out.dtype == np.float32
    assert np.allclose(out[0], [2**-0.5, 2**-0.5, 0, 0]) and np.allclose(out[0], out[1])
    assert np.allclose(out[2], [0, 0, 1, 0])
    assert not out[3].any()  # an empty text is a zero row, not NaN
    assert np.array_equal(out, encoder.encode(["Fire the town", "town fire", "harvest", ""]))


# ----------------------------------------------------------------------------- what gets encoded


def test_only_sentences_that_may_anchor_are_encoded(monkeypatch: pytest.MonkeyPatch) -> None:
    from frontwatch import pipeline
    from frontwatch.events.signals import SentenceSignals
    from frontwatch.model import Article, Sentence

    seen: list[list[str]] = []

    def fake_classify(texts: list[str], extra_hits: list[dict[str, float]] | None = None) -> list[C.Classification]:
        seen.append(list(texts))
        assert extra_hits is None or len(extra_hits) == len(texts)
        return [C.Classification("Armed clash", "Battles", 0.9, False) for _ in texts]

    monkeypatch.setattr(C, "classify_texts", fake_classify)
    texts = [
        "Rebels and soldiers fought for hours near Rimo on Monday.",  # encoded
        "Photo: smoke over the Rimo market after the shelling",  # a caption
        "If the talks fail, the rebels could attack the capital next week.",  # hypothetical
        "Read more.",  # too short to report an event
    ]

    def article(n: int) -> pipeline.ArticleAnalysis:
        a = pipeline.ArticleAnalysis(article=Article(id=f"a{n}", text=" ".join(texts)))
        a.signals = [SentenceSignals(sentence=Sentence(f"a{n}", i, 0, len(t), t)) for i, t in enumerate(texts)]
        a.signals[1].is_caption = True
        a.signals[2].hypothetical = True
        return a

    one, batch = article(0), [article(1), article(2)]
    pipeline.stage_classify(one)
    pipeline._classify_together(batch)
    assert seen == [texts[:1]] * 3  # one call per article, inside a batch too (same rounding)
    for a in (one, *batch):
        assert [s.label.label for s in a.signals] == ["Armed clash", "No event", "No event", "No event"]
