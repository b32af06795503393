"""Claims: who says so. One Claim per attributed statement in an article.

``find_claims`` walks an article's sentences in order, finds the attribution of each
(``attribution.py``), resolves pronouns, bare surnames and "the official" to the fullest
earlier form of the source (``sources.py``), widens the span over multi-sentence quotations,
then types the source from ``data/vocab/source_roles.tsv`` and sets topic, value and stance
(``topics.py``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from frontwatch import vocabulary
from frontwatch.claims.attribution import (
    Attribution,
    QuoteState,
    find_attributions,
    names_a_source,
    quote_walk,
    source_phrase_ok,
    trailing_source,
)
from frontwatch.claims.outlet import outlet_claims
from frontwatch.claims.parse import clause_subject, in_relative_clause
from frontwatch.claims.sources import Known, fullest_form, name_tokens, resolve_pronoun, resolve_role, source_type
from frontwatch.claims.topics import classify, stance
from frontwatch.model import Claim, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_claims", "source_type"]

logger = logging.getLogger(__name__)

# A quotation is followed over at most this many further sentences; a longer run of open
# quotes is more likely a lost closing mark than one speaker's paragraph.
_QUOTE_SPAN = 3
# "he"/"the official" look back this many sentences for the person meant (a named office,
# "the governor", may point back further: offices are unambiguous within one article).
_PRONOUN_WINDOW = 3

# office nouns that "the <word>" may point back to (data/vocab/office_nouns.tsv)
_OFFICE_HEADS = vocabulary.alternation("office_nouns", lang="en", office_head="yes")
# lower-case words only: "the Iranian Foreign Ministry" is a first mention, "the ministry" a reference
_DEFINITE_OFFICE = re.compile(rf"^(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:[a-z-]+\s+){{0,2}}(?:{_OFFICE_HEADS})$")
# An attribution that is the whole sentence ("Ahmed Abdi told CNN.") belongs to the sentence
# before it: the splitter cut after a title abbreviation ("police Capt.") or a line break.
_BARE_ATTRIBUTION_WORDS = 4
_TITLE_END = re.compile(r"\b(?:Brig|Gen|Capt|Lt|Col|Maj|Sgt|Gov|Dr|Mr|Mrs|Ms|Cmdr|Adm|Sen|Rep|Prof|St)\.$")


# where a second source's clause opens: "..., while the militants claimed ...", "...; hospital
# sources said ...", "... — while a spokesman cited ..."
_SECOND_CLAUSE = re.compile(
    r"(?:[,;—–][\"”’']?\s*(?:(?:while|whereas|but|though|although|as|despite|contrary\s+to)\s+)?|\s(?:while|whereas)\s+)$"
)
# A second source's clause that says the opposite of the first: "..., despite assertions by soldiers
# that ...", "contrary to claims by the ministry"
_CONTRARY = re.compile(r"^(?:despite|contrary\s+to|in\s+contrast\s+to)\b", re.IGNORECASE)


def _clause_cuts(sentence: Sentence, atts: Sequence[Attribution], first: Attribution) -> list[tuple[int, Attribution]]:
    """Later sources of one sentence that open clauses of their own: (where the clause starts, who).

    "Police said 10 died, while the militants claimed 50" is two claims, each with its own figure.
    A later source inside the first one's clause ("Police said the militants claimed ...") is not.
    """
    cuts: list[tuple[int, Attribution]] = []
    for a in atts:
        # a source named after its verb or noun ("according to X", "assertions by X") opens its
        # clause at that word
        anchor = min(a.start, a.verb_start)
        if a is first or a.kind != "phrase" or anchor <= first.verb_start or a.source == first.source:
            continue
        m = _SECOND_CLAUSE.search(sentence.text[: anchor - sentence.start].rstrip() + " ")
        if m is None or not m.group(0).strip():
            continue
        # a comma inside a closing quotation mark ('... manner," despite ...') stays with the first clause
        closing = re.match(r"[,;—–][\"”’']", m.group(0))
        cut = sentence.start + m.start() + (2 if closing else 0)
        if not cuts or cut > cuts[-1][0]:
            cuts.append((cut, a))
    return cuts


def _quote_states(sentences: Sequence[Sentence]) -> list[tuple[QuoteState, bool]]:
    """(quotation state at start, open at end) for each sentence; double quotes and ‘single
    curly ones’ both carry a quotation across sentences."""
    states: list[tuple[QuoteState, bool]] = []
    state: QuoteState = (False, False)
    for s in sentences:
        start = state
        _, state = quote_walk(s.text, state)
        states.append((start, any(state)))
    return states


def _quote_end(i: int, states: Sequence[tuple[tuple[bool, bool], bool]], found: Sequence[Sequence[Attribution]]) -> int:
    """The last sentence of a quotation open at the end of sentence ``i`` (``i`` if none is)."""
    last = i
    while states[last][1] and last + 1 < len(states) and last - i < _QUOTE_SPAN and not found[last + 1]:
        last += 1
    return last


def _claim(source: str, verb: str, start: int, end: int, body: str, *, base: Claim) -> Claim:
    """A Claim with its type, topic, value and stance; article fields copied from ``base``."""
    kind = source_type(source)
    topic = classify(body)
    return Claim(
        source=source,
        text=body,
        topic=topic.topic,
        value=topic.value,
        article_id=base.article_id,
        start=start,
        end=end,
        source_type=kind,
        outlet=base.outlet,
        verb=verb,
        stance=stance(text=body, verb=verb, source_type=kind, topic=topic),
        published=base.published,
    )


def _rejoin_title(
    previous: Sentence, att: Attribution, article: str, *, pos_at: Callable[[int], str | None] | None
) -> Attribution | None:
    """'Military spokesman Brig.' + 'Gen. Ali Omar said ...': the splitter cut the source at a
    title's dot; the source runs from the end of the previous sentence."""
    if not _TITLE_END.search(previous.text):
        return None
    span = trailing_source(previous.text, base=previous.start, pos_at=pos_at)
    if span is None or span[1] != previous.end:
        return None
    return replace(att, source=article[span[0] : att.end], start=span[0])


