"""Toponym recognition: spaCy's entities plus a gazetteer matcher, gated against false places.

Two sources, merged:

1. spaCy NER spans labelled GPE, LOC or FAC, and NORP spans that are demonyms of a place
   ("Afghan forces", "Russian troops"). These are kept even when the gazetteer does not know them
   (``entries`` is empty), so an unknown place stays visible to the caller.
2. A matcher over token n-grams (up to ``MAX_NGRAM`` tokens) whose ``name_key`` is a gazetteer key:
   it finds places that the small model misses or labels PERSON/ORG. Because many villages share
   a name with people or words, a matcher-only span must pass the gate in ``_keep_matched``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontwatch.geo import words as lex
from frontwatch.geo.build import KIND_DEMONYM, KIND_PRIMARY
from frontwatch.geo.gazetteer import Entry, Gazetteer
from frontwatch.geo.headlines import drop_title_case_words
from frontwatch.geo.loose import loose_lookup as _loose_lookup
from frontwatch.geo.normalize import name_key
from frontwatch.rulebook import register

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

MAX_NGRAM = 7  # "Democratic People's Republic of Korea"
_NER_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class Found:
    """A recognised name before resolution."""

    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]
    source: str  # "ner" | "gazetteer"
    label: str | None  # spaCy label of the span (NER) or of its tokens (matcher)
    cue: str | None
    after_preposition: bool
    weak: bool = False  # kept only if its resolution agrees with the rest of the document
    # part of a street's name ("Lincoln Avenue"): not a place of the text, but a hint of where it is,
    # since streets are mostly named after nearby towns; it votes in resolution and is never output
    silent: bool = False


def _is_cap(tok: Token) -> bool:
    t = tok.text
    return bool(t) and (t[0].isupper() or (t[0].isalpha() and not t[0].isascii() and not t[0].islower()))


def _cue(doc: Doc, start: int, end: int) -> str | None:
    """How the text frames tokens [start, end): "province", "district", "city", "near" or None."""
    if end < len(doc):
        nxt = doc[end].lower_
        if nxt in lex.CUE_AFTER:
            return lex.CUE_AFTER[nxt]
    if start >= 2 and doc[start - 1].lower_ == "of":
        w = doc[start - 2].lower_
        if w in lex.CUE_AFTER:  # "the province of X" as "X province"
            return lex.CUE_AFTER[w]
        if w == "outskirts":
            return "near"
    # PLACES-APPOSITIVE-TOWN: "Djibo, a town under blockade", "X, the provincial capital's port". Only on a
    # dependency parse: the geoparser's own pipeline has none, and walking a token's children there reads
    # unset memory (it crashed bench/geoparse.py)
    for tok in doc[start:end] if doc.has_annotation("DEP") else ():
        for child in tok.rights:
            if child.dep_ == "appos" and child.i >= end and child.lower_ in lex.CUE_AFTER:
                return lex.CUE_AFTER[child.lower_]
    listed = _list_cue(doc, start)  # PLACES-LISTED-TOWNS
    if listed is not None:
        return listed
    if start >= 1 and doc[start - 1].lower_ in lex.NEAR_BEFORE:
        return "near"
    if start >= 2 and doc[start - 1].lower_ == "from" and doc[start - 2].lower_ in lex.DISTANCE_UNITS:
        return "near"
    if start >= 2 and doc[start - 1].lower_ in ("of", "from") and doc[start - 2].lower_ in lex.CARDINAL:
        return "near"
    return None


def _list_cue(doc: Doc, start: int) -> str | None:
    """Rule PLACES-LISTED-TOWNS: the kind a plural noun of place gives every name of the list after its
    "of" ("the towns of X and Y", "the provinces of X, Y and Z"), or None outside such a list."""
    i, steps = start - 1, 0
    while i >= 1 and steps < 12:
        w = doc[i].lower_
        if w == "of":
            return lex.OF_LIST.get(doc[i - 1].lower_)
        if w not in (",", "and", "or") and not _is_cap(doc[i]) and w not in lex.CONNECTORS:
            return None
        i, steps = i - 1, steps + 1
    return None


def _listed_check(text: str) -> bool:
    from frontwatch import nlp

    name = text.split("|")[1]
    doc = nlp.parse(text.replace("|", ""))
    tok = next(t for t in doc if t.text == name)
    return _cue(doc, tok.i, tok.i + 1) == "city"


PLACES_LISTED_TOWNS = register(
    "PLACES-LISTED-TOWNS",
    stage="places",
    reason="'the towns of X and Y' frames every name of the list as a town, not only the first",
    positive=[
        "Rebels captured the towns of Zarovka and |Ostrava| on Saturday.",
        "Troops retook the villages of |Zarovka|, Ostrava and Belmir.",
    ],
    negative=[
        "The mayors of Zarovka and |Ostrava| met on Saturday.",
        "Rebels captured the towns of Zarovka on Saturday and shelled |Ostrava|.",
    ],
    check=_listed_check,
    needs_parse=True,
)


def _after_preposition(doc: Doc, start: int) -> bool:
    """A preposition or place word right before the name, or before the list it is in ("in A, B and C")."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 0 and doc[i].lower_ in lex.PREPOSITIONS:
        return True
    # walk back over a coordinated list of capitalised names, at most a few tokens
    steps = 0
    while (
        i >= 0
        and steps < 10
        and (doc[i].lower_ in ("and", "or", ",") or _is_cap(doc[i]) or doc[i].lower_ in lex.CONNECTORS)
    ):
        i -= 1
        steps += 1
        if i >= 0 and doc[i].lower_ in lex.PREPOSITIONS and doc[i + 1].lower_ not in ("and", "or", ","):
            return steps > 1
    return False


