"""Who acted and against whom: ACLED's actor1 and actor2 for one report.

actor1 is the side that acted; in violence against civilians the civilians are actor2; protesters
and rioters are the country's generic actor; a bombing is the armed group's act even where the
sentences name only the troops it hit.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from frontwatch import vocabulary
from frontwatch.events.signals import ActorSignal, SentenceSignals
from frontwatch.events.state_credit import states_acting
from frontwatch.events.unnamed_side import UNNAMED_NAME, foreign_side_named, unnamed_armed_side
from frontwatch.model import SUB_EVENT_TYPES, Actor, Span
from frontwatch.rulebook import register


def choose_actors(
    sents: Sequence[SentenceSignals],
    all_signals: Sequence[SentenceSignals],
    sub_event_type: str,
    country: str | None,
    actor_for: Callable[[str, str], Actor | None] | None,
) -> tuple[Actor | None, Actor | None, list[Span], list[Span]]:
    named: Counter[str] = Counter()
    by_name: dict[str, Actor] = {}
    spans: dict[str, list[Span]] = defaultdict(list)
    generic_state = False
    foreign = foreign_side_named(sents, country)  # ACTORS-UNNAMED-ARMED-SIDE
    for s in sents:
        for a in s.actors:
            if a.is_source or a.past:
                continue
            if a.generic:
                if a.actor.inter in (1, 8) and a.actor.name.startswith(("Military Forces", "Police Forces")):
                    pass  # "government forces" already resolved to the country's state forces
                elif a.actor.inter == 1 or a.actor.name.lower() in ("government forces", "security forces"):
                    generic_state = True
                    continue
                else:
                    continue
            named[a.actor.name] += 1
            by_name[a.actor.name] = a.actor
            spans[a.actor.name].append(s.sentence.span)
    # a group named anywhere in the article stands for "the militants" of this event
    article_groups: Counter[str] = Counter()
    for s in all_signals:
        for a in s.actors:
            if not a.generic and not a.past and a.actor.inter in (2, 3, 4, None):
                article_groups[a.actor.name] += 1
                by_name.setdefault(a.actor.name, a.actor)
    non_state = [n for n, _ in named.most_common() if by_name[n].inter not in (1, 8, 7, 6, 5)]
    named_here = bool(non_state)  # a non-state side named in the event's own sentences
    # ACTORS-OPENING-SENTENCE-STATE: the forces the event's opening sentence names before those named
    # only later ("A Russian missile struck ... Ukraine's air force said it shot down ..."); then the
    # country's own forces before foreign ones (a foreign air force is the ally, not the side)
    opening = {a.actor.name for a in sents[0].actors if not (a.is_source or a.past)} if sents else set()
    state = sorted(
        (n for n, _ in named.most_common() if by_name[n].inter in (1, 8)),
        key=lambda n: (n not in opening, by_name[n].inter != 1),
    )
    home_defends = False
    if (
        not non_state
        and not article_groups
        and country
        and any(by_name[n].inter == 8 or by_name[n].country_code not in (None, country) for n in state)
    ):
        # ACTORS-HOME-FORCES-DEFEND: a foreign state's forces acting in a country whose article names no armed
        # group fight that country's forces, where the article names them ("Russian troops took the town ...
        # Ukrainian units still hold part of it"): no unnamed side is invented
        home = next(
            (
                a.actor
                for s in all_signals
                for a in s.actors
                if not (a.past or a.is_source)
                and a.actor.inter == 1
                and a.actor.country_code == country
                and a.actor.name.startswith(("Military Forces", "Police Forces"))
            ),
            None,
        )
        if home is not None and home.name not in state:
            by_name[home.name] = home
            state.append(home.name)
            home_defends = True
    if not non_state and sub_event_type in _PERPETRATED and article_groups:
        # the troops a bomb hit are named; the group that set it is named elsewhere in the article
        non_state = [article_groups.most_common(1)[0][0]]
    if not non_state and not home_defends and _has_generic_armed(sents, country):
        if article_groups:
            non_state = [article_groups.most_common(1)[0][0]]
        elif foreign:
            # ACTORS-UNNAMED-ARMED-SIDE: the slot the invented group would take, under a name that claims no
            # country; linking reads it as compatible with any named side
            by_name[UNNAMED_NAME] = unnamed_armed_side(country)
            non_state = [UNNAMED_NAME]
        elif actor_for and country:
            # "gunmen", "militants" with no group named anywhere in the article
            unknown = actor_for("unidentified", country)
            if unknown is not None:
                by_name[unknown.name] = unknown
                non_state = [unknown.name]
    if not state and generic_state and actor_for and country:
        forces = actor_for("military", country)
        if forces is not None:
            by_name[forces.name] = forces
            state = [forces.name]
    et = SUB_EVENT_TYPES.get(sub_event_type, "")
    if not state and actor_for and et not in ("Protests", "Riots", "Strategic developments"):
        # ACTORS-STATE-BY-NAME: "clashes between X and Y", "X launched a missile attack"
        for code in dict.fromkeys(c for s in sents for c in states_acting(s.sentence.text)):
            acting = actor_for("military", code)
            if acting is not None:
                by_name[acting.name] = acting
                state.append(acting.name)
    first: str | None
    second: str | None
    if et in ("Protests", "Riots") and actor_for and country:
        # ACLED: protesters and rioters are always the generic actor of the country; the
        # police who intervene are the second side
        crowd = actor_for("protesters" if et == "Protests" else "rioters", country)
        police = [n for n in state if by_name[n].inter == 1]
        if crowd is not None:
            by_name[crowd.name] = crowd
            intervened = sub_event_type != "Peaceful protest" or et == "Riots"
            return (
                crowd,
                (by_name[police[0]] if police and intervened else None),
                [],
                spans.get(police[0] if police else "", []),
            )
    if sub_event_type == "Government regains territory" or sub_event_type == "Air/drone strike":
        first = state[0] if state else (non_state[0] if non_state else None)
        second = non_state[0] if (non_state and first != non_state[0]) else (state[1] if len(state) > 1 else None)
        civ = [n for n in named if by_name[n].inter == 7]
        if sub_event_type == "Air/drone strike" and not named_here and civ and first is not None and first != civ[0]:
            # ACTORS-STRIKE-ON-CIVILIANS: "jets bombed the village, killing five civilians": the civilians the
            # sentences name are the other side, not a group the article names elsewhere
            second = civ[0]
    elif et == "Violence against civilians":
        first = non_state[0] if non_state else (state[0] if state else None)
        civ = [n for n in named if by_name[n].inter == 7]
        second = civ[0] if civ else None
        if second is None and actor_for and country:
            c = actor_for("civilians", country)
            if c is not None:
                by_name[c.name] = c
                second = c.name
    else:
        first = non_state[0] if non_state else (state[0] if state else None)
        rest = [n for n in state + non_state if n != first]
        second = rest[0] if rest else None
    a1 = by_name.get(first) if first else None
    a2 = by_name.get(second) if second else None
    return a1, a2, spans.get(first or "", []), spans.get(second or "", [])


# words that name an armed group without saying which (actor_words_intl, column armed)
_GENERIC_ARMED = re.compile(rf"\b{vocabulary.alternation('actor_words_intl', lang='en', armed='yes')}\b", re.I)
_PERPETRATED = {
    "Suicide bomb",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Attack",
    "Abduction/forced disappearance",
    "Sexual violence",
}


def _has_generic_armed(sents: Sequence[SentenceSignals], country: str | None = None) -> bool:
    """Whether the sentences name an armed side without saying whose. A generic word a reader already resolved
    to another state's forces ("Російські війська", Russian troops, read beside the country's adjective) names
    that state: it is no unnamed side."""
    return any(
        _GENERIC_ARMED.search(s.sentence.text)
        or any(a.generic and not (a.is_source or a.past or _foreign_state_force(a, country)) for a in s.actors)
        for s in sents
    )


def _foreign_state_force(a: ActorSignal, country: str | None) -> bool:
    return (
        country is not None
        and a.actor.country_code not in (None, country)
        and a.actor.name.startswith(("Military Forces", "Police Forces"))
    )


def _strike_check(text: str) -> bool:
    """The rule's check on an example sentence set in Ruritania (code XR), with a group named elsewhere in
    the article: the strike's second side is the civilians."""
    from frontwatch.events.actors import actor_for_country, find_actors
    from frontwatch.events.signals import ActorSignal
    from frontwatch.model import Sentence

    def signals(t: str) -> SentenceSignals:
        found = find_actors(t, country_code="XR")
        return SentenceSignals(
            sentence=Sentence("x", 0, 0, len(t), t),
            actors=[ActorSignal(m.start, m.end, m.text, m.actor, m.generic) for m in found],
        )

    here, elsewhere = signals(text), signals("The Zarovka Liberation Front holds the hills.")
    _, a2, _, _ = choose_actors([here], [here, elsewhere], "Air/drone strike", "XR", actor_for_country)
    return a2 is not None and a2.inter == 7


