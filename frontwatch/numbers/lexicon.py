"""Word tables the count finder reads: who counts as people, what is a unit, which words govern a kind."""

from __future__ import annotations

import re

from frontwatch import vocabulary
from frontwatch.numbers.values import MODIFIERS, TENS, UNITS, VAGUE

# Head nouns that name people (captives' nouns come from data/vocab/captive_words.tsv).
# Multi-word heads are matched before single words.
PEOPLE_NOUNS: frozenset[str] = (
    frozenset(vocabulary.terms("captive_words", lang="en", role=("person", "remains"), count="yes"))
    | frozenset(vocabulary.terms("civilian_words", lang="en", count="yes"))
    | frozenset(vocabulary.terms("actor_words_intl", lang="en", armed="yes"))  # "one guerrilla had died"
    | frozenset(
        """
    person individuals soldiers soldier troops troop police policemen
    policeman officers officer militants militant insurgents insurgent fighters fighter rebels rebel
    attackers attacker gunmen gunman members member child kids woman man
    workers worshipers
    pilgrims protesters protestors demonstrators guards guard personnel servicemen serviceman
    marines taliban jihadists terrorists militiamen bombers bomber others victims corpses dead
    wounded injured refugees families migrants journalists doctors nurses
    abductees recruits commanders commander staff employees miners fishermen boys girls
    infants babies teenagers teens youths adults suspects kidnappers assailants combatants fatalities
    casualties deaths crew crewmen sailors pilots contractors relatives guests mourners shoppers
    tribesmen elders leaders clerics teachers pupils casualty deputies agents gendarmes
    paramilitaries militia militias cadets conscripts volunteers mercenaries occupants survivors
    americans afghans iraqis syrians israelis palestinians pakistanis kurds yazidis shiites sunnis
    christians muslims hazaras nationals foreigners citizens settlers displaced evacuees schoolgirls mujahedeen mujahideen mujahidin
    schoolboys schoolchildren girl boy toddlers peacekeepers peacekeeper coalition gendarme bystanders
    shepherds traders drivers parishioners congregants ministers officials lawmakers
    """.split()
    )
)
PEOPLE_PHRASES: tuple[str, ...] = (
    "service members",
    "servicemembers",
    "security forces",
    "security personnel",
    "police officers",
    "aid workers",
    "health workers",
    "family members",
    "suicide bombers",
    "suicide bomber",
    "members of the security forces",
)
# Pronouns after "of" ("three of them", "two of whom"): people, but no side to report.
PEOPLE_PRONOUNS: frozenset[str] = frozenset({"them", "whom", "us", "those", "these"})

# Head nouns that make a number something other than a count of people.
# Units of time come from data/vocab/time_units.tsv ("for two days" is no count), weapons from weapon_words.tsv.
UNIT_NOUNS: frozenset[str] = (
    frozenset(vocabulary.terms("time_units", lang="en"))
    | frozenset(vocabulary.terms("weapon_words", lang="en", unit="yes"))
    | frozenset(
        """
    metre metres meter meters m ft feet foot yard yards inch inches kg kilograms kilogram pounds lb lbs
    ton tons tonnes tonne acres hectares sq percent per pct % times time dollars dollar usd euros euro
    rupees afghanis naira shillings cents provinces province provincial capitals capital districts district
    villages village towns town cities city countries country states regions region vehicles vehicle cars
    car trucks truck tanks tank rocket missile shells shell mortars rounds round
    mines mine ieds planes plane jets jet houses
    house homes home buildings building shops schools school mosques mosque churches checkpoints
    checkpoint posts post bases base outposts outpost points point a.m am p.m pm o'clock gmt utc bst
    floors storeys stories pages page votes seats guns
    kilos barrels litres liters gallons targets positions sites locations areas bridges roads
    hospitals clinics prisons jails attacks strikes airstrikes raids incidents explosions blasts
    operations missions sorties cases charges counts articles laws photos photographs videos images
    statements reports documents names messages letters pictures tweets posts calls shots bullets
    directions sides fronts flanks stations headquarters offices compounds units battalions brigades
    """.split()
    )
)
# ... and the units of distance and the months (distance_units.tsv, calendar_words.tsv): "3 km", "May 5"
UNIT_NOUNS |= frozenset(vocabulary.terms("distance_units", lang="en")) | frozenset(
    vocabulary.terms("calendar_words", lang="en", kind=("month", "month_abbr"))
)

