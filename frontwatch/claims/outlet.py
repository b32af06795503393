"""An outlet's own toll: a figure of the dead the article states without naming a source.

"Attackers killed seven people" in a lede is the outlet's (or its wire's) claim, and it can
disagree with the figures officials give further down, so it is kept as a claim whose source
is the outlet (rule CLAIMS-OUTLET-TOLL). A running or war-wide total ("since April", "bring to
39 the number ...", table ``cumulative_toll``) and a sum over several incidents ("two separate attacks killed
nine", table ``incident_totals``) are not claims about the event and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from frontwatch import rulebook, vocabulary
from frontwatch.claims.topics import classify
from frontwatch.model import Claim, Sentence

_CUMULATIVE = re.compile(r"(?<![\w-])" + vocabulary.alternation("cumulative_toll") + r"(?![\w-])", re.IGNORECASE)
OUTLET_VERB = "reported"
# CLAIMS-SEVERAL-INCIDENTS-TOTAL: "two separate attacks killed nine soldiers" sums several incidents
_SEVERAL_INCIDENTS = re.compile(
    r"(?<![\w-])(?:\d+|"
    + vocabulary.alternation("incident_totals", lang="en", part="quantity")
    + r")\s+(?:(?:separate|coordinated|simultaneous)\s+)?"
    + vocabulary.alternation("incident_totals", lang="en", part="incident")
    + r"(?![\w-])",
    re.IGNORECASE,
)


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _recalled(text: str, published: date) -> bool:
    """Whether a sentence is dated only to months two or more months before publication ("In May, an operation
    in another favela left 28 dead", in a November story): an earlier incident recalled, as
    ASSEMBLE-OLD-MONTH-BACKGROUND reads it."""
    from frontwatch.dates import find_dates
    from frontwatch.events.anchors import BACKGROUND_MONTH_DAYS

    dates = find_dates(text, published)
    return bool(dates) and all(
        d.precision == 3 and (published - (d.latest or d.day)).days >= BACKGROUND_MONTH_DAYS for d in dates
    )


def outlet_toll(text: str, *, year: int | None = None, published: date | None = None) -> int | None:
    """The toll an unattributed sentence states as the event's, or None.

    Not a running total, not the attackers' own dead ("two suicide bombers"), and not a sentence
    dated in another year than the article's or only to a month long past (a timeline of earlier
    disasters or attacks).
    """
    if _CUMULATIVE.search(text) or _SEVERAL_INCIDENTS.search(text):
        return None
    if year is not None and any(int(y) != year for y in _YEAR.findall(text)):
        return None
    if published is not None and _recalled(text, published):
        return None
    topic = classify(text)
    if topic.topic != "fatalities" or topic.value is None or topic.count is None:
        return None
    from frontwatch.numbers import is_attacker_count, is_figure

    if is_attacker_count(topic.count) or not is_figure(topic.count):
        return None
    return topic.value


def outlet_claims(sentences: Sequence[Sentence], covered: set[int], *, template: Claim) -> list[Claim]:
    """One claim by the outlet for each sentence outside every attributed claim that states a toll."""
    if not template.outlet:
        return []
    out = []
    for s in sentences:
        if s.index in covered:
            continue
        value = outlet_toll(
            s.text, year=template.published.year if template.published else None, published=template.published
        )
        if value is None:
            continue
        out.append(
            Claim(
                source=template.outlet,
                text=s.text,
                topic="fatalities",
                value=value,
                article_id=template.article_id,
                start=s.start,
                end=s.end,
                source_type="journalist",
                outlet=template.outlet,
                verb=OUTLET_VERB,
                stance="assert",
                published=template.published,
            )
        )
    return out


rulebook.register(
    "CLAIMS-OUTLET-TOLL",
    stage="claims",
    reason="a toll the article states without a source is the outlet's claim; running totals are not",
    positive=[
        "Gunmen killed seven people and wounded 50 in an attack on the army headquarters in Zarovka.",
        "At least six soldiers were killed in the withdrawal and more than 100 wounded.",
    ],
    negative=[
        "The fighting has killed more than 5,600 people since April.",
        "These new deaths bring to 39 the number of people who died in a month of protests.",
        "The attack, by at least two suicide bombers, struck the gate of the base.",
        "Many casualties were reported after the blast in Zarovka.",
        "In February, an operation in the Zarovka district left 28 dead.",
    ],
    check=lambda text: outlet_toll(text, published=date(2031, 5, 14)) is not None,
)

# the present perfect that sums deaths up to now: "have been killed", "has killed", "have died"
_PERFECT = re.compile(r"\b(?:have|has)\s+(?:now\s+|so\s+far\s+)?(?:been\s+)?\w+(?:ed|died)\b", re.IGNORECASE)


def running_total(text: str) -> bool:
    """Whether a figure is a running total ("More than 380 people have been killed since then, the ministry
    said"): whoever states it, it counts a war's or a campaign's dead, never one event's, so it is no rival
    of the event's toll (rule CLAIMS-RUNNING-TOTAL-NO-RIVAL)."""
    return _CUMULATIVE.search(text) is not None and _PERFECT.search(text) is not None


rulebook.register(
    "CLAIMS-RUNNING-TOTAL-NO-RIVAL",
    stage="claims",
    reason="an attributed running total ('have been killed since then') counts a war's dead, not a rival toll of the event",
    positive=[
        "More than 380 people have been killed in the province since then, according to the health ministry.",
        "The fighting has killed more than 5,600 people since April, the United Nations said.",
    ],
    negative=[
        "Three people were killed when a drone struck a car on Sunday, the health ministry said.",
        "It was the deadliest attack since 2019, killing 12 people, police said.",
    ],
    check=running_total,
)


rulebook.register(
    "CLAIMS-SEVERAL-INCIDENTS-TOTAL",
    stage="claims",
    reason="a toll whose subject is several incidents sums them, so it is no one event's figure",
    positive=[
        "Two separate attacks killed nine soldiers in the north of Ruritania this weekend.",
        "A wave of bombings killed 30 people across Zarovka on Friday.",
    ],
    negative=["An attack killed nine soldiers in the north of Ruritania on Saturday."],
    check=lambda t: outlet_toll(t) is None,
)
