"""Hand rules of non-English reading, registered with their examples (frontwatch.rulebook).

The modules that apply them cite these ids; ``tests/test_rulebook.py`` runs every example.
"""

from __future__ import annotations

from datetime import date

from frontwatch.lang import figures, places
from frontwatch.model import Sentence
from frontwatch.rulebook import register


def _s(text: str) -> Sentence:
    return Sentence("rule", 0, 0, len(text), text)


def _lang(text: str) -> str:
    from frontwatch.lang.detect import identify

    return identify(text).language


def _gated(text: str) -> bool:
    return any(places.has_trigger(text, lang) for lang in ("fr", "ru", "uk", "ar"))


PLACES_GATE = register(
    "PLACES-INTL-TRIGGER-GATE",
    stage="places",
    reason="alternate names include common words (Arabic 'night', 'Friday'), so they are read only in sentences about violence or protest",
    positive=[
        "Ночью армия обстреляла окрестности Зенды.",
        "Des manifestants se sont rassemblés à Strelsau.",
        "قصف مدفعي استهدف مدينة زندا",
    ],
    negative=["Мы были в Зенде летом.", "Le festival de Strelsau ouvre samedi.", "وصل الوفد إلى زندا ليلة الجمعة"],
    check=_gated,
)

DATES_NOT_NUMBERS = register(
    "DATES-INTL-NOT-A-NUMBER",
    stage="dates",
    reason="dateparser reads ages, durations and short words ('81 ans', 'لمدة 3 أيام', 'et sept') as dates; a date must name its day",
    positive=["Le président, âgé de 81 ans, et sept ministres.", "أعلنت الرئاسة الحداد لمدة 3 أيام."],
    negative=["Des manifestants ont défilé vendredi 5 mars à Zenda.", "В воскресенье вечером начались протесты."],
    check=lambda t: not figures.find_dates(_s(t), _lang(t), date(2021, 3, 8)),
)

NEAREST_CASUALTY = register(
    "NUMBERS-INTL-NEAREST-CASUALTY-WORD",
    stage="numbers",
    reason="a number counts people only next to a casualty word in its own clause ('погибли 4 человека, а 11 получили ранения')",
    positive=["В результате обстрела погибли 4 человека.", "Au moins une vingtaine de morts à Zenda."],
    negative=[
        "Эвакуировали более 18 тысяч граждан.",
        "Un rassemblement de 300 personnes à Zenda.",
        "Число погибших в городе возросло, 35 домов разрушены.",  # the casualty word of another clause
    ],
    check=lambda t: bool(figures.find_counts(_s(t), _lang(t))),
)

TOLL_FRAME = register(
    "NUMBERS-INTL-TOLL-FRAME",
    stage="numbers",
    reason="a changed toll names its dead before the verb, too far from the number for the nearest word "
    "('Число погибших в результате взрыва ... возросло до 35', 'ارتفعت حصيلة القتلى ... إلى 35')",
    positive=[
        "Число погибших в результате взрыва на рынке в центре Зенды в воскресенье возросло до 35.",
        "ارتفعت حصيلة القتلى في انفجار السيارة المفخخة في زندا إلى 35",
    ],
    negative=[
        "Le bilan de l'attentat contre le marché de Zenda s'est alourdi à 35, selon l'agence.",
        "Число беженцев из районов боёв вокруг Зенды за неделю возросло до 3500.",
    ],
    check=lambda t: any(c.kind == "killed" for c in figures.find_counts(_s(t), _lang(t))),
)

ARTICLE_ONE = register(
    "NUMBERS-INTL-ARTICLE-ONE",
    stage="numbers",
    reason="the word for one is also the indefinite article ('une attaque', 'un précédent bilan'): it counts one "
    "only right before what it counts",
    positive=["Un soldat tué et trois blessés à Zenda.", "Un mort dans une attaque à Zenda."],
    negative=["Trois civils ont été tués dans une attaque à Zenda.", "Un précédent bilan faisait état de morts."],
    check=lambda t: any(c.best == 1 for c in figures.find_counts(_s(t), "fr")),
)

