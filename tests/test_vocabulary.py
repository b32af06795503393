"""The vocabulary tables parse, hold each term once, and are the only home of their words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
# after another part of the pattern; "\s+" between words is a space, "s?" and "[eé]" spell two forms of a word
_WORD = r"(?:\\b)?[a-z][a-z'-]*(?:\[[^\]|()\\]+\]|s\?)?[a-z]*(?:(?:\\s[+*]?| )[a-z][a-z'-]*(?:s\?)?)*"
_ALTERNATION = re.compile(r"(?<![\w\\])(" + _WORD + r"(?:\|" + _WORD + r"){3,})(?![\w\[])")


def _forms(word: str) -> set[str]:
    r"""The words a regex piece spells: "statements?" is two, "communiqu[eé]" two, "talks\s+in" one."""
    word = re.sub(r"\\s[+*]?", " ", word.removeprefix("\\b"))
    if m := re.search(r"\[([^\]]+)\]", word):
        return {f for ch in m.group(1) for f in _forms(word[: m.start()] + ch + word[m.end() :])}
    if "s?" in word:
        return _forms(word.replace("s?", "s", 1)) | _forms(word.replace("s?", "", 1))
    return {word}


def _quoted_word_lists(source: str) -> list[set[str]]:
    """Sets of 4+ bare words written as a literal tuple/set/list or a regex alternation in code."""
    found = []
    for m in re.finditer(r"[\(\[\{]\s*((?:\"[a-z][a-z' -]+\"\s*,\s*){4,})", source):
        found.append({w.lower() for w in re.findall(r"\"([a-z][a-z' -]+)\"", m.group(1))})
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


# The lists that lived in code before their tables (issue 11), as they were written: the detector must see each
# as a copy of its table, so that writing one back into a module fails test_no_table_is_repeated_as_a_list_in_code.
_MOVED = {
    "press_words": r'r"|speaking|spoke|briefing|briefed|conference|statement|interview|reporters|journalists)"',
    "place_role_cues": r'r"|\bfrom|\bto|\btowards?|\bvia|\bbased in|\bheadquartered in|\bofficials? in|\btalks in)"',
    "source_phrases": r'r"|leaders?|sources?|media|propaganda|news\s+agency|channel|website|outlet|communiqu[ée])\b"',
    "source_modifiers": r'r"(?:(?:chief|main|official|military|deputy|top|senior|local|provincial|regional|district"',
    "document_words": r'r"\b(?:it|the\s+(?:statement|message|tweet|post|letter|notice|communiqu[eé]|video))\s+"',
    "gathering_stems": r'r"(?:on|at|into)) (?:a |the )?(?:\w+ )?(?:protest|demonstrat|crowd|march|rall|sit-in)"',
}


@pytest.mark.parametrize("name", sorted(_MOVED))
def test_the_detector_sees_the_lists_that_moved_to_tables(name: str) -> None:
    table = {t.lower() for t in vocabulary.terms(name)}
    assert any(len(words & table) >= 4 for words in _quoted_word_lists(_MOVED[name])), name


# Lists the detector found in code once it read "s?" and runs of "|word" (issue 11), each still to move into (or
# be read from) its table: (module, table). The list only shrinks: test_not_yet_moved_lists_are_still_there fails
# once one is gone, so that its line is deleted here and nothing new hides behind it.
_NOT_YET_MOVED = {}


def _copies(name: str) -> dict[tuple[str, str], list[str]]:
    table = {t.lower() for t in vocabulary.terms(name)}
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted((ROOT / "frontwatch").rglob("*.py")):
        for words in _quoted_word_lists(path.read_text(encoding="utf-8")):
            overlap = words & table
            if len(table) >= 4 and len(overlap) >= 4 and len(overlap) >= 0.6 * len(words):
                found.setdefault((str(path.relative_to(ROOT)), name), []).append(str(sorted(overlap)[:6]))
    return found


@pytest.mark.parametrize("name", vocabulary.table_names())
def test_no_table_is_repeated_as_a_list_in_code(name: str) -> None:
    """A table's words are not also kept as a literal list in the code (the drift the tables end)."""
    offenders = [f"{path}: {words}" for (path, _), words in _copies(name).items() if (path, name) not in _NOT_YET_MOVED]
    assert not offenders, f"words of vocab table {name} repeated in code:\n" + "\n".join(offenders)


@pytest.mark.parametrize(("path", "name"), sorted(_NOT_YET_MOVED))
def test_not_yet_moved_lists_are_still_there(path: str, name: str) -> None:
    assert (path, name) in _copies(name), f"{path} no longer copies {name}: delete its line from _NOT_YET_MOVED"


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
