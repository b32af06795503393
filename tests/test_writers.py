"""Concurrent writers and killed writers lose nothing: the store's write path under stress.

The articles are analysed once here (the slow part); writer processes then store them through
``service.ingest_article`` with those analyses, so each process starts in about a second and
the test exercises exactly the write path: schema creation, upserts, event updates, retries.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from frontwatch.model import Article

pytestmark = pytest.mark.slow

# Invented reports about real places (so they geocode and form events): four about one clash,
# which must merge into one event whatever order they arrive in, and others apart.
TEXTS = [
    ("a1", "Government forces shelled the city of Aleppo on Sunday, killing five civilians, a monitoring group said."),
    ("a2", "Five civilians were killed when government forces shelled Aleppo on Sunday, residents said."),
    ("a3", "Shelling by government forces killed five civilians in Aleppo on Sunday, a doctor told reporters."),
    ("a4", "The shelling of Aleppo by government forces on Sunday killed five people, the health ministry said."),
    ("b1", "Russian forces struck Kharkiv with missiles on Saturday, killing two people, the regional governor said."),
    ("b2", "Two people died when Russian missiles hit Kharkiv on Saturday, officials said."),
    (
        "c1",
        "Al-Shabaab fighters attacked a police station in Mogadishu on Friday, killing three officers, police said.",
    ),
    ("c2", "Thousands of protesters marched peacefully in Nairobi on Tuesday to demand lower food prices."),
]
PUBLISHED = date(2024, 3, 4)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The articles with their analyses, pickled for the writer processes (spaCy docs dropped)."""
    from frontwatch.pipeline import analyse

    items = []
    for ident, text in TEXTS:
        article = Article(id=ident, text=text, published=PUBLISHED, outlet=f"outlet-{ident}")
        analysis = analyse(article)
        analysis.doc = None
        items.append((article, analysis))
    path = tmp_path_factory.mktemp("corpus") / "corpus.pickle"
    path.write_bytes(pickle.dumps(items))
    return path


def _writer(url: str, corpus: str, order: list[int], delay: float = 0.0) -> None:
    """A writer process: open the store (racing the others to create the schema), ingest ``order``."""
    from frontwatch import service

    items = pickle.loads(Path(corpus).read_bytes())
    store = service.open_db(url)
    for i in order:
        article, analysis = items[i]
        outcome = service.ingest_one(store, article, source=article.id, analysis=analysis)
        if outcome.status == "failed":
            print(f"writer {os.getpid()}: {outcome.error}", file=sys.stderr)
            sys.exit(3)
        if delay:
            time.sleep(delay)
    store.close()


