"""The bad-input catalogue: every kind of hostile input a scraper can return, in one batch.

Each kind sits between good articles. The batch must end normally; each kind earns one coded,
one-line message (an error, or a warning on the stored article); no traceback reaches the
terminal; every good article is stored; what was stored before is untouched.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from frontwatch.cli import main

pytestmark = pytest.mark.slow

GOOD = (
    "Ruritanian soldiers clashed with rebels of the Crimson Front near the village of Zenda on Monday, "
    "and three fighters were killed, a local official said. Residents said the fighting lasted hours. "
)
GOOD_EVERY = 3
TOMORROW_PLUS = (date.today() + timedelta(days=30)).isoformat()


def good(n: int) -> dict[str, object]:
    return {"id": f"good-{n}", "text": f"Report {n}. {GOOD}", "published": f"2024-03-0{1 + n % 9}"}


def line(record: object) -> bytes:
    return json.dumps(record, ensure_ascii=True).encode() + b"\n"


# (kind, JSONL line as bytes, expectation). Expectations: ("fail", code) an error line;
# ("warn", id, code) stored with that warning; ("stored", id); ("dup", id) already stored.
LINES: list[tuple[str, bytes, tuple[str, ...]]] = [
    ("malformed JSON", b'{"id": "x1", "text": "unterminated\n', ("fail", "FW-IN-005")),
    ("raw NUL byte in a line", b'{"id": "b1", "text": "a\x00b"}\n', ("fail", "FW-IN-007")),
    ("JSON array, not object", b'["a", "b"]\n', ("fail", "FW-IN-005")),
    ("no text field", line({"id": "x3", "published": "2024-01-01"}), ("fail", "FW-IN-005")),
    ("text not a string", line({"id": "x4", "text": 42}), ("fail", "FW-IN-005")),
    ("empty text", line({"id": "x5", "text": ""}), ("fail", "FW-IN-001")),
    ("white-space text", line({"id": "x6", "text": " \n\t "}), ("fail", "FW-IN-001")),
    ("JSON number of 5,000 digits", b'{"id": "x7", "text": "t", "n": 1' + b"0" * 5000 + b"}\n", ("fail", "FW-IN-005")),
    (
        "nesting 1,000 deep",
        b'{"id": "x8", "text": "t", "n": ' + b"[" * 1000 + b"]" * 1000 + b"}\n",
        ("fail", "FW-IN-005"),
    ),
    (
        "lone surrogate in text",
        b'{"id": "s1", "text": "' + GOOD.encode() + b'\\ud800 end."}\n',
        ("warn", "s1", "FW-IN-011"),
    ),
    (
        "lone surrogate in id",
        b'{"id": "s2\\udc00", "text": "Second. ' + GOOD.encode() + b'"}\n',
        ("warn", "s2\ufffd", "FW-IN-011"),
    ),
    ("NUL in text", line({"id": "n1", "text": "Null\u0000ed. " + GOOD}), ("stored", "n1")),
    (
        "NUL in outlet, title, url",
        line(
            {"id": "n2", "text": "Outlet. " + GOOD, "outlet": "A\u0000B", "title": "T\u0000", "url": "http://x/\u0000"}
        ),
        ("warn", "n2", "FW-IN-011"),
    ),
    ("id over 200 characters", line({"id": "i" * 201, "text": GOOD}), ("fail", "FW-IN-013")),
    ("id of control characters only", line({"id": "\u0001\u0002", "text": GOOD}), ("fail", "FW-IN-013")),
    (
        "escape sequence in id",
        line({"id": "e\u001b[31mred", "text": "Escape. " + GOOD}),
        ("warn", "e [31mred", "FW-IN-011"),
    ),
    (
        "published 0001-01-01",
        line({"id": "d1", "text": "Day one. " + GOOD, "published": "0001-01-01"}),
        ("warn", "d1", "FW-IN-003"),
    ),
    (
        "published 9999-12-31",
        line({"id": "d2", "text": "Last day. " + GOOD, "published": "9999-12-31"}),
        ("warn", "d2", "FW-IN-003"),
    ),
    (
        "published in the future",
        line({"id": "d3", "text": "Future. " + GOOD, "published": TOMORROW_PLUS}),
        ("warn", "d3", "FW-IN-003"),
    ),
    ("published missing", line({"id": "d4", "text": "Undated. " + GOOD}), ("warn", "d4", "FW-IN-003")),
    (
        "published unreadable",
        line({"id": "d5", "text": "Garbled. " + GOOD, "published": "last Tuesday"}),
        ("warn", "d5", "FW-IN-003"),
    ),
    (
        "published a 2^70 number",
        line({"id": "d6", "text": "Numeric. " + GOOD, "published": 2**70}),
        ("warn", "d6", "FW-IN-003"),
    ),
    (
        "toll of 2^63",
        line(
            {
                "id": "t1",
                "text": "Rebels killed 9223372036854775808 civilians in Zenda on Monday, officials said.",
                "published": "2024-02-01",
            }
        ),
        ("warn", "t1", "FW-NUM-001"),
    ),
    (
        "toll over 2^31",
        line(
            {
                "id": "t2",
                "text": "Rebels killed 3000000000 civilians in Zenda on Monday, officials said.",
                "published": "2024-02-01",
            }
        ),
        ("warn", "t2", "FW-NUM-001"),
    ),
    (
        "absurd figure with separators",
        line(
            {
                "id": "t3",
                "text": "Rebels killed 3,000,000,000,000 civilians in Zenda on Monday, officials said.",
                "published": "2024-02-01",
            }
        ),
        ("warn", "t3", "FW-NUM-001"),
    ),
    (
        "vulgar fraction",
        line(
            {
                "id": "t4",
                "text": "About ½ of the 40 soldiers were killed in Zenda on Monday, officials said.",
                "published": "2024-02-01",
            }
        ),
        ("stored", "t4"),
    ),
    (
        "number of 2,900 digits in text",
        line(
            {
                "id": "t5",
                "text": "Rebels killed " + "9" * 2900 + " people in Zenda on Monday.",
                "published": "2024-02-01",
            }
        ),
        ("warn", "t5", "FW-NUM-001"),
    ),
    (
        "non-English text",
        line(
            {
                "id": "g1",
                "text": "Bei Kämpfen in der Stadt wurden am Montag drei Menschen getötet, sagte ein Sprecher der Polizei. Die Armee hat die Stadt nach schweren Kämpfen eingenommen, und die Bewohner sind geflohen.",
                "published": "2024-02-01",
            }
        ),
        ("warn", "g1", "FW-IN-002"),
    ),
    ("same id, new text", line({"id": "old-1", "text": "Entirely different text. " + GOOD}), ("dup", "old-1")),
    (
        "same text, new id",
        line({"id": "copy-1", "text": "The old article. " + GOOD, "published": "2024-01-05"}),
        ("dup", "copy-1"),
    ),
    (
        "run of 5,000 characters without a sentence end",
        line({"id": "r1", "text": GOOD + "word " * 1000}),
        ("warn", "r1", "FW-IN-012"),
    ),
    ("article over the length limit", line({"id": "h1", "text": GOOD * 60}), ("warn", "h1", "FW-IN-004")),
    (
        "title of 5,000 characters",
        line({"id": "l1", "text": "Titled. " + GOOD, "title": "T" * 5000}),
        ("warn", "l1", "FW-IN-015"),
    ),
    (
        "cp1252 bytes in a line",
        b'{"id": "c1", "text": "Caf\xe9 owners said. ' + GOOD.encode() + b'"}\n',
        ("warn", "c1", "FW-IN-006"),
    ),
    ("mostly control characters", line({"id": "k1", "text": "\u0001\u0002\u0003\u0004"}), ("fail", "FW-IN-001")),
    ("numeric id", line({"id": 12345, "text": "Numbered. " + GOOD}), ("stored", "12345")),
]

FEED_HEAD = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>'
# (kind, file name, bytes, expectation); expectations as above, "fail" matched by file name
FILES: list[tuple[str, str, bytes, tuple[str, ...]]] = [
    ("empty .txt", "empty.txt", b"", ("fail", "FW-IN-001")),
    ("binary .txt", "binary.txt", bytes(range(256)) * 8, ("fail", "FW-IN-007")),
    ("empty .rss", "empty.rss", b"", ("fail", "FW-IN-001")),
    ("malformed XML feed", "broken.rss", b"<rss><channel><title>x</title><<<>>>", ("fail", "FW-IN-0")),
    (
        "feed with &#xD800;",
        "surrogate.rss",
        FEED_HEAD
        + b"<item><title>T&#xD800;</title><description>Feed item. "
        + GOOD.encode()
        + b" &#xD800;</description><pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>",
        ("stored-any",),
    ),
    ("malformed HTML", "broken.html", b"<html><body><p>" + GOOD.encode() * 3 + b"<div><<<</p></tr>", ("stored-any",)),
    ("truncated .json", "truncated.json", b'{"id": "j1", "text": "', ("fail", "FW-IN-005")),
    ("deeply nested .json", "deep.json", b"[" * 5000 + b"]" * 5000, ("fail", "FW-IN-005")),
    ("UTF-16 text file", "utf16.txt", ("UTF-16 file. " + GOOD).encode("utf-16"), ("stored-any",)),
    ("latin-1 text file", "latin1.txt", ("Señor Müller said. " + GOOD).encode("latin-1"), ("stored-any",)),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("catalogue")
    db = base / "fw.db"
    url = f"sqlite:///{db}"
    old = base / "old.jsonl"
    old.write_bytes(line({"id": "old-1", "text": "The old article. " + GOOD, "published": "2024-01-05"}))
    os.environ["FRONTWATCH_MAX_ARTICLE_CHARS"] = "6000"  # keeps the over-limit kind fast
    try:
        assert main(["ingest", str(old), "--db", url]) == 0
        before = _snapshot(db)
        folder = base / "in"
        folder.mkdir()
        body = b""
        numbers: dict[str, int] = {}
        number = 0
        for n, (kind, raw, _) in enumerate(LINES):
            # a good article after every third kind (each one analysed costs time): the batch must
            # go on past every kind, and the error lines of the later kinds show it does too
            if n % GOOD_EVERY == 0:
                body += line(good(n))
                number += 1
            body += raw
            number += 1
            numbers[kind] = number
        body += line(good(len(LINES)))
        # the raw NUL line sits in the first 8 KiB: it must not cost the good lines around it
        assert body.index(b"\x00") < 8192
        (folder / "batch.jsonl").write_bytes(body)
        for _, name, data, _ in FILES:
            (folder / name).write_bytes(data)
        os.mkfifo(folder / "pipe.jsonl")  # a named pipe: reading it would block forever
        import contextlib
        import io

        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["ingest", str(folder), "--db", url])
    finally:
        del os.environ["FRONTWATCH_MAX_ARTICLE_CHARS"]
    return {"code": code, "stderr": err.getvalue(), "db": db, "before": before, "numbers": numbers, "folder": folder}


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(db)
    try:
        return {
            t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)  # noqa: S608 - fixed names
            for t in ("articles", "reports", "events")
        }
    finally:
        con.close()


def _blocks(stderr: str) -> tuple[list[str], dict[str, list[str]], set[str]]:
    """(error lines, {stored id: warnings}, duplicate ids) from the CLI's stderr."""
    errors, stored, dups = [], {}, set()
    current: list[str] | None = None
    for ln in stderr.splitlines():
        if ln.startswith("frontwatch: "):
            errors.append(ln)
            current = None
        elif ln.startswith("stored    "):
            ident = ln[len("stored    ") :].rsplit(": ", 1)[0]
            current = stored.setdefault(ident, [])
        elif ln.startswith("duplicate "):
            dups.add(ln[len("duplicate ") :].rsplit(": ", 1)[0])
            current = None
        elif ln.startswith("  warning: ") and current is not None:
            current.append(ln[len("  warning: ") :])
    return errors, stored, dups


