"""What the dependency parse tells the claim finder: who a participle's clause belongs to, and
whether a speech verb reports only a relative clause.

Surface patterns cannot tell "Orlov played it down, saying ..." (Orlov speaks) from "..., the
ministry saying ..." or bind "that a diplomat said was an attack" to the relative clause alone;
the parse can. Every function takes the caller's spaCy ``Doc`` and article character offsets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# how far up a chain of clauses ("sought to portray ..., saying") a subject is looked for
_MAX_HOPS = 4


def token_at(doc: Doc, char: int) -> Token | None:
    """The token that starts at (or covers) article offset ``char``."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def clause_subject(doc: Doc, char: int) -> tuple[int, int] | None:
    """The subject span of the clause the word at ``char`` depends on, walking up through open
    clauses (xcomp, advcl, conj) until one has a subject. Relative clauses and appositions inside
    the subject are cut off at their comma: the source is the noun phrase, not its description."""
    tok = token_at(doc, char)
    hops = 0
    while tok is not None and hops < _MAX_HOPS:
        head = tok.head
        if head is tok:
            return None
        subj = next((c for c in head.children if c.dep_ in _SUBJECTS), None)
        if subj is not None:
            left = subj.left_edge
            right = subj
            for c in subj.rights:
                if c.dep_ in ("relcl", "acl", "appos", "punct"):
                    break
                right = c.right_edge
            return left.idx, right.idx + len(right.text)
        tok, hops = head, hops + 1
    return None


def in_relative_clause(doc: Doc, char: int) -> tuple[int, int] | None:
    """(start, end) of the relative clause a speech verb at ``char`` sits in, if it does:
    "... killed seven people in an assault that a diplomat said was an attack" -- the diplomat
    vouches for the relative clause, not for the main clause's figure."""
    tok = token_at(doc, char)
    hops = 0
    while tok is not None and hops < _MAX_HOPS:
        if tok.dep_ == "relcl":
            return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
        if tok.dep_ not in ("ccomp", "conj") or tok.head is tok:
            return None
        tok, hops = tok.head, hops + 1
    return None