def _state(url: str) -> dict[str, object]:
    """What must be equal between runs: articles, and each event's reports and main fields."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        articles = sorted(r[0] for r in conn.execute(sa.text("SELECT id FROM articles")))
        n_reports = conn.execute(sa.text("SELECT count(*) FROM reports")).scalar_one()
        groups: dict[str, list[str]] = {}
        for report_id, event_id in conn.execute(sa.text("SELECT report_id, event_id FROM reports")):
            groups.setdefault(event_id, []).append(report_id)
        events = sorted(
            (tuple(sorted(groups.get(r[0], []))), r[1], r[2], r[3], r[4])
            for r in conn.execute(
                sa.text("SELECT event_id, event_date, location, sub_event_type, fatalities FROM events")
            )
        )
        claims = conn.execute(sa.text("SELECT count(*) FROM claims")).scalar_one()
    engine.dispose()
    return {"articles": articles, "reports": n_reports, "events": events, "claims": claims}


def _fresh(backend: str, tmp_path: Path, postgres_url: str | None) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / f'{uuid.uuid4().hex}.db'}"
    assert postgres_url is not None
    name = f"fw_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return postgres_url.rsplit("/", 1)[0] + f"/{name}"


def _sequential(url: str, corpus: Path) -> dict[str, object]:
    _writer(url, str(corpus), list(range(len(TEXTS))))
    return _state(url)


def _orders(n: int) -> list[list[int]]:
    """n overlapping orders: each writer takes every article, starting at a different place."""
    k = len(TEXTS)
    return [[(start * k // n + j) % k for j in range(k)] for start in range(n)]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    if request.param == "postgresql":
        return "postgresql", request.getfixturevalue("postgres_url")
    return "sqlite", None


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_writers_lose_nothing(corpus: Path, tmp_path: Path, backend: tuple[str, str | None], writers: int):
    kind, pg = backend
    expected = _sequential(_fresh(kind, tmp_path, pg), corpus)
    assert len(expected["articles"]) == len(TEXTS) and expected["events"]  # type: ignore[arg-type]
    url = _fresh(kind, tmp_path, pg)  # a new database: the writers race to create the schema
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(url, str(corpus), order)) for order in _orders(writers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * writers
    got = _state(url)
    assert got["articles"] == expected["articles"]  # nothing lost, nothing duplicated
    assert got["reports"] == expected["reports"]
    assert got["events"] == expected["events"]
    assert got["claims"] == expected["claims"]


def test_killed_writer_reruns_to_a_clean_result(corpus: Path, tmp_path: Path):
    """SIGKILL a writer mid-ingest (three times, at different points), rerun: equal to a clean run."""
    expected = _sequential(_fresh("sqlite", tmp_path, None), corpus)
    url = _fresh("sqlite", tmp_path, None)
    db = url.removeprefix("sqlite:///")
    code = (
        "import sys; sys.path[:0] = sys.argv[1:2]; from test_writers import _writer; "
        "_writer(sys.argv[2], sys.argv[3], list(range(8)), delay=0.05)"
    )
    tests = str(Path(__file__).parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(tests).parent), os.environ.get("PYTHONPATH", "")])}
    killed = 0
    for stored_before_kill in (1, 3, 6):
        proc = subprocess.Popen([sys.executable, "-c", code, tests, url, str(corpus)], env=env)
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None:
            if _count(db) >= stored_before_kill:
                break
            time.sleep(0.005)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait()
        _assert_consistent(url)
    assert killed >= 2
    _writer(url, str(corpus), list(range(len(TEXTS))))
    assert _state(url) == expected


def _count(db: str) -> int:
    import sqlite3

    if not os.path.exists(db):
        return 0
    try:
        con = sqlite3.connect(db, timeout=0.1)
        try:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _assert_consistent(url: str) -> None:
    """After a kill: every report has its article and its event, every event has a report."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        orphans = conn.execute(
            sa.text(
                "SELECT count(*) FROM reports r LEFT JOIN articles a ON a.id = r.article_id "
                "LEFT JOIN events e ON e.event_id = r.event_id WHERE a.id IS NULL OR e.event_id IS NULL"
            )
        ).scalar_one()
        empty = conn.execute(
            sa.text(
                "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.event_id = e.event_id)"
            )
        ).scalar_one()
    engine.dispose()
    assert orphans == 0 and empty == 0


def test_full_disk_fails_each_article_in_one_line_and_keeps_the_rest(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's "database or disk is full" (a page limit stands in for the disk): every article that
    does not fit fails with FW-DB-001 in one line, nothing half-stored, the batch goes on; once
    there is room again a rerun gives exactly the clean result."""
    from frontwatch import service
    from frontwatch import store as store_module

    expected = _sequential(_fresh("sqlite", tmp_path, None), corpus)
    url = _fresh("sqlite", tmp_path, None)
    _writer(url, str(corpus), [0, 4])
    before = _state(url)
    db = url.removeprefix("sqlite:///")
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    plain = store_module._sqlite_pragmas

    def full(dbapi_conn, record):  # type: ignore[no-untyped-def]
        plain(dbapi_conn, record)
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(store_module, "_sqlite_pragmas", full)
    items = pickle.loads(corpus.read_bytes())
    store = service.open_db(url)
    outcomes = [service.ingest_one(store, a, source=a.id, analysis=an) for a, an in items]
    store.close()
    failed = [o for o in outcomes if o.status == "failed"]
    assert failed and all(o.error and o.error.startswith("FW-DB-001") and "\n" not in o.error for o in failed)
    assert {o.status for o in outcomes} <= {"stored", "duplicate", "failed"}
    _assert_consistent(url)
    after = _state(url)
    assert set(before["articles"]) <= set(after["articles"])  # type: ignore[arg-type]
    monkeypatch.setattr(store_module, "_sqlite_pragmas", plain)
    _writer(url, str(corpus), list(range(len(TEXTS))))
    assert _state(url) == expected
