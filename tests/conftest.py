"""Shared fixtures: a real SQLite file per test, hand-built model objects, ../shared paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from frontwatch.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()
