"""The vocabulary tables parse, hold each term once, and are the only home of their words."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import spacy.lang.en.stop_words
import spacy.lang.es.stop_words
import spacy.lang.fr.stop_words
import spacy.lang.ru.stop_words

from frontwatch import vocabulary

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", vocabulary.table_names())
def test_table_parses_without_duplicates(name: str) -> None:
    rows = vocabulary.rows(name)
    assert rows, f"{name} is empty"
    keys = [tuple(v.lower() for k, v in r.items() if k in ("term", "lang")) for r in rows]
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes, f"{name}: listed twice: {sorted(dupes)}"
    assert all(r["term"] for r in rows), f"{name}: a row without a term"


def test_unknown_table_and_column_fail_loudly() -> None:
    with pytest.raises(KeyError):
        vocabulary.rows("no_such_table")
    for name in vocabulary.table_names():
        with pytest.raises(KeyError):
            vocabulary.terms(name, no_such_column="x")
        break


def test_alternation_matches_wrapped_multiword_terms(tmp_path: Path) -> None:
    for name in vocabulary.table_names():
        multi = [t for t in vocabulary.terms(name) if " " in t]
        if multi:
            wrapped = multi[0].replace(" ", "\n", 1)
            assert re.search(vocabulary.alternation(name), wrapped)
            return
    pytest.skip("no multi-word term in any table yet")


# 4+ bare words or phrases joined by "|" in a regex, "(?:said|told|says|stated)" or a run "|from|to|via|born in"
# after another part of the pattern; "\s+" between words is a space, "s?" and "[eé]" spell two forms of a word.
# A word is lower-case letters of any script ("в", "communiqué", "الجيش").
_L = r"[^\W\dA-Z_]"
_WORD = rf"(?:\\b)?{_L}(?:{_L}|['-])*(?:\[[^\]|()\\]+\]|s\?)?{_L}*(?:(?:\\s[+*]?| ){_L}(?:{_L}|['-])*(?:s\?)?)*"
_ALTERNATION = re.compile(r"(?<![\w\\])(" + _WORD + r"(?:\|" + _WORD + r"){3,})(?![\w\[])")
# a quoted word or phrase ("said", 'according to', "l'"): the items of a tuple, set, list or dict's keys
_QUOTED = r"""(?:"([^\W\d_][\w' ’-]*)"|'([^\W\d_][\w ’-]*)')"""
_ITEMS = re.compile(rf"[\(\[\{{,]\s*(?:{_QUOTED}\s*(?::[^,\n]*)?,\s*){{3,}}{_QUOTED}")
# a string of 4+ words split in code: "january february march april".split()
_SPLIT = re.compile(r'("""|")([^"]+)\1\s*\.split\(\)')


def _forms(word: str) -> set[str]:
    r"""The words a regex piece spells: "statements?" is two, "communiqu[eé]" two, "talks\s+in" one."""
    word = re.sub(r"\\s[+*]?", " ", word.removeprefix("\\b"))
    if m := re.search(r"\[([^\]]+)\]", word):
        return {f for ch in m.group(1) for f in _forms(word[: m.start()] + ch + word[m.end() :])}
    if "s?" in word:
        return _forms(word.replace("s?", "s", 1)) | _forms(word.replace("s?", "", 1))
    return {word}


def _quoted_word_lists(source: str) -> list[set[str]]:
    """Sets of 4+ words written in code: a literal tuple, set or list, a dict's keys, a split string, or a regex
    alternation."""
    found = []
    for m in _ITEMS.finditer(source):
        found.append({(a or b).lower() for a, b in re.findall(_QUOTED, m.group(0))})
    for m in _SPLIT.finditer(source):
        words = {w.lower() for w in m.group(2).split()}
        if len(words) >= 4:
            found.append(words)
    for m in _ALTERNATION.finditer(source):
        found.append({f for w in m.group(1).split("|") for f in _forms(w)})
    return found


