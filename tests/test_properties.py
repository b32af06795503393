"""Property tests (Hypothesis): the date resolver, the number reader, the name normaliser and every
input reader never raise on arbitrary input and keep their invariants.

Examples are bounded (``max_examples``) and derandomised so the suite stays fast and repeatable.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwatch.dates import find_date_matches
from frontwatch.errors import InputError
from frontwatch.geo.normalize import name_key, name_words
from frontwatch.ingest import read_paths
from frontwatch.ingest.common import MAX_ID_CHARS, build_article, published_in_range
from frontwatch.ingest.html import read_html
from frontwatch.ingest.rss import read_feed
from frontwatch.numbers import find_counts

FAST = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
FILES = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))

# text that looks like news around numbers and dates, plus anything at all
WORDS = st.sampled_from(
    [
        "killed",
        "at least",
        "more than",
        "½",
        "dozens",
        "1,000",
        "3.5",
        "9" * 30,
        "on",
        "Monday",
        "March",
        "2024",
        "last week",
        "yesterday",
        "31",
        "0001",
        "9999",
        "soldiers",
        "-",
        ",",
        ".",
        "\u00a0",
        "\ud800",
        "\x00",
    ]
)
NEWSY = st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=25).map(" ".join)
ANY_TEXT = st.one_of(NEWSY, st.text(max_size=300))
DAYS = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


@FAST
@given(text=ANY_TEXT, published=DAYS, offset=st.integers(0, 10_000))
def test_date_resolver_never_raises_and_keeps_spans_inside(text: str, published: date | None, offset: int) -> None:
    for m in find_date_matches(text, published, offset=offset):
        d = m.date
        assert isinstance(d.day, date)
        assert d.precision in (1, 2, 3)
        if d.earliest and d.latest:
            assert d.earliest <= d.latest
        if d.start is not None and d.end is not None:
            assert offset <= d.start <= d.end <= offset + len(text)


@FAST
@given(text=ANY_TEXT, offset=st.integers(0, 10_000))
def test_number_reader_keeps_spans_inside_and_order(text: str, offset: int) -> None:
    try:
        counts = find_counts(text, offset=offset)
    except (OverflowError, ValueError):
        # the reader is the claims helper's; a figure it cannot hold is caught per sentence at
        # the pipeline's boundary (frontwatch.pipeline.stage_counts) and becomes a warning there
        return
    for c in counts:
        assert offset <= c.start <= c.end <= offset + len(text)
        assert text[c.start - offset : c.end - offset] == c.text
        if c.low is not None and c.high is not None:
            assert c.low <= c.high


@FAST
@given(text=ANY_TEXT)
def test_name_normaliser_is_total(text: str) -> None:
    key = name_key(text)
    assert isinstance(key, str) and key == key.strip()
    assert all(isinstance(w, str) and w for w in name_words(text))


FIELD = st.one_of(st.none(), st.text(max_size=250), st.integers(), st.floats(), st.booleans())


@FAST
@given(text=st.text(max_size=400), ident=FIELD, published=FIELD, outlet=FIELD, title=FIELD, url=FIELD)
def test_build_article_bounds_every_field(text, ident, published, outlet, title, url) -> None:  # type: ignore[no-untyped-def]
    try:
        a = build_article(
            text=text,
            extractor="t",
            max_chars=300,
            what="w",
            article_id=ident,
            published=published,
            outlet=outlet,
            title=title,
            url=url,
        )
    except InputError as exc:
        assert str(exc).startswith("FW-IN-") and "\n" not in str(exc)
        return
    for value in (a.id, a.text, a.outlet, a.title or "", a.url or ""):
        value.encode("utf-8")  # no lone surrogate: storable
        assert "\x00" not in value
    assert 0 < len(a.id) <= MAX_ID_CHARS and a.id.isprintable()
    assert len(a.text) <= 300
    assert a.published is None or published_in_range(a.published)
    assert all(w.startswith("FW-") for w in a.warnings)


BYTES = st.one_of(
    st.binary(max_size=600),
    NEWSY.map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.lists(st.dictionaries(st.sampled_from(["id", "text", "published", "outlet", "title"]), FIELD), max_size=4).map(
        lambda rows: "\n".join(json.dumps(r) for r in rows).encode()
    ),
)


@FILES
@given(data=BYTES, suffix=st.sampled_from([".jsonl", ".json", ".txt", ".html", ".rss", ".xml", ".dat"]))
def test_every_reader_yields_results_never_raises(tmp_path_factory, data: bytes, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("prop")) / f"input{suffix}"
    path.write_bytes(data)
    for r in read_paths([path]):
        assert (r.article is None) != (r.error is None)
        if r.error is not None:
            assert r.error.startswith("FW-") and "\n" not in r.error
        else:
            assert r.article is not None and r.article.text
            r.article.id.encode("utf-8")


@FAST
@given(data=BYTES)
def test_html_and_feed_readers_raise_only_input_errors(data: bytes) -> None:
    for read in (read_html, lambda d, **kw: list(read_feed(d, **kw))):
        try:
            read(data, source="s", max_chars=500)
        except InputError:
            pass


@FAST
@given(text=st.text(max_size=3000), limit=st.integers(1, 2000))
def test_truncate_keeps_a_prefix_within_the_limit(text: str, limit: int) -> None:
    from frontwatch.ingest.common import truncate

    cut = truncate(text, limit)
    assert len(cut) <= limit and text.startswith(cut)


@FAST
@given(text=st.text(alphabet=st.sampled_from("ab .!\n"), max_size=4000), limit=st.integers(10, 500))
def test_cap_sentences_bounds_every_run(text: str, limit: int) -> None:
    import re

    from frontwatch.ingest.common import cap_sentences

    capped, cuts = cap_sentences(text, limit)
    assert len(capped) <= len(text)
    if cuts == 0:
        assert capped == text
    for run in re.split(r"[.!?][\"'\u2019\u201d)\]]*\s+|\n", capped):
        assert len(run) <= limit
