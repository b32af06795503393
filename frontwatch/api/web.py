"""The routes the web page draws from: counts per map cell, a timeline, facets, a table page,
the control view and the evidence of one event, plus the API docs served from this host.

Every answer is counted under the same filters as ``/api/events`` and the exports
(``routes.event_filters``, ``store.filters``), so what the page counts, lists and downloads is
the same set of events: from the in-memory copy of the lean columns (``store.columnar``) when
it is at the database's version, by the database (``store.aggregate``) otherwise. Answers carry an ETag derived from the data
version and the URL; a repeat asks costs a ``stat`` and a 304, and the last few hundred answers
are kept in memory, so back/forward and re-opened views draw at once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Path, Query, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from frontwatch import service
from frontwatch.api.errors import ApiError
from frontwatch.api.queries import articles_by_id
from frontwatch.api.routes import FiltersDep, StoreDep
from frontwatch.api.web_models import ControlView, Evidence, Facets, Grid, Table, Timeline
from frontwatch.model import Event
from frontwatch.store import EventQuery, Store, columnar
from frontwatch.store import aggregate as agg

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/web", tags=["web page"])

MAX_TABLE_PAGE = 200
CACHE_ENTRIES = 256
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "unknown id"}}
_ERRORS: dict[int | str, dict[str, Any]] = {400: {"description": "bad parameter"}}


def _answers(model: type, errors: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI responses of a cached route: its model, 304 on a matching ETag, its errors."""
    return {
        200: {"model": model, "description": "the answer (Cache-Control: no-cache, with an ETag)"},
        304: {"description": "not modified: the If-None-Match ETag is current"},
        **errors,
    }


