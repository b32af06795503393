"""The claims stage's hand rules, registered with ids, reasons and invented examples.

Each check runs the real code path on one example (``find_claims`` with or without the parse,
``classify``, ``conflicts_of``), so an example that stops behaving fails tests/test_rulebook.py.
The ids are cited in comments where each rule fires.
"""

from __future__ import annotations

from collections.abc import Sequence

from frontwatch import rulebook
from frontwatch.claims.attribution import find_attributions
from frontwatch.claims.direction import control_extent
from frontwatch.claims.topics import classify, stance
from frontwatch.model import Claim, Sentence


def _claims(text: str, *, parse: bool = False) -> list[Claim]:
    from frontwatch.claims import find_claims

    if parse:
        from frontwatch import nlp

        doc = nlp.parse(text)
        sentences = nlp.sentences("rule", text, doc)
        return find_claims(sentences, article_id="rule", outlet="Example Post", doc=doc)
    sentence = Sentence("rule", 0, 0, len(text), text)
    return find_claims([sentence], article_id="rule", outlet="Example Post", text=text)


def _sources(text: str) -> list[str]:
    return [a.source for a in find_attributions(text, base=0)]


def _conflict_topics(*texts: str) -> list[str]:
    from frontwatch.cluster.conflicts import conflicts_of

    claims = []
    for i, t in enumerate(texts):
        claims.extend(_claims(t))
        for c in claims[-1:]:
            c.article_id = f"a{i}"
    return [c.topic for c in conflicts_of(claims)]


rulebook.register(
    "CLAIMS-VERB-TABLE",
    stage="claims",
    reason="speech verbs, their forms and stances come from one table (mentioned, are claiming, toll phrases)",
    positive=[
        "The regional governor mentioned that 14 people had died in Zarovka.",
        "Rebel commanders are claiming that they hold the bridge at Zarovka.",
        "The health ministry raised the death toll to 36 on Sunday.",
    ],
    negative=[
        "Rebels were reported to be moving towards Zarovka.",
        "The governor called for calm in Zarovka.",
    ],
    check=lambda t: bool(_sources(t)),
)

rulebook.register(
    "CLAIMS-TOLL-PHRASE-MODIFIER",
    stage="claims",
    reason="a toll phrase may carry words of its own before the noun ('put the soldiers' death toll at'); "
    "the table lists each verb and noun once, not every modifier",
    positive=[
        "A local official, who asked not to be named, put the soldiers' death toll at more than 40.",
        "The provincial council raised the official toll to 31 on Monday.",
    ],
    negative=["The governor put the blame on the rebels at a news conference."],
    check=lambda t: any("toll" in c.verb for c in _claims(t)),
)

rulebook.register(
    "CLAIMS-NOBODY-SOURCE",
    stage="claims",
    reason="'No group claimed the attack' says nobody spoke: a phrase that names nobody is no source",
    positive=["No group immediately claimed the attack on the convoy near Zarovka."],
    negative=["One group immediately claimed the attack on the convoy near Zarovka."],
    check=lambda t: not _sources(t),
)

rulebook.register(
    "CLAIMS-PARTICIPLE-ADJ-SUBJECT",
    stage="claims",
    reason="an -ing/-ed adjective before a source's head is part of the source ('the retreating troops said')",
    positive=[
        "The retreating troops said they had no water.",
        "Two exhausted soldiers said their unit had been encircled.",
    ],
    negative=["Fighting continued in Zarovka, residents said nothing."],
    check=lambda t: any(w in " ".join(_sources(t)).lower() for w in ("retreating", "exhausted")),
)

rulebook.register(
    "CLAIMS-NOUN-BY",
    stage="claims",
    reason="'assertions / allegations by X that ...' attributes the that-clause to X",
    positive=["The pullback was orderly, despite assertions by exhausted soldiers that their unit suffered losses."],
    negative=["The pullback was orderly, despite the loss of the bridge to the rebels."],
    check=lambda t: any("soldiers" in s for s in _sources(t)),
)