def capture_object(doc: Doc, start: int, end: int) -> bool:
    """Rule PLACES-CAPTURE-OBJECT: whether the name is the object of a verb of capture in the parse
    ("recaptured X from the rebels"), which frames it as a place whatever the tagger calls it. The
    geoparser's lighter pipeline has no parse (``geoparse_jsonl``): there the rule says nothing."""
    if not doc.has_annotation("DEP"):
        return False
    for tok in doc[start:end]:
        head = tok.head
        if (
            head is not tok
            and head.i < start
            and tok.dep_ in ("dobj", "npadvmod", "oprd", "attr")
            and head.pos_ in ("VERB", "AUX")
            and (head.lower_ in lex.CAPTURE_FORMS or head.lemma_.lower() in lex.CAPTURE_FORMS)
            and not any(c.dep_ == "prt" for c in head.children)
        ):
            return True
    return False


def _capture_object_check(text: str) -> bool:
    from frontwatch import nlp

    name = text.split("|")[1]
    doc = nlp.parse(text.replace("|", ""))
    tok = next(t for t in doc if t.text == name)
    return capture_object(doc, tok.i, tok.i + 1)


PLACES_CAPTURE_OBJECT = register(
    "PLACES-CAPTURE-OBJECT",
    stage="places",
    reason="the object of a verb of capture ('recaptured X from the rebels') is a place, whatever the tagger calls it",
    positive=[
        "Government forces recaptured |Zarovka| from the rebels on Monday, the ministry said.",
        "Militants seized |Zarovka| on Sunday after troops pulled out.",
    ],
    negative=[
        "Government forces met |Zarovka| on Monday, the ministry said.",
        "|Zarovka| recaptured the hill from the rebels on Monday.",
    ],
    check=_capture_object_check,
    needs_parse=True,
)


def _before_place_word(doc: Doc, end: int) -> bool:
    return end < len(doc) and doc[end].lower_ in lex.PLACE_AFTER


def _trim(doc: Doc, span: Span) -> tuple[int, int]:
    """Token bounds of the name inside an entity: without "the", possessive "'s" or a cue word."""
    s, e = span.start, span.end
    while s < e and doc[s].lower_ in ("the", "-"):
        s += 1
    while e > s and (doc[e - 1].lower_ in ("'s", "’s", "'", "-") or doc[e - 1].lower_ in lex.CUE_AFTER):
        e -= 1
    return s, e


def _lookup(gaz: Gazetteer, text: str) -> tuple[Entry, ...]:
    return gaz.entries(name_key(text))


def _framed_check(text: str) -> bool:
    from frontwatch import nlp

    doc = nlp.parse(text)
    return any(e.label_ == "PERSON" and _cue(doc, *_trim(doc, e)) == "city" for e in doc.ents)


PLACES_FRAMED_PERSON_TOWN = register(
    "PLACES-FRAMED-PERSON-TOWN",
    stage="places",
    reason="a name the tagger calls a person is a town when the text frames it as one ('the town of X') and the gazetteer has it",
    positive=["A bomb exploded near the mosque in the town of Bir Al-Zarov, in the north."],
    negative=["A bomb exploded near the mosque, said Bir Al-Zarov, a witness."],
    check=_framed_check,
    needs_parse=True,
)


