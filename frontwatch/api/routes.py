"""The HTTP routes: thin wrappers over ``frontwatch.service`` and ``frontwatch.api.queries``.

Reads are open; the one write (``POST /api/articles``) needs the bearer token configured at
app creation. Every refusal is an ``ApiError`` and leaves through the one error mapping.
"""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from frontwatch import service
from frontwatch.api import exports, queries
from frontwatch.api.errors import ApiError
from frontwatch.api.models import (
    ArticleIn,
    ArticleOut,
    ErrorBody,
    EventDetail,
    EventList,
    GeoFeatureCollection,
    IngestOutcome,
    PlaceControl,
    PlaceList,
)
from frontwatch.config import settings
from frontwatch.errors import InputError, describe, printable, warning
from frontwatch.ingest.common import MAX_ID_CHARS, published_in_range
from frontwatch.model import Article, Event
from frontwatch.store import MAX_COUNT, EventQuery, Store, listing

log = logging.getLogger(__name__)

router = APIRouter()

MAX_PAGE = 1000  # one page of events; a bigger pull is what the export routes are for
# Bounds that keep every number inside the database's integer types (PostgreSQL INTEGER is 2^31 - 1;
# GeoNames ids are below 2^31) and text filters short enough to be searches, not payloads.
MAX_OFFSET = 2**31 - 1
MAX_GEONAMEID = 2**31 - 1
MAX_TEXT_PARAM = 500
# what a text parameter may hold, stated in the schema: no control character (the middleware in
# frontwatch.api refuses them in every parameter and path)
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
DEFAULT_PAGE = 100
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_DAY_SCHEMA = {"format": "date"}
_ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorBody, "description": "bad parameter"}}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody, "description": "unknown id"}}


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def _day(name: str, value: str | None) -> date | None:
    """A YYYY-MM-DD parameter; checked here rather than by a pattern so the message reads well."""
    if value is None or value == "":
        return None
    try:
        if not _ISO_DAY.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"{name}: expected a calendar date as YYYY-MM-DD, got {value[:20]!r}") from None


def event_filters(
    date_from: Annotated[str | None, Query(json_schema_extra=_DAY_SCHEMA, description="first day, YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(json_schema_extra=_DAY_SCHEMA, description="last day, YYYY-MM-DD")] = None,
    bbox: Annotated[
        str | None, Query(max_length=200, description="min_lon,min_lat,max_lon,max_lat", examples=["30,44,40,52"])
    ] = None,
    country: Annotated[
        str | None, Query(max_length=MAX_TEXT_PARAM, pattern=NO_CONTROL, description="ISO alpha-2 code or country name")
    ] = None,
    admin1: Annotated[
        str | None, Query(max_length=MAX_TEXT_PARAM, pattern=NO_CONTROL, description="province / state name")
    ] = None,
    place: Annotated[
        str | None,
        Query(max_length=MAX_TEXT_PARAM, pattern=NO_CONTROL, description="location name, exact (case-insensitive)"),
    ] = None,
    event_type: Annotated[
        str | None, Query(max_length=MAX_TEXT_PARAM, pattern=NO_CONTROL, description="ACLED event type")
    ] = None,
    sub_event_type: Annotated[
        str | None, Query(max_length=MAX_TEXT_PARAM, pattern=NO_CONTROL, description="ACLED sub-event type")
    ] = None,
    actor: Annotated[
        str | None,
        Query(max_length=MAX_TEXT_PARAM, pattern=NO_CONTROL, description="part of an actor's name (actor1 or actor2)"),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=MAX_TEXT_PARAM,
            pattern=NO_CONTROL,
            description="text search over place, actors, sub-event type and notes",
        ),
    ] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=MAX_COUNT)] = None,
    disputed: Annotated[bool | None, Query(description="only events whose sources disagree (true) or agree")] = None,
    outlet: Annotated[str | None, Query(description="an outlet that reported the event (case-insensitive)")] = None,
) -> EventQuery:
    first, last = _day("date_from", date_from), _day("date_to", date_to)
    if first and last and first > last:
        raise ApiError(400, "date_from is after date_to")
    try:
        box = queries.parse_bbox(bbox) if bbox else None
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None
    return EventQuery(
        date_from=first,
        date_to=last,
        bbox=box,
        country=country or None,
        admin1=admin1 or None,
        place=place or None,
        event_type=event_type or None,
        sub_event_type=sub_event_type or None,
        actor=actor or None,
        text=q or None,
        min_fatalities=min_fatalities,
        disputed=disputed,
        outlet=outlet or None,
    )


