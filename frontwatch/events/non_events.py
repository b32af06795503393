"""Sentences that look like an event's but tell none: a gathering to celebrate or mourn, a habit.

Both are read from the dependency parse of the sentence's main clause, not from words anywhere in
it: "crowds celebrated after the army retook the town" is a celebration (the retaking sits in a
side clause, where the classifier and the other anchors find it), and "rebels often attack convoys
on this road" is a habit, while "rebels attacked a convoy that often carries aid" is an incident.
Word lists: ``ceremony_words``, ``habitual_words`` and the ``cause`` rows of ``crowd_words``.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from frontwatch import nlp, vocabulary
from frontwatch.rulebook import register

_GATHER_VERBS = frozenset(vocabulary.terms("ceremony_words", lang="en", pos="verb"))
_GATHER_NOUNS = frozenset(vocabulary.terms("ceremony_words", lang="en", pos="noun"))
_CAUSE = frozenset(vocabulary.terms("crowd_words", lang="en", shows="cause"))
_HABITUAL = frozenset(vocabulary.terms("habitual_words", lang="en"))
# the main clause's own words: its verb, the verbs it governs directly, and their arguments
_CLAUSE_VERB_DEPS = {"xcomp", "conj", "advcl"}
_ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "pobj", "prep", "npadvmod"}
_PRESENT = {"VBZ", "VBP"}


def _main_verbs(root: Token) -> list[Token]:
    """The sentence's verb and the verbs of its main clause ("gathered to mourn", "sang and danced")."""
    verbs = [root]
    for child in root.children:
        if child.dep_ in _CLAUSE_VERB_DEPS and child.pos_ in ("VERB", "AUX"):
            # "after the army retook the town" is a side clause with its own subject: not the main one
            if child.dep_ == "advcl" and any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in child.children):
                continue
            verbs.append(child)
    return verbs


def _arguments(verb: Token) -> list[Token]:
    out = []
    for child in verb.children:
        if child.dep_ in _ARG_DEPS:
            out.append(child)
            out.extend(g for g in child.children if g.dep_ == "pobj")  # "at the funeral", "for a vigil"
    return out


def is_gathering(span: Span) -> bool:
    """A crowd met to celebrate, mourn, welcome or remember, with no grievance or protest act named.

    ``span`` is one sentence of a parsed Doc. Only the main clause's verbs and arguments count;
    any ``cause`` word of ``crowd_words`` anywhere in the sentence (a demand, a slogan, a protest)
    makes it a possible protest again ("mourners chanted slogans against the governor").
    """
    if any(t.lower_ in _CAUSE for t in span):
        return False
    for verb in _main_verbs(span.root):
        if verb.lemma_.lower() in _GATHER_VERBS:
            return True
        if any(a.lemma_.lower() in _GATHER_NOUNS for a in _arguments(verb)):
            return True
    return False


def is_habitual(span: Span) -> bool:
    """The main clause tells what usually happens: a present-tense verb with a frequency adverb
    ("rebels often attack convoys"), or "used to" ("militants used to shell the market")."""
    # "residents say rebels often attack convoys": the reported clause is the main one
    clauses = [span.root, *(c for c in span.root.children if c.dep_ == "ccomp")]
    return any(_habitual_clause(v) for v in clauses)


def _habitual_clause(verb: Token) -> bool:
    if verb.lemma_ == "use" and any(
        c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children
    ):
        return True
    if verb.tag_ not in _PRESENT:
        return False
    return any(c.dep_ == "advmod" and c.lower_ in _HABITUAL for c in verb.children)


ASSEMBLE_GATHERING_NOT_PROTEST = register(
    "ASSEMBLE-GATHERING-NOT-PROTEST",
    stage="assemble",
    reason="a crowd met to celebrate, mourn, welcome or remember is no protest unless it voices a cause (ACLED)",
    positive=[
        "Thousands gathered in the main square of Zarovka on Sunday to mourn the victims.",
        "Hundreds of residents attended the funeral of the slain mayor in Zarovka on Friday.",
        "Crowds celebrated in the streets of Zarovka after the army retook the town.",
    ],
    negative=[
        "Thousands gathered in the main square of Zarovka on Sunday to demand the governor's resignation.",
        "Mourners at the funeral in Zarovka chanted slogans against the government.",
        "Hundreds of students marched through Zarovka on Friday against the new fuel tax.",
    ],
    check=lambda t: is_gathering(nlp.first_sentence(t)),
    needs_parse=True,
)

ASSEMBLE_HABITUAL_NOT_EVENT = register(
    "ASSEMBLE-HABITUAL-NOT-EVENT",
    stage="assemble",
    reason="a clause telling what usually happens ('rebels often attack convoys') reports no incident of a day",
    positive=[
        "Rebels often attack army convoys on the road between Zarovka and Brenna.",
        "Militants used to shell the market of Zarovka from the hills.",
        "Armed herders often attack cattle traders on the road north of Zarovka, residents say.",
    ],
    negative=[
        "Rebels attacked an army convoy on the road between Zarovka and Brenna on Monday.",
        "Rebels attacked a convoy that often carries food to Zarovka.",
    ],
    check=lambda t: is_habitual(nlp.first_sentence(t)),
    needs_parse=True,
)