def _appositive_check(text: str) -> bool:
    from frontwatch import nlp

    doc = nlp.parse(text)
    return any(_cue(doc, *_trim(doc, e)) == "city" for e in doc.ents if e.label_ in ("PERSON", "ORG"))


PLACES_APPOSITIVE_TOWN = register(
    "PLACES-APPOSITIVE-TOWN",
    stage="places",
    reason="a name the text explains as a town in an appositive ('Djibo, a town under blockade') is framed as one, "
    "whatever the tagger calls it",
    positive=[
        "Hundreds of residents of Djibo, a town under blockade for months, marched on Friday.",
        "Fighters seized control of Lalibela, a town famous for its churches, on Wednesday.",
    ],
    negative=["Fighters seized control of the bridge, said Amadou Diallo, a witness from the area."],
    check=_appositive_check,
    needs_parse=True,
)


def _framed_town(doc: Doc, ent: Span, text_all: str, gaz: Gazetteer) -> Found | None:
    """A name the tagger calls a person that the text frames as a town ("in the town of X") and
    the gazetteer holds as a town, in this or another transliteration."""
    s, e = _trim(doc, ent)
    if s >= e or _cue(doc, s, e) != "city":
        return None
    start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
    text = text_all[start:end]
    entries = tuple(en for en in _lookup(gaz, text) if en.place.feature == "city") or _loose_lookup(gaz, text)
    if not entries:
        return None
    return Found(start, end, text, entries, "ner", "GPE", "city", _after_preposition(doc, s), False, False)


def _ner(doc: Doc, text_all: str, gaz: Gazetteer) -> list[Found]:
    out: list[Found] = []
    person_words = _person_words(doc)
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            # PLACES-FRAMED-PERSON-TOWN: "the town of X" the tagger calls a person
            found = _framed_town(doc, ent, text_all, gaz)
            if found is not None:
                out.append(found)
            continue
        if ent.label_ not in _NER_LABELS and ent.label_ != "NORP":
            continue
        s, e = _trim(doc, ent)
        if s >= e:
            continue
        start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        text = text_all[start:end]
        entries = _lookup(gaz, text)
        if ent.label_ == "NORP" and (not _names_a_people(entries) or _inside_proper_name(doc, s, e)):
            # religions, parties, ethnic groups without a place; "French" of "French Quarter"; a
            # movement that shares its letters with a village somewhere
            continue
        if ent.label_ == "FAC" and not entries:
            continue  # buildings and streets: not gazetteer places
        cue = _cue(doc, s, e)
        prep = _after_preposition(doc, s)
        if not entries and cue:
            entries = _loose_lookup(gaz, text)  # PLACES-LOOSE-TRANSLITERATION: "the town of X"
        if not entries and not (cue or prep or e - s > 1):
            continue  # an unknown single word nothing frames as a place: usually a name or brand
        if text.lower() in lex.STOP:
            continue
        if _looks_personal(doc, s, e, person_words, entries) and not (cue or prep):
            continue
        named_after = _part_of_site(doc, e, entries) if entries else None
        weak, silent = named_after == "facility", named_after == "street"
        out.append(Found(start, end, text, entries, "ner", ent.label_, cue, prep, weak, silent))
    return out


def _names_a_people(entries: tuple[Entry, ...]) -> bool:
    """A nationality word ("Afghan", "Kurdish") is a place only through a demonym, country or region."""
    return any(en.kind == KIND_DEMONYM or en.place.feature in ("country", "region", "admin1") for en in entries)


def _entity_at(doc: Doc, i: int) -> Span | None:
    """The named entity covering token ``i``, read from the tokens' IOB tags: ``doc.ents`` builds
    a new tuple of spans on every access, which the matcher would pay for every candidate."""
    from spacy.tokens import Span

    if doc[i].ent_iob_ not in ("B", "I"):
        return None
    s = i
    while s > 0 and doc[s].ent_iob_ == "I":
        s -= 1
    e = i + 1
    while e < len(doc) and doc[e].ent_iob_ == "I":
        e += 1
    return Span(doc, s, e, label=doc[s].ent_type_)


