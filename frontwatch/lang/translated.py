"""Spanish and Portuguese: the English pipeline on a sentence-by-sentence machine translation.

The translation is assembled sentence by sentence (the same paragraph breaks as the original),
so every character of it belongs to exactly one original sentence. After the English stages
have run, each evidence span, claim and sentence is mapped back to the original sentence it
was translated from: evidence always points into the text that was stored. A claim keeps the
original sentence as its ``text`` and the English beside it (``Claim.translation``).
"""

from __future__ import annotations

import bisect
import dataclasses
from typing import TYPE_CHECKING

from frontwatch.errors import warning
from frontwatch.geo.normalize import name_key
from frontwatch.lang.sentences import split
from frontwatch.lang.translate import TRANSLATORS, translate_sentences
from frontwatch.model import Sentence, Span

if TYPE_CHECKING:
    from collections.abc import Iterable

    from frontwatch.pipeline import ArticleAnalysis


@dataclasses.dataclass
class Translation:
    text: str
    starts: list[int]  # where each translated sentence starts in ``text``
    sentences: list[Sentence]  # the original sentences, in the same order

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original span (whole sentences) that translated characters start..end came from."""
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        j = max(i, bisect.bisect_right(self.starts, max(start, end - 1)) - 1)
        return self.sentences[i].start, self.sentences[j].end


def _is_place(name: str) -> bool:
    from frontwatch.pipeline import gazetteer

    key = name_key(name)
    return bool(key) and len(key) > 2 and gazetteer().has_key(key)


def translate_article(article_id: str, text: str, lang: str) -> Translation:
    sents = split(article_id, text)
    english = translate_sentences(lang, [s.text for s in sents], _is_place)
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for i, (s, t) in enumerate(zip(sents, english, strict=True)):
        if i:
            sep = "\n" if "\n" in text[sents[i - 1].end : s.start] else " "
            parts.append(sep)
            pos += len(sep)
        t = " ".join(t.split()) or "."
        starts.append(pos)
        parts.append(t)
        pos += len(t)
    return Translation("".join(parts), starts, sents)


def analyse_translated(result: ArticleAnalysis, lang: str, *, only: Iterable[str] | None = None) -> None:
    from frontwatch.pipeline import ArticleAnalysis, run_stages

    article = result.article
    tr = translate_article(article.id, article.text, lang)
    result.warnings.append(warning("FW-LANG-002", f"{lang}, translated by {TRANSLATORS[lang]}"))
    english = dataclasses.replace(article, text=tr.text, language="en", warnings=[])
    sub = ArticleAnalysis(article=english)
    run_stages(sub, only=only)

    def span(s: Span) -> Span:
        a, b = tr.original(s.start, s.end)
        return Span(article.id, a, b)

    done: set[int] = set()
    for c in [*sub.claims, *(c for r in sub.reports for c in r.claims)]:
        if id(c) in done:
            continue
        done.add(id(c))
        a, b = tr.original(c.start, c.end)
        c.translation, c.text, c.start, c.end, c.language = c.text, article.text[a:b], a, b, lang
    for r in sub.reports:
        r.evidence = {k: [span(s) for s in v] for k, v in r.evidence.items()}
        r.language = lang
    result.sentences = tr.sentences
    result.claims = sub.claims
    result.reports = sub.reports
    result.warnings.extend(sub.warnings)
    result.translation = tr.text  # kept beside the analysis for benches and debugging
