"""Which way a claim about control points: the attacker took the place, or the government holds it.

Used by the event assembler (a capture the government contradicts is coded as a clash), by the
conflict finder (opposite claims are a disagreement) and by the control timeline.
"""

from __future__ import annotations

import re

from frontwatch.model import Claim

_GOV_HOLDS = re.compile(
    r"\b(pushed (?:them |the \w+ )?back|driven (?:\w+ ){0,2}back|drove (?:\w+ ){0,2}back|no danger of falling|pushing (?:them |the \w+ )?back|drove (?:\w+ )?out|driving (?:\w+ )?out|"
    r"drive out|repelled|repulsed|fought (?:them )?back|fighting (?:them )?back|took back|taken back|take back|"
    r"retook|retaken|recaptured|regained|liberated|cleared|clearing|maintain(?:s|ed)? control|remain(?:s|ed)? "
    r"(?:in|under) (?:government )?control|hold(?:s|ing)? (?:on to )?the (?:city|town)|"
    r"still (?:in control|holds?)|defending|under government control|not (?:fallen|fall)|"
    r"had not fallen)\b",
    re.IGNORECASE,
)
_ATTACKER_GAINS = re.compile(
    r"\b(captured|seized|took (?:control|over)|taken (?:control|over)|taking over|overran|overrun|fell to|"
    r"fallen to|has fallen|have fallen|collapsed|in the hands of|under (?:the )?(?:control|hands) of (?:the )?"
    r"(?!government)|entered|stormed|took the|taken the|seizure|capture of)\b",
    re.IGNORECASE,
)


def control_direction(claim: Claim) -> str | None:
    """'government' when a control claim says the state holds or retook the place,
    'attacker' when it says the other side took it, else None."""
    if claim.topic not in ("control", "other"):
        return None
    text = claim.text
    if claim.stance == "deny" and claim.verb.lower().startswith("den"):
        return "government"
    gov = bool(_GOV_HOLDS.search(text))
    att = bool(_ATTACKER_GAINS.search(text))
    if gov and not att:
        return "government"
    if att and not gov:
        return "attacker"
    if gov and att:
        # "took back control of the police headquarters" matches both; the retaking wins
        return "government" if re.search(r"\b(took|taken|take) back|retook|recaptured", text, re.I) else None
    return None


_FULL = re.compile(
    r"\b(?:fully|completely|entirely|totally)\s+(?:liberated|retaken|recaptured|cleared|captured|seized|"
    r"controlled|under\s+(?:\w+\s+)?control)|\b(?:full|complete|total)\s+control\b|"
    r"\b(?:entire|whole)\s+(?:city|town|district|province)\b",
    re.IGNORECASE,
)
_PARTIAL = re.compile(
    r"\bonly\s+(?:\w+\s+){0,2}(?:retaken|recaptured|regained|captured|seized|took|taken|cleared|controls?|holds?)\b|"
    r"\b(?:parts?|pockets?|areas?|neighbou?rhoods?|districts?)\s+of\s+the\s+(?:city|town)\s+"
    r"(?:still\s+)?(?:remain(?:s|ed)?|are|were|is|was)\s+(?:still\s+)?(?:under|in)\b|"
    r"\bpockets\s+of\s+resistance\b|\bstill\s+(?:fighting|holding\s+out|resisting)\b|\bpartial(?:ly)?\s+control",
    re.IGNORECASE,
)


def control_extent(claim: Claim) -> str | None:
    """'full' when a control claim says the whole place is held ("fully liberated"), 'partial' when it
    says only part is ("only the government complex", "pockets of resistance"), else None."""
    if claim.topic not in ("control", "other"):
        return None
    partial, full = bool(_PARTIAL.search(claim.text)), bool(_FULL.search(claim.text))
    if partial:
        return "partial"
    return "full" if full else None
