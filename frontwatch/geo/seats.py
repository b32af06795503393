"""Provinces named after their seat: "the Belgorod region" is the province whose seat is Belgorod."""

from __future__ import annotations

from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.model import Place
from frontwatch.rulebook import register


def region_of_its_seat(cue: str | None, place: Place, gaz: Gazetteer) -> Place:
    """Rule PLACES-REGION-OF-ITS-SEAT: "the Belgorod region" names the province whose seat is the city Belgorod,
    where the gazetteer knows the province only by another form of its name ("Belgorodskaya oblast'")."""
    if cue != "province" or place.feature != "city" or not place.admin1 or not place.country_code:
        return place
    seat = gaz.capital_of_admin1(place.country_code, place.admin1)
    if seat is None or seat.geonameid != place.geonameid:
        return place
    return gaz.admin1(place.country_code, place.admin1) or place


def _seat_check(text: str) -> bool:
    from frontwatch.geo import geoparse

    return any(t.place is not None and t.place.feature == "admin1" for t in geoparse(text))


PLACES_REGION_OF_ITS_SEAT = register(
    "PLACES-REGION-OF-ITS-SEAT",
    stage="places",
    reason="'the X region' names the province whose seat is X, even where the gazetteer knows the province only "
    "by another form of its name",
    positive=["A drone hit an oil depot in the Belgorod region early on Wednesday."],
    negative=["A drone hit an oil depot in the city of Belgorod early on Wednesday."],
    check=_seat_check,
    needs_parse=True,
)
