"""Armed groups assaulting the posts of state forces, end to end (invented reports; issue 11, eighth session).

- CLASSIFY-ASSAULT-ON-FORCES-POST: gangs storming a prison or gunmen attacking a police station fight the forces that
  hold it, an armed clash (the model alone read a prison break as "Other" and a police-station attack as mob
  violence);
- ACTORS-POST-HOLDERS: the police holding the post are the clash's second side where the report names none.
"""

from __future__ import annotations

from datetime import date

import pytest

from frontwatch.model import Article
from frontwatch.pipeline import analyse

REPORTS = {
    "prison": (
        "PORT-AU-PRINCE, March 4 (Island Wire) - Armed gangs stormed the main prison in Cap-Haitien over the weekend, "
        "freeing most of its 900 inmates, the government said on Sunday.\n\n"
        "At least seven people were killed in the violence, according to a police union.",
        "HT",
        "Cap-Haïtien",
    ),
    "station": (
        "Gunmen attacked a police station in Gombe on Tuesday night and set two patrol vehicles on fire, "
        "a police spokesman said on Wednesday. Two officers were wounded.",
        "NG",
        "Gombe",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(REPORTS))
def test_an_armed_assault_on_a_post_is_a_clash_with_the_police_holding_it(key: str) -> None:
    text, country, town = REPORTS[key]
    result = analyse(Article(id=key, text=text, published=date(2024, 3, 6), outlet="Wire"))
    (report,) = [r for r in result.reports if r.place is not None and r.place.country_code == country]
    assert report.sub_event_type == "Armed clash"
    assert report.place.name == town
    assert report.actor1 is not None and report.actor1.inter in (2, 3, 4)
    assert report.actor2 is not None and report.actor2.name.startswith("Police Forces of")
