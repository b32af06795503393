"""Every hand rule fires on its positive examples and not on its negative ones (one parametrised test)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontwatch import rulebook

ROOT = Path(__file__).resolve().parent.parent
RULES = rulebook.load_all()


def _cases() -> list[object]:
    cases = []
    for rule in RULES.values():
        marks = [pytest.mark.slow] if rule.needs_parse else []
        for text in rule.positive:
            cases.append(pytest.param(rule.id, text, True, marks=marks, id=f"{rule.id}+"))
        for text in rule.negative:
            cases.append(pytest.param(rule.id, text, False, marks=marks, id=f"{rule.id}-"))
    return cases


@pytest.mark.parametrize(("rule_id", "text", "fires"), _cases())
def test_rule_examples(rule_id: str, text: str, fires: bool) -> None:
    rule = RULES[rule_id]
    assert rule.check(text) is fires, f"{rule_id} ({rule.reason}) on {text!r}"


def test_every_registering_module_is_listed() -> None:
    registering = set()
    for path in (ROOT / "frontwatch").rglob("*.py"):
        if path.name == "rulebook.py":
            continue
        if re.search(r"\b(?:rulebook\.)?register\(\s*\n?\s*\"[A-Z]+-", path.read_text(encoding="utf-8")):
            rel = path.relative_to(ROOT).with_suffix("")
            registering.add(".".join(rel.parts))
    assert registering <= set(rulebook.RULE_MODULES), sorted(registering - set(rulebook.RULE_MODULES))


def test_misspelt_rule_id_fails() -> None:
    with pytest.raises(KeyError):
        rulebook.rule_id("LINK-NO-SUCH-RULE")


def test_registration_validates() -> None:
    with pytest.raises(ValueError):
        rulebook.HandRule("X-1", "nowhere", "r", ("a",), ("b",), lambda t: True)
    with pytest.raises(ValueError):
        rulebook.HandRule("LINK-X", "link", "r", (), ("b",), lambda t: True)