def _only_attribution(sentence: Sentence, att: Attribution) -> bool:
    """Whether the sentence says nothing but who spoke: the source, the verb, a few words."""
    if att.kind == "document" or att.start != sentence.start:
        return False
    rest = sentence.text[att.verb_start - sentence.start :].split()
    return len(rest) <= _BARE_ATTRIBUTION_WORDS


def _resolve(
    att: Attribution, known: list[Known], last: Claim | None, *, index: int, own_subject: str | None = None
) -> str | None:
    """The source string to store: references back replaced by the fullest earlier form.

    ``own_subject``: the sentence's own subject, when the parse shows one before a pronoun
    speaker ("The army has expelled fighters it said were looting"; rule CLAIMS-PRONOUN-OWN-SUBJECT)."""
    if own_subject is not None and att.kind in ("pronoun", "document"):
        return fullest_form(own_subject, known)
    if att.kind == "document":
        return last.source if last is not None else None
    if att.kind == "pronoun":
        return resolve_pronoun(att.source, known, sentence_index=index, window=_PRONOUN_WINDOW) or att.source
    if _DEFINITE_OFFICE.match(att.source):
        return resolve_role(att.source, known, sentence_index=index, window=_PRONOUN_WINDOW) or att.source
    if name_tokens(att.source) and "," not in att.source:
        return fullest_form(att.source, known)
    return att.source