ACTORS_STRIKE_ON_CIVILIANS = register(
    "ACTORS-STRIKE-ON-CIVILIANS",
    stage="actors",
    reason="an air strike whose sentences name only civilians as its victims has the civilians as actor2, not a group named elsewhere",
    positive=[
        "Military jets bombed the village of Zarovka on Monday, killing five civilians.",
        "Government warplanes struck a market in Zarovka, killing 12 civilians, a rescue worker said.",
    ],
    negative=[
        "Government warplanes struck positions of the Zarovka Liberation Front, killing five civilians.",
        "Military jets bombed rebel positions near Zarovka on Monday.",
    ],
    check=_strike_check,
)


def _opening_check(text: str) -> bool:
    """The rule's check on a two-sentence example in Syria: the first side of the shelling is a foreign force."""
    from frontwatch.events.actors import actor_for_country, find_actors
    from frontwatch.events.signals import ActorSignal
    from frontwatch.model import Sentence

    def signals(t: str) -> SentenceSignals:
        found = find_actors(t, country_code="SY")
        return SentenceSignals(
            sentence=Sentence("x", 0, 0, len(t), t),
            actors=[ActorSignal(m.start, m.end, m.text, m.actor, m.generic) for m in found],
        )

    sents = [signals(t.strip() + ".") for t in text.split(". ") if t.strip()]
    a1, _, _, _ = choose_actors(sents, sents, "Shelling/artillery/missile attack", "SY", actor_for_country)
    return a1 is not None and a1.inter == 8


