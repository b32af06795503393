"""Shared steps every reader uses: decode bytes, normalise text, derive ids, check language.

Every reader ends in :func:`build_article`, so the rules below hold whatever the input format:

* Decoding tries, in order: a UTF-32/UTF-16/UTF-8 byte-order mark, UTF-16 without a mark (sniffed
  from NUL bytes in alternate positions), strict UTF-8, then cp1252, then latin-1. The last two
  record warning FW-IN-006. NUL bytes in any other position, or a text that is mostly control
  characters once decoded, make the input "binary" (FW-IN-007) and it is refused.
* Normalisation is deliberately small because later stages cite character offsets into the text as
  evidence: NFC, line endings to ``\\n``, zero-width and control characters (except ``\\n`` and
  ``\\t``) removed, runs of three or more blank lines collapsed to one, outer white space stripped.
  One exception to "removed": C1 controls (U+0080-U+009F) that cp1252 defines are mapped to the
  cp1252 character, one for one. They are mojibake from text once decoded as latin-1 (U+0097 is
  an em dash); deleting them would glue words together ("forces<U+0097>and"), mapping keeps every
  offset. 7 of the 271 texts in benchmarks/geoparse/dev.jsonl carry them. Nothing else is rewritten.
* A text longer than ``max_chars`` is truncated (FW-IN-004) at the last sentence end before the
  limit, not refused: the start of a long page is where a news report puts its facts, and a kept
  prefix leaves every offset in it valid. A "sentence" (a run without . ! ? or a line break) longer
  than ``MAX_SENTENCE_CHARS`` is not prose (a table dump, a minified script): its excess is cut
  (FW-IN-012), so the parser and the per-sentence stages never see one unbounded sentence.
* Every field is bounded at this edge, so nothing later (dates arithmetic, the database) meets a
  value it cannot hold: lone surrogates become U+FFFD and NUL/control characters are removed from
  ids, titles, outlets and URLs (FW-IN-011); an id over 200 characters, or empty once cleaned, is
  refused (FW-IN-013); a publication date outside 1900-01-01..tomorrow is ignored (FW-IN-003);
  outlet and title are cut to 300 and 1,000 characters, URLs to 2,000 (FW-IN-015).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from frontwatch.errors import InputError, warning
from frontwatch.model import Article

log = logging.getLogger(__name__)

# A single-document file (txt, html, feed) larger than this is refused before it is read, so one
# stray video or database dump in a folder cannot exhaust memory. A judgement, not a measurement:
# a news page with all its markup is rarely over a few MiB, so 64 MiB refuses nothing real.
# JSONL files are read line by line and have no such cap.
MAX_FILE_BYTES = 64 * 1024 * 1024

# Once decoded, a text with more than this share of control characters is binary data that
# happened to decode (latin-1 decodes anything). A judgement: real text has almost none (the
# mojibake-heavy geoparse dev texts stay under 0.1%), random bytes give ~25%, so 10% is far from both.
_MAX_CONTROL_SHARE = 0.10

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark starts with the UTF-16 one
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# Invisible characters that only get in the way of matching: zero-width space, non-joiner, joiner,
# word joiner, Mongolian vowel separator, and a byte-order mark in mid-text.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\u180e\ufeff"))


# U+0080-U+009F -> the cp1252 character for that byte, where cp1252 defines one (see module docstring)
def _c1_as_cp1252() -> dict[int, str]:
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            pass  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in cp1252, removed like other controls
    return table


_C1_AS_CP1252 = _c1_as_cp1252()
# every control character (Unicode category Cc) except tab and line feed
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_NOT_LAYOUT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n){3,}")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the encoding that worked and any warning it earned."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit in alternate positions, as ASCII text in UTF-16 does."""
    head = data[:2000]
    if len(head) < 4:
        return None
    even = head[0::2].count(0) / len(head[0::2])
    odd = head[1::2].count(0) / len(head[1::2])
    # mostly-ASCII UTF-16 has a NUL in nearly every high byte and almost none in the low bytes
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, *, what: str = "input") -> Decoded:
    """Decode ``data`` (see the module docstring for the order); raises InputError when binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(Decoded(data.decode(encoding), encoding), what)
            except UnicodeDecodeError as exc:
                raise InputError(warning("FW-IN-007", f"{what}: bad {encoding} after its byte-order mark")) from exc
    if b"\x00" in data:
        guess = _utf16_without_bom(data)
        if guess is None:
            raise InputError(warning("FW-IN-007", f"{what}: contains NUL bytes"))
        try:
            return _checked(Decoded(data.decode(guess), guess), what)
        except UnicodeDecodeError as exc:
            raise InputError(warning("FW-IN-007", f"{what}: contains NUL bytes")) from exc
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"), what)
    except UnicodeDecodeError:
        pass
    # cp1252 is what most mislabelled Western text really is (curly quotes in 0x80-0x9F); it leaves
    # five bytes undefined, and latin-1, which defines every byte, catches those.
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        note = warning("FW-IN-006", f"{what}: decoded as {encoding}")
        return _checked(Decoded(text, encoding, (note,)), what)
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _checked(decoded: Decoded, what: str) -> Decoded:
    text = decoded.text
    if text:
        controls = len(_CONTROL_NOT_LAYOUT.findall(text))
        if controls / len(text) > _MAX_CONTROL_SHARE:
            raise InputError(warning("FW-IN-007", f"{what}: mostly control characters"))
    return decoded


def normalize_text(text: str) -> str:
    """NFC, ``\\n`` line ends, no zero-width or control characters, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_ZERO_WIDTH).translate(_C1_AS_CP1252)
    text = _CONTROL.sub("", text)
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()


