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
from datetime import date

from frontwatch import vocabulary
from frontwatch.claims.direction import control_direction, control_extent
from frontwatch.model import UNDATED, Claim, Conflict, Report
from frontwatch.numbers.lexicon import NUMBER

_NUMERIC_TOPICS = ("fatalities", "prisoners_freed", "damage", "other")


def _who(c: Claim) -> str:
    who = f"{c.source} ({c.outlet})" if c.outlet else c.source
    # a figure read in another language says so: "Минобороны (Лента) [ru]"
    return who if c.language == "en" else f"{who} [{c.language}]"


_LOSSES = {
    level: re.compile(r"(?<![\w-])" + vocabulary.alternation("loss_phrases", level=level) + r"(?![\w-])", re.IGNORECASE)
    for level in ("none", "heavy")
}
# kept for cluster/merge.py, which imports it; new code asks numbers.is_figure about a Count
HAS_NUMBER = re.compile(rf"\d|\b{NUMBER}\b", re.IGNORECASE)


def _figure(c: Claim) -> tuple[str, bool]:
    """Whose dead a figure counts, and whether it is a real number.

    The attackers' own losses are not a rival figure for the victims' toll ("147 killed" and
    "four gunmen killed" do not disagree), and "several deaths" is no figure to dispute.
    """
    from frontwatch.claims.outlet import running_total
    from frontwatch.events.own_losses import is_own_loss, speaker_state
    from frontwatch.numbers import find_counts, is_attacker_count, is_figure, stated_value

    if running_total(c.text):
        return "running total", False  # CLAIMS-RUNNING-TOTAL-NO-RIVAL
    for count in find_counts(c.text):
        if stated_value(count) == c.value:
            side = "attackers" if is_attacker_count(count) else "victims"
            if is_own_loss(c.text, count.end) and (state := speaker_state(c.source)):
                side = f"own dead of {state}"  # NUMBERS-OWN-LOSSES-ADD: another state's own dead are no rival
            return side, is_figure(count)
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
    # one speaker saying both "captured" and "liberated" is not a disagreement
    pair = next(((a, g) for a in att for g in gov if a.source != g.source), None)
    if pair is not None:
        out.append(_control_conflict(("attacker holds", pair[0], att), ("government holds", pair[1], gov)))
    extent = [(c, control_extent(c)) for c in claims]
    partial = [c for c, e in extent if e == "partial"]
    ongoing = [c for c, e in extent if e == "ongoing"]
    # a capture or hold stated without reserve ("government troops took the town", "fully liberated")
    held = [
        c
        for c, e in extent
        if e == "full"
        or (e is None and c.stance != "deny" and (c.topic == "control" or control_direction(c) is not None))
    ]
    for label, rivals in (("only part of it", partial), ("still fought over", ongoing)):
        pair = next(((f, q) for f in held for q in rivals if f.source != q.source), None)
        if pair is not None:
            # "fully liberated" against "only the government complex" or "still fighting for the
            # town": how much is held is disputed too (rule CLAIMS-CONTROL-EXTENT)
            whole = "all of the place" if control_extent(pair[0]) == "full" else "held"
            out.append(_control_conflict((whole, pair[0], held), (label, pair[1], rivals)))
            break
    out.extend(_account_conflicts(claims))
    out.extend(_loss_conflicts(claims))
    return out


def _loss_level(text: str) -> str | None:
    for level in ("none", "heavy"):
        if _LOSSES[level].search(text):
            return level
    return None


def _loss_conflicts(claims: Sequence[Claim]) -> list[Conflict]:
    """'No soldier was lost' against another source's 'dozens of bodies' or 'heavy losses'
    (table loss_phrases; rule CLAIMS-CONFLICT-LOSSES): losses disputed without figures."""
    none = [c for c in claims if _loss_level(c.text) == "none"]
    heavy = [c for c in claims if _loss_level(c.text) == "heavy"]
    pair = next(((a, b) for a in none for b in heavy if a.source != b.source), None)
    if pair is None:
        return []
    return [
        Conflict(
            topic="losses",
            values=[f"no losses: {_short(pair[0].text)}", f"heavy losses: {_short(pair[1].text)}"],
            sources=[_who(pair[0]), _who(pair[1])],
        )
    ]


def _account_conflicts(claims: Sequence[Claim]) -> list[Conflict]:
    """Accounts that contradict each other without figures.

    A clause that answers another in the same sentence ("..., despite assertions by soldiers that
    ...": stance ``dispute``) stands against the claim it answers; a denial of the attack (not of
    a capture: control has its own conflict) stands against another source's account of it.
    """
    out: list[Conflict] = []
    for c in claims:
        if c.stance != "dispute":
            continue
        answered = [a for a in claims if a.article_id == c.article_id and a.end <= c.start and c.start - a.end <= 3]
        if answered:
            a = answered[-1]
            out.append(_account(a.topic if a.topic != "other" else "account", a, c))
    denials = [c for c in claims if c.stance == "deny" and c.topic != "control"]
    for d in denials[:1]:
        other = next(
            (
                c
                for c in claims
                if c.stance in ("assert", "self_report") and c.source != d.source and c.topic != "control"
            ),
            None,
        )
        if other is not None:
            out.append(_account("responsibility", other, d))
    return out


def _account(topic: str, first: Claim, second: Claim) -> Conflict:
    return Conflict(
        topic=topic,
        values=[f"{first.stance}: {_short(first.text)}", f"{second.stance}: {_short(second.text)}"],
        sources=[_who(first), _who(second)],
    )


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


def date_conflicts(reports: Sequence[Report]) -> list[Conflict]:
    """Reports of one event from different articles that give days one apart (rule CLAIMS-DATE-APART).

    A day's difference between outlets is often a time zone (a stamp in New Zealand or India for
    an evening event in Europe or Africa) or a dateline's filing day, so it is surfaced rather than
    silently resolved: each day with the outlets that give it, and a note saying which outlet's
    day is its own publication day (the likelier slip). Further apart is another event, and the
    linker keeps it apart; ranges and months never conflict with a day inside them, and a report
    that states no day (its date is its publication day, ``UNDATED``) gives no day to disagree with.
    """
    days: dict[date, list[Report]] = {}
    for r in reports:
        if r.event_date.precision == 1 and r.event_date.text != UNDATED:
            days.setdefault(r.event_date.day, []).append(r)
    ordered = sorted(days)
    for a, b in zip(ordered, ordered[1:], strict=False):
        firsts, seconds = days[a], days[b]
        if (b - a).days != 1 or not {r.article_id for r in firsts} ^ {r.article_id for r in seconds}:
            continue
        on_stamp = [r.outlet for r in seconds if r.published == b]
        note = (
            f" (the day {', '.join(dict.fromkeys(on_stamp))} was published: a time zone or filing day?)"
            if on_stamp
            else ""
        )
        return [
            Conflict(
                topic="date",
                values=[a.isoformat(), b.isoformat() + note],
                sources=[
                    "; ".join(dict.fromkeys(r.outlet or r.article_id for r in group)) for group in (firsts, seconds)
                ],
            )
        ]
    return []
