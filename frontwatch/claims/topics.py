"""What a claim is about (topic + stated value) and how its source stands (stance).

Counts come from ``frontwatch.numbers``; this module only decides which count belongs to
the claim's topic, so "freed 400 inmates ... killed 3 guards" keeps 400 with the prison and
3 with the dead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontwatch import rulebook, vocabulary
from frontwatch.model import Count
from frontwatch.numbers import find_counts, is_attacker_count, is_figure, listed_total, stated_value
from frontwatch.numbers.lexicon import CUE_RE

# release words and captive nouns: data/vocab/captive_words.tsv
_PRISON = re.compile(
    rf"\b{vocabulary.alternation('captive_words', lang='en', role='release', verb_first='yes')}\b[^.;]{{0,80}}?"
    rf"\b{vocabulary.alternation('captive_words', lang='en', role=('person', 'place'), verb_first='yes')}\b"
    rf"|\b{vocabulary.alternation('captive_words', lang='en', role='person', noun_first='yes')}\b[^.;]{{0,100}}?"
    r"\b(?:were\s+|had\s+been\s+|been\s+)?"
    rf"{vocabulary.alternation('captive_words', lang='en', role='release', noun_first='yes')}\b",
    re.IGNORECASE,
)

# Verbs and phrases of territorial control; "captured" alone is left to the count check
# below, since "captured 20 soldiers" is about people, not ground.
_CONTROL = re.compile(
    r"\b(?:captur(?:e|ed|es|ing)|seiz(?:e|ed|es|ing)|overr(?:an|un|unning|uns)|"
    r"f(?:ell|allen|alls)\s+(?:to|into|under)|(?:has|had|have)\s+(?:not\s+)?fallen|fell\b|"
    r"recaptur(?:e|ed|es|ing)|retak(?:e|en|es|ing)|retook|"
    r"t(?:ook|aken|ake|akes|aking)\s+(?:over|back|control|(?-i:[A-Z])\w*)|"
    r"dr(?:ove|iven|ive|ives|iving)\s+(?:\w+\s+){0,4}?out|"
    r"push(?:ed|es|ing)?\s+(?:\w+\s+){0,2}?back|"
    r"liberat(?:e|ed|es|ing)|clear(?:ed|ing)?\s+(?:the|of)\b|"
    r"in\s+the\s+hands\s+of|(?:still\s+)?controll?(?:s|ed|ing)\s+(?:the|most|much|parts|all)|under\s+(?:the\s+|their\s+|its\s+|full\s+)?control|"
    r"(?:maintain|maintained|maintains|retain|retained|regain|regained|lost|lose|losing)\s+control|"
    r"(?:hold|holds|held|holding)\s+(?:the|most\s+of\s+the|parts\s+of\s+the)\s+"
    rf"{vocabulary.alternation('place_words', lang='en', held='yes')})\b",
    re.IGNORECASE,
)
_CAPTURED_ONLY = re.compile(r"\bcaptur(?:e|ed|es|ing)\b", re.IGNORECASE)

_DAMAGE = re.compile(
    r"\b(?:destroy(?:ed|s|ing)?|burn(?:ed|t|s|ing)?\s+(?:down)?|set\s+(?:on\s+fire|ablaze|alight)|"
    r"torch(?:ed|es|ing)?|damag(?:ed|es|ing)|demolish(?:ed|es|ing)?|raz(?:ed|es|ing)|"
    r"blew\s+up|blown\s+up|loot(?:ed|ing)?)\b",
    re.IGNORECASE,
)

# "the statement was 'not correct'": a denial without the verb (table denial_forms, rule CLAIMS-DENIAL-FORMS)
_VERDICT = r"(?<![\w-])" + vocabulary.alternation("denial_forms", kind="verdict") + r"(?![\w-])"
# "the town has not been captured": the participles of capture a denial negates (denial_forms, negated_capture)
# the verbs of denial: attribution_verbs' deny rows (denied, rejects, dismissing, ...)
_DENY_VERB = vocabulary.alternation("attribution_verbs", lang="en", stance="deny", form=("verb", "participle"))
_NOT_TAKEN = vocabulary.alternation("denial_forms", kind="negated_capture", lang="en")
_DENY = re.compile(
    r"\b(?:" + _DENY_VERB + "|"
    r"did\s+not\s+acknowledge|does\s+not\s+acknowledge|refused\s+to\s+acknowledge|"
    rf"(?:had|has|have)\s+not\s+(?:fallen|been\s+{_NOT_TAKEN})|"
    rf"(?:had|has|have)\s+not\s+{_NOT_TAKEN}|"
    rf"(?:was|were|is|are)\s+not\s+(?:{_NOT_TAKEN}|under\s+\w+\s+control)|"
    rf"{_VERDICT}[\"'”’]?\s+(?:claims?|reports?|statements?|allegations?|accusations?)|"
    r"(?:claims?|reports?|statements?|allegations?|accusations?|information|figures?)\b[^.]{0,40}\b(?:were|was|are|is)\s+"
    rf"(?:(?:completely|totally|absolutely|simply)\s+)?[\"'“‘]?{_VERDICT})",
    re.IGNORECASE,
)

# "our fighters were killed" is a loss, not a success: the side words of a belligerent's own dead.
# (actor_words_intl, column own_dead; "our" and any "mujahid-" form besides; a group's name from actors.json)
_OWN_SIDE = re.compile(
    rf"\b(?:our|mujahid\w*|{vocabulary.alternation('actor_words_intl', lang='en', own_dead='yes')})\b",
    re.IGNORECASE,
)


def _own_side(side: str) -> bool:
    from frontwatch.events.named_forces import named_sides  # actors.json, loaded on first use

    return bool(_OWN_SIDE.search(side)) or any(not f.state for f in named_sides(side))


# dead who were not fighters: a belligerent counting them tells of harm, not of its own success
_CIVILIAN_DEAD = re.compile(rf"\b{vocabulary.alternation('civilian_words', lang='en', dead='yes')}\b", re.IGNORECASE)


def _civilian_dead_check(text: str) -> bool:
    from frontwatch.numbers import find_counts

    count = next((c for c in find_counts(text) if c.kind == "killed"), None)
    topic = Topic("fatalities", None, count)
    return stance(text=text, verb="said", source_type="belligerent", topic=topic) == "assert"


CLAIMS_CIVILIAN_DEAD_ASSERTED = rulebook.register(
    "CLAIMS-CIVILIAN-DEAD-ASSERTED",
    stage="claims",
    reason="a belligerent telling of people or civilians killed (by the other side) asserts a toll; only enemy fighters killed are a self-report",
    positive=["air strikes on the city killed at least 14 people", "the shelling killed five civilians"],
    negative=["our forces killed 30 terrorists", "the army killed 12 terrorists in the raid"],
    check=_civilian_dead_check,
)


CLAIMS_OWN_DEAD_ASSERTED = rulebook.register(
    "CLAIMS-OWN-DEAD-ASSERTED",
    stage="claims",
    reason="a belligerent telling of its own side's dead (its fighters, or a group named in actors.json) tells a loss, not a success",
    positive=["our fighters", "Ruritanian rebels", "Hamas fighters", "Boko Haram"],
    negative=["government soldiers", "civilians", "the villagers"],
    check=_own_side,
)


# canonical verbs whose stance is "deny" in data/vocab/attribution_verbs.tsv
DENY_VERBS = frozenset(
    r["canonical"] for r in vocabulary.rows("attribution_verbs") if r["stance"] == "deny" and r["lang"] == "en"
)


@dataclass(frozen=True)
class Topic:
    topic: str
    value: int | None
    count: Count | None = None


def _first(counts: list[Count], kind: str) -> Count | None:
    for count in counts:
        if count.kind == kind:
            return count
    return None


# a count of "people" or of nobody in particular is a toll; "two children" may be a part of it
_GENERIC_SIDE = re.compile(r"^(?:\w+\s+)?(?:people|persons|others)$", re.IGNORECASE)


def _toll(counts: list[Count]) -> Count | None:
    """The killed count a claim's value is (rule CLAIMS-VALUE-TOLL): the first stated figure of
    the dead counted as people or without a side ("at least 30", "13 people have died"), then
    the first figure of the victims, then any figure; a vague word ("many casualties") only when
    no figure is given. The first, not the largest: "from 30 dead to 45" is 30 (ACLED's lowest)."""
    killed = [c for c in counts if c.kind == "killed"]
    figures = [c for c in killed if is_figure(c) and stated_value(c) is not None]
    victims = [c for c in figures if not is_attacker_count(c)]
    generic = [c for c in victims if not c.side or _GENERIC_SIDE.match(c.side)]
    for pool in (generic, victims, figures, killed):
        if pool:
            return pool[0]
    return None


def classify(text: str) -> Topic:
    """The topic of a claim's text, in order fatalities > prisoners_freed > control > injuries >
    damage > deaths without a figure > other."""
    counts = find_counts(text)
    killed = _toll(counts)
    if killed is not None:
        total = listed_total(text, counts)
        return Topic("fatalities", total if total is not None else stated_value(killed), killed)
    if _PRISON.search(text):
        freed = _first(counts, "freed")
        return Topic("prisoners_freed", stated_value(freed) if freed else None, freed)
    control = [m for m in _CONTROL.finditer(text)]
    if control:
        only_captured = all(_CAPTURED_ONLY.fullmatch(m.group(0)) for m in control)
        # "captured 20 soldiers" is a count of people; the place was not taken
        if not (only_captured and _first(counts, "captured") is not None):
            return Topic("control", None)
    # every figure gets a topic (rule CLAIMS-TOPIC-EVERY-FIGURE): the wounded when nobody is said
    # killed, and deaths stated without a figure ("civilians had been killed") are still about deaths
    wounded = [c for c in counts if c.kind == "wounded" and is_figure(c)]
    if wounded:
        return Topic("injuries", stated_value(wounded[0]), wounded[0])
    if _DAMAGE.search(text):
        return Topic("damage", None)
    if any(m.lastgroup == "killed" for m in CUE_RE.finditer(text)):
        return Topic("fatalities", None)
    return Topic("other", None)


# "..., and denied targeting civilians": a denial in a clause of its own, after the statement
_COORDINATED = re.compile(r"(?:,\s*|\s)(?:and|but)\s+(?:also\s+|later\s+)?$", re.IGNORECASE)


def _denies_something_else(text: str, at: int, topic: Topic) -> bool:
    """CLAIMS-DENIAL-OWN-CLAUSE: the denial at ``text[at:]`` is a coordinated clause after a statement
    that already tells the claim's topic ("said its forces took the town, and denied targeting
    civilians"): it denies another thing, and the claim about the topic stands asserted."""
    return bool(_COORDINATED.search(text[:at])) and topic.topic != "other" and classify(text[:at]).topic == topic.topic


def stance(*, text: str, verb: str, source_type: str, topic: Topic) -> str:
    """deny > self_report > assert. A self-report is a belligerent telling of its own gains:
    ground taken, prisoners freed, property destroyed or enemies killed."""
    if verb in DENY_VERBS:
        return "deny"
    denial = _DENY.search(text)
    if denial is not None and not _denies_something_else(text, denial.start(), topic):
        return "deny"
    if source_type != "belligerent":
        return "assert"
    if topic.topic in ("control", "prisoners_freed", "damage"):
        return "self_report"
    if topic.topic == "fatalities":
        side = topic.count.side if topic.count is not None else None
        if side and _own_side(side):
            return "assert"
        if not side or _CIVILIAN_DEAD.search(side):
            return "assert"  # CLAIMS-CIVILIAN-DEAD-ASSERTED: "killing 14 people, Houthi officials said" is no success
        return "self_report"
    return "assert"


CLAIMS_DENIAL_OWN_CLAUSE = rulebook.register(
    "CLAIMS-DENIAL-OWN-CLAUSE",
    stage="claims",
    reason="a denial coordinated after a statement that already tells the topic denies something else; the topic stays asserted",
    positive=[
        "its forces had taken control of Zarovka after the army withdrew, and denied targeting civilians.",
        "12 soldiers were killed in the assault on Zarovka, but denied that the base had fallen.",
    ],
    negative=[
        "denied that its forces had taken control of Zarovka.",
        "that Zarovka had not fallen and denied that 12 soldiers were killed.",
    ],
    check=lambda t: (d := _DENY.search(t)) is not None and _denies_something_else(t, d.start(), classify(t)),
)