BARE_WEEKDAY = register(
    "DATES-INTL-BARE-WEEKDAY",
    stage="dates",
    reason="dateparser passes over a bare weekday inside a clause ('tués mardi dans une embuscade'): it is the last "
    "such day before publication",
    positive=[
        "Dix soldats ont été tués mardi dans une embuscade près de Zenda.",
        # dateparser glues "dans une" onto the weekday and reads a day in January: the weekday alone is read
        "Dix-sept soldats ont été tués et vingt blessés mardi dans une embuscade près de Zenda.",
    ],
    negative=["Dix soldats ont été tués dans une embuscade près de Zenda."],
    check=lambda t: date(2021, 3, 2) in [d.day for d in figures.find_dates(_s(t), "fr", date(2021, 3, 4))],
)

INTL_SOURCE_TYPE = register(
    "CLAIMS-INTL-SOURCE-TYPE",
    stage="claims",
    reason="a source read without a translator is typed by the source_roles rows of its language, not left unknown",
    positive=["ministère de la Défense", "des sources locales"],
    negative=["un responsable", "Zenda"],
    check=lambda t: figures._typed(t, "fr") != "unknown",
)

INTL_NEAR = register(
    "PLACES-INTL-NEAR",
    stage="places",
    reason="a name right after a word of nearness ('près de X', 'под X') is where the event was near, not in (precision 2)",
    positive=["fr | Dix soldats ont été tués près de ", "ru | Бои идут под "],
    negative=["fr | Dix soldats ont été tués à ", "ru | Бои идут в "],
    check=lambda t: places.near_before(t.split(" | ")[1], t.split(" | ")[0]),
)

INTL_PROVINCE_OF = register(
    "PLACES-INTL-PROVINCE-OF",
    stage="places",
    reason="'la région de X' names the province X, not the seat town that shares its name",
    positive=["fr | près de Zenda, dans la région de ", "fr | dans la province du "],
    negative=["fr | près de Zenda, dans la ville de ", "fr | dans la région, à "],
    check=lambda t: places.province_before(t.split(" | ")[1], t.split(" | ")[0]),
)

HYPHEN_COMPOUND = register(
    "NUMBERS-INTL-HYPHEN-COMPOUND",
    stage="numbers",
    reason="French writes numbers above sixteen as hyphenated words ('dix-sept', 'vingt-trois'): their parts add up",
    positive=["Dix-sept soldats ont été tués à Zenda.", "Vingt-trois civils ont été tués à Zenda."],
    negative=["Sept soldats ont été tués à Zenda.", "Des soldats ont été tués à Zenda-Ouest."],
    check=lambda t: any((c.best or 0) > 16 for c in figures.find_counts(_s(t), "fr")),
)

SPEAKER_AFTER_COMMA = register(
    "CLAIMS-INTL-SPEAKER-AFTER-COMMA",
    stage="claims",
    reason="a verb of saying that opens its clause after a comma has its speaker after it "
    "('..., a annoncé lundi le gouvernement'); the weekday between is the day of the words",
    positive=["Au moins 12 civils ont été tués à Zenda, a annoncé lundi le gouvernement."],
    negative=["Le gouvernement a annoncé lundi que 12 civils ont été tués à Zenda."],
    check=lambda t: (
        [a.source for a in figures.attributions(_s(t), "fr")] == ["gouvernement"]
        and t.index("a annoncé") < t.index("gouvernement")
    ),
)


def _country_named(text: str) -> bool:
    from frontwatch.lang.reader import country_words

    return bool(country_words(text, _lang(text)))


CLDR_COUNTRIES = register(
    "ACTORS-INTL-CLDR-COUNTRIES",
    stage="actors",
    reason="every country's name comes from CLDR (Babel), not only the hand table's; capitalised in cased scripts "
    "(Russian 'того' is no Togo), at least four letters, and five in Arabic ('عمان' is Oman and Amman)",
    positive=["Des soldats du Tchad ont été tués près de Zenda.", "وقال الجيش الإسرائيلي إنه قصف مواقع قرب زندا."],
    negative=["В тот день того солдата ранили под Зендой.", "وصل الوفد إلى عمان مساء الجمعة."],
    check=_country_named,
)


def _framed_village(text: str) -> bool:
    from frontwatch.pipeline import gazetteer

    return any(t.place is None and t.cue == "city" for t in places.find_places(_s(text), _lang(text), gazetteer()))