def test_batch_ends_normally_without_traceback(run: dict[str, object]) -> None:
    stderr = str(run["stderr"])
    assert run["code"] == 1  # some inputs failed, the rest were stored
    assert "Traceback" not in stderr and 'File "' not in stderr
    assert "\x1b" not in stderr  # the escape sequence in an id is not echoed raw
    assert stderr.splitlines()[-1].endswith(str(run["db"])) and " failed -> " in stderr.splitlines()[-1]


@pytest.mark.parametrize(("kind", "expect"), [(k, e) for k, _, e in LINES], ids=[k for k, _, _ in LINES])
def test_each_line_kind(run: dict[str, object], kind: str, expect: tuple[str, ...]) -> None:
    errors, stored, dups = _blocks(str(run["stderr"]))
    number = run["numbers"][kind]  # type: ignore[index]
    if expect[0] == "fail":
        mine = [e for e in errors if f"batch.jsonl:line {number}:" in e]
        assert len(mine) == 1, (kind, errors)
        assert f": {expect[1]}" in mine[0]
    elif expect[0] == "dup":
        assert expect[1] in dups
    else:
        assert expect[1] in stored, (kind, sorted(stored))
        if expect[0] == "warn":
            assert any(w.startswith(expect[2]) for w in stored[expect[1]]), stored[expect[1]]


