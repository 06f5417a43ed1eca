"""Gradio's two-step REST API, for curl and any HTTP client:

    POST /gradio_api/call/<api_name>   {"data": [...]}   -> {"event_id": "..."}
    GET  /gradio_api/call/<api_name>/<event_id>          -> SSE: event: generating / complete /
                                                            error / heartbeat, data: <JSON>
    POST /gradio_api/call/v2/<api_name>  {"name": "Ada"} -> {"event_id": "..."}
    GET  /gradio_api/call/v2/<api_name>/<event_id>       -> the same SSE events
    GET  /gradio_api/openapi.json                        -> the v2 API as OpenAPI 3.0
    GET  /gradio_api/info                                -> with each endpoint's code_snippets

``data`` holds the endpoint's API parameters (inputs the API skips, such as a button, may be
left out). Each ``generating`` and the ``complete`` event carry every output's whole value:
the edits the queue protocol sends are applied here. The event runs in a session of its own,
named after its id, so the GET reads that event and no other session's.

Version 2 (Gradio 6.31's) takes the parameters by their ``parameter_name`` in ``/info``;
one left out takes its ``parameter_default``. Unlike Gradio, which answers 500 when a
parameter is unknown or missing without a default, or the endpoint does not exist, it
answers 422 or 404 with a ``detail`` naming what is wrong.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from rillet import protocol
from rillet.core import diff
from rillet.core.spec import Dependency
from rillet.server import public_url
from rillet.server.bodies import BadBody, json_object
from rillet.server.config import api_parameter_names, build_api_info, in_api, parameter_default
from rillet.server.openapi import build_openapi
from rillet.server.sse import EventStream

#: The session of a REST call is named ``call-<event id>``.
PREFIX = "call-"


def endpoint(request: Request, api_name: str) -> Dependency | None:
    """The dependency named ``api_name`` that the API may call (not private)."""
    for dep in request.app.state.runtime.spec.dependencies:
        if dep.fn is not None and dep.api_name == api_name and dep.api_visibility != "private":
            return dep  # type: ignore[no-any-return]
    return None


def full_data(dep: Dependency, data: list[Any]) -> list[Any]:
    """One value per input: ``data`` as given, or, when it holds only the API's parameters,
    with None for the inputs the API skips (buttons...), as Gradio does."""
    if len(data) == len(dep.inputs):
        return data
    api_inputs = [block for block in dep.inputs if not getattr(block, "skip_api", False)]
    if len(data) != len(api_inputs):
        return data
    given = iter(data)
    return [None if getattr(block, "skip_api", False) else next(given) for block in dep.inputs]


async def call(request: Request) -> Response:
    """POST: queue the call; answers its event id."""
    from rillet.server.app import error, start_event

    dep = endpoint(request, request.path_params["api_name"])
    if dep is None:
        return error(404, f"no endpoint named /{request.path_params['api_name']}")
    try:
        body = await json_object(request)
    except BadBody as bad:
        return error(bad.status, bad.detail)
    data = body.get("data", [])
    if not isinstance(data, list):
        return error(422, "data must be a list")
    event_id = uuid.uuid4().hex
    body = {"data": full_data(dep, data), "event_data": body.get("event_data")}
    joined = await start_event(request, PREFIX + event_id, dep.id, body, event_id=event_id)
    if isinstance(joined, Response):
        return joined
    return JSONResponse({"event_id": joined.event_id})


def root_url(request: Request) -> str:
    """The app's public URL, as ``/config`` gives it."""
    return public_url.root_url(request, request.app.state.runtime.settings.root_path)


async def api_info(request: Request) -> Response:
    """``GET /gradio_api/info``, each named endpoint with its ``code_snippets`` calling it
    at the app's public URL (``?page=<path>``: only that page's endpoints)."""
    spec = request.app.state.runtime.spec
    page = request.query_params.get("page")
    return JSONResponse(build_api_info(spec, root_url(request), page))


async def openapi_json(request: Request) -> Response:
    """``GET /gradio_api/openapi.json``: the OpenAPI document of the named endpoints."""
    runtime = request.app.state.runtime
    settings = runtime.settings
    info = build_api_info(runtime.spec)
    return JSONResponse(
        build_openapi(info, settings.title, settings.description or "", root_url(request))
    )