rulebook.register(
    "CLAIMS-CONTRARY-CLAUSE",
    stage="claims",
    reason="a second source's clause opened by 'despite' or 'contrary to' disputes the first source's clause",
    positive=[
        'President Orlov said the withdrawal was "planned and orderly," despite assertions by exhausted '
        "soldiers that their forces suffered heavy losses."
    ],
    negative=["President Orlov said the withdrawal was planned, while the army said it lost two tanks."],
    check=lambda t: any(c.stance == "dispute" for c in _claims(t)),
)

rulebook.register(
    "CLAIMS-PARTICIPLE-SPEAKER",
    stage="claims",
    reason="'X played it down, saying ...': the speaker of a participle is the governing clause's subject (parse)",
    positive=["President Ivan Orlov sought to play down the loss of Zarovka, saying the pullback was orderly."],
    negative=["The shelling went on through the night, saying nothing of the losses."],
    check=lambda t: any("Orlov" in c.source and c.verb == "said" for c in _claims(t, parse=True)),
    needs_parse=True,
)

rulebook.register(
    "CLAIMS-RELATIVE-SCOPE",
    stage="claims",
    reason="a speech verb inside a relative clause vouches for that clause only; the main clause's toll is the outlet's",
    positive=[
        "Gunmen killed seven people in a coordinated assault on the army headquarters that a Ruritanian "
        "ambassador said was a terrorist attack."
    ],
    negative=["A Ruritanian ambassador said gunmen killed seven people in an assault on the army headquarters."],
    check=lambda t: any(c.source == "Example Post" and c.value == 7 for c in _claims(t, parse=True)),
    needs_parse=True,
)

rulebook.register(
    "CLAIMS-VALUE-TOLL",
    stage="claims",
    reason="a claim's value is its largest stated figure of the dead, never a vague word when a figure is given",
    positive=[
        "The blasts caused many casualties including fatalities, at least 30 according to the interior ministry.",
        "The woman died in an ambulance. At the moment, 13 people have died, the minister said.",
    ],
    negative=["The blasts caused many casualties, the interior ministry said."],
    check=lambda t: classify(t).value in (30, 13),
)

rulebook.register(
    "CLAIMS-DENIAL-FORMS",
    stage="claims",
    reason="a statement called 'not correct', 'baseless' or 'false' is denied without the verb deny",
    positive=[
        'Colonel Ivan Dal told reporters the statement was "not correct".',
        "The ministry said the reports of a strike on the market were false.",
    ],
    negative=["The ministry said the strike on the market killed 12 people."],
    check=lambda t: stance(text=t, verb="said", source_type="government", topic=classify(t)) == "deny",
)

rulebook.register(
    "CLAIMS-CONTROL-EXTENT",
    stage="claims",
    reason="a source saying a place is held only in part or still fought over (table partial_control)",
    positive=[
        "Army officers said they controlled only a few neighbourhoods of Zarovka.",
        "The rebels said they held most of the city.",
        "Officials said troops had taken every building except the barracks.",
        "Ruritanian officials reported heavy fighting for the town.",
    ],
    negative=["The president said the town of Zarovka had been fully liberated."],
    check=lambda t: control_extent(Claim(source="x", text=t, topic="control")) in ("partial", "ongoing"),
)

rulebook.register(
    "CLAIMS-CONFLICT-HELD-VS-FIGHTING",
    stage="claims",
    reason="'X took the town' against another source's 'still fighting for it' is a control disagreement",
    positive=[
        "President Orlov said government troops took Zarovka. | A council spokesman said mopping-up was going on."
    ],
    negative=["President Orlov said government troops took Zarovka. | A council spokesman said the flag was raised."],
    check=lambda t: "control" in _conflict_topics(*t.split(" | ")),
)

rulebook.register(
    "CLAIMS-CONFLICT-DENIAL",
    stage="claims",
    reason="a denial of the attack by one source stands against another source's account of it",
    positive=[
        "Rescuers said jets struck the market in Zarovka. | The defence ministry denied that its aircraft struck the market."
    ],
    negative=[
        "Rescuers said jets struck the market in Zarovka. | The defence ministry said its aircraft struck the market."
    ],
    check=lambda t: "responsibility" in _conflict_topics(*t.split(" | ")),
)