def test_the_detector_sees_tuples_and_regex_alternations() -> None:
    assert {"said", "told", "says", "stated"} in _quoted_word_lists('X = ("said", "told", "says", "stated", )')
    assert {"said", "told", "says", "according to"} in _quoted_word_lists(r'r"\b(?:said|told|says|according\s+to)\b"')
    assert not _quoted_word_lists(r'r"(?:said|told)\s+(?:the\s+)?$"')
    # a run of words after another part of the pattern, and the optional and alternative letters of a word
    assert {"from", "to", "via", "born in"} in _quoted_word_lists(r'r"|\bfrom|\bto|\bvia|\bborn\s+in)"')
    found = _quoted_word_lists(r'r"(?:statements?|officials?|leaders?|communiqu[eé])\b"')
    assert {
        "statement",
        "statements",
        "official",
        "officials",
        "leader",
        "leaders",
        "communique",
        "communiqué",
    } in found
    # a tuple without a trailing comma, single quotes, a dict's keys, a split string, words of other scripts
    assert {"said", "told", "says", "stated"} in _quoted_word_lists("X = ('said', 'told', 'says', 'stated')")
    assert {"said", "told", "says", "stated"} in _quoted_word_lists(
        'X = {"said": 1, "told": 2, "says": 3, "stated": 4}'
    )
    assert {"january", "february", "march", "april"} in _quoted_word_lists(
        '"""january february\n march april""".split()'
    )
    assert {"в", "во", "на", "у"} in _quoted_word_lists(r'r"^(?:в|во|на|у)\s+"')
    assert not _quoted_word_lists('X = ("said", "told", "says")')


# The lists that lived in code before their tables (issue 11), as they were written: the detector must see each
# as a copy of its table, so that writing one back into a module fails test_no_table_is_repeated_as_a_list_in_code.
_MOVED = [
    ("press_words", r'r"|speaking|spoke|briefing|briefed|conference|statement|interview|reporters|journalists)"'),
    ("place_role_cues", r'r"|\bfrom|\bto|\btowards?|\bvia|\bbased in|\bheadquartered in|\bofficials? in|\btalks in)"'),
    ("source_phrases", r'r"|leaders?|sources?|media|propaganda|news\s+agency|channel|website|outlet|communiqu[ée])\b"'),
    ("source_phrases", '("official", "spokesman", "spokeswoman", "spokesperson", "source", "commander")'),
    ("source_modifiers", r'r"(?:(?:chief|main|official|military|deputy|top|senior|local|provincial|regional|district"'),
    ("source_modifiers", '"""local provincial regional district senior junior deputy former acting top""".split()'),
    ("document_words", r'r"\b(?:it|the\s+(?:statement|message|tweet|post|letter|notice|communiqu[eé]|video))\s+"'),
    ("gathering_stems", r'r"(?:on|at|into)) (?:a |the )?(?:\w+ )?(?:protest|demonstrat|crowd|march|rall|sit-in)"'),
    # the last pass: the classifier's side and crowd words, the claim directions, the armed-group words of five
    # modules, and geo/words.py's lists with their copies in events/places, geo/normalize, claims and dates/
    ("actor_words_intl", r'r"\b(militants?|insurgents?|rebels?|jihadists?|fighters|gunmen|attackers?|extremists?)\b"'),
    ("actor_words_intl", r'r"\b(?:army|troops|soldiers|government|military|police|marines|commandos|peshmerga)"'),
    ("crowd_words", r'r"\b(?:protesters?|demonstrators?|students|youths|rioters|crowds?)\b.{0,40}\bclash"'),
    ("control_verbs", r'r"retook|retaken|recaptured|regained|liberated|cleared|clearing|maintain(?:s|ed)? control|"'),
    ("place_words", '{"library", "centre", "center", "farm", "hall", "stadium", "arena", "museum", "basilica"}'),
    ("place_words", '{"airfield", "airport", "airbase", "base", "valley", "border", "area", "outskirts", "residents"}'),
    ("name_particles", '{"al", "el", "bin", "ibn", "de", "da", "van", "von", "ul", "ud", "ur", "ad", "as"}'),
    ("calendar_words", '["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].index(wd)'),
    ("distance_units", r'r"\b\d[\d,.]*\s*(?:km|kilometres|kilometers|miles|mi)\b"'),
]


