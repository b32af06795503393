"""Word sets of the place-name recogniser, named for what each does in ``recognize``. The words live in
the vocabulary tables (``place_words``, ``name_particles``, ``distance_units``, ``calendar_words``,
``attribution_verbs``), one column per role, where ``events.places`` and ``geo.normalize`` read them too."""

from __future__ import annotations

from frontwatch import vocabulary


def _words(name: str, **where: vocabulary.Where) -> frozenset[str]:
    return frozenset(vocabulary.terms(name, **where))


# lower-case words allowed inside a multi-word name ("Mazar-e Sharif", "Bay of Islands", "Dar es Salaam"); a
# hyphen is its own token in spaCy's split of "Mazar - e"
CONNECTORS = _words("name_particles", place_name="yes") | {"-"}
PREPOSITIONS = _words("place_words", lang="en", before="yes")
# a word after a name that says its kind ("Helmand province", "Nad Ali district")
CUE_AFTER = vocabulary.lookup("place_words", "after", lang="en", after=("province", "district", "city"))
# a plural noun of place before "of" and a list of names: each name is of that kind ("the towns of X and Y")
OF_LIST = vocabulary.lookup("place_words", "of_list", lang="en", of_list=("province", "district", "city"))
# words after a name that make it a place without saying which kind ("Shindand airfield")
PLACE_AFTER = _words("place_words", lang="en", after="place")
# the one-word rows: the recogniser compares a single token ("close to" is read by events/places.py)
NEAR_BEFORE = frozenset(w for w in _words("place_words", lang="en", near="yes") if " " not in w)
DISTANCE_UNITS = _words("distance_units", lang="en")
# capitalised words that are also names of small villages somewhere, and the month and weekday names
STOP = _words("place_words", lang="en", stop="yes") | _words("calendar_words", lang="en", kind=("month", "weekday"))
# a capitalised word after a town's name that makes the whole a street: "Lincoln Avenue" is not in Lincoln
STREET_AFTER = _words("place_words", lang="en", after="street")
# ... or a building or site that is as often named after a person ("St. Anne's Cathedral", "Baxter Memorial
# Hospital") as after its town: kept only where the document's geography agrees. Universities, courts
# and schools are left out: "Pike County Court", "Utrecht University" are in their namesakes.
FACILITY_AFTER = _words("place_words", lang="en", after="facility")
# last words of unknown places that are not the place itself: "Spanish America" is not the United
# States, "Mekong Delta" not a Nigerian state, "Ottoman Empire" not a village called Empire
NOT_A_HEAD = _words("place_words", lang="en", not_a_head="yes")
REGION_MODIFIERS = _words("place_words", lang="en", region="yes")
# the four points ("24 km north of X")
CARDINAL = _words("place_words", lang="en", cardinal="yes")
# verbs of saying after a lone name mark a person ("Clark said"), whatever towns share the name
# (the attribution table's verbs, plus questions and answers, which attribute no claim)
SPEECH = frozenset(vocabulary.terms("attribution_verbs", form="verb", lang="en")) | {"asked", "replied"}
# one-word verbs by which a side gains or regains a place ("seized", "recaptured"): their object is a place
# (rule PLACES-CAPTURE-OBJECT); read from control_verbs, where events.listed_places reads them too
CAPTURE_FORMS = frozenset(
    t.lower() for t in vocabulary.terms("control_verbs", lang="en", direction=("gain", "regain")) if " " not in t
)
