"""The command line: exit codes, formats, one-line errors, and docs that cover every command."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from builders import make_report
from conftest import ROOT

from frontwatch.cli import COMMANDS, build_parser, main
from frontwatch.cluster import merge
from frontwatch.control import timeline
from frontwatch.export import ACLED_COLUMNS
from frontwatch.model import Article
from frontwatch.store import Store


def _populate(url: str) -> None:
    s = Store(url)
    fall = make_report("a1", date(2015, 9, 28), sub="Non-state actor overtakes territory")
    with s.transaction() as tx:
        tx.put_article(Article(id="a1", text="x" * 40, published=date(2015, 9, 28)), "h1")
        tx.put_report(fall, "E1")
        event = merge("E1", [fall])
        tx.put_event(event)
        tx.replace_control(event.place.geonameid, timeline([event]))
    s.close()


def test_events_json_has_acled_names_and_provenance(db_url, capsys):
    _populate(db_url)
    assert main(["events", "--db", db_url, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["event_date"] == "2015-09-28"
    assert rows[0]["sub_event_type"] == "Non-state actor overtakes territory"
    for key in ("inter1", "iso", "geo_precision", "article_ids", "claims", "conflicts", "evidence", "geonameid"):
        assert key in rows[0]
    assert rows[0]["iso"] == 4  # ISO 3166 numeric, as ACLED writes it


def test_events_csv_is_in_acled_column_order(db_url, capsys):
    _populate(db_url)
    assert main(["events", "--db", db_url, "--format", "csv"]) == 0
    reader = csv.reader(io.StringIO(capsys.readouterr().out))
    assert tuple(next(reader)) == ACLED_COLUMNS
    assert len(list(reader)) == 1


def test_control_json_and_one_place(db_url, capsys):
    _populate(db_url)
    assert main(["control", "--db", db_url, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["status"] == "Taliban" and rows[0]["date"] == "2015-09-28"
    assert main(["control", "--db", db_url, "--place", "Kunduz"]) == 0
    assert "Taliban" in capsys.readouterr().out
    assert main(["control", "--db", db_url, "--place", "Nowhere"]) == 1


def test_missing_path_is_a_one_line_usage_error(db_url, capsys, tmp_path):
    assert main(["ingest", str(tmp_path / "missing.jsonl"), "--db", db_url]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("frontwatch:") and "\n" not in err


def test_unreadable_input_only_fails_that_input(db_url, capsys, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert main(["ingest", str(bad), "--db", db_url, "--quiet"]) == 2
    assert "bad.jsonl" in capsys.readouterr().err


def test_bad_database_url_is_one_line(capsys):
    assert main(["events", "--db", "nosuchdialect://x"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("frontwatch: cannot open database") and "\n" not in err


def test_every_command_has_help_and_is_documented():
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in COMMANDS:
        assert f"`frontwatch {name}" in doc, f"{name} missing from docs/cli.md"
        assert sub.choices[name].format_help()


def test_read_commands_refuse_a_missing_or_foreign_database(tmp_path, capsys):
    import sqlite3

    missing = tmp_path / "typo.db"
    for cmd in ("events", "control", "summary"):
        assert main([cmd, "--db", f"sqlite:///{missing}"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "no database" in err
    assert not missing.exists()  # a mistyped path does not leave an empty database behind
    foreign = tmp_path / "other.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE photos (id INTEGER)")
    con.commit()
    con.close()
    assert main(["events", "--db", f"sqlite:///{foreign}"]) == 2
    assert "not a frontwatch database" in capsys.readouterr().err
    source = tmp_path / "a.jsonl"
    source.write_text('{"id": "x", "text": "Text."}\n')
    assert main(["ingest", str(source), "--db", f"sqlite:///{foreign}"]) == 2  # not written into
    assert "not a frontwatch database" in capsys.readouterr().err
    con = sqlite3.connect(foreign)
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["photos"]
    con.close()
    text = tmp_path / "notes.db"
    text.write_text("hello")
    assert main(["summary", "--db", f"sqlite:///{text}"]) == 2
    assert "not a SQLite database" in capsys.readouterr().err


def test_an_unexpected_error_is_one_line_without_traceback(db_url, capsys, monkeypatch):
    import frontwatch.cli as cli

    def broken(_args):
        raise KeyError("\x1b[2Jboom")

    monkeypatch.setitem(cli.COMMANDS, "summary", broken)
    assert main(["summary", "--db", db_url]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: KeyError" in err and "\x1b" not in err
