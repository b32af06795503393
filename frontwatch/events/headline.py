"""A dateless headline tells the story's lead event again, shorter (rule ASSEMBLE-HEADLINE-JOINS-LEAD).

"Three rebels killed in Northern Samar clash, army says" above "Troops clashed with rebels in Las Navas,
Northern Samar, on Saturday ..." is one clash: the headline names the province (or the nearest town) and no
day, the lead names the town and the day. Placed apart, the headline would open a second event at the province,
dated the day of publication. A headline whose group has no day of its own joins the first dated group of the
same event type that lies inside the headline's place or names it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from frontwatch.events.group_report import Group
from frontwatch.events.places import same_place
from frontwatch.events.signals import LabelSignal, SentenceSignals
from frontwatch.model import SUB_EVENT_TYPES, Place, Sentence, Toponym
from frontwatch.rulebook import register

# a headline is the article's first line, written without a closing full stop
_CLOSED = re.compile(r"[.!?\"”'’]\s*$")


def is_headline(sig: SentenceSignals) -> bool:
    return sig.sentence.index == 0 and sig.clause_of is None and _CLOSED.search(sig.sentence.text) is None


def _within(inner: Place, outer: Place) -> bool:
    """Whether ``inner`` is ``outer`` or lies in the province or district ``outer`` is."""
    if same_place(inner, outer):
        return True
    if inner.country_code != outer.country_code or outer.admin1 is None or inner.admin1 != outer.admin1:
        return False
    if outer.feature == "admin1":
        return True
    return outer.feature == "admin2" and outer.admin2 is not None and inner.admin2 == outer.admin2


# an "ambush" headline read as a bomb over a lead read as a clash is still one fight: the three families of
# organised political violence stand in for each other here
_VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def _families(g: Group) -> set[str]:
    return {f for s in g.sentences if (f := SUB_EVENT_TYPES.get(s.label.label)) is not None}


def joins_lead(head: Group, body: Group) -> bool:
    """Whether ``head``, a dateless group that the headline opened (a quote or a sentence naming neither place
    nor dead may have joined it before the lead's day was known), is ``body``'s event told again."""
    if head.date_explicit or not head.sentences or not is_headline(head.sentences[0]):
        return False
    if any(s.toponyms or s.counts for s in head.sentences[1:]):
        return False  # a body sentence naming its place or its dead made the group a report of its own
    if not body.date_explicit or any(is_headline(s) for s in body.sentences):
        return False
    mine, theirs = _families(head), _families(body)
    if not (mine & theirs or (mine & _VIOLENCE and theirs & _VIOLENCE)):
        return False
    named = (t.place for s in body.sentences for t in s.toponyms if t.place is not None)
    return _within(body.place, head.place) or any(same_place(p, head.place) for p in named)


def fold_headlines(groups: Sequence[Group]) -> list[Group]:
    """``groups`` less each dateless headline group, whose sentences join the lead group it tells again."""
    out = []
    for g in groups:
        lead = next((o for o in groups if o is not g and joins_lead(g, o)), None)
        if lead is None:
            out.append(g)
            continue
        lead.sentences.extend(g.sentences)  # after the lead's own: the lead's opening sentence still votes first
        lead.evidence["location"].extend(g.evidence.get("location", []))
    return out


# --- the rule's check, on invented places ----------------------------------------------------------

_PROVINCE = Place("Zarovka Oblast", 0.0, 0.0, 1, "admin1", "XR", "Ruritania", "Zarovka Oblast")
_TOWN = Place("Ostrava", 0.1, 0.1, 2, "city", "XR", "Ruritania", "Zarovka Oblast")
_ELSEWHERE = Place("Brno", 3.0, 3.0, 3, "city", "XR", "Ruritania", "Morava Oblast")


def _check(text: str) -> bool:
    """``text`` is "HEADLINE\\n\\nLEAD": the headline placed at the province, the lead at a town of it if it
    names Ostrava, elsewhere if not; both read as armed clashes, the lead dated."""
    head_text, _, lead_text = text.partition("\n\n")
    head = Group(_PROVINCE, 3)
    head.sentences.append(
        SentenceSignals(sentence=Sentence("x", 0, 0, len(head_text), head_text), label=LabelSignal("Armed clash", 0.9))
    )
    lead = Group(_TOWN if "Ostrava" in lead_text else _ELSEWHERE, 1, date_explicit=True)
    start = len(head_text) + 2
    lead.sentences.append(
        SentenceSignals(
            sentence=Sentence("x", 1, start, start + len(lead_text), lead_text),
            toponyms=[Toponym(start, start + 6, lead_text[:6])],
            label=LabelSignal("Armed clash", 0.9),
        )
    )
    return joins_lead(head, lead)


ASSEMBLE_HEADLINE_JOINS_LEAD = register(
    "ASSEMBLE-HEADLINE-JOINS-LEAD",
    stage="assemble",
    reason="a dateless headline retells the lead's event at the province or a nearby town; it opens no event of its own",
    positive=["Three rebels killed in Zarovka clash, army says\n\nTroops clashed with rebels in Ostrava on Saturday."],
    negative=[
        "Three rebels killed in Zarovka clash, army says\n\nTroops clashed with rebels in Brno on Saturday.",
        "Three rebels were killed in Zarovka, the army said.\n\nTroops clashed with rebels in Ostrava on Saturday.",
    ],
    check=_check,
)