# Words right before a number that make it a date, an index or an address, not a count.
# NUMBERS-PROJECTED-TOLL: "the toll could rise to 40", "is expected to reach 100": a forecast, not a count
PROJECTED_BEFORE = re.compile(
    r"\b(?:"
    + vocabulary.alternation("modal_verbs", lang="en")
    + "|(?:is|are|was|were)\\s+"
    + vocabulary.alternation("toll_projection", lang="en", role="hedge")
    + r")\s+(?:(?:still|further|well|even|soon)\s+)?"
    + vocabulary.alternation("toll_projection", lang="en", role="rise")
    + r"\s+(?:to\s+)?(?:(?:as\s+many\s+as|more\s+than|over|at\s+least|about|around)\s+)?$",
    re.IGNORECASE,
)
# NUMBERS-SUPERSEDED-TOLL: "raising its earlier toll of 42", "up from 30": a figure since replaced, not a count
SUPERSEDED_BEFORE = re.compile(
    r"\b" + vocabulary.alternation("superseded_toll", lang="en") + r"\s+(?:of\s+)?(?:(?:about|around|at\s+least)\s+)?$",
    re.IGNORECASE,
)
# the canonical verbs of a revised toll ("raised the toll to"): a revision replaces a figure, it is no rival
REVISING_VERBS = frozenset(r["canonical"] for r in vocabulary.select("attribution_verbs", revises="yes"))


def _revision_frame(lang: str) -> re.Pattern[str]:
    """A toll noun and a verb of change in one clause (either order outside English), ending at the verb."""
    noun = vocabulary.alternation("toll_revision", lang=lang, role="noun")
    verb = vocabulary.alternation("toll_revision", lang=lang, role="verb")
    gap = r"[^.;:!?\"“”«»]{0,160}?"
    either = rf"{noun}{gap}(?<!\w){verb}" if lang == "en" else rf"(?:{noun}{gap}(?<!\w){verb}|{verb}{gap}(?<!\w){noun})"
    return re.compile(rf"(?<!\w){either}(?!\w)", re.IGNORECASE)


# MERGE-LATER-REVISED-TOLL in each language with words in toll_revision.tsv, for claims read in the original
REVISION_FRAMES = {
    lang: _revision_frame(lang) for lang in sorted({r["lang"] for r in vocabulary.select("toll_revision")})
}


# English offsets point at the figure ("the death toll from Sunday's bombing rose to 35"), so the frame must end
# right before it: search with ``endpos`` there
REVISED_BEFORE = re.compile(
    REVISION_FRAMES["en"].pattern
    + r"(?:\s+from\s+(?:(?:about|around|at\s+least)\s+)?[\d,]+)?"  # "rose from 20 to 35"
    + r"\s+(?:(?:to|at)\s+)?(?:(?:about|around|at\s+least|more\s+than|over|nearly|almost)\s+)?$",
    re.IGNORECASE,
)


# a toll of a war or a period, not one event's ("the death toll from the war has risen to 1,200")
_WAR_WIDE = {
    lang: re.compile(rf"(?<!\w){vocabulary.alternation('toll_revision', lang=lang, role='scope')}(?!\w)", re.IGNORECASE)
    for lang in REVISION_FRAMES
}


