"""The one JSON error shape and the one place exceptions become HTTP statuses.

Every 4xx/5xx the API sends is ``{"ok": false, "status": N, "error": "one line"}``, whether
a route raised ``ApiError``, FastAPI rejected a parameter, Starlette found no route, or the
library raised a ``FrontwatchError``. Clients (and the web page) read one shape.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from frontwatch.errors import FrontwatchError, InputError, StorageError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A request the API refuses, with the status to send and a one-line reason."""

    def __init__(self, status: int, error: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.headers = headers


def error_body(status: int, error: str) -> dict[str, Any]:
    return {"ok": False, "status": status, "error": _one_line(error)}


def _one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line or "error"


def _respond(status: int, error: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, error), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> tuple[int, str]:
    """(status, message): a bad URL parameter is a 400, a body that does not validate a 422."""
    parts: list[str] = []
    in_body = False
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ())]
        if loc and loc[0] == "body":
            in_body = True
        # "query"/"path"/"body" prefixes say where; the name after them is what a user typed
        name = ".".join(loc[1:]) if len(loc) > 1 else ".".join(loc)
        parts.append(f"{name}: {err.get('msg', 'invalid')}" if name else str(err.get("msg", "invalid")))
    return (422 if in_body else 400), "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Register the exception -> (status, one-line error) mapping on ``app``."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _respond(exc.status, exc.error, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        status, message = _validation_message(exc)
        return _respond(status, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers) if exc.headers else None
        if exc.status_code == 404 and exc.detail == "Not Found":
            return _respond(404, f"no such page: {request.url.path}", headers)
        if exc.status_code == 405:
            return _respond(405, f"{request.method} is not allowed on {request.url.path}", headers)
        return _respond(exc.status_code, str(exc.detail), headers)

    @app.exception_handler(InputError)
    async def _input(_request: Request, exc: InputError) -> JSONResponse:
        return _respond(422, str(exc))

    @app.exception_handler(StorageError)
    async def _storage(_request: Request, exc: StorageError) -> JSONResponse:
        log.error("storage error: %s", exc)
        return _respond(503, str(exc))

    @app.exception_handler(FrontwatchError)
    async def _frontwatch(_request: Request, exc: FrontwatchError) -> JSONResponse:
        return _respond(400, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        # the traceback goes to the log, never to the client
        log.exception("unhandled error: %s", exc)
        return _respond(500, "internal error; see the server log")
