"""Sentence spans for languages the English spaCy pipeline cannot split.

Rules that hold for French, Spanish, Portuguese, Russian, Ukrainian and Arabic news: a line
break ends a sentence (headlines, datelines and captions are unpunctuated lines), and so does
a full stop, question or exclamation mark (Latin or Arabic) followed by white space and an
upper-case letter, a quote, a dash or a digit. Arabic has no capitals: there any white space
after the stop ends the sentence. Abbreviations that end in a stop before a capital ("M.",
"г.", "ул.") are listed per language in ``vocab/sentence_abbreviations.tsv``.
"""

from __future__ import annotations

import functools
import re

from frontwatch import vocabulary
from frontwatch.model import Sentence

_END = re.compile(r"[.!?؟…]+[»”\"')\]]*\s+(?=[\"«“„(\[—–-]?\s*[A-ZÀ-ÝА-ЯЁІЇЄҐ0-9\u0600-\u06ff])")
_LINE = re.compile(r"[^\n]+")


@functools.cache
def _abbreviations() -> frozenset[str]:
    return frozenset(t.lower() for t in vocabulary.terms("sentence_abbreviations"))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, stripped of surrounding white space, in text order."""
    out: list[tuple[int, int]] = []
    abbrev = _abbreviations()
    for line in _LINE.finditer(text):
        start = line.start()
        for m in _END.finditer(line.group()):
            cut = line.start() + m.end()
            head = text[start : line.start() + m.start() + 1].split()
            if head and head[-1].lower() in abbrev:
                continue
            out.append((start, cut))
            start = cut
        out.append((start, line.end()))
    spans = []
    for a, b in out:
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if b - trail > a + lead:
            spans.append((a + lead, b - trail))
    return spans


def split(article_id: str, text: str) -> list[Sentence]:
    return [Sentence(article_id, i, a, b, text[a:b]) for i, (a, b) in enumerate(sentence_spans(text))]