FiltersDep = Annotated[EventQuery, Depends(event_filters)]


@router.get("/api/events", response_model=EventList, responses=_ERRORS, tags=["events"])
def list_events(
    store: StoreDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Events matching the filters, oldest first, one page at a time (ACLED's columns; the
    claims, conflicts and evidence of one event are at ``/api/events/{event_id}``)."""
    query = EventQuery(**{**filters.__dict__, "limit": limit, "offset": offset})
    (total, exact), events = queries.count_and_list(store, query)
    return {
        "total": total,
        "total_exact": exact,
        "total_cap": listing.COUNT_CAP,
        "limit": limit,
        "offset": offset,
        "events": queries.list_rows(events),
    }


@router.get("/api/events/{event_id}", response_model=EventDetail, responses=_NOT_FOUND, tags=["events"])
def get_event(
    store: StoreDep, event_id: Annotated[str, Path(max_length=MAX_ID_CHARS, pattern=NO_CONTROL)]
) -> dict[str, Any]:
    """One event with the text of every field's evidence, its articles and every report that joined it."""
    detail = queries.event_detail(store, event_id)
    if detail is None:
        raise ApiError(404, f"no event {printable(repr(event_id))}")
    return detail


@router.get("/api/places", response_model=PlaceList, tags=["places"])
def list_places(store: StoreDep) -> dict[str, Any]:
    """Places that have a control timeline, with their latest status."""
    return {"places": queries.places_with_control(store)}


@router.get(
    "/api/places/{geonameid}/control",
    response_model=PlaceControl,
    responses={**_ERRORS, **_NOT_FOUND},
    tags=["places"],
)
def place_control(store: StoreDep, geonameid: Annotated[int, Path(ge=0, le=MAX_GEONAMEID)]) -> dict[str, Any]:
    """Who held the place over time, each change with the control claims behind it."""
    timeline = queries.place_control(store, geonameid)
    if timeline is None:
        raise ApiError(404, f"no control timeline for geonameid {geonameid}")
    return timeline


@router.get("/api/articles/{article_id:path}", response_model=ArticleOut, responses=_NOT_FOUND, tags=["articles"])
def get_article(
    store: StoreDep, article_id: Annotated[str, Path(max_length=MAX_ID_CHARS, pattern=NO_CONTROL)]
) -> dict[str, Any]:
    """An article's text, metadata and warnings, with the spans the pipeline used."""
    detail = queries.article_detail(store, article_id)
    if detail is None:
        raise ApiError(404, f"no article {printable(repr(article_id))}")
    return detail


def _all_events(store: Store, filters: EventQuery) -> Iterator[Event]:
    """Every matching event, read as the response is sent; the connection closes with the stream."""
    with store.reader() as r:
        yield from listing.stream(r.conn, filters)


def _streamed(chunks: Iterator[Any], media_type: str, filename: str) -> StreamingResponse:
    # the filters were checked before this point; a failure from here on can only cut the body short
    return StreamingResponse(chunks, media_type=media_type, headers=_attachment(filename))


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get(
    "/api/export.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "ACLED columns"},
        **_ERRORS,
    },
    tags=["export"],
)
def export_csv(store: StoreDep, filters: FiltersDep) -> Response:
    """Every matching event as CSV in ACLED's column order (streamed)."""
    chunks = exports.csv_chunks(_all_events(store, filters))
    return _streamed(chunks, "text/csv; charset=utf-8", "frontwatch-events.csv")


class GeoJSONResponse(JSONResponse):
    """Declares the GeoJSON media type in the schema, as the route sends it."""

    media_type = "application/geo+json"


@router.get(
    "/api/export.geojson",
    response_model=GeoFeatureCollection,
    response_class=GeoJSONResponse,
    responses=_ERRORS,
    tags=["export"],
)
def export_geojson(store: StoreDep, filters: FiltersDep) -> Response:
    """Every matching event as a GeoJSON point; the properties are the JSON event rows (streamed)."""
    chunks = exports.geojson_chunks(_all_events(store, filters))
    return _streamed(chunks, "application/geo+json", "frontwatch-events.geojson")


@router.get(
    "/api/export.parquet",
    response_class=Response,
    responses={
        200: {
            "content": {"application/vnd.apache.parquet": {"schema": {"type": "string", "format": "binary"}}},
            "description": "ACLED columns, then provenance columns",
        },
        **_ERRORS,
    },
    tags=["export"],
)
def export_parquet(store: StoreDep, filters: FiltersDep) -> Response:
    """Every matching event as a Parquet table, one row group per thousand events (streamed)."""
    chunks = exports.parquet_chunks(_all_events(store, filters))
    return _streamed(chunks, "application/vnd.apache.parquet", "frontwatch-events.parquet")


