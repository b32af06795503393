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


# a regex group of 4+ bare words or phrases, "(?:said|told|says|stated)"; "\s+" between words is a space
_WORD = r"[a-z][a-z'-]*(?:(?:\\s[+*]?| )[a-z][a-z'-]*)*"
_ALTERNATION = re.compile(r"\((?:\?:)?(" + _WORD + r"(?:\|" + _WORD + r"){3,})\)")


def _quoted_word_lists(source: str) -> list[set[str]]:
    """Sets of 4+ bare words written as a literal tuple/set/list or a regex alternation in code."""
    found = []
    for m in re.finditer(r"[\(\[\{]\s*((?:\"[a-z][a-z' -]+\"\s*,\s*){4,})", source):
        found.append({w.lower() for w in re.findall(r"\"([a-z][a-z' -]+)\"", m.group(1))})
    for m in _ALTERNATION.finditer(source):
        found.append({re.sub(r"\\s[+*]?", " ", w) for w in m.group(1).split("|")})
    return found


def test_the_detector_sees_tuples_and_regex_alternations() -> None:
    assert {"said", "told", "says", "stated"} in _quoted_word_lists('X = ("said", "told", "says", "stated", )')
    assert {"said", "told", "says", "according to"} in _quoted_word_lists(r'r"\b(?:said|told|says|according\s+to)\b"')
    assert not _quoted_word_lists(r'r"(?:said|told)\s+(?:the\s+)?$"')


# Lists that look like a table's words but are something else, each with its reason.
_NOT_A_COPY = {
    # word beginnings ("demonstrat", "rall") of what troops open fire on, not crowd_words' whole words
    frozenset({"protest", "demonstrat", "crowd", "march", "rall", "sit-in"}),
}


@pytest.mark.parametrize("name", vocabulary.table_names())
def test_no_table_is_repeated_as_a_list_in_code(name: str) -> None:
    """A table's words are not also kept as a literal list in the code (the drift the tables end)."""
    table = {t.lower() for t in vocabulary.terms(name)}
    if len(table) < 4:
        pytest.skip("too small to tell")
    offenders = []
    for path in sorted((ROOT / "frontwatch").rglob("*.py")):
        for words in _quoted_word_lists(path.read_text(encoding="utf-8")):
            if frozenset(words) in _NOT_A_COPY:
                continue
            overlap = words & table
            if len(overlap) >= 4 and len(overlap) >= 0.6 * len(words):
                offenders.append(f"{path.relative_to(ROOT)}: {sorted(overlap)[:6]}")
    assert not offenders, f"words of vocab table {name} repeated in code:\n" + "\n".join(offenders)


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
