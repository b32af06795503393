"""Batched analysis (issue 15): one nlp.pipe and one encoder call per batch give what analyse() gives."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from frontwatch.model import Article
from frontwatch.pipeline import analyse, analyse_batches
from frontwatch.store import serialize as ser

pytestmark = pytest.mark.slow


def _articles() -> list[Article]:
    rows = [json.loads(line) for line in (ROOT / "examples" / "demo.jsonl").read_text(encoding="utf-8").splitlines()]
    from datetime import date

    return [
        Article(id=r["id"], text=r["text"], published=date.fromisoformat(r["published"]), outlet=r["outlet"])
        for r in rows
    ]


def _shape(a) -> str:
    labels = [(s.label.label, round(s.label.score, 4)) if s.label else None for s in a.signals]
    reports = [ser.report_to(r) for r in a.reports]
    return json.dumps({"reports": reports, "labels": labels, "warnings": a.warnings}, sort_keys=True, default=str)


@pytest.mark.parametrize("n_process", [1, 2])
def test_batches_give_what_one_by_one_gives(n_process):
    arts = _articles()[:7]
    arts.insert(3, Article(id="fr", text="Des combats ont eu lieu.", language="fr"))
    items = [(a.id, a) for a in arts] + [("missing", None)]
    got = list(analyse_batches(items, n_process=n_process, batch=3))
    assert [k for k, _ in got] == [a.id for a in arts] + ["missing"]
    assert got[-1][1] is None
    for (key, batched), article in zip(got, arts, strict=False):
        assert _shape(batched) == _shape(analyse(article)), key


def test_hard_wrapped_copy_is_parsed_unwrapped_in_batches_too():
    """Batched ingest parses wire copy wrapped at a fixed width as ``analyse`` does (CLAIMS-UNWRAP):
    the parse, and what the stages read from it, are the same either way."""
    from frontwatch import nlp

    para = (
        "ZAROVKA, Ruritania (Wire) - Rebel fighters shelled the eastern town of\n"
        "Zarovka overnight, killing 12 civilians and wounding dozens more, the\n"
        "regional governor Ivan Dal said on Tuesday, adding that rescue teams\n"
        "were still searching the ruins of several apartment blocks there.\n"
    )
    from datetime import date

    article = Article(id="wrapped", text=para + "\n" + para.replace("12 civilians", "14"), published=date(2024, 3, 5))
    assert nlp.is_hard_wrapped(article.text)
    ((_, batched),) = list(analyse_batches([("wrapped", article)]))
    alone = analyse(article)
    assert batched.doc.text == alone.doc.text == nlp.unwrap(article.text)
    assert _shape(batched) == _shape(alone)
    assert [(c.value, c.source) for c in batched.claims] == [(c.value, c.source) for c in alone.claims]
