"""The HTTP API, in-process over a real SQLite file filled with hand-built objects (no NLP)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from frontwatch import service
from frontwatch.api import create_app
from frontwatch.export import ACLED_COLUMNS
from frontwatch.model import (
    Actor,
    Article,
    Claim,
    Conflict,
    ControlChange,
    Count,
    Event,
    EventDate,
    Place,
    Report,
    Span,
)
from frontwatch.pipeline import ArticleAnalysis
from frontwatch.store import Store

TOKEN = "s3cret-test-token"

KHARKIV = Place("Kharkiv", 49.9935, 36.2304, 706483, "city", "UA", "Ukraine", "Kharkivska", None, 1_430_885)
AVDIIVKA = Place("Avdiivka", 48.1394, 37.7497, 713174, "city", "UA", "Ukraine", "Donetska", None, 31_940)
KYIV = Place("Kyiv", 50.4547, 30.5238, 703448, "city", "UA", "Ukraine", "Kyiv City", None, 2_797_553)
BAKHMUT = Place("Bakhmut", 48.5953, 38.0003, 712451, "city", "UA", "Ukraine", "Donetska", None, 72_310)
RUSSIA = Actor("Military Forces of Russia", 8, "ru-mil", "RU")
UKRAINE = Actor("Military Forces of Ukraine", 1, "ua-mil", "UA")
CIVILIANS = Actor("Civilians (Ukraine)", 7, None, "UA")
PROTESTERS = Actor("Protesters (Ukraine)", 6, None, "UA")

# the sentences the evidence spans point at; tests look for them in responses and on the page
SHELL_SENT = "Russian forces shelled Kharkiv on Friday, killing five civilians, the regional governor said."
SHELL_TEXT_A = f"KHARKIV, 1 March. {SHELL_SENT} Rescue work went on through the night."
SHELL_SENT_B = "Seven people were killed when artillery hit Kharkiv, local officials said."
SHELL_TEXT_B = f"{SHELL_SENT_B} Several buildings were destroyed."
CAPTURE_SENT = "Russian forces captured Avdiivka on 17 February, the defence ministry in Moscow said."
CAPTURE_TEXT = f"{CAPTURE_SENT} Ukraine's army said its troops had withdrawn to new lines."
PROTEST_SENT = "Hundreds of people rallied in Kyiv on Tuesday to demand the return of prisoners of war."
PROTEST_TEXT = f"{PROTEST_SENT} The protest ended peacefully."


def span(article: Article, sentence: str) -> Span:
    start = article.text.index(sentence)
    return Span(article.id, start, start + len(sentence))


def article(ident: str, text: str, day: date, outlet: str, *, title: str | None = None) -> Article:
    return Article(id=ident, text=text, published=day, outlet=outlet, title=title, url=f"https://example.org/{ident}")


def report(art: Article, sentence: str, **kw: Any) -> Report:
    s = span(art, sentence)
    day = kw.pop("day")
    evidence = {k: [s] for k in ("event_date", "location", "event_type", "actor1")}
    if kw.get("fatalities"):
        evidence["fatalities"] = [s]
    return Report(
        article_id=art.id,
        event_date=EventDate(day),
        evidence=evidence,
        text=sentence,
        outlet=art.outlet,
        published=art.published,
        report_id=f"{art.id}#0",
        **kw,
    )


def event_from(event_id: str, reports: list[Report], **kw: Any) -> Event:
    r0 = reports[0]
    evidence: dict[str, list[Span]] = {}
    for r in reports:
        for k, spans in r.evidence.items():
            evidence.setdefault(k, []).extend(spans)
    claims = [c for r in reports for c in r.claims]
    return Event(
        event_id=event_id,
        event_date=r0.event_date.day,
        time_precision=1,
        event_type=r0.event_type,
        sub_event_type=r0.sub_event_type,
        place=r0.place,
        geo_precision=1,
        actor1=r0.actor1,
        actor2=r0.actor2,
        sources=sorted({r.outlet for r in reports}),
        article_ids=[r.article_id for r in reports],
        claims=claims,
        evidence=evidence,
        reports=reports,
        **kw,
    )


def populate(store: Store) -> dict[str, Any]:
    """A small hand-built database: a disputed shelling, a capture with a control change, a protest, fillers."""
    a1 = article("kyivind-0301", SHELL_TEXT_A, date(2024, 3, 1), "Kyiv Independent", title="Shelling of Kharkiv")
    a2 = article("ukrinform-0301", SHELL_TEXT_B, date(2024, 3, 1), "Ukrinform")
    a3 = article("tass-0217", CAPTURE_TEXT, date(2024, 2, 17), "TASS", title="Avdiivka taken")
    a4 = article("kyivind-0305", PROTEST_TEXT, date(2024, 3, 5), "Kyiv Independent")
    gov = Claim(
        "the regional governor",
        SHELL_SENT,
        "fatalities",
        5,
        a1.id,
        *_off(a1, SHELL_SENT),
        "government",
        a1.outlet,
        "said",
    )
    local = Claim(
        "local officials",
        SHELL_SENT_B,
        "fatalities",
        7,
        a2.id,
        *_off(a2, SHELL_SENT_B),
        "local_source",
        a2.outlet,
        "said",
    )
    moscow = Claim(
        "the defence ministry in Moscow",
        CAPTURE_SENT,
        "control",
        None,
        a3.id,
        *_off(a3, CAPTURE_SENT),
        "belligerent",
        a3.outlet,
        "said",
        "self_report",
    )
    shell_kw = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "place": KHARKIV,
        "actor1": RUSSIA,
        "actor2": CIVILIANS,
        "day": date(2024, 3, 1),
    }
    r1 = report(a1, SHELL_SENT, fatalities=Count(5, 5, 5, "five", "killed", 0, 4), claims=[gov], **shell_kw)
    r2 = report(a2, SHELL_SENT_B, fatalities=Count(7, 7, 7, "Seven", "killed", 0, 5), claims=[local], **shell_kw)
    shelling = event_from(
        "UA-shell0301",
        [r1, r2],
        fatalities=5,
        fatalities_low=5,
        fatalities_high=7,
        notes="Russian forces shelled Kharkiv, killing five civilians.",
        conflicts=[
            Conflict(
                "fatalities", ["5", "7"], ["the regional governor (Kyiv Independent)", "local officials (Ukrinform)"]
            )
        ],
    )
    r3 = report(
        a3,
        CAPTURE_SENT,
        event_type="Battles",
        sub_event_type="Armed clash",
        place=AVDIIVKA,
        actor1=RUSSIA,
        actor2=UKRAINE,
        day=date(2024, 2, 17),
        claims=[moscow],
    )
    capture = event_from("UA-capture0217", [r3], fatalities=0, notes="Russian forces captured Avdiivka.")
    r4 = report(
        a4,
        PROTEST_SENT,
        event_type="Protests",
        sub_event_type="Peaceful protest",
        place=KYIV,
        actor1=PROTESTERS,
        actor2=None,
        day=date(2024, 3, 5),
    )
    protest = event_from("UA-protest0305", [r4], fatalities=0, notes="Rally for prisoners of war in Kyiv.")
    fillers = []
    for i in range(5):
        fa = article(
            f"filler-{i}",
            f"Fighting near Bakhmut on day {i}. Two soldiers were killed.",
            date(2024, 1, 10 + i),
            "Ukrinform",
        )
        fr = report(
            fa,
            f"Fighting near Bakhmut on day {i}.",
            event_type="Battles",
            sub_event_type="Armed clash",
            place=BAKHMUT,
            actor1=UKRAINE,
            actor2=RUSSIA,
            day=date(2024, 1, 10 + i),
        )
        fillers.append((fa, fr, event_from(f"UA-filler{i}", [fr], fatalities=2)))
    change = ControlChange(
        AVDIIVKA, date(2024, 2, 17), "unconfirmed", ["TASS"], [span(a3, CAPTURE_SENT)], capture.event_id
    )
    with store.transaction() as tx:
        for art, reps, ev in [(a1, [r1], shelling), (a2, [r2], None), (a3, [r3], capture), (a4, [r4], protest)] + [
            (fa, [fr], fe) for fa, fr, fe in fillers
        ]:
            tx.put_article(art, service.content_hash(art))
            for rep in reps:
                tx.put_report(rep, ev.event_id if ev else shelling.event_id)
            if ev is not None:
                tx.put_event(ev)
        tx.replace_control(AVDIIVKA.geonameid or 0, [change])
    return {"shelling": shelling, "capture": capture, "protest": protest, "articles": [a1, a2, a3, a4]}


def _off(art: Article, sentence: str) -> tuple[int, int]:
    s = span(art, sentence)
    return s.start, s.end


# --- fixtures and the one error-shape helper --------------------------------------------------------


def populated_db_url(folder: Path) -> str:
    """A SQLite database in ``folder`` holding the events of ``populate``."""
    url = f"sqlite:///{folder / 'events.db'}"
    store = service.open_db(url)
    try:
        populate(store)
    finally:
        store.close()
    return url


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return populated_db_url(tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, token="")) as c:
        yield c


@pytest.fixture
def writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A client on a fresh database with a token configured through the environment."""
    monkeypatch.setenv("FRONTWATCH_TOKEN", TOKEN)
    with TestClient(create_app(f"sqlite:///{tmp_path / 'w.db'}")) as c:
        yield c