def truncate(text: str, max_chars: int) -> str:
    """The first ``max_chars`` characters, cut at the last sentence end (else white space) near the limit."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    # back off to a sentence end so the last sentence is whole, else to a word boundary, but never
    # by more than 1,000 characters (a paragraph): a kept half-sentence beats losing a paragraph
    ends = [m.end() for m in _SENTENCE_END.finditer(head, max(0, max_chars - 1000))]
    if ends:
        return head[: ends[-1]].rstrip()
    cut = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
    if cut > max_chars - 1000 and cut > 0:
        head = head[:cut]
    return head.rstrip()


# Longest run of text without a sentence end (. ! ? then space, or a line break) kept whole. A
# judgement: the longest sentence in the seed, news-dev and news-dev2 articles is 388 characters;
# 3,000 cuts nothing real and bounds what one sentence costs the parser and the per-sentence stages.
MAX_SENTENCE_CHARS = 3_000
_SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*\s+|\n")


def cap_sentences(text: str, limit: int = MAX_SENTENCE_CHARS) -> tuple[str, int]:
    """``text`` with every run over ``limit`` characters between sentence ends cut to ``limit``
    (at a word boundary where there is one); returns the text and how many runs were cut."""
    if len(text) <= limit:
        return text, 0
    pieces: list[str] = []
    start = cut_runs = 0

    def keep(run: str) -> str:
        nonlocal cut_runs
        if len(run) <= limit:
            return run
        cut_runs += 1
        kept = run[:limit]
        space = kept.rfind(" ")
        return kept[:space] if space > limit // 2 else kept

    for m in _SENTENCE_END.finditer(text):
        pieces.append(keep(text[start : m.start()]) + m.group())
        start = m.end()
    pieces.append(keep(text[start:]))
    if not cut_runs:
        return text, 0
    return "".join(pieces).rstrip(), cut_runs


# What a stored field may hold: no lone surrogate (not encodable, so not storable), no NUL or other
# control character (PostgreSQL refuses NUL in text; a control character in an id or title would be
# echoed to a terminal). Tab and newline are turned into spaces: these fields are one line.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_FIELD_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_ID_CHARS = 200
# 300 is the outlet column's size; titles and URLs are bounded so a bad record cannot store megabytes
_FIELD_LIMITS = {"outlet": 300, "title": 1000, "url": 2000}
EARLIEST_PUBLISHED = date(1900, 1, 1)


def clean_text(text: str) -> tuple[str, bool]:
    """``text`` with each lone surrogate replaced by U+FFFD; True when one was replaced."""
    if _SURROGATE.search(text) is None:
        return text, False
    return _SURROGATE.sub("\ufffd", text), True


def clean_field(value: str) -> tuple[str, bool]:
    """A one-line field without surrogates or control characters; True when anything was removed."""
    text, changed = clean_text(value)
    if _FIELD_CONTROL.search(text):
        text = " ".join(_FIELD_CONTROL.sub(" ", text).split())
        changed = True
    return text, changed


def published_in_range(day: date, *, today: date | None = None) -> bool:
    """Whether ``day`` can be a publication date: 1900-01-01 up to tomorrow (time zones)."""
    latest = (today or date.today()) + timedelta(days=1)
    return EARLIEST_PUBLISHED <= day <= latest


def check_article(article: Article) -> Article:
    """Bound every field of an Article built elsewhere (the library API) the way readers do.

    Cleans in place and records warnings; raises InputError for an id that cannot be kept.
    """
    article.text, bad_text = clean_text(article.text)
    if bad_text:
        article.text = normalize_text(article.text)
        article.warnings.append(warning("FW-IN-011", "text"))
    article.id = _checked_id(article.id, article.warnings)
    for name, limit in _FIELD_LIMITS.items():
        value = getattr(article, name)
        if isinstance(value, str):
            setattr(article, name, _bounded(name, value, limit, article.warnings) or None)
    if not article.outlet:
        article.outlet = "unknown"
    if article.published is not None and not published_in_range(article.published):
        article.warnings.append(warning("FW-IN-003", f"out of range: {article.published.isoformat()}"))
        article.published = None
    return article


def _checked_id(ident: str, notes: list[str]) -> str:
    cleaned, changed = clean_field(ident)
    if not cleaned.isprintable():
        # ids are echoed to terminals and put in URLs: also no format, separator or unassigned characters
        cleaned, changed = "".join(ch for ch in cleaned if ch.isprintable()), True
    cleaned = cleaned.strip()
    if not cleaned:
        raise InputError(warning("FW-IN-013", "empty once control characters were removed"))
    if len(cleaned) > MAX_ID_CHARS:
        raise InputError(warning("FW-IN-013", f"{len(cleaned)} characters, starting {cleaned[:40]!r}"))
    if changed:
        notes.append(warning("FW-IN-011", f"id, stored as {cleaned!r}"))
    return cleaned


def _bounded(name: str, value: str, limit: int, notes: list[str]) -> str:
    cleaned, changed = clean_field(value)
    if changed:
        notes.append(warning("FW-IN-011", name))
    if len(cleaned) > limit:
        notes.append(warning("FW-IN-015", f"{name}: {len(cleaned)} characters, kept {limit}"))
        cleaned = cleaned[:limit]
    return cleaned


def article_id_for(*, text: str, outlet: str | None = None, published: date | str | None = None) -> str:
    """A stable id for an article that came without one: 16 hex digits of a SHA-256.

    The hash covers outlet, publication date and the text as stored, so reading the same content
    again gives the same id and ingest stays idempotent. Pass the normalised text (``Article.text``).
    """
    day = published.isoformat() if isinstance(published, date) else (published or "")
    payload = "\x1f".join((outlet or "", day, text))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def parse_published(value: object) -> date | None:
    """A date from ``YYYY-MM-DD`` (a trailing time is ignored), a ``date``, or None when unreadable."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    match = _ISO_DAY.match(value.strip())
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