@pytest.mark.parametrize(("name", "written"), _MOVED)
def test_the_detector_sees_the_lists_that_moved_to_tables(name: str, written: str) -> None:
    table = {t.lower() for t in vocabulary.terms(name)}
    lists = [words for words in _quoted_word_lists(written) if not _is_grammar(words)]
    assert any(len(words & table) >= 4 for words in lists), name


# A list made of grammar words is grammar each rule combines its own way, not a vocabulary: "in|at|near|inside"
# before a place (events/places.py), "of|for|the|and" inside a force's name, "le|la|des|du" opening a French phrase,
# "had|has|was|will|would" before a verb. Grammar words are spaCy's stop words of the languages read, and the
# three prepositions its English list leaves out.
_GRAMMAR = (
    frozenset(spacy.lang.en.stop_words.STOP_WORDS)
    | frozenset(spacy.lang.fr.stop_words.STOP_WORDS)
    | frozenset(spacy.lang.es.stop_words.STOP_WORDS)
    | frozenset(spacy.lang.ru.stop_words.STOP_WORDS)
    | {"near", "inside", "outside"}
)


def _is_grammar(words: set[str]) -> bool:
    return sum(w in _GRAMMAR for w in words) >= 0.8 * len(words)


def test_only_lists_of_grammar_words_are_grammar() -> None:
    assert _is_grammar({"in", "at", "near", "inside", "outside", "into"})
    assert _is_grammar({"le", "la", "des", "du", "de", "el", "los", "в", "на"})
    assert not _is_grammar({"said", "told", "says", "stated"})
    assert not _is_grammar({"north", "south", "east", "west", "from"})
    assert not _is_grammar({"al", "el", "bin", "ibn", "de", "da", "van", "von", "ul", "ud", "ur", "ad", "as"})


@cache
def _code_lists() -> tuple[tuple[str, frozenset[str]], ...]:
    """(module, words) for every list of 4+ words in frontwatch's code that is not a list of grammar words."""
    return tuple(
        (str(path.relative_to(ROOT)), frozenset(words))
        for path in sorted((ROOT / "frontwatch").rglob("*.py"))
        for words in _quoted_word_lists(path.read_text(encoding="utf-8"))
        if not _is_grammar(words)
    )


def _copies(name: str) -> dict[str, list[str]]:
    """Code lists holding 4+ of the table's words that are most of the list or most of the table: module -> lists."""
    table = {t.lower() for t in vocabulary.terms(name)}
    found: dict[str, list[str]] = {}
    for path, words in _code_lists():
        overlap = words & table
        if len(overlap) >= 4 and len(overlap) >= 0.6 * min(len(words), len(table)):
            found.setdefault(path, []).append(str(sorted(overlap)[:6]))
    return found


@pytest.mark.parametrize("name", vocabulary.table_names())
def test_no_table_is_repeated_as_a_list_in_code(name: str) -> None:
    """A table's words are not also kept as a literal list in the code (the drift the tables end)."""
    offenders = [f"{path}: {words}" for path, words in _copies(name).items()]
    assert not offenders, f"words of vocab table {name} repeated in code:\n" + "\n".join(offenders)


@pytest.mark.parametrize("name", vocabulary.table_names())
def test_every_table_is_read_by_the_code(name: str) -> None:
    """A table no module names is a list nobody reads (or one read under another name by mistake)."""
    assert f'"{name}"' in _code() or f"'{name}'" in _code(), name


