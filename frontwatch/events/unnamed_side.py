"""A generic armed side beside a foreign state is nobody's group of the victim's country (rule
ACTORS-UNNAMED-ARMED-SIDE).

"Gunmen", "fighters" or "troops" with no group named anywhere in the article are, by ACLED's convention,
an Unidentified Armed Group of the country where the event happened (or its state forces, for "troops").
That convention assumes a local war. When the event's sentences name a foreign state as a side ("Borduria
launched a missile attack", "Bordurian troops", "the region's Bordurian separatists"), the generic
fighters are that state's, or its proxies': coding them as a group of the victim's country invents a
side. They become one *unnamed armed side* instead, in the slot the invented group would have taken: it
carries no country, and linking treats an "Unidentified ..." side as compatible with any named one
(``cluster.link._named``). Keeping the slot matters: a first version put the unnamed side after every named
side, which made the foreign state actor1 and cost a same-event merge on news-dev2 (a report naming the
foreign state as actor1 against one naming the local proxy group), and so did one without a country code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from frontwatch import vocabulary
from frontwatch.events.signals import ActorSignal, SentenceSignals
from frontwatch.events.state_credit import country_named, states_acting
from frontwatch.model import Actor
from frontwatch.rulebook import register

UNNAMED_NAME = "Unidentified Armed Group"


def unnamed_armed_side(country: str | None) -> Actor:
    """The unnamed side of an event in ``country``: its name claims no country (no group of the victim's
    country is invented), its ``country_code`` says where it fought, which LINK-ONE-FALL compares (a first
    version without it split one capture told by two outlets: the defender's country no longer matched)."""
    return Actor(name=UNNAMED_NAME, inter=3, key="unnamed-armed-side", country_code=country)


# "Bordurian separatists", "Bordurian-backed fighters", "the region's Bordurian separatists"
# (the hyphen suffixes are the "suffix" rows of place_modifiers_after: "X-backed" names an ally)
_BEFORE = re.compile(
    r"([A-Z][\w'’]+)(?:-(?:" + vocabulary.alternation("place_modifiers_after", kind="suffix") + r"))?\s+(?:[a-z]+\s+)?$"
)


def _foreign_word_before(text: str, at: int, country: str) -> bool:
    """A country or demonym of another state right before a generic mention ("Bordurian separatists")."""
    m = _BEFORE.search(text[max(0, at - 40) : at])
    code = country_named(m.group(1)) if m else None
    return code is not None and code != country


def _foreign(a: ActorSignal, text: str, offset: int, country: str) -> bool:
    if a.is_source or a.past:
        return False
    if not a.generic:
        # a state's forces abroad (inter 8), or another state's forces named by rule, as the side that acts:
        # foreign troops wounded by the fighters make the fighters nobody's proxies
        foreign = a.actor.inter == 8 or (a.actor.inter == 1 and a.actor.country_code not in (None, country))
        return foreign and a.acts is not False
    if a.actor.inter in (1, 8) and a.actor.country_code not in (None, country):
        return a.acts is not False  # a generic phrase a reader already resolved to another state's forces
    # "Bordurian separatists": a generic word after another state's name ("Bordurian troops" where the actor
    # data lacks the demonym, which then reads "troops" alone as the event country's army)
    return _foreign_word_before(text, a.start - offset, country)


def foreign_side_named(sents: Sequence[SentenceSignals], country: str | None) -> bool:
    """Whether the sentences of one event name a state other than the event's country as a side."""
    if country is None:
        return False
    for s in sents:
        text, offset = s.sentence.text, s.sentence.start
        if any(code != country for code in states_acting(text)):
            return True
        if any(_foreign(a, text, offset, country) for a in s.actors):
            return True
    return False


def _check(text: str) -> bool:
    """The rule's check on an example sentence set in Ruritania (code XR): a foreign side is named."""
    from frontwatch import nlp
    from frontwatch.events.actors import find_actors
    from frontwatch.events.past_actors import acts
    from frontwatch.model import Sentence

    span = nlp.parse(text)[:]
    found = find_actors(text, country_code="XR")
    sig = SentenceSignals(
        sentence=Sentence("x", 0, 0, len(text), text),
        actors=[
            ActorSignal(m.start, m.end, m.text, m.actor, m.generic, acts=acts(span, m.start, m.end)) for m in found
        ],
    )
    return foreign_side_named([sig], "XR")


ACTORS_UNNAMED_ARMED_SIDE = register(
    "ACTORS-UNNAMED-ARMED-SIDE",
    stage="actors",
    reason="generic fighters beside a named foreign state are an unnamed armed side, never a group of the victim's country",
    positive=[
        "Norway launched a missile attack on the city, and fighters shelled the outskirts.",
        "Norwegian troops and allied fighters shelled the town on Sunday.",
        "The army drove the region's Norwegian separatists out of the town.",
    ],
    negative=[
        "Gunmen killed five soldiers at a checkpoint on Sunday.",
        "Fighters shelled the town, and the army returned fire.",
        "Three Russian soldiers were wounded when fighters shelled the base.",
        "Three Russian soldiers wounded as fighters shell base",
    ],
    check=_check,
    needs_parse=True,
)