def assert_error(resp: Any, status: int, *, contains: str = "") -> None:
    """Every refusal has exactly the one shape: {"ok": false, "status": N, "error": "one line"}."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"ok", "status", "error"}, body
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"] and "\n" not in body["error"]
    assert contains.lower() in body["error"].lower(), body["error"]


# --- reads -----------------------------------------------------------------------------------------


def test_events_lists_all_with_total_and_paging(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == 8 and body["limit"] == 100 and body["offset"] == 0
    dates = [e["event_date"] for e in body["events"]]
    assert dates == sorted(dates)
    page = client.get("/api/events", params={"limit": 3, "offset": 6}).json()
    assert page["total"] == 8 and len(page["events"]) == 2
    assert [e["event_id"] for e in page["events"]] == [e["event_id"] for e in body["events"][6:]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"event_type": "Protests"}, {"UA-protest0305"}),
        ({"disputed": "true"}, {"UA-shell0301"}),
        ({"date_from": "2024-02-01", "date_to": "2024-03-01"}, {"UA-capture0217", "UA-shell0301"}),
        ({"bbox": "36,49.5,37,50.5"}, {"UA-shell0301"}),
        ({"country": "ua", "admin1": "Donetska", "min_fatalities": 1}, {f"UA-filler{i}" for i in range(5)}),
        ({"place": "avdiivka"}, {"UA-capture0217"}),
        ({"sub_event_type": "Peaceful protest"}, {"UA-protest0305"}),
        ({"actor": "protesters"}, {"UA-protest0305"}),
        ({"q": "prisoners"}, {"UA-protest0305"}),
        ({"country": "Ukraine", "event_type": "Riots"}, set()),
    ],
)
def test_event_filters(client: TestClient, params: dict[str, str], expected: set[str]) -> None:
    body = client.get("/api/events", params=params).json()
    assert {e["event_id"] for e in body["events"]} == expected
    assert body["total"] == len(expected)


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("date_from=2024-13-01", 400, "date_from"),
        ("date_to=yesterday", 400, "date_to"),
        ("date_from=2024-03-02&date_to=2024-03-01", 400, "after"),
        ("bbox=1,2,3", 400, "four numbers"),
        ("bbox=a,b,c,d", 400, "numbers"),
        ("bbox=10,10,5,5", 400, "greater"),
        ("bbox=0,-95,10,10", 400, "range"),
        ("limit=0", 400, "limit"),
        ("limit=100000", 400, "limit"),
        ("offset=-1", 400, "offset"),
        ("min_fatalities=many", 400, "min_fatalities"),
        ("disputed=perhaps", 400, "disputed"),
    ],
)
def test_bad_parameters_are_4xx_in_the_one_shape(client: TestClient, query: str, status: int, says: str) -> None:
    assert_error(client.get(f"/api/events?{query}"), status, contains=says)


def test_exports_refuse_bad_filters_too(client: TestClient) -> None:
    for fmt in ("csv", "geojson", "parquet"):
        assert_error(client.get(f"/api/export.{fmt}?bbox=nope"), 400, contains="bbox")


def test_unknown_ids_and_routes_are_404(client: TestClient) -> None:
    assert_error(client.get("/api/events/UA-nothing"), 404, contains="UA-nothing")
    assert_error(client.get("/api/articles/no-such-article"), 404, contains="no-such-article")
    assert_error(client.get("/api/places/1/control"), 404, contains="1")
    assert_error(client.get("/api/places/kharkiv/control"), 400, contains="geonameid")
    assert_error(client.get("/api/nowhere"), 404)
    assert_error(client.delete("/api/events"), 405)


def test_an_unexpected_failure_is_a_500_in_the_one_shape(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from frontwatch.api import queries

    def boom(*_: Any, **__: Any) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(queries, "event_detail", boom)
    with TestClient(create_app(db_url, token=""), raise_server_exceptions=False) as c:
        resp = c.get("/api/events/UA-shell0301")
    assert_error(resp, 500, contains="internal error")
    assert "secret" not in resp.text


def test_event_detail_has_evidence_text_reports_and_conflicts(client: TestClient) -> None:
    body = client.get("/api/events/UA-shell0301").json()
    assert body["event_type"] == "Explosions/Remote violence"
    assert body["fatalities"] == 5 and body["fatalities_high"] == 7
    ev = body["evidence"]["fatalities"]
    assert {e["text"] for e in ev} == {SHELL_SENT, SHELL_SENT_B}
    assert all(e["sentence"] for e in ev)
    assert [r["article_id"] for r in body["reports"]] == ["kyivind-0301", "ukrinform-0301"]
    first = body["reports"][0]
    assert first["outlet"] == "Kyiv Independent" and first["published"] == "2024-03-01"
    assert first["title"] == "Shelling of Kharkiv" and first["fatalities"] == 5
    assert first["place"]["name"] == "Kharkiv" and first["event_date"] == "2024-03-01"
    assert body["conflicts"] == [
        {
            "topic": "fatalities",
            "values": ["5", "7"],
            "sources": ["the regional governor (Kyiv Independent)", "local officials (Ukrinform)"],
        }
    ]
    assert {c["value"] for c in body["claims"]} == {5, 7}
    assert {a["outlet"] for a in body["articles"]} == {"Kyiv Independent", "Ukrinform"}


def test_article_has_text_metadata_and_used_spans(client: TestClient) -> None:
    body = client.get("/api/articles/kyivind-0301").json()
    assert body["text"] == SHELL_TEXT_A and body["outlet"] == "Kyiv Independent"
    assert body["published"] == "2024-03-01" and body["warnings"] == []
    assert body["event_ids"] == ["UA-shell0301"]
    kinds = {(s["kind"], s["field"]) for s in body["spans"]}
    assert ("evidence", "fatalities") in kinds and ("claim", "fatalities") in kinds
    for s in body["spans"]:
        assert body["text"][s["start"] : s["end"]] == s["text"] == SHELL_SENT


def test_control_timeline_with_claims(client: TestClient) -> None:
    places = client.get("/api/places").json()["places"]
    assert [(p["place"], p["latest_status"]) for p in places] == [("Avdiivka", "unconfirmed")]
    body = client.get(f"/api/places/{AVDIIVKA.geonameid}/control").json()
    assert body["place"] == "Avdiivka" and len(body["changes"]) == 1
    change = body["changes"][0]
    assert change["date"] == "2024-02-17" and change["status"] == "unconfirmed"
    assert change["event_id"] == "UA-capture0217"
    assert change["claims"][0]["source"] == "the defence ministry in Moscow"
    assert change["evidence"][0]["text"] == CAPTURE_SENT


# --- exports ---------------------------------------------------------------------------------------


def test_csv_export_has_acled_columns_and_honours_filters(client: TestClient) -> None:
    resp = client.get("/api/export.csv", params={"event_type": "Battles"})
    assert resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(resp.text)))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert len(rows) == 1 + 6
    assert {r[ACLED_COLUMNS.index("event_type")] for r in rows[1:]} == {"Battles"}


def test_geojson_export_is_a_feature_collection_of_points(client: TestClient) -> None:
    resp = client.get("/api/export.geojson", params={"disputed": "true"})
    assert resp.headers["content-type"].startswith("application/geo+json")
    body = json.loads(resp.text)
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 1
    f = body["features"][0]
    assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
    lon, lat = f["geometry"]["coordinates"]
    assert (lon, lat) == (pytest.approx(KHARKIV.lon, abs=1e-3), pytest.approx(KHARKIV.lat, abs=1e-3))
    assert f["properties"]["event_id"] == "UA-shell0301"


def test_parquet_export_reads_back_with_pyarrow(client: TestClient) -> None:
    import pyarrow.parquet as pq

    resp = client.get("/api/export.parquet")
    table = pq.read_table(io.BytesIO(resp.content))
    assert table.num_rows == 8
    assert tuple(table.column_names[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    rows = {r["event_id"]: r for r in table.to_pylist()}
    assert rows["UA-shell0301"]["fatalities"] == 5 and rows["UA-shell0301"]["disputed"] is True
    assert rows["UA-shell0301"]["article_ids"] == ["kyivind-0301", "ukrinform-0301"]


# --- the write route -------------------------------------------------------------------------------

NEW_ARTICLE = {
    "id": "new-1",
    "published": "2024-03-01",
    "outlet": "Reuters",
    "language": "en",
    "title": "Kharkiv shelled",
    "text": "Artillery hit Kharkiv on Friday, killing six people, officials said.",
}


def _fake_analyse(article: Article, **_: Any) -> ArticleAnalysis:
    """The pipeline's result for any article: one shelling report in Kharkiv (the NLP is not the point here)."""
    sentence = article.text.split(".")[0] + "."
    rep = report(
        article,
        sentence,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        place=KHARKIV,
        actor1=RUSSIA,
        actor2=CIVILIANS,
        day=article.published or date(2024, 3, 1),
        fatalities=Count(6, 6, 6, "six", "killed", 0, 3),
    )
    return ArticleAnalysis(article=article, reports=[rep], warnings=["FW-TEST-001: fake pipeline"])