@cache
def _code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "frontwatch").rglob("*.py"))


def test_filters_take_one_value_or_a_collection_of_values() -> None:
    said = set(vocabulary.terms("attribution_verbs", lang="en", form="verb", canonical="said"))
    told = set(vocabulary.terms("attribution_verbs", lang="en", form="verb", canonical="told"))
    both = set(vocabulary.terms("attribution_verbs", lang="en", form="verb", canonical=("said", "told")))
    assert "said" in said and "told" in told and both == said | told
    assert set(vocabulary.lookup("attribution_verbs", "lang", lang="fr").values()) == {"fr"}
    with pytest.raises(KeyError):
        vocabulary.lookup("attribution_verbs", "canonical", no_such_column="x")


def test_attribution_rows_of_every_language_say_where_the_speaker_stands() -> None:
    rows = vocabulary.rows("attribution_verbs")
    assert {r["lang"] for r in rows} >= {"en", "fr", "ru", "uk", "ar"}
    assert all(r["source"] in ("before", "after") and r["canonical"] and r["stance"] for r in rows)
    # a preposition names its source after it ("according to X", "selon X")
    assert all(r["source"] == "after" for r in rows if r["form"] == "prep")
    # English speech-verb readers never see another language's words
    from frontwatch.claims.attribution import VERB_STANCE

    assert "selon" not in VERB_STANCE and "according to" not in VERB_STANCE


def test_still_fighting_words_are_the_ongoing_rows_of_partial_control() -> None:
    from frontwatch.control.rules import still_fighting_now

    for term in vocabulary.terms("partial_control", extent="ongoing", lang="en"):
        assert still_fighting_now(f"Rebels say they took Zarovka. Soldiers reported {term} near the bridge.")


# Two modules that keep the same words as their own lists hold one vocabulary in two places too. Only the modules
# that read text are compared (the store's and the API's lists are column names); a list with a word holding a digit
# or "_" names identifiers ("admin1", "event_date"), one of one- and two-letter pieces codes or suffixes ("ar|fr|ru",
# "st|nd|rd|th"): neither is a vocabulary.
_TEXT_MODULES = ("claims", "control", "cluster", "dates", "events", "geo", "lang", "numbers")


def _is_identifiers(words: frozenset[str]) -> bool:
    # codes, not words: spaCy's dependency and tag labels ("nsubj", "dobj") are the parser's scheme
    from spacy.glossary import GLOSSARY

    labels = {k.lower() for k in GLOSSARY}
    return any(re.search(r"[\d_]", w) for w in words) or all(len(w) <= 2 for w in words) or words <= labels


def _shared_in_code() -> dict[tuple[str, str], list[str]]:
    lists = [
        (path, words)
        for path, words in _code_lists()
        if (path.split("/")[1] in _TEXT_MODULES or path == "frontwatch/pipeline.py") and not _is_identifiers(words)
    ]
    found: dict[tuple[str, str], list[str]] = {}
    for i, (a_path, a) in enumerate(lists):
        for b_path, b in lists[i + 1 :]:
            shared = a & b - _GRAMMAR
            if a_path != b_path and len(shared) >= 4 and len(shared) >= 0.6 * min(len(a), len(b)):
                found.setdefault(tuple(sorted((a_path, b_path))), []).append(str(sorted(shared)[:6]))
    return found


def test_no_two_modules_keep_the_same_list() -> None:
    offenders = [f"{a} and {b}: {words}" for (a, b), words in _shared_in_code().items()]
    assert not offenders, "the same words kept as a list in two modules:\n" + "\n".join(offenders)


def test_identifiers_and_codes_are_no_vocabulary() -> None:
    assert _is_identifiers(frozenset({"admin1", "admin2", "airport", "city"}))
    assert _is_identifiers(frozenset({"ar", "fr", "ru", "uk"}))
    assert not _is_identifiers(frozenset({"detainee", "detainees", "inmate", "inmates"}))