class _Cache:
    """A small LRU of encoded answers keyed by (data version, URL); thread-safe.

    Two readers asking for the same uncached answer wait on one computation (the second
    visitor of a cold server does not double the database's work).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[str, bytes] = OrderedDict()
        self.running: dict[str, Future[bytes]] = {}
        self.lock = threading.Lock()

    def get_or_compute(self, key: str, compute: Callable[[], Any]) -> bytes:
        with self.lock:
            body = self.items.get(key)
            if body is not None:
                self.items.move_to_end(key)
                return body
            future = self.running.get(key)
            owner = future is None
            if future is None:
                future = self.running[key] = Future()
        if not owner:
            return future.result()
        try:
            body = _encode(compute())
        except BaseException as exc:
            future.set_exception(exc)
            raise
        finally:
            with self.lock:
                self.running.pop(key, None)
        with self.lock:
            self.items[key] = body
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        future.set_result(body)
        return body


def _cache(app: FastAPI) -> _Cache:
    cache = getattr(app.state, "web_cache", None)
    if cache is None:
        cache = app.state.web_cache = _Cache(CACHE_ENTRIES)
    return cache  # type: ignore[no-any-return]


def _key(version: str, path: str, query: str) -> str:
    url = path + "?" + "&".join(sorted(query.split("&")))
    return hashlib.sha1(f"{version}|{url}".encode()).hexdigest()[:20]


def cached_json(request: Request, store: Store, compute: Callable[[], Any]) -> Response:
    """``compute()`` as JSON with an ETag; 304 when the client already holds this version.

    With a data version (SQLite) the ETag is known before any query runs. Without one the
    answer is computed and the ETag is its hash, which still saves the transfer.
    """
    version = agg.data_version(store.engine)
    headers = {"Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
    if version is not None:
        key = _key(version, request.url.path, str(request.url.query))
        etag = f'W/"{key}"'
        if etag in _if_none_match(request):
            return Response(status_code=304, headers={**headers, "ETag": etag})
        body = _cache(request.app).get_or_compute(key, compute)
    else:
        body = _encode(compute())
        etag = f'W/"{hashlib.sha1(body).hexdigest()[:20]}"'
        if etag in _if_none_match(request):
            return Response(status_code=304, headers={**headers, "ETag": etag})
    return Response(body, media_type="application/json", headers={**headers, "ETag": etag})


def _if_none_match(request: Request) -> set[str]:
    return {t.strip() for t in request.headers.get("if-none-match", "").split(",") if t.strip()}


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _columns(store: Store) -> columnar.Columns | None:
    """The in-memory copy of the lean columns when it is at the database's version, else None
    (count in SQL; a new copy is being built)."""
    return columnar.current(store.engine, agg.data_version(store.engine))


def grid_answer(store: Store, q: EventQuery, zoom: int) -> dict[str, Any]:
    with store.reader() as r:
        cells = agg.grid(r.conn, q, zoom, _columns(store))
    return {"zoom": zoom, "cell_degrees": agg.cell_size(zoom), "total": sum(c["n"] for c in cells), "cells": cells}


def timeline_answer(store: Store, q: EventQuery, bucket: str) -> dict[str, Any]:
    with store.reader() as r:
        rows, ext = agg.per_day(r.conn, q, _columns(store))
    return {**ext, **agg.timeline(rows, bucket)}


def facets_answer(store: Store, q: EventQuery) -> dict[str, Any]:
    with store.reader() as r:
        return agg.facets(r.conn, q, agg.FACETS, columns=_columns(store))


def table_answer(store: Store, q: EventQuery, sort: str, order: str, limit: int, offset: int) -> dict[str, Any]:
    desc = order == "desc"
    with store.reader() as r:
        total, rows = agg.table_page(
            r.conn, q, sort=sort, descending=desc, limit=limit, offset=offset, columns=_columns(store)
        )
    return {"total": total, "limit": limit, "offset": offset, "sort": sort, "order": order, "events": rows}


@router.get("/grid", responses=_answers(Grid, _ERRORS))
def grid(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    zoom: Annotated[int, Query(ge=0, le=22, description="web-map zoom level; cells are a quarter tile")] = 2,
) -> Response:
    """Matching events counted per map cell inside ``bbox`` (a lone event comes whole)."""
    return cached_json(request, store, lambda: grid_answer(store, filters, zoom))


@router.get("/timeline", responses=_answers(Timeline, _ERRORS))
def timeline(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    bucket: Literal["auto", "day", "week", "month"] = "auto",
) -> Response:
    """Events and fatalities per day, week or month stacked by type, with the matching total and extent."""
    return cached_json(request, store, lambda: timeline_answer(store, filters, bucket))


@router.get("/facets", responses=_answers(Facets, _ERRORS))
def facets(request: Request, store: StoreDep, filters: FiltersDep) -> Response:
    """Counts per value of type, sub-type, country, admin1 and outlet, each without its own filter."""
    return cached_json(request, store, lambda: facets_answer(store, filters))


@router.get("/table", responses=_answers(Table, _ERRORS))
def table(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    sort: Annotated[str, Query(description="column: " + ", ".join(agg.SORTS))] = "event_date",
    order: Literal["asc", "desc"] = "desc",
    limit: Annotated[int, Query(ge=1, le=MAX_TABLE_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """One sorted page of matching events as lean rows (no evidence), with the total."""
    if sort not in agg.SORTS:
        raise ApiError(400, f"sort: one of {', '.join(agg.SORTS)}, not {sort[:40]!r}")
    return cached_json(request, store, lambda: table_answer(store, filters, sort, order, limit, offset))


@router.get("/control", responses=_answers(ControlView, _ERRORS))
def control(request: Request, store: StoreDep, filters: FiltersDep) -> Response:
    """Places whose control changes come from matching events, each with its whole timeline."""

    def compute() -> dict[str, Any]:
        with store.reader() as r:
            return {"places": agg.control_places(r.conn, filters)}

    return cached_json(request, store, compute)


@router.get("/evidence/{event_id}", responses=_answers(Evidence, _NOT_FOUND))
def evidence(request: Request, store: StoreDep, event_id: Annotated[str, Path(max_length=200)]) -> Response:
    """The event's articles with only the sentences that support one of its fields marked, each labelled."""
    event = service.get_event(store, event_id)
    if event is None:
        raise ApiError(404, f"no event {event_id!r}")
    return cached_json(request, store, lambda: evidence_marks(store, event))


# --- the landing view, computed before anyone asks ------------------------------------------------
# what a first visit asks for (the URLs app.js builds with no filters, at the opening zoom)
LANDING: list[tuple[str, str, Callable[[Store], dict[str, Any]]]] = [
    ("/api/web/grid", "zoom=2", lambda s: grid_answer(s, EventQuery(), 2)),
    ("/api/web/timeline", "", lambda s: timeline_answer(s, EventQuery(), "auto")),
    (
        "/api/web/table",
        "sort=event_date&order=desc&offset=0&limit=50",
        lambda s: table_answer(s, EventQuery(), "event_date", "desc", 50, 0),
    ),
    ("/api/web/facets", "", lambda s: facets_answer(s, EventQuery())),
]


def warm(app: FastAPI) -> int:
    """Fill the answer cache with the landing view; returns how many answers it computed.

    On a million events the opening map and facet counts take seconds of database work; done
    once when the server starts, the first visitor draws from memory. A visitor who arrives
    while it runs waits on the same computation, never a second one.
    """
    store: Store = app.state.store
    try:
        columnar.ensure(store.engine)  # the counts below, and every later one, read it
    except Exception as exc:  # noqa: BLE001 - the database answers without it
        log.warning("building the in-memory columns failed: %s", exc)
    version = agg.data_version(store.engine)
    if version is None:
        return 0
    done = 0
    for path, query, answer in LANDING:
        try:
            _cache(app).get_or_compute(_key(version, path, query), lambda a=answer: a(store))  # type: ignore[misc]
        except Exception as exc:  # noqa: BLE001 - a failed warm-up only loses the head start
            log.warning("warming %s failed: %s", path, exc)
            return done
        done += 1
    return done


