"""Which way a claim about control points: the attacker took the place, or the government holds it.

Used by the event assembler (a capture the government contradicts is coded as a clash), by the
conflict finder (opposite claims are a disagreement) and by the control timeline.
"""

from __future__ import annotations

import re

from frontwatch import rulebook, vocabulary
from frontwatch.model import Claim

# The phrases of either side come from control_verbs.tsv (column claim); only the phrases with a gap for an object
# or an optional word ("drove the rebels back", "remained under government control") are written here.
_GOV_GAPS = (
    r"pushed (?:them |the \w+ )?back|pushing (?:them |the \w+ )?back|driven (?:\w+ ){0,2}back|drove (?:\w+ ){0,2}back|"
    r"drove (?:\w+ )?out|driving (?:\w+ )?out|fought (?:them )?back|fighting (?:them )?back|"
    r"remain(?:s|ed)? (?:in|under) (?:government )?control|hold(?:s|ing)? (?:on to )?the (?:city|town)"
)
_GOV_HOLDS = re.compile(
    rf"\b(?:{vocabulary.alternation('control_verbs', lang='en', claim=('government', 'retake'))}|{_GOV_GAPS})\b",
    re.IGNORECASE,
)
_ATTACKER_GAINS = re.compile(
    rf"\b(?:{vocabulary.alternation('control_verbs', lang='en', claim='attacker')}"
    r"|under (?:the )?(?:control|hands) of (?:the )?(?!government))\b",
    re.IGNORECASE,
)
# "took back control of the police headquarters" holds an attacker word too: the retaking wins
_RETAKE = re.compile(rf"\b{vocabulary.alternation('control_verbs', lang='en', claim='retake')}", re.IGNORECASE)


def control_direction(claim: Claim) -> str | None:
    """'government' when a control claim says the state holds or retook the place,
    'attacker' when it says the other side took it, else None."""
    if claim.topic not in ("control", "other"):
        return None
    if claim.stance == "deny" and claim.verb.lower().startswith("den"):
        return "government"
    return direction_of_text(claim.text)


def direction_of_text(text: str) -> str | None:
    """The side a control claim's words credit with the place (CLAIMS-CONTROL-DIRECTION): 'government',
    'attacker', or None when it names neither or both without a retaking."""
    gov = bool(_GOV_HOLDS.search(text))
    att = bool(_ATTACKER_GAINS.search(text))
    if gov and not att:
        return "government"
    if att and not gov:
        return "attacker"
    if gov and att:
        return "government" if _RETAKE.search(text) else None
    return None


def _extent_pattern(extent: str) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w-])" + vocabulary.alternation("partial_control", extent=extent) + r"(?![\w-])", re.IGNORECASE
    )


_FULL = _extent_pattern("full")
_PARTIAL = _extent_pattern("partial")
_ONGOING = _extent_pattern("ongoing")
# "not only the city but ...", "not fully": a negation turns the phrase round
_NEGATED = re.compile(r"\bnot\s+$", re.IGNORECASE)


def _says(pattern: re.Pattern[str], text: str) -> bool:
    return any(not _NEGATED.search(text[: m.start()]) for m in pattern.finditer(text))


def control_extent(claim: Claim) -> str | None:
    """How much of the place a control claim says is held: 'full' ("fully liberated", "the entire
    town"), 'partial' ("only a few neighbourhoods", "most of the city", "every building except the
    barracks"), 'ongoing' (still fought over: "still fighting for the town", "under siege",
    "mopping-up operations"), else None. Phrases come from data/vocab/partial_control.tsv."""
    if claim.topic not in ("control", "other"):
        return None
    text = claim.text
    if _says(_PARTIAL, text):
        return "partial"
    if _says(_ONGOING, text):
        return "ongoing"
    return "full" if _says(_FULL, text) else None


CLAIMS_CONTROL_DIRECTION = rulebook.register(
    "CLAIMS-CONTROL-DIRECTION",
    stage="claims",
    reason="a control claim credits the side its words name: the state holding or taking back, or the attacker taking",
    positive=[
        "The army recaptured Zarovka on Monday.",
        "Rebels stormed Zarovka and took control.",
        "Troops repelled the attack.",
    ],
    negative=["The governor visited Zarovka on Monday.", "Talks about Zarovka resumed."],
    check=lambda t: direction_of_text(t) is not None,
)
