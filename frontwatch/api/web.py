"""The routes the web page draws from: counts per map cell, a timeline, facets, a table page,
the control view and the evidence of one event, plus the API docs served from this host.

Every answer is computed by the database (``frontwatch.store.aggregate``) under the same
filters as ``/api/events`` and the exports (``routes.event_filters``), so what the page counts,
lists and downloads is the same set of events. Answers carry an ETag derived from the data
version and the URL; a repeat asks costs a ``stat`` and a 304, and the last few hundred answers
are kept in memory, so back/forward and re-opened views draw at once.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
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
from frontwatch.store import Store
from frontwatch.store import aggregate as agg

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
    """A small LRU of encoded answers keyed by (data version, URL); thread-safe."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            body = self.items.get(key)
            if body is not None:
                self.items.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        with self.lock:
            self.items[key] = body
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def _cache(request: Request) -> _Cache:
    cache = getattr(request.app.state, "web_cache", None)
    if cache is None:
        cache = request.app.state.web_cache = _Cache(CACHE_ENTRIES)
    return cache  # type: ignore[no-any-return]


def cached_json(request: Request, store: Store, compute: Callable[[], Any]) -> Response:
    """``compute()`` as JSON with an ETag; 304 when the client already holds this version.

    With a data version (SQLite) the ETag is known before any query runs. Without one the
    answer is computed and the ETag is its hash, which still saves the transfer.
    """
    version = agg.data_version(store.engine)
    url = request.url.path + "?" + "&".join(sorted(str(request.url.query).split("&")))
    headers = {"Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
    if version is not None:
        key = hashlib.sha1(f"{version}|{url}".encode()).hexdigest()[:20]
        etag = f'W/"{key}"'
        if etag in _if_none_match(request):
            return Response(status_code=304, headers={**headers, "ETag": etag})
        body = _cache(request).get(key)
        if body is None:
            body = _encode(compute())
            _cache(request).put(key, body)
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


@router.get("/grid", responses=_answers(Grid, _ERRORS))
def grid(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    zoom: Annotated[int, Query(ge=0, le=22, description="web-map zoom level; cells are a quarter tile")] = 2,
) -> Response:
    """Matching events counted per map cell inside ``bbox`` (a lone event comes whole)."""

    def compute() -> dict[str, Any]:
        with store.reader() as r:
            cells = agg.grid(r.conn, filters, zoom)
        return {
            "zoom": zoom,
            "cell_degrees": agg.cell_size(zoom),
            "total": sum(c["n"] for c in cells),
            "cells": cells,
        }

    return cached_json(request, store, compute)


@router.get("/timeline", responses=_answers(Timeline, _ERRORS))
def timeline(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    bucket: Literal["auto", "day", "week", "month"] = "auto",
) -> Response:
    """Events and fatalities per day, week or month stacked by type, with the matching total and extent."""

    def compute() -> dict[str, Any]:
        with store.reader() as r:
            rows, ext = agg.per_day(r.conn, filters)
        return {**ext, **agg.timeline(rows, bucket)}

    return cached_json(request, store, compute)


@router.get("/facets", responses=_answers(Facets, _ERRORS))
def facets(request: Request, store: StoreDep, filters: FiltersDep) -> Response:
    """Counts per value of type, sub-type, country, admin1 and outlet, each without its own filter."""

    def compute() -> dict[str, Any]:
        with store.reader() as r:
            return agg.facets(r.conn, filters, agg.FACETS)

    return cached_json(request, store, compute)


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

    def compute() -> dict[str, Any]:
        with store.reader() as r:
            total, rows = agg.table_page(
                r.conn, filters, sort=sort, descending=order == "desc", limit=limit, offset=offset
            )
        return {"total": total, "limit": limit, "offset": offset, "sort": sort, "order": order, "events": rows}

    return cached_json(request, store, compute)


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
    and any sentence that also gives another field keeps its place label. Claims are marked
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
        marks = sorted(spans.get(ident, {}).values(), key=lambda m: (m["start"], m["end"]))
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