def _person_spans(doc: Doc) -> list[tuple[int, int]]:
    return [(ent.start, ent.end) for ent in doc.ents if ent.label_ == "PERSON" and not _verb_led(ent)]


def _person_words(doc: Doc) -> frozenset[str]:
    """Words of the document's multi-word person names: "Clark" alone is then Mr Clark."""
    return frozenset(
        t.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) >= 2 and not _verb_led(ent) for t in ent
    )


def _verb_led(ent: Span) -> bool:
    """A "person" opened by a verb is the small model misreading a clause ("Seizing Kunduz")."""
    return ent[0].pos_ == "VERB" or (ent[0].lower_.endswith("ing") and bool(ent[0].is_sent_start))


# verdicts of the matcher's gate
REJECT, WEAK, STRONG = 0, 1, 2


def _big(entries: tuple[Entry, ...]) -> bool:
    """A big place by its own name, not by an old or foreign alias ("Hamid" is an old name of a Turkish city)."""
    return any(
        en.place.feature in ("country", "admin1", "region")
        or (en.place.population >= 100_000 and en.kind == KIND_PRIMARY)
        for en in entries
    )


def _looks_personal(doc: Doc, s: int, e: int, person_words: frozenset[str], entries: tuple[Entry, ...]) -> bool:
    if e - s != 1:
        return False
    if doc[s].lower_ in person_words:
        return True
    # "Clark said" is a person; "Tbilisi says" is a capital speaking for its government, and
    # "police in Taloqan said" a town
    if e < len(doc) and doc[e].lower_ in lex.SPEECH:
        return not (_big(entries) or _after_preposition(doc, s))
    return False


def _inside_proper_name(doc: Doc, s: int, e: int) -> bool:
    """An adjective that ends a longer proper name ("Southeast Asian", "Percy French").

    Only the word before counts: "Russian President", "Syrian Army" are the country's own.
    """
    prev = doc[s - 1] if s > 0 else None
    if prev is None or doc[s].is_sent_start or not _is_cap(prev):
        return False
    # "Southeast Asian", "East African": a region's adjective, whatever the tagger calls the first word
    return prev.pos_ == "PROPN" or prev.lower_ in lex.REGION_MODIFIERS