def test_post_refused_without_configured_token(client: TestClient) -> None:
    assert_error(
        client.post("/api/articles", json=NEW_ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"}),
        403,
        contains="token",
    )


def test_post_refused_with_missing_or_wrong_token(writer: TestClient) -> None:
    assert_error(writer.post("/api/articles", json=NEW_ARTICLE), 401, contains="token")
    assert_error(
        writer.post("/api/articles", json=NEW_ARTICLE, headers={"Authorization": "Bearer nope"}), 401, contains="wrong"
    )
    assert_error(writer.post("/api/articles", json=NEW_ARTICLE, headers={"Authorization": TOKEN}), 401)


def test_post_ingests_with_the_right_token(writer: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "analyse", _fake_analyse)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    resp = writer.post("/api/articles", json=NEW_ARTICLE, headers=auth)
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["ok"] is True and body["status"] == "stored" and body["article_id"] == "new-1"
    assert body["events_new"] == 1 and body["events_joined"] == 0
    assert "FW-TEST-001: fake pipeline" in body["warnings"]
    events = writer.get("/api/events").json()["events"]
    assert len(events) == 1 and events[0]["location"] == "Kharkiv" and events[0]["fatalities"] == 6
    again = writer.post("/api/articles", json=NEW_ARTICLE, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    # a second outlet's report of the same shelling joins the event
    other = {**NEW_ARTICLE, "id": "new-2", "outlet": "AP", "text": "Shells struck Kharkiv on Friday, killing six."}
    assert writer.post("/api/articles", json=other, headers=auth).json()["events_joined"] == 1


def test_post_html_uses_the_ingest_reader(writer: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "analyse", _fake_analyse)
    page = (
        "<html lang='en'><head><title>Kharkiv shelled</title></head><body><article><h1>Kharkiv shelled</h1>"
        "<p>Artillery hit Kharkiv on Friday, killing six people, officials said. Rescue work went on.</p>"
        "<p>The regional governor said the strike hit a residential block in the north of the city.</p>"
        "</article></body></html>"
    )
    resp = writer.post(
        "/api/articles?published=2024-03-01&outlet=Example",
        content=page.encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/html; charset=utf-8"},
    )
    assert resp.status_code == 201, resp.text
    stored = writer.get(f"/api/articles/{resp.json()['article_id']}").json()
    assert "Artillery hit Kharkiv" in stored["text"] and stored["published"] == "2024-03-01"


def test_post_bad_bodies(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert_error(
        writer.post("/api/articles", content=b"x" * 2_000_001, headers={**auth, "Content-Type": "text/html"}), 413
    )
    assert_error(writer.post("/api/articles", content=b"hello", headers={**auth, "Content-Type": "text/plain"}), 415)
    assert_error(
        writer.post("/api/articles", content=b"{not json", headers={**auth, "Content-Type": "application/json"}), 422
    )
    assert_error(writer.post("/api/articles", json={"id": "x"}, headers=auth), 422, contains="text")
    assert_error(writer.post("/api/articles", json={"text": "   "}, headers=auth), 422)


# --- schema, page and CLI --------------------------------------------------------------------------


def test_openapi_has_typed_responses_and_the_one_error_shape(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    comps = schema["components"]["schemas"]
    assert "HTTPValidationError" not in comps and "ErrorBody" in comps
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            ok = op["responses"].get("200") or op["responses"].get("201")
            assert ok and ok["content"], (method, path)
            for media in ok["content"].values():
                s = media["schema"]
                assert "$ref" in s or s.get("type") == "string", (method, path, s)
            for code, resp in op["responses"].items():
                if int(code) >= 400:
                    assert resp["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert schema["paths"]["/api/events"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/EventList"
    }


def test_page_and_static_files_are_served(client: TestClient) -> None:
    resp = client.get("/")
    assert resp.status_code == 200 and "<html" in resp.text.lower()
    assert client.get("/static/app.js").status_code == 200
    assert_error(client.get("/static/missing.js"), 404)


def test_serve_get_answers_in_process(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from frontwatch.cli import main

    assert main(["serve", "--db", db_url, "--get", "/api/events?limit=2"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["total"] == 8 and len(body["events"]) == 2
    assert main(["serve", "--db", db_url, "--get", "/api/events?limit=0"]) == 1
    assert json.loads(capsys.readouterr().out)["status"] == 400


def test_every_api_route_is_documented(tmp_path):
    """docs/api.md names every /api route the app serves (the datasette habit: docs checked by tests)."""
    from frontwatch.api import create_app

    doc = (Path(__file__).resolve().parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    app = create_app(f"sqlite:///{tmp_path / 'docs.db'}")
    paths = [p for p in app.openapi()["paths"] if p.startswith("/api/")]
    assert len(paths) >= 9
    for path in paths:
        assert path in doc, f"{path} missing from docs/api.md"
