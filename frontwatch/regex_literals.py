"""The fixed text a regex match must contain: an exact prefilter that skips searches bound to fail (issue 15).

``required(pattern)`` reads the pattern's parse tree and returns lower-cased strings such that every match
contains one of them, or None when none can be derived (a pattern that may match without fixed text).
A caller may then skip ``pattern.search(text)`` when no string of the set is ``in folded(text)``: a few
substring tests in C cost far less than a regex search over a sentence where nothing matches, and the
answer is the same. One regex of all the patterns was measured slower than the patterns one by one.

Only what is certain is kept: a literal, a small character class of literals, an alternation, a repeat
of at least one; anything else (``\\w``, ``.``, a negated class, a look-around, an optional part)
breaks the run of fixed text and adds nothing. A non-ASCII letter in a pattern adds nothing either,
so the case folding below only has to be right for ASCII.
"""

from __future__ import annotations

import re

# the standard library's own regex parser (the type stubs know it only as the deprecated sre_parse)
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

# re.IGNORECASE lets these non-ASCII letters match an ASCII one; str.lower() does not map them to it
# (U+0130 lower-cases to two characters). tests/test_classify.py checks the table against every code point.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})

# exact sets larger than this are cut into separate required pieces (a cross product grows fast)
_MAX_EXACT = 512

# (exact, strings): exact=True: the part matches exactly one of the strings; False: every match of the part
# contains one of them. None: nothing is known.
_Info = tuple[bool, frozenset[str]] | None


def folded(text: str) -> str:
    """``text`` lower-cased as the strings of ``required`` are looked for in it."""
    return (text if text.isascii() else text.translate(_FOLD)).lower()


def required(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-cased strings one of which every match of ``pattern`` contains; None when none can be derived."""
    info = _sequence(_parser.parse(pattern.pattern, pattern.flags))
    return None if info is None or "" in info[1] else _shortest(info[1])


def _shortest(strings: frozenset[str] | set[str]) -> frozenset[str]:
    """The strings without those that contain another (the shorter is present whenever the longer is)."""
    kept: list[str] = []
    for s in sorted(strings, key=len):
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _sequence(items: Any) -> _Info:
    run: set[str] = {""}  # the strings the current run of exact parts may match
    pieces: list[frozenset[str]] = []  # each: one of its strings is in every match
    exact = True

    def close(run: set[str]) -> None:
        if "" not in run:
            pieces.append(frozenset(run))

    for op, av in items:
        info = _item(op, av)
        if info is not None and info[0]:
            joined = {a + b for a in run for b in info[1]}
            if len(joined) > _MAX_EXACT:
                close(run)
                exact, joined = False, set(info[1])
            run = joined
            continue
        exact = False
        close(run)
        run = {""}
        if info is not None:
            pieces.append(info[1])
    if exact:
        return True, frozenset(run)
    close(run)
    # the longest shortest string is the rarest in text, and longer needles are found faster
    return (False, _shortest(max(pieces, key=lambda p: (min(map(len, p)), -len(p))))) if pieces else None


def _letter(code: int) -> str | None:
    c = chr(code)
    return c.lower() if c.isascii() else None


def _item(op: Any, av: Any) -> _Info:  # the parser's node: an opcode, its argument
    if op == _sre.LITERAL:
        c = _letter(av)
        return None if c is None else (True, frozenset(c))
    if op == _sre.AT:  # \b, ^, $: match no text
        return True, frozenset({""})
    if op == _sre.IN:  # [- ], [sz]: only a class of plain literals
        chars = [_letter(a) if o == _sre.LITERAL else None for o, a in av]
        return None if None in chars else (True, frozenset(c for c in chars if c))
    if op == _sre.SUBPATTERN:
        return _sequence(av[-1])
    if op == _sre.BRANCH:
        alternatives = [_sequence(a) for a in av[1]]
        if any(a is None for a in alternatives):
            return None
        union = frozenset().union(*(a[1] for a in alternatives if a))
        if all(a and a[0] for a in alternatives) and len(union) <= _MAX_EXACT:
            return True, union
        return None if "" in union else (False, _shortest(union))
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        low, high, sub = av
        info = _sequence(sub)
        if low == 0 or info is None or "" in info[1]:
            return None
        return info if low == high == 1 else (False, _shortest(info[1]))
    return None
