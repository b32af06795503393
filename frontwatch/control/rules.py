"""The hand rules of control status (registered in ``frontwatch.rulebook``); see the package docstring."""

from __future__ import annotations

import re

from frontwatch import vocabulary
from frontwatch.claims.direction import control_direction, control_extent
from frontwatch.model import Claim
from frontwatch.rulebook import register

# Words that say the fight for the town is still going on, whatever a capture claim says: the
# "ongoing" rows of data/vocab/partial_control.tsv, the phrases control claims are read with too.
_STILL_FIGHTING = re.compile(
    r"(?<![\w-])" + vocabulary.alternation("partial_control", extent="ongoing", lang="en") + r"(?![\w-])",
    re.IGNORECASE,
)
# history: a sentence about an earlier time ("had been besieged", "in 2019", "last year")
_HISTORY = re.compile(
    r"\bhad\s+(?:been|earlier|previously|already)\b|\b(?:in|since)\s+(?:19|20)\d\d\b|\blast\s+(?:year|month)\b|"
    r"\b(?:years|months)\s+ago\b",
    re.IGNORECASE,
)


def still_fighting_now(text: str) -> bool:
    """Whether a report says the fight for its town goes on, in a sentence about the present event."""
    return any(_STILL_FIGHTING.search(s) and not _HISTORY.search(s) for s in re.split(r"(?<=[.!?])\s+", text))


CONTROL_STILL_FIGHTING_CURRENT = register(
    "CONTROL-STILL-FIGHTING-CURRENT",
    stage="control",
    reason="words of ongoing fighting contest a capture only when they speak of the current event, not of history",
    positive=["Rebels say they took Zarovka. Heavy fighting continued in the town on Monday."],
    negative=["Rebels took Zarovka on Monday. The town had been besieged for months in 2029."],
    check=still_fighting_now,
)


def _partial_check(text: str) -> bool:
    claim = Claim(source="the ministry", text=text, topic="control")
    return control_direction(claim) == "government" and control_extent(claim) == "partial"


CONTROL_PARTIAL_IS_CONFLICT = register(
    "CONTROL-PARTIAL-IS-CONFLICT",
    stage="control",
    reason="a government saying it holds only part of a town (or still fights for it) is a control conflict, not a denial",
    positive=["Government forces have only retaken the government complex, the ministry said."],
    negative=[
        "Government forces fully retook the town, the ministry said.",
        "Rebels captured the town, the group said.",
    ],
    check=_partial_check,
)


def near_not_inside(sub_event_type: str, event_type: str, geo_precision: int) -> bool:
    """Rule CONTROL-NEAR-NOT-INSIDE: a fight placed only near a town (ACLED geo_precision 2: "an ambush near X")
    with no change of hands says nothing about who holds the town, so it gives no status. A capture near a town
    still does."""
    changes = sub_event_type.endswith("territory")
    return event_type == "Battles" and not changes and geo_precision >= 2


CONTROL_NEAR_NOT_INSIDE = register(
    "CONTROL-NEAR-NOT-INSIDE",
    stage="control",
    reason="a clash only near a town (precision 2) with no change of hands does not contest the town itself",
    positive=["Armed clash / Battles / 2"],
    negative=["Armed clash / Battles / 1", "Non-state actor overtakes territory / Battles / 2"],
    check=lambda t: near_not_inside(t.split(" / ")[0], t.split(" / ")[1], int(t.split(" / ")[2])),
)
