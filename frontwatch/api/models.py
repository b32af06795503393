"""Pydantic response (and request) models: the typed OpenAPI schema of every route.

The JSON shapes themselves come from ``frontwatch.export`` (``event_row``, ``control_row``);
these models describe them, so a change there that drops a field fails validation here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ErrorBody(BaseModel):
    """Every 4xx/5xx response."""

    ok: Literal[False] = False
    status: int = Field(description="the HTTP status, repeated")
    error: str = Field(description="what went wrong, in one line")


class SpanOut(BaseModel):
    article_id: str
    start: int
    end: int


class EvidenceOut(SpanOut):
    """An evidence span with the text it covers and the sentence around it."""

    text: str | None = Field(None, description="article text[start:end]; null when the article is missing")
    sentence: str | None = Field(None, description="the whole sentence(s) containing the span")


class ClaimOut(BaseModel):
    source: str
    source_type: str
    outlet: str
    verb: str
    stance: str
    text: str
    topic: str
    value: int | None
    article_id: str
    start: int
    end: int


class ConflictOut(BaseModel):
    topic: str
    values: list[str]
    sources: list[str]


class AcledColumns(BaseModel):
    """ACLED's columns of one event, with its id, place id and fatality range (shared by the list and the detail)."""

    model_config = ConfigDict(extra="forbid")

    event_id: str
    event_id_cnty: str
    event_date: str = Field(description="YYYY-MM-DD")
    year: int
    time_precision: int = Field(description="1 day, 2 week/range, 3 month")
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    inter1: str | None
    actor2: str | None
    inter2: str | None
    interaction: str
    civilian_targeting: str
    iso: int | None
    country: str | None
    country_code: str | None
    admin1: str | None
    admin2: str | None
    location: str
    latitude: float
    longitude: float
    geo_precision: int
    geonameid: int | None
    source: str
    notes: str
    fatalities: int
    fatalities_low: int | None
    fatalities_high: int | None


class EventRow(AcledColumns):
    """One event: ACLED's column names plus provenance (``frontwatch.export.event_row``)."""

    article_ids: list[str]
    claims: list[ClaimOut]
    conflicts: list[ConflictOut]
    evidence: dict[str, list[SpanOut]]
    merge_reasons: list[str]


class EventListRow(AcledColumns):
    """One event in a list: ACLED's columns and the event's id, place id and fatality range.

    Claims, conflicts, evidence and the articles are left to ``GET /api/events/{id}``: a page
    of a hundred events stays small whatever the sources said.
    """

    disputed: bool = Field(description="the sources disagree (the conflicts are in the event's detail)")


class EventList(BaseModel):
    total: int = Field(description="events matching the filters, before paging; at most total_cap")
    total_exact: bool = Field(description="false when more events match than total_cap (total is then the cap)")
    total_cap: int = Field(description="the most events a count goes up to")
    limit: int
    offset: int
    events: list[EventListRow]


class PlaceOut(BaseModel):
    name: str
    geonameid: int | None
    admin1: str | None
    admin2: str | None
    country: str | None
    country_code: str | None
    latitude: float
    longitude: float


class ArticleRef(BaseModel):
    id: str
    outlet: str | None
    published: str | None
    title: str | None
    url: str | None


class ReportOut(BaseModel):
    """One article's own account of the event, before the reports were merged."""

    report_id: str
    article_id: str
    outlet: str
    published: str | None
    title: str | None
    url: str | None
    event_type: str
    sub_event_type: str
    event_date: str
    time_precision: int
    place: PlaceOut
    geo_precision: int
    actor1: str | None
    actor2: str | None
    fatalities: int | None
    fatalities_text: str | None
    text: str
    claims: list[ClaimOut]
    evidence: dict[str, list[EvidenceOut]]


class EventDetail(EventRow):
    """An event with the text behind every field and every report that joined it."""

    model_config = ConfigDict(extra="forbid")

    evidence: dict[str, list[EvidenceOut]]  # type: ignore[assignment]  # spans widened with their text
    articles: list[ArticleRef]
    reports: list[ReportOut]


class ControlChangeOut(BaseModel):
    """One dated change of who holds a place (``frontwatch.export.control_row``) and why."""

    model_config = ConfigDict(extra="forbid")

    place: str
    geonameid: int | None
    admin1: str | None
    country: str | None
    latitude: float
    longitude: float
    date: str
    time_precision: int
    status: str
    sources: list[str]
    event_id: str | None
    evidence: list[EvidenceOut]
    claims: list[ClaimOut] = Field(description="the control claims of the event behind the change")
    event_type: str | None = None
    sub_event_type: str | None = None


class PlaceControl(BaseModel):
    geonameid: int
    place: str
    admin1: str | None
    country: str | None
    latitude: float
    longitude: float
    changes: list[ControlChangeOut]


class PlaceSummary(BaseModel):
    geonameid: int
    place: str
    admin1: str | None
    country: str | None
    latitude: float
    longitude: float
    changes: int
    latest_status: str
    latest_date: str


class PlaceList(BaseModel):
    places: list[PlaceSummary]


class ArticleSpan(BaseModel):
    """A span of the article the pipeline used: an event field's evidence or a claim."""

    kind: Literal["evidence", "claim"]
    field: str = Field(description="the event field (evidence) or the claim topic (claim)")
    event_id: str
    start: int
    end: int
    text: str


class ArticleOut(BaseModel):
    id: str
    text: str
    published: str | None
    outlet: str
    language: str
    url: str | None
    title: str | None
    extractor: str
    warnings: list[str]
    event_ids: list[str]
    spans: list[ArticleSpan]


class ArticleIn(BaseModel):
    """An article to ingest, as JSON (the same fields as a line of the JSONL input)."""

    id: str | None = Field(None, max_length=200, description="omitted: derived from the text, outlet and date")
    text: str = Field(min_length=1)
    published: str | None = Field(None, description="YYYY-MM-DD (other common forms are read too)")
    outlet: str | None = None
    language: str | None = None
    url: str | None = None
    title: str | None = None


class IngestOutcome(BaseModel):
    """What ``POST /api/articles`` did with the article."""

    ok: bool
    source: str
    article_id: str | None
    status: Literal["stored", "duplicate", "failed"]
    reports: int
    events_new: int
    events_joined: int
    warnings: list[str]
    error: str | None


class GeoPoint(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float] = Field(description="[longitude, latitude]")


class GeoFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: GeoPoint
    properties: EventRow


class GeoFeatureCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[GeoFeature]