# Short function-word lists, written for this test only: function words are what every news text
# has many of, whatever its topic. Overlaps between languages ("in", "de") are fine because the
# decision compares hit counts.
_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in a an is was were that for on with as by at from it he she they his her their "
        "has have had be been said not this are which who after also but or its will would".split()
    ),
    "de": frozenset(
        "der die das und ist nicht ein eine einer den dem des mit von zu auf für sich im auch es wurde "
        "wurden sind bei nach hat haben aus wie oder am sagte".split()
    ),
    "fr": frozenset(
        "le la les et des du un une est dans que qui pour pas sur au aux avec ont été par ce il elle sont selon".split()
    ),
    "es": frozenset("el la los las y de del que en un una es por con para se su al fue como más según han".split()),
    "it": frozenset("il lo gli le e di che è un una per con non sono del della nel ha stato dopo".split()),
    "pt": frozenset("o a os as e de do da que em um uma é não para com por foi no na segundo".split()),
    "nl": frozenset("de het een en van is dat op te in zijn niet met voor werd door ook naar bij".split()),
}
# Fewer words than this is too little evidence to call a text non-English.
_MIN_WORDS = 20
# Share of tokens that must be another language's function words to name that language; news
# prose in any of the listed languages is well above it (the test texts score 0.3-0.5).
_MIN_STOP_SHARE = 0.10
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str:
    """'en', another ISO 639-1 code, or 'und' (undetermined, not English), from function words.

    Cheap on purpose: it only has to tell the pipeline "probably not English". Texts under 20
    words are taken to be English.
    """
    sample = text[:5000]
    letters = [ch for ch in sample if ch.isalpha()]
    # a mostly non-Latin script (Cyrillic, Arabic, ...) is not English whatever the words are
    if letters and sum(1 for ch in letters if ord(ch) < 0x250) / len(letters) < 0.5:
        return "und"
    words = _WORD.findall(sample.lower())
    if len(words) < _MIN_WORDS:
        return "en"
    hits = {lang: sum(1 for w in words if w in stops) for lang, stops in _STOP_WORDS.items()}
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"))
    if best == "en":
        return "en"
    return best if hits[best] / len(words) >= _MIN_STOP_SHARE else "und"


