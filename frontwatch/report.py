"""Readable text views of events and control timelines (for the terminal)."""

from __future__ import annotations

from collections.abc import Sequence

from frontwatch.model import ControlChange, Event


def _cut(text: str | None, width: int) -> str:
    text = text or "-"
    return text if len(text) <= width else text[: width - 1] + "…"


def events_table(events: Sequence[Event]) -> str:
    head = f"{'date':10}  {'place':22} {'type':34} {'actor1':26} {'actor2':26} {'fat':>4}  articles"
    lines = [head, "-" * len(head)]
    for e in events:
        lines.append(
            f"{e.event_date.isoformat():10}  {_cut(e.place.name, 22):22} {_cut(e.sub_event_type, 34):34} "
            f"{_cut(e.actor1.name if e.actor1 else None, 26):26} {_cut(e.actor2.name if e.actor2 else None, 26):26} "
            f"{e.fatalities:>4}  {len(e.article_ids)}"
        )
    lines.append(f"{len(events)} event(s)")
    return "\n".join(lines)


def control_table(rows: Sequence[ControlChange]) -> str:
    head = f"{'place':24} {'date':10}  {'status':30} sources"
    lines = [head, "-" * len(head)]
    for c in rows:
        lines.append(
            f"{_cut(c.place.name, 24):24} {c.day.isoformat():10}  {_cut(c.status, 30):30} {_cut('; '.join(c.sources), 60)}"
        )
    return "\n".join(lines)


def summary_text(events: Sequence[Event], control: Sequence[ControlChange], *, db: str) -> str:
    out = [f"{len(events)} event(s) in {db}", ""]
    for e in events:
        where = ", ".join(x for x in (e.place.name, e.place.admin1, e.place.country) if x)
        actors = " vs ".join(a.name for a in (e.actor1, e.actor2) if a) or "actors not named"
        out.append(f"* {e.event_date.isoformat()}  {where}  [geo {e.geo_precision}, time {e.time_precision}]")
        out.append(f"    {e.event_type} / {e.sub_event_type}: {actors}")
        fat = f"{e.fatalities}"
        if e.fatalities_high and e.fatalities_high != e.fatalities:
            fat += f" (reports range {e.fatalities_low}-{e.fatalities_high})"
        out.append(f"    fatalities coded: {fat}")
        out.append(f"    reported by: {', '.join(e.article_ids)}  ({'; '.join(e.sources)})")
        for c in e.conflicts:
            pairs = "  vs  ".join(f"{v} [{s}]" for v, s in zip(c.values, c.sources, strict=False))
            out.append(f"    DISAGREEMENT on {c.topic.replace('_', ' ')}: {pairs}")
        out.append("")
    if control:
        out.append("Control timeline:")
        for ch in control:
            out.append(f"  {ch.place.name:20} {ch.day.isoformat()}  {ch.status}")
    return "\n".join(out)
