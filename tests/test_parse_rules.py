"""Rules read from the dependency parse, end to end through the pipeline (invented articles).

The rules' own examples run in tests/test_rulebook.py; these check that the pipeline wires them
into classification and assembly.
"""

from __future__ import annotations

from datetime import date

import pytest

from frontwatch.model import Article
from frontwatch.pipeline import analyse

pytestmark = pytest.mark.slow


def _reports(text: str):
    return analyse(Article(id="p1", text=text, published=date(2023, 5, 14), outlet="Demo Wire")).reports


def test_a_plain_took_with_a_place_object_is_typed_by_its_taker():
    reports = _reports("Philippine troops took the town of Marawi from the militants on Monday.")
    assert [(r.sub_event_type, r.place.name) for r in reports] == [("Government regains territory", "Marawi City")]


def test_took_place_is_no_capture():
    assert _reports("The talks took place in Cotabato, the Philippines, on Monday.") == []


def test_a_funeral_is_no_protest_but_a_demand_is():
    mourn = "Hundreds of residents attended the funeral of the slain mayor in Kisumu, Kenya, on Friday."
    demand = "Hundreds of residents gathered in Kisumu, Kenya, on Friday to demand the governor's resignation."
    assert not [r for r in _reports(mourn) if r.event_type == "Protests"]
    assert [r.sub_event_type for r in _reports(demand)] == ["Peaceful protest"]


def test_the_capital_of_a_story_about_a_provincial_capital_is_that_city():
    story = (
        "Malakal, the capital of Upper Nile state in South Sudan, was quiet on Monday. On Tuesday, gunmen opened "
        "fire in the capital, killing five people, officials said."
    )
    assert [r.place.name for r in _reports(story)] == ["Malakal"]
    # a story that also names the nation's capital leaves "the capital" to it
    both = (
        "Malakal, the capital of Upper Nile state in South Sudan, was quiet on Monday, officials in Juba said. "
        "On Tuesday, gunmen opened fire in the capital, killing five people, officials said."
    )
    assert [r.place.name for r in _reports(both)] == ["Juba"]
    nation = "Gunmen opened fire in the Malian capital on Tuesday, killing five people, officials said."
    assert [r.place.name for r in _reports(nation)] == ["Bamako"]