def war_wide(text: str, lang: str) -> bool:
    """Whether a sentence's toll counts a war's or a period's dead (``toll_revision.tsv``, role scope)."""
    scope = _WAR_WIDE.get(lang)
    return scope is not None and scope.search(text) is not None


def states_revised_toll(text: str, lang: str, value: int) -> bool:
    """Whether ``text`` gives ``value`` as a toll changed to it ("Le bilan ... s'est alourdi à 35 morts",
    "est passé de 20 à 35"): a revision frame, then the figure within the next few words (a figure in words is
    taken to be the claim's own: the caller passes the value read from this text)."""
    frame = REVISION_FRAMES.get(lang)
    if frame is None:
        return False
    text = text.replace("\u2019", "'")
    # within the clause, after words and at most one "from N" ("de 20 à", "с 20 до"); not itself the "from N"
    hop = r"(?:(?<!\w)\w{1,4}\s+\d[\d\s.,]*?\s+\w{1,4}\s+)?"
    # the value as written: "1 200", "1,200" and "1.200" are 1200
    digits = r"[\s\u00a0.,]?".join(str(value))
    figure = re.compile(rf"[^.,;:!?\d]{{0,60}}?{hop}(?<![\d.,]){digits}(?!\d)(?!\s+\w{{1,4}}\s+\d)")
    for m in frame.finditer(text):
        window = re.match(r"[^.;:!?]{0,80}", text[m.end() :])
        words = window.group() if window else ""
        if figure.match(text, m.end()) or (words.strip() and not any(c.isdigit() for c in words)):
            return True  # the figure in digits, or written in words ("ascendió a siete")
    return False


NOT_COUNT_BEFORE = re.compile(
    rf"(?:\b(?:{vocabulary.alternation('calendar_words', lang='en', kind=('month', 'month_abbr'))}|"
    r"no|nos|number|aged?|ages|route|highway|road|"
    r"resolution|article|section|chapter|paragraph|page|flight|room|level|phase|grade|class|unit|brigade|"
    r"division|battalion|regiment|corps|camp|block|gate|sector|zone|platoon|squadron|precinct|ward|"
    r"district|province|channel|line|model|version|verse|act|item|law|bill|size|category|stage|round)"
    r"\.?\s*$|[#№$€£¥]\s*$)",
    re.IGNORECASE,
)

# Words that end a noun phrase after a number (verbs, prepositions, conjunctions...).
STOP_WORDS: frozenset[str] = frozenset(
    """
    and or but nor in on at by from to into onto with without near across after before during since
    until for as than who which that whom whose were was are is be been being have has had will would
    could should may might can said says say say according also including among while when where
    there this these those it its their his her they he she we our them us all both each every
    either neither not no so yet then later now reportedly allegedly apparently
    """.split()
)
# Words that may sit between a noun phrase and its governing verb ("12 soldiers were reportedly killed").
_POST_GAP = (
    r"(?:who|that|which|were|was|are|is|have|has|had|been|being|got|get|reportedly|allegedly|apparently|"
    r"also|later|all|subsequently|since|were|of|whom|them|in|total|so|far|overall|both|each|eventually|"
    r"then|now|either|confirmed|officially|said|to|believed|be|thought|feared|presumed|left|lay|"
    r"remain|remained|still|initially)"
)
POST_GAP = re.compile(rf"^\s*(?:{_POST_GAP}\s+)*$", re.IGNORECASE)
# Words that may sit between a governing word and the number after it ("killed a total of 12").
_PRE_GAP = (
    r"(?:the|a|an|total|of|another|further|additional|all|only|just|to|at|some|with|"
    r"reportedly|officially|now|has|have|had|rose|risen|climbed|reached|reaching|rising|climbing|"
    r"stands|stand|stood|is|was|increased|jumped|hit|bringing|brought|put|puts|putting|up|least|"
    r"than|more|grew|grown|went|gone|soared|include|includes|included|were|are|numbered|number|numbering)"
)
PRE_GAP = re.compile(rf"^\s*(?:{_PRE_GAP}\s+)*$", re.IGNORECASE)

