"""Non-English reading (issue 12): language identification, sentences, figures, places, routing."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from frontwatch.lang import figures, places
from frontwatch.lang.detect import identify, route
from frontwatch.lang.sentences import sentence_spans
from frontwatch.lang.translate import protect_names, restore_names
from frontwatch.model import Article, Sentence


def _s(text: str) -> Sentence:
    return Sentence("t", 0, 0, len(text), text)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Des hommes armés ont attaqué un poste de l'armée à Zenda dimanche, tuant douze soldats, selon le gouvernement.",
            "fr",
        ),
        (
            "В понедельник артиллерия обстреляла жилые кварталы Зенды, погибли три мирных жителя, сообщили местные власти.",
            "ru",
        ),
        ("غارات جوية استهدفت سوقا في مدينة زندا يوم الاثنين ما أسفر عن مقتل تسعة مدنيين.", "ar"),
        ("Rebels attacked an army post in Zenda on Tuesday, killing four soldiers, the defence ministry said.", "en"),
    ],
)
def test_identify(text: str, lang: str) -> None:
    assert identify(text).language == lang


def test_a_control_character_does_not_cut_the_text_cld3_reads() -> None:
    """CLD3 stops at a C1 control (U+0097, a cp1252 dash once decoded as latin-1): it then judged
    this invented English story by its headline and dateline alone, German with p=0.98."""
    text = (
        "Man dies in Ind. jail. BRANTFORD, Ind. (Wire) \x97 Police say a man has been arrested after shots were"
        " fired outside a downtown bar late Saturday. Nobody was hurt. The suspect was booked into the county jail"
        " on charges of reckless endangerment and unlawful use of a weapon."
    )
    assert identify(text).language == "en"
    assert route(Article(id="c1", text=text, language="en"), []) == "en"


def test_route_overrules_a_wrong_hint_and_keeps_it_for_short_text() -> None:
    long_ru = "В понедельник артиллерия обстреляла жилые кварталы Зенды, погибли три мирных жителя. " * 3
    art = Article(id="a", text=long_ru, language="en")
    notes: list[str] = []
    assert route(art, notes) == "ru" and art.language == "ru" and notes[0].startswith("FW-LANG-001")
    short = Article(id="b", text="Zenda: trois morts.", language="en")
    assert route(short, []) == "en"


def test_unsupported_language_is_recorded_not_coded_as_english() -> None:
    from frontwatch.pipeline import analyse

    text = (
        "Rebellen haben am Dienstag einen Armeeposten in Zenda angegriffen und vier Soldaten getötet, sagte das Ministerium. "
        * 2
    )
    result = analyse(Article(id="de", text=text, published=date(2021, 3, 10), language="en"))
    assert result.article.language == "de" and not result.reports
    assert any(w.startswith("FW-IN-002") for w in result.warnings)


def test_sentences_split_on_stops_and_lines_but_not_abbreviations() -> None:
    text = "Selon M. Dupont, trois morts. Deux blessés.\nLe titre"
    parts = [text[a:b] for a, b in sentence_spans(text)]
    assert parts == ["Selon M. Dupont, trois morts.", "Deux blessés.", "Le titre"]


def test_counts_with_number_words_and_modifiers() -> None:
    fr = figures.find_counts(_s("Selon le ministre, au moins une vingtaine de morts et sept blessés."), "fr")
    assert [(c.low, c.best, c.high, c.kind) for c in fr] == [(20, 20, None, "killed"), (7, 7, 7, "wounded")]
    ru = figures.find_counts(_s("После удара по рынку погибли 4 человека, а 11 получили ранения."), "ru")
    assert [(c.best, c.kind) for c in ru] == [(4, "killed"), (11, "wounded")]
    ar = figures.find_counts(_s("ارتفعت حصيلة الهجوم إلى 41 شهيدا و12 مصابا"), "ar")
    assert [(c.best, c.kind) for c in ar] == [(41, "killed"), (12, "wounded")]


def test_dates_relative_to_publication() -> None:
    sunday = figures.find_dates(_s("В воскресенье вечером начались акции протеста."), "ru", date(2021, 3, 8))
    assert [d.day for d in sunday] == [date(2021, 3, 7)]
    same_friday = figures.find_dates(_s("Des manifestants ont défilé ce vendredi à Zenda."), "fr", date(2021, 3, 5))
    assert [d.day for d in same_friday] == [date(2021, 3, 5)]
    assert figures.find_dates(_s("Le président, âgé de 81 ans, et sept ministres."), "fr", date(2021, 3, 5)) == []


def test_attribution_sources() -> None:
    got = figures.attributions(_s("Selon le gouvernement zendien, douze soldats ont été tués."), "fr")
    assert got[0].source == "gouvernement zendien"
    inverted = figures.attributions(_s("Эти данные обнародовал глава полиции Зенды Иван Петров."), "ru")
    assert inverted[0].source.startswith("глава полиции")
    before = figures.attributions(_s("В министерстве сообщили о 24 погибших."), "ru")
    assert before[0].source == "министерстве"


@pytest.mark.slow
def test_places_through_alternate_names_with_case_endings_and_gate() -> None:
    from frontwatch.pipeline import gazetteer

    g = gazetteer()
    got = places.find_places(
        _s("Ночью армия нанесла ракетный удар по Херсону и обстреляла окрестности Мелитополя."), "ru", g
    )
    assert [t.place.name for t in got if t.place] == ["Kherson", "Melitopol"]
    # no trigger word: an alternate name alone is not trusted
    assert places.find_places(_s("Мы были в Херсоне летом."), "ru", g) == []
    ar = places.find_places(_s("قصف مدفعي استهدف أحياء بدمشق أسفر عن قتلى"), "ar", g)
    assert [t.place.name for t in ar if t.place] == ["Damascus"]


def test_protect_names_swaps_places_only() -> None:
    text, names = protect_names("Los manifestantes de Villa Zenda marcharon.", lambda n: n == "Villa Zenda")
    assert names == ["Villa Zenda"] and "Villa Zenda" not in text
    assert restore_names(text.replace("marcharon", "marched"), names) == "Los manifestantes de Villa Zenda marched."


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("apertium") is None, reason="Debian's apertium-eng-spa is not installed")
def test_spanish_article_is_analysed_on_its_translation_with_spans_in_the_original() -> None:
    from frontwatch.pipeline import analyse

    text = (
        "La policía disparó contra manifestantes en Arequipa el lunes y mató a cuatro personas, "
        "informó la Defensoría del Pueblo. Los manifestantes bloqueaban la carretera."
    )
    result = analyse(Article(id="es", text=text, published=date(2023, 3, 7), language="es"))
    assert result.article.language == "es" and result.reports
    r = result.reports[0]
    assert r.place.name == "Arequipa"
    for spans in r.evidence.values():
        for sp in spans:
            assert sp.article_id == "es" and 0 <= sp.start < sp.end <= len(text)
    assert all(c.language == "es" and c.translation for c in result.claims)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("apertium") is None, reason="Debian's apertium-eng-spa is not installed")
@pytest.mark.parametrize(
    "sentence",
    [
        # CLASSIFY-EXPLOSIVES-ATTACK on the translation ("an attack with explosives against a patrol")
        "Tres policías murieron el martes en un ataque con explosivos contra una patrulla en Arequipa.",
        # translation_glossary: "artefacto explosivo" reaches the classifier as "explosive device", not "artefact"
        "Un artefacto explosivo estalló el martes al paso de una patrulla policial en Arequipa y mató a tres policías.",
    ],
)
def test_a_spanish_explosive_attack_is_a_remote_explosive(sentence: str) -> None:
    from frontwatch.pipeline import analyse

    result = analyse(Article(id="es", text=sentence, published=date(2023, 3, 8), language="es"))
    (report,) = result.reports
    assert report.sub_event_type == "Remote explosive/landmine/IED"
    assert report.place is not None and report.place.name == "Arequipa"


@pytest.mark.slow
def test_russian_report_joins_the_english_event_and_its_figure_enters_the_conflict(tmp_path) -> None:
    from frontwatch.service import ingest_article, list_events, open_db

    store = open_db(f"sqlite:///{tmp_path / 'x.db'}")
    day = date(2021, 3, 10)
    en = Article(
        id="en1",
        text="Artillery shelled residential areas of Kramatorsk on Monday, killing three civilians, local officials said.",
        published=day,
        outlet="Wire",
    )
    ru = Article(
        id="ru1",
        text="В понедельник артиллерия обстреляла жилые кварталы Краматорска, погибли пять мирных жителей, сообщили местные власти.",
        published=day,
        outlet="Лента",
        language="en",  # a wrong hint: the text decides
    )
    assert ingest_article(store, en).events_new == 1
    out = ingest_article(store, ru)
    assert out.events_joined == 1
    (event,) = list_events(store)
    assert set(event.article_ids) == {"en1", "ru1"}
    ru_claims = [c for c in event.claims if c.language == "ru"]
    assert ru_claims and ru_claims[0].value == 5 and ru_claims[0].text in ru.text
    fatal = next(c for c in event.conflicts if c.topic == "fatalities")
    assert fatal.values == ["3", "5"] and any("[ru]" in s for s in fatal.sources)


def test_ukrainian_counts_and_attribution() -> None:
    s = _s("За даними поліції, унаслідок обстрілу загинули п'ять мирних жителів, ще 12 поранені.")
    assert [(c.best, c.kind) for c in figures.find_counts(s, "uk")] == [(5, "killed"), (12, "wounded")]
    assert figures.attributions(s, "uk")[0].source == "поліції"


@pytest.mark.slow
def test_ukrainian_place_in_locative_and_destination_is_skipped() -> None:
    from frontwatch.pipeline import gazetteer

    g = gazetteer()
    here = places.find_places(_s("Окупанти обстріляли Харків, загинули троє цивільних."), "uk", g)
    assert [t.place.name for t in here if t.place] == ["Kharkiv"]
    went = places.find_places(_s("Після обстрілу техніку вивезли в бік Харкова."), "uk", g)
    assert went == []


@pytest.mark.slow
def test_a_french_report_names_the_group_as_written_and_a_short_town_name() -> None:
    """ACTORS-INTL-NAME-AS-WRITTEN with a name of two words, PLACES-INTL-INSIDE-GROUP-NAME ("Boko" is no Ivorian
    town) and PLACES-INTL-SHORT-NAMES ("près de Bol"): invented wording."""
    from frontwatch.pipeline import analyse

    text = (
        "Au moins dix militaires tchadiens ont été tués samedi dans des affrontements avec des combattants de "
        "Boko Haram près de Bol, dans la province du Lac, a annoncé l'armée."
    )
    (report,) = analyse(Article(id="fr", text=text, published=date(2024, 6, 10), language="fr")).reports
    assert report.sub_event_type == "Armed clash"
    assert report.place is not None and (report.place.name, report.place.country_code) == ("Bol", "TD")
    assert report.actor1 is not None and report.actor1.name.startswith("Boko Haram")
    assert report.actor2 is not None and report.actor2.name.startswith("Military Forces of Chad")


def test_french_nationality_adjectives_name_their_country() -> None:
    from frontwatch.lang.reader import country_words

    found = country_words("Des soldats tchadiens, des militaires nigérians et des casques bleus rwandais.", "fr")
    assert [cc for _, cc in found] == ["TD", "NG", "RW"]
    assert country_words("Des soldats ont été tués.", "fr") == []
