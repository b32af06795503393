"""The routes the web page draws from (/api/web/...), in-process over tests/test_api.py's database."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from frontwatch import service
from frontwatch.api import create_app
from frontwatch.store import aggregate as agg

TOTAL = 8


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from test_api import populate

    url = f"sqlite:///{tmp_path_factory.mktemp('webapi') / 'events.db'}"
    store = service.open_db(url)
    try:
        populate(store)
    finally:
        store.close()
    with TestClient(create_app(url, token="")) as c:
        yield c


def test_grid_counts_every_event_once_and_a_lone_event_comes_whole(client: TestClient) -> None:
    body = client.get("/api/web/grid?zoom=3").json()
    assert body["total"] == TOTAL == sum(c["n"] for c in body["cells"])
    lone = [c for c in body["cells"] if c["n"] == 1]
    assert {c["event"]["event_id"] for c in lone} == {"UA-protest0305"}
    # at town zoom the five Bakhmut fights share one spot, the others stand alone
    body = client.get("/api/web/grid?zoom=12").json()
    by_place = {c["place"]: c for c in body["cells"]}
    assert by_place["Bakhmut"]["n"] == 5 and by_place["Bakhmut"]["fatalities"] == 10
    assert by_place["Kharkiv"]["event_id"] == "UA-shell0301" and by_place["Kharkiv"]["disputed"] == 1
    # the map's bounds filter like any other filter
    kyiv = client.get("/api/web/grid?zoom=12&bbox=30,50,31,51").json()
    assert kyiv["total"] == 1 and kyiv["cells"][0]["place"] == "Kyiv"


def test_timeline_buckets_stack_events_and_fatalities_by_type(client: TestClient) -> None:
    day = client.get("/api/web/timeline").json()
    assert day["bucket"] == "day" and day["total"] == TOTAL and day["fatalities"] == 15
    assert day["bbox"] == [30.5238, 48.1394, 38.0003, 50.4547]
    week = client.get("/api/web/timeline?bucket=week").json()
    first = week["periods"][0]
    assert (first["start"], first["end"]) == ("2024-01-08", "2024-01-14")  # Monday to Sunday
    assert first["events"] == {"Battles": 5} and first["fatalities"] == {"Battles": 10}
    month = client.get("/api/web/timeline?bucket=month").json()
    assert [p["start"] for p in month["periods"]] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert month["periods"][2]["events"] == {"Explosions/Remote violence": 1, "Protests": 1}
    assert sum(sum(p["events"].values()) for p in month["periods"]) == TOTAL
    assert client.get("/api/web/timeline?bucket=year").status_code == 400


def test_facets_count_each_value_without_their_own_filter(client: TestClient) -> None:
    body = client.get("/api/web/facets?event_type=Battles").json()
    types = {v["value"]: v["n"] for v in body["event_type"]["values"]}
    assert types == {"Battles": 6, "Explosions/Remote violence": 1, "Protests": 1}
    assert body["sub_event_type"]["values"] == [{"value": "Armed clash", "n": 6}]
    assert {v["value"]: v["n"] for v in body["outlet"]["values"]} == {"Ukrinform": 5, "TASS": 1}
    assert {v["value"] for v in body["admin1"]["values"]} == {"Donetska"}


def test_outlet_filter_reaches_events_and_exports(client: TestClient) -> None:
    assert client.get("/api/events?outlet=tass").json()["total"] == 1
    assert client.get("/api/events?outlet=Ukrinform").json()["total"] == 6  # five fillers and the shelling
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export.csv?outlet=TASS").text)))
    assert [r["event_id_cnty"] for r in rows] == ["UA-capture0217"]


def test_table_sorts_pages_and_counts(client: TestClient) -> None:
    body = client.get("/api/web/table?sort=fatalities&order=desc&limit=2").json()
    assert body["total"] == TOTAL and len(body["events"]) == 2
    top = body["events"][0]
    assert top["event_id"] == "UA-shell0301" and top["disputed"] is True
    assert top["sources"] == ["Kyiv Independent", "Ukrinform"]
    asc = client.get("/api/web/table?sort=event_date&order=asc&limit=3&offset=1").json()
    assert [e["event_date"] for e in asc["events"]] == ["2024-01-11", "2024-01-12", "2024-01-13"]
    assert client.get("/api/web/table?sort=payload").status_code == 400
    assert client.get("/api/web/table?limit=201").status_code == 400


def test_answers_carry_an_etag_and_are_compressed(client: TestClient) -> None:
    first = client.get("/api/web/table?limit=8", headers={"Accept-Encoding": "gzip"})
    assert first.headers["content-encoding"] == "gzip"
    assert first.headers["cache-control"] == "no-cache"
    etag = first.headers["etag"]
    again = client.get("/api/web/table?limit=8", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    # another view has another tag
    other = client.get("/api/web/table?limit=7")
    assert other.headers["etag"] != etag


def test_etag_changes_when_the_data_does(tmp_path: pytest.TempPathFactory) -> None:
    from test_api import populate

    url = f"sqlite:///{tmp_path / 'changing.db'}"  # type: ignore[operator]
    store = service.open_db(url)
    with TestClient(create_app(url, token="")) as c:
        empty = c.get("/api/web/timeline")
        assert empty.json()["total"] == 0
        populate(store)
        full = c.get("/api/web/timeline", headers={"If-None-Match": empty.headers["etag"]})
        assert full.status_code == 200 and full.json()["total"] == TOTAL
    store.close()


def test_evidence_marks_only_sentences_that_support_a_field(client: TestClient) -> None:
    from test_api import SHELL_SENT

    body = client.get("/api/web/evidence/UA-shell0301").json()
    art = next(a for a in body["articles"] if a["id"] == "kyivind-0301")
    assert len(art["marks"]) == 1
    mark = art["marks"][0]
    assert art["text"][mark["start"] : mark["end"]] == SHELL_SENT
    assert mark["labels"] == ["date", "type", "actor 1", "place", "fatalities"]
    assert mark["claim"] == "the regional governor"
    # the dateline and the rescue sentence are background: not marked
    marked = "".join(art["text"][m["start"] : m["end"]] for m in art["marks"])
    assert "Rescue work" not in marked and "KHARKIV, 1 March." not in marked
    assert client.get("/api/web/evidence/nope").status_code == 404


def test_control_view_follows_the_filters(client: TestClient) -> None:
    places = client.get("/api/web/control").json()["places"]
    assert [p["place"] for p in places] == ["Avdiivka"]
    assert places[0]["changes"][0]["status"] == "unconfirmed"
    assert client.get("/api/web/control?event_type=Protests").json()["places"] == []
    assert client.get("/api/web/control?date_from=2024-03-01").json()["places"] == []


def test_docs_load_nothing_from_another_host(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html
    assert client.get("/redoc").status_code == 404


def test_static_files_are_compressed(client: TestClient) -> None:
    resp = client.get("/static/app.js", headers={"Accept-Encoding": "gzip"})
    assert resp.headers.get("content-encoding") == "gzip"
    assert len(gzip.compress(resp.content)) < len(resp.content)


@pytest.mark.parametrize(
    ("zoom", "cell"),
    [(0, 90.0), (2, 22.5), (12, 360 / 4096 / 4)],
)
def test_cell_size(zoom: int, cell: float) -> None:
    assert agg.cell_size(zoom) == pytest.approx(cell)


def test_answers_match_their_documented_models(client: TestClient) -> None:
    from frontwatch.api import web_models as m

    for url, model in [
        ("/api/web/grid?zoom=12", m.Grid),
        ("/api/web/timeline?bucket=week", m.Timeline),
        ("/api/web/facets", m.Facets),
        ("/api/web/table", m.Table),
        ("/api/web/control", m.ControlView),
        ("/api/web/evidence/UA-shell0301", m.Evidence),
    ]:
        model.model_validate(client.get(url).json())


def test_warm_computes_the_landing_view_the_page_asks_for(tmp_path: pytest.TempPathFactory) -> None:
    from test_api import populate

    from frontwatch.api.web import warm

    url = f"sqlite:///{tmp_path / 'warm.db'}"  # type: ignore[operator]
    store = service.open_db(url)
    populate(store)
    store.close()
    app = create_app(url, token="")
    with TestClient(app) as c:
        assert warm(app) == 4
        cached = dict(app.state.web_cache.items)
        # the page's first requests are answered from what warm() computed: nothing new is cached
        assert c.get("/api/web/grid?zoom=2").json()["total"] == TOTAL
        assert c.get("/api/web/timeline?").json()["total"] == TOTAL
        assert c.get("/api/web/table?sort=event_date&order=desc&offset=0&limit=50").json()["total"] == TOTAL
        assert c.get("/api/web/facets?").status_code == 200
        assert dict(app.state.web_cache.items) == cached


def test_a_sentence_that_only_repeats_names_is_not_marked_again() -> None:
    from frontwatch.api.web import _without_repeats

    def m(start: int, *fields: str, claim: str | None = None) -> dict[str, object]:
        return {"start": start, "end": start + 5, "fields": list(fields), **({"claim": claim} if claim else {})}

    marks = [
        m(0, "event_date", "event_type", "actor1", "location"),
        m(10, "actor1", "location"),  # background: names already shown
        m(20, "actor2", "location"),  # the first to show actor 2
        m(30, "actor2"),  # again
        m(40, "actor1", claim="the ministry"),  # a claim stays
        m(50, "event_type", "location"),  # supports the type: stays
    ]
    assert [x["start"] for x in _without_repeats(marks)] == [0, 20, 40, 50]
