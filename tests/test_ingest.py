"""Reading articles from files: formats, bad input, normalisation, ids, language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import trafilatura

from frontwatch.errors import InputError
from frontwatch.ingest import ReadResult, article_id_for, common, html, read_paths
from frontwatch.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def read(*paths: str | Path, **options: object) -> list[ReadResult]:
    return list(read_paths(list(paths), **options))  # type: ignore[arg-type]


def one(path: str | Path, **options: object) -> Article:
    results = read(path, **options)
    assert len(results) == 1, results
    assert results[0].error is None, results[0].error
    assert results[0].article is not None
    return results[0].article


def error_of(path: str | Path, **options: object) -> str:
    results = read(path, **options)
    assert len(results) == 1, results
    assert results[0].article is None
    assert results[0].error is not None
    return results[0].error


def codes(article: Article) -> list[str]:
    return [w.split(":")[0] for w in article.warnings]


# --- JSONL ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def jsonl_results() -> dict[str, ReadResult]:
    results = read(FIXTURES / "articles.jsonl")
    return {r.source.rsplit(":", 1)[1]: r for r in results}


def test_jsonl_good_line_keeps_its_fields(jsonl_results: dict[str, ReadResult]) -> None:
    article = jsonl_results["line 1"].article
    assert article is not None
    assert article.id == "good-1"
    assert article.published == date(2024, 3, 12)
    assert article.outlet == "The Northern Ledger"
    assert article.url == "https://ledger.example.org/a1"
    assert article.title == "Checkpoint attacked"
    assert article.extractor == "jsonl"
    assert article.warnings == []
    # \r\n became \n and nothing else changed
    assert article.text.startswith(
        "Fighting broke out near the town of Veltrana on Tuesday, local officials said.\nFour"
    )


def test_jsonl_malformed_line_is_its_own_error(jsonl_results: dict[str, ReadResult]) -> None:
    assert set(jsonl_results) == {"line 1", "line 2", "line 3", "line 5", "line 6", "line 7", "line 8"}  # line 4 blank
    bad = jsonl_results["line 2"]
    assert bad.article is None and bad.error is not None and bad.error.startswith("FW-IN-005")
    assert jsonl_results["line 6"].error is not None and "not a JSON object" in jsonl_results["line 6"].error
    assert jsonl_results["line 7"].error is not None and "no 'text'" in jsonl_results["line 7"].error
    assert jsonl_results["line 3"].article is not None  # lines after the bad one still read


def test_jsonl_missing_or_bad_published_keeps_article_with_warning(jsonl_results: dict[str, ReadResult]) -> None:
    missing = jsonl_results["line 3"].article
    unreadable = jsonl_results["line 5"].article
    assert missing is not None and unreadable is not None
    assert missing.published is None and codes(missing) == ["FW-IN-003"]
    assert unreadable.published is None and codes(unreadable) == ["FW-IN-003"]
    assert "12/03/2024" in unreadable.warnings[0]


def test_published_option_fills_only_missing_dates() -> None:
    results = read(FIXTURES / "articles.jsonl", published=date(2024, 1, 1))
    by_id = {r.article.id: r.article for r in results if r.article}
    assert by_id["nodate-3"].published == date(2024, 1, 1) and by_id["nodate-3"].warnings == []
    assert by_id["good-1"].published == date(2024, 3, 12)


def test_jsonl_missing_id_is_stable_hash(jsonl_results: dict[str, ReadResult]) -> None:
    article = jsonl_results["line 8"].article
    assert article is not None
    assert article.id == article_id_for(text=article.text, outlet="Valley Courier", published=date(2024, 3, 14))
    again = read(FIXTURES / "articles.jsonl")[-1].article
    assert again is not None and again.id == article.id  # re-reading gives the same id: idempotent ingest


def test_article_id_depends_on_outlet_date_and_text() -> None:
    base = article_id_for(text="Shelling hit the town.", outlet="A", published=date(2024, 1, 1))
    assert len(base) == 16
    assert base == article_id_for(text="Shelling hit the town.", outlet="A", published="2024-01-01")
    assert base != article_id_for(text="Shelling hit the town.", outlet="B", published=date(2024, 1, 1))
    assert base != article_id_for(text="Shelling hit the town.", outlet="A", published=None)
    assert base != article_id_for(text="Shelling hit the city.", outlet="A", published=date(2024, 1, 1))


def test_jsonl_legacy_encoded_line_and_utf16_file(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.jsonl"
    legacy.write_bytes(
        '{"id": "x", "published": "2024-01-02", "text": "Troops entered the caf\u00e9 quarter."}\n'.encode("cp1252")
    )
    article = one(legacy)
    assert article.text == "Troops entered the caf\u00e9 quarter." and codes(article) == ["FW-IN-006"]
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes('{"id": "w", "published": "2024-01-02", "text": "Clashes in Pell."}\r\n'.encode("utf-16"))
    assert one(wide).text == "Clashes in Pell."


def test_json_document_with_a_list(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text('[{"id": "a", "published": "2024-01-02", "text": "Clashes in Pell."}, {"id": "b"}]', "utf-8")
    results = read(path)
    assert [r.source for r in results] == [f"{path}:record 1", f"{path}:record 2"]
    assert results[0].article is not None and results[1].error is not None


# --- plain text ------------------------------------------------------------------------------


def test_txt_with_sidecar_metadata_and_blank_lines_collapsed() -> None:
    article = one(FIXTURES / "report.txt")
    assert article.published == date(2024, 5, 6)
    assert article.outlet == "Harbour Times"
    assert article.title == "Police post seized near Dornhal"
    assert article.url == "https://harbour.example.net/dornhal"
    assert article.extractor == "txt" and article.warnings == []
    assert "said.\n\nThe officials" in article.text  # three blank lines became one


def test_txt_without_sidecar_uses_options(tmp_path: Path) -> None:
    path = tmp_path / "bare.txt"
    path.write_text("Gunmen attacked a bus near Orsk on Monday, police said.\n", "utf-8")
    article = one(path, published=date(2024, 2, 3), outlet="Steppe Daily")
    assert (article.published, article.outlet, article.warnings) == (date(2024, 2, 3), "Steppe Daily", [])
    plain = one(path)
    assert plain.outlet == "unknown" and codes(plain) == ["FW-IN-003"]


def test_bad_sidecar_refuses_the_file(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Gunmen attacked a bus near Orsk.", "utf-8")
    (tmp_path / "x.json").write_text("{not json", "utf-8")
    assert error_of(tmp_path / "x.txt").startswith("FW-IN-005")


def test_cp1252_text_is_decoded_with_warning() -> None:
    article = one(FIXTURES / "cp1252.txt")
    assert "the \u201cfierce\u201d fighting had ended \u2013 for now \u2013 after the caf\u00e9" in article.text
    assert "FW-IN-006" in codes(article)


def test_utf16_with_bom_utf8_with_bom_and_utf16_without_bom(tmp_path: Path) -> None:
    article = one(FIXTURES / "utf16.txt")
    assert article.text.startswith("Rebels said they captured") and "FW-IN-006" not in codes(article)
    bom8 = tmp_path / "bom8.txt"
    bom8.write_bytes(b"\xef\xbb\xbfRebels held the ridge.")
    assert one(bom8).text == "Rebels held the ridge."
    bare16 = tmp_path / "bare16.txt"
    bare16.write_bytes("Rebels held the ridge.".encode("utf-16-le"))
    assert one(bare16).text == "Rebels held the ridge."


@pytest.mark.parametrize("name", ["empty.txt", "blank.txt"])
def test_empty_file_is_an_error(name: str) -> None:
    message = error_of(FIXTURES / name)
    assert message.startswith("FW-IN-001") and "empty" in message


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    assert error_of(FIXTURES / "binary.txt").startswith("FW-IN-007")
    # no NUL bytes, but decodes (as latin-1) to mostly control characters
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(1, 9)) * 40 + b"\x81\x8d\x90" * 20)
    assert error_of(noise).startswith("FW-IN-007")
    # a binary JSONL file is one error, not one per line of noise
    packed = tmp_path / "packed.jsonl"
    packed.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00\n" * 50)
    assert error_of(packed).startswith("FW-IN-007")


def test_huge_text_is_truncated_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Shelling continued in the district. " * 100, "utf-8")
    article = one(path, max_chars=200, published=date(2024, 1, 1))
    assert len(article.text) <= 200
    assert path.read_text("utf-8").startswith(article.text)  # a prefix: offsets stay valid
    assert article.text.endswith("district.")  # cut at a sentence end, not mid-sentence
    assert codes(article) == ["FW-IN-004"]


# --- normalisation ---------------------------------------------------------------------------


def test_normalize_text_only_does_what_it_promises() -> None:
    raw = "  Cafe\u0301 in\u200b Kessa\r\nline\ttwo\x07\rthree\n\n\n\n\nfour\n\n\nfive \u00a0 "
    assert common.normalize_text(raw) == "Caf\u00e9 in Kessa\nline\ttwo\nthree\n\nfour\n\n\nfive"


def test_c1_mojibake_is_mapped_one_for_one() -> None:
    # U+0097/U+0085 are cp1252's em dash and ellipsis read as latin-1; U+0081 is undefined there
    raw = "forces\x97and rebels\x85 clashed\x81."
    fixed = common.normalize_text(raw)
    assert fixed == "forces\u2014and rebels\u2026 clashed."
    assert len(fixed) == len(raw) - 1  # only the undefined byte is gone: earlier offsets hold


# --- HTML ------------------------------------------------------------------------------------


def test_html_page_text_and_metadata() -> None:
    article = one(FIXTURES / "page.html")
    assert article.extractor == "trafilatura"
    assert article.title == "Clashes reported near Veltrana"
    assert article.published == date(2024, 3, 12)
    assert article.outlet == "The Northern Ledger"
    assert article.url == "https://ledger.example.org/2024/03/12/veltrana-clashes"
    assert article.language == "en"
    assert "four police officers were killed" in article.text
    assert "All rights reserved" not in article.text and "Sport" not in article.text


def test_broken_html_still_gives_text() -> None:
    article = one(FIXTURES / "broken.html")
    assert article.extractor in {"trafilatura", "lxml-fallback", "regex-fallback"}
    assert "killing at least seven people" in article.text
    assert "not text" not in article.text  # script content never becomes article text
    assert article.title == "Market blast in Sarvo"


def test_html_lxml_fallback_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    article = one(FIXTURES / "broken.html")
    assert article.extractor == "lxml-fallback"
    assert "killing at least seven people, hospital staff said." in article.text
    assert "Witnesses described panic" in article.text and "not text" not in article.text
    assert article.title == "Market blast in Sarvo"


def test_html_regex_fallback_when_lxml_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated parser failure")

    def refuse(markup: str) -> str:
        raise ValueError("simulated lxml failure")

    monkeypatch.setattr(trafilatura, "bare_extraction", boom)
    monkeypatch.setattr(html, "lxml_text", refuse)
    article = one(FIXTURES / "broken.html")
    assert article.extractor == "regex-fallback"
    assert "An explosion tore through a crowded market in Sarvo on Monday, killing" in article.text
    assert "not text" not in article.text and "<" not in article.text


def test_regex_text_strips_tags_and_entities() -> None:
    markup = "<p>Aid &amp; food<br>reached <b>Ostrel</b></p><!-- note --><style>p{}</style><p>Next"
    assert html.regex_text(markup) == "Aid & food\nreached Ostrel\nNext"


def test_html_lang_attribute_sets_language(tmp_path: Path) -> None:
    path = tmp_path / "fr.html"
    path.write_text("<html lang='fr-FR'><body><p>Des combats ont eu lieu.</p></body></html>", "utf-8")
    article = one(path)
    assert article.language == "fr" and "FW-IN-002" in codes(article)


# --- feeds -----------------------------------------------------------------------------------


def test_rss_feed_gives_one_article_per_item() -> None:
    results = read(FIXTURES / "feed.rss")
    assert [r.source.rsplit(":", 1)[1] for r in results] == ["entry 1", "entry 2"]
    first, second = (r.article for r in results)
    assert first is not None and second is not None
    assert (
        first.text
        == "Retreating fighters blew up the main bridge near Tavor on Wednesday, the regional administration said."
    )
    assert (first.published, first.outlet, first.url) == (
        date(2024, 4, 10),
        "Frontier Wire",
        "https://wire.example.com/tavor-bridge",
    )
    assert first.title == "Bridge destroyed near Tavor" and first.extractor == "feedparser" and first.language == "en"
    assert second.published is None and codes(second) == ["FW-IN-003"]


def test_atom_feed() -> None:
    article = one(FIXTURES / "feed.atom")
    assert (
        article.text
        == "A drone struck a fuel depot in Halvik late on Saturday, the local governor said on social media.\nFirefighters worked through the night."
    )
    assert (article.published, article.outlet, article.url) == (
        date(2024, 6, 1),
        "Eastern Monitor",
        "https://monitor.example.org/halvik",
    )


def test_malformed_feed_keeps_readable_entries() -> None:
    results = read(FIXTURES / "malformed.rss")
    article = results[0].article
    assert article is not None and article.title == "Ceasefire talks resume"
    assert "FW-IN-009" in codes(article)
    assert results[1].error is not None and results[1].error.startswith("FW-IN-001")


def test_unreadable_feed_is_an_error() -> None:
    assert error_of(FIXTURES / "garbage.xml").startswith("FW-IN-005")


def test_feed_is_sniffed_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "download"
    path.write_bytes((FIXTURES / "feed.atom").read_bytes())
    assert one(path).extractor == "feedparser"
    lines = tmp_path / "dump"
    lines.write_text('{"id": "s", "published": "2024-01-02", "text": "Clashes in Pell."}\n', "utf-8")
    assert one(lines).extractor == "jsonl"


# --- language --------------------------------------------------------------------------------


def test_german_text_is_kept_with_warning() -> None:
    article = one(FIXTURES / "german.txt")
    assert article.language == "de"
    assert codes(article) == ["FW-IN-002"]
    assert article.outlet == "Kreisbote"


def test_given_language_wins_over_guess(tmp_path: Path) -> None:
    path = tmp_path / "fr.jsonl"
    path.write_text('{"id": "f", "published": "2024-01-02", "language": "fr", "text": "Short."}\n', "utf-8")
    article = one(path)
    assert article.language == "fr" and "given" in article.warnings[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Too short to tell.", "en"),
        ("Армия сообщила, что бои продолжались всю ночь в районе города, и жители покинули свои дома.", "und"),
        (
            "The army said on Tuesday that fighting had continued through the night in the north of the province, "
            "and that residents were leaving their homes for the safety of the capital.",
            "en",
        ),
    ],
)
def test_guess_language(text: str, expected: str) -> None:
    assert common.guess_language(text) == expected


# --- paths -----------------------------------------------------------------------------------


def test_folder_is_read_sorted_skipping_hidden_and_sidecars(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Clashes in Pell on Monday.", "utf-8")
    (tmp_path / "b.json").write_text('{"outlet": "Pell Post", "published": "2024-01-05"}', "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Shelling in Orsk on Monday.", "utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", "utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("Hidden too.", "utf-8")
    (tmp_path / "README.md").write_text("# notes", "utf-8")
    results = read(tmp_path)
    assert [Path(r.source).relative_to(tmp_path).as_posix() for r in results] == ["b.txt", "sub/a.txt"]
    assert results[0].article is not None and results[0].article.outlet == "Pell Post"


def test_explicit_sidecar_path_is_not_read_twice() -> None:
    results = read(FIXTURES / "report.txt", FIXTURES / "report.json")
    assert [r.source for r in results] == [str(FIXTURES / "report.txt")]
    assert one(str(FIXTURES / "report.txt")).outlet == "Harbour Times"  # a lone str is one path


def test_declared_charset_is_used_when_utf8_fails(tmp_path: Path) -> None:
    page = "<html><head><meta charset='windows-1251'><title>Бои</title></head><body><p>Бои у города.</p></body></html>"
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    article = one(path)
    assert "Бои у города." in article.text and "FW-IN-006" not in codes(article)
    assert article.language == "und" and "FW-IN-002" in codes(article)


def test_missing_path_raises_before_reading() -> None:
    with pytest.raises(InputError, match="no such file"):
        read_paths([FIXTURES / "report.txt", FIXTURES / "nope.jsonl"])


def test_read_result_has_exactly_one_outcome() -> None:
    with pytest.raises(ValueError):
        ReadResult("x", None, None)


def test_a_jsonl_line_over_the_limit_is_skipped_not_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from frontwatch.ingest import jsonl

    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 200)
    path = tmp_path / "long.jsonl"
    good = '{"id": "ok", "text": "Fighting was reported in the district on Monday."}\n'
    path.write_text(good + '{"id": "big", "text": "' + "x" * 5000 + '"}\n' + good.replace('"ok"', '"ok2"'), "utf-8")
    results = list(read_paths([path]))
    assert [r.article.id if r.article else r.error[:9] for r in results] == ["ok", "FW-IN-010", "ok2"]
    assert results[1].source.endswith(":line 2")


def test_a_nul_in_the_first_8_kib_costs_only_its_line(tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    good = '{"id": "g%d", "text": "Fighting was reported in the district on Monday."}\n'
    path.write_bytes((good % 1).encode() + b'{"id": "bad", "text": "a\x00b"}\n' + (good % 2).encode())
    results = list(read_paths([path]))
    assert [r.article.id if r.article else r.error[:9] for r in results] == ["g1", "FW-IN-007", "g2"]
