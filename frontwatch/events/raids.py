"""Looting inside a violent raid is the violent event (rule ASSEMBLE-LOOTING-IN-VIOLENT-RAID).

ACLED codes "Looting/property destruction" only where no one is harmed: gunmen who storm a village, kill
villagers and loot the shops commit an attack on civilians. The classifier often reads such a sentence as
looting (its loudest words); the parse tells when the looting and the harm are one act: a looting verb and a
verb of harm to people in one chain of coordinated or adverbial verbs ("stormed ..., killing five and looting
shops"). A sentence that tells looting beside harm in a side clause of its own ("looted the shops that were
left after clashes killed ten last year") keeps its label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from frontwatch import vocabulary
from frontwatch.events.clauses import sentence_parse
from frontwatch.events.signals import SentenceSignals
from frontwatch.rulebook import register

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

LOOTING = "Looting/property destruction"
# the violent event a raid on people is: ACLED's attack on civilians (an armed clash needs two armed sides,
# which a looting raid's sentence does not name)
VIOLENT_RAID = "Attack"
_LOOT = frozenset(vocabulary.terms("raid_verbs", lang="en", kind="loot"))
_HARM = frozenset(vocabulary.terms("raid_verbs", lang="en", kind="harm"))
# links that keep two verbs in one act: "stormed ..., killing" (advcl), "killing ... and looting" (conj),
# "went on to loot" (xcomp)
_CHAIN = ("conj", "advcl", "xcomp")


def _top(token: Token) -> Token:
    """The verb heading the chain of coordinated and adverbial verbs ``token`` belongs to (a noun such as
    "looting shops", which the parser often tags so, through the verb it depends on)."""
    while token.pos_ not in ("VERB", "AUX") and token.head is not token:
        token = token.head
    while token.dep_ in _CHAIN and token.head is not token:
        token = token.head
    return token


def _in(token: Token, verbs: frozenset[str]) -> bool:
    low = token.lower_
    forms = {token.lemma_.lower(), low}
    if low.endswith("ing"):
        forms |= {low[:-3], low[:-3] + "e"}  # "looting" tagged a noun keeps its -ing
    return bool(forms & verbs)


def one_raid(span: SpacySpan) -> bool:
    """Whether a looting verb and a verb of harm to people are one act in this sentence's parse."""
    loot = {_top(t).i for t in span if t.pos_ in ("VERB", "NOUN") and _in(t, _LOOT)}
    # harm only as a verb: "after the killing of its owner" names another act
    harm = {_top(t).i for t in span if t.pos_ == "VERB" and _in(t, _HARM)}
    return bool(loot & harm)


def violent_raids(doc: Doc | None, signals: Sequence[SentenceSignals]) -> None:
    """Relabel, in place, each looting sentence whose looting and harm are one act as the violent event."""
    for sig in signals:
        if sig.label.label == LOOTING and one_raid(sentence_parse(doc, sig.sentence)):
            sig.label = replace(sig.label, label=VIOLENT_RAID)


def _example(text: str) -> bool:
    from frontwatch import nlp

    return one_raid(nlp.parse(text)[:])


LOOTING_IN_VIOLENT_RAID = register(
    "ASSEMBLE-LOOTING-IN-VIOLENT-RAID",
    stage="assemble",
    reason="looting told as one act with killing or wounding people is ACLED's attack, not looting",
    positive=[
        "Gunmen stormed Zarovka overnight, killing five villagers and looting shops.",
        "Militiamen looted the market and shot two traders in Ostrava.",
        "Raiders burned homes and abducted twelve women in the village.",
    ],
    negative=[
        "Looters ransacked shops in Zarovka after the storm.",
        "Crowds looted the warehouse that was left empty after clashes killed ten people last year.",
        "Gunmen stormed Zarovka and looted the market.",
        "Looters ransacked the shop in Ostrava after the killing of its owner.",
    ],
    check=_example,
    needs_parse=True,
)
