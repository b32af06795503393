"""The HTTP API and the web page: ``create_app(db_url)`` builds the app, ``serve`` runs it.

The API is a thin shell over ``frontwatch.service``: it parses parameters, calls the library,
and maps failures to one JSON error shape (``frontwatch.api.errors``).
"""

from __future__ import annotations

import gc
import logging
import os
import re
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from frontwatch import service
from frontwatch.api.errors import error_body, install_error_handlers
from frontwatch.api.models import ArticleIn
from frontwatch.api.routes import router
from frontwatch.api.web import install_docs, warm_in_background
from frontwatch.api.web import router as web_router

__all__ = ["create_app", "serve", "STATIC_DIR"]

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "web" / "static"
# an article page is tens of kilobytes; 2 MB leaves room for heavy HTML and refuses abuse
DEFAULT_MAX_BODY_BYTES = 2_000_000


def create_app(db_url: str, *, token: str | None = None, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> FastAPI:
    """The app over the database at ``db_url``.

    ``token`` (default: the ``FRONTWATCH_TOKEN`` environment variable, read now) guards the
    write route; without one, writes are refused and reads stay open.
    """
    store = service.open_db(db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # What is alive when the server starts (the modules, torch and spaCy among them: ~280,000
        # objects) lives as long as it does. Python's full collection walked them all, 150-180 ms
        # once every few hundred requests: the p99 of every /api/events filter at a million events.
        # Frozen, collections walk only what requests create; unfrozen at shutdown, so what died
        # meanwhile in cycles is collected after all.
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
            store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="frontwatch",
        summary="Armed-conflict events from news reports, with the evidence behind every field",
        version="0.1.0",
        # FastAPI's own /docs and /redoc load their scripts from a CDN: blank offline. /docs is
        # served by install_docs from Swagger UI files vendored at build time (npm swagger-ui-dist) instead.
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.token = token if token is not None else (os.environ.get("FRONTWATCH_TOKEN") or None)
    app.state.max_body_bytes = max_body_bytes
    app.state.write_lock = threading.Lock()
    install_error_handlers(app)
    app.middleware("http")(_refuse_control_characters)
    app.include_router(router)
    app.include_router(web_router)
    install_docs(app)
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=5)
    if not (STATIC_DIR / "vendor").is_dir():
        log.warning("web vendor files missing; run scripts/build_web_assets.py (the map needs Leaflet)")
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


async def _refuse_control_characters(request: Request, call_next: Any) -> Response:
    """400 for a NUL or other control character in the path or a query value.

    No id or filter holds one (readers remove them at the edge), PostgreSQL refuses NUL in text
    outright, and a 400 here is clearer than letting each route find out.
    """
    values = [request.url.path, *(v for _, v in request.query_params.multi_items())]
    if any(_CONTROL.search(v) for v in values):
        return JSONResponse(error_body(400, "control characters are not allowed in the path or a parameter"), 400)
    response: Response = await call_next(request)
    return response


_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema with every error response pointing at the one error shape."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    for ops in schema.get("paths", {}).values():
        for op in ops.values():
            # any route can answer 400: the middleware refuses control characters everywhere
            op.setdefault("responses", {}).setdefault("400", {"description": "bad parameter"})
            for code, resp in op.get("responses", {}).items():
                if code.isdigit() and int(code) >= 400:
                    resp["content"] = ref
                    if code == "422" and resp.get("description") == "Validation Error":
                        resp["description"] = "bad parameter"
    comps = schema.setdefault("components", {}).setdefault("schemas", {})
    # FastAPI's own validation-error shape is never sent: our handler rewrites it
    comps.pop("HTTPValidationError", None)
    comps.pop("ValidationError", None)
    # the write route declares its body by hand (JSON or HTML), so FastAPI does not add the model
    comps["ArticleIn"] = ArticleIn.model_json_schema(ref_template="#/components/schemas/{model}")
    app.openapi_schema = schema
    return schema


def serve(*, db_url: str, host: str = "127.0.0.1", port: int = 8000, get: str | None = None) -> int:
    """Run the server, or with ``get`` answer one GET in-process, print its body and return.

    Returns 0, or 1 when the one GET answered with an error status.
    """
    app = create_app(db_url)
    if get is not None:
        from fastapi.testclient import TestClient

        path = get if get.startswith("/") else f"/{get}"
        with TestClient(app, raise_server_exceptions=False) as client:
            resp = client.get(path)
        sys.stdout.write(resp.text)
        if not resp.text.endswith("\n"):
            sys.stdout.write("\n")
        return 0 if resp.status_code < 400 else 1
    warm_in_background(app)  # the landing view's counts, before the first visitor asks
    import uvicorn

    log.info("serving %s on http://%s:%d/", db_url, host, port)
    uvicorn.run(app, host=host, port=port, log_level="info")
    return 0
