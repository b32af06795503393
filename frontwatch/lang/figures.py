"""Dates, casualty counts and attributed figures in languages read without a translator.

- Dates: ``dateparser`` in the article's language, relative to the publication day ("в
  воскресенье", "samedi 14 mai"); a match made only of digits is a number, not a date.
- Counts: a number (digits or a ``vocab/number_words_intl`` word, with its
  ``vocab/count_modifiers_intl`` qualifier) is a count of the nearest
  ``vocab/casualty_words_intl`` word in its clause ("погибли 4 человека, а 11 получили ранения").
- Claims: an ``vocab/attribution_verbs`` term of the language names who speaks: the words after it
  ("selon le gouvernement", "по данным МИД") or before it ("Le ministre affirme"); Russian and Ukrainian
  put the speaker after a verb that does not close its clause ("обнародовал начальник штаба X").
  A casualty figure without a speaker in its sentence takes the speaker of the next sentence when
  that one states no figure of its own ("... погибли пять человек. Об этом сообщили в полиции"),
  else the article's only speaker, else the outlet itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from frontwatch import vocabulary
from frontwatch.model import Article, Claim, Count, EventDate, Sentence

# letters and digits are separate tokens: Arabic writes "and" onto a number ("و125")
# (Arabic short vowels are marks, not letters, so a word runs on over them: "قُتل")
_TOKEN = re.compile(r"\d[\d\s\u00a0.,]*\d|\d|[^\W\d_](?:[^\W\d_]|[\u064b-\u0652\u0640'’-])*")
_CLAUSE_END = re.compile(r"[.;:!?()\n]")
_PUNCT = re.compile(r"[,.;:!?«»\"“”()—–]")
# how many words may stand between a number and the casualty word it counts
WINDOW = 12
# a date after the publication day is a schedule, not an event
FUTURE_SLACK = timedelta(days=1)


@functools.cache
def _words(table: str, lang: str) -> dict[str, str]:
    col = {"number_words_intl": "value", "casualty_words_intl": "kind", "count_modifiers_intl": "kind"}[table]
    return {r["term"].lower(): r[col] for r in vocabulary.rows(table) if r["lang"] == lang}


@functools.cache
def _attribution(lang: str) -> list[tuple[str, str, str]]:
    rows = [
        (r["term"].lower(), r["stance"], r["source"]) for r in vocabulary.rows("attribution_verbs") if r["lang"] == lang
    ]
    return sorted(rows, key=lambda r: len(r[0]), reverse=True)


# words that open what a speaker said (grammar words, not a vocabulary): Arabic "that" in its forms, French "que"
_THAT = frozenset({"إن", "أن", "ان", "إنه", "أنه", "انه", "إنها", "أنها", "انها", "بأن", "بان", "que", "qu'", "qu’"})


@functools.cache
def _conjunctions() -> frozenset[str]:
    return frozenset(t for t in vocabulary.terms("arabic_clitics", lang="ar") if len(t) == 1)


@functools.cache
def _weekdays(lang: str) -> frozenset[str]:
    return frozenset(_plain(t) for t in vocabulary.terms("calendar_words", lang=lang, kind="weekday"))


# --- dates ------------------------------------------------------------------------------------


def find_dates(sentence: Sentence, lang: str, published: date | None) -> list[EventDate]:
    from dateparser.search import search_dates

    if published is None:
        return []
    base = datetime(published.year, published.month, published.day, 12)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        found = search_dates(sentence.text, languages=[lang], settings=settings) or []
    except Exception:  # noqa: BLE001 - dateparser raises on odd input; a sentence without a date is fine
        return []
    out: list[EventDate] = []
    cursor = 0
    for phrase, when in found:
        at = sentence.text.find(phrase, cursor)
        if at < 0:
            continue
        cursor = at + len(phrase)
        letters = re.sub(r"[\W\d_]", "", phrase)
        numeric_date = re.fullmatch(r"\s*\d{1,2}[./]\d{1,2}[./]\d{2,4}\s*", phrase)
        if not letters and not numeric_date:
            continue
        if not re.search(r"\d", phrase) and not any(len(w) >= 5 for w in re.findall(r"[^\W\d_]+", phrase)):
            continue  # "et sept", "mars": short words dateparser reads as months
        day = when.date()
        named = {_weekday_numbers(lang).get(_plain(w)) for w in _TOKEN.findall(phrase)} - {None}
        if named and not re.search(r"\d", phrase) and day.weekday() not in named:
            continue  # "mardi dans une" read as 4 January: the weekday alone is read below (DATES-INTL-BARE-WEEKDAY)
        has_year = bool(re.search(r"\d{4}", phrase))
        if not re.search(r"\d", phrase) and (published - day).days == 7:
            day = published  # "ce vendredi" written on a Friday is that day, not last week's
        numbers = {int(n) for n in re.findall(r"\d+", phrase)}
        if numbers and not numbers & {day.day, day.year}:
            continue  # "3 أيام" ("for three days") read as three days ago
        if day > published + FUTURE_SLACK:
            continue
        if (published - day).days > (730 if has_year else 183):
            continue  # "81 ans", "18 avril" (next April, read as last year's): not the event's date
        has_day = bool(re.search(r"\b\d{1,2}\b", phrase)) or not re.search(r"\d{4}", phrase)
        if not has_day:
            continue  # a year or a month alone dates background, not the event
        start = sentence.start + at
        out.append(
            EventDate(day=day, precision=1, earliest=day, latest=day, text=phrase, start=start, end=start + len(phrase))
        )
    out.extend(_bare_weekdays(sentence, lang, published, out))
    out.sort(key=lambda d: d.start or 0)
    return out


@functools.cache
def _weekday_numbers(lang: str) -> dict[str, int]:
    return {
        _plain(r["term"]): int(r["number"])
        for r in vocabulary.rows("calendar_words")
        if r["lang"] == lang and r["kind"] == "weekday"
    }


def _bare_weekdays(sentence: Sentence, lang: str, published: date, found: Sequence[EventDate]) -> list[EventDate]:
    """Rule DATES-INTL-BARE-WEEKDAY: a weekday dateparser passed over ("ont été tués mardi dans une embuscade") is
    the last such day on or before publication, as an English "on Tuesday" is."""
    numbers = _weekday_numbers(lang)
    taken = [(d.start or 0, d.end or 0) for d in found]
    out: list[EventDate] = []
    for m in _TOKEN.finditer(sentence.text):
        n = numbers.get(_plain(m.group()))
        start = sentence.start + m.start()
        if n is None or any(a <= start < b for a, b in taken):
            continue
        day = published - timedelta(days=(published.weekday() - n) % 7)
        out.append(
            EventDate(
                day=day, precision=1, earliest=day, latest=day, text=m.group(), start=start, end=start + len(m.group())
            )
        )
    return out


# --- counts -----------------------------------------------------------------------------------


# Arabic short vowels, tanween and the tatweel: news writes them now and then ("قُتل", "مدنياً"), the
# tables without them
_HARAKAT = re.compile("[\u064b-\u0652\u0640]")


def _plain(token: str) -> str:
    return _HARAKAT.sub("", token.lower())


def _number(token: str, lang: str) -> int | None:
    if token[0].isdigit():
        digits = re.sub(r"[\s\u00a0.,]", "", token)
        return int(digits) if digits.isdigit() and len(digits) < 7 else None
    word = _plain(token).strip("«»\"'")
    value = _words("number_words_intl", lang).get(word)
    if value is None and "-" in word:
        return _compound(word.split("-"), lang)
    return int(value) if value else None


def _compound(parts: list[str], lang: str) -> int | None:
    """Rule NUMBERS-INTL-HYPHEN-COMPOUND: a number written as hyphenated number words ("dix-sept", "vingt-trois",
    "deux-cents"): a word below a hundred before "cent" multiplies it, the others add up."""
    words = _words("number_words_intl", lang)
    values = [words.get(p, words.get(p.rstrip("s"))) for p in parts if p != "et"]
    if not values or any(v is None for v in values):
        return None
    total = 0
    for v in (int(x) for x in values if x is not None):
        # "deux-cents" is 2 x 100 and "quatre-vingt-dix" 4 x 20 + 10
        multiplies = (v == 100 and 0 < total < 100) or (v == 20 and total == 4)
        total = total * v if multiplies else total + v
    return total or None


def _casualty(token: str, lang: str) -> str | None:
    low = _plain(token)
    # Arabic writes "and", "so", "by" onto the word: "وأصيب" is "and were wounded" (one-letter vocab/arabic_clitics)
    forms = (low, low[1:]) if lang == "ar" and low[:1] in _conjunctions() and len(low) > 3 else (low,)
    for stem, kind in _words("casualty_words_intl", lang).items():
        if any(f.startswith(stem) for f in forms):
            return kind
    return None


def find_counts(sentence: Sentence, lang: str, dates: Sequence[EventDate] = ()) -> list[Count]:
    text = sentence.text
    toks = list(_TOKEN.finditer(text))
    in_date = [
        (d.start - sentence.start, d.end - sentence.start) for d in dates if d.start is not None and d.end is not None
    ]
    out: list[Count] = []
    for i, m in enumerate(toks):
        value = _number(m.group(), lang)
        if value is None or any(a <= m.start() < b for a, b in in_date):
            continue
        if value == 1 and i + 1 < len(toks) and _number(toks[i + 1].group(), lang) is not None:
            continue  # "une vingtaine": the article, not a count
        if re.fullmatch(r"(19|20)\d\d", m.group()) or text[m.end() : m.end() + 1] in (":", "%"):
            continue
        if value == 1 and not m.group()[0].isdigit():
            # NUMBERS-INTL-ARTICLE-ONE: "une attaque", "un précédent bilan": the word for one is also the
            # indefinite article, and counts only right before what it counts ("un soldat tué", "un mort")
            kind, side = _nearest_casualty(text, toks, i, lang, steps=(1,), window=2)
        else:
            kind, side = _nearest_casualty(text, toks, i, lang)
        if kind is None:
            kind = _toll_frame_kind(text, m.start(), m.end(), value, lang)  # NUMBERS-INTL-TOLL-FRAME
        if kind is None:
            continue
        low, high, start = _qualified(text, m.start(), value, lang)
        out.append(
            Count(
                low=low,
                best=value if low is None else low,
                high=high,
                text=text[start : m.end()],
                kind=kind,
                start=sentence.start + start,
                end=sentence.start + m.end(),
                side=side,
            )
        )
    return out


def _toll_frame_kind(text: str, at: int, end: int, value: int, lang: str) -> str | None:
    """What a number after a changed toll of the dead counts ("Число погибших в результате взрыва ... возросло до 35",
    "ارتفعت حصيلة القتلى ... إلى 35"): the casualty word of the toll's noun (or of the two words after the frame),
    which stands too far before the number for the nearest-word rule. A toll that names no casualty ("le bilan
    s'est alourdi à 35") gives nothing."""
    from frontwatch.numbers.lexicon import REVISION_FRAMES, states_revised_toll

    frame = REVISION_FRAMES.get(lang)
    if frame is None:
        return None
    before = text[:at]
    for m in frame.finditer(before):
        if not states_revised_toll(text[m.start() : end], lang, value):
            continue
        # the frame's words and the two after it: "حصيلة القتلى", the toll of the dead
        for word in _TOKEN.findall(m.group()) + _TOKEN.findall(before[m.end() :])[:2]:
            # a noun of a toll carries Arabic's article: "القتلى", the dead
            kind = _casualty(word[2:] if lang == "ar" and word.startswith("ال") else word, lang)
            if kind is not None:
                return kind
    return None


def _qualified(text: str, at: int, value: int, lang: str) -> tuple[int | None, int | None, int]:
    """(low, high, start of the phrase) for the number at ``at``: "au moins une vingtaine" is at least 20."""
    low: int | None = value
    high: int | None = value
    start = at
    mods = sorted(_words("count_modifiers_intl", lang).items(), key=lambda kv: len(kv[0]), reverse=True)
    for _ in range(2):  # an approximate article, then a bound, may both stand before the number
        before = text[:start].lower().rstrip(' «"')
        hit = next(((p, how) for p, how in mods if before.endswith(p)), None)
        if hit is None:
            break
        phrase, how = hit
        start = len(before) - len(phrase)
        if how == "at_least":
            low, high = value, None
        elif how == "more_than":
            low, high = value + 1, None
        elif high is not None:
            low, high = None, None
    return low, high, start


def _nearest_casualty(
    text: str, toks: list[re.Match[str]], i: int, lang: str, *, steps: tuple[int, ...] = (1, -1), window: int = WINDOW
) -> tuple[str | None, str | None]:
    """The casualty word nearest to number ``i`` in its clause (ties go to the word after) and the words between."""
    best: tuple[int, str, str | None] | None = None
    for step in steps:
        j = i + step
        while 0 <= j < len(toks) and abs(j - i) <= window:
            lo, hi = sorted((toks[i].end(), toks[j].start())) if step == 1 else sorted((toks[j].end(), toks[i].start()))
            if _CLAUSE_END.search(text[lo:hi]) or "," in text[lo:hi]:
                break
            if _number(toks[j].group(), lang) is not None and j != i and step == -1:
                break  # another number stands between: the word is that number's
            kind = _casualty(toks[j].group(), lang)
            if kind is not None:
                dist = abs(j - i) * 2 + (0 if step == 1 else 1)
                side = text[toks[i].end() : toks[j].start()].strip() if step == 1 and j > i + 1 else None
                if best is None or dist < best[0]:
                    best = (dist, kind, side)
                break
            j += step
    return (best[1], best[2]) if best else (None, None)


# --- claims -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    source: str
    verb: str
    stance: str
    start: int  # of the source phrase in the sentence
    end: int


_LEAD_WORDS = re.compile(r"^(?:в|во|на|у|le|la|les|l'|l’|des|du|de|el|los)\s+", re.IGNORECASE)
_FOLLOWED_BY_CONTENT = re.compile(r"^\s*(?:,|$|о\s|об\s|что|что\b|що|про\s|que|qu['’])", re.IGNORECASE)


def attributions(sentence: Sentence, lang: str) -> list[Attribution]:
    text = sentence.text
    low = text.lower().replace("’", "'")  # one apostrophe, as the tables write it (same length)
    out: list[Attribution] = []
    taken: list[tuple[int, int]] = []
    for term, stance, where in _attribution(lang):
        for m in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", low):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            after = text[m.end() :]
            if where == "before" and lang in ("ru", "uk") and not _FOLLOWED_BY_CONTENT.match(after):
                where = "after"  # "обнародовал начальник штаба X": the speaker follows the verb
            elif where == "before" and not _PUNCT.split(text[: m.start()])[-1].strip() and m.start() > 0:
                # CLAIMS-INTL-SPEAKER-AFTER-COMMA: "..., a annoncé lundi le gouvernement": a verb that opens
                # its clause after a comma has its speaker after it
                where = "after"
            if where == "after":
                piece = _PUNCT.split(after, maxsplit=1)[0]
                words = piece.split()[:6]
                # the speaker ends where what is said begins: "وقال الجيش إنه ...", "أعلنت الوزارة مقتل 31"
                cut = next(
                    (
                        k
                        for k, w in enumerate(words)
                        if _plain(w) in _THAT or w[0].isdigit() or _number(w, lang) or _casualty(w, lang)
                    ),
                    None,
                )
                words = words[:cut] if cut else words
                while words and _plain(words[0]) in _weekdays(lang):
                    words = words[1:]  # "a annoncé lundi le gouvernement": the day of the words, not the speaker
                src = _LEAD_WORDS.sub("", " ".join(words)).strip()
                a = m.end() + (after.find(src) if src else 0)
            else:
                head = text[: m.start()]
                piece = _PUNCT.split(head)[-1]
                words = piece.split()[-6:]
                src = _LEAD_WORDS.sub("", " ".join(words)).strip()
                a = head.rfind(src) if src else m.start()
            if len(src) < 2:
                continue
            out.append(Attribution(src, term, stance, a, a + len(src)))
    return out


def _typed(source: str, lang: str) -> str:
    """Rule CLAIMS-INTL-SOURCE-TYPE: a source read in its own language is typed by the source_roles rows of that
    language and the armed groups' names ("ministère de la Défense" is the government), as an English one is;
    "unknown" where none match."""
    from frontwatch.claims.sources import source_type

    return source_type(source, lang)


def find_claims(
    article: Article, lang: str, sentences: Sequence[Sentence], counts: Sequence[Sequence[Count]]
) -> list[Claim]:
    said = [attributions(s, lang) for s in sentences]
    speakers = {a.source for group in said for a in group}
    out: list[Claim] = []

    def claim(s: Sentence, who: Attribution | None, value: int | None, topic: str) -> Claim:
        return Claim(
            source=who.source if who else article.outlet,
            text=s.text,
            topic=topic,
            value=value,
            article_id=article.id,
            start=s.start,
            end=s.end,
            source_type=_typed(who.source, lang) if who else "journalist",
            outlet=article.outlet,
            verb=who.verb if who else "",
            stance=who.stance if who else "assert",
            published=article.published,
            language=lang,
        )

    for i, s in enumerate(sentences):
        killed = [c for c in counts[i] if c.kind == "killed"]
        who = said[i][0] if said[i] else None
        if who is None and killed:
            nxt = said[i + 1] if i + 1 < len(sentences) else []
            if nxt and not counts[i + 1]:
                who = nxt[0]
            elif len(speakers) == 1:
                who = next(a for group in said for a in group)
        for c in killed:
            out.append(claim(s, who, c.best, "fatalities"))
        freed = [c for c in counts[i] if c.kind == "freed"]
        for c in freed:
            if said[i]:
                out.append(claim(s, said[i][0], c.best, "prisoners_freed"))
        if not killed and not (freed and said[i]) and said[i]:
            out.append(claim(s, said[i][0], None, "other"))
    return out
