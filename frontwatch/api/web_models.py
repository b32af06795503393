"""Response models of the page's routes (``frontwatch.api.web``): their OpenAPI schema.

The routes send pre-encoded JSON (cached by ETag), so these models document the shapes; the
tests in tests/test_web_api.py validate real answers against them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class LoneEvent(BaseModel):
    event_id: str
    event_date: str
    sub_event_type: str
    location: str | None
    country: str | None


class Cell(BaseModel):
    n: int = Field(description="events in the cell")
    fatalities: int
    disputed: int = Field(description="events whose sources disagree")
    types: dict[str, int] = Field(description="events per event type")
    bounds: list[float] = Field(description="min_lon, min_lat, max_lon, max_lat of its events")
    latitude: float = Field(description="mean position of its events")
    longitude: float
    places: int = Field(description="1: one place; 2: several (the events are more than ~2 km apart)")
    place: str | None = Field(description="the place name of its first event")
    event_id: str | None = Field(description="the event, when the cell holds exactly one")
    event: LoneEvent | None = None


class Grid(BaseModel):
    zoom: int
    cell_degrees: float
    total: int = Field(description="matching events inside the bbox: the sum of the cells' n")
    cells: list[Cell]


class Period(BaseModel):
    start: str
    end: str
    events: dict[str, int] = Field(description="events per type")
    fatalities: dict[str, int] = Field(description="fatalities per type")


class Timeline(BaseModel):
    total: int = Field(description="every matching event (no bbox, no paging)")
    fatalities: int
    bbox: list[float] | None = Field(description="the box the matching events span; null when none")
    date_from: str | None
    date_to: str | None
    bucket: str = Field(description="day, week (Monday to Sunday) or month")
    periods: list[Period]
    types: list[str] = Field(description="event types, most frequent first")


class FacetValue(BaseModel):
    value: str
    n: int


class Facet(BaseModel):
    values: list[FacetValue]
    more: bool = Field(description="true when more values exist than listed")


class Facets(BaseModel):
    event_type: Facet
    sub_event_type: Facet
    country: Facet
    admin1: Facet
    outlet: Facet


class TableRow(BaseModel):
    event_id: str
    event_date: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    location: str | None
    admin1: str | None
    country: str | None
    fatalities: int
    disputed: bool
    latitude: float | None
    longitude: float | None
    sources: list[str] = Field(description="outlets of the articles behind the event")


class Table(BaseModel):
    total: int
    limit: int
    offset: int
    sort: str
    order: str
    events: list[TableRow]


class ControlStep(BaseModel):
    date: str
    status: str
    event_id: str | None
    sources: list[str]


class ControlPlace(BaseModel):
    geonameid: int | None
    place: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    changes: list[ControlStep]


class ControlView(BaseModel):
    places: list[ControlPlace]


class Mark(BaseModel):
    start: int
    end: int
    fields: list[str] = Field(description="the event fields this sentence supports")
    labels: list[str] = Field(description="the same fields as the page names them")
    claim: str | None = Field(None, description="the source, when the sentence is a claim")


class MarkedArticle(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    text: str | None = None
    warnings: list[str] = []
    missing: bool = False
    marks: list[Mark]


class Evidence(BaseModel):
    event_id: str
    articles: list[MarkedArticle]
