"""Disagreements between attributed claims about one event, kept side by side.

Figures: where claims on one topic (fatalities, prisoners freed, ...) give different values,
every value is listed with who gave it. Control: where one claim says the attacker took the
place and another says the government holds or retook it (or denies the fall), both stand; and
where one source says the whole place is held and another only part of it.
Nothing is averaged away.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from frontwatch.claims.direction import control_direction, control_extent
from frontwatch.model import Claim, Conflict

_NUMERIC_TOPICS = ("fatalities", "prisoners_freed", "damage", "other")


def _who(c: Claim) -> str:
    who = f"{c.source} ({c.outlet})" if c.outlet else c.source
    # a figure read in another language says so: "Минобороны (Лента) [ru]"
    return who if c.language == "en" else f"{who} [{c.language}]"


_ATTACKER_SIDE = re.compile(
    r"\b(gunmen|attackers?|militants?|fighters|bombers?|insurgents?|assailants?|jihadists?|rebels?|terrorists?|"
    r"mujahedeen|mujahideen|enemy)\b",
    re.IGNORECASE,
)


HAS_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen)\b",
    re.IGNORECASE,
)


def _figure(c: Claim) -> tuple[str, bool]:
    """Whose dead a figure counts, and whether it is a real number.

    The attackers' own losses are not a rival figure for the victims' toll ("147 killed" and
    "four gunmen killed" do not disagree), and "several deaths" is no figure to dispute.
    """
    from frontwatch.numbers import find_counts, stated_value

    for count in find_counts(c.text):
        if stated_value(count) == c.value:
            side = "attackers" if count.side and _ATTACKER_SIDE.search(count.side) else "victims"
            return side, bool(HAS_NUMBER.search(count.text))
    return "victims", True


def conflicts_of(claims: Sequence[Claim]) -> list[Conflict]:
    out: list[Conflict] = []
    for topic in _NUMERIC_TOPICS:
        valued = [c for c in claims if c.topic == topic and c.value is not None]
        by_side: dict[str, list[Claim]] = {}
        for c in valued:
            side, numeric = _figure(c)
            if numeric:
                by_side.setdefault(side if topic == "fatalities" else "all", []).append(c)
        for group in by_side.values():
            values: dict[int, list[str]] = {}
            for c in group:
                who = _who(c)
                values.setdefault(int(c.value or 0), [])
                if who not in values[int(c.value or 0)]:
                    values[int(c.value or 0)].append(who)
            if len(values) >= 2:
                ordered = sorted(values)
                out.append(
                    Conflict(
                        topic=topic,
                        values=[str(v) for v in ordered],
                        sources=["; ".join(values[v]) for v in ordered],
                    )
                )
    gov = [c for c in claims if control_direction(c) == "government"]
    att = [c for c in claims if control_direction(c) == "attacker"]
    if gov and att:
        out.append(_control_conflict(("attacker holds", att[0], att), ("government holds", gov[0], gov)))
    full = [c for c in claims if control_extent(c) == "full"]
    partial = [c for c in claims if control_extent(c) == "partial"]
    pair = next(((f, q) for f in full for q in partial if f.source != q.source), None)
    if pair is not None:
        # "fully liberated" against "only the government complex": how much is held is disputed too
        out.append(_control_conflict(("all of the place", pair[0], full), ("only part of it", pair[1], partial)))
    return out


def _control_conflict(*sides: tuple[str, Claim, list[Claim]]) -> Conflict:
    """One control disagreement: per side, its label, the claim quoted and everyone who says so."""
    return Conflict(
        topic="control",
        values=[f"{label}: {_short(quoted.text)}" for label, quoted, _ in sides],
        sources=["; ".join(dict.fromkeys(_who(c) for c in group)) for _, _, group in sides],
    )


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
