"""Request bodies read with a limit, so no client makes the server hold more than that.

A declared ``content-length`` over the limit is refused before anything is read; a
chunked body is counted as it arrives and refused the moment it passes the limit.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.types import Message

#: Largest JSON body accepted by the queue routes (a join carries inputs, which may hold
#: data URLs of images; files go through uploads).
JSON_LIMIT = 32 * 1024 * 1024
#: Deepest nesting of lists and objects accepted in a JSON body (the join itself is 2).
MAX_DEPTH = 64


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

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise too_large(limit, what)
        return message

    return Request(request.scope, counted)


def has_body(request: Request) -> bool:
    """Does the request come with a body (a non-zero length, or chunked)?"""
    declared = request.headers.get("content-length", "")
    return "transfer-encoding" in request.headers or declared not in ("", "0")


def is_json(request: Request) -> bool:
    """Is the body declared as JSON (``application/json``, any parameters)? A page on
    another site cannot send that type without a CORS preflight."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0]
    return media_type.strip().lower() == "application/json"


def nested_deeper(value: Any, limit: int) -> bool:
    """Are lists and objects nested more than ``limit`` deep in ``value``? (No recursion.)"""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, (list, dict)))
    return False


def too_deep(depth: int = MAX_DEPTH) -> BadBody:
    return BadBody(422, f"the body's JSON is nested too deeply (more than {depth} levels)")


async def json_object(request: Request, limit: int = JSON_LIMIT) -> dict[str, Any]:
    """The body as a JSON object, or :class:`BadBody`: 415 unless it is declared as
    ``application/json``, 413 past ``limit`` bytes, 400 when it is not a JSON object, 422
    when it nests lists and objects more than :data:`MAX_DEPTH` deep."""
    if not is_json(request):
        got = request.headers.get("content-type", "none")
        raise BadBody(
            415,
            f"the body must be JSON, sent with Content-Type: application/json (got {got[:100]!r})",
        )
    raw = await limited(request, limit).body()
    try:
        body = json.loads(raw)
    except ValueError as bad:
        raise BadBody(400, f"the body must be JSON: {bad}") from bad
    except RecursionError as deep:
        raise too_deep() from deep
    if not isinstance(body, dict):
        raise BadBody(400, f"the body must be a JSON object, not {type(body).__name__}")
    if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH and nested_deeper(body, MAX_DEPTH):
        raise too_deep()
    return body