# Governing words per kind. Longer phrases come first so that "death toll" wins over "death".
KIND_CUES: dict[str, str] = {
    "killed": (
        r"death\s+toll|toll|lost\s+(?:their|his|her)\s+lives|claimed\s+the\s+lives|lives\s+of|shot\s+dead|"
        r"killed|kills?|killing|dead|died|dies|die|dying|deaths?|bodies|corpses|slain|slew|"
        r"massacred|massacring|massacre\s+of|executed|executing|execution\s+of|murdered|murdering|murders?\s+of|"
        r"perished|fatalities|fatality|beheaded|lynched|assassinated|succumbed|martyred|gunned\s+down|"
        r"(?:burnt|burned)\s+(?:alive|to\s+death)|blew\s+(?:themselves|himself|herself)\s+up"
    ),
    "wounded": r"wounded|wounding|wounds|injured|injuring|injuries|injures|hurt|maimed|hospitali[sz]ed",
    # Bare nouns ("release", "rescue", "escape") are left out: "a media release", "search and
    # rescue" would otherwise govern numbers nearby; "release of 30" still counts.
    # captive_words.tsv: the release words that are count cues
    "freed": vocabulary.alternation("captive_words", lang="en", role="release", count="yes"),
    "captured": (
        r"taken\s+hostage|held\s+hostage|taken\s+captive|taken\s+prisoner|rounded\s+up|captured|capturing|"
        r"capture\s+of|recaptured|abducted|abducting|abduction\s+of|kidnapped|kidnapping|kidnaps?|hostages?|"
        r"captives|arrested|arresting|arrests?\s+of|detained|detaining|detention\s+of|abductees|detainees"
    ),
    "displaced": (
        r"forced\s+(?:from|out\s+of)\s+their\s+homes|fled|fleeing|flee|displaced|displacing|displacement\s+of|"
        r"evacuated|refugees|evacuees|homeless"
    ),
}
CUE_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in KIND_CUES.items()) + r")\b", re.IGNORECASE
)
# Head nouns that carry a kind on their own ("12 bodies", "five hostages").
HEAD_KIND: dict[str, str] = {
    "bodies": "killed",
    "corpses": "killed",
    "dead": "killed",
    "deaths": "killed",
    "fatalities": "killed",
    "wounded": "wounded",
    "injured": "wounded",
    "hostages": "captured",
    "hostage": "captured",
    "captives": "captured",
    "abductees": "captured",
    "refugees": "displaced",
    "displaced": "displaced",
    "evacuees": "displaced",
}
# Heads that say "these are the victims" without a side to report.
SIDELESS_HEADS: frozenset[str] = frozenset(
    {"bodies", "corpses", "dead", "deaths", "fatalities", "wounded", "injured", "casualties", "casualty"}
)
# Clause breaks a governing word does not reach across.
# Brackets are not breaks: "members of Islamic State (ISIS) were arrested" is one clause.
CLAUSE_BREAK = re.compile(r"[;:—]|\s-\s|\bbut\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
# "..., including 3 children": the number is part of the count before it.
PART_BEFORE = re.compile(
    r"(?:\bincluding|\bincl\.|\bamong\s+them|\bamong\s+whom|\bamong\s+the\s+dead(?:\s+were)?|"
    r"\bamong\s+those\s+(?:killed|wounded|freed|abducted)(?:\s+were)?|\bof\s+whom|\bmostly|\bmainly)\s*$",
    re.IGNORECASE,
)
# "12 of the 30 soldiers": the 30 is the set the 12 come from.
DENOMINATOR_BEFORE = re.compile(r"\b(?:out\s+)?of\s+(?:the\s+|a\s+total\s+of\s+)?$", re.IGNORECASE)
SUICIDE_BOMBER = re.compile(r"\bsuicide\s+(?:car\s+|truck\s+|vest\s+)?(?:bomber|attacker)\b(?!s)", re.IGNORECASE)
# A bomber who did not die: no fatality to add.
BOMBER_SURVIVED = re.compile(
    r"\b(?:would-be|failed|foiled|thwarted|arrested|captured|detained|caught|intercepted|shot\s+before|"
    r"before\s+(?:he|she)\s+could|surrendered|apprehended)\b",
    re.IGNORECASE,
)

_WORD = "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True))
_SMALL = rf"(?:(?:{'|'.join(TENS)})(?:[-\s](?:{'|'.join(k for k, v in UNITS.items() if 0 < v < 10)}))?|{_WORD})"
_SCALED = rf"(?:(?:{_SMALL}|a|one)\s+(?:dozen|hundred|thousand|million))"
WORD_NUMBER = rf"(?:half\s+a\s+dozen|{_SCALED}(?:\s+(?:and\s+)?(?:{_SCALED}|{_SMALL}))*|{_SMALL})"
DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?(?:\s+(?:hundred|thousand|million)\b)?)"
NUMBER = rf"(?:{DIGIT_NUMBER}|{WORD_NUMBER})"
VAGUE_RE = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(VAGUE, key=len, reverse=True))
_MODS = "|".join(
    re.escape(m).replace(r"\ ", r"\s+") for m in sorted(MODIFIERS, key=len, reverse=True) if m != "between"
)