rulebook.register(
    "CLAIMS-PRONOUN-OWN-SUBJECT",
    stage="claims",
    reason="a pronoun speaker after its own sentence's subject ('the army expelled fighters it said ...') is that subject",
    positive=[
        "Colonel Ivan Dal met the families. The Ruritanian Army has expelled a number of fighters it said were "
        "guilty of looting."
    ],
    negative=["Colonel Ivan Dal met the families. The fighters were guilty of looting, he said."],
    check=lambda t: any(c.source == "The Ruritanian Army" for c in _claims(t, parse=True)),
    needs_parse=True,
)

rulebook.register(
    "CLAIMS-COUNT-OF",
    stage="claims",
    reason="'according to the latest toll of X' names X as the source, not the toll",
    positive=["The strike killed 23 people, according to the latest toll of the Ruritanian Monitoring Group."],
    negative=["The strike killed 23 people, according to the latest toll."],
    check=lambda t: any("Monitoring Group" in s for s in _sources(t)),
)

rulebook.register(
    "CLAIMS-UNWRAP",
    stage="claims",
    reason="single line breaks of hard-wrapped wire copy are layout, not sentence ends",
    positive=[
        "ZAROVKA (Wire) - Rebel fighters shelled the eastern town of Zarovka\n"
        "overnight, killing 12 civilians and wounding dozens more, the regional\n"
        "governor said on Tuesday, adding that rescue teams were searching the\n"
        "ruins of several apartment blocks in the centre of the eastern town.\n"
        "Officials said the shelling was the heaviest in the region this year.\n"
    ],
    negative=["Blast in Zarovka\nTwelve dead\nOfficials blame rebels\nCurfew declared\nSchools shut\n"],
    check=lambda t: _unwrapped(t),
)


def _unwrapped(text: str) -> bool:
    from frontwatch import nlp

    return nlp.unwrap(text) != text


rulebook.register(
    "CLAIMS-DATE-APART",
    stage="claims",
    reason="two outlets' reports of one event a day apart are a date disagreement (often a time zone)",
    positive=["2024-03-02 Ruritania Today | 2024-03-03 Southern Cross Post"],
    negative=[
        "2024-03-02 Ruritania Today | 2024-03-02 Southern Cross Post",
        "2024-03-02 Ruritania Today | 2024-03-09 Post",
    ],
    check=lambda t: bool(_date_conflicts(t)),
)


def _date_conflicts(text: str) -> Sequence[object]:
    """'DAY OUTLET | DAY OUTLET': one report per part, each from its own article published that day."""
    from datetime import date

    from frontwatch.cluster.conflicts import date_conflicts
    from frontwatch.model import EventDate, Place, Report

    reports = []
    for k, part in enumerate(text.split(" | ")):
        day, outlet = part.split(" ", 1)
        d = date.fromisoformat(day)
        reports.append(
            Report(
                article_id=f"a{k}",
                event_date=EventDate(day=d),
                event_type="Battles",
                sub_event_type="Armed clash",
                place=Place(name="Zarovka", lat=0.0, lon=0.0),
                outlet=outlet,
                published=d,
            )
        )
    return date_conflicts(reports)


rulebook.register(
    "CLAIMS-TOPIC-EVERY-FIGURE",
    stage="claims",
    reason="a claim giving the wounded, or deaths without a figure, has that topic rather than 'other'",
    positive=["Dr Ivan Dal said 20 people were badly wounded.", "The guards said civilians had been killed."],
    negative=["The governor said the road to Zarovka was closed."],
    check=lambda t: classify(t).topic in ("injuries", "fatalities"),
)

rulebook.register(
    "CLAIMS-CONFLICT-LOSSES",
    stage="claims",
    reason="one source's 'no losses' against another's 'heavy losses' or 'dozens of bodies' is a disagreement",
    positive=[
        "The defence ministry said no soldier was lost in the withdrawal. | Medics said they saw dozens of bodies."
    ],
    negative=["The defence ministry said no soldier was lost in the withdrawal. | Medics said the road was closed."],
    check=lambda t: "losses" in _conflict_topics(*t.split(" | ")),
)