ACTORS_OPENING_SENTENCE_STATE = register(
    "ACTORS-OPENING-SENTENCE-STATE",
    stage="actors",
    reason="the state force the event's opening sentence names acted; a home force named only in a later sentence "
    "(the air defence that shot missiles down) is not actor1",
    positive=[
        "A Turkish missile struck a fuel depot near the border overnight. Syria's air force said it had shot down two drones."
    ],
    negative=["Syrian troops and Turkish artillery shelled the village overnight. Residents said two houses burned."],
    check=_opening_check,
)


def _home_check(text: str) -> bool:
    """The rule's check: "event sentence || another sentence of the article", set in Ukraine; the capture's
    second side is Ukraine's forces."""
    from frontwatch.events.actors import actor_for_country, find_actors
    from frontwatch.events.signals import ActorSignal
    from frontwatch.model import Sentence

    def signals(t: str) -> SentenceSignals:
        found = find_actors(t, country_code="UA")
        return SentenceSignals(
            sentence=Sentence("x", 0, 0, len(t), t),
            actors=[ActorSignal(m.start, m.end, m.text, m.actor, m.generic) for m in found],
        )

    here, elsewhere = (signals(t.strip()) for t in text.split("||"))
    _, a2, _, _ = choose_actors(
        [here], [here, elsewhere], "Non-state actor overtakes territory", "UA", actor_for_country
    )
    return a2 is not None and a2.country_code == "UA" and a2.name.startswith("Military Forces")


ACTORS_HOME_FORCES_DEFEND = register(
    "ACTORS-HOME-FORCES-DEFEND",
    stage="actors",
    reason="a foreign state's forces acting in a country, in an article that names no armed group, fight that "
    "country's forces where the article names them; no unnamed armed side is invented",
    positive=[
        "Russian troops captured the village after days of fighting. || Ukrainian troops said they still held the hills."
    ],
    negative=[
        "Russian troops captured the village after days of fighting. || "
        "Russian-backed separatists said they led the assault and Ukrainian troops withdrew."
    ],
    check=_home_check,
)
