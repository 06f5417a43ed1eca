"""Request bodies read with a limit, so no client makes the server hold more than that.

A declared ``content-length`` over the limit is refused before anything is read; a
chunked body is counted as it arrives and refused the moment it passes the limit.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

#: Largest JSON body accepted by the queue routes (a join carries inputs, which may hold
#: data URLs of images; files go through uploads).
JSON_LIMIT = 32 * 1024 * 1024


class BadBody(Exception):
    """A body the route cannot take; ``status`` and a message for the client."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def too_large(limit: int, what: str = "Request bodies") -> BadBody:
    return BadBody(413, f"{what} are limited to {limit} bytes ({limit / 1024 / 1024:.1f} MB).")


def limited(request: Request, limit: int, what: str = "Request bodies") -> Request:
    """``request`` whose body raises :class:`BadBody` (413) once more than ``limit``
    bytes have come."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit, what)
    receive, seen = request.receive, 0

    async def counted() -> dict[str, Any]:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise too_large(limit, what)
        return message

    return Request(request.scope, counted)


async def json_object(request: Request, limit: int = JSON_LIMIT) -> dict[str, Any]:
    """The body as a JSON object, or :class:`BadBody`."""
    raw = await limited(request, limit).body()
    try:
        body = json.loads(raw)
    except ValueError as bad:
        raise BadBody(400, f"the body must be JSON: {bad}") from bad
    except RecursionError as deep:
        raise BadBody(400, "the body's JSON is nested too deeply") from deep
    if not isinstance(body, dict):
        raise BadBody(400, f"the body must be a JSON object, not {type(body).__name__}")
    return body
