"""One home per vocabulary: word lists are data tables under ``frontwatch/data/vocab/``.

Every stage that needs a list of words (speech verbs, control verbs, partial-control phrases,
celebration words, ...) reads it from here, so one vocabulary never lives in two lists that
drift apart. A table is a tab-separated file with a header row; ``#`` starts a comment line.
The first column is always ``term``; other columns qualify it (``stance``, ``direction``,
``lang``, ``kind`` ...). ``tests/test_vocabulary.py`` checks that every table parses, that no
term is listed twice in one table, and that the tables agree with each other.

    >>> from frontwatch import vocabulary
    >>> "said" in vocabulary.terms("attribution_verbs")
    True
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection
from functools import cache
from pathlib import Path
from types import MappingProxyType

VOCAB_DIR = Path(__file__).resolve().parent / "data" / "vocab"


def table_names() -> tuple[str, ...]:
    """Every vocabulary table shipped with the package (file names without ``.tsv``)."""
    return tuple(sorted(p.stem for p in VOCAB_DIR.glob("*.tsv")))


@cache
def rows(name: str) -> tuple[MappingProxyType[str, str], ...]:
    """The rows of table ``name`` as read-only mappings, in file order.

    Raises ``KeyError`` naming the table when it does not exist, so a misspelt table name
    fails where the module that uses it is imported.
    """
    path = VOCAB_DIR / f"{name}.tsv"
    if not path.is_file():
        raise KeyError(f"no vocabulary table {name!r} in frontwatch/data/vocab/")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    if not reader.fieldnames or reader.fieldnames[0] != "term":
        raise ValueError(f"vocabulary table {name!r}: the first column must be 'term'")
    out = []
    for row in reader:
        clean = {k: (v or "").strip() for k, v in row.items() if k is not None}
        out.append(MappingProxyType(clean))
    return tuple(out)


Where = str | Collection[str]


def _keeps(row: MappingProxyType[str, str], where: dict[str, Where]) -> bool:
    """A string value must equal the column; any other collection lists the values accepted."""
    return all(row.get(k) == v if isinstance(v, str) else row.get(k) in v for k, v in where.items())


def select(name: str, **where: Where) -> tuple[MappingProxyType[str, str], ...]:
    """The rows of table ``name`` whose columns match ``where`` (a value, or a collection of values)."""
    for column in where:
        if rows(name) and column not in rows(name)[0]:
            raise KeyError(f"vocabulary table {name!r} has no column {column!r}")
    return tuple(r for r in rows(name) if _keeps(r, where))


def terms(name: str, **where: Where) -> tuple[str, ...]:
    """The ``term`` column of table ``name``, keeping rows whose columns match ``where``.

    ``terms("control_verbs", direction="gain")`` lists the verbs by which a side gains a place;
    ``terms("attribution_verbs", lang="en", canonical=("said", "told"))`` the forms of two verbs.
    """
    return tuple(r["term"] for r in select(name, **where))


def lookup(name: str, column: str, **where: Where) -> dict[str, str]:
    """``term -> column`` for table ``name`` (lower-cased terms), keeping rows whose columns match ``where``."""
    return {r["term"].lower(): r[column] for r in select(name, **where)}


def alternation(name: str, **where: Where) -> str:
    """A regex alternation of the table's terms, longest first, for use inside a larger pattern.

    Terms are escaped except that a space matches any run of white space, so hard-wrapped
    text still matches a multi-word term.
    """
    words = sorted(set(terms(name, **where)), key=lambda w: (-len(w), w))  # longest first, then stable
    if not words:
        raise ValueError(f"vocabulary table {name!r} has no terms for {where!r}")
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"
