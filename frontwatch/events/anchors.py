"""Which sentences may open an event, and which place names in them are where it happened.

Hand rules of event assembly, each registered in ``frontwatch.rulebook`` with its examples.
The word lists they read are the vocabulary tables ``crowd_words``, ``place_modifiers_after``
and ``place_metonymy`` (``frontwatch/data/vocab``); nothing here keeps a list of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from frontwatch import vocabulary
from frontwatch.events.timing import MONTH_NAME
from frontwatch.model import SUB_EVENT_TYPES, EventDate
from frontwatch.numbers.values import VAGUE
from frontwatch.rulebook import register

# A fixed reference day for the examples' relative dates ("on Monday").
_EXAMPLE_DAY = date(2031, 5, 14)

# --- a protest needs a crowd or a demand ------------------------------------------------------

# the rows that show a crowd or a cause ("students" alone shows neither: only as who clashes, events.rules)
_CROWD = re.compile(rf"\b{vocabulary.alternation('crowd_words', lang='en', shows=('crowd', 'cause'))}\b", re.IGNORECASE)
_CROWD_TYPES = {"Protests", "Riots"}


# ASSEMBLE-CROWD-BY-SIZE: a crowd-sized vague amount ("hundreds", "thousands"; the numbers stage's vague words
# worth ten or more) of people ("hundreds of students", "thousands of residents") is a crowd
_PEOPLE = "|".join(
    (
        vocabulary.alternation("crowd_words", lang="en", clashes="yes"),
        vocabulary.alternation("civilian_words", lang="en", count="yes"),
    )
)
_CROWD_SIZED = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w, n in sorted(VAGUE.items(), key=lambda x: -len(x[0])) if n >= 10
    )
    + rf")\s+(?:of\s+)?(?:[a-z-]+\s+)?(?:{_PEOPLE})\b",
    re.IGNORECASE,
)


def lacks_crowd(label: str, text: str) -> bool:
    """A protest or riot label on a sentence that names no crowd and no demand ("the attack in
    the city killed 27", "the president declared a curfew"): the classifier's guess, not a protest.
    A crowd-sized number of people ("hundreds of students hurled stones") names a crowd (ASSEMBLE-CROWD-BY-SIZE)."""
    if SUB_EVENT_TYPES.get(label) not in _CROWD_TYPES:
        return False
    return _CROWD.search(text) is None and _CROWD_SIZED.search(text) is None


ASSEMBLE_PROTEST_NEEDS_CROWD = register(
    "ASSEMBLE-PROTEST-NEEDS-CROWD",
    stage="assemble",
    reason="a protest or riot is a crowd with a cause: a sentence naming neither does not open one",
    positive=[
        "The president of Ruritania declared a curfew in Zarovka on Monday.",
        "The attack in Zarovka today killed at least 20 people.",
    ],
    negative=[
        "Thousands of demonstrators marched through Zarovka on Monday.",
        "Police fired tear gas at supporters of the jailed mayor in Zarovka.",
    ],
    check=lambda t: lacks_crowd("Peaceful protest", t),
)

ASSEMBLE_CROWD_BY_SIZE = register(
    "ASSEMBLE-CROWD-BY-SIZE",
    stage="assemble",
    reason="hundreds or thousands of people are a crowd: a riot or protest sentence that counts its people so "
    "names one, though 'students' or 'residents' alone do not",
    positive=[
        "In Zarovka, hundreds of students hurled stones at police and torched vehicles on Monday.",
        "Thousands of angry residents blocked the main road into Zarovka on Monday.",
    ],
    negative=[
        "In Zarovka, students hurled stones at police on Monday.",
        "Hundreds of homes were torched in Zarovka on Monday.",
    ],
    check=lambda t: _CROWD.search(t) is None and _CROWD_SIZED.search(t) is not None,
)

# --- "since March 3" opens a period --------------------------------------------------------------

_WHEN_AFTER = re.compile(r"\s*(?:,\s*)?when\b", re.IGNORECASE)
_SINCE_BEFORE = re.compile(r"\b(?:since|from)\s+(?:early\s+|late\s+|mid-?\s*)?$", re.IGNORECASE)
# "since the military seized power in February 2021": a since-clause dated to a month opens a period too
_SINCE_CLAUSE = re.compile(
    r"\bsince\s+(?:the|its|their|his|her|a|an)\s[^,;.()]{0,60}?\b(?:in|of)\s+(?:early\s+|late\s+|mid-?\s*)?$",
    re.IGNORECASE,
)


def opens_period(sentence_text: str, sentence_start: int, d: EventDate) -> bool:
    """Whether a date is the start of a period ("fighting since September 27", "from March")."""
    if d.start is None:
        return False
    before = sentence_text[max(0, d.start - sentence_start - 20) : d.start - sentence_start]
    after = sentence_text[d.end - sentence_start :] if d.end is not None else ""
    if d.precision == 3 and _SINCE_CLAUSE.search(
        sentence_text[max(0, d.start - sentence_start - 90) : d.start - sentence_start]
    ):
        return _WHEN_AFTER.match(after) is None
    # "under rebel control since April 12, when they seized the town": the when-clause is that day's event
    return _SINCE_BEFORE.search(before) is not None and _WHEN_AFTER.match(after) is None


def period_summary(sentence_text: str, sentence_start: int, dates: Sequence[EventDate]) -> bool:
    """A sentence whose every date opens a period sums up a war ("the two countries have been at
    war since September 27", "fighting that has killed 5,000 since April"): background, no event."""
    return bool(dates) and all(opens_period(sentence_text, sentence_start, d) for d in dates)


def _period_check(text: str) -> bool:
    from frontwatch.dates import find_dates

    return period_summary(text, 0, find_dates(text, _EXAMPLE_DAY))


ASSEMBLE_SINCE_PERIOD = register(
    "ASSEMBLE-SINCE-PERIOD",
    stage="assemble",
    reason="'since DATE' opens a period: a sentence dated only so sums up a war, it does not report a new incident",
    positive=[
        "Ruritania and Borduria have been at war since March 3.",
        "The fighting has killed more than 900 people since May 2.",
        "Zarovka has been a centre of armed resistance since the military seized power in February 2029.",
    ],
    negative=[
        "Rebels shelled Zarovka on March 3.",
        "The town has been quiet since April, but on Monday militants attacked it.",
        "The town had been under rebel control since March 3, when they seized the police station.",
        "Since the rebels left, the army has retaken Zarovka on March 3.",
    ],
    check=_period_check,
)

# --- an agreement is where it was reached ------------------------------------------------------


def agreement_without_place(label: str, names_place: bool) -> bool:
    """An agreement a sentence does not place ("a ceasefire came into force on Friday") is not
    located at whatever town the article last named: ACLED codes it where it was reached."""
    return label == "Agreement" and not names_place


def _agreement_check(text: str) -> bool:
    return agreement_without_place("Agreement", re.search(r"\b(?:in|at)\s+[A-Z]\w+", text) is not None)


ASSEMBLE_AGREEMENT_OWN_PLACE = register(
    "ASSEMBLE-AGREEMENT-OWN-PLACE",
    stage="assemble",
    reason="an agreement is coded where it was reached: one whose sentence names no place is not put at the last town",
    positive=["The two sides agreed to a ceasefire on Friday.", "A truce came into force on November 10."],
    negative=["At talks held in Zarovka on Friday, the two sides agreed to a ceasefire."],
    check=_agreement_check,
)

# --- no place across a change of date ----------------------------------------------------------

ASSEMBLE_NO_PLACE_ACROSS_DATES = register(
    "ASSEMBLE-NO-PLACE-ACROSS-DATES",
    stage="assemble",
    reason="a sentence dated to another day than the incident last placed names a different story: it takes no place from it",
    positive=["Talks were held in Zarovka on May 12. Clashes first erupted on March 3."],
    negative=[
        "Rebels shelled Zarovka on May 12. The shelling on May 12 killed four people.",
        "Rebels left Zarovka on May 12. The town had been under their control since March 3, when they seized it.",
    ],
    check=lambda t: _dates_differ(t),
)


def _dates_differ(text: str) -> bool:
    from frontwatch.dates import find_dates

    first, _, second = text.partition(". ")
    a, b = find_dates(first, _EXAMPLE_DAY), find_dates(second, _EXAMPLE_DAY)
    return bool(a and b) and other_day(a[-1], b[0], second)


# "the city", "the town", "there": the sentence points back at the place last named
_POINTS_BACK = re.compile(
    rf"\b(?:the|this|that)\s+{vocabulary.alternation('place_words', lang='en', points_back='yes')}\b|\bthere\b", re.I
)


def other_day(own: EventDate | None, context: EventDate | None, text: str = "") -> bool:
    """Whether a sentence's own day differs from the day of the incident it would borrow a place
    from, and it does not point back at that place ("the city, which rebels seized on April 12")."""
    return (
        _POINTS_BACK.search(text) is None
        and own is not None
        and context is not None
        and own.precision == 1
        and context.precision == 1
        and own.day != context.day
    )


# --- place names that are not where it happened ---------------------------------------------

_MOD_WORDS = vocabulary.alternation("place_modifiers_after", kind="road")
_MOD_OTHER = "|".join(
    vocabulary.alternation("place_modifiers_after", kind=k) for k in ("outlet", "water_or_land", "document")
)
_MODIFIER_AFTER = re.compile(
    rf"^(?:(?:[-–]\w[\w\s]*?)?\s*{_MOD_WORDS}|\s*(?:{_MOD_OTHER})|[-–]{vocabulary.alternation('place_modifiers_after', kind='suffix')})\b",
    re.IGNORECASE,
)


def is_modifier(after: str) -> bool:
    """Whether the words after a place name make it part of another thing: "the X-Y highway",
    "the X Times", "the X Sea", "the X Conventions", "X-backed fighters"."""
    return _MODIFIER_AFTER.search(after) is not None


PLACES_MODIFIER_NAME = register(
    "PLACES-MODIFIER-NAME",
    stage="places",
    reason="a place name inside the name of a road, outlet, water body, document or an 'X-backed' ally is not where it happened",
    positive=[" Sea port city of Zarovka", ' Conventions," the president wrote', "-backed fighters looted the town"],
    negative=[" on Monday, killing four", ", the provincial capital"],
    check=is_modifier,
)

_ACCUSE_BEFORE = re.compile(rf"\b{vocabulary.alternation('place_metonymy', position='before')}\s+$", re.IGNORECASE)
_ACTING_AFTER = re.compile(
    rf"^[’']s\s+(?:\w+\s+)?{vocabulary.alternation('place_metonymy', position='after')}\b", re.IGNORECASE
)


def acts_as_actor(before: str, after: str) -> bool:
    """A capital or country named as the one who acts ("accuses Ostrava of shelling", "Ostrava's
    battle with insurgents"): a government, not where the event happened."""
    return _ACCUSE_BEFORE.search(before) is not None or _ACTING_AFTER.search(after) is not None


PLACES_CITY_AS_ACTOR = register(
    "PLACES-CITY-AS-ACTOR",
    stage="places",
    reason="a capital named as the one who acts ('accuses X of', 'X's battle') stands for its government",
    positive=["The ministry accuses |Ostrava| of shelling villages.", "It marks an escalation in |Ostrava|'s battle."],
    negative=["Rebels shelled |Ostrava| on Monday.", "Residents of |Ostrava|'s old town fled."],
    check=lambda t: acts_as_actor(t.split("|")[0], t.split("|")[2]),
)


# --- a named month is its own story, unless it names the group's very day ----------------------


def named_month_apart(day: EventDate | None, group_day: EventDate | None, group_explicit: bool) -> bool:
    """A date naming a month ("the rebels took the town in May") is its own, background event,
    unless the group is dated to that month or to that very day ("on November 20" twice)."""
    if day is None or not MONTH_NAME.search(day.text):
        return False
    if group_explicit and group_day is not None:
        if group_day.precision == 3:
            return False
        if group_day.precision == 1 and day.precision == 1 and group_day.day == day.day:
            return False
    return True


def _month_check(text: str) -> bool:
    from frontwatch.dates import find_dates

    first, _, second = text.partition(". ")
    a, b = find_dates(first, _EXAMPLE_DAY), find_dates(second, _EXAMPLE_DAY)
    return named_month_apart(b[0] if b else None, a[0] if a else None, bool(a))


ASSEMBLE_NAMED_MONTH_APART = register(
    "ASSEMBLE-NAMED-MONTH-APART",
    stage="assemble",
    reason="a sentence naming another month tells an earlier story; one naming the group's own day is the same incident",
    positive=["Troops entered Zarovka on May 12. Rebels had taken the town in March."],
    negative=["Troops entered Zarovka on May 12. On May 12 the last rebels left Zarovka."],
    check=_month_check,
)


# --- a killing of protesters read without its crowd --------------------------------------------

_EXCESSIVE = "Excessive force against protesters"


def protesters_shot(label: str, group_labels: Sequence[str]) -> bool:
    """An Attack on civilians beside a group already coded Excessive force against protesters is
    that shooting, read without its crowd ("most of the dead on Friday had bullet wounds")."""
    return SUB_EVENT_TYPES.get(label) == "Violence against civilians" and _EXCESSIVE in group_labels


ASSEMBLE_SHOOTING_AT_PROTESTERS = register(
    "ASSEMBLE-SHOOTING-AT-PROTESTERS",
    stage="assemble",
    reason="a killing read as an attack on civilians beside police firing on protesters at that place is the same incident",
    positive=["Attack | Excessive force against protesters, Peaceful protest"],
    negative=["Attack | Armed clash", "Air/drone strike | Excessive force against protesters"],
    check=lambda t: protesters_shot(t.split(" | ")[0], t.split(" | ")[1].split(", ")),
)


# --- a change of territory needs a verb of control -------------------------------------------

_TERRITORY = {
    "Non-state actor overtakes territory",
    "Government regains territory",
    "Non-violent transfer of territory",
}
# rows with an empty direction are phrases only a control claim reads (a defence, a fall), no verb of control
_VERB_DIRECTIONS = ("gain", "regain", "withdraw", "transfer", "hold")
_CONTROL_VERB = re.compile(
    rf"\b{vocabulary.alternation('control_verbs', lang='en', object='', direction=_VERB_DIRECTIONS)}\b", re.IGNORECASE
)


def territory_without_verb(label: str, text: str) -> bool:
    """A change-of-territory label on a sentence with no verb of control ("the government resigned",
    "the town is a strategic junction"): the classifier's guess, not a change of hands."""
    return label in _TERRITORY and _CONTROL_VERB.search(text) is None


ASSEMBLE_TERRITORY_NEEDS_CONTROL_VERB = register(
    "ASSEMBLE-TERRITORY-NEEDS-CONTROL-VERB",
    stage="assemble",
    reason="a change of territory is told by a verb of control (control_verbs): without one the label is a guess",
    positive=["The government of Ruritania resigned early on Wednesday.", "Zarovka is a strategic railway junction."],
    negative=["Rebels have taken control of Zarovka.", "Government troops pulled out of Zarovka on Wednesday."],
    check=lambda t: territory_without_verb("Non-state actor overtakes territory", t),
)


def territory_gate_vetoes(label: str, text: str, lang: str) -> bool:
    """ASSEMBLE-TERRITORY-GATE-ENGLISH-ONLY: the control-verb gate reads English verbs, so it
    vetoes only English sentences; a sentence read in its own language (no translator) would
    otherwise always lack a verb and every capture told in it would be lost."""
    return lang == "en" and territory_without_verb(label, text)


ASSEMBLE_TERRITORY_GATE_ENGLISH_ONLY = register(
    "ASSEMBLE-TERRITORY-GATE-ENGLISH-ONLY",
    stage="assemble",
    reason="the control-verb gate knows English verbs only: it must not veto a capture told in another language",
    positive=["en|Zarovka is a strategic railway junction."],
    negative=["ru|Повстанцы полностью взяли под контроль Заровку.", "en|Rebels have taken control of Zarovka."],
    check=lambda t: territory_gate_vetoes("Non-state actor overtakes territory", t.split("|")[1], t.split("|")[0]),
)


def foreign_state_capture(sub: str, inter: int | None, actor_country: str | None, place_country: str | None) -> bool:
    """ASSEMBLE-FOREIGN-STATE-OVERTAKES: ACLED keeps "Government regains territory" for the forces
    of the country where the place lies; a foreign state's army taking a town there is coded
    "Non-state actor overtakes territory" (the codebook's "non-state or foreign state actor")."""
    return (
        sub == "Government regains territory"
        and inter == 1
        and actor_country is not None
        and place_country is not None
        and actor_country != place_country
    )


ASSEMBLE_FOREIGN_STATE_OVERTAKES = register(
    "ASSEMBLE-FOREIGN-STATE-OVERTAKES",
    stage="assemble",
    reason="a foreign state's forces taking a town is not the government regaining it (ACLED: overtakes territory)",
    positive=["Government regains territory / 1 / RU / XA"],
    negative=["Government regains territory / 1 / RU / RU", "Armed clash / 1 / RU / XA"],
    check=lambda t: foreign_state_capture(t.split(" / ")[0], int(t.split(" / ")[1]), *t.split(" / ")[2:]),
)


# --- massing forces is not an attack -----------------------------------------------------------

_DEPLOYMENT = re.compile(rf"\b{vocabulary.alternation('deployment_words', lang='en')}\b", re.IGNORECASE)
_VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_ATTACK_WORD = re.compile(rf"\b{vocabulary.alternation('attack_words', lang='en')}\b", re.IGNORECASE)
# the sub-types whose keyword rules name an attack outright (a weapon alone, "artillery", is not one)
_ATTACK_LABELS = frozenset(
    {"Air/drone strike", "Suicide bomb", "Remote explosive/landmine/IED", "Grenade", "Attack", "Armed clash"}
)


def deployment_only(label: str, text: str, *, by_rule: bool, harmed: bool) -> bool:
    """A violence label the model gave a sentence that masses or moves forces and tells of no one
    harmed ("concentrated a reserve that includes artillery near the town"): no attack happened."""
    from frontwatch.events.rules import names_an_attack

    if SUB_EVENT_TYPES.get(label) not in _VIOLENT_TYPES or by_rule or harmed or not _DEPLOYMENT.search(text):
        return False
    # "air strikes were carried out and special forces deployed": the attack words still tell an attack
    return not names_an_attack(text, _ATTACK_LABELS) and _ATTACK_WORD.search(text) is None


ASSEMBLE_DEPLOYMENT_NOT_EVENT = register(
    "ASSEMBLE-DEPLOYMENT-NOT-EVENT",
    stage="assemble",
    reason="massing or moving forces with no one harmed is not an attack, whatever weapons the sentence names",
    positive=["The army concentrated a reserve that includes artillery near Zarovka."],
    negative=[
        "The army deployed to Zarovka, where rebels killed four soldiers.",
        "Air strikes were carried out and special forces were deployed to Zarovka.",
    ],
    check=lambda t: deployment_only(
        "Shelling/artillery/missile attack", t, by_rule=False, harmed=re.search(r"\bkill|\bwound", t) is not None
    ),
)


# --- a month named long before the article's day is the story's background ---------------------

# a month that ended this many days before publication is past news the article recalls
BACKGROUND_MONTH_DAYS = 60
_TERRITORY_CHANGES = frozenset(
    sub for sub in SUB_EVENT_TYPES if sub.endswith("territory")
)  # the three captures and transfers: a past one still dates who holds the town


def old_month_background(label: str, day: EventDate | None, published: date | None) -> bool:
    """Whether a sentence dated only to a month that ended two months or more before the article
    ("In April, an air strike on a gathering killed more than 160 people", "in February 2019 a
    suicide bomber killed 40 police") recalls an earlier incident as background: it opens no event.
    A past change of territory still does (it dates the town's control timeline; a named month is
    then its own event, ASSEMBLE-NAMED-MONTH-APART)."""
    if day is None or published is None or day.precision != 3 or label in _TERRITORY_CHANGES:
        return False
    return (published - (day.latest or day.day)).days >= BACKGROUND_MONTH_DAYS


def _old_month_check(text: str) -> bool:
    from frontwatch.dates import find_dates

    label, _, sentence = text.partition(": ")
    found = find_dates(sentence, _EXAMPLE_DAY)
    return old_month_background(label, found[0] if found else None, _EXAMPLE_DAY)


ASSEMBLE_OLD_MONTH_BACKGROUND = register(
    "ASSEMBLE-OLD-MONTH-BACKGROUND",
    stage="assemble",
    reason="an attack dated only to a month two or more months before the article is recalled background, not news",
    positive=[
        "Air/drone strike: In February, an air strike on a market in Zarovka killed more than 160 people.",
        "Suicide bomb: In January 2029 a suicide bomber killed 40 police officers in Ostrava.",
    ],
    negative=[
        "Air/drone strike: In May, an air strike on a market in Zarovka killed more than 16 people.",
        "Air/drone strike: On February 3, an air strike on a market in Zarovka killed 16 people.",
        "Non-state actor overtakes territory: Rebels seized Zarovka in February.",
    ],
    check=_old_month_check,
)


# --- a week summed up above the incidents of its days ---------------------------------------------


def week_summary(week: EventDate | None, others: Sequence[EventDate | None], *, counted: bool) -> bool:
    """Whether a report dated only to a week, counting nobody, sums up incidents the article dates to days of
    that week ("Violence flared across the south this week ... These were the main incidents"): two or more
    such incidents make it their summary, not another event."""
    if week is None or week.precision != 2 or counted or week.earliest is None or week.latest is None:
        return False
    inside = [d for d in others if d is not None and d.precision == 1 and week.earliest <= d.day <= week.latest]
    return len(inside) >= 2


def _week_check(text: str) -> bool:
    from frontwatch.dates import find_dates
    from frontwatch.numbers import find_counts

    first, *rest = text.split(". ")
    week = find_dates(first, _EXAMPLE_DAY)
    days = [d for r in rest for d in find_dates(r, _EXAMPLE_DAY)]
    return week_summary(week[0] if week else None, days, counted=bool(find_counts(first)))


ASSEMBLE_WEEK_SUMMARY = register(
    "ASSEMBLE-WEEK-SUMMARY",
    stage="assemble",
    reason="a week-level sentence counting nobody, above two incidents dated to days of that week, sums them up",
    positive=[
        "Violence flared across the province this week. On Monday a bomb hit a patrol in Zarovka. "
        "On Tuesday gunmen killed a teacher in Ostrava."
    ],
    negative=[
        "Violence flared across the province this week. On Monday a bomb hit a patrol in Zarovka.",
        "Rebels killed 12 soldiers in the province this week. On Monday a bomb hit a patrol in Zarovka. "
        "On Tuesday gunmen killed a teacher in Ostrava.",
    ],
    check=_week_check,
)