FRAMED_VILLAGE = register(
    "PLACES-INTL-FRAMED-VILLAGE",
    stage="places",
    reason="a capitalised name right after a noun of place ('la localité de X', 'село X') is a village even where "
    "the gazetteer lacks it, so the event is kept at the story's province",
    positive=[
        "Des rebelles ont attaqué la localité de Tarlenheimu, dans le nord, faisant trois morts.",
        "Боевики обстреляли село Тарленхаймово, погибли двое.",
    ],
    negative=[
        "Des rebelles ont attaqué la localité voisine, faisant trois morts.",
        "Боевики обстреляли село, погибли двое.",
    ],
    check=_framed_village,
)


def _named_group(text: str) -> bool:
    from frontwatch.lang.reader import find_actors

    return any(a.actor.inter == 2 for a in find_actors(_s(text), _lang(text), None, date(2023, 3, 4)))


NAME_AS_WRITTEN = register(
    "ACTORS-INTL-NAME-AS-WRITTEN",
    stage="actors",
    reason="a group's name or acronym written as in English ('M23', 'JNIM', 'Boko Haram') names it in any language; "
    "only capitalised and whole, so a common word that spells an acronym in lower case is none",
    positive=[
        "Des rebelles du M23 ont pris le contrôle de la localité de Zenda samedi.",
        "Des combattants de Boko Haram ont attaqué la localité de Zenda samedi.",
    ],
    negative=[
        "Des rebelles ont pris le contrôle de la localité de Zenda samedi, le m23 du mois.",
        "Des combattants ont attaqué la localité de Zenda samedi, boko haram disent-ils.",
    ],
    check=_named_group,
)


def _place_names(text: str) -> list[str]:
    from frontwatch.lang.reader import named_group_spans
    from frontwatch.pipeline import gazetteer

    groups = [(a, b) for a, b, _ in named_group_spans(text)]
    found = places.find_places(_s(text), _lang(text), gazetteer(), not_in=groups)
    return [t.name for t in found if t.place is not None]


INSIDE_GROUP_NAME = register(
    "PLACES-INTL-INSIDE-GROUP-NAME",
    stage="places",
    reason="a word of a named group's name ('Boko' of 'Boko Haram') is no town, whatever town GeoNames spells so",
    positive=["Des combattants de Boko Haram ont attaqué un poste de l'armée samedi, faisant trois morts."],
    negative=["Des combattants ont attaqué un poste de l'armée près de Boko samedi, faisant trois morts."],
    check=lambda t: "Boko" not in _place_names(t),
)

SHORT_NAMES = register(
    "PLACES-INTL-SHORT-NAMES",
    stage="places",
    reason="a capitalised three-letter name inside a sentence ('près de Bol', 'à Gao') is a place; only at a "
    "sentence's start is it mostly an article ('Les', 'Une')",
    positive=["Dix militaires ont été tués samedi dans une attaque près de Bol, a annoncé l'armée."],
    negative=["Bol et vaisselle ont été détruits samedi dans une attaque, a annoncé l'armée."],
    check=lambda t: "Bol" in _place_names(t),
)

INVERTED_SPEAKER = register(
    "CLAIMS-INTL-INVERTED-SPEAKER",
    stage="claims",
    reason="Russian and Ukrainian put the speaker after a verb that does not close its clause ('обнародовал глава полиции X')",
    positive=["Эти данные обнародовал глава полиции Зенды Иван Петров."],
    negative=["Министр обороны заявил, что трое военных погибли.", "В министерстве сообщили о 24 погибших."],
    check=lambda t: any(t.lower().find(a.verb) < a.start for a in figures.attributions(_s(t), "ru")),
)


def _same_incident(pair: str) -> bool:
    from frontwatch.lang.embed import encode
    from frontwatch.lang.linking import SAME_EVENT_SIMILARITY

    a, b = pair.split(" ||| ")
    x = encode([a, b])
    return float(x[0] @ x[1]) >= SAME_EVENT_SIMILARITY


CROSS_LANGUAGE = register(
    "LINK-CROSS-LANGUAGE-SIMILARITY",
    stage="link",
    reason="across languages a high e5 similarity stands in for the sub-type and actor checks, which the reader without a translator fills less reliably",
    positive=[
        "Gunmen attacked an army post in Zenda on Sunday, killing twelve soldiers. ||| "
        "Des hommes armés ont attaqué un poste de l'armée à Zenda dimanche, tuant douze soldats."
    ],
    negative=[
        "The football club of Zenda won the cup final on Sunday. ||| "
        "Des hommes armés ont attaqué un poste de l'armée à Zenda dimanche, tuant douze soldats."
    ],
    check=_same_incident,
    needs_parse=True,
)
