"""``frontwatch watch``: feeds served from 127.0.0.1 by the test, folders, bounded loops."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from frontwatch import service
from frontwatch.cli import main
from frontwatch.model import Article
from frontwatch.pipeline import ArticleAnalysis
from frontwatch.store import EventQuery, Store, listing
from frontwatch.watch import Watcher, parse_every

ITEM = """<item><title>{title}</title><link>https://news.example/{n}</link>
<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate><description>{text}</description></item>"""


def rss(*items: tuple[int, str]) -> bytes:
    body = "".join(ITEM.format(n=n, title=f"Report {n}", text=text) for n, text in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Demo Wire</title>{body}</channel></rss>'.encode()


class _Feeds:
    """What the little server answers: path -> (status, body); ETag is the body's hash."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, bytes]] = {}
        self.hits: list[tuple[str, int]] = []


@pytest.fixture
def feeds() -> Iterator[tuple[_Feeds, str]]:
    state = _Feeds()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            status, body = state.pages.get(self.path, (404, b"not here"))
            etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            state.hits.append((self.path, status))
            self.send_response(status)
            if status == 200:
                self.send_header("ETag", etag)
                self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pipeline replaced by a recorder: which articles were analysed (the NLP is not the point)."""
    seen: list[str] = []

    def fake(article: Article, **_: Any) -> ArticleAnalysis:
        seen.append(article.id)
        return ArticleAnalysis(article=article)

    monkeypatch.setattr(service, "analyse", fake)
    return seen


def test_intervals_read_as_durations() -> None:
    assert [parse_every(x) for x in ("15m", "30s", "1h", "250ms", "2")] == [900, 30, 3600, 0.25, 2]
    for bad in ("soon", "0s", "-1m", "5 days"):
        with pytest.raises(ValueError):
            parse_every(bad)


def test_a_feed_is_ingested_once_and_only_new_entries_later(feeds, analysed, store: Store) -> None:
    state, base = feeds
    state.pages["/feed"] = (200, rss((1, "Shelling in the north."), (2, "Clashes in the south.")))
    watcher = Watcher(store, [f"{base}/feed"])
    first = watcher.poll()
    assert first.stored == 2 and not first.source_errors
    second = watcher.poll()  # unchanged: a 304, nothing read
    assert second.outcomes == [] and state.hits[-1] == ("/feed", 304)
    state.pages["/feed"] = (200, rss((3, "A drone strike on the port."), (1, "Shelling in the north.")))
    third = watcher.poll()
    assert [o.status for o in third.outcomes] == ["stored"]
    assert len(analysed) == 3  # entry 1 was never analysed twice


def test_a_feed_that_is_down_or_malformed_does_not_stop_the_others(feeds, analysed, store: Store) -> None:
    state, base = feeds
    state.pages["/good"] = (200, rss((1, "Shelling in the north.")))
    state.pages["/down"] = (503, b"maintenance")
    state.pages["/broken"] = (200, b"<html><body>this is not a feed</body></html>")
    sources = [f"{base}/down", f"{base}/broken", "http://127.0.0.1:9/refused", f"{base}/good"]
    result = Watcher(store, sources, timeout=5).poll()
    assert result.stored == 1
    assert len(result.source_errors) == 3
    assert "HTTP 503" in result.source_errors[0] and "feed" in result.source_errors[1]
    assert "cannot fetch" in result.source_errors[2]


def test_a_folder_is_read_again_only_when_a_file_changes(tmp_path: Path, analysed, store: Store) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    line = {"id": "f1", "text": "Militants attacked a checkpoint.", "published": "2024-03-04", "outlet": "Demo Wire"}
    (inbox / "a.jsonl").write_text(json.dumps(line) + "\n")
    watcher = Watcher(store, [str(inbox)])
    assert watcher.poll().stored == 1
    assert watcher.poll().outcomes == []  # nothing changed: the file is not even read
    with (inbox / "a.jsonl").open("a") as f:
        f.write(json.dumps({**line, "id": "f2", "text": "Troops retook the bridge."}) + "\n")
    again = watcher.poll()
    assert [o.status for o in again.outcomes] == ["duplicate", "stored"]  # the store stops f1 before analysis
    assert analysed == ["f1", "f2"]
    inbox.rename(tmp_path / "gone")
    assert "no such file" in watcher.poll().source_errors[0]


def test_run_stops_after_max_polls(analysed, store: Store, tmp_path: Path) -> None:
    naps: list[float] = []
    watcher = Watcher(store, [str(tmp_path)])
    watcher.run(60.0, max_polls=3, sleep=naps.append)
    assert watcher.polls == 3 and len(naps) == 2 and all(0 < n <= 60 for n in naps)


def test_cli_watch_once_stores_the_feed_and_reports_a_dead_one(feeds, analysed, db_url: str, capsys) -> None:
    state, base = feeds
    state.pages["/feed"] = (200, rss((1, "Shelling in the north.")))
    assert main(["watch", f"{base}/feed", "--db", db_url, "--once", "--every", "1s"]) == 0
    assert "poll 1: 1 stored" in capsys.readouterr().err
    assert main(["watch", f"{base}/feed", f"{base}/missing", "--db", db_url, "--max-polls", "1"]) == 1
    err = capsys.readouterr().err
    assert "HTTP 404" in err and "1 already stored" in err
    assert main(["watch", f"{base}/feed", "--db", db_url, "--every", "soon"]) == 2


def test_an_article_from_a_feed_becomes_a_queryable_event(feeds, store: Store) -> None:
    """The real pipeline: what the watcher stores is what the API lists."""
    state, base = feeds
    text = "Artillery shelled Kharkiv on Monday, killing six civilians, the regional governor said."
    state.pages["/feed"] = (200, rss((1, text)))
    result = Watcher(store, [f"{base}/feed"]).poll()
    assert result.stored == 1 and result.outcomes[0].events_new == 1
    with store.reader() as r:
        events = listing.page(r.conn, EventQuery(text="kharkiv"))
    assert [e.place.name for e in events] == ["Kharkiv"] and events[0].event_date == date(2024, 3, 4)
