"""The inputs and requests that only PostgreSQL refused (NUL in text, INTEGER past 2^31, ids over
the column size), on a real PostgreSQL server: each is handled, the good articles stored."""

from __future__ import annotations

import contextlib
import io
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from test_api import TOKEN, assert_error

from frontwatch.api import create_app
from frontwatch.cli import main

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

TEXT = "Soldiers clashed with rebels near the village on Monday, and two fighters were killed, an official said."


@pytest.fixture(scope="module")
def pg_db(postgres_url: str) -> Iterator[str]:
    name = f"fw_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    yield postgres_url.rsplit("/", 1)[0] + f"/{name}"


def test_postgres_only_failures_are_handled(pg_db: str, tmp_path: Path) -> None:
    records = [
        {"id": "p1", "text": "First. " + TEXT, "outlet": "A\u0000B", "title": "T\u0000", "url": "http://x/\u0000"},
        {"id": "p" * 201, "text": "Second. " + TEXT},
        {"id": "p3", "text": "Rebels killed 3000000000 civilians in the town on Monday, officials said."},
        {"id": "p4\ud800", "text": "Fourth. " + TEXT, "published": "0001-01-01"},
        {"id": "p5", "text": "Fifth. " + TEXT, "published": "2024-02-01"},
    ]
    src = tmp_path / "pg.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["ingest", str(src), "--db", pg_db])
    out = err.getvalue()
    assert code == 1 and "Traceback" not in out, out
    assert [ln for ln in out.splitlines() if ln.startswith("frontwatch: ")] == [
        ln for ln in out.splitlines() if "FW-IN-013" in ln
    ]
    engine = sa.create_engine(pg_db)
    with engine.connect() as conn:
        ids = {r[0] for r in conn.execute(sa.text("SELECT id FROM articles"))}
        biggest = conn.execute(sa.text("SELECT max(fatalities) FROM events")).scalar()
    engine.dispose()
    assert ids == {"p1", "p3", "p4\ufffd", "p5"}
    assert biggest is None or biggest < 2**31


@pytest.fixture(scope="module")
def pg_client(pg_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(pg_db, token=TOKEN), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize(
    "path",
    [
        "/api/events?q=a%00b",
        "/api/events/abc%00",
        "/api/articles/abc%00",
        f"/api/events?min_fatalities={2**31}",
        f"/api/events?offset={2**31}",
        f"/api/places/{2**31}/control",
        "/api/events/" + "e" * 300,
    ],
)
def test_postgres_requests_are_4xx(pg_client: TestClient, path: str) -> None:
    resp = pg_client.get(path)
    assert 400 <= resp.status_code < 500, (path, resp.text)
    assert_error(resp, resp.status_code)


def test_postgres_post_year_one(pg_client: TestClient) -> None:
    body = {"id": "py1", "text": "Year one. " + TEXT, "published": "0001-01-01", "outlet": "x\u0000y"}
    resp = pg_client.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 201, resp.text