# --- the one write ------------------------------------------------------------------------------
_bearer = HTTPBearer(auto_error=False, description="FRONTWATCH_TOKEN, set when the server starts")
_JSON_TYPES = re.compile(r"^application/([a-z.+-]*\+)?json$")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _check_token(request: Request, credentials: HTTPAuthorizationCredentials | None) -> None:
    token: str | None = request.app.state.token
    if not token:
        raise ApiError(403, "writes are disabled: the server was started without FRONTWATCH_TOKEN")
    if credentials is None:
        raise ApiError(
            401, "missing token: send 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"}
        )
    # constant-time comparison: the token is the only thing between the internet and the database
    if not hmac.compare_digest(credentials.credentials.encode(), token.encode()):
        raise ApiError(401, "wrong token", headers={"WWW-Authenticate": "Bearer"})


async def _read_capped(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"body larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():  # a chunked body has no length to check up front
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _article_from_json(body: bytes) -> Article:
    from frontwatch.ingest.jsonl import record_to_article

    try:
        item = ArticleIn.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ())) or "body"
        raise ApiError(422, f"{where}: {first.get('msg', 'invalid')}") from None
    try:
        return record_to_article(item.model_dump(), what="POST /api/articles", max_chars=settings().max_article_chars)
    except InputError as exc:
        raise ApiError(422, str(exc)) from None


def _article_from_html(body: bytes, *, published: date | None, outlet: str | None) -> Article:
    from frontwatch.ingest.html import read_html

    try:
        return read_html(
            body,
            source="POST /api/articles",
            max_chars=settings().max_article_chars,
            published=published,
            outlet=outlet,
        )
    except InputError as exc:
        raise ApiError(422, str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - the extractor's failure on a hostile page is the page's fault
        log.info("HTML extraction failed", exc_info=True)
        raise ApiError(422, warning("FW-RUN-001", f"the page could not be read: {describe(exc)}")) from None


_INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ArticleIn"}},
            "text/html": {"schema": {"type": "string", "description": "a news page; metadata read from it"}},
        },
    }
}


@router.post(
    "/api/articles",
    response_model=IngestOutcome,
    status_code=201,
    responses={
        200: {"model": IngestOutcome, "description": "already stored (duplicate)"},
        401: {"model": ErrorBody, "description": "missing or wrong token"},
        403: {"model": ErrorBody, "description": "writes disabled (no token configured)"},
        413: {"model": ErrorBody, "description": "body too large"},
        415: {"model": ErrorBody, "description": "neither JSON nor HTML"},
        422: {"model": ErrorBody, "description": "not an article"},
    },
    openapi_extra=_INGEST_BODY,
    tags=["articles"],
)
async def post_article(
    request: Request,
    response: Response,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    published: Annotated[
        str | None,
        Query(json_schema_extra=_DAY_SCHEMA, description="HTML only: publication date when the page has none"),
    ] = None,
    outlet: Annotated[str | None, Query(description="HTML only: outlet when the page names none")] = None,
) -> dict[str, Any]:
    """Ingest one article (JSON or an HTML page) through the full pipeline; needs the bearer token."""
    _check_token(request, credentials)
    body = await _read_capped(request, request.app.state.max_body_bytes)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if _JSON_TYPES.match(ctype):
        article = _article_from_json(body)
    elif ctype in _HTML_TYPES:
        day = _day("published", published)
        if day is not None and not published_in_range(day):
            raise ApiError(400, f"published: {day.isoformat()} is not between 1900-01-01 and tomorrow")
        article = _article_from_html(body, published=day, outlet=outlet[:300] if outlet else None)
    else:
        raise ApiError(415, f"send application/json or text/html, not {ctype or 'no content type'!r}")
    store: Store = request.app.state.store

    def ingest() -> service.ArticleOutcome:
        # one writer at a time: the pipeline is slow and SQLite takes one write transaction anyway
        with request.app.state.write_lock:
            return service.ingest_one(store, article, source="POST /api/articles", analysis=None)

    outcome = await run_in_threadpool(ingest)
    log.info("ingested %s: %s", outcome.article_id, outcome.status)
    if outcome.status == "failed":
        error = outcome.error or "the article could not be ingested"
        # the database refusing (full disk, lost connection) is the server's problem, not the article's
        raise ApiError(503 if error.startswith(("FW-DB-", "cannot open database")) else 422, error)
    response.status_code = 201 if outcome.status == "stored" else 200
    return {"ok": True, **asdict(outcome)}