def warm_in_background(app: FastAPI) -> threading.Thread:
    thread = threading.Thread(target=warm, args=(app,), name="frontwatch-warm", daemon=True)
    thread.start()
    return thread


# --- evidence: which sentences to mark ----------------------------------------------------------
FIELD_LABELS = {
    "event_date": "date",
    "event_type": "type",
    "actor1": "actor 1",
    "actor2": "actor 2",
    "location": "place",
    "fatalities": "fatalities",
    "control": "control",
}


def evidence_marks(store: Store, event: Event) -> dict[str, Any]:
    """Per article: its text and the spans that support a field of ``event``, labelled by field.

    The pipeline records every sentence that names the event's place as location evidence,
    background included; here a place-only sentence is kept once per article (the first),
    and any sentence that also gives another field keeps its place label. A sentence that
    only names actors or the place is kept when it is the first in its article to support one
    of those fields (``_without_repeats``). Claims are marked
    only when they support a value the event carries (its toll or one side of a disagreement,
    or a control claim); the others are listed with the disagreements, not marked.
    """
    ids = list(dict.fromkeys([*event.article_ids, *(r.article_id for r in event.reports)]))
    articles = articles_by_id(store, ids)
    spans: dict[str, dict[tuple[int, int], dict[str, Any]]] = {a: {} for a in ids}

    def mark(article_id: str, start: int, end: int, field: str, *, claim: str | None = None) -> None:
        art = articles.get(article_id)
        if art is None or not (0 <= start < end <= len(art.text)):
            return
        m = spans.setdefault(article_id, {}).setdefault((start, end), {"start": start, "end": end, "fields": []})
        if field not in m["fields"]:
            m["fields"].append(field)
        if claim:
            m["claim"] = claim

    place_only: dict[str, list[tuple[int, int]]] = {}
    for field, evidence in event.evidence.items():
        if field == "location":
            continue
        for s in evidence:
            mark(s.article_id, s.start, s.end, field)
    for s in event.evidence.get("location", []):
        if (s.start, s.end) in spans.get(s.article_id, {}):
            mark(s.article_id, s.start, s.end, "location")
        else:
            place_only.setdefault(s.article_id, []).append((s.start, s.end))
    for article_id, found in place_only.items():
        if not any("location" in m["fields"] for m in spans.get(article_id, {}).values()):
            start, end = min(found)
            mark(article_id, start, end, "location")
    values = {event.fatalities, event.fatalities_low, event.fatalities_high}
    values |= {int(v) for c in event.conflicts if c.topic == "fatalities" for v in c.values if str(v).isdigit()}
    for c in event.claims:
        if (c.topic == "fatalities" and c.value in values) or c.topic == "control":
            mark(c.article_id, c.start, c.end, c.topic, claim=c.source)
    out = []
    for ident in ids:
        art = articles.get(ident)
        if art is None:
            out.append({"id": ident, "missing": True, "marks": []})
            continue
        marks = _without_repeats(sorted(spans.get(ident, {}).values(), key=lambda m: (m["start"], m["end"])))
        for m in marks:
            m["fields"].sort(key=lambda f: list(FIELD_LABELS).index(f) if f in FIELD_LABELS else len(FIELD_LABELS))
            m["labels"] = [FIELD_LABELS.get(f, f.replace("_", " ")) for f in m["fields"]]
        out.append(
            {
                "id": ident,
                "title": art.title,
                "outlet": art.outlet,
                "published": art.published.isoformat() if art.published else None,
                "url": art.url,
                "text": art.text,
                "warnings": list(art.warnings),
                "marks": marks,
            }
        )
    return {"event_id": event.event_id, "articles": out}


# names and places recur through an article's background; a sentence that only names them is
# kept when it is the first in the article to support one of those fields
_NAMING_FIELDS = {"actor1", "actor2", "location"}


def _without_repeats(marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    shown: set[str] = set()
    kept = []
    for m in marks:
        fields = set(m["fields"])
        if fields <= _NAMING_FIELDS and fields <= shown and not m.get("claim"):
            continue
        shown |= fields
        kept.append(m)
    return kept


# --- the API docs without a CDN -----------------------------------------------------------------
SWAGGER_DIR = "/static/vendor/swagger-ui"


def install_docs(app: FastAPI) -> None:
    """``/docs`` from Swagger UI files served here: FastAPI's default page loads them from a CDN."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="frontwatch API",
            swagger_js_url=f"{SWAGGER_DIR}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER_DIR}/swagger-ui.css",
            swagger_favicon_url="data:,",
            # the validator badge would ask validator.swagger.io about our schema
            swagger_ui_parameters={"validatorUrl": None},
        )
