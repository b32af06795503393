"""Who acted and against whom: ACLED's actor1 and actor2 for one report.

actor1 is the side that acted; in violence against civilians the civilians are actor2; protesters
and rioters are the country's generic actor; a bombing is the armed group's act even where the
sentences name only the troops it hit.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from frontwatch import vocabulary
from frontwatch.events.rules import assaulted_post_holders
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
    context: Sequence[SentenceSignals] = (),
) -> tuple[Actor | None, Actor | None, list[Span], list[Span]]:
    """actor1, actor2 and the sentence spans naming each, for the event told by ``sents`` (its anchors);
    ``context`` are the other sentences about the same event (a claim of responsibility, a later toll)."""
    named: Counter[str] = Counter()
    by_name: dict[str, Actor] = {}
    spans: dict[str, list[Span]] = defaultdict(list)
    generic_state = False
    doers: set[str] = set()  # the sides named other than as the speaker of a verb of saying
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
            if not _speaks(s, a):
                doers.add(a.actor.name)
    # a group named anywhere in the article stands for "the militants" of this event
    article_groups: Counter[str] = Counter()
    for s in all_signals:
        for a in s.actors:
            # ACTORS-DENIER-NOT-AUTHOR: "The Pakistani Taliban denied involvement" names the group only to clear it
            if not a.generic and not a.past and a.actor.inter in (2, 3, 4, None) and not _denies(s, a):
                article_groups[a.actor.name] += 1
                by_name.setdefault(a.actor.name, a.actor)
    non_state = [n for n, _ in named.most_common() if by_name[n].inter not in (1, 8, 7, 6, 5)]
    own_groups = list(non_state)  # the non-state sides named in the event's own sentences
    named_here = bool(own_groups)
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
        elif home is not None:
            # ACTORS-TWO-STATES-FOUGHT: the home forces are already a named side ("Azerbaijani forces shelled ...,
            # killing 49 Armenian soldiers"): the two states fought each other, and a generic "its troops" is no
            # third, unnamed side; the home forces come second unless the parse has them act
            home_defends = True
            doing = {a.actor.name for s in sents for a in s.actors if a.acts and not a.generic}
            violent = SUB_EVENT_TYPES.get(sub_event_type) in ("Battles", "Explosions/Remote violence")
            if violent and home.name not in doing and any(n in doing for n in state if n != home.name):
                state.remove(home.name)
                state.append(home.name)
    if not non_state and sub_event_type in _PERPETRATED and _unclaimed([*sents, *context]):
        # ACTORS-UNCLAIMED-NOT-BORROWED: "No group claimed the attack": a group named only outside the
        # event's sentences (arrested elsewhere, fighting elsewhere) is not its author; one the event's own
        # sentences name still is ("no group claimed it, but officials blamed X"), else nobody known
        own = Counter(
            a.actor.name
            for s in context
            for a in s.actors
            if not a.generic and not a.past and a.actor.inter in (2, 3, 4, None)
        )
        if own:
            non_state = [own.most_common(1)[0][0]]
        elif actor_for and country:
            unknown = actor_for("unidentified", country)
            if unknown is not None:
                by_name[unknown.name] = unknown
                non_state = [unknown.name]
    if not non_state and sub_event_type in _PERPETRATED and article_groups:
        # the troops a bomb hit are named; the group that set it is named elsewhere in the article
        non_state = [article_groups.most_common(1)[0][0]]
    if (
        not non_state
        and not home_defends
        and _has_generic_armed(sents, SUB_EVENT_TYPES.get(sub_event_type, ""), country)
    ):
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
        # ACTORS-SPEAKING-POLICE-NOT-SIDE: ", police said" tells who reports the crowd, not who faced it
        police = [n for n in state if by_name[n].inter == 1 and n in doers]
        if crowd is not None:
            by_name[crowd.name] = crowd
            intervened = sub_event_type != "Peaceful protest" or et == "Riots"
            other = by_name[police[0]] if police and intervened else None
            if other is None and sub_event_type == "Mob violence" and _harmed(sents):
                # ACTORS-MOB-VICTIMS-CIVILIANS: a mob that kills or wounds, no force named as its target,
                # harmed civilians ("a mob beat to death a man suspected of theft")
                other = actor_for("civilians", country)
            return crowd, other, [], spans.get(police[0] if police else "", [])
    if sub_event_type == "Government regains territory" or sub_event_type == "Air/drone strike":
        first = state[0] if state else (non_state[0] if non_state else None)
        second = non_state[0] if (non_state and first != non_state[0]) else (state[1] if len(state) > 1 else None)
        civ = [n for n in named if by_name[n].inter == 7]
        if sub_event_type == "Air/drone strike" and not named_here and civ and first is not None and first != civ[0]:
            # ACTORS-STRIKE-ON-CIVILIANS: "jets bombed the village, killing five civilians": the civilians the
            # sentences name are the other side, not a group the article names elsewhere
            second = civ[0]
    elif sub_event_type in _TAKEN_UNOPPOSED and state and not named_here:
        # ACTORS-UNOPPOSED-TAKER: a place handed over or vacated is taken by the forces its sentences name
        # ("troops took over a camp vacated by peacekeepers"), not by a group the article names only elsewhere;
        # the force that left it is the other side
        first = state[0]
        second = state[1] if len(state) > 1 else None
    elif sub_event_type == "Arrests":
        # ACTORS-ARRESTER-FIRST: the state (or the de facto authority) arrests; whom it arrests is actor2
        first = state[0] if state else (non_state[0] if non_state else None)
        rest = [n for n in non_state + state[1:] if n != first]
        second = rest[0] if rest else None
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
    if first is None and second is None and et == "Battles":
        # ACTORS-CONTEXT-SIDES: a fight that nothing above gave a side ("a clash between rival bands in the
        # prison") is fought by the groups its other sentences name ("members of Los Lobos attacked inmates of
        # Los Choneros")
        sides = [
            a.actor
            for s in context
            for a in s.actors
            if not (a.generic or a.past or a.is_source) and a.actor.inter in (2, 3, 4, None)
        ]
        for side in sides:
            by_name.setdefault(side.name, side)
        names = list(dict.fromkeys(side.name for side in sides))
        first, second = (names + [None, None])[:2]
    if (
        sub_event_type == "Armed clash"
        and second is None
        and first is not None
        and by_name[first].inter not in (1, 8)
        and actor_for
        and country
        and sents
        and (holders := assaulted_post_holders(sents[0].sentence.text))
    ):
        # ACTORS-POST-HOLDERS: "gunmen attacked a police station" fought the police who hold it, where the report
        # names no other side
        forces = actor_for(holders, country)
        if forces is not None:
            by_name[forces.name] = forces
            second = forces.name
    if (
        sub_event_type in _HARM_FROM_A_CHARGE
        and not [n for n in own_groups if n != first]
        and first is not None
        and actor_for
        and country
        and by_name[first].inter != 7
        and _strike_on_civilian_site(sents)
    ):
        # ACTORS-STRIKE-ON-CIVILIAN-SITE: "a missile struck a residential building, killing four people": the people
        # a strike or a bomb on their homes, market or wedding harms are civilians, not the home army the article
        # names elsewhere, the police who report it, nor a group it names about something else
        civilians = actor_for("civilians", country)
        if civilians is not None:
            by_name[civilians.name] = civilians
            second = civilians.name
    a1 = by_name.get(first) if first else None
    a2 = by_name.get(second) if second else None
    return a1, a2, spans.get(first or "", []), spans.get(second or "", [])


# strikes from afar and charges set off among people: their second side is whom they hit
_HARM_FROM_A_CHARGE = (
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Suicide bomb",
    "Remote explosive/landmine/IED",
    "Grenade",
)
_CIVILIAN_SITE = re.compile(rf"\b{vocabulary.alternation('civilian_sites', lang='en')}\b", re.IGNORECASE)
_CIVILIAN_NOUNS = frozenset(vocabulary.terms("civilian_words", lang="en", count="yes"))
_ATTACKER_NOUNS = frozenset(vocabulary.terms("actor_words_intl", lang="en", dead_attackers="yes"))


def _strike_on_civilian_site(sents: Sequence[SentenceSignals]) -> bool:
    """Whether the strike's opening sentence names a civilian site and every count of its dead and wounded is of
    people who are not fighters ("killing four people"; no "two soldiers")."""
    if not sents or not _CIVILIAN_SITE.search(sents[0].sentence.text):
        return False
    harmed = [
        c
        for s in sents
        for c in s.counts
        # the bomber's own death is no victim ("killing 14 people" and the suicide bomber)
        if c.kind in ("killed", "wounded") and not (c.side and c.side.lower().split()[-1] in _ATTACKER_NOUNS)
    ]
    return bool(harmed) and all(c.side is None or c.side.lower() in _CIVILIAN_NOUNS for c in harmed)


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


# inter codes of the sides a generic word may name that are no armed group: state forces at home or abroad,
# rioters, protesters, civilians (ACTORS-STATE-WORDS-NO-UNNAMED-GROUP)
_NOT_ARMED_GROUP = (1, 8, 5, 6, 7)


# event types the state's forces commit alone: no second armed side is implied (a battle has two sides)
_ONE_SIDED = ("Violence against civilians", "Strategic developments")


# strategic developments in which a side takes a place or sets up in it without a fight
_TAKEN_UNOPPOSED = ("Non-violent transfer of territory", "Headquarters or base established")

# "No group claimed the attack", "nobody has claimed responsibility", "there was no immediate claim"
# (grammar words; the verb forms are attribution_verbs' forms of "claimed")
_NOBODY_CLAIMED = re.compile(
    r"\b(?:no|nobody|none)\b(?:\s+[\w-]+){0,3}?\s+(?:has\s+|have\s+|had\s+|yet\s+)*(?:"
    + vocabulary.alternation("attribution_verbs", lang="en", canonical="claimed")
    + r"|claim)\b",
    re.IGNORECASE,
)


# a verb of saying right after a mention makes it the speaker ("..., police said"; "Police told reporters")
_SAYS_AFTER = re.compile(
    r"\s+(?:" + vocabulary.alternation("attribution_verbs", lang="en", form="verb", source="before") + r")\b",
    re.IGNORECASE,
)


# a verb of denial right after a mention: the group speaks to deny ("X denied involvement", "X has rejected ...")
_DENIES_AFTER = re.compile(
    r"\s+(?:(?:has|have|had|also|quickly|swiftly|later)\s+)*(?:"
    + vocabulary.alternation("attribution_verbs", lang="en", form="verb", stance="deny")
    + r")\b",
    re.IGNORECASE,
)


def _verb_after(verbs: re.Pattern[str], s: SentenceSignals, a: ActorSignal) -> bool:
    """Whether one of ``verbs`` follows a mention right after it (the mention is that verb's subject)."""
    return verbs.match(s.sentence.text, a.end - s.sentence.start) is not None


def _denies(s: SentenceSignals, a: ActorSignal) -> bool:
    """Whether a mention is the subject of a verb of denial right after it."""
    return _verb_after(_DENIES_AFTER, s, a)


def _speaks(s: SentenceSignals, a: ActorSignal) -> bool:
    """Whether a mention is only the speaker of a verb of saying right after it."""
    return _verb_after(_SAYS_AFTER, s, a)


def _harmed(sents: Sequence[SentenceSignals]) -> bool:
    return any(c.kind in ("killed", "wounded") for s in sents for c in s.counts)


def _unclaimed(sents: Sequence[SentenceSignals]) -> bool:
    """Whether a sentence about the event says that nobody claimed it."""
    return any(_NOBODY_CLAIMED.search(s.sentence.text) for s in sents)


def _has_generic_armed(sents: Sequence[SentenceSignals], event_type: str = "", country: str | None = None) -> bool:
    """Whether the event's sentences name an armed group without saying which ("gunmen", "militants").
    In an act the state commits alone (violence against civilians, a strategic development), a generic word
    already read as state forces ("government soldiers", "the army") or as civilians is no such group: it
    must not invent an unidentified side beside the state (ACTORS-STATE-WORDS-NO-UNNAMED-GROUP). In a battle
    the unnamed other side stays: a clash has two."""
    skip = _NOT_ARMED_GROUP if event_type in _ONE_SIDED else ()
    # a speaker or a past side is no side of this event, and a generic word a reader already resolved to
    # another state's forces ("Російські війська", Russian troops, read beside the country's adjective) names
    # that state: neither is an unnamed side
    return any(
        _GENERIC_ARMED.search(s.sentence.text)
        or any(
            a.generic and a.actor.inter not in skip and not (a.is_source or a.past or _foreign_state_force(a, country))
            for a in s.actors
        )
        for s in sents
    )


def _foreign_state_force(a: ActorSignal, country: str | None) -> bool:
    return (
        country is not None
        and a.actor.country_code not in (None, country)
        and a.actor.name.startswith(("Military Forces", "Police Forces"))
    )


def example_signals(text: str, country: str, *, counts: bool = False) -> SentenceSignals:
    """One rule example as the actor checks read it: a sentence with the actors found in it for an event in
    ``country`` (the examples of the rules below), and its counts of people where a check reads them."""
    from frontwatch.events.actors import find_actors
    from frontwatch.model import Sentence
    from frontwatch.numbers.counts import find_counts

    found = find_actors(text, country_code=country)
    return SentenceSignals(
        sentence=Sentence("x", 0, 0, len(text), text),
        counts=find_counts(text) if counts else [],
        actors=[ActorSignal(m.start, m.end, m.text, m.actor, m.generic) for m in found],
    )


def _context_sides_check(text: str) -> bool:
    """The rule's check: an armed clash told by "Fifteen inmates died in a clash between rival bands in the
    prison." whose other sentence is ``text``: its sides are the groups ``text`` names."""
    here = example_signals("Fifteen inmates died in a clash between rival bands in the prison.", "XR")
    there = example_signals(text, "XR")
    a1, a2, _, _ = choose_actors([here], [here, there], "Armed clash", "XR", None, [there])
    return a1 is not None and a2 is not None


ACTORS_CONTEXT_SIDES = register(
    "ACTORS-CONTEXT-SIDES",
    stage="actors",
    reason="a fight whose sentences give it no side at all is fought by the groups its other sentences name",
    positive=["Members of the Zarovka Liberation Front attacked inmates of the Ostrava Defence Front in the prison."],
    negative=["Relatives waited outside the prison for news of the inmates."],
    check=_context_sides_check,
)


def _strike_check(text: str) -> bool:
    """The rule's check on an example sentence set in Ruritania (code XR), with a group named elsewhere in
    the article: the strike's second side is the civilians."""
    from frontwatch.events.actors import actor_for_country

    here, elsewhere = (
        example_signals(text, "XR"),
        example_signals("The Zarovka Liberation Front holds the hills.", "XR"),
    )
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


def _site_check(text: str) -> bool:
    """The rule's check on an example in Ruritania (XR) whose army is named elsewhere in the article: the
    missile strike's second side is the civilians."""
    from frontwatch.events.actors import actor_for_country

    here = example_signals(text, "XR", counts=True)
    elsewhere = example_signals("Ruritanian troops recaptured the village of Ostrava on Monday.", "XR")
    _, a2, _, _ = choose_actors([here], [here, elsewhere], "Shelling/artillery/missile attack", "XR", actor_for_country)
    return a2 is not None and a2.inter == 7


ACTORS_STRIKE_ON_CIVILIAN_SITE = register(
    "ACTORS-STRIKE-ON-CIVILIAN-SITE",
    stage="actors",
    reason="a strike from afar or a bomb on homes, a market or a wedding that harms only people who are not fighters "
    "has the civilians as actor2, not the home army or a group the article names about something else",
    positive=[
        "A Russian missile struck a residential building in Zarovka overnight, killing at least four people.",
        "Rebel artillery shelled the main market of Zarovka, killing 9 people and wounding 20.",
    ],
    negative=[
        "A Russian missile struck a residential building in Zarovka overnight, killing two soldiers.",
        "Russian artillery shelled positions near Zarovka, killing four people.",
    ],
    check=_site_check,
)


def _post_check(text: str) -> bool:
    """The rule's check on an example in Ruritania (XR): the armed clash's second side is the police."""
    from frontwatch.events.actors import actor_for_country

    here = example_signals(text, "XR")
    _, a2, _, _ = choose_actors([here], [here], "Armed clash", "XR", actor_for_country)
    return a2 is not None and a2.name.startswith("Police Forces")


ACTORS_POST_HOLDERS = register(
    "ACTORS-POST-HOLDERS",
    stage="actors",
    reason="an armed group that assaults a police station or prison fights the police holding it, where the report "
    "names no other side",
    positive=[
        "Gunmen attacked a police station in Zarovka on Monday.",
        "Armed gangs stormed the main prison in Zarovka over the weekend.",
    ],
    negative=[
        "Gunmen attacked a military base in Zarovka on Monday.",
        "Gunmen clashed with residents in Zarovka on Monday.",
    ],
    check=_post_check,
)


def _denier_check(text: str) -> bool:
    """The rule's check on a bombing in Ruritania (XR) followed by ``text``: True when the group ``text`` names is not
    made the bombing's author."""
    from frontwatch.events.actors import actor_for_country

    here = example_signals("A suicide bomber killed 14 people at a wedding in Zarovka on Tuesday.", "XR", counts=True)
    later = example_signals(text, "XR")
    a1, _, _, _ = choose_actors([here], [here, later], "Suicide bomb", "XR", actor_for_country)
    return a1 is None or "Liberation Front" not in a1.name


ACTORS_DENIER_NOT_AUTHOR = register(
    "ACTORS-DENIER-NOT-AUTHOR",
    stage="actors",
    reason="a group the article names only to say it denied involvement is not the author of an attack nobody claimed",
    positive=[
        "The Zarovka Liberation Front denied involvement.",
        "The Zarovka Liberation Front has rejected any role in the bombing.",
    ],
    negative=["The Zarovka Liberation Front claimed responsibility for the bombing."],
    check=_denier_check,
)


def _opening_check(text: str) -> bool:
    """The rule's check on a two-sentence example in Syria: the first side of the shelling is a foreign force."""
    from frontwatch.events.actors import actor_for_country

    sents = [example_signals(t.strip() + ".", "SY") for t in text.split(". ") if t.strip()]
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


def _state_words_check(text: str) -> bool:
    """The rule's check on an example sentence set in Ruritania (code XR), with no group named anywhere:
    the act of violence against civilians is the state's, not an unidentified group's."""
    from frontwatch.events.actors import actor_for_country

    sig = example_signals(text, "XR")
    a1, _, _, _ = choose_actors([sig], [sig], "Sexual violence", "XR", actor_for_country)
    return a1 is not None and a1.inter == 1


ACTORS_STATE_WORDS_NO_UNNAMED_GROUP = register(
    "ACTORS-STATE-WORDS-NO-UNNAMED-GROUP",
    stage="actors",
    reason="a generic word read as state forces ('government soldiers', 'the army') names the state as the side; "
    "it is no unnamed armed group to code as an Unidentified Armed Group",
    positive=[
        "Government soldiers raped at least 12 women near Zarovka last week, the UN mission said.",
        "Troops beat and detained three villagers in Zarovka on Monday.",
    ],
    negative=[
        "Gunmen raped at least 12 women near Zarovka last week, the UN mission said.",
        "Unknown assailants abducted three villagers in Zarovka on Monday, the army said.",
    ],
    check=_state_words_check,
)


def _unclaimed_check(text: str) -> bool:
    """The rule's check on an example set in Ruritania (code XR): the first sentence reports a bombing, the
    others speak of it, and the article names a group elsewhere; whether the bombing is not that group's."""
    from frontwatch.events.actors import actor_for_country

    event, *rest = [example_signals(t.strip() + ".", "XR") for t in text.split(". ") if t.strip()]
    elsewhere = example_signals(
        "Last week, police arrested four members of the Zarovka Liberation Front in the capital.", "XR"
    )
    a1, _, _, _ = choose_actors(
        [event], [event, *rest, elsewhere], "Remote explosive/landmine/IED", "XR", actor_for_country, rest
    )
    return a1 is not None and a1.name != "Zarovka Liberation Front"


ACTORS_UNCLAIMED_NOT_BORROWED = register(
    "ACTORS-UNCLAIMED-NOT-BORROWED",
    stage="actors",
    reason="a bombing its report says nobody claimed is not the act of a group the article names only about "
    "something else; a group the event's own sentences name is still its author, else an unidentified group",
    positive=[
        "A roadside bomb struck an army truck near Zarovka on Sunday, killing three soldiers. No group claimed the attack.",
        "A bomb hit a police patrol in Zarovka on Monday. There was no immediate claim of responsibility.",
    ],
    negative=[
        "A roadside bomb struck an army truck near Zarovka on Sunday, killing three soldiers.",
        "A bomb hit a police patrol in Zarovka on Monday. The Zarovka Liberation Front claimed the attack.",
    ],
    check=_unclaimed_check,
)


def _arrest_check(text: str) -> bool:
    """The rule's check on an example sentence set in Iraq: the arrest's actor1 is the state's forces."""
    from frontwatch.events.actors import actor_for_country

    sig = example_signals(text, "IQ")
    label = "Arrests" if "arrest" in text.lower() else "Armed clash"
    a1, _, _, _ = choose_actors([sig], [sig], label, "IQ", actor_for_country)
    return a1 is not None and a1.inter == 1


ACTORS_ARRESTER_FIRST = register(
    "ACTORS-ARRESTER-FIRST",
    stage="actors",
    reason="in an arrest the state's forces (or a de facto authority) act and the group whose members they arrest "
    "is actor2, not the other way round as in a fight",
    positive=[
        "Iraqi security forces arrested four suspected Islamic State members in Kirkuk last week.",
        "Police arrested a senior Islamic State commander in Kirkuk on Monday.",
    ],
    negative=["Islamic State fighters clashed with Iraqi security forces near Kirkuk last week."],
    check=_arrest_check,
)


def _crowd_second_side(text: str, sub_event_type: str = "Mob violence") -> Actor | None:
    """The second side of a crowd event told by one example sentence set in Ruritania (code XR)."""
    from frontwatch.events.actors import actor_for_country
    from frontwatch.numbers import find_counts

    sig = example_signals(text, "XR")
    sig.counts = find_counts(text)
    _, a2, _, _ = choose_actors([sig], [sig], sub_event_type, "XR", actor_for_country)
    return a2


ACTORS_SPEAKING_POLICE_NOT_SIDE = register(
    "ACTORS-SPEAKING-POLICE-NOT-SIDE",
    stage="actors",
    reason="police named only as the speaker of a riot report (', police said') did not face the crowd and are not its "
    "second side",
    positive=[
        "Rioters set fire to shops in the market of Zarovka on Monday, police said.",
        "Hundreds of students torched vehicles in Zarovka on Monday, police told reporters.",
    ],
    negative=[
        "Rioters threw stones at police in Zarovka on Monday, police said.",
        "Police fired tear gas at rioters who torched vehicles in Zarovka on Monday.",
    ],
    check=lambda t: (a2 := _crowd_second_side(t, "Violent demonstration")) is None or a2.inter != 1,
)

ACTORS_MOB_VICTIMS_CIVILIANS = register(
    "ACTORS-MOB-VICTIMS-CIVILIANS",
    stage="actors",
    reason="a mob that kills or wounds with no force named as its target harmed civilians: they are the second side",
    positive=[
        "A mob beat to death a man suspected of stealing cattle in Zarovka on Saturday, police said.",
        "A mob lynched two men accused of blasphemy in Zarovka on Friday.",
    ],
    negative=[
        "A mob set fire to a police station in Zarovka on Sunday and beat two officers to death.",
        "A mob set fire to shops in Zarovka on Sunday, police said.",
    ],
    check=lambda t: (a2 := _crowd_second_side(t)) is not None and a2.inter == 7,
)


def _unopposed_check(text: str) -> bool:
    """The rule's check on an example set in Mali: the first sentence tells the handover, the second names a
    group elsewhere in the article; whether the handover's actor1 is the state's forces."""
    from frontwatch.events.actors import actor_for_country

    event = example_signals(text, "ML")
    elsewhere = example_signals("Separatists of the CMA accused the army of breaking the peace deal.", "ML")
    a1, _, _, _ = choose_actors(
        [event], [event, elsewhere], "Non-violent transfer of territory", "ML", actor_for_country
    )
    return a1 is not None and a1.inter == 1


ACTORS_UNOPPOSED_TAKER = register(
    "ACTORS-UNOPPOSED-TAKER",
    stage="actors",
    reason="a place handed over or vacated is taken by the state forces its sentences name, not by a group the "
    "article names only elsewhere; a group the sentences name itself still takes it",
    positive=[
        "Malian troops and allied fighters took over a camp vacated by peacekeepers in Ber on Sunday.",
        "Soldiers and fighters moved into the town of Ber after peacekeepers handed it over on Sunday.",
    ],
    negative=["Fighters of the CMA took over a camp vacated by Malian troops in Ber on Sunday."],
    check=_unopposed_check,
)


def _home_check(text: str) -> bool:
    """The rule's check: "event sentence || another sentence of the article", set in Ukraine; the capture's
    second side is Ukraine's forces."""
    from frontwatch.events.actors import actor_for_country

    here, elsewhere = (example_signals(t.strip(), "UA") for t in text.split("||"))
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


def _two_states_check(text: str) -> bool:
    """The rule's check: an event set in Ukraine whose actor1 is Russia's forces and actor2 Ukraine's."""
    from frontwatch import nlp
    from frontwatch.events.actors import actor_for_country
    from frontwatch.events.past_actors import acts

    span = nlp.parse(text)[:]
    here = example_signals(text, "UA")
    here.actors = [dataclasses.replace(a, acts=acts(span, a.start, a.end)) for a in here.actors]
    a1, a2, _, _ = choose_actors([here], [here], "Shelling/artillery/missile attack", "UA", actor_for_country)
    return (
        a1 is not None
        and a1.country_code == "RU"
        and a2 is not None
        and a2.country_code == "UA"
        and a2.name.startswith("Military Forces")
    )


ACTORS_TWO_STATES_FOUGHT = register(
    "ACTORS-TWO-STATES-FOUGHT",
    stage="actors",
    reason="a foreign state's forces and the home state's forces both named: they fought each other, the acting one "
    "first; a generic 'troops' beside them is no third, unnamed side",
    positive=["Russian forces shelled the village, killing nine Ukrainian soldiers, and troops fired on the road."],
    negative=["Ukrainian troops shelled Russian forces near the village, and troops advanced on the road."],
    check=_two_states_check,
    needs_parse=True,
)