# One number phrase: optional modifier, then a range, a number or a vague word, then an
# optional "+"/"or more". The look-behind/ahead keep it off "COVID-19", "12th", "$5", "10:30".
COUNT_RE = re.compile(
    rf"(?<![\w$€£#./:\-])(?<!\d,)"
    rf"(?:(?P<mod>{_MODS})\s+)?"
    rf"(?:between\s+(?P<ra>{NUMBER})\s+and\s+(?P<rb>{NUMBER})"
    rf"|(?P<fa>{NUMBER})\s+(?:to|or)\s+(?P<fb>{NUMBER})"
    rf"|(?P<ga>{DIGIT_NUMBER})\s*[-–]\s*(?P<gb>{DIGIT_NUMBER})"
    rf"|(?P<num>{NUMBER})"
    rf"|(?P<vague>{VAGUE_RE}))"
    rf"(?P<suffix>\+|-plus|\s+or\s+more|\s+or\s+so)?"
    rf"(?![\w%]|[.,:/]\d|-[A-Za-z])",
    re.IGNORECASE,
)

# Passive or state wording between a count and its verb: "12 were killed", "12 have died".
PASSIVE = re.compile(r"\b(?:were|was|are|is|been|being|got|get|be|left|lay)\b", re.IGNORECASE)
# Verbs that, with an object after them, make the number before them the agent, not the victim.
ACTIVE_VERBS: frozenset[str] = frozenset(
    """
    killed kills kill killing slew massacred executed murdered beheaded lynched assassinated shot wounded
    wounding injured injuring hurt maimed freed released liberated rescued captured abducted kidnapped
    kidnaps arrested detained recaptured displaced
    """.split()
)
# Words that open an object after a verb ("killed 12", "killed the", "freed them").
OBJECT_OPENERS: frozenset[str] = frozenset(
    """
    a an the at more about around some nearly almost up over his her their its them him one all both
    another several many dozens scores hundreds thousands tens numerous least two three four five six
    seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty ninety hundred
    """.split()
)
# Singular heads: "killed a soldier" is one death. Plural-looking words that are singular are few.
PLURAL_INVARIANT: frozenset[str] = frozenset(
    {
        "people",
        "police",
        "personnel",
        "staff",
        "crew",
        "militia",
        "taliban",
        "dead",
        "wounded",
        "injured",
        "displaced",
        "mujahedeen",
        "mujahideen",
        "mujahidin",
        "coalition",
        "others",
    }
)
