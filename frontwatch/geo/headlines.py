"""Title-Case headline words are words, not places (rule PLACES-TITLE-CASE-WORD).

A headline written in Title Case capitalises every word ("Heavy Fighting Erupts Near Central Market"), so the
capital letter that makes "Central" or "Independence" look like a town says nothing there. The document tells
which they are: a word its running text also writes in lower case ("the central market") is a common word in
the headline too. A name never written in lower case (a country, "Kunduz") is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from frontwatch.rulebook import register

if TYPE_CHECKING:
    from frontwatch.geo.recognize import Found

# a line is in Title Case when this share of its words of four letters or more start with a capital
_TITLE_SHARE = 0.8
_TITLE_MIN_WORDS = 3
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def title_case_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines of ``text`` written in Title Case."""
    out = []
    at = 0
    for line in text.split("\n"):
        long = [w for w in _WORD.findall(line) if len(w) >= 4]
        if len(long) >= _TITLE_MIN_WORDS and sum(w[0].isupper() for w in long) >= _TITLE_SHARE * len(long):
            out.append((at, at + len(line)))
        at += len(line) + 1
    return out


def drop_title_case_words(found: Sequence[Found], text: str) -> list[Found]:
    """``found`` less the names inside a Title-Case line that the rest of ``text`` writes in lower case."""
    lines = title_case_lines(text)
    if not lines:
        return list(found)
    rest = "\n".join(text[a:b] for a, b in _complement(lines, len(text)))
    out = []
    for f in found:
        in_title = any(a <= f.start < b for a, b in lines)
        if in_title and re.search(rf"(?<![\w-]){re.escape(f.text.lower())}(?![\w-])", rest):
            continue  # PLACES-TITLE-CASE-WORD
        out.append(f)
    return out


def _complement(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    out, at = [], 0
    for a, b in spans:
        out.append((at, a))
        at = b
    out.append((at, n))
    return out


def _example(text: str) -> bool:
    """The rule's check on ``headline|name|body``: whether the name in the headline is dropped."""
    from frontwatch.geo.recognize import Found

    head, name, body = text.split("|")
    doc = f"{head}\n\n{body}"
    at = head.index(name)
    f = Found(at, at + len(name), name, (), "gazetteer", None, None, False)
    return not drop_title_case_words([f], doc)


TITLE_CASE_WORD = register(
    "PLACES-TITLE-CASE-WORD",
    stage="places",
    reason="in a Title-Case headline, a word the article also writes in lower case is a word, not a place",
    positive=[
        "Heavy Fighting Erupts Near Central Market In Zarovka|Central|Shells fell near the central market.",
        "Rebels Mark Independence Day With Attacks|Independence|Rebels marked the day of independence.",
    ],
    negative=[
        "Heavy Fighting Erupts Near Central Market In Zarovka|Zarovka|Shells fell near the central market.",
        "Shelling near Central station in Zarovka|Central|Shells fell near the central station.",
    ],
    check=_example,
)