def _own_subject(
    doc: Doc, sentence: Sentence, att: Attribution, *, pos_at: Callable[[int], str | None] | None
) -> str | None:
    """The subject of the sentence's main clause, when it comes before a pronoun speaker of the
    same number and reads as a source: the pronoun most likely points to it."""
    span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    if span is None:
        return None
    subject = next((t for t in span.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.idx >= att.start or subject.pos_ == "PRON":
        return None
    plural = att.source.lower() == "they"
    if (subject.tag_ in ("NNS", "NNPS")) != plural:
        return None
    bounds = clause_subject(doc, subject.idx)
    if bounds is None:
        return None
    text = doc.text[bounds[0] : bounds[1]]
    return text if source_phrase_ok(text, bounds[0], pos_at=pos_at) else None


def find_claims(
    sentences: Sequence[Sentence],
    *,
    article_id: str,
    outlet: str = "",
    published: date | None = None,
    doc: Doc | None = None,
    text: str | None = None,
) -> list[Claim]:
    """One Claim per attributed statement, in article order.

    ``doc`` (the caller's parse of the article) lends part-of-speech tags to reject false
    sources and the article text for multi-sentence spans; ``text`` may be given instead.
    Without either, a quotation spanning sentences is rebuilt with single spaces between them.
    """
    article = text if text is not None else (doc.text if doc is not None else None)
    pos_at = None
    subject_of = None
    if doc is not None:
        tags = {t.idx: t.pos_ for t in doc}
        pos_at = tags.get

        def subject_of(char: int) -> tuple[int, int] | None:
            return clause_subject(doc, char)

    states = _quote_states(sentences)
    found = [
        find_attributions(s.text, base=s.start, pos_at=pos_at, open_quote=states[i][0], subject_of=subject_of)
        for i, s in enumerate(sentences)
    ]
    claims: list[Claim] = []
    known: list[Known] = []
    covered = -1  # index of the last sentence already inside a claim
    partly: set[int] = set()  # sentences whose attributed claim covers a relative clause only
    for i, s in enumerate(sentences):
        if i <= covered:
            continue
        if not found[i]:
            # a paragraph that is one whole quotation, right after a quoted speaker, is that
            # speaker going on (the news convention for a run of quoted paragraphs)
            if claims and covered == i - 1 and s.text[:1] in '"“‘' and not any(states[i][0]):
                last = _quote_end(i, states, found)
                if states[last][1] and last + 1 < len(states) and found[last + 1]:
                    continue  # the quotation closes on its own attribution ('...," it read.')
                start, end = s.start, sentences[last].end
                body = article[start:end] if article is not None else " ".join(x.text for x in sentences[i : last + 1])
                claims.append(_claim(claims[-1].source, claims[-1].verb, start, end, body, base=claims[-1]))
                covered = last
            continue
        att = found[i][0]
        first = i
        if article is not None and att.kind == "phrase" and att.start == s.start and i - 1 > covered:
            joined = _rejoin_title(sentences[i - 1], att, article, pos_at=pos_at)
            if joined is not None:
                att, first = joined, i - 1
        own = None
        if doc is not None and (att.kind == "pronoun" or (att.kind == "document" and att.source.lower() == "it")):
            own = _own_subject(doc, s, att, pos_at=pos_at)
        source = _resolve(att, known, claims[-1] if claims else None, index=i, own_subject=own)
        if not source:
            continue
        if first - 1 > covered and _only_attribution(s, att):
            first -= 1
        # '"... .' + '... ," he said.': the claim starts where the quotation opened
        while first - 1 > covered and any(states[first][0]) and i - first < _QUOTE_SPAN:
            first -= 1
        # 'X said "... .' + '... ."': the quotation runs on into sentences of its own
        last = _quote_end(i, states, found)
        covered = last
        start, end = sentences[first].start, sentences[last].end
        if article is not None:
            body = article[start:end]
        else:
            body = " ".join(x.text for x in sentences[first : last + 1])
        template = Claim(source="", text="", article_id=article_id, outlet=outlet, published=published)
        cuts = _clause_cuts(s, found[i], att) if first == i == last else []
        relative = in_relative_clause(doc, att.verb_start) if doc is not None and first == i == last else None
        if relative is not None and len(found[i]) == 1 and relative[0] <= att.start:
            # "... killed seven people in an assault that a diplomat said was an attack": the
            # speaker vouches for the relative clause only (rule CLAIMS-RELATIVE-SCOPE); the rest
            # of the sentence stays open to the outlet's own claim
            lo, hi = relative
            claims.append(_claim(source, att.verb, lo, hi, article[lo:hi] if article else s.text, base=template))
            partly.add(i)
        elif not cuts:
            claims.append(_claim(source, att.verb, start, end, body, base=template))
        else:
            # one claim per source's clause, each with its own figure
            bounds = [start] + [c for c, _ in cuts] + [end]
            speakers = [(source, att.verb)] + [(_resolve(a, known, None, index=i) or a.source, a.verb) for _, a in cuts]
            for (who, verb), (lo, hi) in zip(speakers, pairwise(bounds), strict=True):
                piece = s.text[lo - s.start : hi - s.start].strip(" ,;—–")
                lead = s.text[lo - s.start : hi - s.start].find(piece)
                claim = _claim(who, verb, lo + lead, lo + lead + len(piece), piece, base=template)
                if _CONTRARY.match(piece):
                    claim = replace(claim, stance="dispute")
                claims.append(claim)
        for a in found[i]:
            if a.kind == "phrase" and a is not att:
                known.append(Known(a.source, i))
        known.append(Known(source, i))
    # a sentence that names a source (even one not resolved) is never the outlet's own claim
    inside = {x.index for x in sentences for c in claims if c.start <= x.start < c.end or x.start <= c.start < x.end}
    inside = (inside | {k for k, atts in enumerate(found) if atts or names_a_source(sentences[k].text)}) - partly
    template = Claim(source="", text="", article_id=article_id, outlet=outlet, published=published)
    claims.extend(outlet_claims(sentences, inside, template=template))
    claims.sort(key=lambda c: c.start)
    logger.debug("article %s: %d claims from %d sentences", article_id, len(claims), len(sentences))
    return claims