@pytest.mark.parametrize(("kind", "name", "expect"), [(k, n, e) for k, n, _, e in FILES], ids=[k for k, *_ in FILES])
def test_each_file_kind(run: dict[str, object], kind: str, name: str, expect: tuple[str, ...]) -> None:
    errors, _, _ = _blocks(str(run["stderr"]))
    mine = [e for e in errors if f"{name}" in e.split(": ", 2)[1]]
    if expect[0] == "fail":
        assert len(mine) == 1 and f"{expect[1]}" in mine[0], (kind, mine)
    else:
        assert not mine, mine


def test_named_pipe_is_skipped(run: dict[str, object]) -> None:
    errors, _, _ = _blocks(str(run["stderr"]))
    assert [e for e in errors if "pipe.jsonl" in e and "FW-IN-014" in e]


def test_every_good_article_is_stored_and_old_data_intact(run: dict[str, object]) -> None:
    db = run["db"]
    con = sqlite3.connect(db)  # type: ignore[arg-type]
    ids = {r[0] for r in con.execute("SELECT id FROM articles")}
    con.close()
    assert {f"good-{n}" for n in [*range(0, len(LINES), GOOD_EVERY), len(LINES)]} <= ids
    after = _snapshot(db)  # type: ignore[arg-type]
    before = run["before"]
    assert before["articles"][0] in after["articles"]  # type: ignore[index]
    # the old article's reports are the same rows; its events may have gained reports, never lost one
    assert set(before["reports"]) <= set(after["reports"])  # type: ignore[index]
    old_events = {r[0] for r in before["events"]}  # type: ignore[index]
    assert old_events <= {r[0] for r in after["events"]}


def test_error_lines_are_one_line_and_coded(run: dict[str, object]) -> None:
    errors, stored, _ = _blocks(str(run["stderr"]))
    for e in errors:
        assert " FW-" in e or ": FW-" in e, e
    for warnings in stored.values():
        for w in warnings:
            assert w.startswith("FW-") or w.startswith("already stored"), w
    assert len(errors) >= 15
