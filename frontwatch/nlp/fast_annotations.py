"""Cheaper stand-ins for the English pipeline's ``attribute_ruler`` and ``lemmatizer`` (issue 15).

The two components set part of speech, morphology and lemma from the tagger's tags. spaCy runs
the attribute ruler as a token ``Matcher`` over 179 patterns, and the rule lemmatizer computes
``is_base_form`` (a morphology dict per token) before its cache, so the two cost about 17 ms of
the parse's 93 per article (bench/RESULTS.md, eighth session) for what is mostly a lookup.

These stand-ins give the same annotations, read from the loaded components themselves (their
patterns, normalised attributes and lemma tables; nothing is copied here):

* ``FastAttributes`` answers each token's single-token patterns from a cache keyed by what they
  test (tag, lowercase form, dependency, is-space), computed once per key in pattern order, and
  matches the few multi-token patterns only where their first word occurs. Later patterns win,
  as in spaCy, where matches are applied in pattern order.
* ``CachedLemmatizer`` caches every outcome of the rule lemmatizer by (form, part of speech,
  morphology), the key spaCy caches by, base forms included.

If the ruler holds a pattern these cannot read (an operator, an unknown attribute), ``install``
leaves the pipeline as it is. ``tests/test_fast_annotations.py`` checks token-for-token equality
with the original components.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# the token attributes a readable pattern may test, and how to read each from a Token
_READERS: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}
# a cache of single-token outcomes this large is dropped and refilled (a long watch run meets
# ever new words; the key space of one article is a few hundred)
_CACHE_LIMIT = 200_000


class UnreadablePattern(ValueError):
    """A ruler pattern outside what the stand-in reads (it then leaves spaCy's component in place)."""


def _test(read: Callable[[Token], Any], kind: str, want: Any) -> Callable[[Token], bool]:
    """One attribute test: equality, IN, NOT_IN or REGEX, as the Matcher reads them."""
    if kind == "IN":
        values = frozenset(want)
        return lambda t: read(t) in values
    if kind == "NOT_IN":
        excluded = frozenset(want)
        return lambda t: read(t) not in excluded
    if kind == "REGEX":
        rx = re.compile(want)
        return lambda t: bool(rx.search(read(t)))
    return lambda t: bool(read(t) == want)


def _predicate(spec: dict[str, Any]) -> Callable[[Token], bool]:
    """A test of one token against one token spec of a Matcher pattern."""
    checks: list[Callable[[Token], bool]] = []
    for attr, want in spec.items():
        if attr not in _READERS:
            raise UnreadablePattern(f"attribute {attr}")
        if not isinstance(want, dict):
            checks.append(_test(_READERS[attr], "==", want))
            continue
        if len(want) != 1 or next(iter(want)) not in ("IN", "NOT_IN", "REGEX"):
            raise UnreadablePattern(f"predicate {sorted(want)}")
        ((kind, value),) = want.items()
        checks.append(_test(_READERS[attr], kind, value))
    return lambda t: all(check(t) for check in checks)


def _plain_words(spec: dict[str, Any]) -> frozenset[str] | None:
    """The lowercase forms a spec's LOWER test accepts, or None if it has no plain LOWER test."""
    return _plain_values(spec, "LOWER")


def _plain_values(spec: dict[str, Any], attr: str) -> frozenset[str] | None:
    """The values a spec's test of ``attr`` accepts, or None if it has no plain test of it."""
    want = spec.get(attr)
    if isinstance(want, str):
        return frozenset([want])
    if isinstance(want, dict) and set(want) == {"IN"}:
        return frozenset(want["IN"])
    return None


class FastAttributes:
    """The attribute ruler's annotations without its Matcher (see the module docstring)."""

    def __init__(self, ruler: Any) -> None:
        self._ruler = ruler  # kept to rebuild from: the pattern tests are closures, which do not pickle
        self._by_word: dict[str, list[tuple[int, Callable[[Token], bool]]]] = {}
        self._by_tag: dict[str, list[tuple[int, Callable[[Token], bool]]]] = {}
        self._anywhere: list[tuple[int, Callable[[Token], bool]]] = []
        multi: list[tuple[int, list[Callable[[Token], bool]], int, int]] = []
        self._anchors: dict[str, list[int]] = {}
        for order, entry in enumerate(ruler.patterns):
            if "_" in entry["attrs"]:
                raise UnreadablePattern("extension attributes")
            for pattern in entry["patterns"]:
                if any("OP" in spec for spec in pattern) or not pattern:
                    raise UnreadablePattern("operator")
                tests = [_predicate(spec) for spec in pattern]
                if len(pattern) == 1:
                    # filed under the words or tags it accepts, so a new token is tested against few
                    words, tags = _plain_words(pattern[0]), _plain_values(pattern[0], "TAG")
                    if words is not None:
                        for word in words:
                            self._by_word.setdefault(word, []).append((order, tests[0]))
                    elif tags is not None:
                        for tag in tags:
                            self._by_tag.setdefault(tag, []).append((order, tests[0]))
                    else:
                        self._anywhere.append((order, tests[0]))
                    continue
                # anchored on the first of its tokens with a plain LOWER test: it is matched only
                # where that word occurs
                anchors = [(k, w) for k, spec in enumerate(pattern) if (w := _plain_words(spec)) is not None]
                if not anchors:
                    raise UnreadablePattern("multi-token pattern without a plain word")
                offset, words = anchors[0]
                multi.append((order, tests, entry["index"], offset))
                for word in words:
                    self._anchors.setdefault(word, []).append(len(multi) - 1)
        self._multi = multi
        self._attrs = list(ruler.attrs)  # normalised to ids by spaCy when the ruler was built
        self._cache: dict[tuple[int, int, int, bool], tuple[tuple[int, ...], dict[int, Any]]] = {}
        from spacy.tokens._retokenize import set_token_attrs

        self._set = set_token_attrs

    def __reduce__(self) -> tuple[Any, ...]:
        # a spawned parse process (--parse-processes on macOS) receives the component pickled
        return (FastAttributes, (self._ruler,))

    def _single_outcome(self, token: Token) -> tuple[tuple[int, ...], dict[int, Any]]:
        key = (token.tag, token.lower, token.dep, token.is_space)
        hit = self._cache.get(key)
        if hit is None:
            candidates = [
                *self._by_word.get(token.lower_, ()),
                *self._by_tag.get(token.tag_, ()),
                *self._anywhere,
            ]
            orders = tuple(sorted(order for order, test in candidates if test(token)))
            merged: dict[int, Any] = {}
            for order in orders:  # later patterns override earlier ones, as spaCy applies them
                merged.update(self._attrs[order])
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            hit = self._cache[key] = (orders, merged)
        return hit

    def _multi_matches(self, doc: Doc) -> dict[int, list[int]]:
        """Token index -> orders of the multi-token patterns whose target it is."""
        found: dict[int, list[int]] = {}
        for at, token in enumerate(doc):
            for m in self._anchors.get(token.lower_, ()):
                order, tests, index, offset = self._multi[m]
                start, end = at - offset, at - offset + len(tests)
                if start >= 0 and end <= len(doc) and all(test(doc[start + k]) for k, test in enumerate(tests)):
                    target = (start if index >= 0 else end) + index
                    if start <= target < end:
                        found.setdefault(target, []).append(order)
        return found

    def __call__(self, doc: Doc) -> Doc:
        multi = self._multi_matches(doc) if self._anchors else {}
        for i, token in enumerate(doc):
            orders, merged = self._single_outcome(token)
            if i in multi:
                merged = {}
                for order in sorted([*orders, *multi[i]]):
                    merged.update(self._attrs[order])
            if merged:
                self._set(token, merged)
        return doc


class CachedLemmatizer:
    """The rule lemmatizer with every outcome cached (see the module docstring)."""

    def __init__(self, lemmatizer: Any) -> None:
        self._lemmatizer = lemmatizer
        self._strings = lemmatizer.vocab.strings
        self._overwrite = bool(lemmatizer.overwrite)
        self._cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        cache = self._cache
        for token in doc:
            if not self._overwrite and token.lemma != 0:
                continue
            key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
            lemma = cache.get(key)
            if lemma is None:
                lemma = self._strings.add(self._lemmatizer.lemmatize(token)[0])
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                cache[key] = lemma
            token.lemma = lemma
        return doc


def install(nlp: Language) -> bool:
    """Put the stand-ins in place of ``attribute_ruler`` and ``lemmatizer`` (which stay in the
    pipeline, disabled). Returns False, changing nothing, if either cannot be read."""
    from spacy.language import Language

    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", "") != "rule":
        return False
    try:
        fast = FastAttributes(nlp.get_pipe("attribute_ruler"))
    except UnreadablePattern:
        return False
    cached = CachedLemmatizer(lemmatizer)
    for name, component in (("fast_attributes", fast), ("cached_lemmatizer", cached)):
        factory = f"frontwatch_{name}"
        if not Language.has_factory(factory):
            Language.factory(factory, func=_holder)
        _HANDOFF[factory] = component
    nlp.add_pipe("frontwatch_fast_attributes", name="fast_attributes", after="attribute_ruler")
    nlp.add_pipe("frontwatch_cached_lemmatizer", name="cached_lemmatizer", after="lemmatizer")
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return True


# spaCy builds components through registered factories; these hand over the ones built above
_HANDOFF: dict[str, Any] = {}


def _holder(nlp: Language, name: str) -> Any:
    return _HANDOFF.pop(f"frontwatch_{name}")
