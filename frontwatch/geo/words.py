"""Word lists of the place-name recogniser: general English and news usage, named for what each
list does in ``recognize``; none is tuned to a text."""

from __future__ import annotations

from frontwatch import vocabulary

# lower-case words allowed inside a multi-word name ("Mazar-e Sharif", "Bay of Islands", "Dar es Salaam")
CONNECTORS = frozenset(
    {"e", "i", "ye", "al", "el", "as", "ash", "ad", "ar", "es", "de", "del", "la", "le", "of", "upon", "on", "da", "do"}
    | {"dos", "das", "du", "des", "-", "ul", "bin", "ibn", "abu", "and"}
)
PREPOSITIONS = frozenset(
    {"in", "at", "near", "from", "to", "outside", "into", "across", "toward", "towards", "around", "through", "on"}
    | {"between", "via", "inside", "beyond", "nearby", "northern", "southern", "eastern", "western", "central"}
    | {"north", "south", "east", "west", "province", "district", "city", "town", "village"}
)
CUE_AFTER = {
    "province": "province",
    "provinces": "province",
    "provincial": "province",
    "governorate": "province",
    "state": "province",
    "region": "province",
    "district": "district",
    "districts": "district",
    "county": "district",
    "city": "city",
    "town": "city",
    "village": "city",
    "township": "city",
}
# words after a name that make it a place without saying which kind ("Shindand airfield")
PLACE_AFTER = frozenset(
    {"airfield", "airport", "airbase", "base", "valley", "border", "area", "outskirts", "residents"}
)
NEAR_BEFORE = frozenset({"near", "outside", "outskirts", "nearby", "around"})
DISTANCE_UNITS = frozenset({"km", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "kms"})
# capitalised words that are also names of small villages somewhere; a general list, not tuned to texts
STOP = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
    mr mrs ms dr sir president minister general gen col capt sgt lt police army government officials
    official news reuters associated press update breaking said says god allah islamic state taliban
    president's christmas easter ramadan eid university hospital school church mosque street road
    north south east west northern southern eastern western central
    union center centre airport town city port man garden gardens park lot ski first free ocean lakes gulf
    beach island valley river lake mount hill bay harbour harbor station hall bridge mission liberty
    independence victory hope unity progress democrat republican christian federal national royal grand
    golden green white black red blue new old home house court office market college academy county
    peninsula cathedral farm road embassy quarter basilica harbor harbour middle east atlantic pacific arab
    """.split()
)
# a capitalised word after a town's name that makes the whole a street: "Lincoln Avenue" is not in Lincoln
STREET_AFTER = frozenset(
    {"street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "drive", "parade", "terrace"}
    | {"crescent", "square", "alley"}
)
# ... or a building or site that is as often named after a person ("St. Anne's Cathedral", "Baxter Memorial
# Hospital") as after its town: kept only where the document's geography agrees. Universities, courts
# and schools are left out: "Pike County Court", "Utrecht University" are in their namesakes.
FACILITY_AFTER = frozenset(
    {"library", "centre", "center", "farm", "hall", "stadium", "arena", "museum", "basilica", "cathedral"}
    | {"church", "chapel", "hospital", "harbor", "harbour", "memorial"}
)
# last words of unknown places that are not the place itself: "Spanish America" is not the United
# States, "Mekong Delta" not a Nigerian state, "Ottoman Empire" not a village called Empire
NOT_A_HEAD = frozenset(
    {"america", "americas", "sea", "delta", "coast", "desert", "basin", "plain", "plains", "empire", "kingdom"}
)
REGION_MODIFIERS = frozenset(
    {"central", "latin", "north", "south", "east", "west", "northern", "southern", "eastern", "western"}
    | {"southeast", "southeastern", "northeast", "northeastern", "southwest", "northwest", "sub-saharan"}
)
# verbs of saying after a lone name mark a person ("Clark said"), whatever towns share the name
# (the attribution table's verbs, plus questions and answers, which attribute no claim)
SPEECH = frozenset(vocabulary.terms("attribution_verbs", form="verb", lang="en")) | {"asked", "replied"}
