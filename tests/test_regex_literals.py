"""The fixed text a regex match must contain (issue 15's exact prefilter of the keyword rules)."""

from __future__ import annotations

import re
import string
import sys

import pytest

from frontwatch.regex_literals import folded, required


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"\bair ?strikes?\b", {"strike"}),  # an optional part breaks the run; the longer piece is kept
        (r"suicide|blew (?:him|her)self up", {"suicide", "blew himself up", "blew herself up"}),
        (r"(?:a|an) (?:bomb|mine)", {"a bomb", "a mine", "an bomb", "an mine"}),
        (r"[sz]ed\b", {"sed", "zed"}),
        (r"\w+ (?:fire|fired)", {" fire"}),  # a string holding another is dropped
        (r"(?:gun)+men", {"gun"}),
        (r"[^a]bc|x.y", {"bc", "x"}),  # one required piece per alternative
        (r"Caf\u00e9 Bomb", {" bomb"}),  # a non-ASCII letter adds nothing; the rest is lower-cased
        (r"fire|\w+", None),  # an alternative without fixed text
        (r"(?:bomb)?", None),
        (r"\d+", None),
        (r"(?=x)", None),
    ],
)
def test_required_strings(pattern: str, needs: set[str] | None) -> None:
    assert required(re.compile(pattern, re.IGNORECASE)) == (None if needs is None else frozenset(needs))


def test_folded_text_holds_what_ignorecase_matched() -> None:
    rx = re.compile(r"\bsuicide\b", re.IGNORECASE)
    for text in ("A SUICIDE bomber", "a \u017fuicide bomber", "a su\u0131cide bomber", "A SU\u0130CIDE BOMBER"):
        assert rx.search(text) and "suicide" in folded(text)
    assert folded("\u212aIDNAPPED") == "kidnapped"


def test_fold_table_covers_every_letter_ignorecase_matches_to_ascii() -> None:
    """A non-ASCII character that re.IGNORECASE matches to an ASCII letter is folded to that letter."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    odd = [chr(code) for code in range(0x80, sys.maxunicode + 1) if letter.fullmatch(chr(code))]
    assert odd  # the scan finds some (long s, dotless i, Kelvin sign, ...)
    for c in odd:
        assert [a for a in string.ascii_lowercase if re.fullmatch(a, c, re.IGNORECASE)] == [folded(c)], hex(ord(c))