class BadArguments(ValueError):
    """Arguments by name that do not fit the endpoint's parameters."""


async def call_v2(request: Request) -> Response:
    """POST, version 2: the parameters by name; queue the call, answer its event id."""
    from rillet.server.app import error, start_event

    api_name = request.path_params["api_name"]
    dep = endpoint(request, api_name)
    if dep is None:
        return error(404, f"no endpoint named /{api_name}")
    try:
        body = await json_object(request)
    except BadBody as bad:  # Gradio answers 422 for a body that is not a JSON object
        return error(422 if bad.status == 400 else bad.status, bad.detail)
    try:
        data = by_name(dep, body)
    except BadArguments as bad:
        return error(422, str(bad))
    event_id = uuid.uuid4().hex
    joined = await start_event(
        request, PREFIX + event_id, dep.id, {"data": data}, event_id=event_id
    )
    if isinstance(joined, Response):
        return joined
    return JSONResponse({"event_id": joined.event_id})


def by_name(dep: Dependency, arguments: dict[str, Any]) -> list[Any]:
    """One value per input of ``dep`` from ``arguments`` by ``parameter_name``: a parameter
    left out takes its default, an input the API skips is None. :class:`BadArguments` for
    a name the endpoint does not take or a parameter with no value and no default
    (``oauth_token`` is ignored unless a parameter has that name, as in Gradio)."""
    names = api_parameter_names(dep)
    taken = [name for block, name in zip(dep.inputs, names, strict=True) if in_api(block)]
    given = {k: v for k, v in arguments.items() if k in taken or k != "oauth_token"}
    unknown = sorted(set(given) - set(taken))
    if unknown:
        raise BadArguments(
            f"/{dep.api_name} takes no parameter named {', '.join(map(repr, unknown))}; "
            f"its parameters: {', '.join(map(repr, taken)) or 'none'}"
        )
    data: list[Any] = []
    for block, name in zip(dep.inputs, names, strict=True):
        if not in_api(block):
            data.append(None)
        elif name in given:
            data.append(given[name])
        else:
            data.append(_default(dep, block, name))
    return data


def _default(dep: Dependency, block: Any, name: str) -> Any:
    has_default, default = parameter_default(block, name, dep.fn)
    if not has_default:
        raise BadArguments(
            f"no value for the parameter {name!r} of /{dep.api_name}, which has no default"
        )
    return default


async def results(request: Request) -> Response:
    """GET: the event's results as Gradio's simple SSE events."""
    runtime = request.app.state.runtime
    session = runtime.sessions.get(PREFIX + request.path_params["event_id"])
    if session is None:
        return JSONResponse({"detail": "no such event"}, status_code=404)
    frames = session.stream(None, runtime.settings.heartbeat)
    return EventStream(simple_events(frames, request.path_params["event_id"]))  # type: ignore[return-value]


async def simple_events(frames: AsyncIterator[bytes], event_id: str) -> AsyncIterator[bytes]:
    """The queue's messages of ``event_id`` as ``event:``/``data:`` pairs, whole values
    instead of edits; ends with the event."""
    values: list[Any] | None = None
    async for message in protocol.messages(frames):
        kind = message.get("msg")
        if kind == "heartbeat":
            yield _event("heartbeat", None)
        elif message.get("event_id") != event_id:
            continue
        elif kind in ("process_generating", "process_streaming"):
            data = message.get("output", {}).get("data", [])
            # a media chunk is whole; other results are whole the first time, then edits
            values = list(data) if kind == "process_streaming" else _applied(values, data)
            yield _event("generating", values)
        elif kind == "process_completed":
            output = message.get("output", {})
            if message.get("success", True) and "error" not in output:
                yield _event("complete", output.get("data", values))
            else:
                yield _event("error", output.get("error"))
            return
        elif kind == "unexpected_error":
            yield _event("error", message.get("message"))
            return


def _applied(values: list[Any] | None, data: list[Any]) -> list[Any]:
    """Each output's value once ``data`` (whole values the first time, then edits) is
    applied, as the page does."""
    if values is None:
        return list(data)
    return [
        diff.apply(value, edits) if isinstance(edits, list) and edits else value
        for value, edits in zip(values, data, strict=False)
    ]


def _event(name: str, data: Any) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()