def normalize_language(value: object) -> str | None:
    """'en-GB' -> 'en'; None for anything that is not a language tag."""
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def build_article(
    *,
    text: str,
    extractor: str,
    max_chars: int,
    what: str,
    article_id: object = None,
    published: object = None,
    outlet: object = None,
    language: object = None,
    url: object = None,
    title: object = None,
    warnings: Sequence[str] = (),
    published_fallback: date | None = None,
    outlet_fallback: str | None = None,
) -> Article:
    """Normalise, check and assemble one Article; raises InputError when its text is empty.

    ``published_fallback``/``outlet_fallback`` (the CLI's --published/--outlet) fill in only what
    the input itself does not say.
    """
    notes = list(warnings)
    text, bad_text = clean_text(text)
    if bad_text:
        notes.append(warning("FW-IN-011", "text: lone surrogates replaced by U+FFFD"))
    text = normalize_text(text)
    if not text:
        raise InputError(warning("FW-IN-001", what))
    if len(text) > max_chars:
        full = len(text)
        text = truncate(text, max_chars)
        notes.append(warning("FW-IN-004", f"kept {len(text)} of {full} characters"))
    text, cut_runs = cap_sentences(text)
    if cut_runs:
        notes.append(warning("FW-IN-012", f"{cut_runs} run(s) without a sentence end cut to {MAX_SENTENCE_CHARS}"))

    day = parse_published(published)
    out_of_range = day is not None and not published_in_range(day)
    if day is None or out_of_range:
        shown = day.isoformat() if day is not None else _show(published)
        why = "out of range" if out_of_range else "unreadable"
        day = None
        unreadable = published not in (None, "")
        if published_fallback is not None:
            if unreadable:
                log.warning("%s: %s publication date %s; using %s", what, why, shown, published_fallback)
            day = published_fallback
        else:
            notes.append(warning("FW-IN-003", f"{why}: {shown}" if unreadable else "missing"))

    outlet_name = outlet.strip() if isinstance(outlet, str) and outlet.strip() else (outlet_fallback or "unknown")
    outlet_name = _bounded("outlet", outlet_name, _FIELD_LIMITS["outlet"], notes) or "unknown"

    given = normalize_language(language)
    lang = given if given is not None else guess_language(text)
    if lang != "en":
        how = "given" if given is not None else "guessed"
        notes.append(warning("FW-IN-002", f"language {lang}, {how}"))

    if isinstance(article_id, (str, int)) and not isinstance(article_id, bool) and str(article_id).strip():
        # a huge JSON integer id has more digits than str() converts by default
        ident = _checked_id(article_id if isinstance(article_id, str) else _int_text(article_id), notes)
    else:
        ident = article_id_for(text=text, outlet=outlet_name, published=day)

    link = _bounded("url", url.strip(), _FIELD_LIMITS["url"], notes) if isinstance(url, str) else ""
    head = _bounded("title", " ".join(title.split()), _FIELD_LIMITS["title"], notes) if isinstance(title, str) else ""
    return Article(
        id=ident,
        text=text,
        published=day,
        outlet=outlet_name,
        language=lang,
        url=link or None,
        title=head or None,
        extractor=extractor,
        warnings=notes,
    )


def _show(value: object) -> str:
    """A short, printable rendering of any JSON value for a message."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return "a very long number"
    text = value if isinstance(value, str) else repr(value)
    return repr(clean_field(text[:40])[0])


def _int_text(value: int) -> str:
    try:
        return str(value)
    except ValueError:  # over sys.get_int_max_str_digits(): far past any id's 200 characters
        raise InputError(warning("FW-IN-013", "a number too long to be an id")) from None


def read_file_bytes(path: str, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The whole file, or InputError when it cannot be read or is over ``limit`` bytes."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(warning("FW-IN-008", f"{path}: {exc.strerror or exc}")) from exc
    if len(data) > limit:
        raise InputError(warning("FW-IN-010", f"{path}: over {limit} bytes"))
    return data
