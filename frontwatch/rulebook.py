"""The registry of hand rules: each has an id, a one-line reason and example sentences.

A hand rule is any decision that is not learnt (a classification prior, an assembly or linking
condition, a control or claims rule). Registering it here gives it

- an **id** (``STAGE-NAME``, e.g. ``LINK-FAMILY-CONTROL``) that the code cites where the rule
  fires, so stored merge reasons and warnings name the rules behind them;
- a **reason**, one line, saying why the rule exists;
- at least one **positive** and one **negative** example and a ``check`` callable that says
  whether the rule fires on an example. ``tests/test_rulebook.py`` runs every rule on its
  examples in one parametrised test, so a rule that stops doing what its examples say fails.

Ids are validated when they are cited (``rule_id("...")``), so a misspelt id fails at import of
the module that cites it, not silently at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

STAGES = (
    "classify",
    "assemble",
    "link",
    "merge",
    "control",
    "claims",
    "dates",
    "places",
    "actors",
    "numbers",
    "ingest",
)


@dataclass(frozen=True)
class HandRule:
    id: str
    stage: str
    reason: str
    positive: tuple[str, ...]
    negative: tuple[str, ...]
    # whether the rule fires on one example text; the test calls it on every example
    check: Callable[[str], bool]
    # examples whose check needs the spaCy parse (the test marks them slow)
    needs_parse: bool = False

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ValueError(f"rule {self.id}: unknown stage {self.stage!r}")
        if not self.id.upper().startswith(self.stage.upper() + "-"):
            raise ValueError(f"rule {self.id}: its id must start with {self.stage.upper()}-")
        if not self.reason.strip() or "\n" in self.reason.strip():
            raise ValueError(f"rule {self.id}: the reason must be one line")
        if not self.positive or not self.negative:
            raise ValueError(f"rule {self.id}: needs at least one positive and one negative example")


REGISTRY: dict[str, HandRule] = {}


def register(
    rule_id: str,
    *,
    stage: str,
    reason: str,
    positive: tuple[str, ...] | list[str],
    negative: tuple[str, ...] | list[str],
    check: Callable[[str], bool],
    needs_parse: bool = False,
) -> str:
    """Register a hand rule and return its id (so ``X = register("...", ...)`` names it in code)."""
    if rule_id in REGISTRY:
        raise ValueError(f"rule {rule_id} registered twice")
    REGISTRY[rule_id] = HandRule(rule_id, stage, reason, tuple(positive), tuple(negative), check, needs_parse)
    return rule_id


def rule_id(rule_id: str) -> str:
    """A registered rule's id, or ``KeyError`` at once for an id nobody registered."""
    if rule_id not in REGISTRY:
        raise KeyError(f"unknown hand rule {rule_id!r}")
    return rule_id


def load_all() -> dict[str, HandRule]:
    """Import every module that registers rules, then return the registry.

    Modules register at import; this list is the one place that knows which they are.
    """
    import importlib

    for module in RULE_MODULES:
        importlib.import_module(module)
    return REGISTRY


# Every module that calls ``register``; tests/test_rulebook.py asserts none is missing.
RULE_MODULES: tuple[str, ...] = (
    "frontwatch.claims.attribution",
    "frontwatch.claims.direction",
    "frontwatch.claims.outlet",
    "frontwatch.claims.rules",
    "frontwatch.claims.source_span",
    "frontwatch.claims.sources",
    "frontwatch.claims.topics",
    "frontwatch.cluster.link",
    "frontwatch.cluster.merge",
    "frontwatch.control.rules",
    "frontwatch.dates.page",
    "frontwatch.events.anchors",
    "frontwatch.events.capture_parse",
    "frontwatch.events.clauses",
    "frontwatch.events.event_words",
    "frontwatch.events.group_report",
    "frontwatch.events.headline",
    "frontwatch.events.listed_places",
    "frontwatch.events.named_forces",
    "frontwatch.events.non_events",
    "frontwatch.events.own_losses",
    "frontwatch.events.past_actors",
    "frontwatch.events.places",
    "frontwatch.events.raids",
    "frontwatch.events.rules",
    "frontwatch.events.sides",
    "frontwatch.events.state_credit",
    "frontwatch.events.timing",
    "frontwatch.geo.airports",
    "frontwatch.geo.build",
    "frontwatch.events.unnamed_side",
    "frontwatch.geo.headlines",
    "frontwatch.geo.loose",
    "frontwatch.geo.recognize",
    "frontwatch.geo.resolve",
    "frontwatch.geo.seats",
    "frontwatch.lang.rules",
    "frontwatch.numbers.counts",
)