def _keep_matched(
    doc: Doc, s: int, e: int, entries: tuple[Entry, ...], persons: list[tuple[int, int]], person_words: frozenset[str]
) -> int:
    """The gate for a gazetteer match: REJECT, WEAK (kept only if the document's geography agrees) or STRONG."""
    first = doc[s]
    text_lower = doc[s:e].text.lower()
    if text_lower in lex.STOP:
        return REJECT
    if first.lower_ in lex.STOP and not (e - s > 1 and (_after_preposition(doc, s) or _cue(doc, s, e))):
        return REJECT  # "Union Station"; but "in Grand Forks" is a town
    if _looks_personal(doc, s, e, person_words, entries):
        return REJECT
    span_text = doc[s:e].text
    if (
        span_text.isupper()
        and len(span_text.replace(".", "")) <= 4
        and not any(en.place.feature in ("country", "admin1") for en in entries)
    ):
        return REJECT  # an acronym ("AU", "GNA") is an organisation, not the town that shares its letters
    big = _big(entries)
    prep = (
        _after_preposition(doc, s)
        or _cue(doc, s, e) is not None
        or _before_place_word(doc, e)
        or capture_object(doc, s, e)  # PLACES-CAPTURE-OBJECT
    )
    demonym = any(en.kind == KIND_DEMONYM for en in entries)
    for ps, pe in persons:
        if ps < e and s < pe:
            if pe - ps >= 2 and not (ps == s and pe == e and (prep or big)):
                # part of a person's full name ("Ashraf Ghani"), unless it opens one ("Seattle Seahawks")
                return WEAK if ps == s and pe > e and _big(entries) else REJECT
            if not (prep or big):
                return REJECT  # a one-word PERSON that nothing marks as a place
    ent_type = first.ent_type_
    if ent_type in ("DATE", "TIME", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "PERCENT"):
        return REJECT
    if ent_type in ("ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "NORP") and not big:
        # the small model often calls an unfamiliar town after "in"/"near" an ORG ...
        ent = _entity_at(doc, s)
        if prep and ent is not None and ent.start == s and ent.end == e:
            return STRONG
        # ... and names local bodies after their town ("Danbury police", "Laurel County Fiscal Court")
        return (
            WEAK
            if ent is not None and (ent.start == s or (ent.start == s - 1 and doc[ent.start].lower_ == "the"))
            else REJECT
        )
    if demonym:
        return REJECT if _inside_proper_name(doc, s, e) else STRONG
    if first.is_sent_start and not (prep or big) and first.pos_ != "PROPN":
        return REJECT
    if e - s == 1 and first.pos_ not in ("PROPN",) and not (prep and big):
        return REJECT
    if big or prep or ent_type in ("GPE", "LOC", "FAC"):
        return STRONG
    return WEAK


def _inside_of_phrase(doc: Doc, s: int, e: int) -> bool:
    """Part of a longer named thing built with "of" ("the Temple of Bel", "University of X")."""
    ent = _entity_at(doc, s)
    if ent is None or ent.label_ not in ("ORG", "FAC", "LOC", "WORK_OF_ART", "EVENT") or (ent.start, ent.end) == (s, e):
        return False
    return any(t.lower_ == "of" for t in ent) and not any(t.lower_ in lex.CUE_AFTER for t in ent)


def _matcher(doc: Doc, text_all: str, gaz: Gazetteer, *, rejected: list[Found] | None = None) -> list[Found]:
    out: list[Found] = []
    persons = _person_spans(doc)
    person_words = _person_words(doc)
    n = len(doc)
    # each token, its text, case and lowercase form read once: the n-gram loop below revisits every
    # token up to MAX_NGRAM times, and each doc[i] and .lower_ goes back through spaCy's lookups
    toks = list(doc)
    texts = [t.text for t in toks]
    caps = [_is_cap(t) for t in toks]
    lowers = [t.lower_ for t in toks]
    i = 0
    while i < n:
        tok = toks[i]
        if not caps[i] or not texts[i][0].isalpha():
            i += 1
            continue
        hit: tuple[int, tuple[Entry, ...]] | None = None
        for j in range(min(n, i + MAX_NGRAM), i, -1):
            last = toks[j - 1]
            lt = texts[j - 1]
            abbreviation = len(lt) > 1 and lt.endswith(".") and lt[0].isalpha()  # "Ky."
            if not caps[j - 1] and not (abbreviation and j - 1 > i):
                continue
            if any(
                not caps[k]
                and lowers[k].strip("-") not in lex.CONNECTORS
                and lowers[k] not in ("'s", "’s")  # "Democratic People's Republic of Korea"
                and lowers[k].strip("-.")
                for k in range(i + 1, j - 1)
            ):
                continue
            if any(toks[k].is_space or "\n" in toks[k].text_with_ws[:-1] for k in range(i, j - 1)):
                continue
            key = name_key(text_all[tok.idx : last.idx + len(last.text)])
            if not gaz.has_key(key):
                continue
            entries = gaz.entries(key)
            if entries:
                hit = (j, entries)
                break
        if hit is None:
            i += 1
            continue
        j, entries = hit
        verdict = _keep_matched(doc, i, j, entries, persons, person_words)
        named_after = _part_of_site(doc, j, entries)
        if named_after == "facility" and verdict == STRONG:
            verdict = WEAK
        start, end = tok.idx, doc[j - 1].idx + len(doc[j - 1].text)
        cue, prep = _cue(doc, i, j), _after_preposition(doc, i)
        found = Found(
            start,
            end,
            text_all[start:end],
            entries,
            "gazetteer",
            tok.ent_type_ or None,
            cue,
            prep,
            verdict == WEAK and named_after != "street",
            silent=named_after == "street",
        )
        if verdict != REJECT:
            out.append(found)
        elif rejected is not None and _may_recall(doc, i, j, persons):
            rejected.append(found)
        i = j
    return out


def _part_of_site(doc: Doc, end: int, entries: tuple[Entry, ...]) -> str | None:
    """ "street" or "facility" when the name ending at token ``end`` is part of a street's or a
    building's name that is not in the place: a county names its own roads ("Pike County
    Road 12") and a city its own hospital."""
    kind = _named_after(doc, end)
    if kind is None or doc[end - 1].lower_ in lex.CUE_AFTER or (kind == "facility" and _big(entries)):
        return None
    return kind


def _named_after(doc: Doc, end: int) -> str | None:
    """ "street" or "facility" when the capitalised word after token ``end`` (past a possessive
    "'s") makes the name part of a street's or a building's name."""
    k = end
    if k < len(doc) and doc[k].lower_ in ("'s", "’s"):
        k += 1
    if k >= len(doc) or not _is_cap(doc[k]):
        return None
    word = doc[k].lower_.rstrip(".")
    if word in lex.STREET_AFTER:
        # a street's name ends there; "Nevada Highway Patrol"-like agencies go on
        return "street" if k + 1 >= len(doc) or not _is_cap(doc[k + 1]) or doc[k + 1].like_num else None
    return "facility" if word in lex.FACILITY_AFTER else None


def _may_recall(doc: Doc, s: int, e: int, persons: list[tuple[int, int]]) -> bool:
    """A rejected match that one sense per discourse may take back: not a stop word, not a
    piece of a longer person's name ("Ashraf" of "Ashraf Ghani"), not a date or number."""
    text_lower = doc[s:e].text.lower()
    if text_lower in lex.STOP or doc[s].lower_ in lex.STOP or _inside_of_phrase(doc, s, e):
        return False
    if doc[s].ent_type_ in ("DATE", "TIME", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "PERCENT"):
        return False
    if e < len(doc) and _is_cap(doc[e]):
        return False  # the start of a longer name ("Kabul Bank", "Danbury Police")
    ent = _entity_at(doc, s)
    misread = ent is not None and ent.label_ == "PERSON" and _verb_led(ent) and (ent.start + 1, ent.end) == (s, e)
    if ent is not None and (ent.start, ent.end) != (s, e) and not misread:
        return False  # a piece of a longer entity: its own reading stands
    return not any(ps < e and s < pe and (pe - ps) > (e - s) for ps, pe in persons)


def recognize(doc: Doc, gaz: Gazetteer, *, doc_text: str | None = None) -> list[Found]:
    """Every place name in ``doc``, in text order, without overlaps.

    One sense per discourse: a name the document uses as a place once ("in Pul-e Khumri") is a
    place wherever else it appears, even where the small model calls it a person ("the
    attack on Pul-e Khumri") — a matcher rejection is taken back when the same name was accepted.
    ``doc_text``: exactly ``doc.text``, when the caller has it.
    """
    # built from the tokens on every access: read once, or taken from the caller who has it
    text_all = doc_text if doc_text is not None else doc.text
    ner = _ner(doc, text_all, gaz)
    rejected: list[Found] = []
    matched = _matcher(doc, text_all, gaz, rejected=rejected)
    accepted = {name_key(f.text) for f in [*ner, *matched] if f.entries and not f.weak and not f.silent}
    matched.extend(r for r in rejected if name_key(r.text) in accepted)
    matched.sort(key=lambda f: f.start)
    out: list[Found] = []
    # unknown places whose head was kept: a small namesake of a modifier inside them is dropped
    headed: list[Found] = []
    for f in ner:
        # an unknown entity's known part counts only where it opens it ("Kabul Bank", not "Korean Peninsula")
        # and never an adjective modifying it ("Indian Ocean", "Korean Peninsula")
        inner = [
            m
            for m in matched
            if f.start == m.start and m.end <= f.end and not any(en.kind == KIND_DEMONYM for en in m.entries)
        ]
        outer = [m for m in matched if m.start <= f.start and f.end <= m.end and (m.end - m.start) > (f.end - f.start)]
        if outer:
            continue  # the gazetteer knows a longer name around it ("Mazar" of "Mazar-e Sharif")
        # an unknown place ends with its head ("Weimar Germany", "Soviet Russia"): keep the known place there
        head = [
            m
            for m in matched
            if m.end == f.end
            and m.start > f.start
            and f.label in ("GPE", "LOC")
            and m.text.lower() not in lex.NOT_A_HEAD
        ]
        if not f.entries and head:
            out.extend(head)
            headed.append(f)
        elif not f.entries and inner:
            out.extend(inner)  # "Kabul Bank"-like unknown entity: keep the known place inside
        else:
            out.append(f)
    for m in matched:
        if any(m.start < f.end and f.start < m.end for f in out):
            continue
        if any(f.start <= m.start and m.end <= f.end for f in headed) and not _big(m.entries):
            continue  # "Weimar" of "Weimar Germany"; "Spokane" of a misread "Spokane Washington" stays
        out.append(m)
    out.sort(key=lambda f: f.start)
    return drop_title_case_words(out, text_all)  # PLACES-TITLE-CASE-WORD
