"""Country names in the languages read without a translator: the hand table and the CLDR names.

``vocab/country_words_intl`` holds the adjectives and inflected stems a reader needs ("украинск",
"burkinabè"); the names of every country come from the Unicode CLDR territory names that ship
with Babel (``babel.Locale(lang).territories``, Unicode licence), so a story about a war the table
never listed still finds its countries ("Tchad", "إسرائيل", "Сомали"). Rule ACTORS-INTL-CLDR-COUNTRIES:

- only one-word names of ISO 3166 countries, at least four letters, matched as word beginnings
  ("إسرائيلية" starts with "إسرائيل", "tchadien" with "tchad");
- in cased scripts only a capitalised word may be a CLDR name, so Russian "того" ("of that") is not Togo;
- Arabic names of four letters or fewer are left out ("عمان" is both Oman and Amman); the article and
  "and" written onto an Arabic adjective are read off ("الإسرائيلي").
"""

from __future__ import annotations

import functools

import pycountry

from frontwatch import vocabulary

MIN_LETTERS = 4
MIN_LETTERS_AR = 5


@functools.cache
def table_terms(lang: str) -> tuple[tuple[str, str], ...]:
    """(lower-case word beginning, ISO code) rows of the hand table, longest first."""
    rows = [(r["term"].lower(), r["country"]) for r in vocabulary.select("country_words_intl", lang=lang)]
    return tuple(sorted(rows, key=lambda x: len(x[0]), reverse=True))


@functools.cache
def cldr_names(lang: str) -> tuple[tuple[str, str], ...]:
    """(lower-case name, ISO code) of every country CLDR names in one word in ``lang``, longest first."""
    try:
        from babel import Locale

        territories = Locale.parse(lang).territories
    except Exception:  # noqa: BLE001 - no CLDR data for the language: the hand table alone
        return ()
    codes = {c.alpha_2 for c in pycountry.countries}
    least = MIN_LETTERS_AR if lang == "ar" else MIN_LETTERS
    rows = {
        (name.lower(), code)
        for code, name in territories.items()
        if code in codes and " " not in name and "-" not in name and len(name) >= least
    }
    return tuple(sorted(rows, key=lambda x: (-len(x[0]), x[0])))


@functools.cache
def _clitics() -> tuple[str, ...]:
    """Arabic clitics, longest first (``vocab/arabic_clitics``)."""
    return tuple(sorted(vocabulary.terms("arabic_clitics", lang="ar"), key=len, reverse=True))


def country_of(word: str, lang: str) -> str | None:
    """The ISO code a word names as a country or its adjective, or None."""
    low = word.lower()
    hit = next((cc for stem, cc in table_terms(lang) if low.startswith(stem)), None)
    if hit is not None:
        return hit
    if lang != "ar" and not word[:1].isupper():
        return None
    forms = [low]
    if lang == "ar":
        # the article and the clitics written onto an adjective: "الإسرائيلي", "والسوري" (vocab/arabic_clitics)
        lead = next((c for c in _clitics() if low.startswith(c) and len(low) - len(c) >= MIN_LETTERS_AR), None)
        if lead is not None:
            forms.append(low[len(lead) :])
    return next((cc for name, cc in cldr_names(lang) for f in forms if f.startswith(name)), None)
