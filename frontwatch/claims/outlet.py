"""An outlet's own toll: a figure of the dead the article states without naming a source.

"Attackers killed seven people" in a lede is the outlet's (or its wire's) claim, and it can
disagree with the figures officials give further down, so it is kept as a claim whose source
is the outlet (rule CLAIMS-OUTLET-TOLL). A running or war-wide total ("since April", "bring to
39 the number ...", table ``cumulative_toll``) is not a claim about the event and is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from frontwatch import rulebook, vocabulary
from frontwatch.claims.topics import classify
from frontwatch.model import Claim, Sentence

_CUMULATIVE = re.compile(r"(?<![\w-])" + vocabulary.alternation("cumulative_toll") + r"(?![\w-])", re.IGNORECASE)
OUTLET_VERB = "reported"


def outlet_toll(text: str) -> int | None:
    """The toll an unattributed sentence states as the event's, or None."""
    if _CUMULATIVE.search(text):
        return None
    topic = classify(text)
    if topic.topic != "fatalities" or topic.value is None or topic.count is None:
        return None
    from frontwatch.numbers import is_figure

    return topic.value if is_figure(topic.count) else None


def outlet_claims(sentences: Sequence[Sentence], covered: set[int], *, template: Claim) -> list[Claim]:
    """One claim by the outlet for each sentence outside every attributed claim that states a toll."""
    if not template.outlet:
        return []
    out = []
    for s in sentences:
        if s.index in covered:
            continue
        value = outlet_toll(s.text)
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
        "Many casualties were reported after the blast in Zarovka.",
    ],
    check=lambda text: outlet_toll(text) is not None,
)
