"""Errors and coded warnings. Stdlib only.

The library raises FrontwatchError subclasses; shells translate them (the CLI prints one
line and exits non-zero, the API maps them to one JSON error shape). Warnings that are
recorded rather than raised carry a stable code so they can be counted and grepped.
"""

from __future__ import annotations


class FrontwatchError(Exception):
    """Base class: a problem the user can act on, explained in one line."""


class InputError(FrontwatchError):
    """Input that cannot be read: empty, binary, malformed, wrong encoding, too large."""


class StorageError(FrontwatchError):
    """The database cannot be opened or written."""


class DataBuildError(FrontwatchError):
    """Derived data (gazetteer, classifier) could not be built or loaded."""


# Stable warning codes, recorded on articles and stored with them.
WARNINGS: dict[str, str] = {
    "FW-IN-001": "article text is empty",
    "FW-IN-002": "article is not in English; extraction skipped",
    "FW-IN-003": "publication date missing or unreadable; relative dates cannot be resolved",
    "FW-IN-004": "article text truncated to the size limit",
    "FW-IN-005": "input record skipped: malformed",
    "FW-IN-006": "input was not UTF-8; decoded as a legacy single-byte encoding",
    "FW-IN-007": "input is binary, not text",
    "FW-IN-008": "input file could not be read",
    "FW-IN-009": "input was malformed; what could be recovered was read",
    "FW-IN-010": "input file too large to read",
    "FW-IN-011": "characters that cannot be stored (NUL, control, lone surrogate) removed from a field",
    "FW-IN-012": "a sentence over the length limit was cut",
    "FW-IN-013": "article id refused: empty once cleaned, or over 200 characters",
    "FW-IN-014": "not a regular file (pipe, socket, device); skipped",
    "FW-IN-015": "a field over its length limit was cut",
    "FW-NUM-001": "a figure over the plausible bound; its value dropped, its text kept",
    "FW-RUN-001": "unexpected error on this article; it was skipped and the batch went on",
    "FW-DB-001": "the database refused the article; nothing of it was stored",
    "FW-LANG-001": "the language identified from the text differs from the language given",
    "FW-LANG-002": "article read in its own language (machine translation or multilingual reader)",
    "FW-DATE-001": "no event date found; publication date used",
    "FW-GEO-001": "place name not found in the gazetteer",
    "FW-STAGE-001": "a pipeline stage failed on this article",
}


def warning(code: str, detail: str = "") -> str:
    """Format a coded warning as stored: 'FW-IN-001: article text is empty (detail)'."""
    text = f"{code}: {WARNINGS[code]}"
    return f"{text} ({detail})" if detail else text


def describe(exc: BaseException) -> str:
    """An unexpected exception as one short printable line: its type and the start of its message."""
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001 - an exception whose message cannot be built is still named
        text = ""
    line = printable(" ".join(text.split()))
    return f"{type(exc).__name__}: {line[:200]}" if line else type(exc).__name__


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters and lone surrogates escaped
    (``\\x1b``), so hostile input (an id with an escape sequence) is never echoed raw."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else f"\\x{ord(ch):02x}" for ch in text)
