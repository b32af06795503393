"""One normalisation of place names, used both to build the gazetteer and to look names up.

``name_key`` folds the spelling variants that news text and GeoNames disagree on into one key:

- case, diacritics and Latin transliteration (unidecode): "Mazār-e Sharīf" -> "mazar sharif";
- punctuation, apostrophes, backticks and ayn/hamza marks: "Sa'dah", "Sa`dah", "Saʿdah";
- hyphens, including broken ones from line wrapping ("Mazar-e- Sharif");
- Persian/Arabic joining particles written as separate words or hyphen parts
  ("-e-", "-i-", "-ye-", "-yi-"): "Mazar-i-Sharif" and "Mazar-e Sharif" get one key;
- the Arabic article at the start of a name or of a hyphen part ("al-", "el-", "ad-", "ash-", ...):
  "Al Anbar", "al-Anbar" and "Anbar" get one key;
- the space or hyphen inside compounds: "Pul-e Khumri" and "Pulkhumri" both key to "pulkhumri"
  because the key drops every space.

Names in a non-Latin script (Arabic, Cyrillic, CJK, ...) are not transliterated: unidecode turns
Arabic into consonant skeletons that collide with unrelated Latin names, so such names keep their
script and only lose case, marks and punctuation. The key of a name the text spells in that same
script still matches.

The key must not change without bumping ``GAZETTEER_VERSION`` in ``frontwatch.geo.build``:
keys are stored in the gazetteer file.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from unidecode import unidecode

from frontwatch import vocabulary

# Joining particles of Persian/Pashto izafe and Arabic names, dropped when they stand alone (name_particles.tsv).
_PARTICLES = frozenset(vocabulary.terms("name_particles", izafe="yes"))
# Arabic article forms (sun-letter assimilated ones too) dropped at the start of a word group.
_ARTICLES = frozenset(vocabulary.terms("name_particles", article="yes"))
_APOSTROPHES = re.compile(r"[’'`´ʻʼʿʾ‘]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is Latin (with or without diacritics)."""
    for ch in text:
        if ch.isalpha() and not ch.isascii() and unicodedata.category(ch) != "Lm":
            try:
                if "LATIN" not in unicodedata.name(ch):
                    return False
            except ValueError:
                return False
    return True


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_words(text: str) -> list[str]:
    """The normalised words of a name before they are joined into a key."""
    text = _APOSTROPHES.sub("", text)  # before the script test: ayn marks are modifier letters
    if not text.isascii():
        if not is_latin(text):
            return [w for w in _NON_WORD.split(_strip_marks(text).casefold()) if w]
        text = _APOSTROPHES.sub("", unidecode(text))  # unidecode writes ayn/hamza as ' or `
    ascii_text = text.lower()
    words: list[str] = []
    # hyphen parts are kept as a group so that "al-" is recognised as an article of the next part
    for group in re.split(r"\s+", ascii_text):
        parts = [p for p in _NON_ALNUM.split(group) if p]
        if "." in group:  # an abbreviation ("N.E.", "I.E."): every letter counts
            words.extend(parts)
            continue
        for j, part in enumerate(parts):
            if part in _PARTICLES and (words or j > 0):
                continue
            if part in _ARTICLES and j + 1 < len(parts):
                continue  # "al-Anbar", "ash-Shifa"
            words.append(part)
    # a lone leading article written with a space ("Al Anbar", "El Fasher") goes too, but only when
    # something follows it: "As" alone is a word, not an empty key
    while len(words) > 1 and words[0] in _ARTICLES:
        words.pop(0)
    return words


@functools.lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The lookup key of a place name: stable, lower-case, without spaces (empty when nothing is left)."""
    key = "".join(name_words(text))
    # "Ky.", "Pa.", "Ill." are state abbreviations only with their period: keep it in the key so
    # that the words "Ill" or "Miss" never match them
    # "N.Y", "W.Va" lose their last period to the sentence's full stop: an inner one marks them too
    dotted = text.endswith(".") or "." in text.rstrip(".")
    if dotted and key and len(key) <= 4:
        key += "."
    return key


# Spelling moves between Latin transliterations of one Arabic or Persian name: a doubled
# consonant written once ("Hamat" / "Hammat"), a short vowel written or not ("Nasir" / "Nasr"),
# an article kept as its own word ("Tell al Zaraf" / "Tell Zaraf").
_LOOSE_VOWELS = frozenset("eiou")
_LOOSE_ARTICLES = vocabulary.terms("name_particles", loose="yes")
LOOSE_MIN_KEY = 7


def _one_step(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for n, w in enumerate(words):
        for i, ch in enumerate(w):
            if ch.isalpha() and ch not in "aeiou":
                out.add((*words[:n], w[: i + 1] + ch + w[i + 1 :], *words[n + 1 :]))
            if 0 < i < len(w) - 1 and ch in _LOOSE_VOWELS:
                out.add((*words[:n], w[:i] + w[i + 1 :], *words[n + 1 :]))
        if 0 < n:
            for art in _LOOSE_ARTICLES:
                out.add((*words[:n], art, *words[n:]))
    return out


def loose_keys(text: str) -> list[str]:
    """Keys within two spelling moves of ``text``'s key (see above), for a multi-word Latin name
    the gazetteer does not hold as written. Empty for one word or a short key: short names
    collide too easily."""
    words = tuple(name_words(text))
    if len(words) < 2 or len("".join(words)) < LOOSE_MIN_KEY or not is_latin(text):
        return []
    first = _one_step(words)
    second = set().union(*(_one_step(w) for w in first)) if first else set()
    return sorted({"".join(w) for w in first | second} - {"".join(words)})
